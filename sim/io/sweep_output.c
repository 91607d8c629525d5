/* sweep.json, runs.csv and sweep.csv. */
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
#include "fileio.h"

#define FIGURE_COUNT 5

static const char *const figure_names[FIGURE_COUNT] = {"views", "reach", "shares", "time_to_1e6_h",
                                                       "peak_view_rate_per_h"};

static double figure(const struct run_figures *f, int k)
{
    const double v[FIGURE_COUNT] = {f->views, f->reach, f->shares, f->time_to_1e6_h,
                                    f->peak_view_rate_per_h};
    return v[k];
}

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static bool dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        return false;
    }
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL) {
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    }
    closedir(d);
    return empty;
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
    cJSON_AddNumberToObject(root, "base_seed", (double)base_seed);
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
    } else if (stat(dir, &st) == 0 && !dir_is_empty(dir)) {
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

static void put_text(struct strbuf *sb, const char *s)
{
    if (strpbrk(s, ",\"\n\r")) {
        strbuf_append(sb, "\"", 1);
        for (const char *c = s; *c; c++) {
            strbuf_append(sb, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
        }
        strbuf_append(sb, "\"", 1);
    } else {
        strbuf_append(sb, s, strlen(s));
    }
}

/* A parameter value as a CSV cell: numbers and booleans as written, strings
 * without their JSON quotes, quoted for CSV when they need it. */
static void put_value(struct strbuf *sb, const char *json)
{
    cJSON *v = cJSON_Parse(json);
    if (cJSON_IsString(v)) {
        put_text(sb, v->valuestring);
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
        put_text(sb, sw->parameters[k].name);
    }
}

static int write_file(const char *dir, const char *name, const struct strbuf *sb, struct error *err)
{
    char *path = join(dir, name);
    int status = file_write_atomic(path, sb->data, sb->len, err);
    free(path);
    return status;
}

int sweep_output_write(const char *dir, const struct sweep *sw, const uint64_t *point_seed,
                       uint32_t replicates, const struct sweep_record *records, struct error *err)
{
    struct strbuf runs;
    strbuf_init(&runs);
    strbuf_printf(&runs, "point,replicate,seed");
    put_parameter_names(&runs, sw);
    for (int k = 0; k < FIGURE_COUNT; k++) {
        strbuf_printf(&runs, ",%s", figure_names[k]);
    }
    strbuf_printf(&runs, "\n");

    struct strbuf agg;
    strbuf_init(&agg);
    strbuf_printf(&agg, "point");
    put_parameter_names(&agg, sw);
    strbuf_printf(&agg, ",seed,runs");
    for (int k = 0; k < FIGURE_COUNT; k++) {
        const char *n = figure_names[k];
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
            for (int k = 0; k < FIGURE_COUNT; k++) {
                put_number(&runs, figure(&rec[r].f, k));
            }
            strbuf_printf(&runs, "\n");
        }
        strbuf_printf(&agg, "%zu", p);
        put_parameters(&agg, sw, p);
        strbuf_printf(&agg, ",%" PRIu64 ",%" PRIu32, point_seed[p], replicates);
        uint32_t reached = 0;
        for (int k = 0; k < FIGURE_COUNT; k++) {
            for (uint32_t r = 0; r < replicates; r++) {
                values[r] = figure(&rec[r].f, k);
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
    strbuf_destroy(&runs);
    strbuf_destroy(&agg);
    return status;
}
