/* The terminal progress line of progress.h. */
#define _POSIX_C_SOURCE 200809L
#include "progress.h"

#include <stdio.h>
#include <unistd.h>

#include "base/clock.h"

void progress_init(struct progress *p, bool quiet)
{
    p->start = clock_seconds();
    p->show = !quiet && isatty(STDERR_FILENO);
    p->rank0 = false;
}

/* The last call ends the line, so what follows starts on its own. */
static void end_line(size_t done, size_t total)
{
    if (done == total) {
        fputc('\n', stderr);
    }
    fflush(stderr);
}

void progress_replicates(void *context, uint32_t done, uint32_t total)
{
    const struct progress *p = context;
    if (!p->show) {
        return;
    }
    double elapsed = clock_seconds() - p->start;
    double left = done ? elapsed * (total - done) / done : 0.0;
    fprintf(stderr, "\ramplisim: replicate %u/%u, %.1f s elapsed, ~%.0f s left   ", done, total,
            elapsed, left);
    end_line(done, total);
}

void progress_runs(void *context, size_t done, size_t total)
{
    const struct progress *p = context;
    if (!p->show) {
        return;
    }
    double elapsed = clock_seconds() - p->start;
    double rate = elapsed > 0 ? (double)done / elapsed : 0.0;
    double left = rate > 0 ? (double)(total - done) / rate : 0.0;
    fprintf(stderr, "\ramplisim: %zu/%zu runs%s, %.2f runs/s, ~%.0f s left   ", done, total,
            p->rank0 ? " on rank 0" : "", rate, left);
    end_line(done, total);
}
