/* Scenario files: JSON text to struct config and back. Reading applies the
 * --set overrides to the parsed tree, then checks every key against the rules
 * in docs/scenario.md and stops at the first mistake with a one-line message
 * naming the place (FILE:LINE:COL, or the --set override responsible), the
 * JSON path, the rule and the value found. Writing produces every key with
 * its resolved value in a fixed order, so a written scenario reads back to
 * the same config and writes back to the same bytes. */
#define _XOPEN_SOURCE 700 /* realpath, an XSI function */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../model/graph.h"
#include "fileio.h"
#include "json_locate.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define SEED_MAX 9007199254740992u /* 2^53: the largest integer a JSON number holds exactly */
#define REPLICATES_MAX 100000u
#define COMMUNITIES_MAX 65535u
#define STORIES_MAX 65535
#define BINS_MAX 1e6

/* The keys each object accepts, in the order the writer emits them. */
static const char *const root_keys[] = {"name",       "note",       "seed",          "replicates",
                                        "duration_h", "population", "platform",      "recommender",
                                        "stories",    "campaign",   "interventions", "output"};
static const char *const population_keys[] = {"accounts", "graph", "communities", "roles"};
static const char *const graph_keys[] = {"source", "path", "attributes", "undirected", "reverse"};
static const char *const communities_keys[] = {"count", "weights", "homophily", "mixing"};
static const char *const role_keys[] = {"count", "share_prob", "activity", "followers"};
static const char *const follower_keys[] = {"dist", "median", "sigma", "min", "alpha", "n", "max"};
static const char *const platform_keys[] = {"visibility",      "lifetime_h",    "delay",
                                            "synthetic_boost", "reinforcement", "trust"};
static const char *const delay_keys[] = {"dist", "half_life_h", "median_h", "sigma", "max_h"};
static const char *const recommender_keys[] = {"enabled", "tick_h", "gain", "max_views_per_h",
                                               "targeting"};
static const char *const story_keys[] = {"name",   "kind",      "origin",
                                         "appeal", "synthetic", "half_life_h"};
static const char *const campaign_keys[] = {"actions"};
static const char *const action_keys[] = {"at_h", "story", "select", "jitter_h"};
static const char *const select_keys[] = {"role", "community", "count", "pick"};
static const char *const intervention_keys[] = {"kind",   "story",        "trigger", "correction",
                                                "select", "label_factor", "factor"};
static const char *const trigger_keys[] = {"at_h",  "views",    "share_rate_per_h",
                                           "story", "window_h", "delay_h"};
static const char *const output_keys[] = {"bin_h", "community_reach_fraction"};

static const char *const follower_dist_names[] = {[FOLLOWERS_LOGNORMAL] = "lognormal",
                                                  [FOLLOWERS_PARETO] = "pareto",
                                                  [FOLLOWERS_FIXED] = "fixed"};
static const char *const delay_dist_names[] = {[DELAY_EXPONENTIAL] = "exponential",
                                               [DELAY_LOGNORMAL] = "lognormal",
                                               [DELAY_UNIFORM] = "uniform"};
static const char *const pick_names[] = {[PICK_TOP] = "top", [PICK_RANDOM] = "random"};
static const char *const targeting_names[] = {
    [TARGET_UNIFORM] = "uniform", [TARGET_APPEAL] = "appeal"};

/* The keys that belong to one choice of a switched object: one "dist" of a
 * distribution, one "kind" of an intervention. */
struct switch_keys {
    const char *keys[6];
    size_t key_count;
};

static const struct switch_keys follower_dist_keys[] = {
    [FOLLOWERS_LOGNORMAL] = {{"dist", "median", "sigma", "max"}, 4},
    [FOLLOWERS_PARETO] = {{"dist", "min", "alpha", "max"}, 4},
    [FOLLOWERS_FIXED] = {{"dist", "n", "max"}, 3},
};
static const struct switch_keys delay_dist_keys[] = {
    [DELAY_EXPONENTIAL] = {{"dist", "half_life_h"}, 2},
    [DELAY_LOGNORMAL] = {{"dist", "median_h", "sigma"}, 3},
    [DELAY_UNIFORM] = {{"dist", "max_h"}, 2},
};
static const struct switch_keys intervention_kind_keys[] = {
    [INTERVENTION_FACTCHECK] = {{"kind", "story", "trigger", "correction", "select",
                                 "label_factor"},
                                6},
    [INTERVENTION_TAKEDOWN] = {{"kind", "story", "trigger"}, 3},
    [INTERVENTION_SUSPEND] = {{"kind", "trigger", "select"}, 3},
    [INTERVENTION_DEMOTE] = {{"kind", "story", "trigger", "factor"}, 4},
};

/* Allowed values of a number: lo and hi, each bound open or closed; hi is
 * INFINITY when there is no upper bound. */
struct range {
    double lo;
    double hi;
    bool lo_open;
    bool hi_open;
};

static const struct range unit_interval = {0.0, 1.0, false, false};
static const struct range positive = {0.0, INFINITY, true, true};
static const struct range non_negative = {0.0, INFINITY, false, true};

/* Where a value sits: a chain of frames from the value up to the root, kept
 * on the C stack while descending and turned into a JSON pointer only when a
 * message needs one. */
struct where {
    const struct where *up; /* NULL at the root */
    const char *key;        /* member name, or NULL for an array element */
    size_t index;           /* array index when key is NULL */
    const cJSON *item;      /* the value here; NULL when it is absent */
};

struct reader {
    const char *text;  /* the scenario text, to turn JSON paths into line:column */
    const char *label; /* names the text in messages, usually the file name */
    const struct scenario_override *overrides;
    char **override_roots;    /* [override count] JSON pointer of what each override put in */
    size_t overrides_applied; /* overrides 0..overrides_applied-1 are in the tree */
    struct error *err;
};

/* ---- Describing values and rules ---- */

/* "a number in [0, 1]", "a number > 0"; plural gives "numbers in [0, 1]". */
static void describe_range(struct range range, bool plural, char *out, size_t size)
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

static bool in_range(double x, struct range range)
{
    return isfinite(x) && (range.lo_open ? x > range.lo : x >= range.lo) &&
           (range.hi_open ? x < range.hi : x <= range.hi);
}

/* Writes `"a", "b", "c"` (at most limit names, then ", ...") into sb. */
static void list_names(struct strbuf *sb, const char *const *names, size_t count, size_t limit)
{
    for (size_t i = 0; i < count && i < limit; i++) {
        strbuf_printf(sb, "%s\"%s\"", i ? ", " : "", names[i]);
    }
    if (count > limit) {
        strbuf_printf(sb, ", ...");
    }
}

/* ---- Reporting ---- */

/* Appends the JSON pointer of at, escaping '~' and '/' in keys (RFC 6901). */
static void append_pointer(struct strbuf *sb, const struct where *at)
{
    if (!at->up) {
        return;
    }
    append_pointer(sb, at->up);
    if (!at->key) {
        strbuf_printf(sb, "/%zu", at->index);
        return;
    }
    strbuf_append(sb, "/", 1);
    for (const char *k = at->key; *k; k++) {
        if (*k == '~') {
            strbuf_append(sb, "~0", 2);
        } else if (*k == '/') {
            strbuf_append(sb, "~1", 2);
        } else {
            strbuf_append(sb, k, 1);
        }
    }
}

/* Returns the override that put the value at pointer into the tree, or -1
 * if it came from the file. Later overrides win: they were applied last. */
static long override_of(const struct reader *r, const char *pointer)
{
    for (size_t i = r->overrides_applied; i-- > 0;) {
        const char *root = r->override_roots[i];
        size_t n = strlen(root);
        if (strncmp(pointer, root, n) == 0 && (pointer[n] == '\0' || pointer[n] == '/')) {
            return (long)i;
        }
    }
    return -1;
}

/* Sets the error for the value at `at` (or its key, when at_key; occurrence
 * picks among repeated keys) and returns STATUS_BAD_INPUT. Every message
 * about a scenario value goes through here. */
static int report_at(struct reader *r, const struct where *at, bool at_key, size_t occurrence,
                     const char *detail)
{
    struct strbuf pointer;
    strbuf_init(&pointer);
    append_pointer(&pointer, at);
    const char *shown = pointer.len ? pointer.data : "/";
    long source = override_of(r, pointer.data);
    int status;
    if (source >= 0) {
        const struct scenario_override *o = &r->overrides[source];
        status = error_set(r->err, "--set %s=%s: %s: %s", o->path, o->value, shown, detail);
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

static int fail(struct reader *r, const struct where *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(struct reader *r, const struct where *at, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return report_at(r, at, false, 0, detail);
}

/* "expected <rule>, got <the value at at><hint>". */
static int report_expected(struct reader *r, const struct where *at, const char *rule,
                           const char *hint)
{
    char got[96];
    message_describe(at->item, got, sizeof got);
    return fail(r, at, "expected %s, got %s%s", rule, got, hint);
}

static int expected(struct reader *r, const struct where *at, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int expected(struct reader *r, const struct where *at, const char *fmt, ...)
{
    char rule[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof rule, fmt, ap);
    va_end(ap);
    return report_expected(r, at, rule, "");
}

static int missing(struct reader *r, const struct where *object, const char *key)
{
    return fail(r, object, "missing required key \"%s\"", key);
}

/* ---- Malformed JSON ---- */

static int malformed(struct reader *r, size_t offset, const char *why)
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

/* Parses the text into *root, which must be an object. cJSON's global error
 * pointer is never read: the parse end it returns tells where it stopped. */
static int parse_text(struct reader *r, cJSON **root)
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
        struct where top = {NULL, NULL, 0, tree};
        int status = expected(r, &top, "an object holding the scenario");
        cJSON_Delete(tree);
        return status;
    }
    *root = tree;
    return STATUS_OK;
}

/* ---- Checking single values ---- */

static struct where child_of(const struct where *object, const char *key)
{
    struct where at = {object, key, 0, NULL};
    if (object->item) {
        at.item = cJSON_GetObjectItemCaseSensitive(object->item, key);
    }
    return at;
}

static struct where element_of(const struct where *array, size_t index, const cJSON *item)
{
    struct where at = {array, NULL, index, item};
    return at;
}

static bool in_list(const char *word, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (strcmp(word, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Rejects members of the object whose key is not in keys (suggesting the
 * closest one), and keys that appear twice: cJSON keeps both and would
 * silently use the first. noun is "key" or "role" for the message. */
static int check_keys(struct reader *r, const struct where *object, const char *const *keys,
                      size_t key_count, const char *noun)
{
    if (!object->item) {
        return STATUS_OK;
    }
    for (const cJSON *child = object->item->child; child; child = child->next) {
        struct where at = {object, child->string, 0, child};
        if (!in_list(child->string, keys, key_count)) {
            char detail[ERROR_MESSAGE_MAX];
            const char *guess = message_closest(child->string, keys, key_count);
            if (guess) {
                snprintf(detail, sizeof detail, "unknown %s \"%.64s\"; did you mean \"%s\"?", noun,
                         child->string, guess);
            } else {
                struct strbuf valid;
                strbuf_init(&valid);
                list_names(&valid, keys, key_count, key_count);
                snprintf(detail, sizeof detail, "unknown %s \"%.64s\"; expected one of %s", noun,
                         child->string, valid.data);
                strbuf_destroy(&valid);
            }
            return report_at(r, &at, true, 0, detail);
        }
        size_t earlier = 0;
        for (const cJSON *other = object->item->child; other != child; other = other->next) {
            earlier += strcmp(other->string, child->string) == 0;
        }
        if (earlier > 0) {
            char detail[256];
            snprintf(detail, sizeof detail, "duplicate key \"%s\"; each key may appear only once",
                     child->string);
            return report_at(r, &at, true, earlier, detail);
        }
    }
    return STATUS_OK;
}

/* Rejects keys of a switched object that belong to another choice of its
 * switch key ("dist", "kind"), whose value here is choice. */
static int check_switch_keys(struct reader *r, const struct where *object, const char *switch_key,
                             const char *choice, const struct switch_keys *allowed)
{
    for (const cJSON *child = object->item->child; child; child = child->next) {
        if (!in_list(child->string, allowed->keys, allowed->key_count)) {
            struct strbuf keys;
            strbuf_init(&keys);
            for (size_t i = 0; i < allowed->key_count; i++) {
                strbuf_printf(&keys, "%s%s", i ? ", " : "", allowed->keys[i]);
            }
            char detail[512];
            snprintf(detail, sizeof detail, "expected a key of %s \"%s\" (%s), got \"%s\"",
                     switch_key, choice, keys.data, child->string);
            strbuf_destroy(&keys);
            struct where at = {object, child->string, 0, child};
            return report_at(r, &at, true, 0, detail);
        }
    }
    return STATUS_OK;
}

/* Sets *out to the object at key (item NULL when absent). */
static int read_object(struct reader *r, const struct where *parent, const char *key,
                       struct where *out)
{
    *out = child_of(parent, key);
    if (out->item && !cJSON_IsObject(out->item)) {
        return expected(r, out, "an object");
    }
    return STATUS_OK;
}

static int check_number(struct reader *r, const struct where *at, struct range range, double *value)
{
    if (!cJSON_IsNumber(at->item) || !in_range(at->item->valuedouble, range)) {
        char rule[128];
        describe_range(range, false, rule, sizeof rule);
        return expected(r, at, "%s", rule);
    }
    *value = at->item->valuedouble;
    return STATUS_OK;
}

/* Reads the optional number object[key] into *value; absent keeps *value. */
static int read_number(struct reader *r, const struct where *object, const char *key,
                       struct range range, double *value)
{
    struct where at = child_of(object, key);
    return at.item ? check_number(r, &at, range, value) : STATUS_OK;
}

static int check_integer(struct reader *r, const struct where *at, uint64_t lo, uint64_t hi,
                         uint64_t *value)
{
    double x = cJSON_IsNumber(at->item) ? at->item->valuedouble : NAN;
    if (!(x >= (double)lo && x <= (double)hi && x == floor(x))) {
        return expected(r, at, "an integer in [%" PRIu64 ", %" PRIu64 "]", lo, hi);
    }
    *value = (uint64_t)x;
    return STATUS_OK;
}

static int read_u32(struct reader *r, const struct where *object, const char *key, uint32_t lo,
                    uint32_t hi, uint32_t *value)
{
    struct where at = child_of(object, key);
    uint64_t x = 0;
    if (!at.item) {
        return STATUS_OK;
    }
    if (check_integer(r, &at, lo, hi, &x)) {
        return STATUS_BAD_INPUT;
    }
    *value = (uint32_t)x;
    return STATUS_OK;
}

static int read_bool(struct reader *r, const struct where *object, const char *key, bool *value)
{
    struct where at = child_of(object, key);
    if (!at.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsBool(at.item)) {
        return expected(r, &at, "true or false");
    }
    *value = cJSON_IsTrue(at.item);
    return STATUS_OK;
}

/* Sets *value to the index of the string at `at` in names. */
static int check_choice(struct reader *r, const struct where *at, const char *const *names,
                        size_t count, int *value)
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
    list_names(&rule, names, count, count);
    char hint[96] = "";
    const char *guess =
        cJSON_IsString(at->item) ? message_closest(at->item->valuestring, names, count) : NULL;
    if (guess) {
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", guess);
    }
    int status = report_expected(r, at, rule.data, hint);
    strbuf_destroy(&rule);
    return status;
}

static int read_choice(struct reader *r, const struct where *object, const char *key,
                       const char *const *names, size_t count, int *value)
{
    struct where at = child_of(object, key);
    return at.item ? check_choice(r, &at, names, count, value) : STATUS_OK;
}

/* A role name, or the word `none` ("auto", "any") that stands for -1. */
static int read_role(struct reader *r, const struct where *object, const char *key,
                     const char *none, int *role)
{
    const char *names[ROLE_COUNT + 1];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    names[ROLE_COUNT] = none;
    int choice = *role < 0 ? ROLE_COUNT : *role;
    if (read_choice(r, object, key, names, ROLE_COUNT + 1, &choice)) {
        return STATUS_BAD_INPUT;
    }
    *role = choice == ROLE_COUNT ? -1 : choice;
    return STATUS_OK;
}

/* A value per community: one number for all of them, or an array with one
 * number per community. */
static int check_per_community(struct reader *r, const struct where *at, uint32_t communities,
                               struct range range, double *values)
{
    if (cJSON_IsNumber(at->item)) {
        double x = 0.0;
        if (check_number(r, at, range, &x)) {
            return STATUS_BAD_INPUT;
        }
        for (uint32_t c = 0; c < communities; c++) {
            values[c] = x;
        }
        return STATUS_OK;
    }
    if (!cJSON_IsArray(at->item) || (uint32_t)cJSON_GetArraySize(at->item) != communities) {
        char one[128];
        char many[128];
        describe_range(range, false, one, sizeof one);
        describe_range(range, true, many, sizeof many);
        return expected(r, at, "%s or an array of %" PRIu32 " %s (one per community)", one,
                        communities, many);
    }
    size_t c = 0;
    for (const cJSON *item = at->item->child; item; item = item->next, c++) {
        struct where element = element_of(at, c, item);
        if (check_number(r, &element, range, &values[c])) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* ---- Reading the scenario, section by section ---- */

static int read_identity(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where name = child_of(top, "name");
    if (name.item) {
        if (!cJSON_IsString(name.item) || !config_name_valid(name.item->valuestring)) {
            return expected(r, &name,
                            "a name of 1 to 63 characters from A-Z a-z 0-9 _ . - "
                            "(it names the output directory)");
        }
        snprintf(cfg->name, sizeof cfg->name, "%s", name.item->valuestring);
    } else {
        config_name_from_path(r->label, "scenario", cfg->name);
    }
    struct where note = child_of(top, "note");
    if (note.item) {
        if (!cJSON_IsString(note.item)) {
            return expected(r, &note, "a string");
        }
        cfg->note = xstrdup(note.item->valuestring);
    }
    struct where seed = child_of(top, "seed");
    if (seed.item && check_integer(r, &seed, 0, SEED_MAX, &cfg->seed)) {
        return STATUS_BAD_INPUT;
    }
    if (read_u32(r, top, "replicates", 1, REPLICATES_MAX, &cfg->replicates) ||
        read_number(r, top, "duration_h", positive, &cfg->duration_h)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* The number of communities fixes the size of every per-community array, so
 * it is settled before anything else: from "count", else from the length of
 * "weights", else 1. */
static int read_community_count(struct reader *r, const struct where *communities, uint32_t *count)
{
    struct where count_at = child_of(communities, "count");
    struct where weights = child_of(communities, "weights");
    uint64_t n = 1;
    if (count_at.item && check_integer(r, &count_at, 1, COMMUNITIES_MAX, &n)) {
        return STATUS_BAD_INPUT;
    }
    if (weights.item) {
        size_t len = cJSON_IsArray(weights.item) ? (size_t)cJSON_GetArraySize(weights.item) : 0;
        if (count_at.item && len != n) {
            return expected(
                r, &weights,
                "an array of %" PRIu64 " numbers > 0 (one per community, as count says)", n);
        }
        if (len < 1 || len > COMMUNITIES_MAX) {
            return expected(r, &weights, "an array of 1 to %u numbers > 0 (one per community)",
                            COMMUNITIES_MAX);
        }
        n = len;
    }
    *count = (uint32_t)n;
    return STATUS_OK;
}

static int read_mixing(struct reader *r, const struct where *communities, struct config *cfg)
{
    struct where mixing = child_of(communities, "mixing");
    uint32_t n = cfg->communities;
    if (!mixing.item) {
        return STATUS_OK;
    }
    if (cfg->graph.source == GRAPH_IMPLICIT) {
        return fail(r, &mixing,
                    "expected no mixing matrix with /population/graph/source \"implicit\": "
                    "the implicit graph takes homophily, not a mixing matrix");
    }
    if (!cJSON_IsArray(mixing.item) || (uint32_t)cJSON_GetArraySize(mixing.item) != n) {
        return expected(
            r, &mixing,
            "an array of %" PRIu32 " rows (one per community) of %" PRIu32 " numbers >= 0", n, n);
    }
    cfg->mixing = xmalloc((size_t)n * n * sizeof *cfg->mixing);
    size_t c = 0;
    for (const cJSON *item = mixing.item->child; item; item = item->next, c++) {
        struct where row = element_of(&mixing, c, item);
        if (!cJSON_IsArray(item) || (uint32_t)cJSON_GetArraySize(item) != n) {
            return expected(r, &row, "an array of %" PRIu32 " numbers >= 0 (one per community)", n);
        }
        double *values = &cfg->mixing[c * n];
        bool any_positive = false;
        size_t d = 0;
        for (const cJSON *entry = item->child; entry; entry = entry->next, d++) {
            struct where at = element_of(&row, d, entry);
            if (check_number(r, &at, non_negative, &values[d])) {
                return STATUS_BAD_INPUT;
            }
            any_positive = any_positive || values[d] > 0.0;
        }
        if (!any_positive) {
            return fail(r, &row, "expected a row with at least one entry > 0, got only zeros");
        }
    }
    return STATUS_OK;
}

static int read_followers(struct reader *r, const struct where *role,
                          struct follower_dist *followers)
{
    struct where object;
    if (read_object(r, role, "followers", &object)) {
        return STATUS_BAD_INPUT;
    }
    if (!object.item) {
        return STATUS_OK;
    }
    int kind = (int)followers->kind;
    if (check_keys(r, &object, follower_keys, COUNT_OF(follower_keys), "key") ||
        read_choice(r, &object, "dist", follower_dist_names, COUNT_OF(follower_dist_names),
                    &kind) ||
        check_switch_keys(r, &object, "dist", follower_dist_names[kind],
                          &follower_dist_keys[kind])) {
        return STATUS_BAD_INPUT;
    }
    followers->kind = (enum follower_dist_kind)kind;
    bool failed = false;
    switch (followers->kind) {
    case FOLLOWERS_LOGNORMAL:
        failed = read_number(r, &object, "median", non_negative, &followers->median) ||
                 read_number(r, &object, "sigma", non_negative, &followers->sigma);
        break;
    case FOLLOWERS_PARETO:
        failed = read_number(r, &object, "min", positive, &followers->min) ||
                 read_number(r, &object, "alpha", positive, &followers->alpha);
        break;
    case FOLLOWERS_FIXED:
        failed = read_number(r, &object, "n", non_negative, &followers->median);
        break;
    }
    if (failed || read_u32(r, &object, "max", 0, UINT32_MAX, &followers->max)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static int read_roles(struct reader *r, const struct where *population, struct config *cfg)
{
    const char *names[ROLE_COUNT];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    struct where roles;
    if (read_object(r, population, "roles", &roles) ||
        check_keys(r, &roles, names, ROLE_COUNT, "role")) {
        return STATUS_BAD_INPUT;
    }
    uint64_t special = 0; /* accounts of every role but user, which takes the rest */
    for (int i = 0; i < ROLE_COUNT; i++) {
        struct where role;
        if (read_object(r, &roles, names[i], &role) ||
            check_keys(r, &role, role_keys, COUNT_OF(role_keys), "key")) {
            return STATUS_BAD_INPUT;
        }
        if (!role.item) {
            continue;
        }
        struct role_config *rc = &cfg->roles[i];
        struct where count = child_of(&role, "count");
        if (count.item) {
            uint64_t n = 0;
            if (i == ROLE_USER) {
                return expected(r, &count,
                                "no count for role user (users are the accounts the other "
                                "roles leave)");
            }
            /* A file graph's size is known only once the file is read, so
             * graph_from_edges checks its counts against the file instead. */
            bool from_file = cfg->graph.source == GRAPH_FILE;
            if (check_integer(r, &count, 0, from_file ? UINT32_MAX : cfg->accounts, &n)) {
                return STATUS_BAD_INPUT;
            }
            special += n;
            if (!from_file && special > cfg->accounts) {
                return fail(r, &count,
                            "expected role counts summing to at most %" PRIu32
                            " (population/accounts), got %" PRIu64 ", making the sum %" PRIu64,
                            cfg->accounts, n, special);
            }
            rc->count = (uint32_t)n;
        }
        if (read_number(r, &role, "share_prob", unit_interval, &rc->share_prob) ||
            read_number(r, &role, "activity", unit_interval, &rc->activity) ||
            read_followers(r, &role, &rc->followers)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* Whether the value at `at` was put there by a --set override. */
static bool from_override(const struct reader *r, const struct where *at)
{
    struct strbuf pointer;
    strbuf_init(&pointer);
    append_pointer(&pointer, at);
    bool found = override_of(r, pointer.data) >= 0;
    strbuf_destroy(&pointer);
    return found;
}

/* Returns the file a scenario path names, for the caller to free. A
 * relative path is relative to the scenario file's directory (the label's),
 * or to the current directory when the label has none or the path came from
 * --set, as a path typed on the command line would. An existing file's path
 * is then made absolute with realpath: scenario.json is written to another
 * directory and read again from there, so only an absolute path names the
 * same file every time. A missing file keeps the joined path, for the
 * message that reading it gives. */
static char *resolve_path(const struct reader *r, const struct where *at, const char *path)
{
    const char *slash = strrchr(r->label, '/');
    char *joined;
    if (path[0] == '/' || !slash || from_override(r, at)) {
        joined = xstrdup(path);
    } else {
        size_t dir = (size_t)(slash - r->label) + 1;
        joined = xmalloc(dir + strlen(path) + 1);
        memcpy(joined, r->label, dir);
        strcpy(joined + dir, path);
    }
    char *absolute = realpath(joined, NULL);
    if (absolute) {
        free(joined);
        return absolute;
    }
    return joined;
}

/* Reads the file path at `at` into *path (resolved, owned by the config). */
static int read_path(struct reader *r, const struct where *at, char **path)
{
    if (!cJSON_IsString(at->item) || at->item->valuestring[0] == '\0') {
        return expected(r, at, "a file path (a non-empty string)");
    }
    free(*path);
    *path = resolve_path(r, at, at->item->valuestring);
    return STATUS_OK;
}

/* Reads /population/graph: where the follower graph comes from. The keys
 * after "source" belong to file graphs only. */
static int read_graph(struct reader *r, const struct where *population, struct config *cfg)
{
    struct graph_config *graph = &cfg->graph;
    struct where object;
    if (read_object(r, population, "graph", &object) ||
        check_keys(r, &object, graph_keys, COUNT_OF(graph_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    const char *sources[] = {graph_source_name(GRAPH_GENERATED), graph_source_name(GRAPH_IMPLICIT),
                             graph_source_name(GRAPH_FILE)};
    int source = (int)graph->source;
    if (read_choice(r, &object, "source", sources, COUNT_OF(sources), &source)) {
        return STATUS_BAD_INPUT;
    }
    graph->source = (enum graph_source)source;
    if (graph->source != GRAPH_FILE) {
        for (size_t i = 1; i < COUNT_OF(graph_keys); i++) {
            struct where at = child_of(&object, graph_keys[i]);
            if (at.item) {
                char detail[256];
                snprintf(detail, sizeof detail,
                         "expected no \"%s\" with source \"%s\" (only source \"file\" reads an "
                         "edge list)",
                         graph_keys[i], sources[source]);
                return report_at(r, &at, true, 0, detail);
            }
        }
        return STATUS_OK;
    }
    struct where path = child_of(&object, "path");
    if (!path.item) {
        return missing(r, &object, "path");
    }
    struct where attributes = child_of(&object, "attributes");
    if (read_path(r, &path, &graph->path) ||
        (attributes.item && read_path(r, &attributes, &graph->attributes)) ||
        read_bool(r, &object, "undirected", &graph->undirected) ||
        read_bool(r, &object, "reverse", &graph->reverse)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* Reads the population; *communities was settled by read_community_count
 * and config_init already sized the arrays with it. */
static int read_population(struct reader *r, const struct where *population,
                           const struct where *communities, struct config *cfg)
{
    struct where weights = child_of(communities, "weights");
    struct where accounts = child_of(population, "accounts");
    if (read_graph(r, population, cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (cfg->graph.source == GRAPH_FILE) {
        cfg->accounts = 0; /* the edge list decides */
        if (accounts.item) {
            return expected(r, &accounts,
                            "no accounts with /population/graph/source \"file\" (the edge "
                            "list decides how many there are)");
        }
    } else if (read_u32(r, population, "accounts", 2, UINT32_MAX, &cfg->accounts)) {
        return STATUS_BAD_INPUT;
    }
    if (weights.item) {
        size_t c = 0;
        double sum = 0.0;
        for (const cJSON *item = weights.item->child; item; item = item->next, c++) {
            struct where at = element_of(&weights, c, item);
            if (check_number(r, &at, positive, &cfg->community_weights[c])) {
                return STATUS_BAD_INPUT;
            }
            sum += cfg->community_weights[c];
        }
        if (!isfinite(sum)) {
            return fail(r, &weights,
                        "expected numbers > 0 with a finite sum, got a sum too large "
                        "to represent");
        }
    }
    if (read_number(r, communities, "homophily", unit_interval, &cfg->homophily) ||
        read_mixing(r, communities, cfg) || read_roles(r, population, cfg)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static int read_delay(struct reader *r, const struct where *platform, struct delay_config *delay)
{
    struct where object;
    if (read_object(r, platform, "delay", &object)) {
        return STATUS_BAD_INPUT;
    }
    if (!object.item) {
        return STATUS_OK;
    }
    int kind = (int)delay->kind;
    if (check_keys(r, &object, delay_keys, COUNT_OF(delay_keys), "key") ||
        read_choice(r, &object, "dist", delay_dist_names, COUNT_OF(delay_dist_names), &kind) ||
        check_switch_keys(r, &object, "dist", delay_dist_names[kind], &delay_dist_keys[kind])) {
        return STATUS_BAD_INPUT;
    }
    delay->kind = (enum delay_kind)kind;
    bool failed = false;
    switch (delay->kind) {
    case DELAY_EXPONENTIAL:
        failed = read_number(r, &object, "half_life_h", positive, &delay->half_life_h);
        break;
    case DELAY_LOGNORMAL:
        failed = read_number(r, &object, "median_h", positive, &delay->median_h) ||
                 read_number(r, &object, "sigma", positive, &delay->sigma);
        break;
    case DELAY_UNIFORM:
        failed = read_number(r, &object, "max_h", positive, &delay->max_h);
        break;
    }
    return failed ? STATUS_BAD_INPUT : STATUS_OK;
}

static int read_trust(struct reader *r, const struct where *platform, struct config *cfg)
{
    const char *names[ROLE_COUNT];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    struct where trust;
    if (read_object(r, platform, "trust", &trust) ||
        check_keys(r, &trust, names, ROLE_COUNT, "role")) {
        return STATUS_BAD_INPUT;
    }
    for (int i = 0; i < ROLE_COUNT; i++) {
        struct where at = child_of(&trust, names[i]);
        double *row = &cfg->trust[(size_t)i * cfg->communities];
        if (at.item && check_per_community(r, &at, cfg->communities, non_negative, row)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

static int read_platform(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where platform;
    if (read_object(r, top, "platform", &platform) ||
        check_keys(r, &platform, platform_keys, COUNT_OF(platform_keys), "key") ||
        read_number(r, &platform, "visibility", unit_interval, &cfg->visibility) ||
        read_number(r, &platform, "lifetime_h", positive, &cfg->lifetime_h) ||
        read_delay(r, &platform, &cfg->delay) ||
        read_number(r, &platform, "synthetic_boost", non_negative, &cfg->synthetic_boost) ||
        read_number(r, &platform, "reinforcement", positive, &cfg->reinforcement) ||
        read_trust(r, &platform, cfg)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static int read_recommender(struct reader *r, const struct where *top, struct config *cfg)
{
    struct recommender_config *rec = &cfg->recommender;
    struct where object;
    int targeting = (int)rec->targeting;
    if (read_object(r, top, "recommender", &object) ||
        check_keys(r, &object, recommender_keys, COUNT_OF(recommender_keys), "key") ||
        read_bool(r, &object, "enabled", &rec->enabled) ||
        read_number(r, &object, "tick_h", positive, &rec->tick_h) ||
        read_number(r, &object, "gain", non_negative, &rec->gain) ||
        read_number(r, &object, "max_views_per_h", non_negative, &rec->max_views_per_h) ||
        read_choice(r, &object, "targeting", targeting_names, COUNT_OF(targeting_names),
                    &targeting)) {
        return STATUS_BAD_INPUT;
    }
    rec->targeting = (enum targeting)targeting;
    return STATUS_OK;
}

/* Story names appear in CSV headers and messages, so they must be printable. */
static bool is_valid_story_name(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len >= CONFIG_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) {
            return false;
        }
    }
    return true;
}

static int read_story(struct reader *r, const struct where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return expected(r, at, "a story object");
    }
    if (check_keys(r, at, story_keys, COUNT_OF(story_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct where name = child_of(at, "name");
    if (!name.item) {
        return missing(r, at, "name");
    }
    if (!cJSON_IsString(name.item) || !is_valid_story_name(name.item->valuestring)) {
        return expected(r, &name, "a story name of 1 to %d bytes without control characters",
                        CONFIG_NAME_MAX - 1);
    }
    int earlier = config_find_story(cfg, name.item->valuestring);
    if (earlier >= 0) {
        char got[96];
        message_describe(name.item, got, sizeof got);
        return fail(r, &name,
                    "expected a unique story name, got %s, already the name of /stories/%d", got,
                    earlier);
    }
    struct story_config *story = config_add_story(cfg, name.item->valuestring);
    const char *kinds[] = {story_kind_name(STORY_FABRICATED), story_kind_name(STORY_GENUINE),
                           story_kind_name(STORY_CORRECTION)};
    int kind = (int)story->kind;
    struct where appeal = child_of(at, "appeal");
    if (read_choice(r, at, "kind", kinds, COUNT_OF(kinds), &kind) ||
        read_role(r, at, "origin", "auto", &story->origin) ||
        (appeal.item &&
         check_per_community(r, &appeal, cfg->communities, non_negative, story->appeal)) ||
        read_bool(r, at, "synthetic", &story->synthetic) ||
        read_number(r, at, "half_life_h", non_negative, &story->half_life_h)) {
        return STATUS_BAD_INPUT;
    }
    story->kind = (enum story_kind)kind;
    return STATUS_OK;
}

static int read_stories(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where stories = child_of(top, "stories");
    if (!stories.item) {
        return missing(r, top, "stories");
    }
    int n = cJSON_IsArray(stories.item) ? cJSON_GetArraySize(stories.item) : 0;
    if (n < 1 || n > STORIES_MAX) {
        return expected(r, &stories, "a non-empty array of at most %d stories", STORIES_MAX);
    }
    size_t s = 0;
    for (const cJSON *item = stories.item->child; item; item = item->next, s++) {
        struct where at = element_of(&stories, s, item);
        if (read_story(r, &at, cfg)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* Reads the required story name object[key] into *story, the story's index;
 * the message for a name that is not there lists the names that are. */
static int read_story_ref(struct reader *r, const struct where *object, const char *key,
                          const struct config *cfg, uint32_t *story)
{
    struct where at = child_of(object, key);
    if (!at.item) {
        return missing(r, object, key);
    }
    int found = cJSON_IsString(at.item) ? config_find_story(cfg, at.item->valuestring) : -1;
    if (found >= 0) {
        *story = (uint32_t)found;
        return STATUS_OK;
    }
    const char **names = xmalloc(cfg->story_count * sizeof *names);
    for (size_t s = 0; s < cfg->story_count; s++) {
        names[s] = cfg->stories[s].name;
    }
    struct strbuf rule;
    strbuf_init(&rule);
    strbuf_printf(&rule, "the name of a story in /stories (");
    list_names(&rule, names, cfg->story_count, 8);
    strbuf_printf(&rule, ")");
    char hint[96] = "";
    const char *guess = cJSON_IsString(at.item)
                            ? message_closest(at.item->valuestring, names, cfg->story_count)
                            : NULL;
    if (guess) {
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", guess);
    }
    int status = report_expected(r, &at, rule.data, hint);
    strbuf_destroy(&rule);
    free(names);
    return status;
}

static int read_select(struct reader *r, const struct where *action, const struct config *cfg,
                       struct select_config *select)
{
    struct where object;
    if (read_object(r, action, "select", &object) ||
        check_keys(r, &object, select_keys, COUNT_OF(select_keys), "key") ||
        read_role(r, &object, "role", "any", &select->role)) {
        return STATUS_BAD_INPUT;
    }
    struct where community = child_of(&object, "community");
    if (community.item) {
        bool any =
            cJSON_IsString(community.item) && strcmp(community.item->valuestring, "any") == 0;
        double x = cJSON_IsNumber(community.item) ? community.item->valuedouble : NAN;
        if (!any && !(x >= 0.0 && x < (double)cfg->communities && x == floor(x))) {
            return expected(r, &community, "an integer in [0, %" PRIu32 "] or \"any\"",
                            cfg->communities - 1);
        }
        select->community = any ? -1 : (int)x;
    }
    int pick = (int)select->pick;
    if (read_u32(r, &object, "count", 1, UINT32_MAX, &select->count) ||
        read_choice(r, &object, "pick", pick_names, COUNT_OF(pick_names), &pick)) {
        return STATUS_BAD_INPUT;
    }
    select->pick = (enum pick)pick;
    return STATUS_OK;
}

static int read_action(struct reader *r, const struct where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return expected(r, at, "an action object");
    }
    if (check_keys(r, at, action_keys, COUNT_OF(action_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct action_config *action = config_add_action(cfg);
    struct where at_h = child_of(at, "at_h");
    if (!at_h.item) {
        return missing(r, at, "at_h");
    }
    struct range before_end = {0.0, cfg->duration_h, false, true};
    if (check_number(r, &at_h, before_end, &action->at_h) ||
        read_story_ref(r, at, "story", cfg, &action->story) ||
        read_select(r, at, cfg, &action->select) ||
        read_number(r, at, "jitter_h", non_negative, &action->jitter_h)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* An action or intervention must be able to select someone: count the
 * accounts of the population layout (no graph needed) that match its role
 * and community. */
static int check_selectable(struct reader *r, const struct where *action, const struct config *cfg,
                            const uint32_t *cell, const struct select_config *select)
{
    uint64_t matches = 0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        for (int role = 0; role < ROLE_COUNT; role++) {
            if ((select->community < 0 || (uint32_t)select->community == c) &&
                (select->role < 0 || select->role == role)) {
                matches += cell[(size_t)c * ROLE_COUNT + role];
            }
        }
    }
    if (matches > 0) {
        return STATUS_OK;
    }
    struct where at = child_of(action, "select");
    if (!at.item) {
        at = *action;
    }
    char community[40] = "any community";
    if (select->community >= 0) {
        snprintf(community, sizeof community, "community %d", select->community);
    }
    const char *role = select->role >= 0 ? role_name(select->role) : "any";
    return fail(r, &at,
                "expected at least one account with role %s in %s, got none (raise "
                "/population/roles/%s/count)",
                role, community, select->role >= 0 ? role : "user");
}

static int read_campaign(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where campaign;
    if (read_object(r, top, "campaign", &campaign)) {
        return STATUS_BAD_INPUT;
    }
    if (!campaign.item) {
        return missing(r, top, "campaign");
    }
    if (check_keys(r, &campaign, campaign_keys, COUNT_OF(campaign_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct where actions = child_of(&campaign, "actions");
    if (!actions.item) {
        return missing(r, &campaign, "actions");
    }
    if (!cJSON_IsArray(actions.item) || cJSON_GetArraySize(actions.item) < 1) {
        return expected(r, &actions, "a non-empty array of actions");
    }
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    if (cfg->graph.source != GRAPH_FILE) {
        graph_cell_counts(cfg, cfg->accounts, cell);
    }
    size_t a = 0;
    int status = STATUS_OK;
    for (const cJSON *item = actions.item->child; item && status == STATUS_OK;
         item = item->next, a++) {
        struct where at = element_of(&actions, a, item);
        status = read_action(r, &at, cfg);
        /* A file graph's roles are known only once it is read (world_init). */
        if (status == STATUS_OK && cfg->graph.source != GRAPH_FILE) {
            status = check_selectable(r, &at, cfg, cell, &cfg->actions[a].select);
        }
    }
    free(cell);
    return status;
}

/* Reads an intervention's "trigger": exactly one condition, the story it
 * watches, the rate window and the delay. own_story tells whether the
 * intervention has a story the trigger can watch by default. */
/* Refuses a views or share-rate threshold the population can never reach,
 * so the intervention could never fire. Views come from posts and the
 * recommender: every account shares a story at most once, besides the
 * campaign's posts and each fact-check's, each post reaches each follower at most
 * once, and the recommender adds at most max_views_per_h an hour. Shares in
 * any window are at most one per account. (A file graph's size is known only
 * once it is read; it is not checked here.) */
static int check_reachable(struct reader *r, const struct where *condition,
                           const struct config *cfg, const struct intervention_config *iv)
{
    double accounts = (double)cfg->accounts;
    char bound[32];
    if (iv->trigger == TRIGGER_SHARE_RATE) {
        double window = iv->window_h;
        struct where at = child_of(condition->up, "window_h");
        if (at.item && cJSON_IsNumber(at.item)) {
            window = at.item->valuedouble;
        }
        if (window > 0.0 && iv->threshold * window > accounts) {
            message_number(accounts / window, bound, sizeof bound);
            return expected(r, condition,
                            "a share rate the population can reach: at most %s per hour "
                            "(%" PRIu32 " accounts, each sharing once, over window_h), or the "
                            "intervention never fires",
                            bound, cfg->accounts);
        }
        return STATUS_OK;
    }
    /* Fact-checks not read yet may each have every account post a correction. */
    const struct where *array = condition->up->up->up;
    double checks = array && cJSON_IsArray(array->item) ? cJSON_GetArraySize(array->item) : 1.0;
    double posts = accounts * (1.0 + checks);
    for (size_t a = 0; a < cfg->action_count; a++) {
        posts += cfg->actions[a].select.count;
    }
    double most = posts * (accounts - 1.0);
    if (cfg->recommender.enabled) {
        most += cfg->recommender.max_views_per_h * (cfg->duration_h + cfg->recommender.tick_h);
    }
    if (iv->threshold > most) {
        message_number(most, bound, sizeof bound);
        return expected(r, condition,
                        "a number of views the scenario can reach: at most %s (%" PRIu32
                        " accounts, each post seen at most once by each, plus the "
                        "recommender's max_views_per_h), or the intervention never fires",
                        bound, cfg->accounts);
    }
    return STATUS_OK;
}

static int read_trigger(struct reader *r, const struct where *intervention,
                        const struct config *cfg, bool own_story, struct intervention_config *iv)
{
    struct where trigger;
    if (read_object(r, intervention, "trigger", &trigger)) {
        return STATUS_BAD_INPUT;
    }
    if (!trigger.item) {
        return missing(r, intervention, "trigger");
    }
    if (check_keys(r, &trigger, trigger_keys, COUNT_OF(trigger_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    const char *const conditions[] = {"at_h", "views", "share_rate_per_h"};
    const enum trigger_kind kinds[] = {TRIGGER_AT, TRIGGER_VIEWS, TRIGGER_SHARE_RATE};
    size_t found = 0;
    size_t which = 0;
    const char *given[COUNT_OF(conditions)];
    for (size_t i = 0; i < COUNT_OF(conditions); i++) {
        if (child_of(&trigger, conditions[i]).item) {
            given[found++] = conditions[i];
            which = i;
        }
    }
    if (found != 1) {
        struct strbuf got;
        strbuf_init(&got);
        if (found == 0) {
            strbuf_printf(&got, "none");
        }
        for (size_t i = 0; i < found; i++) {
            const char *separator = i + 1 == found ? " and " : ", ";
            strbuf_printf(&got, "%s\"%s\"", i == 0 ? "" : separator, given[i]);
        }
        int status = fail(r, &trigger,
                          "expected exactly one of \"at_h\", \"views\", \"share_rate_per_h\", "
                          "got %s",
                          got.data);
        strbuf_destroy(&got);
        return status;
    }
    iv->trigger = kinds[which];
    struct where condition = child_of(&trigger, conditions[which]);
    struct range before_end = {0.0, cfg->duration_h, false, true};
    if (check_number(r, &condition, iv->trigger == TRIGGER_AT ? before_end : positive,
                     iv->trigger == TRIGGER_AT ? &iv->at_h : &iv->threshold)) {
        return STATUS_BAD_INPUT;
    }
    /* A timed trigger watches nothing, and only a rate has a window. */
    struct where story = child_of(&trigger, "story");
    struct where window = child_of(&trigger, "window_h");
    const struct where *stray = NULL;
    const char *why = NULL;
    if (iv->trigger == TRIGGER_AT && story.item) {
        stray = &story;
        why = "a trigger at a time watches no story";
    } else if (iv->trigger != TRIGGER_SHARE_RATE && window.item) {
        stray = &window;
        why = "only \"share_rate_per_h\" is measured over a window";
    }
    if (stray) {
        char detail[256];
        snprintf(detail, sizeof detail, "expected no \"%s\" with \"%s\" (%s)", stray->key,
                 conditions[which], why);
        return report_at(r, stray, true, 0, detail);
    }
    iv->trigger_story = iv->story;
    if (iv->trigger != TRIGGER_AT) {
        if (story.item) {
            if (read_story_ref(r, &trigger, "story", cfg, &iv->trigger_story)) {
                return STATUS_BAD_INPUT;
            }
        } else if (!own_story) {
            return fail(r, &trigger,
                        "missing required key \"story\" (the story whose %s the trigger "
                        "watches: a suspension has no story of its own)",
                        iv->trigger == TRIGGER_VIEWS ? "views" : "share rate");
        }
    }
    if (read_number(r, &trigger, "window_h", positive, &iv->window_h) ||
        read_number(r, &trigger, "delay_h", before_end, &iv->delay_h)) {
        return STATUS_BAD_INPUT;
    }
    if (iv->trigger != TRIGGER_AT && cfg->graph.source != GRAPH_FILE &&
        check_reachable(r, &condition, cfg, iv)) {
        return STATUS_BAD_INPUT;
    }
    if (iv->trigger == TRIGGER_AT && !(iv->at_h + iv->delay_h < cfg->duration_h)) {
        struct where delay = child_of(&trigger, "delay_h");
        char limit[32];
        message_number(cfg->duration_h - iv->at_h, limit, sizeof limit);
        return expected(r, &delay,
                        "a number in [0, %s) (at_h + delay_h must be before duration_h, or the "
                        "intervention never happens)",
                        limit);
    }
    return STATUS_OK;
}

/* Reads a factcheck's optional "correction": a story of kind correction
 * other than the one checked. */
static int read_correction(struct reader *r, const struct where *intervention,
                           const struct config *cfg, struct intervention_config *iv)
{
    struct where at = child_of(intervention, "correction");
    uint32_t correction = 0;
    if (!at.item) {
        return STATUS_OK;
    }
    if (read_story_ref(r, intervention, "correction", cfg, &correction)) {
        return STATUS_BAD_INPUT;
    }
    const struct story_config *story = &cfg->stories[correction];
    char got[96];
    message_describe(at.item, got, sizeof got);
    if (story->kind != STORY_CORRECTION) {
        return fail(r, &at,
                    "expected the name of a story of kind \"correction\", got %s, a story of "
                    "kind \"%s\"",
                    got, story_kind_name(story->kind));
    }
    if (correction == iv->story) {
        return fail(r, &at,
                    "expected a story other than the one fact-checked (\"story\"), got %s for "
                    "both",
                    got);
    }
    iv->correction = (int)correction;
    return STATUS_OK;
}

static int read_intervention(struct reader *r, const struct where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return expected(r, at, "an intervention object");
    }
    if (check_keys(r, at, intervention_keys, COUNT_OF(intervention_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    const char *kinds[COUNT_OF(intervention_kind_keys)];
    for (size_t k = 0; k < COUNT_OF(kinds); k++) {
        kinds[k] = intervention_kind_name((enum intervention_kind)k);
    }
    struct where kind_at = child_of(at, "kind");
    int kind = 0;
    if (!kind_at.item) {
        return missing(r, at, "kind");
    }
    if (check_choice(r, &kind_at, kinds, COUNT_OF(kinds), &kind) ||
        check_switch_keys(r, at, "kind", kinds[kind], &intervention_kind_keys[kind])) {
        return STATUS_BAD_INPUT;
    }
    struct intervention_config *iv = config_add_intervention(cfg);
    iv->kind = (enum intervention_kind)kind;
    bool own_story = iv->kind != INTERVENTION_SUSPEND;
    if ((own_story && read_story_ref(r, at, "story", cfg, &iv->story)) ||
        read_trigger(r, at, cfg, own_story, iv)) {
        return STATUS_BAD_INPUT;
    }
    switch (iv->kind) {
    case INTERVENTION_FACTCHECK:
        iv->select.role = ROLE_FACTCHECKER;
        if (read_correction(r, at, cfg, iv) || read_select(r, at, cfg, &iv->select) ||
            read_number(r, at, "label_factor", non_negative, &iv->label_factor)) {
            return STATUS_BAD_INPUT;
        }
        break;
    case INTERVENTION_TAKEDOWN:
        break;
    case INTERVENTION_SUSPEND:
        if (!child_of(at, "select").item) {
            return missing(r, at, "select");
        }
        if (read_select(r, at, cfg, &iv->select)) {
            return STATUS_BAD_INPUT;
        }
        break;
    case INTERVENTION_DEMOTE:
        /* A demotion by the default factor of 1 would change nothing. */
        if (!child_of(at, "factor").item) {
            return missing(r, at, "factor");
        }
        if (read_number(r, at, "factor", non_negative, &iv->factor)) {
            return STATUS_BAD_INPUT;
        }
        break;
    }
    return STATUS_OK;
}

static int read_interventions(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where interventions = child_of(top, "interventions");
    if (!interventions.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsArray(interventions.item)) {
        return expected(r, &interventions, "an array of interventions");
    }
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    if (cfg->graph.source != GRAPH_FILE) {
        graph_cell_counts(cfg, cfg->accounts, cell);
    }
    size_t i = 0;
    int status = STATUS_OK;
    for (const cJSON *item = interventions.item->child; item && status == STATUS_OK;
         item = item->next, i++) {
        struct where at = element_of(&interventions, i, item);
        status = read_intervention(r, &at, cfg);
        if (status != STATUS_OK || cfg->graph.source == GRAPH_FILE) {
            continue; /* a file graph's roles are known only once it is read */
        }
        /* Only a suspension and a factcheck that publishes a correction select anyone. */
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->kind == INTERVENTION_SUSPEND ||
            (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0)) {
            status = check_selectable(r, &at, cfg, cell, &iv->select);
        }
    }
    free(cell);
    return status;
}

static int read_output(struct reader *r, const struct where *top, struct config *cfg)
{
    struct where output;
    if (read_object(r, top, "output", &output) ||
        check_keys(r, &output, output_keys, COUNT_OF(output_keys), "key") ||
        read_number(r, &output, "bin_h", positive, &cfg->bin_h) ||
        read_number(r, &output, "community_reach_fraction", unit_interval,
                    &cfg->community_reach_fraction)) {
        return STATUS_BAD_INPUT;
    }
    if (cfg->duration_h / cfg->bin_h > BINS_MAX) {
        /* Blame bin_h if it was given, else the duration that outgrew the default bin. */
        struct where bin_h = child_of(&output, "bin_h");
        char smallest[32];
        message_number(cfg->duration_h / BINS_MAX, smallest, sizeof smallest);
        if (bin_h.item) {
            return expected(r, &bin_h,
                            "a number >= %s (duration_h / bin_h must be at most 1e6 bins)",
                            smallest);
        }
        struct where duration = child_of(top, "duration_h");
        return expected(r, &duration, "a number > 0 and at most 1e6 bins of bin_h");
    }
    return STATUS_OK;
}

static int read_scenario(struct reader *r, const cJSON *root, struct config *cfg)
{
    struct where top = {NULL, NULL, 0, root};
    struct where population;
    struct where communities;
    uint32_t community_count = 1;
    if (check_keys(r, &top, root_keys, COUNT_OF(root_keys), "key") ||
        read_object(r, &top, "population", &population) ||
        check_keys(r, &population, population_keys, COUNT_OF(population_keys), "key") ||
        read_object(r, &population, "communities", &communities) ||
        check_keys(r, &communities, communities_keys, COUNT_OF(communities_keys), "key") ||
        read_community_count(r, &communities, &community_count)) {
        return STATUS_BAD_INPUT;
    }
    config_init(cfg, community_count);
    if (read_identity(r, &top, cfg) || read_population(r, &population, &communities, cfg) ||
        read_platform(r, &top, cfg) || read_recommender(r, &top, cfg) ||
        read_stories(r, &top, cfg) || read_campaign(r, &top, cfg) ||
        read_interventions(r, &top, cfg) || read_output(r, &top, cfg)) {
        return STATUS_BAD_INPUT;
    }
    char why[256];
    if (config_check(cfg, why, sizeof why) != 0) {
        return error_set(r->err, "%s: invalid scenario: %s", r->label, why);
    }
    return STATUS_OK;
}

/* ---- Overrides ---- */

/* cJSON returns NULL when malloc fails; like xmalloc, treat that as fatal. */
static void *need(void *allocated)
{
    if (!allocated) {
        fprintf(stderr, "amplisim: out of memory building JSON\n");
        abort();
    }
    return allocated;
}

/* Splits an override path ("/a/b~1c" or "a.b") into components, undoing
 * the pointer escapes. Returns the number of components (0 for a malformed
 * path); parts point into buffer, which the caller frees. */
static size_t split_path(const char *path, char **buffer, char ***parts)
{
    bool pointer = path[0] == '/';
    char separator = pointer ? '/' : '.';
    char *copy = xstrdup(pointer ? path + 1 : path);
    size_t count = 1;
    for (const char *p = copy; *p; p++) {
        count += *p == separator;
    }
    char **list = xmalloc(count * sizeof *list);
    char *start = copy;
    for (size_t i = 0; i < count; i++) {
        char *end = strchr(start, separator);
        if (end) {
            *end = '\0';
        }
        list[i] = start;
        if (pointer) {
            char *out = start;
            for (const char *in = start; *in; in++) {
                if (in[0] == '~' && (in[1] == '0' || in[1] == '1')) {
                    *out++ = in[1] == '0' ? '~' : '/';
                    in++;
                } else {
                    *out++ = *in;
                }
            }
            *out = '\0';
        }
        if (list[i][0] == '\0') {
            count = 0; /* an empty component is a typo, not a key */
            break;
        }
        start = end ? end + 1 : start + strlen(start);
    }
    *buffer = copy;
    *parts = list;
    return count;
}

/* Reads an array index component: decimal without leading zeros, or "-"
 * for one past the end (RFC 6901). */
static bool parse_index(const char *component, size_t size, size_t *index)
{
    if (strcmp(component, "-") == 0) {
        *index = size;
        return true;
    }
    size_t len = strlen(component);
    if (len == 0 || len > 9 || (len > 1 && component[0] == '0')) {
        return false;
    }
    size_t value = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)component[i])) {
            return false;
        }
        value = value * 10 + (size_t)(component[i] - '0');
    }
    *index = value;
    return true;
}

static void append_component(struct strbuf *pointer, const char *component)
{
    strbuf_append(pointer, "/", 1);
    for (const char *k = component; *k; k++) {
        if (*k == '~') {
            strbuf_append(pointer, "~0", 2);
        } else if (*k == '/') {
            strbuf_append(pointer, "~1", 2);
        } else {
            strbuf_append(pointer, k, 1);
        }
    }
}

static int override_error(struct reader *r, const struct scenario_override *o, const char *pointer,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int override_error(struct reader *r, const struct scenario_override *o, const char *pointer,
                          const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return error_set(r->err, "--set %s=%s: %s: %s", o->path, o->value, pointer[0] ? pointer : "/",
                     detail);
}

/* Puts value at the path parts[0..count) below root, creating missing
 * containers on the way (an array when the next component is an index).
 * Takes ownership of value. Fills *pointer with the JSON pointer of the
 * path and *added with the pointer of the first container it created. */
static int put_value(struct reader *r, const struct scenario_override *o, cJSON *root, char **parts,
                     size_t count, cJSON *value, struct strbuf *pointer, char **added)
{
    cJSON *node = root;
    for (size_t i = 0; i < count; i++) {
        const char *component = parts[i];
        size_t size = cJSON_IsArray(node) ? (size_t)cJSON_GetArraySize(node) : 0;
        size_t at = 0;
        cJSON *child = NULL;
        if (cJSON_IsObject(node)) {
            child = cJSON_GetObjectItemCaseSensitive(node, component);
        } else if (cJSON_IsArray(node)) {
            if (!parse_index(component, size, &at) || at > size) {
                append_component(pointer, component);
                cJSON_Delete(value);
                return override_error(r, o, pointer->data,
                                      "expected an array index in [0, %zu] (%zu appends), "
                                      "got \"%s\"",
                                      size, size, component);
            }
            child = at < size ? cJSON_GetArrayItem(node, (int)at) : NULL;
        } else {
            char got[96];
            message_describe(node, got, sizeof got);
            cJSON_Delete(value);
            return override_error(r, o, pointer->data,
                                  "expected an object or an array to hold \"%s\", got %s",
                                  component, got);
        }
        append_component(pointer, component);
        if (i + 1 == count) {
            if (cJSON_IsObject(node) && child) {
                cJSON_ReplaceItemInObjectCaseSensitive(node, component, value);
            } else if (cJSON_IsObject(node)) {
                cJSON_AddItemToObject(node, component, value);
            } else if (child) {
                cJSON_ReplaceItemInArray(node, (int)at, value);
            } else {
                cJSON_AddItemToArray(node, value);
            }
            return STATUS_OK;
        }
        if (!child) {
            size_t unused;
            child = parse_index(parts[i + 1], 0, &unused) ? need(cJSON_CreateArray())
                                                          : need(cJSON_CreateObject());
            if (cJSON_IsObject(node)) {
                cJSON_AddItemToObject(node, component, child);
            } else {
                cJSON_AddItemToArray(node, child);
            }
            if (!*added) {
                *added = xstrdup(pointer->data);
            }
        }
        node = child;
    }
    cJSON_Delete(value);
    return STATUS_OK;
}

/* Applies override number index and records the pointer of the topmost
 * thing it added or replaced, so that later messages about anything under
 * it name the override instead of a file position. */
static int apply_override(struct reader *r, cJSON *root, size_t index)
{
    const struct scenario_override *o = &r->overrides[index];
    if (!o->path || !o->value) {
        return error_set(r->err, "--set %s: expected PATH=VALUE", o->path ? o->path : "");
    }
    char *buffer;
    char **parts;
    size_t count = split_path(o->path, &buffer, &parts);
    int status;
    if (count == 0) {
        status = error_set(r->err,
                           "--set %s=%s: expected a path such as /platform/visibility or "
                           "platform.visibility, got \"%s\"",
                           o->path, o->value, o->path);
    } else {
        cJSON *value = cJSON_ParseWithOpts(o->value, NULL, true);
        if (!value) {
            value = need(cJSON_CreateString(o->value)); /* a bare word is meant as a string */
        }
        struct strbuf pointer;
        strbuf_init(&pointer);
        char *added = NULL;
        status = put_value(r, o, root, parts, count, value, &pointer, &added);
        if (status == STATUS_OK) {
            r->override_roots[index] = added ? added : xstrdup(pointer.data);
            r->overrides_applied = index + 1;
        } else {
            free(added);
        }
        strbuf_destroy(&pointer);
    }
    free(parts);
    free(buffer);
    return status;
}

/* ---- Public entry points ---- */

int scenario_parse(const char *text, const char *label, const struct scenario_override *overrides,
                   size_t override_count, struct config *cfg, struct error *err)
{
    memset(cfg, 0, sizeof *cfg);
    error_clear(err);
    struct reader r = {
        .text = text,
        .label = label ? label : "scenario",
        .overrides = overrides,
        .override_roots = xcalloc(override_count, sizeof(char *)),
        .overrides_applied = 0,
        .err = err,
    };
    cJSON *root = NULL;
    int status = parse_text(&r, &root);
    for (size_t i = 0; i < override_count && status == STATUS_OK; i++) {
        status = apply_override(&r, root, i);
    }
    if (status == STATUS_OK) {
        status = read_scenario(&r, root, cfg);
    }
    cJSON_Delete(root);
    for (size_t i = 0; i < r.overrides_applied; i++) {
        free(r.override_roots[i]);
    }
    free(r.override_roots);
    if (status != STATUS_OK) {
        config_destroy(cfg);
        message_one_line(err);
    }
    return status;
}

int scenario_load(const char *path, const struct scenario_override *overrides,
                  size_t override_count, struct config *cfg, struct error *err)
{
    memset(cfg, 0, sizeof *cfg);
    char *text = json_locate_read_file(path, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    int status = scenario_parse(text, path, overrides, override_count, cfg, err);
    free(text);
    return status;
}

/* ---- Writing ---- */

static cJSON *add(cJSON *object, const char *key, cJSON *item)
{
    need(item);
    if (!cJSON_AddItemToObject(object, key, item)) {
        need(NULL);
    }
    return item;
}

/* Numbers are written as raw text so that they read back exactly: cJSON's
 * own printer compares with a tolerance, and prints large integers such as
 * a seed of 2^53 in exponent form. */
static cJSON *number(double x)
{
    char text[32];
    if (!isfinite(x)) {
        return need(cJSON_CreateNull());
    }
    message_number(x, text, sizeof text);
    return need(cJSON_CreateRaw(text));
}

static cJSON *integer(uint64_t x)
{
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, x);
    return need(cJSON_CreateRaw(text));
}

/* One number when every community has the same value, else an array. */
static cJSON *per_community(const double *values, uint32_t communities)
{
    bool uniform = true;
    for (uint32_t c = 1; c < communities; c++) {
        uniform = uniform && values[c] == values[0];
    }
    if (uniform) {
        return number(values[0]);
    }
    cJSON *array = need(cJSON_CreateArray());
    for (uint32_t c = 0; c < communities; c++) {
        cJSON_AddItemToArray(array, number(values[c]));
    }
    return array;
}

static cJSON *write_followers(const struct follower_dist *followers)
{
    cJSON *object = need(cJSON_CreateObject());
    add(object, "dist", cJSON_CreateString(follower_dist_names[followers->kind]));
    switch (followers->kind) {
    case FOLLOWERS_LOGNORMAL:
        add(object, "median", number(followers->median));
        add(object, "sigma", number(followers->sigma));
        break;
    case FOLLOWERS_PARETO:
        add(object, "min", number(followers->min));
        add(object, "alpha", number(followers->alpha));
        break;
    case FOLLOWERS_FIXED:
        add(object, "n", number(followers->median));
        break;
    }
    add(object, "max", integer(followers->max));
    return object;
}

static cJSON *write_graph(const struct graph_config *graph)
{
    cJSON *object = need(cJSON_CreateObject());
    add(object, "source", cJSON_CreateString(graph_source_name(graph->source)));
    if (graph->source == GRAPH_FILE) {
        add(object, "path", cJSON_CreateString(graph->path ? graph->path : ""));
        if (graph->attributes) {
            add(object, "attributes", cJSON_CreateString(graph->attributes));
        }
        add(object, "undirected", cJSON_CreateBool(graph->undirected));
        add(object, "reverse", cJSON_CreateBool(graph->reverse));
    }
    return object;
}

static cJSON *write_population(const struct config *cfg)
{
    uint32_t n = cfg->communities;
    cJSON *population = need(cJSON_CreateObject());
    if (cfg->graph.source != GRAPH_FILE) {
        add(population, "accounts", integer(cfg->accounts));
    }
    add(population, "graph", write_graph(&cfg->graph));
    cJSON *communities = add(population, "communities", cJSON_CreateObject());
    add(communities, "count", integer(n));
    cJSON *weights = add(communities, "weights", cJSON_CreateArray());
    for (uint32_t c = 0; c < n; c++) {
        cJSON_AddItemToArray(weights, number(cfg->community_weights[c]));
    }
    add(communities, "homophily", number(cfg->homophily));
    if (cfg->mixing) {
        cJSON *mixing = add(communities, "mixing", cJSON_CreateArray());
        for (uint32_t c = 0; c < n; c++) {
            cJSON *row = need(cJSON_CreateArray());
            for (uint32_t d = 0; d < n; d++) {
                cJSON_AddItemToArray(row, number(cfg->mixing[(size_t)c * n + d]));
            }
            cJSON_AddItemToArray(mixing, row);
        }
    }
    cJSON *roles = add(population, "roles", cJSON_CreateObject());
    for (int i = 0; i < ROLE_COUNT; i++) {
        const struct role_config *rc = &cfg->roles[i];
        cJSON *role = add(roles, role_name((enum role)i), cJSON_CreateObject());
        if (i != ROLE_USER) {
            add(role, "count", integer(rc->count));
        }
        add(role, "share_prob", number(rc->share_prob));
        add(role, "activity", number(rc->activity));
        add(role, "followers", write_followers(&rc->followers));
    }
    return population;
}

static cJSON *write_platform(const struct config *cfg)
{
    cJSON *platform = need(cJSON_CreateObject());
    add(platform, "visibility", number(cfg->visibility));
    add(platform, "lifetime_h", number(cfg->lifetime_h));
    cJSON *delay = add(platform, "delay", cJSON_CreateObject());
    add(delay, "dist", cJSON_CreateString(delay_dist_names[cfg->delay.kind]));
    switch (cfg->delay.kind) {
    case DELAY_EXPONENTIAL:
        add(delay, "half_life_h", number(cfg->delay.half_life_h));
        break;
    case DELAY_LOGNORMAL:
        add(delay, "median_h", number(cfg->delay.median_h));
        add(delay, "sigma", number(cfg->delay.sigma));
        break;
    case DELAY_UNIFORM:
        add(delay, "max_h", number(cfg->delay.max_h));
        break;
    }
    add(platform, "synthetic_boost", number(cfg->synthetic_boost));
    add(platform, "reinforcement", number(cfg->reinforcement));
    cJSON *trust = add(platform, "trust", cJSON_CreateObject());
    for (int i = 0; i < ROLE_COUNT; i++) {
        add(trust, role_name((enum role)i),
            per_community(&cfg->trust[(size_t)i * cfg->communities], cfg->communities));
    }
    return platform;
}

static cJSON *write_recommender(const struct recommender_config *rec)
{
    cJSON *object = need(cJSON_CreateObject());
    add(object, "enabled", cJSON_CreateBool(rec->enabled));
    add(object, "tick_h", number(rec->tick_h));
    add(object, "gain", number(rec->gain));
    add(object, "max_views_per_h", number(rec->max_views_per_h));
    add(object, "targeting", cJSON_CreateString(targeting_names[rec->targeting]));
    return object;
}

static cJSON *write_stories(const struct config *cfg)
{
    cJSON *stories = need(cJSON_CreateArray());
    for (size_t s = 0; s < cfg->story_count; s++) {
        const struct story_config *st = &cfg->stories[s];
        cJSON *story = need(cJSON_CreateObject());
        add(story, "name", cJSON_CreateString(st->name));
        add(story, "kind", cJSON_CreateString(story_kind_name(st->kind)));
        add(story, "origin",
            cJSON_CreateString(st->origin < 0 ? "auto" : role_name((enum role)st->origin)));
        add(story, "appeal", per_community(st->appeal, cfg->communities));
        add(story, "synthetic", cJSON_CreateBool(st->synthetic));
        add(story, "half_life_h", number(st->half_life_h));
        cJSON_AddItemToArray(stories, story);
    }
    return stories;
}

static cJSON *write_select(const struct select_config *select)
{
    cJSON *object = need(cJSON_CreateObject());
    add(object, "role",
        cJSON_CreateString(select->role < 0 ? "any" : role_name((enum role)select->role)));
    add(object, "community",
        select->community < 0 ? cJSON_CreateString("any") : integer((uint64_t)select->community));
    add(object, "count", integer(select->count));
    add(object, "pick", cJSON_CreateString(pick_names[select->pick]));
    return object;
}

static cJSON *story_ref(const struct config *cfg, uint32_t story)
{
    return cJSON_CreateString(story < cfg->story_count ? cfg->stories[story].name : "?");
}

static cJSON *write_campaign(const struct config *cfg)
{
    cJSON *campaign = need(cJSON_CreateObject());
    cJSON *actions = add(campaign, "actions", cJSON_CreateArray());
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        cJSON *action = need(cJSON_CreateObject());
        add(action, "at_h", number(ac->at_h));
        add(action, "story", story_ref(cfg, ac->story));
        add(action, "select", write_select(&ac->select));
        add(action, "jitter_h", number(ac->jitter_h));
        cJSON_AddItemToArray(actions, action);
    }
    return campaign;
}

static cJSON *write_trigger(const struct config *cfg, const struct intervention_config *iv)
{
    cJSON *trigger = need(cJSON_CreateObject());
    switch (iv->trigger) {
    case TRIGGER_AT:
        add(trigger, "at_h", number(iv->at_h));
        break;
    case TRIGGER_VIEWS:
        add(trigger, "views", number(iv->threshold));
        add(trigger, "story", story_ref(cfg, iv->trigger_story));
        break;
    case TRIGGER_SHARE_RATE:
        add(trigger, "share_rate_per_h", number(iv->threshold));
        add(trigger, "story", story_ref(cfg, iv->trigger_story));
        add(trigger, "window_h", number(iv->window_h));
        break;
    }
    add(trigger, "delay_h", number(iv->delay_h));
    return trigger;
}

/* Every key of each intervention's kind, in the order of intervention_keys;
 * "correction" only when there is one. */
static cJSON *write_interventions(const struct config *cfg)
{
    cJSON *interventions = need(cJSON_CreateArray());
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        cJSON *object = need(cJSON_CreateObject());
        add(object, "kind", cJSON_CreateString(intervention_kind_name(iv->kind)));
        if (iv->kind != INTERVENTION_SUSPEND) {
            add(object, "story", story_ref(cfg, iv->story));
        }
        add(object, "trigger", write_trigger(cfg, iv));
        if (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0) {
            add(object, "correction", story_ref(cfg, (uint32_t)iv->correction));
        }
        if (iv->kind == INTERVENTION_FACTCHECK || iv->kind == INTERVENTION_SUSPEND) {
            add(object, "select", write_select(&iv->select));
        }
        if (iv->kind == INTERVENTION_FACTCHECK) {
            add(object, "label_factor", number(iv->label_factor));
        }
        if (iv->kind == INTERVENTION_DEMOTE) {
            add(object, "factor", number(iv->factor));
        }
        cJSON_AddItemToArray(interventions, object);
    }
    return interventions;
}

char *scenario_to_json(const struct config *cfg)
{
    cJSON *root = need(cJSON_CreateObject());
    add(root, "name", cJSON_CreateString(cfg->name));
    if (cfg->note) {
        add(root, "note", cJSON_CreateString(cfg->note));
    }
    add(root, "seed", integer(cfg->seed));
    add(root, "replicates", integer(cfg->replicates));
    add(root, "duration_h", number(cfg->duration_h));
    add(root, "population", write_population(cfg));
    add(root, "platform", write_platform(cfg));
    add(root, "recommender", write_recommender(&cfg->recommender));
    add(root, "stories", write_stories(cfg));
    add(root, "campaign", write_campaign(cfg));
    add(root, "interventions", write_interventions(cfg));
    cJSON *output = add(root, "output", cJSON_CreateObject());
    add(output, "bin_h", number(cfg->bin_h));
    add(output, "community_reach_fraction", number(cfg->community_reach_fraction));
    char *text = need(cJSON_Print(root));
    cJSON_Delete(root);
    return text;
}
