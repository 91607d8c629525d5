/* Run and compare directories, read back (results.h): timeseries.csv,
 * summary.json and compare.json into the plain tables `amplisim plot` and
 * `compare` of run directories use. The reading half of the results module,
 * kept beside results.c, which writes the same formats, so that each format
 * is defined by one module. */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <cjson/cJSON.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"

static const char *const column_names[RESULTS_COLUMN_COUNT] = {
    "views_median",     "cum_views_median", "cum_views_p05", "cum_views_p95",
    "cum_reach_median", "cum_reach_p05",    "cum_reach_p95",
};

const double *results_run_cell(const struct results_run *run, size_t story, size_t series,
                               size_t time)
{
    return run->value[(story * run->series_count + series) * run->time_count + time];
}

void results_run_destroy(struct results_run *run)
{
    if (!run) {
        return;
    }
    free(run->stories);
    free(run->series);
    free(run->times);
    free(run->value);
    free(run->interventions);
    memset(run, 0, sizeof *run);
}

static size_t find_story(struct results_run *t, const char *name, size_t *cap)
{
    for (size_t i = t->story_count; i-- > 0;) {
        if (strcmp(t->stories[i].name, name) == 0) {
            return i;
        }
    }
    if (t->story_count == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        t->stories = xrealloc(t->stories, *cap * sizeof *t->stories);
    }
    struct results_story *s = &t->stories[t->story_count];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->of_corrections = strcmp(name, RESULTS_CORRECTIONS_TOTAL) == 0;
    s->kind_total = s->of_corrections || strcmp(name, RESULTS_CAMPAIGN_TOTAL) == 0;
    return t->story_count++;
}

static size_t find_series(struct results_run *t, const char *dimension, const char *key,
                          size_t *cap)
{
    for (size_t i = t->series_count; i-- > 0;) {
        if (strcmp(t->series[i].dimension, dimension) == 0 && strcmp(t->series[i].key, key) == 0) {
            return i;
        }
    }
    if (t->series_count == *cap) {
        *cap = *cap ? 2 * *cap : 16;
        t->series = xrealloc(t->series, *cap * sizeof *t->series);
    }
    struct results_series *s = &t->series[t->series_count];
    snprintf(s->dimension, sizeof s->dimension, "%s", dimension);
    snprintf(s->key, sizeof s->key, "%s", key);
    return t->series_count++;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static size_t find_time(const struct results_run *t, double time_h)
{
    size_t lo = 0, hi = t->time_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (t->times[mid] < time_h) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo;
}

/* One parsed data row before the table's shape is known. */
struct row {
    double time_h;
    size_t story;
    size_t series;
    double value[RESULTS_COLUMN_COUNT];
};

/* Matches the header's cells to the columns the plots read; names the first
 * one missing. */
static const char *read_timeseries_header(const struct csv_row *row,
                                          int index[RESULTS_COLUMN_COUNT], int place[4])
{
    static const char *const places[4] = {"time_h", "story", "dimension", "key"};
    for (size_t i = 0; i < row->count; i++) {
        const char *f = row->cells[i].text;
        for (int k = 0; k < 4; k++) {
            place[k] = strcmp(f, places[k]) == 0 ? (int)i : place[k];
        }
        for (int c = 0; c < RESULTS_COLUMN_COUNT; c++) {
            index[c] = strcmp(f, column_names[c]) == 0 ? (int)i : index[c];
        }
    }
    for (int k = 0; k < 4; k++) {
        if (place[k] < 0) {
            return places[k];
        }
    }
    for (int c = 0; c < RESULTS_COLUMN_COUNT; c++) {
        if (index[c] < 0) {
            return column_names[c];
        }
    }
    return NULL;
}

/* Fills the table's times and values from the rows, now that the stories,
 * series and times are all known. */
static void fill_run_table(struct results_run *t, const struct row *rows, size_t row_count)
{
    t->times = xmalloc(row_count * sizeof *t->times);
    for (size_t i = 0; i < row_count; i++) {
        t->times[i] = rows[i].time_h;
    }
    qsort(t->times, row_count, sizeof *t->times, compare_double);
    t->time_count = 0;
    for (size_t i = 0; i < row_count; i++) {
        if (t->time_count == 0 || t->times[t->time_count - 1] != t->times[i]) {
            t->times[t->time_count++] = t->times[i];
        }
    }
    size_t cells = t->story_count * t->series_count * t->time_count;
    t->value = xmalloc(cells * sizeof *t->value);
    for (size_t i = 0; i < cells; i++) {
        for (int c = 0; c < RESULTS_COLUMN_COUNT; c++) {
            t->value[i][c] = NAN;
        }
    }
    for (size_t i = 0; i < row_count; i++) {
        size_t at = (rows[i].story * t->series_count + rows[i].series) * t->time_count +
                    find_time(t, rows[i].time_h);
        memcpy(t->value[at], rows[i].value, sizeof rows[i].value);
    }
}

static int read_timeseries(const char *path, struct results_run *t, struct error *err)
{
    size_t len = 0;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    enum { TIME, STORY, DIMENSION, KEY };
    int place[4] = {-1, -1, -1, -1};
    int index[RESULTS_COLUMN_COUNT];
    for (int c = 0; c < RESULTS_COLUMN_COUNT; c++) {
        index[c] = -1;
    }
    struct row *rows = NULL;
    size_t row_count = 0, row_cap = 0, story_cap = 0, series_cap = 0, header_fields = 0;
    struct csv c;
    struct csv_row line;
    int status = csv_init(&c, path, text, len, CSV_QUOTES, err);
    while (status == STATUS_OK && (status = csv_next_row(&c, &line, err)) == STATUS_OK &&
           line.count > 0) {
        const struct csv_cell *fields = line.cells;
        if (header_fields == 0) {
            header_fields = line.count;
            const char *missing = read_timeseries_header(&line, index, place);
            if (missing) {
                status =
                    csv_fail(&c, err, line.line, 0, "the header has no column \"%s\"", missing);
            }
            continue;
        }
        if (line.count != header_fields) {
            status = csv_fail(&c, err, line.line, 0, "expected %zu fields like the header, got %zu",
                              header_fields, line.count);
            break;
        }
        if (row_count == row_cap) {
            row_cap = row_cap ? 2 * row_cap : 1024;
            rows = xrealloc(rows, row_cap * sizeof *rows);
        }
        struct row *r = &rows[row_count];
        r->story = find_story(t, fields[place[STORY]].text, &story_cap);
        /* A kind total has no reach (accounts cannot be summed over stories):
         * its empty cells are NaN, as nowhere else. */
        bool total = t->stories[r->story].kind_total;
        char *end;
        r->time_h = strtod(fields[place[TIME]].text, &end);
        bool bad = *end != '\0' || end == fields[place[TIME]].text || !isfinite(r->time_h);
        for (int k = 0; k < RESULTS_COLUMN_COUNT && !bad; k++) {
            const char *f = fields[index[k]].text;
            r->value[k] = total && *f == '\0' ? NAN : strtod(f, &end);
            bad = !(total && *f == '\0') && (*end != '\0' || end == f);
        }
        if (bad) {
            status =
                csv_fail(&c, err, line.line, 0, "expected numbers in time_h and the count columns");
            break;
        }
        r->series =
            find_series(t, fields[place[DIMENSION]].text, fields[place[KEY]].text, &series_cap);
        row_count++;
    }
    if (status == STATUS_OK && row_count == 0) {
        status = csv_fail(&c, err, 0, 0, "no data rows");
    }
    if (status == STATUS_OK) {
        fill_run_table(t, rows, row_count);
    }
    csv_destroy(&c);
    free(rows);
    free(text);
    return status;
}

cJSON *results_read_json(const char *path, struct error *err)
{
    char *text = file_read_all(path, NULL, err);
    if (!text) {
        return NULL;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    if (!root) {
        error_set(err, "%s: not valid JSON", path);
    }
    return root;
}

static double json_number_or_nan(const cJSON *item)
{
    return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

/* summary.json's interventions, as far as plots mark them: what, on which
 * story, how often it fired and its median time (NaN for null). */
static void read_interventions(const cJSON *list, struct results_run *t)
{
    size_t n = cJSON_IsArray(list) ? (size_t)cJSON_GetArraySize(list) : 0;
    t->interventions = xcalloc(n ? n : 1, sizeof *t->interventions);
    const cJSON *item;
    cJSON_ArrayForEach(item, list)
    {
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(item, "kind");
        if (!cJSON_IsObject(item) || !cJSON_IsString(kind)) {
            continue;
        }
        struct results_intervention *iv = &t->interventions[t->intervention_count++];
        const cJSON *story = cJSON_GetObjectItemCaseSensitive(item, "story");
        const cJSON *time_h = cJSON_GetObjectItemCaseSensitive(item, "time_h");
        snprintf(iv->kind, sizeof iv->kind, "%s", kind->valuestring);
        snprintf(iv->story, sizeof iv->story, "%s",
                 cJSON_IsString(story) ? story->valuestring : "");
        iv->fired_fraction =
            json_number_or_nan(cJSON_GetObjectItemCaseSensitive(item, "fired_fraction"));
        iv->time_h_median = json_number_or_nan(cJSON_GetObjectItemCaseSensitive(time_h, "median"));
    }
}

static int read_summary(const char *path, struct results_run *t, struct error *err)
{
    cJSON *root = results_read_json(path, err);
    if (!root) {
        return STATUS_BAD_INPUT;
    }
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "scenario");
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(root, "replicates");
    snprintf(t->scenario, sizeof t->scenario, "%s",
             cJSON_IsString(name) ? name->valuestring : "(unnamed)");
    t->replicates = cJSON_IsNumber(reps) ? reps->valuedouble : NAN;
    const cJSON *stories = cJSON_GetObjectItemCaseSensitive(root, "stories");
    const cJSON *story;
    cJSON_ArrayForEach(story, stories)
    {
        const cJSON *s_name = cJSON_GetObjectItemCaseSensitive(story, "name");
        const cJSON *kind = cJSON_GetObjectItemCaseSensitive(story, "kind");
        if (!cJSON_IsString(s_name) || !cJSON_IsString(kind)) {
            continue;
        }
        for (size_t i = 0; i < t->story_count; i++) {
            if (strcmp(t->stories[i].name, s_name->valuestring) == 0) {
                t->stories[i].correction = strcmp(kind->valuestring, "correction") == 0;
                t->stories[i].campaign = strcmp(kind->valuestring, "fabricated") == 0 ||
                                         strcmp(kind->valuestring, "leak") == 0;
            }
        }
    }
    read_interventions(cJSON_GetObjectItemCaseSensitive(root, "interventions"), t);
    cJSON_Delete(root);
    return STATUS_OK;
}

static double side_number(const cJSON *side, const char *key)
{
    return json_number_or_nan(cJSON_GetObjectItemCaseSensitive(side, key));
}

int results_read_compare(const char *path, struct results_compare *c, struct error *err)
{
    cJSON *root = results_read_json(path, err);
    if (!root) {
        return STATUS_BAD_INPUT;
    }
    static const char *const sides[2] = {"a", "b"};
    for (int i = 0; i < 2; i++) {
        const cJSON *side = cJSON_GetObjectItemCaseSensitive(root, sides[i]);
        const cJSON *name = cJSON_GetObjectItemCaseSensitive(side, "scenario");
        snprintf(c->name[i], sizeof c->name[i], "%s",
                 cJSON_IsString(name) ? name->valuestring : sides[i]);
    }
    c->replicates = json_number_or_nan(cJSON_GetObjectItemCaseSensitive(root, "replicates"));
    c->resilience_at_h =
        json_number_or_nan(cJSON_GetObjectItemCaseSensitive(root, "resilience_at_h"));
    const cJSON *res = cJSON_GetObjectItemCaseSensitive(root, "resilience");
    const cJSON *by = cJSON_GetObjectItemCaseSensitive(res, "by");
    snprintf(c->resilience_by, sizeof c->resilience_by, "%s",
             cJSON_IsString(by) ? by->valuestring : "");
    const cJSON *rows = cJSON_GetObjectItemCaseSensitive(res, "rows");
    size_t n = cJSON_IsArray(rows) ? (size_t)cJSON_GetArraySize(rows) : 0;
    c->rows = xcalloc(n ? n : 1, sizeof *c->rows);
    const cJSON *row;
    cJSON_ArrayForEach(row, rows)
    {
        if (!cJSON_IsObject(row)) {
            continue;
        }
        struct results_left_row *out = &c->rows[c->row_count++];
        const cJSON *label = cJSON_GetObjectItemCaseSensitive(row, "label");
        snprintf(out->label, sizeof out->label, "%s",
                 cJSON_IsString(label) ? label->valuestring : "?");
        out->k = json_number_or_nan(cJSON_GetObjectItemCaseSensitive(row, "k"));
        for (int i = 0; i < 2; i++) {
            const cJSON *side = cJSON_GetObjectItemCaseSensitive(row, sides[i]);
            out->mean[i] = side_number(side, "mean");
            out->ci95_low[i] = side_number(side, "ci95_low");
            out->ci95_high[i] = side_number(side, "ci95_high");
            out->median[i] = side_number(side, "median");
        }
    }
    cJSON_Delete(root);
    return STATUS_OK;
}

void results_compare_destroy(struct results_compare *c)
{
    if (!c) {
        return;
    }
    free(c->rows);
    memset(c, 0, sizeof *c);
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int results_read_run(const char *dir, struct results_run *run, struct error *err)
{
    memset(run, 0, sizeof *run);
    size_t size = strlen(dir) + 32;
    char *csv = xmalloc(size), *json = xmalloc(size);
    snprintf(csv, size, "%s/timeseries.csv", dir);
    snprintf(json, size, "%s/summary.json", dir);
    int status = STATUS_OK;
    if (!is_file(csv)) {
        status = error_set(err, "%s: not a run directory (no timeseries.csv)", dir);
    } else if (!is_file(json)) {
        status = error_set(err, "%s: not a run directory (no summary.json)", dir);
    }
    if (status == STATUS_OK) {
        status = read_timeseries(csv, run, err);
    }
    if (status == STATUS_OK) {
        status = read_summary(json, run, err);
    }
    free(csv);
    free(json);
    return status;
}
