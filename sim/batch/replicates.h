/* Replicates of one scenario on T threads. Replicate r always draws from the
 * stream (seed, r) and writes its own observation slot, so the results are
 * the same bytes whatever the thread count or the order threads finish in. */
#ifndef AMPLISIM_REPLICATES_H
#define AMPLISIM_REPLICATES_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/observe.h"
#include "../model/simulate.h"

/* Called after each finished replicate with the number done so far, from the
 * worker thread that finished it, one call at a time. May be NULL. */
typedef void (*replicates_progress_fn)(void *context, uint32_t done, uint32_t total);

/* Called after each finished replicate, from the worker thread that ran it,
 * with the workspace still holding its state (its cascade forest): calls
 * for different replicates may run at the same time. May be NULL. */
typedef void (*replicates_after_fn)(void *context, uint32_t replicate, const struct workspace *ws);

/* Runs replicates 0 .. count-1 of the world's scenario with master seed
 * `seed` on `threads` threads (>= 1; more than count are not started),
 * filling obs[0 .. count-1], each already sized with observation_init, and
 * calling after(after_context, r, ws) once replicate r is done.
 * `stop` (may be NULL) is polled: once it is non-zero (a signal handler sets
 * it) no replicate starts and running ones are abandoned within a time
 * slice. Returns the number of replicates finished: count, or fewer when
 * stopped, and then the observations are incomplete and to be discarded. */
uint32_t replicates_run(const struct world *w, uint64_t seed, uint32_t count, uint32_t threads,
                        struct observation *obs, replicates_progress_fn progress, void *context,
                        replicates_after_fn after, void *after_context,
                        const volatile sig_atomic_t *stop);

/* As replicates_run, for replicates first .. first + count - 1 (drawing
 * from the streams (seed, first + i)) into obs[0 .. count - 1]: a share of
 * the replicates, the same bytes whoever runs it. progress and after are
 * not offered: the fit, which shares replicates over MPI ranks, needs
 * neither. */
uint32_t replicates_run_share(const struct world *w, uint64_t seed, uint32_t first, uint32_t count,
                              uint32_t threads, struct observation *obs,
                              const volatile sig_atomic_t *stop);

#include "../model/runs.h"
#include "../model/summary.h"

/* Runs the world's scenario (its replicates and seed) on `threads` threads
 * and summarises it into out (release with summary_destroy), and when runs
 * is non-NULL its per-replicate figures into runs (runs_table_destroy); the
 * per-replicate observations are freed. For callers that need figures, not
 * time series.
 * `stop` as for replicates_run; returns the replicates finished, and when
 * that is fewer than the scenario's, out holds figures to discard. */
uint32_t replicates_summarise(const struct world *w, uint32_t threads, struct summary *out,
                              struct runs_table *runs, const volatile sig_atomic_t *stop);

#endif
