/* How much memory a scenario will need, worked out from the config alone
 * before anything is allocated, so a scenario too large for the machine can
 * be refused up front instead of being killed by the kernel halfway through.
 * The figures are estimates of peak resident memory (within ±15 % of the
 * measured peak on the bundled scenarios and the corners docs/hardening.md
 * lists; a run that posts far more than the allowance memory.c states
 * needs more). */
#ifndef AMPLISIM_MEMORY_H
#define AMPLISIM_MEMORY_H

#include <stdint.h>

#include "config.h"

/* The peak bytes of a run, by what holds them. */
struct memory_estimate {
    double graph;        /* the follower graph and population layout, and what building it
                            needs at its peak (an edge list being read, for a file graph) */
    double per_thread;   /* one replicate thread's workspace: the per-(account, story) state
                            and the event loop's buffers */
    uint32_t threads;    /* replicate threads that will run at once */
    double observations; /* every replicate's counters and the CSV text */
    double total;        /* the peak, with the process's fixed overhead: the counters plus
                            the larger of graph + threads x per_thread (while simulating)
                            and the CSV text (built once the world is freed) */
};

/* Every figure is >= 0 and never NaN; one too large for a double is
 * INFINITY. Estimates the peak memory of running cfg's replicates on `threads` threads
 * (capped at the replicate count). edge_file_bytes is the size of a file
 * graph's edge list (ignored for other sources; 0 if unknown). A pure
 * function of its arguments: O(roles × communities + interventions), or
 * O(roles × communities² + interventions) with a mixing matrix. */
void memory_estimate(const struct config *cfg, uint32_t threads, uint64_t edge_file_bytes,
                     struct memory_estimate *out);

/* The bytes a run's results take on disk (the time series, mostly): what the
 * output directory's disk must have free. O(1). */
double memory_output_bytes(const struct config *cfg);

#endif
