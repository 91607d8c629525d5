/* The one checked-JSON reader (see json_reader.h): where values sit, the
 * one function that builds messages about them, and the typed reads that
 * scenario and sweep files share. */
#include "json_reader.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "json_locate.h"
#include "message.h"

void json_reader_init(struct json_reader *r, const char *text, const char *label, struct error *err)
{
    *r = (struct json_reader){.text = text, .label = label, .err = err};
}

void json_reader_destroy(struct json_reader *r)
{
    for (size_t i = 0; i < r->override_count; i++) {
        free(r->overrides[i].root);
    }
    free(r->overrides);
    r->overrides = NULL;
    r->override_count = 0;
}

void json_reader_add_override(struct json_reader *r, const char *path, const char *value,
                              const char *flag, const char *root)
{
    r->overrides = xrealloc(r->overrides, (r->override_count + 1) * sizeof *r->overrides);
    r->overrides[r->override_count++] =
        (struct json_reader_override){path, value, flag, xstrdup(root)};
}

void json_reader_override_text(const char *flag, const char *path, const char *value, char *out,
                               size_t size)
{
    if (flag) {
        snprintf(out, size, "%s %s", flag, value);
    } else {
        snprintf(out, size, "--set %s=%s", path, value);
    }
}

/* ---- Malformed JSON ---- */

static int malformed(struct json_reader *r, size_t offset, const char *why)
{
    char hint[256];
    struct json_position pos;
    if (why) {
        snprintf(hint, sizeof hint, "%s", why);
        json_locate_offset(r->text, offset, &pos);
    } else {
        json_locate_syntax_error(r->text, offset, &pos, hint, sizeof hint);
    }
    return error_set(r->err, "%s:%u:%u: malformed JSON: %s", r->label, pos.line, pos.column, hint);
}

int json_reader_parse(struct json_reader *r, const char *what, cJSON **root)
{
    size_t open = 0;
    char why[160];
    if (json_locate_raw_control(r->text, &open, why, sizeof why)) {
        return malformed(r, open, why);
    }
    const char *end = NULL;
    cJSON *tree = cJSON_ParseWithOpts(r->text, &end, false);
    if (!tree) {
        return malformed(r, end ? (size_t)(end - r->text) : 0, NULL);
    }
    const char *rest = end;
    while (isspace((unsigned char)*rest)) {
        rest++;
    }
    if (*rest != '\0') {
        cJSON_Delete(tree);
        return malformed(r, (size_t)(rest - r->text),
                         "unexpected text after the end of the JSON document");
    }
    if (!cJSON_IsObject(tree)) {
        struct json_where top = json_reader_root(tree);
        int status = json_reader_expected(r, &top, "%s", what);
        cJSON_Delete(tree);
        return status;
    }
    *root = tree;
    return STATUS_OK;
}

/* ---- Walking ---- */

struct json_where json_reader_root(const cJSON *root)
{
    return (struct json_where){NULL, NULL, 0, root};
}

struct json_where json_reader_child(const struct json_where *object, const char *key)
{
    struct json_where at = {object, key, 0, NULL};
    if (object->item) {
        at.item = cJSON_GetObjectItemCaseSensitive(object->item, key);
    }
    return at;
}

struct json_where json_reader_element(const struct json_where *array, size_t index,
                                      const cJSON *item)
{
    return (struct json_where){array, NULL, index, item};
}

void json_reader_append_component(struct strbuf *sb, const char *component)
{
    strbuf_append(sb, "/", 1);
    for (const char *k = component; *k; k++) {
        if (*k == '~') {
            strbuf_append(sb, "~0", 2);
        } else if (*k == '/') {
            strbuf_append(sb, "~1", 2);
        } else {
            strbuf_append(sb, k, 1);
        }
    }
}

void json_reader_pointer(struct strbuf *sb, const struct json_where *at)
{
    if (!at->up) {
        return;
    }
    json_reader_pointer(sb, at->up);
    if (!at->key) {
        strbuf_printf(sb, "/%zu", at->index);
        return;
    }
    json_reader_append_component(sb, at->key);
}

/* Returns the override that put the value at pointer into the tree, or -1
 * if it came from the text. Later overrides win: they were applied last. */
static long override_of(const struct json_reader *r, const char *pointer)
{
    for (size_t i = r->override_count; i-- > 0;) {
        const char *root = r->overrides[i].root;
        size_t n = strlen(root);
        if (strncmp(pointer, root, n) == 0 && (pointer[n] == '\0' || pointer[n] == '/')) {
            return (long)i;
        }
    }
    return -1;
}

bool json_reader_from_override(const struct json_reader *r, const struct json_where *at)
{
    struct strbuf pointer;
    strbuf_init(&pointer);
    json_reader_pointer(&pointer, at);
    bool found = override_of(r, pointer.data) >= 0;
    strbuf_destroy(&pointer);
    return found;
}

/* ---- Reporting ---- */

int json_reader_report(struct json_reader *r, const struct json_where *at, bool at_key,
                       size_t occurrence, const char *detail)
{
    struct strbuf pointer;
    strbuf_init(&pointer);
    json_reader_pointer(&pointer, at);
    const char *shown = pointer.len ? pointer.data : "/";
    long source = override_of(r, pointer.data);
    int status;
    if (source >= 0) {
        const struct json_reader_override *o = &r->overrides[source];
        char typed[ERROR_MESSAGE_MAX / 2];
        json_reader_override_text(o->flag, o->path, o->value, typed, sizeof typed);
        status = error_set(r->err, "%s: %s: %s", typed, shown, detail);
    } else {
        struct json_position pos;
        if (at_key) {
            json_locate_key(r->text, pointer.data, occurrence, &pos);
        } else {
            json_locate_value(r->text, pointer.data, &pos);
        }
        status =
            error_set(r->err, "%s:%u:%u: %s: %s", r->label, pos.line, pos.column, shown, detail);
    }
    strbuf_destroy(&pointer);
    return status;
}

int json_reader_fail(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return json_reader_report(r, at, false, 0, detail);
}

int json_reader_fail_key(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return json_reader_report(r, at, true, 0, detail);
}

int json_reader_expected_hint(struct json_reader *r, const struct json_where *at, const char *rule,
                              const char *hint)
{
    char got[96];
    message_describe(at->item, got, sizeof got);
    return json_reader_fail(r, at, "expected %s, got %s%s", rule, got, hint);
}

int json_reader_expected(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
{
    char rule[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof rule, fmt, ap);
    va_end(ap);
    return json_reader_expected_hint(r, at, rule, "");
}

int json_reader_missing(struct json_reader *r, const struct json_where *object, const char *key)
{
    return json_reader_fail(r, object, "missing required key \"%s\"", key);
}

/* ---- Rules ---- */

void json_reader_describe_range(struct json_range range, bool plural, char *out, size_t size)
{
    char lo[32];
    char hi[32];
    const char *noun = plural ? "numbers" : "a number";
    message_number(range.lo, lo, sizeof lo);
    if (isinf(range.hi)) {
        snprintf(out, size, "%s %s %s", noun, range.lo_open ? ">" : ">=", lo);
    } else {
        message_number(range.hi, hi, sizeof hi);
        snprintf(out, size, "%s in %c%s, %s%c", noun, range.lo_open ? '(' : '[', lo, hi,
                 range.hi_open ? ')' : ']');
    }
}

bool json_reader_in_range(double x, struct json_range range)
{
    return isfinite(x) && (range.lo_open ? x > range.lo : x >= range.lo) &&
           (range.hi_open ? x < range.hi : x <= range.hi);
}

void json_reader_list_names(struct strbuf *sb, const char *const *names, size_t count, size_t limit)
{
    for (size_t i = 0; i < count && i < limit; i++) {
        strbuf_printf(sb, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    if (count > limit) {
        strbuf_printf(sb, ", ...");
    }
}

bool json_reader_in_list(const char *word, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (list[i] && strcmp(word, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

static int unknown_key(struct json_reader *r, const struct json_where *at, const char *const *keys,
                       size_t key_count, const char *noun)
{
    char detail[ERROR_MESSAGE_MAX];
    const char *guess = message_closest(at->key, keys, key_count);
    if (guess) {
        snprintf(detail, sizeof detail, "unknown %s \"%.64s\"; did you mean \"%s\"?", noun, at->key,
                 guess);
    } else {
        struct strbuf valid;
        strbuf_init(&valid);
        json_reader_list_names(&valid, keys, key_count, key_count);
        snprintf(detail, sizeof detail, "unknown %s \"%.64s\"; expected one of %s", noun, at->key,
                 valid.data);
        strbuf_destroy(&valid);
    }
    return json_reader_report(r, at, true, 0, detail);
}

int json_reader_check_keys(struct json_reader *r, const struct json_where *object,
                           const char *const *keys, size_t key_count, const char *noun)
{
    if (!object->item) {
        return STATUS_OK;
    }
    for (const cJSON *child = object->item->child; child; child = child->next) {
        struct json_where at = {object, child->string, 0, child};
        if (keys && !json_reader_in_list(child->string, keys, key_count)) {
            return unknown_key(r, &at, keys, key_count, noun);
        }
        size_t earlier = 0;
        for (const cJSON *other = object->item->child; other != child; other = other->next) {
            earlier += strcmp(other->string, child->string) == 0;
        }
        if (earlier > 0) {
            char detail[256];
            /* A key reaching here is a known one, short, except where any key
             * is allowed; .64 keeps the message one readable line there. */
            snprintf(detail, sizeof detail,
                     "duplicate key \"%.64s\"; each key may appear only once", child->string);
            return json_reader_report(r, &at, true, earlier, detail);
        }
    }
    return STATUS_OK;
}

int json_reader_check_switch_keys(struct json_reader *r, const struct json_where *object,
                                  const char *switch_key, const char *choice,
                                  const struct json_switch_keys *allowed)
{
    for (const cJSON *child = object->item->child; child; child = child->next) {
        if (!json_reader_in_list(child->string, allowed->keys, allowed->key_count)) {
            struct strbuf keys;
            strbuf_init(&keys);
            for (size_t i = 0; i < allowed->key_count; i++) {
                strbuf_printf(&keys, "%s%s", i ? ", " : "", allowed->keys[i]);
            }
            char detail[512];
            snprintf(detail, sizeof detail, "expected a key of %s \"%s\" (%s), got \"%s\"",
                     switch_key, choice, keys.data, child->string);
            strbuf_destroy(&keys);
            struct json_where at = {object, child->string, 0, child};
            return json_reader_report(r, &at, true, 0, detail);
        }
    }
    return STATUS_OK;
}

/* ---- Typed reads ---- */

int json_reader_object(struct json_reader *r, const struct json_where *parent, const char *key,
                       struct json_where *out)
{
    *out = json_reader_child(parent, key);
    if (out->item && !cJSON_IsObject(out->item)) {
        return json_reader_expected(r, out, "an object");
    }
    return STATUS_OK;
}

int json_reader_check_number(struct json_reader *r, const struct json_where *at,
                             struct json_range range, double *value)
{
    if (!cJSON_IsNumber(at->item) || !json_reader_in_range(at->item->valuedouble, range)) {
        char rule[128];
        json_reader_describe_range(range, false, rule, sizeof rule);
        return json_reader_expected(r, at, "%s", rule);
    }
    *value = at->item->valuedouble;
    return STATUS_OK;
}

int json_reader_read_number(struct json_reader *r, const struct json_where *object, const char *key,
                            struct json_range range, double *value)
{
    struct json_where at = json_reader_child(object, key);
    return at.item ? json_reader_check_number(r, &at, range, value) : STATUS_OK;
}

int json_reader_check_integer(struct json_reader *r, const struct json_where *at, uint64_t lo,
                              uint64_t hi, uint64_t *value)
{
    double x = cJSON_IsNumber(at->item) ? at->item->valuedouble : NAN;
    if (!(x >= (double)lo && x <= (double)hi && x == floor(x))) {
        return json_reader_expected(r, at, "an integer in [%" PRIu64 ", %" PRIu64 "]", lo, hi);
    }
    *value = (uint64_t)x;
    return STATUS_OK;
}

int json_reader_read_u32(struct json_reader *r, const struct json_where *object, const char *key,
                         uint32_t lo, uint32_t hi, uint32_t *value)
{
    struct json_where at = json_reader_child(object, key);
    uint64_t x = 0;
    if (!at.item) {
        return STATUS_OK;
    }
    if (json_reader_check_integer(r, &at, lo, hi, &x)) {
        return STATUS_BAD_INPUT;
    }
    *value = (uint32_t)x;
    return STATUS_OK;
}

int json_reader_check_bool(struct json_reader *r, const struct json_where *at, bool *value)
{
    if (!cJSON_IsBool(at->item)) {
        return json_reader_expected(r, at, "true or false");
    }
    *value = cJSON_IsTrue(at->item);
    return STATUS_OK;
}

int json_reader_read_bool(struct json_reader *r, const struct json_where *object, const char *key,
                          bool *value)
{
    struct json_where at = json_reader_child(object, key);
    return at.item ? json_reader_check_bool(r, &at, value) : STATUS_OK;
}

int json_reader_check_choice(struct json_reader *r, const struct json_where *at,
                             const char *const *names, size_t count, int *value)
{
    if (cJSON_IsString(at->item)) {
        for (size_t i = 0; i < count; i++) {
            if (strcmp(at->item->valuestring, names[i]) == 0) {
                *value = (int)i;
                return STATUS_OK;
            }
        }
    }
    struct strbuf rule;
    strbuf_init(&rule);
    strbuf_printf(&rule, "one of ");
    json_reader_list_names(&rule, names, count, count);
    char hint[96] = "";
    const char *guess =
        cJSON_IsString(at->item) ? message_closest(at->item->valuestring, names, count) : NULL;
    if (guess) {
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", guess);
    }
    int status = json_reader_expected_hint(r, at, rule.data, hint);
    strbuf_destroy(&rule);
    return status;
}

int json_reader_read_choice(struct json_reader *r, const struct json_where *object, const char *key,
                            const char *const *names, size_t count, int *value)
{
    struct json_where at = json_reader_child(object, key);
    return at.item ? json_reader_check_choice(r, &at, names, count, value) : STATUS_OK;
}
