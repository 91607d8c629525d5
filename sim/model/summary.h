/* Figures over replicates: for each per-replicate figure its mean, median and
 * 5 % / 95 % quantiles (GSL's linear interpolation between order
 * statistics), with a 90 % interval for the median itself (how sure the
 * replicates make it), per story, per story kind and for the campaign (its fabricated
 * and leaked stories): a correction's views are never added to the
 * campaign's. Pure computation on observations. */
#ifndef AMPLISIM_SUMMARY_H
#define AMPLISIM_SUMMARY_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "observe.h"
#include "paired.h"

/* Four figures of the replicates' spread, and the median's own 90 %
 * interval: [x_(j), x_(n+1-j)] for the largest j with P(Bin(n, 1/2) < j)
 * <= 0.05, which covers the true median with probability >= 0.90 whatever
 * the law (order statistics; NaN for fewer than 5 replicates). */
struct stat4 {
    double mean;
    double median;
    double p05;
    double p95;
    double median_low, median_high;
};

/* Sorts values (n >= 1) in place and summarises them. +INFINITY is allowed
 * (a threshold never reached) and propagates to the figures it touches. */
void summary_stat4(double *values, size_t n, struct stat4 *out);

struct story_summary {
    enum story_kind kind;
    struct stat4 views, reach, shares, posts;
    struct stat4 time_to_views[OBSERVE_DECADES]; /* hours to 10^(k+1) views */
    double reached_fraction[OBSERVE_DECADES];    /* replicates that got there */
    struct stat4 peak_view_rate_per_h;           /* largest bin's views / bin_h */
    struct stat4 peak_time_h;                    /* start of that bin */
    struct stat4 max_depth, structural_virality, largest_tree;
    struct stat4 communities_reached;
    double views_by_channel[CHANNEL_COUNT];      /* fractions of all views */
    double views_by_role[ROLE_COUNT + 1];        /* by poster role, then the platform */
};

struct intervention_summary {
    struct stat4 time_h;       /* when it fired; null where it had not */
    double fired_fraction;     /* replicates in which it fired */
    double views_prevented;    /* mean views of its target story (all stories for a
                                  suspension) without it minus with it, on the same
                                  seeds; NaN until a caller measures it */
    struct paired prevented;   /* replicate by replicate: a = views of its target
                                  without it, b = with it (so b - a is minus the views
                                  prevented); pairs 0 until a caller measures it */
};

/* Totals over a group of stories; reach counts each account once. */
struct kind_totals {
    uint32_t stories; /* stories in the group */
    struct stat4 views, reach, shares;
};

struct summary {
    uint32_t replicates;
    struct stat4 views, reach, shares;  /* the campaign's: its fabricated and leaked stories
                                           (never corrections or genuine stories); reach
                                           counts accounts once */
    uint32_t campaign_stories;          /* how many stories those are */
    struct kind_totals kinds[STORY_KIND_COUNT]; /* per story kind */
    struct stat4 reach_any;             /* accounts that saw any story */
    uint64_t events;                    /* summed over replicates */
    size_t story_count;
    struct story_summary *stories;      /* [story_count] */
    size_t intervention_count;
    struct intervention_summary *interventions; /* [intervention_count] */
};

/* Summarises `replicates` observations of cfg. community_size[c] is the
 * number of accounts in community c (for communities_reached). Release with
 * summary_destroy. */
void summary_compute(struct summary *out, const struct config *cfg, const struct observation *obs,
                     size_t replicates, const uint32_t *community_size);
void summary_destroy(struct summary *s);

/* The figures a sweep records for one replicate: of story `story`, or of
 * the campaign's stories (fabricated and leaked) together when story < 0
 * (reach then counts accounts once; time to 10^6 views is read off the
 * summed binned curve, interpolated linearly within the bin, while a single
 * story's is exact to the event). */
/* A sweep run's extra figures: its "outputs", then its "curve" values. */
#define RUN_FIGURES_OUTPUTS_MAX 16
#define RUN_FIGURES_CURVE_MAX 64
#define RUN_FIGURES_EXTRA_MAX (RUN_FIGURES_OUTPUTS_MAX + RUN_FIGURES_CURVE_MAX)
struct run_figures {
    double views, reach, shares;
    double time_to_1e6_h;        /* +INFINITY if never */
    double peak_view_rate_per_h; /* largest bin's views / bin_h */
    size_t extra_count;          /* a sweep's "outputs": runs.csv figures asked for by name, */
    const double *extra;         /* in its order (NaN: not defined in this run), then its
                                    "curve" values; not owned: kept out of line, so that a
                                    sweep's records stay small */
};

void summary_run_figures(const struct config *cfg, const struct observation *obs, int story,
                         struct run_figures *out);

/* The cumulative views at t_h of story `story` (< 0: the campaign's stories
 * together), read off the binned curve and interpolated linearly within
 * the bin, as the time to 10^6 views is; past the last bin, every view.
 * O(bins x stories). */
double summary_views_at(const struct config *cfg, const struct observation *obs, int story,
                        double t_h);

/* The 95 % confidence interval of the mean of n values (Student's t with
 * n - 1 degrees of freedom). NaN bounds when n < 2 or a value is not finite. */
void summary_mean_ci95(const double *values, size_t n, double *low, double *high);

#endif
