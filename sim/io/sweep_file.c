/* Sweep files, read: JSON text to struct sweep. The design is expanded into
 * points by sweep_points.c (design files are read by sweep_design.c), and
 * sweep_write.c writes the resolved sweep back. Reading
 * checks every key against the rules in docs/sweep.md through the one
 * checked-JSON reader (json_reader) and stops at the first mistake with a
 * one-line message in the form scenario files use (FILE:LINE:COL:
 * /json/path: rule and value). The base scenario is not read here: its path
 * is resolved and the caller parses it, applying each point's values as
 * --set overrides. */
#include "sweep.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "fileio.h"
#include "json_locate.h"
#include "json_reader.h"
#include "json_write.h"
#include "message.h"
#include "sweep_internal.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define SEED_MAX 9007199254740991u /* 2^53 − 1: above it JSON numbers skip integers (model/config_params.c) */
#define REPLICATES_MAX 100000u
#define PATHS_MAX 1000     /* keys one parameter sets to the same value */
#define RUNS_MAX 10000000u /* points times replicates */

static const char *const root_keys[] = {"name", "scenario", "seed",    "replicates", "story",
                                        "set",  "design",   "outputs", "curve",      "parameters"};
static const char *const design_keys[] = {"type", "points", "path"};
static const char *const parameter_keys[] = {"path", "paths", "name",  "values", "from",
                                             "to",   "count", "scale", "integer"};
static const char *const range_keys[] = {"from", "to", "count", "scale"};
const char *const sweep_file_design_names[4] = {[SWEEP_GRID] = "grid",
                                                [SWEEP_SOBOL] = "sobol",
                                                [SWEEP_SALTELLI] = "saltelli",
                                                [SWEEP_FILE] = "file"};
static const char *const scale_names[] = {"linear", "log"};

/* The keys each design type allows in /design. */
static const struct json_switch_keys design_type_keys[] = {
    [SWEEP_GRID] = {{"type"}, 1},
    [SWEEP_SOBOL] = {{"type", "points"}, 2},
    [SWEEP_SALTELLI] = {{"type", "points"}, 2},
    [SWEEP_FILE] = {{"type", "path"}, 2},
};

/* ---- JSON helpers ---- */

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

static int read_identity(struct json_reader *r, const struct json_where *top, const char *base_dir,
                         struct sweep *sw)
{
    struct json_where name = json_reader_child(top, "name");
    if (name.item) {
        if (!cJSON_IsString(name.item) || !config_name_valid(name.item->valuestring)) {
            return json_reader_expected(r, &name,
                                        "a name of 1 to 63 characters from A-Z a-z 0-9 _ . - "
                                        "(it names the output directory)");
        }
        sw->name = xstrdup(name.item->valuestring);
    } else {
        sw->name = default_name(r->label);
    }
    struct json_where scenario = json_reader_child(top, "scenario");
    if (!scenario.item) {
        return json_reader_missing(r, top, "scenario");
    }
    if (!cJSON_IsString(scenario.item) || scenario.item->valuestring[0] == '\0') {
        return json_reader_expected(r, &scenario, "a file path (a non-empty string)");
    }
    char *joined = file_join_path(base_dir, scenario.item->valuestring);
    sw->scenario_path = file_resolve_path(joined);
    free(joined);
    struct json_where seed = json_reader_child(top, "seed");
    if (seed.item) {
        if (json_reader_check_integer(r, &seed, 0, SEED_MAX, &sw->seed)) {
            return STATUS_BAD_INPUT;
        }
        sw->seed_set = true;
    }
    if (json_reader_read_u32(r, top, "replicates", 1, REPLICATES_MAX, &sw->replicates)) {
        return STATUS_BAD_INPUT;
    }
    struct json_where story = json_reader_child(top, "story");
    if (story.item) {
        if (!cJSON_IsString(story.item) || story.item->valuestring[0] == '\0') {
            return json_reader_expected(r, &story, "a story name (a non-empty string)");
        }
        sw->story = xstrdup(story.item->valuestring);
    }
    return STATUS_OK;
}

/* "set": {"/json/pointer": value}, overrides that every point applies. */
static int read_fixed(struct json_reader *r, const struct json_where *top, struct sweep *sw)
{
    struct json_where set = json_reader_child(top, "set");
    if (!set.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(set.item)) {
        return json_reader_expected(r, &set, "an object of \"/json/pointer\": value overrides");
    }
    if (json_reader_check_keys(r, &set, NULL, 0, "key")) {
        return STATUS_BAD_INPUT;
    }
    size_t count = (size_t)cJSON_GetArraySize(set.item);
    sw->fixed = xcalloc(count ? count : 1, sizeof *sw->fixed);
    for (const cJSON *item = set.item->child; item; item = item->next) {
        struct json_where at = {&set, item->string, 0, item};
        if (item->string[0] != '/') {
            return json_reader_fail_key(r, &at,
                                        "expected a JSON pointer starting with '/' (such as "
                                        "\"/platform/visibility\"), got \"%.64s\"",
                                        item->string);
        }
        if (has_non_finite(item)) {
            return json_reader_expected(r, &at, "a value whose numbers are finite");
        }
        struct scenario_override *o = &sw->fixed[sw->fixed_count++];
        o->path = xstrdup(item->string);
        o->value = sweep_points_compact_text(item);
    }
    return STATUS_OK;
}

static int read_design(struct json_reader *r, const struct json_where *top, const char *base_dir,
                       struct sweep *sw, size_t *sobol_points, char **file_label)
{
    struct json_where design = json_reader_child(top, "design");
    sw->design = SWEEP_GRID;
    if (!design.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(design.item)) {
        return json_reader_expected(r, &design, "an object such as {\"type\": \"grid\"}");
    }
    if (json_reader_check_keys(r, &design, design_keys, COUNT_OF(design_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct json_where type = json_reader_child(&design, "type");
    int choice = 0;
    if (!type.item) {
        return json_reader_missing(r, &design, "type");
    }
    if (json_reader_check_choice(r, &type, sweep_file_design_names,
                                 COUNT_OF(sweep_file_design_names), &choice) ||
        json_reader_check_switch_keys(r, &design, "type", sweep_file_design_names[choice],
                                      &design_type_keys[choice])) {
        return STATUS_BAD_INPUT;
    }
    sw->design = (enum sweep_design)choice;
    if (sw->design == SWEEP_SOBOL || sw->design == SWEEP_SALTELLI) {
        struct json_where points = json_reader_child(&design, "points");
        uint64_t n = 0;
        if (!points.item) {
            return json_reader_missing(r, &design, "points");
        }
        /* Saltelli's estimators take a variance over rows: two at least. */
        uint64_t least = sw->design == SWEEP_SALTELLI ? 2 : 1;
        if (json_reader_check_integer(r, &points, least, SWEEP_POINTS_MAX, &n)) {
            return STATUS_BAD_INPUT;
        }
        *sobol_points = (size_t)n;
    } else if (sw->design == SWEEP_FILE) {
        struct json_where path = json_reader_child(&design, "path");
        if (!path.item) {
            return json_reader_missing(r, &design, "path");
        }
        if (!cJSON_IsString(path.item) || path.item->valuestring[0] == '\0') {
            return json_reader_expected(r, &path, "a file path (a non-empty string)");
        }
        *file_label = file_join_path(base_dir, path.item->valuestring);
        sw->design_path = file_resolve_path(*file_label);
    }
    return STATUS_OK;
}

/* ---- Parameters ---- */

/* "values": a non-empty list of scalars, which "integer" cannot join. */
static int read_values(struct json_reader *r, const struct json_where *object,
                       const struct json_where *values, struct sweep_axis *axis)
{
    if (!cJSON_IsArray(values->item) || cJSON_GetArraySize(values->item) < 1) {
        return json_reader_expected(
            r, values, "a non-empty array of values (numbers, strings, true or false)");
    }
    size_t i = 0;
    for (const cJSON *item = values->item->child; item; item = item->next, i++) {
        bool scalar = cJSON_IsString(item) || cJSON_IsBool(item) ||
                      (cJSON_IsNumber(item) && isfinite(item->valuedouble));
        if (!scalar) {
            struct json_where at = json_reader_element(values, i, item);
            return json_reader_expected(r, &at, "a number, a string, true or false");
        }
    }
    struct json_where integer = json_reader_child(object, "integer");
    if (integer.item) {
        return json_reader_fail_key(r, &integer,
                                    "\"integer\" applies to a range (\"from\", \"to\"); write the "
                                    "values as integers instead");
    }
    axis->values = values->item;
    axis->count = i;
    return STATUS_OK;
}

/* Refuses a range's end that a log scale (log) or rounding to integers
 * (not log) cannot take. */
static int check_ends(struct json_reader *r, const struct json_where *object, bool log)
{
    const char *ends[] = {"from", "to"};
    for (size_t i = 0; i < 2; i++) {
        struct json_where end = json_reader_child(object, ends[i]);
        if (log && !(end.item->valuedouble > 0.0)) {
            return json_reader_expected(r, &end,
                                        "a number > 0 (a log scale needs from > 0 and to > 0)");
        }
        if (!log && fabs(end.item->valuedouble) > SWEEP_ROUNDED_MAX) {
            return json_reader_expected(r, &end,
                                        "a number in [-9007199254740992, 9007199254740992] (an "
                                        "integer range rounds to exact integers)");
        }
    }
    return STATUS_OK;
}

static int check_finite(struct json_reader *r, const struct json_where *at, double *value)
{
    if (!cJSON_IsNumber(at->item) || !isfinite(at->item->valuedouble)) {
        return json_reader_expected(r, at, "a number");
    }
    *value = at->item->valuedouble;
    return STATUS_OK;
}

/* A range: "from", "to", a grid's "count", "scale" and "integer". */
static int read_range(struct json_reader *r, const struct json_where *object,
                      enum sweep_design design, struct sweep_axis *axis)
{
    const char *required[] = {"from", "to", "count"};
    size_t required_count = design == SWEEP_GRID ? 3 : 2;
    for (size_t i = 0; i < required_count; i++) {
        if (!json_reader_child(object, required[i]).item) {
            return json_reader_fail(
                r, object, "missing required key \"%s\" (a range needs %s)", required[i],
                design == SWEEP_GRID ? "\"from\", \"to\" and \"count\"" : "\"from\" and \"to\"");
        }
    }
    struct json_where from = json_reader_child(object, "from");
    struct json_where to = json_reader_child(object, "to");
    struct json_where count = json_reader_child(object, "count");
    struct json_where scale = json_reader_child(object, "scale");
    struct json_where integer = json_reader_child(object, "integer");
    uint64_t n = 0;
    int choice = 0;
    if (check_finite(r, &from, &axis->from) || check_finite(r, &to, &axis->to) ||
        (count.item && json_reader_check_integer(r, &count, 1, SWEEP_POINTS_MAX, &n)) ||
        (scale.item &&
         json_reader_check_choice(r, &scale, scale_names, COUNT_OF(scale_names), &choice))) {
        return STATUS_BAD_INPUT;
    }
    axis->count = (size_t)n;
    axis->log = choice == 1;
    if ((axis->log && check_ends(r, object, true)) ||
        (integer.item && json_reader_check_bool(r, &integer, &axis->integer)) ||
        (axis->integer && check_ends(r, object, false))) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* The value spec of a parameter in a grid, sobol or saltelli design: a list
 * of values or a range. */
static int read_spec(struct json_reader *r, const struct json_where *object,
                     enum sweep_design design, struct sweep_axis *axis)
{
    struct json_where values = json_reader_child(object, "values");
    struct json_where count = json_reader_child(object, "count");
    if (design != SWEEP_GRID && count.item) {
        return json_reader_fail_key(r, &count,
                                    "count belongs to a grid design; a %s design takes its "
                                    "number of points from /design/points",
                                    sweep_file_design_names[design]);
    }
    struct json_where range_key = {NULL, NULL, 0, NULL};
    for (size_t i = 0; i < COUNT_OF(range_keys) && !range_key.item; i++) {
        range_key = json_reader_child(object, range_keys[i]);
    }
    if (values.item && range_key.item) {
        return json_reader_fail_key(r, &range_key,
                                    "\"%s\" cannot go with \"values\": a parameter takes either "
                                    "a list of values or a range (\"from\", \"to\"%s)",
                                    range_key.key, design == SWEEP_GRID ? ", \"count\"" : "");
    }
    if (!values.item && !range_key.item) {
        return json_reader_fail(r, object,
                                "missing required key \"values\" (or a range: \"from\", \"to\"%s)",
                                design == SWEEP_GRID ? ", \"count\"" : "");
    }
    if (values.item) {
        return read_values(r, object, &values, axis);
    }
    return read_range(r, object, design, axis);
}

/* A parameter of a design file: its values come from its column, so only
 * "integer" may join "path" and "name". */
static int read_file_spec(struct json_reader *r, const struct json_where *object,
                          struct sweep_axis *axis)
{
    for (const cJSON *child = object->item->child; child; child = child->next) {
        if (strcmp(child->string, "path") != 0 && strcmp(child->string, "paths") != 0 &&
            strcmp(child->string, "name") != 0 && strcmp(child->string, "integer") != 0) {
            struct json_where at = {object, child->string, 0, child};
            return json_reader_fail_key(r, &at,
                                        "\"%s\" belongs to a grid or sobol design; with a design "
                                        "file the values come from the parameter's column",
                                        child->string);
        }
    }
    struct json_where integer = json_reader_child(object, "integer");
    if (integer.item && json_reader_check_bool(r, &integer, &axis->integer)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* The members of object other than "path", "paths" and "name", for sweep_to_json. */
static char *spec_text(const cJSON *object)
{
    cJSON *spec = json_write_need(cJSON_CreateObject());
    for (const cJSON *child = object->child; child; child = child->next) {
        if (strcmp(child->string, "path") != 0 && strcmp(child->string, "paths") != 0 &&
            strcmp(child->string, "name") != 0) {
            json_write_add(spec, child->string, json_write_need(cJSON_Duplicate(child, true)));
        }
    }
    char *text = sweep_points_compact_text(spec);
    cJSON_Delete(spec);
    return text;
}

static const char pointer_rule[] = "a JSON pointer into the scenario starting with '/' (such as "
                                   "\"/platform/visibility\")";

/* "path", or "paths" (then "name" is required): where the value is set. */
static int read_paths(struct json_reader *r, const struct json_where *object,
                      struct sweep_parameter *parameter)
{
    struct json_where path = json_reader_child(object, "path");
    struct json_where paths = json_reader_child(object, "paths");
    if (!path.item && !paths.item) {
        return json_reader_missing(r, object, "path");
    }
    if (path.item && paths.item) {
        return json_reader_fail_key(r, &paths, "give \"path\" or \"paths\", not both");
    }
    if (path.item) {
        if (!cJSON_IsString(path.item) || path.item->valuestring[0] != '/') {
            return json_reader_expected(r, &path, "%s", pointer_rule);
        }
        parameter->path_count = 1;
        parameter->paths = xmalloc(sizeof *parameter->paths);
        parameter->paths[0] = xstrdup(path.item->valuestring);
        return STATUS_OK;
    }
    int n = cJSON_IsArray(paths.item) ? cJSON_GetArraySize(paths.item) : 0;
    if (n < 1 || n > PATHS_MAX) {
        return json_reader_expected(r, &paths,
                                    "an array of 1 to %d JSON pointers (one value set at "
                                    "every one of them)",
                                    PATHS_MAX);
    }
    parameter->paths = xcalloc((size_t)n, sizeof *parameter->paths);
    size_t i = 0;
    for (const cJSON *item = paths.item->child; item; item = item->next, i++) {
        if (!cJSON_IsString(item) || item->valuestring[0] != '/') {
            struct json_where at = json_reader_element(&paths, i, item);
            return json_reader_expected(r, &at, "%s", pointer_rule);
        }
        parameter->paths[i] = xstrdup(item->valuestring);
        parameter->path_count++;
    }
    if (!json_reader_child(object, "name").item) {
        return json_reader_missing(r, object, "name");
    }
    return STATUS_OK;
}

static int read_parameter(struct json_reader *r, const struct json_where *object,
                          enum sweep_design design, struct sweep_parameter *parameter,
                          struct sweep_axis *axis)
{
    if (!cJSON_IsObject(object->item)) {
        return json_reader_expected(r, object, "an object with a \"path\" and the values it takes");
    }
    struct strbuf pointer;
    strbuf_init(&pointer);
    json_reader_pointer(&pointer, object);
    struct json_position pos;
    json_locate_value(r->text, pointer.data, &pos);
    strbuf_destroy(&pointer);
    size_t where_size = strlen(r->label) + 32;
    parameter->where = xmalloc(where_size);
    snprintf(parameter->where, where_size, "%s:%u:%u", r->label, pos.line, pos.column);
    if (json_reader_check_keys(r, object, parameter_keys, COUNT_OF(parameter_keys), "key") ||
        read_paths(r, object, parameter)) {
        return STATUS_BAD_INPUT;
    }
    parameter->path = xstrdup(parameter->paths[0]);
    struct json_where name = json_reader_child(object, "name");
    if (name.item) {
        if (!cJSON_IsString(name.item) || !is_valid_column(name.item->valuestring)) {
            return json_reader_expected(r, &name,
                                        "a column name (a non-empty string without commas, "
                                        "quotes, line breaks or spaces at either end)");
        }
        parameter->name = xstrdup(name.item->valuestring);
    } else {
        parameter->name = xstrdup(parameter->path);
    }
    parameter->spec = spec_text(object->item);
    if (design == SWEEP_FILE) {
        return read_file_spec(r, object, axis);
    }
    return read_spec(r, object, design, axis);
}

/* Two parameters may not share a path or a name, and a path that "set"
 * fixes cannot also vary. */
static int check_distinct(struct json_reader *r, const struct json_where *object,
                          const struct sweep *sw, size_t k)
{
    const struct sweep_parameter *parameter = &sw->parameters[k];
    struct json_where path = {object, "path", 0, NULL};
    struct json_where name = {object, "name", 0, NULL};
    for (size_t a = 0; a < parameter->path_count; a++) {
        const char *p = parameter->paths[a];
        for (size_t j = 0; j <= k; j++) {
            const struct sweep_parameter *other = &sw->parameters[j];
            for (size_t b = 0; b < (j == k ? a : other->path_count); b++) {
                if (strcmp(other->paths[b], p) == 0) {
                    return json_reader_fail(
                        r, &path, "duplicate path \"%.200s\"; /parameters/%zu already varies it", p,
                        j);
                }
            }
        }
        for (size_t i = 0; i < sw->fixed_count; i++) {
            if (strcmp(sw->fixed[i].path, p) == 0) {
                return json_reader_fail(r, &path,
                                        "\"%.200s\" is fixed by /set and cannot also vary; "
                                        "remove it from one of them",
                                        p);
            }
        }
    }
    for (size_t j = 0; j < k; j++) {
        if (strcmp(sw->parameters[j].name, parameter->name) == 0) {
            return json_reader_fail(r, &name,
                                    "duplicate name \"%.200s\"; /parameters/%zu already has it "
                                    "(names are the columns of the results)",
                                    parameter->name, j);
        }
    }
    return STATUS_OK;
}

static int read_parameters(struct json_reader *r, const struct json_where *top, struct sweep *sw,
                           struct sweep_axis **axes)
{
    struct json_where parameters = json_reader_child(top, "parameters");
    if (!parameters.item) {
        return json_reader_missing(r, top, "parameters");
    }
    int n = cJSON_IsArray(parameters.item) ? cJSON_GetArraySize(parameters.item) : 0;
    if (n < 1 || n > SWEEP_PARAMETERS_MAX) {
        return json_reader_expected(r, &parameters, "an array of 1 to %d parameter objects",
                                    SWEEP_PARAMETERS_MAX);
    }
    sw->parameters = xcalloc((size_t)n, sizeof *sw->parameters);
    sw->parameter_count = (size_t)n;
    *axes = xcalloc((size_t)n, sizeof **axes);
    size_t k = 0;
    for (const cJSON *item = parameters.item->child; item; item = item->next, k++) {
        struct json_where at = json_reader_element(&parameters, k, item);
        if (read_parameter(r, &at, sw->design, &sw->parameters[k], &(*axes)[k]) ||
            check_distinct(r, &at, sw, k)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* ---- Checks after expansion ---- */

/* Points times replicates is the number of runs, when the sweep fixes
 * the replicates; otherwise the runner checks it against the scenario's. */
static int check_runs(struct json_reader *r, const struct json_where *top, const struct sweep *sw)
{
    double runs = (double)sw->point_count * sw->replicates;
    if (sw->replicates > 0 && runs > RUNS_MAX) {
        struct json_where replicates = json_reader_child(top, "replicates");
        return json_reader_fail(r, &replicates,
                                "expected at most %u runs (points x replicates), got %zu points x "
                                "%" PRIu32 " replicates = %.15g runs",
                                RUNS_MAX, sw->point_count, sw->replicates, runs);
    }
    return STATUS_OK;
}

static int read_sweep(struct json_reader *r, const cJSON *root, const char *base_dir,
                      struct sweep *sw)
{
    struct json_where top = json_reader_root(root);
    struct sweep_axis *axes = NULL;
    size_t sobol_points = 0;
    char *file_label = NULL;
    size_t *offsets = NULL;
    struct strbuf pool;
    strbuf_init(&pool);
    int status = STATUS_OK;
    if (json_reader_check_keys(r, &top, root_keys, COUNT_OF(root_keys), "key") ||
        read_identity(r, &top, base_dir, sw) || sweep_figures_read(r, &top, sw) || read_fixed(r, &top, sw) ||
        read_design(r, &top, base_dir, sw, &sobol_points, &file_label) ||
        read_parameters(r, &top, sw, &axes) ||
        sweep_points_expand(r, &top, sw, axes, sobol_points, file_label, &pool, &offsets) ||
        check_runs(r, &top, sw)) {
        status = STATUS_BAD_INPUT;
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
    struct json_reader r;
    json_reader_init(&r, text, label ? label : "sweep", err);
    sw->label = xstrdup(r.label);
    cJSON *root = NULL;
    int status = json_reader_parse(&r, "an object holding the sweep", &root);
    if (status == STATUS_OK) {
        status = read_sweep(&r, root, base_dir, sw);
    }
    cJSON_Delete(root);
    json_reader_destroy(&r);
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
    char *base_dir = file_folder(path);
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
    for (size_t i = 0; i < sw->output_count; i++) {
        free(sw->outputs[i]);
    }
    free(sw->outputs);
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
                (struct scenario_override){sw->parameters[k].paths[i], sweep_value(sw, point, k), NULL};
        }
    }
    return n;
}
