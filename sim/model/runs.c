/* Per-replicate figures (runs.h). A story's figures are computed exactly as
 * summary.c computes them before it takes quantiles, so that the quantiles
 * of a story's rows are the summary's; the totals' figures are defined here
 * (the summary has no time to 10^k nor cascade figures for a kind). */
#include "runs.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

/* The figures of a row, in column order; the day columns sit after posts. */
enum {
    F_VIEWS,
    F_REACH,
    F_SHARES,
    F_POSTS,
    F_FIXED_HEAD, /* then views_day_1 .. views_day_<days> */
};
enum {
    T_TIME, /* time_to_1e1_h .. time_to_1e9_h */
    T_PEAK_RATE = OBSERVE_DECADES,
    T_PEAK_TIME,
    T_DEPTH,
    T_VIRALITY,
    T_LARGEST,
    T_T50,
    T_T90,
    T_COMMUNITIES,
    T_COUNT
};

static const char *const head_names[F_FIXED_HEAD] = {"views", "reach", "shares", "campaign_posts"};
static const char *const tail_names[T_COUNT - T_PEAK_RATE] = {
    "peak_view_rate_per_h", "peak_time_h",           "cascade_depth",
    "structural_virality",  "largest_cascade_posts", "largest_cascade_t50_h",
    "largest_cascade_t90_h", "communities_reached"};

static bool in_group(const struct config *cfg, uint32_t g, uint32_t s)
{
    if (g < cfg->story_count) {
        return s == g;
    }
    enum story_kind kind = cfg->stories[s].kind;
    return g - cfg->story_count == RUNS_CAMPAIGN ? story_kind_is_campaign(kind)
                                                 : kind == STORY_CORRECTION;
}

double runs_binned_before(const double *bins, uint32_t count, double bin_h, double t_h)
{
    double sum = 0.0;
    for (uint32_t b = 0; b < count; b++) {
        double end = (b + 1) * bin_h;
        if (end <= t_h) {
            sum += bins[b];
        } else {
            sum += bins[b] * (t_h - b * bin_h) / bin_h;
            break;
        }
    }
    return sum;
}

/* Views before time t_h: all of them from the run's end on, else from the
 * bins. */
static double views_before(const double *bin_views, uint32_t bins, double bin_h, double t_h,
                           double total, double duration_h)
{
    return t_h >= duration_h ? total : runs_binned_before(bin_views, bins, bin_h, t_h);
}

/* Whether the group reached community c: some story of it reached the
 * community_reach_fraction of c's accounts, as summary.c counts a story. */
static bool reached(const struct config *cfg, const struct observation *obs, uint32_t g, uint32_t c,
                    const uint32_t *community_size)
{
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        if (in_group(cfg, g, s)) {
            uint64_t reach = observation_total(obs, s, KEY_COMMUNITY(c), MEASURE_REACH);
            if (reach > 0 && (double)reach >= cfg->community_reach_fraction * community_size[c]) {
                return true;
            }
        }
    }
    return false;
}

static void group_row(const struct runs_table *t, const struct config *cfg,
                      const struct observation *obs, uint32_t g, const uint32_t *community_size,
                      double *bin_views, double *row)
{
    bool story = g < cfg->story_count;
    double views = 0.0, shares = 0.0, posts = 0.0;
    for (uint32_t b = 0; b < obs->bins; b++) {
        bin_views[b] = 0.0;
    }
    double depth = 0.0, virality = 0.0, largest = 0.0, t50 = 0.0, t90 = 0.0;
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        if (!in_group(cfg, g, s)) {
            continue;
        }
        views += (double)observation_total(obs, s, KEY_TOTAL, MEASURE_VIEWS);
        shares += (double)observation_total(obs, s, KEY_TOTAL, MEASURE_SHARES);
        posts += (double)obs->posts[s];
        for (uint32_t b = 0; b < obs->bins; b++) {
            bin_views[b] += (double)observation_cell(obs, s, b, KEY_TOTAL)[MEASURE_VIEWS];
        }
        depth = fmax(depth, obs->max_depth[s]);
        /* A group's tree is its stories' largest (the first on ties). */
        if (obs->largest_tree[s] > largest) {
            largest = obs->largest_tree[s];
            virality = obs->virality[s];
            t50 = obs->tree_t50[s];
            t90 = obs->tree_t90[s];
        }
    }
    row[F_VIEWS] = views;
    if (story) {
        row[F_REACH] = (double)observation_total(obs, g, KEY_TOTAL, MEASURE_REACH);
    } else {
        row[F_REACH] =
            (double)(g - cfg->story_count == RUNS_CAMPAIGN ? obs->reach_campaign
                                                           : obs->reach_kind[STORY_CORRECTION]);
    }
    row[F_SHARES] = shares;
    row[F_POSTS] = posts;
    double *day = row + F_FIXED_HEAD;
    for (uint32_t d = 0; d < t->days; d++) {
        day[d] =
            views_before(bin_views, obs->bins, cfg->bin_h, 24.0 * (d + 1), views, cfg->duration_h);
    }
    double *tail = day + t->days;
    /* The peak: the first bin with the most views, as summary.c finds it. */
    double best = 0.0;
    uint32_t best_bin = 0;
    for (uint32_t b = 0; b < obs->bins; b++) {
        if (bin_views[b] > best) {
            best = bin_views[b];
            best_bin = b;
        }
    }
    tail[T_PEAK_RATE] = best / cfg->bin_h;
    tail[T_PEAK_TIME] = best_bin * cfg->bin_h;
    if (story) {
        for (int d = 0; d < OBSERVE_DECADES; d++) {
            tail[T_TIME + d] = obs->time_to_views[(size_t)g * OBSERVE_DECADES + d];
        }
    } else {
        /* A total's crossing is read off its binned curve, interpolated
         * within the bin, as a sweep reads the campaign's time to 10^6. */
        double cumulative = 0.0;
        int d = 0;
        for (uint32_t b = 0; b < obs->bins; b++) {
            while (d < OBSERVE_DECADES && cumulative + bin_views[b] >= pow(10.0, d + 1)) {
                tail[T_TIME + d] =
                    cfg->bin_h * ((double)b + (pow(10.0, d + 1) - cumulative) / bin_views[b]);
                d++;
            }
            cumulative += bin_views[b];
        }
        for (; d < OBSERVE_DECADES; d++) {
            tail[T_TIME + d] = INFINITY;
        }
    }
    tail[T_DEPTH] = depth;
    tail[T_VIRALITY] = virality;
    tail[T_LARGEST] = largest;
    tail[T_T50] = t50;
    tail[T_T90] = t90;
    uint32_t communities = 0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        communities += reached(cfg, obs, g, c, community_size);
    }
    tail[T_COMMUNITIES] = communities;
}

void runs_table_layout(struct runs_table *t, const struct config *cfg)
{
    memset(t, 0, sizeof *t);
    t->seed = cfg->seed;
    t->stories = (uint32_t)cfg->story_count;
    t->days = (uint32_t)ceil(cfg->duration_h / 24.0 - 1e-9);
    t->days = t->days ? t->days : 1;
    t->figures = F_FIXED_HEAD + t->days + T_COUNT;
    t->interventions = (uint32_t)cfg->intervention_count;
}

void runs_table_init(struct runs_table *t, const struct config *cfg, const struct observation *obs,
                     uint32_t replicates, uint32_t first_replicate, const uint32_t *community_size)
{
    runs_table_layout(t, cfg);
    t->replicates = replicates;
    t->first_replicate = first_replicate;
    size_t rows = (size_t)replicates * runs_groups(t);
    t->values = xmalloc((rows ? rows : 1) * t->figures * sizeof *t->values);
    size_t cells = (size_t)replicates * t->interventions;
    t->intervention_time = xmalloc((cells ? cells : 1) * sizeof *t->intervention_time);
    t->prevented = xmalloc((cells ? cells : 1) * sizeof *t->prevented);
    double *bin_views = xmalloc((replicates ? obs[0].bins : 1) * sizeof *bin_views);
    for (uint32_t r = 0; r < replicates; r++) {
        for (uint32_t g = 0; g < runs_groups(t); g++) {
            group_row(t, cfg, &obs[r], g, community_size, bin_views,
                      t->values + ((size_t)r * runs_groups(t) + g) * t->figures);
        }
        for (uint32_t i = 0; i < t->interventions; i++) {
            t->intervention_time[(size_t)r * t->interventions + i] = obs[r].intervention_time[i];
            t->prevented[(size_t)r * t->interventions + i] = NAN;
        }
    }
    free(bin_views);
}

void runs_table_destroy(struct runs_table *t)
{
    if (t) {
        free(t->values);
        free(t->intervention_time);
        free(t->prevented);
        memset(t, 0, sizeof *t);
    }
}

void runs_figure_name(const struct runs_table *t, uint32_t f, char *buf, size_t size)
{
    if (f < F_FIXED_HEAD) {
        snprintf(buf, size, "%s", head_names[f]);
    } else if (f < F_FIXED_HEAD + t->days) {
        snprintf(buf, size, "views_day_%u", f - F_FIXED_HEAD + 1);
    } else if (f - F_FIXED_HEAD - t->days < T_PEAK_RATE) {
        snprintf(buf, size, "time_to_1e%u_h", f - F_FIXED_HEAD - t->days + 1);
    } else {
        snprintf(buf, size, "%s", tail_names[f - F_FIXED_HEAD - t->days - T_PEAK_RATE]);
    }
}

bool runs_figure_name_valid(const char *name)
{
    for (int i = 0; i < F_FIXED_HEAD; i++) {
        if (strcmp(name, head_names[i]) == 0) {
            return true;
        }
    }
    for (int i = 0; i < T_COUNT - T_PEAK_RATE; i++) {
        if (strcmp(name, tail_names[i]) == 0) {
            return true;
        }
    }
    unsigned k;
    char tail[2];
    if (sscanf(name, "time_to_1e%u_h%1s", &k, tail) == 1 && k >= 1 && k <= OBSERVE_DECADES) {
        char canonical[32];
        snprintf(canonical, sizeof canonical, "time_to_1e%u_h", k);
        return strcmp(canonical, name) == 0;
    }
    unsigned long day;
    char *end;
    static const char day_prefix[] = "views_day_";
    if (strncmp(name, day_prefix, sizeof day_prefix - 1) == 0 &&
        name[sizeof day_prefix - 1] >= '1' && name[sizeof day_prefix - 1] <= '9') {
        day = strtoul(name + sizeof day_prefix - 1, &end, 10);
        return *end == '\0' && day >= 1 && day <= 100000;
    }
    return false;
}

int runs_figure_find(const struct runs_table *t, const char *name)
{
    char buf[48];
    for (uint32_t f = 0; f < t->figures; f++) {
        runs_figure_name(t, f, buf, sizeof buf);
        if (strcmp(buf, name) == 0) {
            return (int)f;
        }
    }
    return -1;
}

double runs_named_value(const struct runs_table *t, uint32_t r, uint32_t group, const char *name)
{
    size_t prefix = strlen(RUNS_CORRECTION_PREFIX);
    if (strncmp(name, RUNS_CORRECTION_PREFIX, prefix) == 0) {
        group = t->stories + RUNS_CORRECTIONS;
        name += prefix;
    }
    int f = runs_figure_find(t, name);
    return f < 0 ? NAN : runs_value(t, r, group, (uint32_t)f);
}

const char *runs_total_name(const struct runs_table *t, uint32_t g)
{
    if (g < t->stories) {
        return NULL;
    }
    return g - t->stories == RUNS_CAMPAIGN ? "campaign" : "correction";
}

double runs_intervention_target(const struct runs_table *t, const struct intervention_config *iv,
                                uint32_t r)
{
    bool all = iv->kind == INTERVENTION_SUSPEND || iv->kind == INTERVENTION_PREBUNK;
    return runs_value(t, r, all ? t->stories + RUNS_CAMPAIGN : (uint32_t)iv->story, F_VIEWS);
}
