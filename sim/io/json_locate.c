/* A forward scanner over JSON text that follows a JSON pointer to a value and
 * turns byte offsets into lines and columns. It skips what it does not need
 * (strings with their escapes, numbers, literals, whole nested containers)
 * without building anything, so locating a value costs one pass at most. */
#include "json_locate.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/error.h"
#include "fileio.h"
#include "message.h"

static bool is_space(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static const char *skip_space(const char *p)
{
    while (is_space(*p)) {
        p++;
    }
    return p;
}

/* cJSON accepts a leading UTF-8 byte order mark, so the scanner must too. */
static const char *skip_bom(const char *p)
{
    if ((unsigned char)p[0] == 0xEF && (unsigned char)p[1] == 0xBB && (unsigned char)p[2] == 0xBF) {
        return p + 3;
    }
    return p;
}

/* p is at an opening quote; returns the character after the closing one, or
 * the terminating NUL of an unterminated string. */
static const char *skip_string(const char *p)
{
    p++;
    while (*p != '\0' && *p != '"') {
        p += (*p == '\\' && p[1] != '\0') ? 2 : 1;
    }
    return *p == '"' ? p + 1 : p;
}

/* Skips one value. Containers are skipped by bracket depth alone, without
 * recursion, so deep or malformed nesting costs no stack. A scalar that is
 * not there (p at ',' or '}') is skipped as empty; callers then see the
 * delimiter and stop. */
static const char *skip_value(const char *p)
{
    if (*p == '"') {
        return skip_string(p);
    }
    if (*p == '{' || *p == '[') {
        size_t depth = 0;
        while (*p != '\0') {
            if (*p == '"') {
                p = skip_string(p);
                continue;
            }
            if (*p == '{' || *p == '[') {
                depth++;
            } else if (*p == '}' || *p == ']') {
                depth--;
                if (depth == 0) {
                    return p + 1;
                }
            }
            p++;
        }
        return p;
    }
    while (*p != '\0' && strchr(",:{}[]\" \t\r\n", *p) == NULL) {
        p++;
    }
    return p;
}

static bool read_hex4(const char *p, unsigned long *code)
{
    unsigned long value = 0;
    for (int i = 0; i < 4; i++) {
        char c = p[i];
        unsigned digit;
        if (c >= '0' && c <= '9') {
            digit = (unsigned)(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            digit = (unsigned)(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            digit = (unsigned)(c - 'A' + 10);
        } else {
            return false; /* also stops at the NUL, so nothing past it is read */
        }
        value = value * 16 + digit;
    }
    *code = value;
    return true;
}

static size_t encode_utf8(unsigned long code, char out[4])
{
    if (code < 0x80) {
        out[0] = (char)code;
        return 1;
    }
    if (code < 0x800) {
        out[0] = (char)(0xC0 | (code >> 6));
        out[1] = (char)(0x80 | (code & 0x3F));
        return 2;
    }
    if (code < 0x10000) {
        out[0] = (char)(0xE0 | (code >> 12));
        out[1] = (char)(0x80 | ((code >> 6) & 0x3F));
        out[2] = (char)(0x80 | (code & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (code >> 18));
    out[1] = (char)(0x80 | ((code >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((code >> 6) & 0x3F));
    out[3] = (char)(0x80 | (code & 0x3F));
    return 4;
}

/* Decodes the next character of a string's contents into out and advances
 * *p past it. Returns the number of bytes written, 0 at the closing quote or
 * the end of the text. Escapes decode as cJSON decodes them, surrogate pairs
 * included, so a key compares equal here exactly when it does in the tree. */
static size_t decode_char(const char **p, char out[4])
{
    const char *s = *p;
    if (*s == '\0' || *s == '"') {
        return 0;
    }
    if (*s != '\\') {
        out[0] = *s;
        *p = s + 1;
        return 1;
    }
    if (s[1] == '\0') {
        *p = s + 1;
        return 0;
    }
    *p = s + 2;
    switch (s[1]) {
    case 'b':
        out[0] = '\b';
        return 1;
    case 'f':
        out[0] = '\f';
        return 1;
    case 'n':
        out[0] = '\n';
        return 1;
    case 'r':
        out[0] = '\r';
        return 1;
    case 't':
        out[0] = '\t';
        return 1;
    case 'u': {
        unsigned long code;
        if (!read_hex4(s + 2, &code)) {
            out[0] = 'u';
            return 1;
        }
        *p = s + 6;
        if (code >= 0xD800 && code <= 0xDBFF && s[6] == '\\' && s[7] == 'u') {
            unsigned long low;
            if (read_hex4(s + 8, &low) && low >= 0xDC00 && low <= 0xDFFF) {
                code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                *p = s + 12;
            }
        }
        return encode_utf8(code, out);
    }
    default:
        out[0] = s[1];
        return 1;
    }
}

/* *p is at an opening quote; consumes the string and tells whether its
 * decoded contents are exactly want[0..want_len). */
static bool match_string(const char **p, const char *want, size_t want_len)
{
    const char *s = *p + 1;
    size_t at = 0;
    bool same = true;
    char buf[4];
    size_t n;
    while ((n = decode_char(&s, buf)) > 0) {
        if (same && (at + n > want_len || memcmp(want + at, buf, n) != 0)) {
            same = false;
        }
        at += n;
    }
    if (*s == '"') {
        s++;
    }
    *p = s;
    return same && at == want_len;
}

/* Copies the next pointer component (after the '/' at *rest) into out,
 * undoing the ~1 and ~0 escapes, and advances *rest to the following '/' or
 * the end. Returns the component's length. */
static size_t next_component(const char **rest, char *out)
{
    const char *p = *rest + 1;
    size_t len = 0;
    while (*p != '\0' && *p != '/') {
        if (p[0] == '~' && p[1] == '1') {
            out[len++] = '/';
            p += 2;
        } else if (p[0] == '~' && p[1] == '0') {
            out[len++] = '~';
            p += 2;
        } else {
            out[len++] = *p++;
        }
    }
    out[len] = '\0';
    *rest = p;
    return len;
}

/* object is at '{'. Returns the value of the member named want, skipping
 * `skip` earlier members with the same name, and its key's quote in *key_at;
 * NULL when there is no such member. */
static const char *find_member(const char *object, const char *want, size_t want_len, size_t skip,
                               const char **key_at)
{
    const char *p = skip_space(object + 1);
    while (*p == '"') {
        const char *key = p;
        bool match = match_string(&p, want, want_len);
        p = skip_space(p);
        if (*p != ':') {
            return NULL;
        }
        p = skip_space(p + 1);
        if (match) {
            if (skip == 0) {
                *key_at = key;
                return p;
            }
            skip--;
        }
        p = skip_space(skip_value(p));
        if (*p != ',') {
            return NULL;
        }
        p = skip_space(p + 1);
    }
    return NULL;
}

/* array is at '['. Returns the element that the decimal index component
 * names, or NULL if the component is not an index (RFC 6901 forbids leading
 * zeros) or the array is shorter. */
static const char *find_element(const char *array, const char *component, size_t len)
{
    if (len == 0 || len > 18 || (len > 1 && component[0] == '0')) {
        return NULL;
    }
    size_t index = 0;
    for (size_t i = 0; i < len; i++) {
        if (component[i] < '0' || component[i] > '9') {
            return NULL;
        }
        index = index * 10 + (size_t)(component[i] - '0');
    }
    const char *p = skip_space(array + 1);
    for (size_t i = 0;; i++) {
        if (*p == '\0' || *p == ']') {
            return NULL;
        }
        if (i == index) {
            return p;
        }
        p = skip_space(skip_value(p));
        if (*p != ',') {
            return NULL;
        }
        p = skip_space(p + 1);
    }
}

static bool locate(const char *text, const char *pointer, bool want_key, size_t occurrence,
                   struct json_position *pos)
{
    const char *value = skip_space(skip_bom(text));
    const char *target = value;
    bool found = *pointer == '\0' || *pointer == '/';
    if (found) {
        char *component = xmalloc(strlen(pointer) + 1);
        const char *rest = pointer;
        while (*rest != '\0') {
            size_t len = next_component(&rest, component);
            bool last = *rest == '\0';
            const char *key = NULL;
            const char *next = NULL;
            if (*value == '{') {
                next = find_member(value, component, len, last ? occurrence : 0, &key);
            } else if (*value == '[') {
                next = find_element(value, component, len);
            }
            if (!next) {
                found = false;
                break;
            }
            value = next;
            target = (last && want_key && key) ? key : value;
        }
        free(component);
    }
    if (!found) {
        target = value;
    }
    json_locate_offset(text, (size_t)(target - text), pos);
    return found;
}

bool json_locate_value(const char *text, const char *pointer, struct json_position *pos)
{
    return locate(text, pointer, false, 0, pos);
}

bool json_locate_key(const char *text, const char *pointer, size_t occurrence,
                     struct json_position *pos)
{
    return locate(text, pointer, true, occurrence, pos);
}

void json_locate_offset(const char *text, size_t offset, struct json_position *pos)
{
    unsigned line = 1;
    unsigned column = 1;
    size_t i = (size_t)(skip_bom(text) - text); /* editors do not show the mark */
    if (i > offset) {
        i = offset;
    }
    for (; i < offset && text[i] != '\0'; i++) {
        if (text[i] == '\n') {
            line++;
            column = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            column++;
        }
    }
    pos->offset = i;
    pos->line = line;
    pos->column = column;
}

bool json_locate_unclosed(const char *text, size_t end, struct json_position *pos)
{
    size_t *open = NULL; /* offsets of the '{' and '[' not yet closed */
    size_t depth = 0;
    size_t capacity = 0;
    size_t string_start = 0;
    bool in_string = false;
    for (size_t i = 0; i < end && text[i] != '\0'; i++) {
        char c = text[i];
        if (in_string) {
            if (c == '\\' && text[i + 1] != '\0') {
                i++;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
            string_start = i;
        } else if (c == '{' || c == '[') {
            if (depth == capacity) {
                capacity = capacity ? 2 * capacity : 16;
                open = xrealloc(open, capacity * sizeof *open);
            }
            open[depth++] = i;
        } else if ((c == '}' || c == ']') && depth > 0) {
            depth--;
        }
    }
    bool unclosed = in_string || depth > 0;
    if (unclosed) {
        json_locate_offset(text, in_string ? string_start : open[depth - 1], pos);
    }
    free(open);
    return unclosed;
}

/* ---- Why a parse stopped ---- */

static size_t previous_non_space(const char *text, size_t before)
{
    while (before > 0) {
        before--;
        if (!isspace((unsigned char)text[before])) {
            return before;
        }
    }
    return SIZE_MAX;
}

/* The innermost '{' or '[' open at offset, or 0 when there is none. */
static char enclosing_bracket(const char *text, size_t offset)
{
    struct json_position open;
    if (!json_locate_unclosed(text, offset, &open)) {
        return 0;
    }
    char c = text[open.offset];
    return (c == '{' || c == '[') ? c : 0;
}

static bool starts_value(char c)
{
    return c == '"' || c == '{' || c == '[' || c == '-' || isdigit((unsigned char)c) || c == 't' ||
           c == 'f' || c == 'n';
}

static bool ends_value(char c)
{
    return c == '"' || c == '}' || c == ']' || isdigit((unsigned char)c) || c == 'e' || c == 'l';
}

static int strncasecmp_ascii(const char *a, const char *b, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        int ca = tolower((unsigned char)a[i]);
        int cb = tolower((unsigned char)b[i]);
        if (ca != cb || ca == 0) {
            return ca - cb;
        }
    }
    return 0;
}

/* Whether the string ending with the quote at text[quote] is an object key:
 * the thing before its opening quote is '{' or ','. */
static bool string_is_key(const char *text, size_t quote)
{
    size_t i = quote;
    while (i > 0) {
        i--;
        if (text[i] == '"') {
            size_t backslashes = 0;
            while (backslashes < i && text[i - 1 - backslashes] == '\\') {
                backslashes++;
            }
            if (backslashes % 2 == 0) {
                size_t before = previous_non_space(text, i);
                return before != SIZE_MAX && (text[before] == '{' || text[before] == ',');
            }
        }
    }
    return false;
}

/* Explains, from the text around it, why cJSON stopped at offset *at; *at
 * may move to the real culprit. */
static void diagnose(const char *text, size_t *at, char *hint, size_t size)
{
    size_t offset = *at;
    size_t len = strlen(text);
    size_t rest = offset;
    while (rest < len && isspace((unsigned char)text[rest])) {
        rest++;
    }
    struct json_position open;
    bool unclosed = json_locate_unclosed(text, len, &open);
    /* cJSON reports an unterminated string at its first character. */
    bool open_string = unclosed && text[open.offset] == '"' && open.offset + 1 == offset;
    if (open_string) {
        *at = open.offset;
        snprintf(hint, size, "the string that starts here is never closed");
        return;
    }
    if (rest == len && unclosed) {
        const char *what = "array";
        if (text[open.offset] == '"') {
            what = "string";
        } else if (text[open.offset] == '{') {
            what = "object";
        }
        snprintf(hint, size, "the %s opened at line %u, column %u is never closed", what, open.line,
                 open.column);
        return;
    }
    /* Where cJSON wanted a key it reports the character after the culprit. */
    if (offset > 0 && !isspace((unsigned char)text[offset - 1])) {
        size_t culprit = offset - 1;
        size_t before = previous_non_space(text, culprit);
        if (before != SIZE_MAX && (text[before] == '{' || text[before] == ',') &&
            enclosing_bracket(text, culprit) == '{') {
            char c = text[culprit];
            if (c == '}' && text[before] == ',') {
                *at = before;
                snprintf(hint, size, "trailing comma before '}'");
            } else if (c == '\'') {
                *at = culprit;
                snprintf(hint, size, "keys need double quotes, not single quotes");
            } else if (isalpha((unsigned char)c) || c == '_') {
                size_t end = culprit + 1;
                while (end - culprit < 40 && (isalnum((unsigned char)text[end]) ||
                                              text[end] == '_' || text[end] == '-')) {
                    end++;
                }
                *at = culprit;
                snprintf(hint, size, "the key \"%.*s\" needs double quotes", (int)(end - culprit),
                         text + culprit);
            } else if (c != '"' && c != '}' && isprint((unsigned char)c)) {
                *at = culprit;
                snprintf(hint, size, "expected a key in double quotes, got '%c'", c);
            }
            if (*at != offset) {
                return;
            }
        }
    }
    if (rest == len) {
        size_t first = 0;
        while (first < len && isspace((unsigned char)text[first])) {
            first++;
        }
        if (first == len) {
            *at = 0; /* only white space: the place is the start */
        }
        snprintf(hint, size, "%s",
                 first == len ? "the text is empty (expected a JSON object)"
                              : "unexpected end of text");
        return;
    }
    char c = text[offset];
    size_t before = previous_non_space(text, offset);
    char prev = before == SIZE_MAX ? 0 : text[before];
    if ((c == '}' || c == ']') && prev == ',') {
        *at = before;
        snprintf(hint, size, "trailing comma before '%c'", c);
    } else if (c == '}' && prev == ':') {
        snprintf(hint, size, "missing value after ':'");
    } else if (starts_value(c) && ends_value(prev)) {
        if (prev == '"' && string_is_key(text, before)) {
            snprintf(hint, size, "missing ':' after the key");
        } else {
            snprintf(hint, size, "missing ',' before this value");
        }
    } else if (c == '\'') {
        snprintf(hint, size, "strings need double quotes, not single quotes");
    } else if (c == '/') {
        snprintf(hint, size, "JSON has no comments");
    } else if (c == '\\') {
        snprintf(hint, size, "invalid escape sequence in a string");
    } else if (isalpha((unsigned char)c) ||
               (c == '-' && isalpha((unsigned char)text[offset + 1]))) {
        size_t end = offset + 1;
        while (end - offset < 40 && (isalnum((unsigned char)text[end]) || text[end] == '_')) {
            end++;
        }
        int n = (int)(end - offset);
        const char *word = text + offset;
        if ((n == 3 && strncasecmp_ascii(word, "nan", 3) == 0) ||
            (n == 8 && strncasecmp_ascii(word, "infinity", 8) == 0) ||
            (n == 9 && strncasecmp_ascii(word, "-infinity", 9) == 0) ||
            (n == 3 && strncasecmp_ascii(word, "inf", 3) == 0) ||
            (n == 4 && strncasecmp_ascii(word, "-inf", 4) == 0)) {
            snprintf(hint, size, "%.*s is not a JSON number (numbers must be finite)", n, word);
        } else {
            snprintf(hint, size,
                     "unexpected word \"%.*s\" (JSON's literals are true, false and null; "
                     "strings need double quotes)",
                     n, word);
        }
    } else if (isprint((unsigned char)c)) {
        snprintf(hint, size, "unexpected character '%c'", c);
    } else {
        snprintf(hint, size, "unexpected byte 0x%02x", (unsigned)(unsigned char)c);
    }
}

void json_locate_syntax_error(const char *text, size_t stop, struct json_position *pos, char *hint,
                              size_t size)
{
    size_t at = stop;
    diagnose(text, &at, hint, size);
    json_locate_offset(text, at, pos);
}

/* The length of the well-formed UTF-8 sequence at s (RFC 3629: no overlong
 * forms, no surrogates, nothing above U+10FFFF), or 0 when it is not one. */
static size_t utf8_length(const unsigned char *s)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* the second byte's range */
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        lo = c == 0xE0 ? 0xA0 : 0x80;
        hi = c == 0xED ? 0x9F : 0xBF;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        lo = c == 0xF0 ? 0x90 : 0x80;
        hi = c == 0xF4 ? 0x8F : 0xBF;
    } else {
        return 0;
    }
    if (s[1] < lo || s[1] > hi) {
        return 0;
    }
    for (size_t k = 2; k < n; k++) {
        if (s[k] < 0x80 || s[k] > 0xBF) {
            return 0;
        }
    }
    return n;
}

bool json_locate_raw_control(const char *text, size_t *open, char *hint, size_t size)
{
    bool in_string = false;
    for (size_t i = 0; text[i]; i++) {
        unsigned char c = (unsigned char)text[i];
        if (!in_string) {
            if (c == '"') {
                in_string = true;
                *open = i;
            }
        } else if (c == '\\') {
            if (text[i + 1] == '\0') {
                break;
            }
            if (strncmp(text + i + 1, "u0000", 5) == 0) {
                /* cJSON would decode it and end the C string there, so that
                 * "abc\u0000/../x" would silently become "abc". */
                snprintf(hint, size,
                         "the string that starts here holds \\u0000, a NUL character, which "
                         "no name or path may hold");
                return true;
            }
            i++;
        } else if (c >= 0x80) {
            size_t n = utf8_length((const unsigned char *)text + i);
            if (n == 0) {
                snprintf(hint, size,
                         "the string that starts here holds the byte 0x%02x, which is not UTF-8 "
                         "(save the file as UTF-8)",
                         (unsigned)c);
                return true;
            }
            i += n - 1;
        } else if (c == '"') {
            in_string = false;
        } else if (c < 0x20) {
            if (c == '\n' || c == '\r') {
                snprintf(hint, size,
                         "the string that starts here runs past the end of its line (a missing "
                         "'\"'? a line break inside a string is written \\n)");
            } else if (c == '\t') {
                snprintf(hint, size,
                         "the string that starts here holds a raw tab (write it escaped, as \\t)");
            } else {
                snprintf(hint, size,
                         "the string that starts here holds the control character 0x%02x (write "
                         "it escaped, as \\u%04x)",
                         (unsigned)c, (unsigned)c);
            }
            return true;
        }
    }
    return false;
}

char *json_locate_read_file(const char *path, struct error *err)
{
    size_t len = 0;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        message_one_line(err);
        return NULL;
    }
    size_t text_len = strlen(text);
    if (text_len < len) {
        struct json_position pos;
        json_locate_offset(text, text_len, &pos);
        error_set(err, "%s:%u:%u: malformed JSON: a NUL byte in the text", path, pos.line,
                  pos.column);
        message_one_line(err);
        free(text);
        return NULL;
    }
    return text;
}
