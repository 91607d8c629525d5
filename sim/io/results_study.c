/* A countermeasure study's study.json and study.csv (results_study.h): the
 * writer, and the reader plots use. */
#include "results_study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "../base/alloc.h"
#include "../base/strbuf.h"
#include "fileio.h"
#include "json_write.h"
#include "results.h"

char *results_study_csv(const struct results_study *s)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "intervention,delay_h,at_h,replicates,prevented_median,prevented_mean,"
                       "prevented_ci95_low,prevented_ci95_high,lowered_fraction,"
                       "prevented_share_of_baseline,baseline_views_mean\n");
    for (size_t i = 0; i < s->row_count; i++) {
        const struct results_study_row *r = &s->rows[i];
        const double cells[] = {r->delay_h,
                                r->at_h,
                                s->replicates,
                                r->median,
                                r->mean,
                                r->ci95_low,
                                r->ci95_high,
                                r->lowered_fraction,
                                s->baseline_mean > 0.0 ? r->mean / s->baseline_mean : NAN,
                                s->baseline_mean};
        strbuf_printf(&sb, "%s", r->intervention);
        for (size_t c = 0; c < sizeof cells / sizeof *cells; c++) {
            strbuf_printf(&sb, ",");
            results_csv_number(&sb, cells[c]);
        }
        strbuf_printf(&sb, "\n");
    }
    return sb.data;
}

static cJSON *study_json(const struct results_study *s)
{
    cJSON *root = json_write_need(cJSON_CreateObject());
    cJSON_AddStringToObject(root, "scenario", s->scenario);
    cJSON_AddStringToObject(root, "file", s->file);
    cJSON_AddNumberToObject(root, "replicates", s->replicates);
    json_write_add(root, "seed", json_write_integer(s->seed));
    json_write_add(root, "first_post_h", json_write_number(s->first_post_h));
    cJSON *base = cJSON_AddObjectToObject(root, "baseline_views");
    json_write_add(base, "median", json_write_number(s->baseline_median));
    json_write_add(base, "mean", json_write_number(s->baseline_mean));
    cJSON *how = cJSON_AddObjectToObject(root, "interventions");
    cJSON_AddNumberToObject(how, "suspend_k", s->suspend_k);
    json_write_add(how, "label_factor", json_write_number(s->label_factor));
    json_write_add(how, "demote_factor", json_write_number(s->demote_factor));
    cJSON_AddStringToObject(root, "interval",
                            "95 % interval of the mean, Student's t with replicates - 1 "
                            "degrees of freedom");
    cJSON *rows = cJSON_AddArrayToObject(root, "rows");
    for (size_t i = 0; i < s->row_count; i++) {
        const struct results_study_row *r = &s->rows[i];
        cJSON *o = json_write_need(cJSON_CreateObject());
        cJSON_AddItemToArray(rows, o);
        cJSON_AddStringToObject(o, "intervention", r->intervention);
        json_write_add(o, "delay_h", json_write_number(r->delay_h));
        json_write_add(o, "at_h", json_write_number(r->at_h));
        cJSON *p = cJSON_AddObjectToObject(o, "views_prevented");
        json_write_add(p, "median", json_write_number(r->median));
        json_write_add(p, "mean", json_write_number(r->mean));
        json_write_add(p, "ci95_low", json_write_number(r->ci95_low));
        json_write_add(p, "ci95_high", json_write_number(r->ci95_high));
        json_write_add(p, "lowered_fraction", json_write_number(r->lowered_fraction));
        cJSON *per = cJSON_AddArrayToObject(p, "per_replicate");
        for (uint32_t k = 0; r->per_replicate && k < s->replicates; k++) {
            cJSON_AddItemToArray(per, json_write_number(r->per_replicate[k]));
        }
    }
    return root;
}

int results_write_study(const char *dir, const struct results_study *s, struct error *err)
{
    int status = file_make_dirs(dir, err);
    if (status != STATUS_OK) {
        return status;
    }
    cJSON *root = study_json(s);
    char *json = json_write_need(cJSON_Print(root));
    cJSON_Delete(root);
    char *csv = results_study_csv(s);
    file_remove_stale_temps(dir);
    enum { FILES = 2 };
    static const char *const names[FILES] = {"study.json", "study.csv"};
    char *paths[FILES];
    for (int i = 0; i < FILES; i++) {
        size_t len = strlen(dir) + strlen(names[i]) + 2;
        paths[i] = xmalloc(len);
        snprintf(paths[i], len, "%s/%s", dir, names[i]);
    }
    const char *texts[FILES] = {json, csv};
    status = file_write_set(FILES, (const char *const *)paths, texts, err);
    for (int i = 0; i < FILES; i++) {
        free(paths[i]);
    }
    cJSON_free(json);
    free(csv);
    return status;
}

static double number_or_nan(const cJSON *obj, const char *key)
{
    const cJSON *item = cJSON_GetObjectItemCaseSensitive(obj, key);
    return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

int results_read_study(const char *path, struct results_study *s, struct error *err)
{
    memset(s, 0, sizeof *s);
    cJSON *root = results_read_json(path, err);
    if (!root) {
        return STATUS_BAD_INPUT;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    snprintf(s->scenario, sizeof s->scenario, "%s",
             cJSON_IsString(name) ? name->valuestring : "(unnamed)");
    double reps = number_or_nan(root, "replicates");
    s->replicates = reps >= 0.0 && reps < 4e9 ? (uint32_t)reps : 0;
    s->first_post_h = number_or_nan(root, "first_post_h");
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(root, "baseline_views");
    s->baseline_median = number_or_nan(base, "median");
    s->baseline_mean = number_or_nan(base, "mean");
    const cJSON *how = cJSON_GetObjectItemCaseSensitive(root, "interventions");
    double k = number_or_nan(how, "suspend_k");
    s->suspend_k = k >= 0.0 && k < 4e9 ? (uint32_t)k : 0;
    s->label_factor = number_or_nan(how, "label_factor");
    s->demote_factor = number_or_nan(how, "demote_factor");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(root, "rows");
    size_t n = cJSON_IsArray(rows) ? (size_t)cJSON_GetArraySize(rows) : 0;
    s->rows = xcalloc(n ? n : 1, sizeof *s->rows);
    const cJSON *row;
    cJSON_ArrayForEach(row, rows)
    {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(row, "intervention");
        if (!cJSON_IsString(kind)) {
            continue;
        }
        struct results_study_row *r = &s->rows[s->row_count++];
        snprintf(r->intervention, sizeof r->intervention, "%s", kind->valuestring);
        r->delay_h = number_or_nan(row, "delay_h");
        r->at_h = number_or_nan(row, "at_h");
        const cJSON *p = cJSON_GetObjectItemCaseSensitive(row, "views_prevented");
        r->median = number_or_nan(p, "median");
        r->mean = number_or_nan(p, "mean");
        r->ci95_low = number_or_nan(p, "ci95_low");
        r->ci95_high = number_or_nan(p, "ci95_high");
        r->lowered_fraction = number_or_nan(p, "lowered_fraction");
    }
    cJSON_Delete(root);
    if (s->row_count == 0) {
        return error_set(err, "%s: /rows is missing or empty", path);
    }
    return STATUS_OK;
}

void results_study_destroy(struct results_study *s)
{
    if (!s) {
        return;
    }
    for (size_t i = 0; i < s->row_count; i++) {
        free(s->rows[i].per_replicate);
    }
    free(s->rows);
    memset(s, 0, sizeof *s);
}
