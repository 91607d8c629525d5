/* A run directory's timeseries.csv and summary.json, and a comparison's
 * compare.json and compare.csv: their writers (results_read.c, the other half
 * of the module, reads them back for plots). */
#define _POSIX_C_SOURCE 200809L
#include "results.h"

#include <math.h>
#include <stdbool.h>
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

/* The end of time bin b in hours: the last bin ends at the run's end. */
static double bin_end_h(const struct config *cfg, uint32_t b)
{
    double t_end = (b + 1) * cfg->bin_h;
    return t_end > cfg->duration_h ? cfg->duration_h : t_end;
}

static bool is_correction(enum story_kind kind)
{
    return kind == STORY_CORRECTION;
}

/* The rows of a kind total, story "(campaign)" or "(corrections)" (no story
 * name can hold a parenthesis), dimension total, key all: each replicate's
 * views and shares summed over the kind's stories, then the quantiles over
 * the replicates, so that the total's median is the median of the sums and
 * not a sum of medians. The reach cells are empty: an account reached by two
 * stories counts once in a total, which the per-story counts cannot tell.
 * value and running are scratch of replicates and replicates x
 * MEASURE_COUNT doubles. */
static void write_kind_total(struct strbuf *sb, const struct config *cfg,
                             const struct observation *obs, size_t replicates, const char *label,
                             bool (*member)(enum story_kind), double *value, double *running)
{
    memset(running, 0, replicates * MEASURE_COUNT * sizeof *running);
    for (uint32_t b = 0; b < obs[0].bins; b++) {
        strbuf_printf(sb, "%.10g,%s,%s,all", bin_end_h(cfg, b), label,
                      dimension_name(DIMENSION_TOTAL));
        struct stat4 st;
        for (int m = 0; m < MEASURE_COUNT; m++) {
            for (size_t r = 0; r < replicates; r++) {
                double sum = 0.0;
                for (uint32_t s = 0; s < cfg->story_count; s++) {
                    if (member(cfg->stories[s].kind)) {
                        sum += (double)observation_cell(&obs[r], s, b, KEY_TOTAL)[m];
                    }
                }
                value[r] = sum;
                running[r * MEASURE_COUNT + m] += sum;
            }
            summary_stat4(value, replicates, &st);
            if (m == MEASURE_REACH) {
                strbuf_printf(sb, ",,,,");
            } else {
                print_stat4(sb, &st);
            }
        }
        for (int m = 0; m < MEASURE_COUNT; m++) {
            for (size_t r = 0; r < replicates; r++) {
                value[r] = running[r * MEASURE_COUNT + m];
            }
            summary_stat4(value, replicates, &st);
            if (m == MEASURE_REACH) {
                strbuf_printf(sb, ",,,,");
            } else {
                print_stat4(sb, &st);
            }
        }
        strbuf_printf(sb, "\n");
    }
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
                strbuf_printf(&sb, "%.10g,", bin_end_h(cfg, b));
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
    /* Then the totals by kind, after every story, for plots to draw bold. */
    uint32_t campaign = 0, corrections = 0;
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        campaign += story_kind_is_campaign(cfg->stories[s].kind);
        corrections += is_correction(cfg->stories[s].kind);
    }
    if (campaign > 0) {
        write_kind_total(&sb, cfg, obs, replicates, RESULTS_CAMPAIGN_TOTAL, story_kind_is_campaign,
                         value, running);
    }
    if (corrections > 0) {
        write_kind_total(&sb, cfg, obs, replicates, RESULTS_CORRECTIONS_TOTAL, is_correction,
                         value, running);
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
    add_number(o, "median_low_90", st->median_low);
    add_number(o, "median_high_90", st->median_high);
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

/* An intervention's views prevented replicate by replicate (paired.h's a =
 * without it, b = with it): the median and the mean with its 95 % interval
 * of (without - with), and the fractions of replicates it lowered and
 * raised its target's views in; nulls when not measured. */
static cJSON *prevented_json(const struct paired *p)
{
    cJSON *o = cJSON_CreateObject();
    bool measured = p->pairs > 0;
    add_number(o, "median", measured ? -p->median : NAN);
    add_number(o, "mean", measured ? -p->mean : NAN);
    add_number(o, "ci95_low", measured ? -p->ci95_high : NAN);
    add_number(o, "ci95_high", measured ? -p->ci95_low : NAN);
    add_number(o, "lowered_fraction", measured ? p->below : NAN);
    add_number(o, "raised_fraction", measured ? 1.0 - p->below - p->equal : NAN);
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
        cJSON_AddItemToObject(o, "views_prevented_paired",
                              prevented_json(&sum->interventions[i].prevented));
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
static bool is_plot_file(const char *name)
{
    static const char *const written[] = {".gp", ".dat", ".png", ".svg", ".pdf"};
    const char *dot = strrchr(name, '.');
    for (size_t i = 0; dot && i < sizeof written / sizeof *written; i++) {
        if (strcmp(dot, written[i]) == 0) {
            return true;
        }
    }
    return false;
}

static void remove_stale_plots(const char *dir)
{
    size_t size = strlen(dir) + 8;
    char *plots = xmalloc(size);
    snprintf(plots, size, "%s/plots", dir);
    file_remove_matching(plots, is_plot_file);
    rmdir(plots); /* fails, harmlessly, when it is absent or holds the user's own files */
    free(plots);
}

/* A run directory's cascade files (io/cascades.h names them). */
static bool is_cascades_csv(const char *name)
{
    return strcmp(name, "cascades.csv") == 0;
}

static bool is_cascades_gz(const char *name)
{
    return strcmp(name, "cascades.csv.gz") == 0;
}

int results_write(const char *dir, const struct config *cfg, const struct observation *obs,
                  size_t replicates, const struct summary *sum, const struct run_facts *facts,
                  const struct runs_table *runs, const struct cascades_export *cascades,
                  struct error *err)
{
    int status = file_make_dirs(dir, err);
    if (status != STATUS_OK) {
        return status;
    }
    file_remove_stale_temps(dir);
    enum { FILES = 5 };
    const char *names[FILES] = {"scenario.json", "timeseries.csv", "summary.json", "runs.csv",
                                NULL};
    char *texts[FILES] = {scenario_to_json(cfg), results_timeseries_csv(cfg, obs, replicates),
                          results_summary_json(cfg, sum, facts), results_runs_csv(cfg, runs),
                          NULL};
    size_t lens[FILES];
    for (int i = 0; i < FILES - 1; i++) {
        lens[i] = strlen(texts[i]);
    }
    size_t count = FILES - 1;
    if (cascades && cascades->keep > 0) {
        cascades_export_file(cascades, &names[count], &texts[count], &lens[count]);
        count++;
    }
    char *paths[FILES];
    for (size_t i = 0; i < count; i++) {
        size_t n = strlen(dir) + strlen(names[i]) + 2;
        paths[i] = xmalloc(n);
        snprintf(paths[i], n, "%s/%s", dir, names[i]);
    }
    /* All or none: a failure leaves no lone scenario.json. */
    status = file_write_set_sized(count, (const char *const *)paths, (const char *const *)texts,
                                  lens, err);
    if (status == STATUS_OK) {
        remove_stale_plots(dir);
        /* An earlier run's cascades are not this run's: the file this run
         * wrote stays, or none. */
        const char *wrote = count == FILES ? names[FILES - 1] : "";
        if (!is_cascades_csv(wrote)) {
            file_remove_matching(dir, is_cascades_csv);
        }
        if (!is_cascades_gz(wrote)) {
            file_remove_matching(dir, is_cascades_gz);
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(paths[i]);
        free(texts[i]);
    }
    return status;
}

double compare_difference(const struct compare_figure *f)
{
    if (isinf(f->a) && isinf(f->b)) {
        return NAN; /* both never reached: no difference, never a 0 */
    }
    if (isinf(f->a) || isinf(f->b)) {
        return isinf(f->b) ? INFINITY : -INFINITY;
    }
    return f->b - f->a;
}

/* compare.json's /paired: per group (campaign, correction, and the --story
 * story under its name), per figure the paired figures; null where not
 * finite, with the pair counts saying why. */
static void add_paired(cJSON *root, const struct compare_paired *paired, size_t count)
{
    cJSON *o = cJSON_AddObjectToObject(root, "paired");
    cJSON_AddStringToObject(o, "difference", "b - a, replicate by replicate on the same seeds");
    cJSON_AddStringToObject(o, "interval",
                            "95 % interval of the mean difference, Student's t "
                            "with finite_pairs - 1 degrees of freedom");
    for (size_t i = 0; i < count; i++) {
        const struct compare_paired *cp = &paired[i];
        bool story = strcmp(cp->group, "story") == 0;
        cJSON *group = cJSON_GetObjectItemCaseSensitive(o, story ? "story" : cp->group);
        if (!group) {
            group = cJSON_AddObjectToObject(o, story ? "story" : cp->group);
            if (story) {
                cJSON_AddStringToObject(group, "name", cp->story);
            }
            cJSON_AddObjectToObject(group, "figures");
        }
        cJSON *fig =
            cJSON_AddObjectToObject(cJSON_GetObjectItemCaseSensitive(group, "figures"), cp->figure);
        const struct paired *p = &cp->p;
        cJSON_AddNumberToObject(fig, "pairs", p->pairs);
        add_number(fig, "a_median", p->a_median);
        add_number(fig, "b_median", p->b_median);
        add_number(fig, "median", p->median);
        add_number(fig, "mean", p->mean);
        add_number(fig, "ci95_low", p->ci95_low);
        add_number(fig, "ci95_high", p->ci95_high);
        add_number(fig, "b_below_fraction", p->below);
        add_number(fig, "equal_fraction", p->equal);
        cJSON_AddNumberToObject(fig, "finite_pairs", p->finite);
        cJSON_AddNumberToObject(fig, "both_never", p->both_never);
        cJSON_AddNumberToObject(fig, "a_never", p->a_never);
        cJSON_AddNumberToObject(fig, "b_never", p->b_never);
    }
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
                          const struct compare_figure *f, size_t n,
                          const struct compare_paired *paired, size_t paired_count,
                          struct error *err)
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
        strbuf_printf(&csv, "%s,%.10g,%.10g,", f[i].name, f[i].a, f[i].b);
        if (!isnan(diff)) {
            strbuf_printf(&csv, "%.10g", diff); /* empty: both never reached */
        }
        strbuf_printf(&csv, "\n");
    }
    add_resilience(root, res);
    add_paired(root, paired, paired_count);
    char *json = cJSON_Print(root);
    cJSON_Delete(root);
    file_remove_stale_temps(dir);
    enum { FILES = 3 };
    char *paths[FILES];
    static const char *const written[FILES] = {"compare.json", "compare.csv", "paired.csv"};
    for (int i = 0; i < FILES; i++) {
        size_t len = strlen(dir) + strlen(written[i]) + 2;
        paths[i] = xmalloc(len);
        snprintf(paths[i], len, "%s/%s", dir, written[i]);
    }
    char *paired_csv = results_paired_csv(paired, paired_count);
    const char *texts[FILES] = {json, csv.data, paired_csv};
    status = file_write_set(FILES, (const char *const *)paths, texts, err);
    for (int i = 0; i < FILES; i++) {
        free(paths[i]);
    }
    free(paired_csv);
    cJSON_free(json);
    strbuf_destroy(&csv);
    return status;
}
