/* Fit files, read: JSON text to struct fit, and the observed curves' CSV
 * files with them. Every key is checked against the rules of
 * docs/calibration.md through the one checked-JSON reader, stopping at the
 * first mistake with a one-line message (FILE:LINE:COL: /json/path: rule and
 * value), as sweep files are read (sweep_file.c). The base scenario is not
 * read here: batch/fit.c parses it, setting each evaluation's values as
 * --set overrides, and checks what needs it. */
#include "fit.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../model/config.h"
#include "csv.h"
#include "fileio.h"
#include "json_locate.h"
#include "json_reader.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define SEED_MAX 9007199254740991u /* 2^53 - 1, as scenario and sweep files */
#define REPLICATES_MAX 100000u
#define CURVES_MAX 16
#define STATISTICS_MAX 64
#define CURVE_POINTS_MAX 100000u
#define EVALUATIONS_MAX 1000000u

static const char *const root_keys[] = {"name",    "scenario", "seed", "replicates", "parameters",
                                        "targets", "method",   "nm",   "abc"};
static const char *const parameter_keys[] = {"path", "name", "lower", "upper", "scale", "start"};
static const char *const target_keys[] = {"curves", "statistics"};
static const char *const curve_keys[] = {"file", "measure", "story", "sigma"};
static const char *const statistic_keys[] = {"name",     "figure",    "story",    "statistic",
                                             "at_least", "condition", "observed", "sigma"};
static const char *const condition_keys[] = {"figure", "at_least"};
static const char *const nm_keys[] = {"restarts", "max_evaluations", "step", "tolerance",
                                      "curvature_step"};
static const char *const abc_keys[] = {"particles", "generations", "quantile", "max_evaluations",
                                       "min_acceptance"};
static const char *const scale_names[] = {"linear", "log"};
static const char *const method_names[] = {[FIT_NM] = "nm", [FIT_ABC] = "abc"};
static const char *const statistic_names[] = {
    [FIT_MEDIAN] = "median", [FIT_MEAN] = "mean", [FIT_FRACTION] = "fraction"};

static const struct json_range positive = {0.0, INFINITY, true, false};
static const struct json_range finite = {-INFINITY, INFINITY, false, false};

const char *fit_method_name(enum fit_method m)
{
    return method_names[m];
}

const char *fit_scale_name(enum fit_scale s)
{
    return scale_names[s];
}

const char *fit_statistic_name(enum fit_statistic_kind k)
{
    return statistic_names[k];
}

/* ---- Paths and places ---- */

/* base_dir joined with path, an existing file made absolute, as sweep
 * files resolve theirs. */
static char *resolve_path(const char *base_dir, const char *path)
{
    char *joined = file_join_path(base_dir, path);
    char *resolved = file_resolve_path(joined);
    free(joined);
    return resolved;
}

/* "FILE:LINE:COL" of the value at `at`, for checks made after reading. */
static char *where_of(const struct json_reader *r, const struct json_where *at)
{
    struct strbuf pointer;
    strbuf_init(&pointer);
    json_reader_pointer(&pointer, at);
    struct json_position pos;
    json_locate_value(r->text, pointer.data, &pos);
    size_t n = strlen(r->label) + pointer.len + 48;
    char *where = xmalloc(n);
    snprintf(where, n, "%s:%u:%u: %s", r->label, pos.line, pos.column,
             pointer.len ? pointer.data : "/");
    strbuf_destroy(&pointer);
    return where;
}

/* A required number within range. */
static int read_required(struct json_reader *r, const struct json_where *object, const char *key,
                         struct json_range range, double *value)
{
    struct json_where at = json_reader_child(object, key);
    if (!at.item) {
        return json_reader_missing(r, object, key);
    }
    return json_reader_check_number(r, &at, range, value);
}

/* An optional non-empty string; *value stays NULL when absent. */
static int read_string(struct json_reader *r, const struct json_where *object, const char *key,
                       const char *rule, char **value)
{
    struct json_where at = json_reader_child(object, key);
    if (!at.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsString(at.item) || at.item->valuestring[0] == '\0') {
        return json_reader_expected(r, &at, "%s", rule);
    }
    *value = xstrdup(at.item->valuestring);
    return STATUS_OK;
}

/* An optional array of 1 to max objects; *count 0 when absent. */
static int read_array(struct json_reader *r, const struct json_where *object, const char *key,
                      int max, const char *what, struct json_where *out, size_t *count)
{
    *out = json_reader_child(object, key);
    *count = 0;
    if (!out->item) {
        return STATUS_OK;
    }
    int n = cJSON_IsArray(out->item) ? cJSON_GetArraySize(out->item) : 0;
    if (n < 1 || n > max) {
        return json_reader_expected(r, out, "an array of 1 to %d %s", max, what);
    }
    *count = (size_t)n;
    return STATUS_OK;
}

/* ---- Identity ---- */

static int read_identity(struct json_reader *r, const struct json_where *top, const char *base_dir,
                         struct fit *f)
{
    struct json_where name = json_reader_child(top, "name");
    if (name.item) {
        if (!cJSON_IsString(name.item) || !config_name_valid(name.item->valuestring)) {
            return json_reader_expected(r, &name,
                                        "a name of 1 to 63 characters from A-Z a-z 0-9 _ . - "
                                        "(it names the output directory)");
        }
        f->name = xstrdup(name.item->valuestring);
    } else {
        char buf[CONFIG_NAME_MAX];
        config_name_from_path(r->label, "fit", buf);
        f->name = xstrdup(buf);
    }
    struct json_where scenario = json_reader_child(top, "scenario");
    if (!scenario.item) {
        return json_reader_missing(r, top, "scenario");
    }
    if (!cJSON_IsString(scenario.item) || scenario.item->valuestring[0] == '\0') {
        return json_reader_expected(r, &scenario, "a file path (a non-empty string)");
    }
    f->scenario_path = resolve_path(base_dir, scenario.item->valuestring);
    struct json_where seed = json_reader_child(top, "seed");
    if (seed.item) {
        if (json_reader_check_integer(r, &seed, 0, SEED_MAX, &f->seed)) {
            return STATUS_BAD_INPUT;
        }
        f->seed_set = true;
    }
    int method = FIT_NM;
    if (json_reader_read_u32(r, top, "replicates", 1, REPLICATES_MAX, &f->replicates) ||
        json_reader_read_choice(r, top, "method", method_names, COUNT_OF(method_names), &method)) {
        return STATUS_BAD_INPUT;
    }
    f->method = (enum fit_method)method;
    return STATUS_OK;
}

/* ---- Parameters ---- */

static int read_parameter(struct json_reader *r, const struct json_where *object,
                          struct fit_parameter *p)
{
    if (!cJSON_IsObject(object->item)) {
        return json_reader_expected(r, object, "an object with a \"path\" and its bounds");
    }
    p->where = where_of(r, object);
    if (json_reader_check_keys(r, object, parameter_keys, COUNT_OF(parameter_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct json_where path = json_reader_child(object, "path");
    if (!path.item) {
        return json_reader_missing(r, object, "path");
    }
    if (!cJSON_IsString(path.item) || path.item->valuestring[0] != '/') {
        return json_reader_expected(r, &path,
                                    "a JSON pointer into the scenario starting with '/' (such "
                                    "as \"/platform/visibility\")");
    }
    p->path = xstrdup(path.item->valuestring);
    if (read_string(r, object, "name", "a column name (a non-empty string)", &p->name)) {
        return STATUS_BAD_INPUT;
    }
    if (!p->name) {
        p->name = xstrdup(p->path);
    } else if (strpbrk(p->name, ",\"\n\r")) {
        struct json_where name = json_reader_child(object, "name");
        return json_reader_expected(r, &name,
                                    "a column name without commas, quotes or line breaks");
    }
    int scale = FIT_LINEAR;
    if (json_reader_read_choice(r, object, "scale", scale_names, COUNT_OF(scale_names), &scale)) {
        return STATUS_BAD_INPUT;
    }
    p->scale = (enum fit_scale)scale;
    struct json_range bound = p->scale == FIT_LOG ? positive : finite;
    if (read_required(r, object, "lower", bound, &p->lower) ||
        read_required(r, object, "upper", bound, &p->upper)) {
        return STATUS_BAD_INPUT;
    }
    if (!(p->upper > p->lower)) {
        struct json_where upper = json_reader_child(object, "upper");
        char lower[32];
        message_number(p->lower, lower, sizeof lower);
        return json_reader_expected(r, &upper, "a number > lower (%s)", lower);
    }
    struct json_where start = json_reader_child(object, "start");
    if (start.item) {
        struct json_range inside = {p->lower, p->upper, true, true};
        if (json_reader_check_number(r, &start, inside, &p->start)) {
            return STATUS_BAD_INPUT;
        }
        p->start_set = true;
    }
    return STATUS_OK;
}

static int read_parameters(struct json_reader *r, const struct json_where *top, struct fit *f)
{
    struct json_where parameters;
    size_t n;
    if (read_array(r, top, "parameters", FIT_PARAMETERS_MAX, "parameter objects", &parameters,
                   &n)) {
        return STATUS_BAD_INPUT;
    }
    if (!parameters.item) {
        return json_reader_missing(r, top, "parameters");
    }
    f->parameters = xcalloc(n, sizeof *f->parameters);
    f->parameter_count = n;
    size_t k = 0;
    for (const cJSON *item = parameters.item->child; item; item = item->next, k++) {
        struct json_where at = json_reader_element(&parameters, k, item);
        if (read_parameter(r, &at, &f->parameters[k])) {
            return STATUS_BAD_INPUT;
        }
        for (size_t j = 0; j < k; j++) {
            if (strcmp(f->parameters[j].path, f->parameters[k].path) == 0 ||
                strcmp(f->parameters[j].name, f->parameters[k].name) == 0) {
                return json_reader_fail(r, &at,
                                        "duplicate parameter \"%.200s\"; /parameters/%zu already "
                                        "has its path or name",
                                        f->parameters[k].name, j);
            }
        }
        if (strcmp(f->parameters[k].path, "/seed") == 0 ||
            strcmp(f->parameters[k].path, "/replicates") == 0) {
            struct json_where path = json_reader_child(&at, "path");
            return json_reader_fail(r, &path,
                                    "the fit sets every evaluation's seed and replicates itself "
                                    "(common random numbers); use the fit's \"seed\" and "
                                    "\"replicates\"");
        }
    }
    return STATUS_OK;
}

/* ---- Curves ---- */

/* A number in a CSV cell, whole cell. */
static bool cell_number(const struct csv_cell *cell, double *x)
{
    char *end;
    *x = strtod(cell->text, &end);
    return cell->len > 0 && *end == '\0' && isfinite(*x);
}

/* The observed points: a header "time_h,<name>" then rows of numbers. */
static int read_points(const char *label, const char *text, size_t len, struct fit_curve *c,
                       struct error *err)
{
    struct csv csv;
    int status = csv_init(&csv, label, text, len, CSV_TRIM, err);
    struct csv_row row;
    size_t cap = 0;
    bool header = true;
    double last_time = 0.0, last_value = 0.0;
    while (status == STATUS_OK && (status = csv_next_row(&csv, &row, err)) == STATUS_OK &&
           row.count > 0) {
        if (row.count != 2) {
            status =
                csv_fail(&csv, err, row.line, 0,
                         "expected 2 cells (time_h and a cumulative value), got %zu", row.count);
            break;
        }
        if (header) {
            if (strcmp(row.cells[0].text, "time_h") != 0) {
                status = csv_fail(&csv, err, row.line, row.cells[0].column,
                                  "expected a header line \"time_h,<value name>\", got \"%.64s\"",
                                  row.cells[0].text);
            }
            header = false;
            continue;
        }
        double t = 0.0, v = 0.0;
        const struct csv_cell *bad = !cell_number(&row.cells[0], &t)   ? &row.cells[0]
                                     : !cell_number(&row.cells[1], &v) ? &row.cells[1]
                                                                       : NULL;
        if (bad) {
            status = csv_fail(&csv, err, bad->line, bad->column, "expected a number, got \"%.64s\"",
                              bad->text);
        } else if (!(t > last_time)) {
            status = csv_fail(&csv, err, row.line, row.cells[0].column,
                              "expected a time_h > %g (times > 0, increasing), got %s", last_time,
                              row.cells[0].text);
        } else if (!(v >= last_value)) {
            status = csv_fail(&csv, err, row.line, row.cells[1].column,
                              "expected a cumulative value >= %g (>= 0, never decreasing), got %s",
                              last_value, row.cells[1].text);
        } else if (c->count == CURVE_POINTS_MAX) {
            status =
                csv_fail(&csv, err, row.line, 0, "expected at most %u points", CURVE_POINTS_MAX);
        } else {
            if (c->count == cap) {
                cap = cap ? 2 * cap : 64;
                c->time_h = xrealloc(c->time_h, cap * sizeof *c->time_h);
                c->value = xrealloc(c->value, cap * sizeof *c->value);
                c->line = xrealloc(c->line, cap * sizeof *c->line);
            }
            c->time_h[c->count] = t;
            c->value[c->count] = v;
            c->line[c->count++] = row.line;
            last_time = t;
            last_value = v;
        }
    }
    if (status == STATUS_OK && c->count == 0) {
        status = csv_fail(&csv, err, row.line, 0,
                          header ? "expected a header line \"time_h,<value name>\""
                                 : "expected at least one point after the header");
    }
    csv_destroy(&csv);
    return status;
}

static int read_curve(struct json_reader *r, const struct json_where *object, const char *base_dir,
                      struct fit_curve *c)
{
    if (!cJSON_IsObject(object->item)) {
        return json_reader_expected(r, object, "an object naming a CSV \"file\" and a \"measure\"");
    }
    c->where = where_of(r, object);
    const char *measure_names[MEASURE_COUNT];
    for (int i = 0; i < MEASURE_COUNT; i++) {
        measure_names[i] = measure_name((enum measure)i);
    }
    int measure = MEASURE_VIEWS;
    c->sigma = 1.0;
    if (json_reader_check_keys(r, object, curve_keys, COUNT_OF(curve_keys), "key") ||
        read_string(r, object, "story", "a story name (a non-empty string)", &c->story) ||
        json_reader_read_number(r, object, "sigma", positive, &c->sigma)) {
        return STATUS_BAD_INPUT;
    }
    struct json_where m = json_reader_child(object, "measure");
    if (!m.item) {
        return json_reader_missing(r, object, "measure");
    }
    if (json_reader_check_choice(r, &m, measure_names, MEASURE_COUNT, &measure)) {
        return STATUS_BAD_INPUT;
    }
    c->measure = (enum measure)measure;
    struct json_where file = json_reader_child(object, "file");
    if (!file.item) {
        return json_reader_missing(r, object, "file");
    }
    if (!cJSON_IsString(file.item) || file.item->valuestring[0] == '\0') {
        return json_reader_expected(r, &file, "a CSV file path (a non-empty string)");
    }
    c->file = resolve_path(base_dir, file.item->valuestring);
    struct error inner;
    error_clear(&inner);
    size_t len;
    char *text = file_read_all(c->file, &len, &inner);
    if (!text) {
        return json_reader_fail(r, &file, "%s", inner.message);
    }
    int status = read_points(c->file, text, len, c, r->err);
    free(text);
    return status;
}

/* ---- Statistics ---- */

static int read_condition(struct json_reader *r, const struct json_where *object,
                          struct fit_statistic *s)
{
    struct json_where condition = json_reader_child(object, "condition");
    if (!condition.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(condition.item)) {
        return json_reader_expected(r, &condition,
                                    "an object {\"figure\": NAME, \"at_least\": N} (only the "
                                    "replicates whose figure reaches N count)");
    }
    if (json_reader_check_keys(r, &condition, condition_keys, COUNT_OF(condition_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct json_where figure = json_reader_child(&condition, "figure");
    if (!figure.item) {
        return json_reader_missing(r, &condition, "figure");
    }
    if (read_string(r, &condition, "figure", "a figure of runs.csv (such as \"shares\")",
                    &s->condition_figure)) {
        return STATUS_BAD_INPUT;
    }
    return read_required(r, &condition, "at_least", finite, &s->at_least);
}

static int read_statistic(struct json_reader *r, const struct json_where *object,
                          struct fit_statistic *s)
{
    if (!cJSON_IsObject(object->item)) {
        return json_reader_expected(r, object,
                                    "an object with a \"figure\", its \"observed\" value and "
                                    "\"sigma\"");
    }
    s->where = where_of(r, object);
    int kind = FIT_MEDIAN;
    if (json_reader_check_keys(r, object, statistic_keys, COUNT_OF(statistic_keys), "key") ||
        read_string(r, object, "story", "a story name (a non-empty string)", &s->story) ||
        json_reader_read_choice(r, object, "statistic", statistic_names, COUNT_OF(statistic_names),
                                &kind) ||
        read_condition(r, object, s)) {
        return STATUS_BAD_INPUT;
    }
    s->kind = (enum fit_statistic_kind)kind;
    /* A fraction is a point of the figure's distribution over replicates
     * (published as "the top 1 % reached 1,000 people"): it needs the
     * threshold, and only it has one. */
    struct json_where at_least = json_reader_child(object, "at_least");
    if (s->kind == FIT_FRACTION) {
        if (!at_least.item) {
            return json_reader_missing(r, object, "at_least");
        }
        if (read_required(r, object, "at_least", finite, &s->threshold)) {
            return STATUS_BAD_INPUT;
        }
    } else if (at_least.item) {
        return json_reader_expected(r, &at_least,
                                    "no \"at_least\" here: it is the threshold of "
                                    "\"statistic\": \"fraction\" (a condition's goes in "
                                    "\"condition\")");
    }
    struct json_where figure = json_reader_child(object, "figure");
    if (!figure.item) {
        return json_reader_missing(r, object, "figure");
    }
    if (read_string(r, object, "figure", "a figure of runs.csv (such as \"views_day_3\")",
                    &s->figure)) {
        return STATUS_BAD_INPUT;
    }
    s->figure_where = where_of(r, &figure);
    if (read_required(r, object, "observed", finite, &s->observed) ||
        read_required(r, object, "sigma", positive, &s->sigma) ||
        read_string(r, object, "name", "a column name (a non-empty string)", &s->name)) {
        return STATUS_BAD_INPUT;
    }
    if (s->kind == FIT_FRACTION && !(s->observed >= 0.0 && s->observed <= 1.0)) {
        struct json_where observed = json_reader_child(object, "observed");
        return json_reader_expected(r, &observed, "a fraction of replicates, in [0, 1]");
    }
    if (!s->name) {
        size_t n = strlen(s->figure) + 16;
        s->name = xmalloc(n);
        snprintf(s->name, n, "%s_%s", statistic_names[s->kind], s->figure);
    } else if (strpbrk(s->name, ",\"\n\r")) {
        struct json_where name = json_reader_child(object, "name");
        return json_reader_expected(r, &name,
                                    "a column name without commas, quotes or line breaks");
    }
    return STATUS_OK;
}

static int read_targets(struct json_reader *r, const struct json_where *top, const char *base_dir,
                        struct fit *f)
{
    struct json_where targets;
    if (json_reader_object(r, top, "targets", &targets)) {
        return STATUS_BAD_INPUT;
    }
    if (!targets.item) {
        return json_reader_missing(r, top, "targets");
    }
    if (json_reader_check_keys(r, &targets, target_keys, COUNT_OF(target_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct json_where curves, statistics;
    if (read_array(r, &targets, "curves", CURVES_MAX, "curve objects", &curves, &f->curve_count) ||
        read_array(r, &targets, "statistics", STATISTICS_MAX, "statistic objects", &statistics,
                   &f->statistic_count)) {
        return STATUS_BAD_INPUT;
    }
    if (f->curve_count + f->statistic_count == 0) {
        return json_reader_fail(r, &targets,
                                "expected \"curves\" or \"statistics\" (a fit needs something "
                                "to fit to)");
    }
    f->curves = xcalloc(f->curve_count + 1, sizeof *f->curves);
    f->statistics = xcalloc(f->statistic_count + 1, sizeof *f->statistics);
    for (size_t i = 0; i < f->curve_count; i++) {
        struct json_where at =
            json_reader_element(&curves, i, cJSON_GetArrayItem(curves.item, (int)i));
        if (read_curve(r, &at, base_dir, &f->curves[i])) {
            return STATUS_BAD_INPUT;
        }
    }
    for (size_t i = 0; i < f->statistic_count; i++) {
        struct json_where at =
            json_reader_element(&statistics, i, cJSON_GetArrayItem(statistics.item, (int)i));
        if (read_statistic(r, &at, &f->statistics[i])) {
            return STATUS_BAD_INPUT;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(f->statistics[j].name, f->statistics[i].name) == 0) {
                return json_reader_fail(r, &at,
                                        "duplicate statistic name \"%.200s\"; "
                                        "/targets/statistics/%zu already has it (give one a "
                                        "\"name\")",
                                        f->statistics[i].name, j);
            }
        }
    }
    return STATUS_OK;
}

/* ---- Method settings ---- */

static int read_settings(struct json_reader *r, const struct json_where *top, struct fit *f)
{
    f->nm = (struct fit_nm_settings){.restarts = 2,
                                     .max_evaluations = 200,
                                     .step = 1.0,
                                     .tolerance = 1e-3,
                                     .curvature_step = 0.1};
    f->abc = (struct fit_abc_settings){.particles = 100,
                                       .generations = 5,
                                       .quantile = 0.5,
                                       .max_evaluations = 10000,
                                       .min_acceptance = 0.01};
    struct json_where nm, abc;
    struct json_range fraction = {0.0, 1.0, true, true};
    struct json_range acceptance = {0.0, 1.0, false, true};
    if (json_reader_object(r, top, "nm", &nm) ||
        json_reader_check_keys(r, &nm, nm_keys, COUNT_OF(nm_keys), "key") ||
        json_reader_read_u32(r, &nm, "restarts", 0, 100, &f->nm.restarts) ||
        json_reader_read_u32(r, &nm, "max_evaluations", 1, EVALUATIONS_MAX,
                             &f->nm.max_evaluations) ||
        json_reader_read_number(r, &nm, "step", positive, &f->nm.step) ||
        json_reader_read_number(r, &nm, "tolerance", positive, &f->nm.tolerance) ||
        json_reader_read_number(r, &nm, "curvature_step", positive, &f->nm.curvature_step) ||
        json_reader_object(r, top, "abc", &abc) ||
        json_reader_check_keys(r, &abc, abc_keys, COUNT_OF(abc_keys), "key") ||
        json_reader_read_u32(r, &abc, "particles", 2, 100000, &f->abc.particles) ||
        json_reader_read_u32(r, &abc, "generations", 1, 1000, &f->abc.generations) ||
        json_reader_read_number(r, &abc, "quantile", fraction, &f->abc.quantile) ||
        json_reader_read_u32(r, &abc, "max_evaluations", 1, EVALUATIONS_MAX,
                             &f->abc.max_evaluations) ||
        json_reader_read_number(r, &abc, "min_acceptance", acceptance, &f->abc.min_acceptance)) {
        return STATUS_BAD_INPUT;
    }
    if (f->abc.max_evaluations < f->abc.particles) {
        struct json_where at = json_reader_child(&abc, "max_evaluations");
        if (!at.item) {
            at = json_reader_child(&abc, "particles");
        }
        return json_reader_fail(r, &at,
                                "expected max_evaluations >= particles (generation 0 alone "
                                "evaluates every particle once), got %u < %u",
                                f->abc.max_evaluations, f->abc.particles);
    }
    return STATUS_OK;
}

/* ---- Public entry points ---- */

int fit_parse(const char *text, const char *label, const char *base_dir, struct fit *f,
              struct error *err)
{
    memset(f, 0, sizeof *f);
    error_clear(err);
    struct json_reader r;
    json_reader_init(&r, text, label ? label : "fit", err);
    f->label = xstrdup(r.label);
    cJSON *root = NULL;
    int status = json_reader_parse(&r, "an object holding the fit", &root);
    if (status == STATUS_OK) {
        struct json_where top = json_reader_root(root);
        if (json_reader_check_keys(&r, &top, root_keys, COUNT_OF(root_keys), "key") ||
            read_identity(&r, &top, base_dir, f) || read_parameters(&r, &top, f) ||
            read_targets(&r, &top, base_dir, f) || read_settings(&r, &top, f)) {
            status = STATUS_BAD_INPUT;
        }
    }
    cJSON_Delete(root);
    json_reader_destroy(&r);
    if (status != STATUS_OK) {
        fit_destroy(f);
        message_one_line(err);
    }
    return status;
}

int fit_load(const char *path, struct fit *f, struct error *err)
{
    memset(f, 0, sizeof *f);
    char *text = json_locate_read_file(path, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    char *base_dir = file_folder(path);
    int status = fit_parse(text, path, base_dir, f, err);
    free(base_dir);
    free(text);
    return status;
}

void fit_destroy(struct fit *f)
{
    if (!f) {
        return;
    }
    free(f->label);
    free(f->name);
    free(f->scenario_path);
    for (size_t k = 0; f->parameters && k < f->parameter_count; k++) {
        free(f->parameters[k].name);
        free(f->parameters[k].path);
        free(f->parameters[k].where);
    }
    free(f->parameters);
    for (size_t i = 0; f->curves && i < f->curve_count; i++) {
        struct fit_curve *c = &f->curves[i];
        free(c->file);
        free(c->story);
        free(c->time_h);
        free(c->value);
        free(c->line);
        free(c->where);
    }
    free(f->curves);
    for (size_t i = 0; f->statistics && i < f->statistic_count; i++) {
        struct fit_statistic *s = &f->statistics[i];
        free(s->name);
        free(s->figure);
        free(s->story);
        free(s->condition_figure);
        free(s->where);
        free(s->figure_where);
    }
    free(f->statistics);
    memset(f, 0, sizeof *f);
}
