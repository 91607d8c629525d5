/* Statistics over replicates. */
#include "summary.h"

#include <assert.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../base/alloc.h"

static double quantile_sorted(const double *v, size_t n, double f)
{
    /* GSL's definition, except that an interpolation touching +INFINITY is
     * +INFINITY rather than the NaN that 0 x INFINITY would give. */
    double index = f * (double)(n - 1);
    size_t lo = (size_t)floor(index);
    size_t hi = lo + 1 < n ? lo + 1 : lo;
    if (index == (double)lo) {
        return v[lo];
    }
    if (isinf(v[lo]) || isinf(v[hi])) {
        return INFINITY;
    }
    return gsl_stats_quantile_from_sorted_data(v, 1, n, f);
}

/* The distribution-free 90 % interval of the median of sorted v (summary.h):
 * j starts from the normal approximation and moves to the largest j with
 * P(Bin(n, 1/2) <= j - 1) <= 0.05, a few binomial CDFs. */
static void median_interval(const double *v, size_t n, double *lo, double *hi)
{
    if (n < 5 || n > UINT_MAX) { /* 0.5^n > 0.05: not even [min, max] covers 90 % */
        *lo = *hi = NAN;
        return;
    }
    unsigned m = (unsigned)n;
    double guess = 0.5 * (double)n - 0.822 * sqrt((double)n);
    unsigned j = guess > 1.0 ? (unsigned)guess : 1u;
    while (j > 1 && gsl_cdf_binomial_P(j - 1, 0.5, m) > 0.05) {
        j--;
    }
    while (2 * (j + 1) <= m && gsl_cdf_binomial_P(j, 0.5, m) <= 0.05) {
        j++;
    }
    *lo = v[j - 1];
    *hi = v[n - j];
}

void summary_stat4(double *values, size_t n, struct stat4 *out)
{
    gsl_sort(values, 1, n);
    out->mean = isinf(values[n - 1]) ? INFINITY : gsl_stats_mean(values, 1, n);
    out->median = quantile_sorted(values, n, 0.5);
    out->p05 = quantile_sorted(values, n, 0.05);
    out->p95 = quantile_sorted(values, n, 0.95);
    median_interval(values, n, &out->median_low, &out->median_high);
}

static void story_figures(struct story_summary *ss, const struct config *cfg,
                          const struct observation *obs, size_t reps, uint32_t s,
                          const uint32_t *community_size, double *tmp)
{
    static const enum measure measures[3] = {MEASURE_VIEWS, MEASURE_REACH, MEASURE_SHARES};
    struct stat4 *targets[3] = {&ss->views, &ss->reach, &ss->shares};
    for (int m = 0; m < 3; m++) {
        for (size_t r = 0; r < reps; r++) {
            tmp[r] = (double)observation_total(&obs[r], s, KEY_TOTAL, measures[m]);
        }
        summary_stat4(tmp, reps, targets[m]);
    }
    for (size_t r = 0; r < reps; r++) {
        tmp[r] = (double)obs[r].posts[s];
    }
    summary_stat4(tmp, reps, &ss->posts);
    for (int d = 0; d < OBSERVE_DECADES; d++) {
        size_t got = 0;
        for (size_t r = 0; r < reps; r++) {
            tmp[r] = obs[r].time_to_views[(size_t)s * OBSERVE_DECADES + d];
            got += !isinf(tmp[r]);
        }
        ss->reached_fraction[d] = (double)got / (double)reps;
        summary_stat4(tmp, reps, &ss->time_to_views[d]);
    }
    double *peak_time = xmalloc(reps * sizeof *peak_time);
    for (size_t r = 0; r < reps; r++) {
        uint64_t best = 0;
        uint32_t best_bin = 0;
        for (uint32_t b = 0; b < obs[r].bins; b++) {
            uint64_t v = observation_cell(&obs[r], s, b, KEY_TOTAL)[MEASURE_VIEWS];
            if (v > best) {
                best = v;
                best_bin = b;
            }
        }
        tmp[r] = (double)best / cfg->bin_h;
        peak_time[r] = best_bin * cfg->bin_h;
    }
    summary_stat4(tmp, reps, &ss->peak_view_rate_per_h);
    summary_stat4(peak_time, reps, &ss->peak_time_h);
    free(peak_time);
    for (size_t r = 0; r < reps; r++) {
        tmp[r] = obs[r].max_depth[s];
    }
    summary_stat4(tmp, reps, &ss->max_depth);
    for (size_t r = 0; r < reps; r++) {
        tmp[r] = obs[r].virality[s];
    }
    summary_stat4(tmp, reps, &ss->structural_virality);
    for (size_t r = 0; r < reps; r++) {
        tmp[r] = obs[r].largest_tree[s];
    }
    summary_stat4(tmp, reps, &ss->largest_tree);
    for (size_t r = 0; r < reps; r++) {
        uint32_t reached = 0;
        for (uint32_t c = 0; c < cfg->communities; c++) {
            uint64_t reach = observation_total(&obs[r], s, KEY_COMMUNITY(c), MEASURE_REACH);
            if (reach > 0 && (double)reach >= cfg->community_reach_fraction * community_size[c]) {
                reached++;
            }
        }
        tmp[r] = reached;
    }
    summary_stat4(tmp, reps, &ss->communities_reached);

    double all = 0.0;
    for (size_t r = 0; r < reps; r++) {
        all += (double)observation_total(&obs[r], s, KEY_TOTAL, MEASURE_VIEWS);
    }
    for (int ch = 0; ch < CHANNEL_COUNT; ch++) {
        double v = 0.0;
        for (size_t r = 0; r < reps; r++) {
            v += (double)observation_total(&obs[r], s, KEY_CHANNEL(ch), MEASURE_VIEWS);
        }
        ss->views_by_channel[ch] = all > 0.0 ? v / all : 0.0;
    }
    for (int role = 0; role <= ROLE_COUNT; role++) {
        double v = 0.0;
        for (size_t r = 0; r < reps; r++) {
            v += (double)observation_total(&obs[r], s, KEY_ROLE(role), MEASURE_VIEWS);
        }
        ss->views_by_role[role] = all > 0.0 ? v / all : 0.0;
    }
}

void summary_compute(struct summary *out, const struct config *cfg, const struct observation *obs,
                     size_t replicates, const uint32_t *community_size)
{
    memset(out, 0, sizeof *out);
    out->replicates = (uint32_t)replicates;
    out->story_count = cfg->story_count;
    out->stories = xcalloc(cfg->story_count, sizeof *out->stories);
    double *tmp = xmalloc(replicates * sizeof *tmp);
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        story_figures(&out->stories[s], cfg, obs, replicates, s, community_size, tmp);
        out->stories[s].kind = cfg->stories[s].kind;
    }
    /* Group STORY_KIND_COUNT is the campaign: its fabricated and leaked stories. */
    for (int k = 0; k <= STORY_KIND_COUNT; k++) {
        bool campaign = k == STORY_KIND_COUNT;
        struct kind_totals totals = {0};
        for (uint32_t s = 0; s < cfg->story_count; s++) {
            enum story_kind kind = cfg->stories[s].kind;
            totals.stories += campaign ? story_kind_is_campaign(kind) : kind == (enum story_kind)k;
        }
        static const enum measure measures[2] = {MEASURE_VIEWS, MEASURE_SHARES};
        struct stat4 *targets[2] = {&totals.views, &totals.shares};
        for (int m = 0; m < 2; m++) {
            for (size_t r = 0; r < replicates; r++) {
                double sum = 0.0;
                for (uint32_t s = 0; s < cfg->story_count; s++) {
                    enum story_kind kind = cfg->stories[s].kind;
                    if (campaign ? story_kind_is_campaign(kind) : kind == (enum story_kind)k) {
                        sum += (double)observation_total(&obs[r], s, KEY_TOTAL, measures[m]);
                    }
                }
                tmp[r] = sum;
            }
            summary_stat4(tmp, replicates, targets[m]);
        }
        for (size_t r = 0; r < replicates; r++) {
            tmp[r] = (double)(campaign ? obs[r].reach_campaign : obs[r].reach_kind[k]);
        }
        summary_stat4(tmp, replicates, &totals.reach);
        if (campaign) {
            out->views = totals.views;
            out->reach = totals.reach;
            out->shares = totals.shares;
            out->campaign_stories = totals.stories;
        } else {
            out->kinds[k] = totals;
        }
    }
    for (size_t r = 0; r < replicates; r++) {
        tmp[r] = (double)obs[r].reach_any;
        out->events += obs[r].events;
    }
    summary_stat4(tmp, replicates, &out->reach_any);
    out->intervention_count = cfg->intervention_count;
    out->interventions = xcalloc(cfg->intervention_count + 1, sizeof *out->interventions);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        size_t fired = 0;
        for (size_t r = 0; r < replicates; r++) {
            tmp[r] = obs[r].intervention_time[i];
            fired += !isinf(tmp[r]);
        }
        out->interventions[i].fired_fraction = (double)fired / (double)replicates;
        out->interventions[i].views_prevented = NAN;
        summary_stat4(tmp, replicates, &out->interventions[i].time_h);
    }
    free(tmp);
}

void summary_destroy(struct summary *s)
{
    if (s) {
        free(s->stories);
        free(s->interventions);
        memset(s, 0, sizeof *s);
    }
}

void summary_run_figures(const struct config *cfg, const struct observation *obs, int story,
                         struct run_figures *out)
{
    assert(story < (int)cfg->story_count);
    uint32_t first = story < 0 ? 0 : (uint32_t)story;
    uint32_t last = story < 0 ? cfg->story_count : (uint32_t)story + 1;
    double views = 0.0, shares = 0.0, cumulative = 0.0, peak = 0.0;
    double crossing = INFINITY;
    for (uint32_t b = 0; b < obs->bins; b++) {
        double in_bin = 0.0;
        for (uint32_t s = first; s < last; s++) {
            if (story < 0 && !story_kind_is_campaign(cfg->stories[s].kind)) {
                continue; /* together means the campaign's stories, never a correction */
            }
            in_bin += (double)observation_cell(obs, s, b, KEY_TOTAL)[MEASURE_VIEWS];
            shares += (double)observation_cell(obs, s, b, KEY_TOTAL)[MEASURE_SHARES];
        }
        if (isinf(crossing) && cumulative + in_bin >= 1e6) {
            crossing = cfg->bin_h * ((double)b + (1e6 - cumulative) / in_bin);
        }
        cumulative += in_bin;
        peak = in_bin > peak ? in_bin : peak;
    }
    views = cumulative;
    out->extra_count = 0;
    out->extra = NULL;
    out->views = views;
    out->shares = shares;
    out->peak_view_rate_per_h = peak / cfg->bin_h;
    if (story < 0) {
        out->reach = (double)obs->reach_campaign;
        out->time_to_1e6_h = crossing;
    } else {
        out->reach = (double)observation_total(obs, (uint32_t)story, KEY_TOTAL, MEASURE_REACH);
        out->time_to_1e6_h = obs->time_to_views[(size_t)story * OBSERVE_DECADES + 5];
    }
}

double summary_views_at(const struct config *cfg, const struct observation *obs, int story,
                        double t_h)
{
    uint32_t first = story < 0 ? 0 : (uint32_t)story;
    uint32_t last = story < 0 ? cfg->story_count : (uint32_t)story + 1;
    double cumulative = 0.0;
    for (uint32_t b = 0; b < obs->bins; b++) {
        double in_bin = 0.0;
        for (uint32_t s = first; s < last; s++) {
            if (story < 0 && !story_kind_is_campaign(cfg->stories[s].kind)) {
                continue;
            }
            in_bin += (double)observation_cell(obs, s, b, KEY_TOTAL)[MEASURE_VIEWS];
        }
        double start = cfg->bin_h * (double)b;
        if (t_h < start + cfg->bin_h) {
            return cumulative + (t_h > start ? in_bin * (t_h - start) / cfg->bin_h : 0.0);
        }
        cumulative += in_bin;
    }
    return cumulative;
}

void summary_mean_ci95(const double *values, size_t n, double *low, double *high)
{
    *low = *high = NAN;
    if (n < 2) {
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (!isfinite(values[i])) {
            return;
        }
    }
    double mean = gsl_stats_mean(values, 1, n);
    double half = gsl_cdf_tdist_Pinv(0.975, (double)(n - 1)) * gsl_stats_sd_m(values, 1, n, mean) /
                  sqrt((double)n);
    *low = mean - half;
    *high = mean + half;
}
