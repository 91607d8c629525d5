/* The one checked-JSON reader: scenario and sweep files are read through it,
 * so they hold only their schemas. It parses text into a cJSON tree, walks
 * it keeping where each value sits, reads typed, range-checked values, and
 * builds every message about a value in one form:
 *     FILE:LINE:COL: /json/path: expected <rule>, got <value>
 *     --set PATH=VALUE: /json/path: ...   (a value a --set override put there)
 * Line and column come from json_locate, since cJSON keeps no positions. */
#ifndef AMPLISIM_JSON_READER_H
#define AMPLISIM_JSON_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/strbuf.h"

struct cJSON;

/* Where a value sits: a chain of frames from the value up to the root, kept
 * on the C stack while descending and turned into a JSON pointer only when a
 * message needs one. */
struct json_where {
    const struct json_where *up; /* NULL at the root */
    const char *key;             /* member name, or NULL for an array element */
    size_t index;                /* array index when key is NULL */
    const struct cJSON *item;    /* the value here; NULL when it is absent */
};

/* A value put into the tree by --set PATH=VALUE: messages about anything at
 * or under root name the override instead of a position in the text. */
struct json_reader_override {
    const char *path;  /* as typed, borrowed */
    const char *value; /* as typed, borrowed */
    const char *flag;  /* the option that set it ("--reps"), or NULL for --set; borrowed */
    char *root;        /* JSON pointer of what it added or replaced, owned */
};

struct json_reader {
    const char *text;                       /* the text read, to turn JSON paths into line:column */
    const char *label;                      /* names the text in messages, usually the file name */
    struct json_reader_override *overrides; /* in the order they were applied */
    size_t override_count;
    struct error *err;
};

/* Allowed values of a number: lo and hi, each bound open or closed; hi is
 * INFINITY when there is no upper bound. */
struct json_range {
    double lo;
    double hi;
    bool lo_open;
    bool hi_open;
};

/* The keys that belong to one choice of a switched object: one "dist" of a
 * distribution, one "kind" of an intervention, one "type" of a design. */
struct json_switch_keys {
    const char *keys[16];
    size_t key_count;
};

void json_reader_init(struct json_reader *r, const char *text, const char *label,
                      struct error *err);

/* Releases the override records. */
void json_reader_destroy(struct json_reader *r);

/* Records that an override put a value at pointer root (copied). */
void json_reader_add_override(struct json_reader *r, const char *path, const char *value,
                              const char *flag, const char *root);

/* How the user typed an override, for messages: "--set PATH=VALUE", or
 * "FLAG VALUE" for an option that stands for a path (--reps, --seed). */
void json_reader_override_text(const char *flag, const char *path, const char *value, char *out,
                               size_t size);

/* Parses the text into *root, which must be an object; what names the
 * document in the message when it is not ("an object holding the sweep").
 * cJSON's global error pointer is never read: the parse end it returns tells
 * where it stopped. The caller deletes *root. */
int json_reader_parse(struct json_reader *r, const char *what, struct cJSON **root);

/* ---- Walking ---- */

struct json_where json_reader_root(const struct cJSON *root);
struct json_where json_reader_child(const struct json_where *object, const char *key);
struct json_where json_reader_element(const struct json_where *array, size_t index,
                                      const struct cJSON *item);

/* Appends the JSON pointer of at to sb, escaping '~' and '/' (RFC 6901). */
void json_reader_pointer(struct strbuf *sb, const struct json_where *at);

/* Appends "/component" to sb with the same escapes. */
void json_reader_append_component(struct strbuf *sb, const char *component);

/* Whether the value at `at` was put there by a --set override. */
bool json_reader_from_override(const struct json_reader *r, const struct json_where *at);

/* ---- Reporting: each returns STATUS_BAD_INPUT with r->err set ---- */

/* The message for the value at `at` (or its key, when at_key; occurrence
 * picks among repeated keys). Every message about a value goes through here. */
int json_reader_report(struct json_reader *r, const struct json_where *at, bool at_key,
                       size_t occurrence, const char *detail);

int json_reader_fail(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* Like json_reader_fail, at the key of `at` rather than its value. */
int json_reader_fail_key(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* "expected <rule>, got <the value at at><hint>". */
int json_reader_expected_hint(struct json_reader *r, const struct json_where *at, const char *rule,
                              const char *hint);

/* "expected <rule>, got <the value at at>", the rule printf-style. */
int json_reader_expected(struct json_reader *r, const struct json_where *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

/* "missing required key "<key>"", at the object. */
int json_reader_missing(struct json_reader *r, const struct json_where *object, const char *key);

/* ---- Rules ---- */

/* "a number in [0, 1]", "a number > 0"; plural gives "numbers in [0, 1]". */
void json_reader_describe_range(struct json_range range, bool plural, char *out, size_t size);

bool json_reader_in_range(double x, struct json_range range);

/* Writes `"a", "b", "c"` (at most limit names, then ", ...") into sb. */
void json_reader_list_names(struct strbuf *sb, const char *const *names, size_t count,
                            size_t limit);

/* Whether word is one of the non-NULL entries of list. */
bool json_reader_in_list(const char *word, const char *const *list, size_t count);

/* Rejects members of the object whose key is not in keys (suggesting the
 * closest one; keys NULL accepts any key), and keys that appear twice: cJSON
 * keeps both and would silently use the first. noun is "key" or "role". An
 * absent object passes. */
int json_reader_check_keys(struct json_reader *r, const struct json_where *object,
                           const char *const *keys, size_t key_count, const char *noun);

/* Rejects keys of a switched object that belong to another choice of its
 * switch key ("dist", "kind"), whose value here is choice. */
int json_reader_check_switch_keys(struct json_reader *r, const struct json_where *object,
                                  const char *switch_key, const char *choice,
                                  const struct json_switch_keys *allowed);

/* ---- Typed reads. A check_* function checks the present value at `at`; a
 * read_* function reads object[key] and leaves *value as it was when the key
 * is absent. ---- */

/* Sets *out to the member key of parent, which must be an object if present. */
int json_reader_object(struct json_reader *r, const struct json_where *parent, const char *key,
                       struct json_where *out);

int json_reader_check_number(struct json_reader *r, const struct json_where *at,
                             struct json_range range, double *value);
int json_reader_read_number(struct json_reader *r, const struct json_where *object, const char *key,
                            struct json_range range, double *value);

/* An integer in [lo, hi], written in any JSON form of an integral number. */
int json_reader_check_integer(struct json_reader *r, const struct json_where *at, uint64_t lo,
                              uint64_t hi, uint64_t *value);
int json_reader_read_u32(struct json_reader *r, const struct json_where *object, const char *key,
                         uint32_t lo, uint32_t hi, uint32_t *value);

int json_reader_check_bool(struct json_reader *r, const struct json_where *at, bool *value);
int json_reader_read_bool(struct json_reader *r, const struct json_where *object, const char *key,
                          bool *value);

/* Sets *value to the index of the string at `at` in names, else reports the
 * choices and the closest one. */
int json_reader_check_choice(struct json_reader *r, const struct json_where *at,
                             const char *const *names, size_t count, int *value);
int json_reader_read_choice(struct json_reader *r, const struct json_where *object, const char *key,
                            const char *const *names, size_t count, int *value);

#endif
