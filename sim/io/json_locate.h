/* Finds where things are in JSON text, so that messages about a parsed tree
 * can name a line and column. cJSON keeps no positions; this scanner walks
 * the original text along a JSON pointer (RFC 6901, "/campaign/actions/3/at_h")
 * instead. It builds nothing (only scratch memory, freed before returning),
 * never reads past the terminating NUL, and tolerates malformed text (it then
 * reports the deepest place it could reach). */
#ifndef AMPLISIM_JSON_LOCATE_H
#define AMPLISIM_JSON_LOCATE_H

#include <stdbool.h>
#include <stddef.h>

struct json_position {
    size_t offset;   /* bytes from the start of the text */
    unsigned line;   /* 1-based */
    unsigned column; /* 1-based, in characters (UTF-8 code points), a tab counts as one */
};

/* Finds the first character of the value that pointer names in text ("" is
 * the whole document). Returns true when found. When it is missing, returns
 * false and sets pos to the deepest value on the path that exists: for a
 * missing key, the '{' of the object that lacks it. Object keys compare after
 * decoding JSON escapes; the first member with a repeated key is the one
 * found, as cJSON does. O(length of text) in the worst case. */
bool json_locate_value(const char *text, const char *pointer, struct json_position *pos);

/* Like json_locate_value, but for a pointer whose last component names an
 * object member, finds the opening quote of that member's key; occurrence
 * counts repeated keys from 0 (1 finds the first duplicate). For an array
 * element or the root it finds the value, as json_locate_value does. */
bool json_locate_key(const char *text, const char *pointer, size_t occurrence,
                     struct json_position *pos);

/* Fills pos with the line and column of a byte offset into text; an offset
 * past the end is clamped to the end. O(offset). */
void json_locate_offset(const char *text, size_t offset, struct json_position *pos);

/* Finds the innermost string, object or array that is still open at byte
 * offset end of text, for messages about text that ends too early. Returns
 * true and sets pos to its opening '"', '{' or '[' when there is one. */
bool json_locate_unclosed(const char *text, size_t end, struct json_position *pos);

/* Explains why cJSON stopped parsing text at byte offset stop (the parse end
 * that cJSON_ParseWithOpts returns), since cJSON gives a position but no
 * reason. Writes a short hint ("trailing comma before '}'", "the key \"x\"
 * needs double quotes") into hint and sets pos to the culprit, which may lie
 * before stop: the trailing comma, or an unquoted key that cJSON reports one
 * character late. O(length of text). */
struct error;

/* Reads a JSON file whole for a parser: NULL with a one-line message in err
 * (STATUS_BAD_INPUT) when it cannot be read or holds a NUL byte, at which
 * cJSON would stop and accept a truncated document. The caller frees. */
char *json_locate_read_file(const char *path, struct error *err);

/* JSON strings cannot hold raw control characters (RFC 8259, section 7), but
 * cJSON takes them, so a missing closing quote would swallow the line break
 * and be reported a line later as something else. Strings must also be UTF-8
 * (RFC 8259, section 8.1), and none may hold \u0000, at which cJSON's C string
 * would end. Returns true when a string breaks one of these rules, with the
 * offset of that string's opening quote in *open and a hint saying what is
 * wrong or what to write instead. */
bool json_locate_raw_control(const char *text, size_t *open, char *hint, size_t size);

void json_locate_syntax_error(const char *text, size_t stop, struct json_position *pos, char *hint,
                              size_t size);

#endif
