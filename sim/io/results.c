/* A run directory's timeseries.csv and summary.json, and a comparison's
 * compare.json and compare.csv: their writers, and the readers that plots use
 * to read them back. */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <dirent.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"
#include "json_write.h"
#include "scenario.h"

static void key_name(const struct config *cfg, uint32_t key, char *dim, size_t dim_size, char *name,
                     size_t name_size)
{
    uint32_t index;
    enum dimension d = observation_key_dimension(key, &index);
    snprintf(dim, dim_size, "%s", dimension_name(d));
    switch (d) {
    case DIMENSION_TOTAL:
        snprintf(name, name_size, "all");
        break;
    case DIMENSION_CHANNEL:
        snprintf(name, name_size, "%s", channel_name(index));
        break;
    case DIMENSION_ROLE:
        snprintf(name, name_size, "%s", index == POSTER_PLATFORM ? "platform" : role_name(index));
        break;
    case DIMENSION_COMMUNITY:
        snprintf(name, name_size, "%u", index);
        break;
    }
    (void)cfg;
}

static void print_stat4(struct strbuf *sb, const struct stat4 *st)
{
    strbuf_printf(sb, ",%.10g,%.10g,%.10g,%.10g", st->mean, st->median, st->p05, st->p95);
}

char *results_timeseries_csv(const struct config *cfg, const struct observation *obs,
                             size_t replicates)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "time_h,story,dimension,key");
    static const char *const stats[4] = {"mean", "median", "p05", "p95"};
    for (int cum = 0; cum < 2; cum++) {
        for (int m = 0; m < MEASURE_COUNT; m++) {
            for (int q = 0; q < 4; q++) {
                strbuf_printf(&sb, ",%s%s_%s", cum ? "cum_" : "", measure_name(m), stats[q]);
            }
        }
    }
    strbuf_printf(&sb, "\n");

    uint32_t bins = obs[0].bins, keys = obs[0].keys;
    double *value = xmalloc(replicates * sizeof *value);
    double *running = xmalloc(replicates * MEASURE_COUNT * sizeof *running);
    char dim[32], name[32];
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        for (uint32_t key = 0; key < keys; key++) {
            key_name(cfg, key, dim, sizeof dim, name, sizeof name);
            memset(running, 0, replicates * MEASURE_COUNT * sizeof *running);
            for (uint32_t b = 0; b < bins; b++) {
                double t_end = (b + 1) * cfg->bin_h;
                if (t_end > cfg->duration_h) {
                    t_end = cfg->duration_h;
                }
                strbuf_printf(&sb, "%.10g,", t_end);
                csv_write_text(&sb, cfg->stories[s].name);
                strbuf_printf(&sb, ",%s,%s", dim, name);
                struct stat4 st;
                for (int m = 0; m < MEASURE_COUNT; m++) {
                    for (size_t r = 0; r < replicates; r++) {
                        value[r] = (double)observation_cell(&obs[r], s, b, key)[m];
                        running[r * MEASURE_COUNT + m] += value[r];
                    }
                    summary_stat4(value, replicates, &st);
                    print_stat4(&sb, &st);
                }
                for (int m = 0; m < MEASURE_COUNT; m++) {
                    for (size_t r = 0; r < replicates; r++) {
                        value[r] = running[r * MEASURE_COUNT + m];
                    }
                    summary_stat4(value, replicates, &st);
                    print_stat4(&sb, &st);
                }
                strbuf_printf(&sb, "\n");
            }
        }
    }
    free(value);
    free(running);
    return sb.data;
}

/* A number, or null when it is not finite (a threshold never reached). */
static void add_number(cJSON *obj, const char *key, double x)
{
    if (isfinite(x)) {
        cJSON_AddNumberToObject(obj, key, x);
    } else {
        cJSON_AddNullToObject(obj, key);
    }
}

static cJSON *stat4_json(const struct stat4 *st)
{
    cJSON *o = cJSON_CreateObject();
    add_number(o, "mean", st->mean);
    add_number(o, "median", st->median);
    add_number(o, "p05", st->p05);
    add_number(o, "p95", st->p95);
    return o;
}

static cJSON *story_json(const struct config *cfg, size_t s, const struct story_summary *ss)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", cfg->stories[s].name);
    cJSON_AddStringToObject(o, "kind", story_kind_name(cfg->stories[s].kind));
    cJSON_AddItemToObject(o, "views", stat4_json(&ss->views));
    cJSON_AddItemToObject(o, "reach", stat4_json(&ss->reach));
    cJSON_AddItemToObject(o, "shares", stat4_json(&ss->shares));
    cJSON_AddItemToObject(o, "campaign_posts", stat4_json(&ss->posts));
    cJSON *ttv = cJSON_AddObjectToObject(o, "time_to_views_h");
    for (int d = 0; d < OBSERVE_DECADES; d++) {
        char key[16];
        snprintf(key, sizeof key, "1e%d", d + 1);
        cJSON *t = stat4_json(&ss->time_to_views[d]);
        cJSON_AddNumberToObject(t, "reached_fraction", ss->reached_fraction[d]);
        cJSON_AddItemToObject(ttv, key, t);
    }
    cJSON_AddItemToObject(o, "peak_view_rate_per_h", stat4_json(&ss->peak_view_rate_per_h));
    cJSON_AddItemToObject(o, "peak_time_h", stat4_json(&ss->peak_time_h));
    cJSON_AddItemToObject(o, "cascade_depth", stat4_json(&ss->max_depth));
    cJSON_AddItemToObject(o, "structural_virality", stat4_json(&ss->structural_virality));
    cJSON_AddItemToObject(o, "largest_cascade_posts", stat4_json(&ss->largest_tree));
    cJSON_AddItemToObject(o, "communities_reached", stat4_json(&ss->communities_reached));
    cJSON *ch = cJSON_AddObjectToObject(o, "views_share_by_channel");
    for (int c = 0; c < CHANNEL_COUNT; c++) {
        cJSON_AddNumberToObject(ch, channel_name(c), ss->views_by_channel[c]);
    }
    cJSON *ro = cJSON_AddObjectToObject(o, "views_share_by_role");
    for (int r = 0; r <= ROLE_COUNT; r++) {
        cJSON_AddNumberToObject(ro, r == POSTER_PLATFORM ? "platform" : role_name(r),
                                ss->views_by_role[r]);
    }
    return o;
}

/* A group's totals: its stories, views, reach (accounts once), shares. */
static cJSON *totals_json(uint32_t stories, const struct stat4 *views, const struct stat4 *reach,
                          const struct stat4 *shares)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "stories", stories);
    cJSON_AddItemToObject(o, "views", stat4_json(views));
    cJSON_AddItemToObject(o, "reach", stat4_json(reach));
    cJSON_AddItemToObject(o, "shares", stat4_json(shares));
    return o;
}

char *results_summary_json(const struct config *cfg, const struct summary *sum,
                           const struct run_facts *facts)
{
    cJSON *root = cJSON_CreateObject();
    cJSON_AddStringToObject(root, "scenario", cfg->name);
    json_write_add(root, "seed", json_write_integer(cfg->seed));
    cJSON_AddNumberToObject(root, "replicates", sum->replicates);
    if (facts->one_replicate) {
        /* run --replicate I: the figures are replicate I's, not replicate 0's. */
        cJSON_AddNumberToObject(root, "replicate", facts->replicate);
    }
    /* Totals by kind, never one sum: the campaign is its fabricated and
     * leaked stories; corrections and genuine stories stand apart. */
    cJSON *campaign = totals_json(sum->campaign_stories, &sum->views, &sum->reach, &sum->shares);
    cJSON *kinds = cJSON_CreateArray();
    cJSON_AddItemToArray(kinds, cJSON_CreateString(story_kind_name(STORY_FABRICATED)));
    cJSON_AddItemToArray(kinds, cJSON_CreateString(story_kind_name(STORY_LEAK)));
    cJSON_AddItemToObject(campaign, "kinds", kinds);
    cJSON_AddItemToObject(root, "campaign", campaign);
    cJSON *by_kind = cJSON_AddObjectToObject(root, "by_kind");
    for (int k = 0; k < STORY_KIND_COUNT; k++) {
        const struct kind_totals *kt = &sum->kinds[k];
        cJSON_AddItemToObject(by_kind, story_kind_name((enum story_kind)k),
                              totals_json(kt->stories, &kt->views, &kt->reach, &kt->shares));
    }
    cJSON_AddItemToObject(root, "accounts_reached", stat4_json(&sum->reach_any));
    cJSON *graph = cJSON_AddObjectToObject(root, "graph");
    cJSON_AddStringToObject(graph, "source", graph_source_name(cfg->graph.source));
    cJSON_AddNumberToObject(graph, "accounts", (double)facts->accounts);
    cJSON_AddNumberToObject(graph, "edges", (double)facts->edges);
    cJSON_AddNumberToObject(root, "events", (double)sum->events);
    /* Timing is the one part of a run that is not reproducible. */
    cJSON_AddNumberToObject(root, "wall_seconds", facts->wall_seconds);
    cJSON_AddNumberToObject(root, "graph_seconds", facts->graph_seconds);
    cJSON_AddNumberToObject(root, "simulate_seconds", facts->simulate_seconds);
    /* The event loop's throughput: events over the replicates' wall time. */
    add_number(root, "events_per_second",
               facts->simulate_seconds > 0 ? (double)sum->events / facts->simulate_seconds : 0.0);
    cJSON *stories = cJSON_AddArrayToObject(root, "stories");
    for (size_t s = 0; s < sum->story_count; s++) {
        cJSON_AddItemToArray(stories, story_json(cfg, s, &sum->stories[s]));
    }
    cJSON *ivs = cJSON_AddArrayToObject(root, "interventions");
    for (size_t i = 0; i < sum->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "kind", intervention_kind_name(iv->kind));
        if (iv->kind != INTERVENTION_SUSPEND && iv->kind != INTERVENTION_PREBUNK) {
            cJSON_AddStringToObject(o, "story", cfg->stories[iv->story].name);
        }
        cJSON_AddNumberToObject(o, "fired_fraction", sum->interventions[i].fired_fraction);
        add_number(o, "views_prevented", sum->interventions[i].views_prevented);
        cJSON_AddItemToObject(o, "time_h", stat4_json(&sum->interventions[i].time_h));
        cJSON_AddItemToArray(ivs, o);
    }
    char *text = cJSON_Print(root);
    cJSON_Delete(root);
    size_t n = strlen(text);
    char *out = xmalloc(n + 2);
    memcpy(out, text, n);
    out[n] = '\n';
    out[n + 1] = '\0';
    cJSON_free(text);
    return out;
}

/* A new run's results make an earlier run's plots in dir/plots stale:
 * removes the files amplisim plot writes there, then the folder if empty. */
static void remove_stale_plots(const char *dir)
{
    size_t size = strlen(dir) + 8;
    char *plots = xmalloc(size);
    snprintf(plots, size, "%s/plots", dir);
    DIR *d = opendir(plots);
    if (d) {
        static const char *const written[] = {".gp", ".dat", ".png", ".svg", ".pdf"};
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            const char *dot = strrchr(e->d_name, '.');
            for (size_t i = 0; dot && i < sizeof written / sizeof *written; i++) {
                if (strcmp(dot, written[i]) == 0) {
                    size_t n = strlen(plots) + strlen(e->d_name) + 2;
                    char *path = xmalloc(n);
                    snprintf(path, n, "%s/%s", plots, e->d_name);
                    remove(path);
                    free(path);
                }
            }
        }
        closedir(d);
        rmdir(plots); /* fails, harmlessly, when the user put files of their own there */
    }
    free(plots);
}

int results_write(const char *dir, const struct config *cfg, const struct observation *obs,
                  size_t replicates, const struct summary *sum, const struct run_facts *facts,
                  struct error *err)
{
    int status = file_make_dirs(dir, err);
    if (status != STATUS_OK) {
        return status;
    }
    file_remove_stale_temps(dir);
    static const char *const names[3] = {"scenario.json", "timeseries.csv", "summary.json"};
    const char *texts[3] = {scenario_to_json(cfg), results_timeseries_csv(cfg, obs, replicates),
                            results_summary_json(cfg, sum, facts)};
    char *paths[3];
    for (int i = 0; i < 3; i++) {
        size_t n = strlen(dir) + strlen(names[i]) + 2;
        paths[i] = xmalloc(n);
        snprintf(paths[i], n, "%s/%s", dir, names[i]);
    }
    /* All three or none: a failure leaves no lone scenario.json. */
    status = file_write_set(3, (const char *const *)paths, texts, err);
    if (status == STATUS_OK) {
        remove_stale_plots(dir);
    }
    for (int i = 0; i < 3; i++) {
        free(paths[i]);
        free((char *)texts[i]);
    }
    return status;
}

double compare_difference(const struct compare_figure *f)
{
    if (f->a == f->b) {
        return 0.0;
    }
    return isfinite(f->a) && isfinite(f->b) ? f->b - f->a : NAN;
}

/* compare.json's /resilience: the mode, the time, and per row what was
 * suspended and, per side, the views left over the paired replicates. */
static void add_resilience(cJSON *root, const struct compare_resilience *res)
{
    cJSON *o = cJSON_AddObjectToObject(root, "resilience");
    cJSON_AddStringToObject(o, "by", res->by);
    add_number(o, "at_h", res->at_h);
    cJSON *rows = cJSON_AddArrayToObject(o, "rows");
    for (size_t i = 0; i < res->count; i++) {
        const struct compare_resilience_row *row = &res->rows[i];
        cJSON *r = cJSON_CreateObject();
        cJSON_AddStringToObject(r, "key", row->key);
        cJSON_AddStringToObject(r, "label", row->label);
        add_number(r, "k", row->k);
        for (int s = 0; s < 2; s++) {
            const struct compare_left *l = &row->side[s];
            cJSON *side = cJSON_AddObjectToObject(r, s ? "b" : "a");
            add_number(side, "accounts_suspended", l->suspended);
            add_number(side, "mean", l->mean);
            add_number(side, "ci95_low", l->ci95_low);
            add_number(side, "ci95_high", l->ci95_high);
            add_number(side, "median", l->median);
            cJSON *per = cJSON_AddArrayToObject(side, "per_replicate");
            for (uint32_t k = 0; k < res->replicates; k++) {
                cJSON_AddItemToArray(per, isfinite(l->per_replicate[k])
                                              ? cJSON_CreateNumber(l->per_replicate[k])
                                              : cJSON_CreateNull());
            }
        }
        cJSON_AddItemToArray(rows, r);
    }
}

int results_write_compare(const char *dir, const char *const names[2], const char *const files[2],
                          uint32_t replicates, uint64_t seed, const struct compare_resilience *res,
                          const struct compare_figure *f, size_t n, struct error *err)
{
    int status = file_make_dirs(dir, err);
    if (status != STATUS_OK) {
        return status;
    }
    cJSON *root = cJSON_CreateObject();
    for (int s = 0; s < 2; s++) {
        cJSON *side = cJSON_AddObjectToObject(root, s ? "b" : "a");
        cJSON_AddStringToObject(side, "scenario", names[s]);
        cJSON_AddStringToObject(side, "file", files[s]);
    }
    cJSON_AddNumberToObject(root, "replicates", replicates);
    json_write_add(root, "seed", json_write_integer(seed));
    add_number(root, "resilience_at_h", res->at_h);
    cJSON_AddStringToObject(root, "resilience_by", res->by);
    cJSON *figures = cJSON_AddObjectToObject(root, "figures");
    struct strbuf csv;
    strbuf_init(&csv);
    strbuf_printf(&csv, "figure,a,b,diff\n");
    for (size_t i = 0; i < n; i++) {
        cJSON *o = cJSON_AddObjectToObject(figures, f[i].name);
        double diff = compare_difference(&f[i]);
        add_number(o, "a", f[i].a);
        add_number(o, "b", f[i].b);
        add_number(o, "diff", diff);
        strbuf_printf(&csv, "%s,%.10g,%.10g,%.10g\n", f[i].name, f[i].a, f[i].b, diff);
    }
    add_resilience(root, res);
    char *json = cJSON_Print(root);
    cJSON_Delete(root);
    file_remove_stale_temps(dir);
    char *paths[2];
    static const char *const written[2] = {"compare.json", "compare.csv"};
    for (int i = 0; i < 2; i++) {
        size_t len = strlen(dir) + strlen(written[i]) + 2;
        paths[i] = xmalloc(len);
        snprintf(paths[i], len, "%s/%s", dir, written[i]);
    }
    const char *texts[2] = {json, csv.data};
    status = file_write_set(2, (const char *const *)paths, texts, err);
    free(paths[0]);
    free(paths[1]);
    cJSON_free(json);
    strbuf_destroy(&csv);
    return status;
}

/* ---- Reading a run and a comparison back ---- */

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
        char *end;
        r->time_h = strtod(fields[place[TIME]].text, &end);
        bool bad = *end != '\0' || end == fields[place[TIME]].text || !isfinite(r->time_h);
        for (int k = 0; k < RESULTS_COLUMN_COUNT && !bad; k++) {
            const char *f = fields[index[k]].text;
            r->value[k] = strtod(f, &end);
            bad = *end != '\0' || end == f;
        }
        if (bad) {
            status =
                csv_fail(&c, err, line.line, 0, "expected numbers in time_h and the count columns");
            break;
        }
        r->story = find_story(t, fields[place[STORY]].text, &story_cap);
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

/* Reads and parses a JSON file the run wrote; NULL with err filled if it
 * cannot be read or parsed. The caller frees the tree with cJSON_Delete. */
static cJSON *read_json(const char *path, struct error *err)
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

static int read_summary(const char *path, struct results_run *t, struct error *err)
{
    cJSON *root = read_json(path, err);
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
            }
        }
    }
    cJSON_Delete(root);
    return STATUS_OK;
}

static double json_number_or_nan(const cJSON *item)
{
    return cJSON_IsNumber(item) ? item->valuedouble : NAN;
}

static double side_number(const cJSON *side, const char *key)
{
    return json_number_or_nan(cJSON_GetObjectItemCaseSensitive(side, key));
}

int results_read_compare(const char *path, struct results_compare *c, struct error *err)
{
    cJSON *root = read_json(path, err);
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
