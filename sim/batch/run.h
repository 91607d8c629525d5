/* One scenario's run, as `amplisim run` does it and the studies and sweeps
 * repeat it: load the scenario (with overrides), check that it fits in
 * memory, build its world (the one place that calls world_init), run its
 * replicates and summarise them. Nothing here prints or exits: a failure
 * comes back as a status (base/error.h) with its message in a struct error,
 * progress through a callback the caller supplies. */
#ifndef AMPLISIM_RUN_H
#define AMPLISIM_RUN_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../io/cascades.h"
#include "../io/results.h"
#include "../io/scenario.h"
#include "../model/memory.h"
#include "../model/simulate.h"
#include "../model/summary.h"
#include "replicates.h"

/* Reads the scenario file, applies the overrides in order and checks every
 * key (io/scenario.h's scenario_load). Returns STATUS_OK with cfg to release
 * with config_destroy, or STATUS_BAD_INPUT with the message in err. */
int run_load(const char *scenario, const struct scenario_override *overrides, size_t count,
             struct config *cfg, struct error *err);

/* The memory a run may use: AMPLISIM_MEMORY_LIMIT (bytes, or with a K, M, G
 * or T suffix) if set, else the machine's physical memory. *source says which
 * in words for a message. Returns STATUS_OK, or STATUS_BAD_INPUT when the
 * variable cannot be read. */
int run_memory_limit(double *bytes, const char **source, struct error *err);

/* Formats a byte count for a message: "820 MiB", "1.5 GiB". */
void run_format_bytes(double bytes, char *out, size_t size);

/* Checks, before any work, that cfg's results can be written to dir (it is
 * or can become a directory, and its disk has room for them; see
 * file_check_out_dir). Creates nothing. Returns STATUS_OK or STATUS_FAILURE
 * with the reason in err. */
int run_check_out_dir(const char *dir, const struct config *cfg, struct error *err);

/* Refuses a scenario whose estimated peak memory (model/memory.h) on
 * `threads` replicate threads exceeds the limit: STATUS_BAD_INPUT with the
 * estimate, what holds it and what to change, named by `label` (the
 * scenario file). Stores the estimate in *out when out is non-NULL. */
int run_check_memory(const char *label, const struct config *cfg, uint32_t threads,
                     struct memory_estimate *out, struct error *err);

/* Builds the world of cfg: reads the edge-list (and attribute) files of a
 * file graph, then lays out accounts and builds the graph. Returns STATUS_OK
 * (release w with world_destroy; cfg must outlive it), or STATUS_BAD_INPUT
 * or STATUS_FAILURE with "label: <message>" in err and nothing to release. */
int run_build_world(const char *label, const struct config *cfg, struct world *w,
                    struct error *err);

/* As run_build_world, on a graph built for a config with the same graph
 * (model/world.h's world_init_on_graph), which must outlive w; NULL: builds
 * its own. Cost: O(actions x candidates) instead of a graph build. */
int run_build_world_on(const char *label, const struct config *cfg, const struct graph *graph,
                       struct world *w, struct error *err);

/* Builds cfg's world only to check it (a file graph's content is input
 * too) and gives its account count; the world is released. Returns as
 * run_build_world. Cost: one graph build. */
int run_check_world(const char *label, const struct config *cfg, uint32_t *accounts,
                    struct error *err);

/* How run_replicates runs. */
struct run_options {
    uint32_t threads;                   /* >= 1 */
    bool one_replicate;                 /* run replicate `replicate` alone (cfg has 1) */
    uint32_t replicate;
    uint32_t attribution;               /* rank this many posting accounts per replicate
                                           (observation.attribution_*); 0: none */
    uint32_t cascades;                  /* export the posts of the first this many
                                           replicates (io/cascades.h); 0: none */
    replicates_progress_fn progress;    /* may be NULL */
    void *context;                      /* the progress callback's */
    const volatile sig_atomic_t *stop;  /* polled; may be NULL */
};

/* What a run produced: every replicate's observations (for the time
 * series), their summary and the facts beside them. */
struct run_result {
    struct observation *obs;  /* [count] */
    uint32_t count;
    struct summary sum;
    struct runs_table runs;   /* every replicate's figures (runs.csv) */
    struct cascades_export cascades; /* the exported posts; keep 0 when not asked for */
    struct run_facts facts;   /* all but wall_seconds, which the caller times */
};

/* Builds cfg's world, runs its replicates (or the one replicate) and
 * summarises them; the world is released before returning, so a caller's
 * next run never holds two graphs. Returns STATUS_OK with out filled;
 * STATUS_INTERRUPTED once *stop is set (out then holds nothing to use); or
 * run_build_world's failure. Release out with run_result_destroy in every
 * case. Cost: one graph build plus cfg->replicates simulations. */
int run_replicates(const char *label, const struct config *cfg, const struct run_options *opt,
                   struct run_result *out, struct error *err);
void run_result_destroy(struct run_result *r);

/* Builds cfg's world and summarises its replicates into sum (release with
 * summary_destroy) without keeping the observations: for runs whose figures
 * matter, not their time series. When runs is non-NULL it also receives the
 * per-replicate figures (release with runs_table_destroy; zeroed unless
 * STATUS_OK). Returns STATUS_OK, STATUS_INTERRUPTED (sum then empty) or
 * run_build_world's failure (sum untouched). */
int run_summarise(const char *label, const struct config *cfg, uint32_t threads,
                  const volatile sig_atomic_t *stop, struct summary *sum, struct runs_table *runs,
                  struct error *err);

#endif
