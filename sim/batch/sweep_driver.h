/* The driver of a sweep: every point of a parameter study, on the threads of
 * this process (sweep_runner.h) and, under mpirun, on every rank
 * (ranks.h). Before any run, every point's scenario is built and checked,
 * so a bad value fails at once, and the sweep is fingerprinted. Each
 * finished run is appended to a durable log; a rerun of the same sweep runs
 * only the runs the logs lack; rank 0 writes runs.csv and sweep.csv from the
 * logs at the end. docs/sweep.md describes the files and the cluster
 * set-up. Nothing here prints: failures come back as a status
 * (base/error.h) with the message in a struct error. */
#ifndef AMPLISIM_SWEEP_DRIVER_H
#define AMPLISIM_SWEEP_DRIVER_H

#include <pthread.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../io/sweep.h"
#include "../io/sweep_log.h"
#include "sweep_runner.h"

/* Called after each run this rank finishes, with the runs done and this
 * rank's total, one call at a time. */
typedef void (*sweep_driver_progress_fn)(void *context, size_t done, size_t total);

/* One sweep on this rank, from its checks to its aggregate. */
struct sweep_driver {
    const struct sweep *sw;   /* not owned */
    const char *dir;          /* the output directory; not owned */
    uint32_t threads;
    char *base_text;          /* the base scenario file's text */
    uint32_t replicates;      /* per point: the sweep's, or else the base scenario's */
    uint64_t base_seed;       /* the sweep's, or else the base scenario's */
    uint64_t *point_seed;     /* [point_count] */
    uint64_t fingerprint;     /* of the resolved sweep and every point's scenario */
    int story;                /* the sweep's story index, or -1: the campaign's stories */
    struct sweep_task *tasks; /* the runs the logs lacked, in (point, replicate) order */
    size_t missing;
    size_t begin, end;        /* this rank's share of tasks */
    /* While running: */
    struct sweep_log log;
    size_t done;
    sweep_driver_progress_fn progress;
    void *context;
    pthread_mutex_t lock;     /* guards run_err, which worker threads set; lives while running */
    struct error run_err;     /* the first failure of a run */
};

/* Prepares sw's runs into dir with `threads` threads each: reads the base
 * scenario, resolves the base seed and replicates, checks and fingerprints
 * every point, checks the busy threads fit in memory, lets rank 0 claim dir
 * (sweep_output_claim), and reads the logs for the runs still missing.
 * Collective: every rank calls it; a status other than STATUS_OK is the same
 * on every rank, its message (on rank 0 at least) in err. Release d with
 * sweep_driver_destroy in every case. Cost: parses every point's scenario. */
int sweep_driver_prepare(struct sweep_driver *d, const struct sweep *sw, const char *dir,
                         uint32_t threads, struct error *err);

/* Runs this rank's share of the missing runs, appending each to this rank's
 * log, until done or *stop is set (stop may be NULL; progress too).
 * Collective: returns the same status on every rank, STATUS_INTERRUPTED when
 * any rank was stopped; a failure of this rank's runs has its message in
 * err (other ranks' failures leave err empty). */
int sweep_driver_run(struct sweep_driver *d, sweep_driver_progress_fn progress, void *context,
                     const volatile sig_atomic_t *stop, struct error *err);

/* After every rank has run: rank 0 reads every log and writes runs.csv and
 * sweep.csv, giving the records in *rec ([point_count * replicates], in
 * (point, replicate) order; caller frees; NULL on other ranks).
 * Collective: returns the same status on every rank; a failure's message is
 * in rank 0's err. */
int sweep_driver_finish(struct sweep_driver *d, struct sweep_record **rec, struct error *err);

void sweep_driver_destroy(struct sweep_driver *d);

#endif
