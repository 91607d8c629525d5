/* Result files of a run: timeseries.csv (tidy: one row per story, dimension,
 * key and time bin, with mean, median, p05 and p95 over replicates of each
 * per-bin and cumulative count) and summary.json. Both are built in memory and
 * written atomically. */
#ifndef AMPLISIM_RESULTS_H
#define AMPLISIM_RESULTS_H

#include <stddef.h>
#include <stdint.h>

#include "../engine/error.h"
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

#endif
