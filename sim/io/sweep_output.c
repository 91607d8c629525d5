/* sweep.json, runs.csv and sweep.csv (and a saltelli design's sobol.csv,
 * sweep_sobol.c): their writers, and the readers of
 * sweep.csv and sweep.json that plots use. */
#define _POSIX_C_SOURCE 200809L
#include "sweep_output.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"
#include "json_write.h"
#include "sweep_sobol.h"

#define FIGURE_COUNT SWEEP_OUTPUT_FIGURES

static const char *const figure_names[FIGURE_COUNT] = {"views", "reach", "shares", "time_to_1e6_h",
                                                       "peak_view_rate_per_h"};

int sweep_output_figure_count(const struct sweep *sw)
{
    return FIGURE_COUNT + (int)sw->output_count;
}

const char *sweep_output_figure_name(const struct sweep *sw, int k)
{
    return k < FIGURE_COUNT ? figure_names[k] : sw->outputs[k - FIGURE_COUNT];
}

double sweep_output_figure(const struct run_figures *f, int k)
{
    if (k >= FIGURE_COUNT) {
        return (size_t)(k - FIGURE_COUNT) < f->extra_count ? f->extra[k - FIGURE_COUNT] : NAN;
    }
    const double v[FIGURE_COUNT] = {f->views, f->reach, f->shares, f->time_to_1e6_h,
                                    f->peak_view_rate_per_h};
    return v[k];
}

static double figure(const struct run_figures *f, int k)
{
    return sweep_output_figure(f, k);
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static char *identity_json(const struct sweep *sw, uint64_t base_seed, uint32_t replicates,
                           const char *fingerprint)
{
    char *text = sweep_to_json(sw);
    cJSON *resolved = cJSON_Parse(text);
    free(text);
    assert(resolved);
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "fingerprint", fingerprint);
    cJSON_AddStringToObject(root, "amplisim", AMPLISIM_VERSION);
    json_write_add(root, "base_seed", json_write_integer(base_seed));
    cJSON_AddNumberToObject(root, "replicates", replicates);
    cJSON_AddNumberToObject(root, "points", (double)sw->point_count);
    cJSON_AddItemToObject(root, "sweep", resolved);
    char *out = cJSON_Print(root);
    cJSON_Delete(root);
    return out;
}

int sweep_output_claim(const char *dir, const struct sweep *sw, uint64_t base_seed,
                       uint32_t replicates, uint64_t fingerprint, struct error *err)
{
    char hex[17];
    snprintf(hex, sizeof hex, "%016" PRIx64, fingerprint);
    char *path = join(dir, "sweep.json");
    struct stat st;
    int status = STATUS_OK;
    if (stat(path, &st) == 0) {
        struct error ignored;
        char *text = file_read_all(path, NULL, &ignored);
        cJSON *root = text ? cJSON_Parse(text) : NULL;
        const cJSON *fp = cJSON_GetObjectItemCaseSensitive(root, "fingerprint");
        if (!cJSON_IsString(fp)) {
            status = error_set(err,
                               "%s: not a sweep.json amplisim wrote (no fingerprint); choose "
                               "another --out",
                               path);
        } else if (strcmp(fp->valuestring, hex) != 0) {
            status = error_set(err,
                               "%s holds the results of a different sweep (fingerprint %s; this "
                               "sweep's is %s: its file, its base scenario or a point differs); "
                               "choose another --out, or delete %s to start over",
                               dir, fp->valuestring, hex, dir);
        }
        cJSON_Delete(root);
        free(text);
    } else if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        status = error_set(err, "%s exists and is not a directory; choose another --out", dir);
    } else if (stat(dir, &st) == 0 && !file_dir_is_empty(dir)) {
        status = error_set(err,
                           "%s exists and is not a sweep's output directory (it has files but "
                           "no sweep.json); choose another --out",
                           dir);
    } else {
        status = file_make_dirs(dir, err);
        if (status == STATUS_OK) {
            char *json = identity_json(sw, base_seed, replicates, hex);
            status = file_write_atomic(path, json, strlen(json), err);
            free(json);
        }
    }
    free(path);
    return status;
}

/* A parameter value as a CSV cell: numbers and booleans as written, strings
 * without their JSON quotes, quoted for CSV when they need it. */
static void put_value(struct strbuf *sb, const char *json)
{
    cJSON *v = cJSON_Parse(json);
    if (cJSON_IsString(v)) {
        csv_write_text(sb, v->valuestring);
    } else {
        strbuf_append(sb, json, strlen(json));
    }
    cJSON_Delete(v);
}

/* Non-finite figures (a threshold never reached) are empty cells. */
static void put_number(struct strbuf *sb, double x)
{
    if (isfinite(x)) {
        strbuf_printf(sb, ",%.10g", x);
    } else {
        strbuf_printf(sb, ",");
    }
}

static void put_parameters(struct strbuf *sb, const struct sweep *sw, size_t p)
{
    for (size_t k = 0; k < sw->parameter_count; k++) {
        strbuf_append(sb, ",", 1);
        put_value(sb, sweep_value(sw, p, k));
    }
}

static void put_parameter_names(struct strbuf *sb, const struct sweep *sw)
{
    for (size_t k = 0; k < sw->parameter_count; k++) {
        strbuf_append(sb, ",", 1);
        csv_write_text(sb, sw->parameters[k].name);
    }
}

static int write_file(const char *dir, const char *name, const struct strbuf *sb, struct error *err)
{
    char *path = join(dir, name);
    int status = file_write_atomic(path, sb->data, sb->len, err);
    free(path);
    return status;
}

/* curves.csv: per point and curve time, the median of the replicates'
 * cumulative views with their 5-95 % range (the views of sw's story, or of
 * the campaign's stories together). Long, one row per (point, time), so that
 * pandas, R and gnuplot read it as it is. */
static void curves_csv(struct strbuf *sb, const struct sweep *sw, uint32_t replicates,
                       const struct sweep_record *records)
{
    strbuf_printf(sb, "point");
    put_parameter_names(sb, sw);
    strbuf_printf(sb, ",time_h,cum_views_median,cum_views_p05,cum_views_p95,cum_views_mean\n");
    double *values = xmalloc(replicates * sizeof *values);
    for (size_t p = 0; p < sw->point_count; p++) {
        const struct sweep_record *rec = &records[p * replicates];
        for (size_t c = 0; c < sw->curve_count; c++) {
            for (uint32_t r = 0; r < replicates; r++) {
                values[r] = rec[r].f.extra[sw->output_count + c];
            }
            struct stat4 st;
            summary_stat4(values, replicates, &st);
            strbuf_printf(sb, "%zu", p);
            put_parameters(sb, sw, p);
            put_number(sb, sw->curve_every_h * (double)(c + 1));
            put_number(sb, st.median);
            put_number(sb, st.p05);
            put_number(sb, st.p95);
            put_number(sb, st.mean);
            strbuf_printf(sb, "\n");
        }
    }
    free(values);
}

int sweep_output_write(const char *dir, const struct sweep *sw, const uint64_t *point_seed,
                       uint32_t replicates, const struct sweep_record *records, struct error *err)
{
    struct strbuf runs;
    strbuf_init(&runs);
    size_t extra = sw->output_count + sw->curve_count;
    for (size_t i = 0; i < sw->point_count * replicates; i++) {
        if (records[i].f.extra_count != extra) {
            return error_set_status(err, STATUS_FAILURE,
                                    "%s/log: the run of point %" PRIu32 ", replicate %" PRIu32
                                    " has %zu outputs and curve values, the sweep %zu; remove "
                                    "its line to rerun it",
                                    dir, records[i].point, records[i].replicate,
                                    records[i].f.extra_count, extra);
        }
    }
    int figures = sweep_output_figure_count(sw);
    strbuf_printf(&runs, "point,replicate,seed");
    put_parameter_names(&runs, sw);
    for (int k = 0; k < figures; k++) {
        strbuf_printf(&runs, ",%s", sweep_output_figure_name(sw, k));
    }
    strbuf_printf(&runs, "\n");

    struct strbuf agg;
    strbuf_init(&agg);
    strbuf_printf(&agg, "point");
    put_parameter_names(&agg, sw);
    strbuf_printf(&agg, ",seed,runs");
    for (int k = 0; k < figures; k++) {
        const char *n = sweep_output_figure_name(sw, k);
        strbuf_printf(&agg, ",%s_mean,%s_median,%s_p05,%s_p95,%s_ci95_low,%s_ci95_high", n, n, n, n,
                      n, n);
    }
    strbuf_printf(&agg, ",reached_1e6\n");

    double *values = xmalloc(replicates * sizeof *values);
    for (size_t p = 0; p < sw->point_count; p++) {
        const struct sweep_record *rec = &records[p * replicates];
        for (uint32_t r = 0; r < replicates; r++) {
            assert(rec[r].point == p && rec[r].replicate == r);
            strbuf_printf(&runs, "%zu,%" PRIu32 ",%" PRIu64, p, r, point_seed[p]);
            put_parameters(&runs, sw, p);
            for (int k = 0; k < figures; k++) {
                put_number(&runs, figure(&rec[r].f, k));
            }
            strbuf_printf(&runs, "\n");
        }
        strbuf_printf(&agg, "%zu", p);
        put_parameters(&agg, sw, p);
        strbuf_printf(&agg, ",%" PRIu64 ",%" PRIu32, point_seed[p], replicates);
        uint32_t reached = 0;
        for (int k = 0; k < figures; k++) {
            bool defined = true;
            for (uint32_t r = 0; r < replicates; r++) {
                values[r] = figure(&rec[r].f, k);
                defined = defined && !isnan(values[r]);
            }
            if (!defined) {
                /* An output this point's runs do not have (a day past its
                 * end): no statistics, six empty cells. */
                strbuf_printf(&agg, ",,,,,,");
                continue;
            }
            double low, high;
            summary_mean_ci95(values, replicates, &low, &high);
            struct stat4 st;
            summary_stat4(values, replicates, &st); /* sorts values */
            put_number(&agg, st.mean);
            put_number(&agg, st.median);
            put_number(&agg, st.p05);
            put_number(&agg, st.p95);
            put_number(&agg, low);
            put_number(&agg, high);
        }
        for (uint32_t r = 0; r < replicates; r++) {
            reached += isfinite(rec[r].f.time_to_1e6_h);
        }
        put_number(&agg, (double)reached / replicates);
        strbuf_printf(&agg, "\n");
    }
    free(values);
    int status = write_file(dir, "runs.csv", &runs, err);
    if (status == STATUS_OK) {
        status = write_file(dir, "sweep.csv", &agg, err);
    }
    if (status == STATUS_OK && sw->curve_count > 0) {
        struct strbuf curves;
        strbuf_init(&curves);
        curves_csv(&curves, sw, replicates, records);
        status = write_file(dir, "curves.csv", &curves, err);
        strbuf_destroy(&curves);
    }
    if (status == STATUS_OK && sw->design == SWEEP_SALTELLI) {
        struct strbuf sobol;
        strbuf_init(&sobol);
        sweep_sobol_csv(&sobol, sw, replicates, records);
        status = write_file(dir, "sobol.csv", &sobol, err);
        strbuf_destroy(&sobol);
    }
    strbuf_destroy(&runs);
    strbuf_destroy(&agg);
    return status;
}

/* ---- Reading sweep.csv and sweep.json back ---- */

static const char *const views_column_names[SWEEP_OUTPUT_VIEWS_COUNT] = {
    "views_mean", "views_median", "views_p05", "views_p95", "views_ci95_low", "views_ci95_high",
};

/* Parses the whole of text as a finite number. */
static bool parse_finite(const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

/* Matches sweep.csv's header: finds "point", the first "seed" and the views
 * columns; the parameters are the columns between "point" and "seed". */
static int read_csv_header(const struct csv *c, const struct csv_row *row,
                           struct sweep_output_table *t, int index[SWEEP_OUTPUT_VIEWS_COUNT],
                           int *index_point, struct error *err)
{
    int index_seed = -1;
    for (size_t i = 0; i < row->count; i++) {
        const char *f = row->cells[i].text;
        *index_point = strcmp(f, "point") == 0 ? (int)i : *index_point;
        index_seed = strcmp(f, "seed") == 0 && index_seed < 0 ? (int)i : index_seed;
        for (int k = 0; k < SWEEP_OUTPUT_VIEWS_COUNT; k++) {
            index[k] = strcmp(f, views_column_names[k]) == 0 ? (int)i : index[k];
        }
    }
    const char *missing = *index_point < 0 ? "point" : index_seed < 0 ? "seed" : NULL;
    for (int k = 0; k < SWEEP_OUTPUT_VIEWS_COUNT && !missing; k++) {
        missing = index[k] < 0 ? views_column_names[k] : NULL;
    }
    if (missing) {
        return csv_fail(c, err, row->line, 0, "the header has no column \"%s\"", missing);
    }
    if (index_seed <= *index_point + 1) {
        return csv_fail(c, err, row->line, 0,
                        "expected parameter columns between \"point\" and \"seed\"");
    }
    t->parameter_count = (size_t)(index_seed - *index_point - 1);
    t->parameter = xcalloc(t->parameter_count, sizeof *t->parameter);
    for (size_t k = 0; k < t->parameter_count; k++) {
        t->parameter[k] = xstrdup(row->cells[(size_t)*index_point + 1 + k].text);
    }
    return STATUS_OK;
}

/* Reads one data row of sweep.csv into point t->point_count. */
static int read_csv_row(const struct csv *c, const struct csv_row *row,
                        struct sweep_output_table *t, const int index[SWEEP_OUTPUT_VIEWS_COUNT],
                        int index_point, struct error *err)
{
    const struct csv_cell *fields = row->cells;
    size_t p = t->point_count;
    if (!parse_finite(fields[index_point].text, &t->point[p])) {
        return csv_fail(c, err, row->line, 0, "expected a number in \"point\", got \"%s\"",
                        fields[index_point].text);
    }
    for (int k = 0; k < SWEEP_OUTPUT_VIEWS_COUNT; k++) {
        const char *f = fields[index[k]].text;
        /* An empty cell is a figure that is not finite or not available. */
        if (*f == '\0') {
            t->views[p][k] = NAN;
        } else if (!parse_finite(f, &t->views[p][k])) {
            return csv_fail(c, err, row->line, 0,
                            "expected a number or an empty cell in \"%s\", got \"%s\"",
                            views_column_names[k], f);
        }
    }
    for (size_t k = 0; k < t->parameter_count; k++) {
        t->value[p * t->parameter_count + k] = xstrdup(fields[(size_t)index_point + 1 + k].text);
    }
    t->point_count++;
    return STATUS_OK;
}

/* Makes room for one more point. */
static void grow_table(struct sweep_output_table *t, size_t *capacity)
{
    if (t->point_count < *capacity) {
        return;
    }
    *capacity = *capacity ? 2 * *capacity : 64;
    t->point = xrealloc(t->point, *capacity * sizeof *t->point);
    t->views = xrealloc(t->views, *capacity * sizeof *t->views);
    t->value = xrealloc(t->value, *capacity * t->parameter_count * sizeof *t->value);
}

int sweep_output_read_csv(const char *path, struct sweep_output_table *t, struct error *err)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    int index_point = -1;
    int index[SWEEP_OUTPUT_VIEWS_COUNT];
    for (int k = 0; k < SWEEP_OUTPUT_VIEWS_COUNT; k++) {
        index[k] = -1;
    }
    size_t capacity = 0, header_fields = 0;
    struct csv c;
    struct csv_row row;
    int status = csv_init(&c, path, text, len, CSV_QUOTES, err);
    while (status == STATUS_OK && (status = csv_next_row(&c, &row, err)) == STATUS_OK &&
           row.count > 0) {
        if (header_fields == 0) {
            header_fields = row.count;
            status = read_csv_header(&c, &row, t, index, &index_point, err);
            continue;
        }
        if (row.count != header_fields) {
            status = csv_fail(&c, err, row.line, 0, "expected %zu fields like the header, got %zu",
                              header_fields, row.count);
            break;
        }
        grow_table(t, &capacity);
        status = read_csv_row(&c, &row, t, index, index_point, err);
    }
    if (status == STATUS_OK && t->point_count == 0) {
        status = csv_fail(&c, err, 0, 0, "no data rows");
    }
    csv_destroy(&c);
    free(text);
    return status;
}

void sweep_output_table_destroy(struct sweep_output_table *t)
{
    if (!t) {
        return;
    }
    for (size_t i = 0; i < t->point_count * t->parameter_count; i++) {
        free(t->value[i]);
    }
    for (size_t k = 0; k < t->parameter_count; k++) {
        free(t->parameter[k]);
    }
    free(t->value);
    free(t->parameter);
    free(t->point);
    free(t->views);
    memset(t, 0, sizeof *t);
}

static char *string_or_null(const cJSON *item)
{
    return cJSON_IsString(item) ? xstrdup(item->valuestring) : NULL;
}

static double number_or_nan(const cJSON *item)
{
    return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

int sweep_output_read_json(const char *path, struct sweep_output_about *about, struct error *err)
{
    memset(about, 0, sizeof *about);
    char *text = file_read_all(path, NULL, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root) {
        return error_set(err, "%s: not valid JSON", path);
    }
    const cJSON *sweep = cJSON_GetObjectItemCaseSensitive(root, "sweep");
    const cJSON *design = cJSON_GetObjectItemCaseSensitive(sweep, "design");
    if (cJSON_IsObject(design)) {
        design = cJSON_GetObjectItemCaseSensitive(design, "type");
    }
    about->name = string_or_null(cJSON_GetObjectItemCaseSensitive(sweep, "name"));
    about->scenario = string_or_null(cJSON_GetObjectItemCaseSensitive(sweep, "scenario"));
    about->story = string_or_null(cJSON_GetObjectItemCaseSensitive(sweep, "story"));
    about->design = string_or_null(design);
    about->replicates = number_or_nan(cJSON_GetObjectItemCaseSensitive(root, "replicates"));
    if (!(about->replicates > 0)) {
        about->replicates = number_or_nan(cJSON_GetObjectItemCaseSensitive(sweep, "replicates"));
    }
    const cJSON *parameters = cJSON_GetObjectItemCaseSensitive(sweep, "parameters");
    size_t n = (size_t)cJSON_GetArraySize(parameters);
    about->parameter_name = xcalloc(n + 1, sizeof *about->parameter_name);
    about->parameter_path = xcalloc(n + 1, sizeof *about->parameter_path);
    const cJSON *parameter;
    cJSON_ArrayForEach(parameter, parameters)
    {
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(parameter, "name");
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(parameter, "path");
        if (cJSON_IsString(name) && cJSON_IsString(at) && about->parameter_count < n) {
            about->parameter_name[about->parameter_count] = xstrdup(name->valuestring);
            about->parameter_path[about->parameter_count++] = xstrdup(at->valuestring);
        }
    }
    cJSON_Delete(root);
    return STATUS_OK;
}

void sweep_output_about_destroy(struct sweep_output_about *about)
{
    if (!about) {
        return;
    }
    free(about->name);
    free(about->scenario);
    free(about->story);
    free(about->design);
    for (size_t k = 0; k < about->parameter_count; k++) {
        free(about->parameter_name[k]);
        free(about->parameter_path[k]);
    }
    free(about->parameter_name);
    free(about->parameter_path);
    memset(about, 0, sizeof *about);
}
