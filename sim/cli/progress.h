/* The progress line on stderr while replicates or sweep runs finish: shown
 * only on a terminal and unless --quiet, rewritten in place ("\r"), ended
 * with a newline when the last one is done. */
#ifndef AMPLISIM_PROGRESS_H
#define AMPLISIM_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct progress {
    double start; /* clock_seconds() when the work began */
    bool show;    /* stderr is a terminal and --quiet was not given */
    bool rank0;   /* a sweep on several ranks: the counts are rank 0's */
};

/* Starts the clock; shows nothing when quiet or stderr is not a terminal. */
void progress_init(struct progress *p, bool quiet);

/* "replicate 3/10, 1.2 s elapsed, ~2 s left": a replicates_progress_fn
 * (batch/replicates.h) whose context is a struct progress. */
void progress_replicates(void *context, uint32_t done, uint32_t total);

/* "12/40 runs, 3.10 runs/s, ~9 s left" for a sweep's runs on this rank. */
void progress_runs(void *context, size_t done, size_t total);

#endif
