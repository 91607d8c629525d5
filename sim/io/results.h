/* Result files of a run: timeseries.csv (tidy: one row per story, dimension,
 * key and time bin, with mean, median, p05 and p95 over replicates of each
 * per-bin and cumulative count) and summary.json. Both are built in memory and
 * written atomically. */
#ifndef AMPLISIM_RESULTS_H
#define AMPLISIM_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/config.h"
#include "../model/observe.h"
#include "../model/summary.h"

/* Facts about the run beside the per-replicate figures: the graph's size
 * (reproducible) and the timings (not reproducible). */
struct run_facts {
    uint64_t accounts;        /* accounts in the graph */
    uint64_t edges;           /* stored follower edges (0 for an implicit graph) */
    double wall_seconds;      /* the whole run: graph, replicates, summary */
    double graph_seconds;     /* building the world (population and graph) */
    double simulate_seconds;  /* the replicates */
    bool one_replicate;       /* the run was replicate `replicate` alone (run --replicate) */
    uint32_t replicate;
};

/* Returns timeseries.csv's text (caller frees). Deterministic: a function of
 * the observations alone. */
char *results_timeseries_csv(const struct config *cfg, const struct observation *obs,
                             size_t replicates);

/* Returns summary.json's text (caller frees). Every figure but the *_seconds
 * and events_per_second timings is deterministic. */
char *results_summary_json(const struct config *cfg, const struct summary *sum,
                           const struct run_facts *facts);

/* Writes scenario.json, timeseries.csv and summary.json into dir (created if
 * missing), each atomically. Returns STATUS_OK or STATUS_FAILURE. */
int results_write(const char *dir, const struct config *cfg, const struct observation *obs,
                  size_t replicates, const struct summary *sum, const struct run_facts *facts,
                  struct error *err);

/* One compared figure: its name and each side's value (INFINITY where a
 * threshold was never reached). */
struct compare_figure {
    char name[48];
    double a;
    double b;
};

/* The difference b - a, 0 where both are the same (even infinite), NaN where
 * only one is infinite. */
double compare_difference(const struct compare_figure *f);

/* Writes compare.json (sides, replicates, seed, resilience time, and per
 * figure an object with a, b and diff; null where not finite) and compare.csv
 * (figure,a,b,diff) into dir, atomically. Returns STATUS_OK or STATUS_FAILURE. */
int results_write_compare(const char *dir, const char *const names[2], const char *const files[2],
                          uint32_t replicates, uint64_t seed, double resilience_at_h,
                          const struct compare_figure *f, size_t n, struct error *err);

#endif
