/* The runs of a sweep on the threads of one process. A run is one replicate
 * at one point; consecutive runs of the same point are grouped into units
 * that share one world (the graph is built once per unit), and threads take
 * units from a shared counter. Each run's result depends only on (point,
 * replicate), never on which thread or rank ran it, so a sweep gives the same
 * bytes on any number of threads or ranks and after any resume. */
#ifndef AMPLISIM_SWEEP_RUNNER_H
#define AMPLISIM_SWEEP_RUNNER_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../model/config.h"
#include "../model/simulate.h"
#include "../model/summary.h"

struct sweep_task {
    uint32_t point;
    uint32_t replicate;
};

/* What the runner needs from its caller. Both hooks return 0 on success; a
 * non-zero status stops the sweep (the runs under way finish) and is
 * returned by sweep_runner_run. */
struct sweep_runner_hooks {
    /* Fills cfg with point p's scenario (its seed already the point's seed)
     * and builds its world. Called from worker threads, several at a time.
     * On success the runner releases both (world_destroy, config_destroy). */
    int (*build)(void *context, uint32_t point, struct config *cfg, struct world *w);
    /* Called once per finished run, one call at a time. */
    int (*record)(void *context, const struct sweep_task *task, const struct run_figures *f);
    void *context;
};

/* The seed of point p's scenario: a 53-bit seed (a JSON number holds it
 * exactly) derived from the sweep's base seed. Replicate r of the point then
 * draws from the stream (point seed, r), as `amplisim run --seed S
 * --replicate r` does. */
uint64_t sweep_runner_point_seed(uint64_t base_seed, uint32_t point);

/* The share [*begin, *end) of count tasks that rank `rank` of `ranks` runs:
 * contiguous, so each rank builds few worlds, and balanced to within one. */
void sweep_runner_share(size_t count, uint32_t rank, uint32_t ranks, size_t *begin, size_t *end);

/* Runs tasks[0 .. count-1] (grouped by point, as listed) on `threads`
 * threads, figures of story `story` (< 0: all stories), and in each
 * run_figures' extra the runs.csv figures named in outputs[0 .. output_count)
 * (of the story, or of the campaign's total, or with "correction." of the
 * corrections' total: runs_named_value; NaN where the run has no such
 * figure), then its cumulative views at curve_every_h, 2 curve_every_h, ...
 * (curve_count of them; summary_views_at). Stops taking new runs once *stop is non-zero (stop may
 * be NULL). Returns 0, or the first non-zero status a hook returned. */
int sweep_runner_run(const struct sweep_task *tasks, size_t count, uint32_t threads, int story,
                     const char *const *outputs, size_t output_count, double curve_every_h,
                     size_t curve_count, const struct sweep_runner_hooks *hooks,
                     const volatile sig_atomic_t *stop);

#endif
