/* Per-replicate figures: for each replicate, each story and each kind total
 * (the campaign: fabricated and leaked stories; the corrections), every
 * figure the summary aggregates over replicates, as one row of numbers. What
 * runs.csv holds and what compare pairs replicate by replicate. Pure
 * computation on observations; the table names its figures, so the writer
 * and the paired comparison walk the same list. */
#ifndef AMPLISIM_RUNS_H
#define AMPLISIM_RUNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "observe.h"

/* The groups of a row after the stories 0 .. story_count - 1. */
enum runs_total { RUNS_CAMPAIGN, RUNS_CORRECTIONS, RUNS_TOTALS };

struct runs_table {
    uint32_t replicates;      /* rows per group */
    uint32_t first_replicate; /* replicate index of row 0 (run --replicate R), then +1 */
    uint64_t seed;            /* the master seed: run --seed seed --replicate r reruns one */
    uint32_t stories;         /* groups = stories + RUNS_TOTALS */
    uint32_t days;            /* views_day_1 .. views_day_<days> */
    uint32_t figures;         /* values per row */
    uint32_t interventions;
    double *values;            /* [replicates][groups][figures] */
    double *intervention_time; /* [replicates][interventions] hours; INFINITY if never */
    double *prevented;         /* [replicates][interventions] views of the target without the
                                  intervention minus with it, same seed; NaN: not measured */
};

/* Fills t from `replicates` observations of cfg, the first being replicate
 * first_replicate. community_size[c] is community c's accounts (for
 * communities reached). Release with runs_table_destroy. O(replicates x
 * stories x (bins + communities)), far below the time series' cost. */
void runs_table_init(struct runs_table *t, const struct config *cfg, const struct observation *obs,
                     uint32_t replicates, uint32_t first_replicate, const uint32_t *community_size);
/* The cumulative count at t_h of a series binned by bin_h: whole bins, then
 * the bin holding t_h pro rata (exact when t_h falls on a bin's end, as
 * whole days do when bin_h divides 24). O(bins). */
double runs_binned_before(const double *bins, uint32_t count, double bin_h, double t_h);

/* Sets only the table's shape for cfg (stories, days, figures,
 * interventions; no rows, nothing to release), so that figure names can be
 * looked up before any run. */
void runs_table_layout(struct runs_table *t, const struct config *cfg);
/* Accepts NULL and a zeroed table. */
void runs_table_destroy(struct runs_table *t);

static inline uint32_t runs_groups(const struct runs_table *t)
{
    return t->stories + RUNS_TOTALS;
}

/* Figure f of replicate row r (0 .. replicates - 1) and group g. */
static inline double runs_value(const struct runs_table *t, uint32_t r, uint32_t g, uint32_t f)
{
    return t->values[((size_t)r * runs_groups(t) + g) * t->figures + f];
}

/* Figure f's column name: "views", "views_day_3", "time_to_1e6_h"... into
 * buf. */
void runs_figure_name(const struct runs_table *t, uint32_t f, char *buf, size_t size);

/* Whether name can be a figure of some runs table: a fixed name
 * ("views", "cascade_depth"...), time_to_1eK_h for K in 1 .. 9, or
 * views_day_N for N >= 1 (a run shorter than N days has no such figure). */
bool runs_figure_name_valid(const char *name);

/* A name "correction.F" stands for figure F of the corrections' total row
 * (what a sweep's outputs call it). */
#define RUNS_CORRECTION_PREFIX "correction."

/* Figure `name` of row r: of group `group`, or with RUNS_CORRECTION_PREFIX
 * of the corrections' total; NaN when the table has no such figure. */
double runs_named_value(const struct runs_table *t, uint32_t r, uint32_t group, const char *name);

/* The figure named name, or -1. */
int runs_figure_find(const struct runs_table *t, const char *name);

/* The group's name for a total ("campaign", "correction"); NULL for a story. */
const char *runs_total_name(const struct runs_table *t, uint32_t g);

/* The target views of intervention iv in row r: its story's, or the
 * campaign's for a suspension or a prebunk (what views prevented counts). */
double runs_intervention_target(const struct runs_table *t, const struct intervention_config *iv,
                                uint32_t r);

#endif
