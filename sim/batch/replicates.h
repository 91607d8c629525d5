/* Replicates of one scenario on T threads. Replicate r always draws from the
 * stream (seed, r) and writes its own observation slot, so the results are
 * the same bytes whatever the thread count or the order threads finish in. */
#ifndef AMPLISIM_REPLICATES_H
#define AMPLISIM_REPLICATES_H

#include <stddef.h>
#include <stdint.h>

#include "../model/observe.h"
#include "../model/simulate.h"

/* Called after each finished replicate with the number done so far, from the
 * worker thread that finished it, one call at a time. May be NULL. */
typedef void (*replicates_progress_fn)(void *context, uint32_t done, uint32_t total);

/* Runs replicates 0 .. count-1 of the world's scenario with master seed
 * `seed` on `threads` threads (>= 1; more than count are not started),
 * filling obs[0 .. count-1], each already sized with observation_init. */
void replicates_run(const struct world *w, uint64_t seed, uint32_t count, uint32_t threads,
                    struct observation *obs, replicates_progress_fn progress, void *context);

#include "../model/summary.h"

/* Runs the world's scenario (its replicates and seed) on `threads` threads
 * and summarises it into out (release with summary_destroy); the per-replicate
 * observations are freed. For callers that need figures, not time series. */
void replicates_summarise(const struct world *w, uint32_t threads, struct summary *out);

#endif
