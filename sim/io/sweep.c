/* Sweep files: JSON text to struct sweep, with the design expanded into
 * points. Reading checks every key against the rules in docs/sweep.md and
 * stops at the first mistake with a one-line message in the form scenario
 * files use (FILE:LINE:COL: /json/path: rule and value; a design file's cell
 * as FILE:LINE:COL: column "name": rule and value). The base scenario is not
 * read here: its path is resolved and the caller parses it, applying each
 * point's values as --set overrides. */
#define _XOPEN_SOURCE 700 /* realpath, an XSI function */
#include "sweep.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <gsl/gsl_qrng.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "fileio.h"
#include "json_locate.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define SEED_MAX 9007199254740992u /* 2^53: the largest integer a JSON number holds exactly */
#define REPLICATES_MAX 100000u
#define PARAMETERS_MAX 40 /* the largest dimension of GSL's Sobol generator */
#define PATHS_MAX 1000    /* keys one parameter sets to the same value */
#define POINTS_MAX 1000000u
#define RUNS_MAX 10000000u             /* points times replicates */
#define ROUNDED_MAX 9007199254740992.0 /* 2^53: larger numbers are not rounded exactly */

static const char *const root_keys[] = {"name",  "scenario", "seed",   "replicates",
                                        "story", "set",      "design", "parameters"};
static const char *const design_keys[] = {"type", "points", "path"};
static const char *const parameter_keys[] = {"path", "paths", "name",  "values", "from",
                                             "to",   "count", "scale", "integer"};
static const char *const range_keys[] = {"from", "to", "count", "scale"};
static const char *const design_names[] = {
    [SWEEP_GRID] = "grid", [SWEEP_SOBOL] = "sobol", [SWEEP_FILE] = "file"};
static const char *const scale_names[] = {"linear", "log"};

/* The keys each design type allows in /design. */
static const char *const design_type_keys[][2] = {[SWEEP_GRID] = {"type", NULL},
                                                  [SWEEP_SOBOL] = {"type", "points"},
                                                  [SWEEP_FILE] = {"type", "path"}};

struct reader {
    const char *text;     /* the sweep text, to turn JSON paths into line:column */
    const char *label;    /* names the text in messages, usually the file name */
    const char *base_dir; /* resolves relative paths; NULL for the current directory */
    struct error *err;
};

/* The values one parameter takes: a list, or a range sampled at count
 * points (grid) or at the Sobol sequence's coordinates (sobol). */
struct axis {
    const cJSON *values; /* the "values" array, or NULL for a range */
    size_t count;        /* list length, or a grid range's "count" */
    double from;
    double to;
    bool log;
    bool integer; /* round to the nearest integer (ranges and design files) */
};

/* ---- Reporting ---- */

/* Sets the error for the value that pointer names (or its key, when at_key;
 * occurrence picks among repeated keys). Every message about a value in the
 * sweep file goes through here. */
static int report(const struct reader *r, const char *pointer, bool at_key, size_t occurrence,
                  const char *detail)
{
    struct json_position pos;
    if (at_key) {
        json_locate_key(r->text, pointer, occurrence, &pos);
    } else {
        json_locate_value(r->text, pointer, &pos);
    }
    return error_set(r->err, "%s:%u:%u: %s: %s", r->label, pos.line, pos.column,
                     pointer[0] ? pointer : "/", detail);
}

static int fail(const struct reader *r, const char *pointer, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int fail(const struct reader *r, const char *pointer, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return report(r, pointer, false, 0, detail);
}

static int fail_key(const struct reader *r, const char *pointer, size_t occurrence, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int fail_key(const struct reader *r, const char *pointer, size_t occurrence, const char *fmt,
                    ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    return report(r, pointer, true, occurrence, detail);
}

/* "expected <rule>, got <item>". */
static int expected(const struct reader *r, const char *pointer, const cJSON *item, const char *fmt,
                    ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int expected(const struct reader *r, const char *pointer, const cJSON *item, const char *fmt,
                    ...)
{
    char rule[512];
    char got[96];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(rule, sizeof rule, fmt, ap);
    va_end(ap);
    message_describe(item, got, sizeof got);
    return fail(r, pointer, "expected %s, got %s", rule, got);
}

static int missing(const struct reader *r, const char *object, const char *key)
{
    return fail(r, object, "missing required key \"%s\"", key);
}

/* Appends "/key" to sb with '~' and '/' escaped (RFC 6901). */
static void append_component(struct strbuf *sb, const char *key)
{
    strbuf_append(sb, "/", 1);
    for (const char *k = key; *k; k++) {
        if (*k == '~') {
            strbuf_append(sb, "~0", 2);
        } else if (*k == '/') {
            strbuf_append(sb, "~1", 2);
        } else {
            strbuf_append(sb, k, 1);
        }
    }
}

/* Writes `"a", "b", "c"` into sb. */
static void list_names(struct strbuf *sb, const char *const *names, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        strbuf_printf(sb, "%s\"%s\"", i ? ", " : "", names[i]);
    }
}

/* ---- JSON helpers ---- */

/* cJSON returns NULL when malloc fails; like xmalloc, treat that as fatal. */
static void *need(void *allocated)
{
    if (!allocated) {
        fprintf(stderr, "amplisim: out of memory building JSON\n");
        abort();
    }
    return allocated;
}

static cJSON *add(cJSON *object, const char *key, cJSON *item)
{
    need(item);
    if (!cJSON_AddItemToObject(object, key, item)) {
        need(NULL);
    }
    return item;
}

/* The JSON text of a number: integers up to 10^15 without a decimal point,
 * others in the shortest form that reads back exactly. */
static void number_text(double x, char *out, size_t size)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(out, size, "%lld", (long long)x);
    } else {
        message_number(x, out, size);
    }
}

/* A deep copy of item whose numbers are raw text in their exact form:
 * cJSON's own printer compares with a tolerance and may drop the last digit. */
static cJSON *exact_copy(const cJSON *item)
{
    if (cJSON_IsNumber(item)) {
        char text[32];
        number_text(item->valuedouble, text, sizeof text);
        return need(cJSON_CreateRaw(text));
    }
    if (cJSON_IsArray(item) || cJSON_IsObject(item)) {
        cJSON *copy = need(cJSON_IsArray(item) ? cJSON_CreateArray() : cJSON_CreateObject());
        for (const cJSON *child = item->child; child; child = child->next) {
            if (cJSON_IsArray(item)) {
                cJSON_AddItemToArray(copy, exact_copy(child));
            } else {
                add(copy, child->string, exact_copy(child));
            }
        }
        return copy;
    }
    return need(cJSON_Duplicate(item, false));
}

/* The compact JSON text of item, numbers exact, for the caller to free. */
static char *compact_text(const cJSON *item)
{
    cJSON *copy = exact_copy(item);
    char *printed = need(cJSON_PrintUnformatted(copy));
    char *text = xstrdup(printed);
    cJSON_free(printed);
    cJSON_Delete(copy);
    return text;
}

static bool in_list(const char *word, const char *const *list, size_t count)
{
    for (size_t i = 0; i < count; i++) {
        if (list[i] && strcmp(word, list[i]) == 0) {
            return true;
        }
    }
    return false;
}

/* Rejects members of the object at pointer whose key is not in keys
 * (suggesting the closest one; keys NULL accepts any key), and keys that
 * appear twice: cJSON keeps both and would silently use the first. */
static int check_keys(const struct reader *r, const char *pointer, const cJSON *object,
                      const char *const *keys, size_t key_count)
{
    int status = STATUS_OK;
    struct strbuf at;
    strbuf_init(&at);
    for (const cJSON *child = object->child; child && status == STATUS_OK; child = child->next) {
        at.len = 0;
        strbuf_printf(&at, "%s", pointer);
        append_component(&at, child->string);
        size_t earlier = 0;
        for (const cJSON *other = object->child; other != child; other = other->next) {
            earlier += strcmp(other->string, child->string) == 0;
        }
        if (keys && !in_list(child->string, keys, key_count)) {
            const char *guess = message_closest(child->string, keys, key_count);
            if (guess) {
                status = fail_key(r, at.data, 0, "unknown key \"%.64s\"; did you mean \"%s\"?",
                                  child->string, guess);
            } else {
                struct strbuf valid;
                strbuf_init(&valid);
                list_names(&valid, keys, key_count);
                status = fail_key(r, at.data, 0, "unknown key \"%.64s\"; expected one of %s",
                                  child->string, valid.data);
                strbuf_destroy(&valid);
            }
        } else if (earlier > 0) {
            status =
                fail_key(r, at.data, earlier,
                         "duplicate key \"%.64s\"; each key may appear only once", child->string);
        }
    }
    strbuf_destroy(&at);
    return status;
}

/* Sets *value to the index of the string item in names, else reports the
 * choices (and the closest one). */
static int check_choice(const struct reader *r, const char *pointer, const cJSON *item,
                        const char *const *names, size_t count, int *value)
{
    if (cJSON_IsString(item)) {
        for (size_t i = 0; i < count; i++) {
            if (strcmp(item->valuestring, names[i]) == 0) {
                *value = (int)i;
                return STATUS_OK;
            }
        }
    }
    struct strbuf choices;
    strbuf_init(&choices);
    list_names(&choices, names, count);
    const char *guess =
        cJSON_IsString(item) ? message_closest(item->valuestring, names, count) : NULL;
    char hint[96] = "";
    if (guess) {
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", guess);
    }
    char got[96];
    message_describe(item, got, sizeof got);
    int status = fail(r, pointer, "expected one of %s, got %s%s", choices.data, got, hint);
    strbuf_destroy(&choices);
    return status;
}

static int check_integer(const struct reader *r, const char *pointer, const cJSON *item,
                         uint64_t lo, uint64_t hi, uint64_t *value)
{
    double x = cJSON_IsNumber(item) ? item->valuedouble : NAN;
    if (!(x >= (double)lo && x <= (double)hi && x == floor(x))) {
        return expected(r, pointer, item, "an integer in [%" PRIu64 ", %" PRIu64 "]", lo, hi);
    }
    *value = (uint64_t)x;
    return STATUS_OK;
}

static int check_finite(const struct reader *r, const char *pointer, const cJSON *item,
                        double *value)
{
    if (!cJSON_IsNumber(item) || !isfinite(item->valuedouble)) {
        return expected(r, pointer, item, "a number");
    }
    *value = item->valuedouble;
    return STATUS_OK;
}

/* Whether item holds a number too large to represent (cJSON reads 1e999
 * as infinity). */
static bool has_non_finite(const cJSON *item)
{
    if (cJSON_IsNumber(item)) {
        return !isfinite(item->valuedouble);
    }
    for (const cJSON *child = item->child; child; child = child->next) {
        if (has_non_finite(child)) {
            return true;
        }
    }
    return false;
}

/* ---- Paths and names ---- */

/* base_dir joined with path, unless path is absolute or there is no folder. */
static char *join_path(const char *base_dir, const char *path)
{
    if (path[0] == '/' || !base_dir || base_dir[0] == '\0') {
        return xstrdup(path);
    }
    size_t dir = strlen(base_dir);
    bool slash = base_dir[dir - 1] == '/';
    char *joined = xmalloc(dir + 1 + strlen(path) + 1);
    memcpy(joined, base_dir, dir);
    if (!slash) {
        joined[dir++] = '/';
    }
    strcpy(joined + dir, path);
    return joined;
}

/* An existing file's joined path made absolute, as scenario files resolve
 * graph paths: the runner writes the resolved sweep to another directory,
 * and only an absolute path names the same file from there. A missing file
 * keeps the joined path, for the message that reading it gives. */
static char *resolve_path(const char *joined)
{
    char *absolute = realpath(joined, NULL);
    return absolute ? absolute : xstrdup(joined);
}

/* The label's file name without directory and ".json"; "sweep" if nothing
 * valid is left. */
static char *default_name(const char *label)
{
    char name[CONFIG_NAME_MAX];
    config_name_from_path(label, "sweep", name);
    return xstrdup(name);
}

/* A column name must survive a CSV file: no commas, quotes or control
 * characters, and no spaces at either end (cells are trimmed). */
static bool is_valid_column(const char *name)
{
    size_t len = strlen(name);
    if (len == 0 || isspace((unsigned char)name[0]) || isspace((unsigned char)name[len - 1]) ||
        name[0] == '#') {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c < 0x20 || c == 0x7f || c == ',' || c == '"') {
            return false;
        }
    }
    return true;
}

/* ---- The sweep's own keys ---- */

static int read_identity(const struct reader *r, const cJSON *root, struct sweep *sw)
{
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    if (name) {
        if (!cJSON_IsString(name) || !config_name_valid(name->valuestring)) {
            return expected(r, "/name", name,
                            "a name of 1 to 63 characters from A-Z a-z 0-9 _ . - "
                            "(it names the output directory)");
        }
        sw->name = xstrdup(name->valuestring);
    } else {
        sw->name = default_name(r->label);
    }
    const cJSON *scenario = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    if (!scenario) {
        return missing(r, "", "scenario");
    }
    if (!cJSON_IsString(scenario) || scenario->valuestring[0] == '\0') {
        return expected(r, "/scenario", scenario, "a file path (a non-empty string)");
    }
    char *joined = join_path(r->base_dir, scenario->valuestring);
    sw->scenario_path = resolve_path(joined);
    free(joined);
    const cJSON *seed = cJSON_GetObjectItemCaseSensitive(root, "seed");
    if (seed) {
        if (check_integer(r, "/seed", seed, 0, SEED_MAX, &sw->seed)) {
            return STATUS_BAD_INPUT;
        }
        sw->seed_set = true;
    }
    const cJSON *replicates = cJSON_GetObjectItemCaseSensitive(root, "replicates");
    if (replicates) {
        uint64_t n = 0;
        if (check_integer(r, "/replicates", replicates, 1, REPLICATES_MAX, &n)) {
            return STATUS_BAD_INPUT;
        }
        sw->replicates = (uint32_t)n;
    }
    const cJSON *story = cJSON_GetObjectItemCaseSensitive(root, "story");
    if (story) {
        if (!cJSON_IsString(story) || story->valuestring[0] == '\0') {
            return expected(r, "/story", story, "a story name (a non-empty string)");
        }
        sw->story = xstrdup(story->valuestring);
    }
    return STATUS_OK;
}

/* "set": {"/json/pointer": value}, overrides that every point applies. */
static int read_fixed(const struct reader *r, const cJSON *root, struct sweep *sw)
{
    const cJSON *set = cJSON_GetObjectItemCaseSensitive(root, "set");
    if (!set) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(set)) {
        return expected(r, "/set", set, "an object of \"/json/pointer\": value overrides");
    }
    if (check_keys(r, "/set", set, NULL, 0)) {
        return STATUS_BAD_INPUT;
    }
    size_t count = (size_t)cJSON_GetArraySize(set);
    sw->fixed = xcalloc(count ? count : 1, sizeof *sw->fixed);
    for (const cJSON *item = set->child; item; item = item->next) {
        if (item->string[0] != '/') {
            struct strbuf at;
            strbuf_init(&at);
            strbuf_printf(&at, "/set");
            append_component(&at, item->string);
            int status = fail_key(r, at.data, 0,
                                  "expected a JSON pointer starting with '/' (such as "
                                  "\"/platform/visibility\"), got \"%.64s\"",
                                  item->string);
            strbuf_destroy(&at);
            return status;
        }
        if (has_non_finite(item)) {
            struct strbuf at;
            strbuf_init(&at);
            strbuf_printf(&at, "/set");
            append_component(&at, item->string);
            int status = expected(r, at.data, item, "a value whose numbers are finite");
            strbuf_destroy(&at);
            return status;
        }
        struct scenario_override *o = &sw->fixed[sw->fixed_count++];
        o->path = xstrdup(item->string);
        o->value = compact_text(item);
    }
    return STATUS_OK;
}

static int read_design(const struct reader *r, const cJSON *root, struct sweep *sw,
                       size_t *sobol_points, char **file_label)
{
    const cJSON *design = cJSON_GetObjectItemCaseSensitive(root, "design");
    sw->design = SWEEP_GRID;
    if (!design) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(design)) {
        return expected(r, "/design", design, "an object such as {\"type\": \"grid\"}");
    }
    if (check_keys(r, "/design", design, design_keys, COUNT_OF(design_keys))) {
        return STATUS_BAD_INPUT;
    }
    const cJSON *type = cJSON_GetObjectItemCaseSensitive(design, "type");
    int choice = 0;
    if (!type) {
        return missing(r, "/design", "type");
    }
    if (check_choice(r, "/design/type", type, design_names, COUNT_OF(design_names), &choice)) {
        return STATUS_BAD_INPUT;
    }
    sw->design = (enum sweep_design)choice;
    const char *const *allowed = design_type_keys[choice];
    for (const cJSON *child = design->child; child; child = child->next) {
        if (!in_list(child->string, allowed, 2)) {
            char at[64];
            snprintf(at, sizeof at, "/design/%s", child->string);
            return fail_key(r, at, 0, "expected a key of type \"%s\" (%s%s%s), got \"%s\"",
                            design_names[choice], allowed[0], allowed[1] ? ", " : "",
                            allowed[1] ? allowed[1] : "", child->string);
        }
    }
    if (sw->design == SWEEP_SOBOL) {
        const cJSON *points = cJSON_GetObjectItemCaseSensitive(design, "points");
        uint64_t n = 0;
        if (!points) {
            return missing(r, "/design", "points");
        }
        if (check_integer(r, "/design/points", points, 1, POINTS_MAX, &n)) {
            return STATUS_BAD_INPUT;
        }
        *sobol_points = (size_t)n;
    } else if (sw->design == SWEEP_FILE) {
        const cJSON *path = cJSON_GetObjectItemCaseSensitive(design, "path");
        if (!path) {
            return missing(r, "/design", "path");
        }
        if (!cJSON_IsString(path) || path->valuestring[0] == '\0') {
            return expected(r, "/design/path", path, "a file path (a non-empty string)");
        }
        *file_label = join_path(r->base_dir, path->valuestring);
        sw->design_path = resolve_path(*file_label);
    }
    return STATUS_OK;
}

/* ---- Parameters ---- */

/* The value spec of a parameter in a grid or sobol design: a list of values
 * or a range. */
static int read_spec(const struct reader *r, const char *base, const cJSON *object,
                     enum sweep_design design, struct axis *axis)
{
    char at[96];
    const cJSON *values = cJSON_GetObjectItemCaseSensitive(object, "values");
    const cJSON *integer = cJSON_GetObjectItemCaseSensitive(object, "integer");
    const cJSON *count = cJSON_GetObjectItemCaseSensitive(object, "count");
    if (design == SWEEP_SOBOL && count) {
        snprintf(at, sizeof at, "%s/count", base);
        return fail_key(r, at, 0,
                        "count belongs to a grid design; a sobol design takes its number of "
                        "points from /design/points");
    }
    const char *range_key = NULL;
    for (size_t i = 0; i < COUNT_OF(range_keys) && !range_key; i++) {
        if (cJSON_GetObjectItemCaseSensitive(object, range_keys[i])) {
            range_key = range_keys[i];
        }
    }
    if (values && range_key) {
        snprintf(at, sizeof at, "%s/%s", base, range_key);
        return fail_key(r, at, 0,
                        "\"%s\" cannot go with \"values\": a parameter takes either a list of "
                        "values or a range (\"from\", \"to\"%s)",
                        range_key, design == SWEEP_GRID ? ", \"count\"" : "");
    }
    if (!values && !range_key) {
        return fail(r, base, "missing required key \"values\" (or a range: \"from\", \"to\"%s)",
                    design == SWEEP_GRID ? ", \"count\"" : "");
    }
    if (values) {
        snprintf(at, sizeof at, "%s/values", base);
        if (!cJSON_IsArray(values) || cJSON_GetArraySize(values) < 1) {
            return expected(r, at, values,
                            "a non-empty array of values (numbers, strings, true or false)");
        }
        size_t i = 0;
        for (const cJSON *item = values->child; item; item = item->next, i++) {
            bool scalar = cJSON_IsString(item) || cJSON_IsBool(item) ||
                          (cJSON_IsNumber(item) && isfinite(item->valuedouble));
            if (!scalar) {
                snprintf(at, sizeof at, "%s/values/%zu", base, i);
                return expected(r, at, item, "a number, a string, true or false");
            }
        }
        if (integer) {
            snprintf(at, sizeof at, "%s/integer", base);
            return fail_key(r, at, 0,
                            "\"integer\" applies to a range (\"from\", \"to\"); write the values "
                            "as integers instead");
        }
        axis->values = values;
        axis->count = i;
        return STATUS_OK;
    }
    const char *required[] = {"from", "to", "count"};
    size_t required_count = design == SWEEP_GRID ? 3 : 2;
    for (size_t i = 0; i < required_count; i++) {
        if (!cJSON_GetObjectItemCaseSensitive(object, required[i])) {
            return fail(r, base, "missing required key \"%s\" (a range needs %s)", required[i],
                        design == SWEEP_GRID ? "\"from\", \"to\" and \"count\""
                                             : "\"from\" and \"to\"");
        }
    }
    snprintf(at, sizeof at, "%s/from", base);
    if (check_finite(r, at, cJSON_GetObjectItemCaseSensitive(object, "from"), &axis->from)) {
        return STATUS_BAD_INPUT;
    }
    snprintf(at, sizeof at, "%s/to", base);
    if (check_finite(r, at, cJSON_GetObjectItemCaseSensitive(object, "to"), &axis->to)) {
        return STATUS_BAD_INPUT;
    }
    axis->count = 0;
    if (count) {
        uint64_t n = 0;
        snprintf(at, sizeof at, "%s/count", base);
        if (check_integer(r, at, count, 1, POINTS_MAX, &n)) {
            return STATUS_BAD_INPUT;
        }
        axis->count = (size_t)n;
    }
    const cJSON *scale = cJSON_GetObjectItemCaseSensitive(object, "scale");
    if (scale) {
        int choice = 0;
        snprintf(at, sizeof at, "%s/scale", base);
        if (check_choice(r, at, scale, scale_names, COUNT_OF(scale_names), &choice)) {
            return STATUS_BAD_INPUT;
        }
        axis->log = choice == 1;
    }
    if (axis->log) {
        const char *ends[] = {"from", "to"};
        for (size_t i = 0; i < 2; i++) {
            const cJSON *end = cJSON_GetObjectItemCaseSensitive(object, ends[i]);
            if (!(end->valuedouble > 0.0)) {
                snprintf(at, sizeof at, "%s/%s", base, ends[i]);
                return expected(r, at, end, "a number > 0 (a log scale needs from > 0 and to > 0)");
            }
        }
    }
    if (integer) {
        snprintf(at, sizeof at, "%s/integer", base);
        if (!cJSON_IsBool(integer)) {
            return expected(r, at, integer, "true or false");
        }
        axis->integer = cJSON_IsTrue(integer);
    }
    if (axis->integer) {
        const char *ends[] = {"from", "to"};
        for (size_t i = 0; i < 2; i++) {
            const cJSON *end = cJSON_GetObjectItemCaseSensitive(object, ends[i]);
            if (fabs(end->valuedouble) > ROUNDED_MAX) {
                snprintf(at, sizeof at, "%s/%s", base, ends[i]);
                return expected(r, at, end,
                                "a number in [-9007199254740992, 9007199254740992] (an integer "
                                "range rounds to exact integers)");
            }
        }
    }
    return STATUS_OK;
}

/* A parameter of a design file: its values come from its column, so only
 * "integer" may join "path" and "name". */
static int read_file_spec(const struct reader *r, const char *base, const cJSON *object,
                          struct axis *axis)
{
    char at[96];
    for (const cJSON *child = object->child; child; child = child->next) {
        if (strcmp(child->string, "path") != 0 && strcmp(child->string, "paths") != 0 &&
            strcmp(child->string, "name") != 0 && strcmp(child->string, "integer") != 0) {
            snprintf(at, sizeof at, "%s/%s", base, child->string);
            return fail_key(r, at, 0,
                            "\"%s\" belongs to a grid or sobol design; with a design file the "
                            "values come from the parameter's column",
                            child->string);
        }
    }
    const cJSON *integer = cJSON_GetObjectItemCaseSensitive(object, "integer");
    if (integer) {
        snprintf(at, sizeof at, "%s/integer", base);
        if (!cJSON_IsBool(integer)) {
            return expected(r, at, integer, "true or false");
        }
        axis->integer = cJSON_IsTrue(integer);
    }
    return STATUS_OK;
}

/* The members of object other than "path", "paths" and "name", for sweep_to_json. */
static char *spec_text(const cJSON *object)
{
    cJSON *spec = need(cJSON_CreateObject());
    for (const cJSON *child = object->child; child; child = child->next) {
        if (strcmp(child->string, "path") != 0 && strcmp(child->string, "paths") != 0 &&
            strcmp(child->string, "name") != 0) {
            add(spec, child->string, need(cJSON_Duplicate(child, true)));
        }
    }
    char *text = compact_text(spec);
    cJSON_Delete(spec);
    return text;
}

static int read_parameter(const struct reader *r, size_t k, const cJSON *object,
                          enum sweep_design design, struct sweep_parameter *parameter,
                          struct axis *axis)
{
    char base[48];
    char at[96];
    snprintf(base, sizeof base, "/parameters/%zu", k);
    if (!cJSON_IsObject(object)) {
        return expected(r, base, object, "an object with a \"path\" and the values it takes");
    }
    struct json_position pos;
    json_locate_value(r->text, base, &pos);
    size_t where_size = strlen(r->label) + 32;
    parameter->where = xmalloc(where_size);
    snprintf(parameter->where, where_size, "%s:%u:%u", r->label, pos.line, pos.column);
    if (check_keys(r, base, object, parameter_keys, COUNT_OF(parameter_keys))) {
        return STATUS_BAD_INPUT;
    }
    const cJSON *path = cJSON_GetObjectItemCaseSensitive(object, "path");
    const cJSON *paths = cJSON_GetObjectItemCaseSensitive(object, "paths");
    if (!path && !paths) {
        return missing(r, base, "path");
    }
    if (path && paths) {
        snprintf(at, sizeof at, "%s/paths", base);
        return fail_key(r, at, 0, "give \"path\" or \"paths\", not both");
    }
    static const char pointer_rule[] =
        "a JSON pointer into the scenario starting with '/' (such as "
        "\"/platform/visibility\")";
    if (path) {
        if (!cJSON_IsString(path) || path->valuestring[0] != '/') {
            snprintf(at, sizeof at, "%s/path", base);
            return expected(r, at, path, pointer_rule);
        }
        parameter->path_count = 1;
        parameter->paths = xmalloc(sizeof *parameter->paths);
        parameter->paths[0] = xstrdup(path->valuestring);
    } else {
        int n = cJSON_IsArray(paths) ? cJSON_GetArraySize(paths) : 0;
        if (n < 1 || n > PATHS_MAX) {
            snprintf(at, sizeof at, "%s/paths", base);
            return expected(r, at, paths,
                            "an array of 1 to %d JSON pointers (one value set at "
                            "every one of them)",
                            PATHS_MAX);
        }
        parameter->paths = xcalloc((size_t)n, sizeof *parameter->paths);
        int i = 0;
        for (const cJSON *item = paths->child; item; item = item->next, i++) {
            if (!cJSON_IsString(item) || item->valuestring[0] != '/') {
                snprintf(at, sizeof at, "%s/paths/%d", base, i);
                return expected(r, at, item, pointer_rule);
            }
            parameter->paths[i] = xstrdup(item->valuestring);
            parameter->path_count++;
        }
        if (!cJSON_GetObjectItemCaseSensitive(object, "name")) {
            return missing(r, base, "name");
        }
    }
    parameter->path = xstrdup(parameter->paths[0]);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(object, "name");
    if (name) {
        if (!cJSON_IsString(name) || !is_valid_column(name->valuestring)) {
            snprintf(at, sizeof at, "%s/name", base);
            return expected(r, at, name,
                            "a column name (a non-empty string without commas, quotes, line "
                            "breaks or spaces at either end)");
        }
        parameter->name = xstrdup(name->valuestring);
    } else {
        parameter->name = xstrdup(parameter->path);
    }
    parameter->spec = spec_text(object);
    if (design == SWEEP_FILE) {
        return read_file_spec(r, base, object, axis);
    }
    return read_spec(r, base, object, design, axis);
}

/* Two parameters may not share a path or a name, and a path that "set"
 * fixes cannot also vary. */
static int check_distinct(const struct reader *r, const struct sweep *sw, size_t k)
{
    char at[96];
    const struct sweep_parameter *parameter = &sw->parameters[k];
    for (size_t a = 0; a < parameter->path_count; a++) {
        const char *path = parameter->paths[a];
        for (size_t j = 0; j <= k; j++) {
            const struct sweep_parameter *other = &sw->parameters[j];
            for (size_t b = 0; b < (j == k ? a : other->path_count); b++) {
                if (strcmp(other->paths[b], path) == 0) {
                    snprintf(at, sizeof at, "/parameters/%zu/path", k);
                    return fail(r, at,
                                "duplicate path \"%.200s\"; /parameters/%zu already varies it",
                                path, j);
                }
            }
        }
        for (size_t i = 0; i < sw->fixed_count; i++) {
            if (strcmp(sw->fixed[i].path, path) == 0) {
                snprintf(at, sizeof at, "/parameters/%zu/path", k);
                return fail(r, at,
                            "\"%.200s\" is fixed by /set and cannot also vary; remove it from one "
                            "of them",
                            path);
            }
        }
    }
    for (size_t j = 0; j < k; j++) {
        if (strcmp(sw->parameters[j].name, parameter->name) == 0) {
            snprintf(at, sizeof at, "/parameters/%zu/name", k);
            return fail(r, at,
                        "duplicate name \"%.200s\"; /parameters/%zu already has it (names are "
                        "the columns of the results)",
                        parameter->name, j);
        }
    }
    return STATUS_OK;
}

static int read_parameters(const struct reader *r, const cJSON *root, struct sweep *sw,
                           struct axis **axes)
{
    const cJSON *parameters = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    if (!parameters) {
        return missing(r, "", "parameters");
    }
    int n = cJSON_IsArray(parameters) ? cJSON_GetArraySize(parameters) : 0;
    if (n < 1 || n > PARAMETERS_MAX) {
        return expected(r, "/parameters", parameters, "an array of 1 to %d parameter objects",
                        PARAMETERS_MAX);
    }
    sw->parameters = xcalloc((size_t)n, sizeof *sw->parameters);
    sw->parameter_count = (size_t)n;
    *axes = xcalloc((size_t)n, sizeof **axes);
    size_t k = 0;
    for (const cJSON *item = parameters->child; item; item = item->next, k++) {
        if (read_parameter(r, k, item, sw->design, &sw->parameters[k], &(*axes)[k]) ||
            check_distinct(r, sw, k)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* ---- Expanding the design ---- */

/* Appends text and its NUL to the pool and returns where it starts. */
static size_t pool_add(struct strbuf *pool, const char *text)
{
    size_t at = pool->len;
    strbuf_append(pool, text, strlen(text) + 1);
    return at;
}

static size_t pool_add_number(struct strbuf *pool, double x, bool integer)
{
    char text[32];
    if (integer) {
        snprintf(text, sizeof text, "%lld", llround(x));
    } else {
        number_text(x, text, sizeof text);
    }
    return pool_add(pool, text);
}

/* Appends a "values" element: a finite number, a string or a literal. */
static size_t pool_add_value(struct strbuf *pool, const cJSON *item)
{
    if (cJSON_IsNumber(item)) {
        return pool_add_number(pool, item->valuedouble, false);
    }
    char *text = compact_text(item);
    size_t at = pool_add(pool, text);
    free(text);
    return at;
}

/* Value i of a grid axis. The last point of a range is `to` itself, not
 * what the arithmetic rounds to. */
static size_t pool_add_grid_value(struct strbuf *pool, const struct axis *axis, size_t i)
{
    if (axis->values) {
        return pool_add_value(pool, cJSON_GetArrayItem(axis->values, (int)i));
    }
    double x = axis->from;
    if (axis->count > 1 && i == axis->count - 1) {
        x = axis->to;
    } else if (i > 0) {
        double steps = (double)(axis->count - 1);
        if (axis->log) {
            x = axis->from * pow(axis->to / axis->from, (double)i / steps);
        } else {
            x = axis->from + (axis->to - axis->from) * (double)i / steps;
        }
    }
    return pool_add_number(pool, x, axis->integer);
}

/* Value of a sobol axis at coordinate u in [0, 1). */
static size_t pool_add_sobol_value(struct strbuf *pool, const struct axis *axis, double u)
{
    if (axis->values) {
        size_t i = (size_t)floor(u * (double)axis->count);
        if (i >= axis->count) {
            i = axis->count - 1;
        }
        return pool_add_value(pool, cJSON_GetArrayItem(axis->values, (int)i));
    }
    double x = axis->log ? axis->from * pow(axis->to / axis->from, u)
                         : axis->from + (axis->to - axis->from) * u;
    return pool_add_number(pool, x, axis->integer);
}

/* The full factorial: the first parameter varies slowest, as nested loops
 * in the listed order. Each axis's texts are pooled once and shared. */
static int expand_grid(const struct reader *r, struct sweep *sw, const struct axis *axes,
                       struct strbuf *pool, size_t **offsets)
{
    size_t n = sw->parameter_count;
    double product = 1.0;
    for (size_t k = 0; k < n; k++) {
        product *= (double)axes[k].count;
    }
    if (product > POINTS_MAX) {
        struct strbuf sizes;
        strbuf_init(&sizes);
        for (size_t k = 0; k < n; k++) {
            strbuf_printf(&sizes, "%s%zu", k ? " x " : "", axes[k].count);
        }
        int status =
            fail(r, "/parameters", "expected at most %u points, got a grid of %s = %.15g points",
                 POINTS_MAX, sizes.data, product);
        strbuf_destroy(&sizes);
        return status;
    }
    size_t points = (size_t)product;
    size_t **axis_text = xcalloc(n, sizeof *axis_text);
    for (size_t k = 0; k < n; k++) {
        axis_text[k] = xmalloc(axes[k].count * sizeof **axis_text);
        for (size_t i = 0; i < axes[k].count; i++) {
            axis_text[k][i] = pool_add_grid_value(pool, &axes[k], i);
        }
    }
    *offsets = xmalloc(points * n * sizeof **offsets);
    for (size_t p = 0; p < points; p++) {
        size_t rest = p;
        for (size_t k = n; k-- > 0;) {
            (*offsets)[p * n + k] = axis_text[k][rest % axes[k].count];
            rest /= axes[k].count;
        }
    }
    for (size_t k = 0; k < n; k++) {
        free(axis_text[k]);
    }
    free(axis_text);
    sw->point_count = points;
    return STATUS_OK;
}

/* The first `points` points of GSL's Sobol sequence in as many dimensions
 * as there are parameters, each coordinate mapped to its parameter. */
static void expand_sobol(struct sweep *sw, const struct axis *axes, size_t points,
                         struct strbuf *pool, size_t **offsets)
{
    size_t n = sw->parameter_count;
    assert(n >= 1 && n <= PARAMETERS_MAX);
    gsl_qrng *q = need(gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)n));
    double u[PARAMETERS_MAX];
    *offsets = xmalloc(points * n * sizeof **offsets);
    for (size_t p = 0; p < points; p++) {
        gsl_qrng_get(q, u);
        for (size_t k = 0; k < n; k++) {
            (*offsets)[p * n + k] = pool_add_sobol_value(pool, &axes[k], u[k]);
        }
    }
    gsl_qrng_free(q);
    sw->point_count = points;
}

/* ---- Design files ---- */

struct csv {
    const char *label; /* the design file's path, as joined */
    const char *text;
    struct error *err;
};

struct cell {
    size_t offset; /* of the trimmed text, or of the cell when it is empty */
    size_t len;
};

/* Sets the error for the design file at offset: FILE:LINE:COL when column,
 * else FILE:LINE. */
static int csv_fail(const struct csv *c, size_t offset, bool column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int csv_fail(const struct csv *c, size_t offset, bool column, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    struct json_position pos;
    json_locate_offset(c->text, offset, &pos);
    if (column) {
        return error_set(c->err, "%s:%u:%u: %s", c->label, pos.line, pos.column, detail);
    }
    return error_set(c->err, "%s:%u: %s", c->label, pos.line, detail);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits text[start, end) at commas into trimmed cells; returns their number. */
static size_t split_cells(const char *text, size_t start, size_t end, struct cell **cells,
                          size_t *capacity)
{
    size_t count = 0;
    size_t at = start;
    for (;;) {
        size_t stop = at;
        while (stop < end && text[stop] != ',') {
            stop++;
        }
        size_t first = at;
        size_t last = stop;
        while (first < last && is_blank(text[first])) {
            first++;
        }
        while (last > first && is_blank(text[last - 1])) {
            last--;
        }
        if (count == *capacity) {
            *capacity = *capacity ? 2 * *capacity : 16;
            *cells = xrealloc(*cells, *capacity * sizeof **cells);
        }
        (*cells)[count++] = (struct cell){first == last ? at : first, last - first};
        if (stop == end) {
            return count;
        }
        at = stop + 1;
    }
}

/* Whether s[0, len) is a number as JSON writes one. */
static bool is_json_number(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && s[i] == '-') {
        i++;
    }
    if (i < len && s[i] == '0') {
        i++;
    } else if (i < len && s[i] >= '1' && s[i] <= '9') {
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
    } else {
        return false;
    }
    if (i < len && s[i] == '.') {
        size_t digits = ++i;
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
        if (i == digits) {
            return false;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        size_t digits = i;
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
        if (i == digits) {
            return false;
        }
    }
    return i == len;
}

/* A bare word that becomes a JSON string: a letter or '_', then letters,
 * digits, '_', '.' or '-'. Words that stand for missing or non-finite
 * numbers in other tools' files are refused rather than taken as strings. */
static bool is_word(const char *s, size_t len)
{
    static const char *const not_words[] = {"nan", "inf", "infinity", "null", "na"};
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) {
        return false;
    }
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!(isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    for (size_t i = 0; i < COUNT_OF(not_words); i++) {
        size_t n = strlen(not_words[i]);
        bool same = n == len;
        for (size_t j = 0; same && j < n; j++) {
            same = tolower((unsigned char)s[j]) == not_words[i][j];
        }
        if (same) {
            return false;
        }
    }
    return true;
}

/* Checks one data cell and pools its JSON text. */
static int read_cell(const struct csv *c, const struct cell *cell, const char *column,
                     const struct axis *axis, struct strbuf *pool, size_t *offset)
{
    const char *s = c->text + cell->offset;
    size_t len = cell->len;
    if (is_json_number(s, len)) {
        char *copy = xmalloc(len + 1);
        memcpy(copy, s, len);
        copy[len] = '\0';
        double x = strtod(copy, NULL);
        free(copy);
        if (isfinite(x) && (!axis->integer || fabs(x) <= ROUNDED_MAX)) {
            *offset = pool_add_number(pool, x, axis->integer);
            return STATUS_OK;
        }
    } else if (!axis->integer && ((len == 4 && memcmp(s, "true", 4) == 0) ||
                                  (len == 5 && memcmp(s, "false", 5) == 0))) {
        *offset = pool_add(pool, len == 4 ? "true" : "false");
        return STATUS_OK;
    } else if (!axis->integer && is_word(s, len)) {
        *offset = pool->len;
        strbuf_printf(pool, "\"%.*s\"", (int)len, s);
        strbuf_append(pool, "", 1);
        return STATUS_OK;
    }
    const char *rule = axis->integer ? "a number within +-2^53 (the parameter rounds to integers)"
                                     : "a number, true, false or a word";
    if (len == 0) {
        return csv_fail(c, cell->offset, true, "column \"%s\": expected %s, got an empty cell",
                        column, rule);
    }
    size_t shown = len;
    if (shown > 40) {
        shown = 40;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) {
            shown--;
        }
    }
    return csv_fail(c, cell->offset, true, "column \"%s\": expected %s, got \"%.*s%s\"", column,
                    rule, (int)shown, s, shown < len ? "..." : "");
}

/* Matches the header's cells to the parameters' names: each parameter
 * exactly once, nothing else. column_of[j] is the parameter of cell j. */
static int read_header(const struct csv *c, const struct sweep *sw, size_t line_start,
                       const struct cell *cells, size_t cell_count, size_t *column_of)
{
    size_t n = sw->parameter_count;
    const char **names = xmalloc(n * sizeof *names);
    bool *seen = xcalloc(n, sizeof *seen);
    for (size_t k = 0; k < n; k++) {
        names[k] = sw->parameters[k].name;
    }
    int status = STATUS_OK;
    for (size_t j = 0; j < cell_count && status == STATUS_OK; j++) {
        char *name = xmalloc(cells[j].len + 1);
        memcpy(name, c->text + cells[j].offset, cells[j].len);
        name[cells[j].len] = '\0';
        size_t k = 0;
        while (k < n && strcmp(names[k], name) != 0) {
            k++;
        }
        if (k == n) {
            const char *guess = message_closest(name, names, n);
            struct strbuf valid;
            strbuf_init(&valid);
            list_names(&valid, names, n);
            if (guess) {
                status = csv_fail(c, cells[j].offset, true,
                                  "unknown column \"%.64s\"; did you mean \"%s\"?", name, guess);
            } else {
                status = csv_fail(c, cells[j].offset, true,
                                  "unknown column \"%.64s\"; expected the parameters' names %s",
                                  name, valid.data);
            }
            strbuf_destroy(&valid);
        } else if (seen[k]) {
            status = csv_fail(c, cells[j].offset, true,
                              "duplicate column \"%.64s\"; each parameter's column may appear "
                              "only once",
                              name);
        } else {
            /* Cells 0..j-1 matched j distinct parameters, so j < n. */
            assert(j < n);
            seen[k] = true;
            column_of[j] = k;
        }
        free(name);
    }
    for (size_t k = 0; k < n && status == STATUS_OK; k++) {
        if (!seen[k]) {
            status = csv_fail(c, line_start, false,
                              "missing column \"%s\" (the name of /parameters/%zu); the header "
                              "names every parameter's column",
                              names[k], k);
        }
    }
    free(seen);
    free(names);
    return status;
}

/* "sites, bots": the header's names for a message about a row. */
static void list_columns(struct strbuf *sb, const struct sweep *sw, const size_t *column_of,
                         size_t count)
{
    for (size_t j = 0; j < count; j++) {
        strbuf_printf(sb, "%s%s", j ? ", " : "", sw->parameters[column_of[j]].name);
    }
}

/* Reads the rows of a CSV design file: a header naming each parameter, then
 * one point per line. Comment lines start with '#'; blank lines are skipped;
 * cells are trimmed; CRLF line ends and a byte order mark are accepted. */
static int read_csv(const struct csv *c, size_t text_len, struct sweep *sw, const struct axis *axes,
                    struct strbuf *pool, size_t **offsets)
{
    const char *text = c->text;
    size_t n = sw->parameter_count;
    size_t at = 0;
    if (text_len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        at = 3;
    }
    struct cell *cells = NULL;
    size_t cell_capacity = 0;
    size_t *column_of = xmalloc(n * sizeof *column_of);
    bool have_header = false;
    size_t header_start = 0;
    size_t rows = 0;
    size_t row_capacity = 0;
    int status = STATUS_OK;
    while (at < text_len && status == STATUS_OK) {
        size_t start = at;
        size_t end = start;
        while (end < text_len && text[end] != '\n') {
            end++;
        }
        at = end < text_len ? end + 1 : end;
        if (end > start && text[end - 1] == '\r') {
            end--;
        }
        size_t first = start;
        while (first < end && is_blank(text[first])) {
            first++;
        }
        if (first == end || text[first] == '#') {
            continue;
        }
        size_t count = split_cells(text, start, end, &cells, &cell_capacity);
        if (!have_header) {
            /* A header of the wrong width has an unknown, repeated or missing
             * column, which read_header names. */
            status = read_header(c, sw, start, cells, count, column_of);
            have_header = true;
            header_start = start;
            continue;
        }
        if (count != n) {
            struct strbuf names;
            strbuf_init(&names);
            list_columns(&names, sw, column_of, n);
            status =
                csv_fail(c, start, false, "expected %zu cells (%s), got %zu", n, names.data, count);
            strbuf_destroy(&names);
            break;
        }
        if (rows == POINTS_MAX) {
            status =
                csv_fail(c, start, false, "expected at most %u data rows (points)", POINTS_MAX);
            break;
        }
        if (rows == row_capacity) {
            row_capacity = row_capacity ? 2 * row_capacity : 64;
            *offsets = xrealloc(*offsets, row_capacity * n * sizeof **offsets);
        }
        for (size_t j = 0; j < n && status == STATUS_OK; j++) {
            size_t k = column_of[j];
            status = read_cell(c, &cells[j], sw->parameters[k].name, &axes[k], pool,
                               &(*offsets)[rows * n + k]);
        }
        rows++;
    }
    if (status == STATUS_OK && !have_header) {
        struct strbuf names;
        strbuf_init(&names);
        for (size_t k = 0; k < n; k++) {
            strbuf_printf(&names, "%s%s", k ? ", " : "", sw->parameters[k].name);
        }
        status =
            csv_fail(c, text_len, false,
                     "expected a header line naming the columns (%s), got no lines", names.data);
        strbuf_destroy(&names);
    } else if (status == STATUS_OK && rows == 0) {
        status =
            csv_fail(c, header_start, false, "expected at least one data row after the header");
    }
    free(column_of);
    free(cells);
    sw->point_count = rows;
    return status;
}

static int expand_file(const struct reader *r, const char *label, struct sweep *sw,
                       const struct axis *axes, struct strbuf *pool, size_t **offsets)
{
    struct error read_err;
    size_t len = 0;
    char *text = file_read_all(label, &len, &read_err);
    if (!text) {
        return fail(r, "/design/path", "cannot read the design file: %s", read_err.message);
    }
    struct csv c = {label, text, r->err};
    int status;
    size_t text_len = strlen(text);
    if (text_len < len) {
        status = csv_fail(&c, text_len, true, "a NUL byte in the text");
    } else {
        status = read_csv(&c, text_len, sw, axes, pool, offsets);
    }
    free(text);
    return status;
}

/* Points times replicates is the number of runs, when the sweep fixes
 * the replicates; otherwise the runner checks it against the scenario's. */
static int check_runs(const struct reader *r, const struct sweep *sw)
{
    double runs = (double)sw->point_count * sw->replicates;
    if (sw->replicates > 0 && runs > RUNS_MAX) {
        return fail(r, "/replicates",
                    "expected at most %u runs (points x replicates), got %zu points x %" PRIu32
                    " replicates = %.15g runs",
                    RUNS_MAX, sw->point_count, sw->replicates, runs);
    }
    return STATUS_OK;
}

static int read_sweep(const struct reader *r, const cJSON *root, struct sweep *sw)
{
    struct axis *axes = NULL;
    size_t sobol_points = 0;
    char *file_label = NULL;
    size_t *offsets = NULL;
    struct strbuf pool;
    strbuf_init(&pool);
    int status = STATUS_OK;
    if (check_keys(r, "", root, root_keys, COUNT_OF(root_keys)) || read_identity(r, root, sw) ||
        read_fixed(r, root, sw) || read_design(r, root, sw, &sobol_points, &file_label) ||
        read_parameters(r, root, sw, &axes)) {
        status = STATUS_BAD_INPUT;
    } else if (sw->design == SWEEP_GRID) {
        status = expand_grid(r, sw, axes, &pool, &offsets);
    } else if (sw->design == SWEEP_SOBOL) {
        expand_sobol(sw, axes, sobol_points, &pool, &offsets);
    } else {
        status = expand_file(r, file_label, sw, axes, &pool, &offsets);
    }
    if (status == STATUS_OK) {
        status = check_runs(r, sw);
    }
    if (status == STATUS_OK) {
        size_t total = sw->point_count * sw->parameter_count;
        sw->values = xmalloc(total * sizeof *sw->values);
        for (size_t i = 0; i < total; i++) {
            sw->values[i] = pool.data + offsets[i];
        }
        sw->value_text = pool.data;
    } else {
        strbuf_destroy(&pool);
    }
    free(offsets);
    free(file_label);
    free(axes);
    return status;
}

/* ---- Public entry points ---- */

int sweep_parse(const char *text, const char *label, const char *base_dir, struct sweep *sw,
                struct error *err)
{
    memset(sw, 0, sizeof *sw);
    error_clear(err);
    struct reader r = {text, label ? label : "sweep", base_dir, err};
    sw->label = xstrdup(r.label);
    size_t open = 0;
    char why[160];
    if (json_locate_raw_control(text, &open, why, sizeof why)) {
        struct json_position pos;
        json_locate_offset(text, open, &pos);
        int status =
            error_set(err, "%s:%u:%u: malformed JSON: %s", r.label, pos.line, pos.column, why);
        sweep_destroy(sw);
        return status;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithOpts(text, &end, false);
    int status = STATUS_OK;
    if (!root) {
        char hint[256];
        struct json_position pos;
        json_locate_syntax_error(text, end ? (size_t)(end - text) : 0, &pos, hint, sizeof hint);
        status =
            error_set(err, "%s:%u:%u: malformed JSON: %s", r.label, pos.line, pos.column, hint);
    } else {
        const char *rest = end;
        while (isspace((unsigned char)*rest)) {
            rest++;
        }
        if (*rest != '\0') {
            struct json_position pos;
            json_locate_offset(text, (size_t)(rest - text), &pos);
            status = error_set(err,
                               "%s:%u:%u: malformed JSON: unexpected text after the end of the "
                               "JSON document",
                               r.label, pos.line, pos.column);
        } else if (!cJSON_IsObject(root)) {
            status = expected(&r, "", root, "an object holding the sweep");
        } else {
            status = read_sweep(&r, root, sw);
        }
    }
    cJSON_Delete(root);
    if (status != STATUS_OK) {
        sweep_destroy(sw);
        message_one_line(err);
    }
    return status;
}

int sweep_load(const char *path, struct sweep *sw, struct error *err)
{
    memset(sw, 0, sizeof *sw);
    char *text = json_locate_read_file(path, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    const char *slash = strrchr(path, '/');
    char *base_dir = NULL;
    if (slash) {
        size_t dir = slash == path ? 1 : (size_t)(slash - path);
        base_dir = xmalloc(dir + 1);
        memcpy(base_dir, path, dir);
        base_dir[dir] = '\0';
    }
    int status = sweep_parse(text, path, base_dir, sw, err);
    free(base_dir);
    free(text);
    return status;
}

void sweep_destroy(struct sweep *sw)
{
    if (!sw) {
        return;
    }
    free(sw->label);
    free(sw->name);
    free(sw->scenario_path);
    free(sw->story);
    free(sw->design_path);
    for (size_t k = 0; k < sw->parameter_count && sw->parameters; k++) {
        struct sweep_parameter *parameter = &sw->parameters[k];
        free(parameter->name);
        free(parameter->path);
        for (size_t i = 0; i < parameter->path_count; i++) {
            free(parameter->paths[i]);
        }
        free(parameter->paths);
        free(parameter->where);
        free(parameter->spec);
    }
    free(sw->parameters);
    for (size_t i = 0; i < sw->fixed_count; i++) {
        /* The sweep allocated these; the struct shares scenario.h's const view. */
        free((char *)sw->fixed[i].path);
        free((char *)sw->fixed[i].value);
    }
    free(sw->fixed);
    free(sw->values);
    free(sw->value_text);
    memset(sw, 0, sizeof *sw);
}

size_t sweep_override_count(const struct sweep *sw)
{
    size_t n = sw->fixed_count;
    for (size_t k = 0; k < sw->parameter_count; k++) {
        n += sw->parameters[k].path_count;
    }
    return n;
}

size_t sweep_point_overrides(const struct sweep *sw, size_t point, struct scenario_override *out)
{
    assert(point < sw->point_count);
    size_t n = 0;
    for (size_t i = 0; i < sw->fixed_count; i++) {
        out[n++] = sw->fixed[i];
    }
    for (size_t k = 0; k < sw->parameter_count; k++) {
        for (size_t i = 0; i < sw->parameters[k].path_count; i++) {
            out[n++] =
                (struct scenario_override){sw->parameters[k].paths[i], sweep_value(sw, point, k)};
        }
    }
    return n;
}

static cJSON *raw(const char *text)
{
    return need(cJSON_CreateRaw(text));
}

static cJSON *integer_or_null(bool set, uint64_t x)
{
    char text[32];
    if (!set) {
        return need(cJSON_CreateNull());
    }
    snprintf(text, sizeof text, "%" PRIu64, x);
    return raw(text);
}

char *sweep_to_json(const struct sweep *sw)
{
    cJSON *root = need(cJSON_CreateObject());
    add(root, "name", cJSON_CreateString(sw->name));
    add(root, "scenario", cJSON_CreateString(sw->scenario_path));
    add(root, "seed", integer_or_null(sw->seed_set, sw->seed));
    add(root, "replicates", integer_or_null(sw->replicates > 0, sw->replicates));
    add(root, "story", sw->story ? cJSON_CreateString(sw->story) : cJSON_CreateNull());
    cJSON *set = add(root, "set", cJSON_CreateObject());
    for (size_t i = 0; i < sw->fixed_count; i++) {
        add(set, sw->fixed[i].path, raw(sw->fixed[i].value));
    }
    cJSON *design = add(root, "design", cJSON_CreateObject());
    add(design, "type", cJSON_CreateString(design_names[sw->design]));
    if (sw->design == SWEEP_SOBOL) {
        add(design, "points", integer_or_null(true, sw->point_count));
    } else if (sw->design == SWEEP_FILE) {
        add(design, "path", cJSON_CreateString(sw->design_path));
    }
    cJSON *parameters = add(root, "parameters", cJSON_CreateArray());
    for (size_t k = 0; k < sw->parameter_count; k++) {
        const struct sweep_parameter *parameter = &sw->parameters[k];
        cJSON *object = need(cJSON_CreateObject());
        cJSON_AddItemToArray(parameters, object);
        add(object, "name", cJSON_CreateString(parameter->name));
        if (parameter->path_count == 1) {
            add(object, "path", cJSON_CreateString(parameter->path));
        } else {
            cJSON *list = add(object, "paths", cJSON_CreateArray());
            for (size_t i = 0; i < parameter->path_count; i++) {
                cJSON_AddItemToArray(list, need(cJSON_CreateString(parameter->paths[i])));
            }
        }
        cJSON *spec = need(cJSON_Parse(parameter->spec));
        for (const cJSON *child = spec->child; child; child = child->next) {
            add(object, child->string, exact_copy(child));
        }
        cJSON_Delete(spec);
    }
    char *printed = need(cJSON_Print(root));
    cJSON_Delete(root);
    /* The points are listed one per line, which cJSON's printer (arrays on
     * one line) would not do, and without a tree of millions of nodes. */
    size_t len = strlen(printed);
    assert(len >= 2 && strcmp(printed + len - 2, "\n}") == 0);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_append(&sb, printed, len - 2);
    cJSON_free(printed);
    strbuf_printf(&sb, ",\n\t\"points\": [");
    for (size_t p = 0; p < sw->point_count; p++) {
        strbuf_printf(&sb, "%s\n\t\t[", p ? "," : "");
        for (size_t k = 0; k < sw->parameter_count; k++) {
            strbuf_printf(&sb, "%s%s", k ? ", " : "", sweep_value(sw, p, k));
        }
        strbuf_printf(&sb, "]");
    }
    strbuf_printf(&sb, "\n\t]\n}");
    return sb.data;
}
