/* Durable records of a sweep's finished runs. Each process appends to its
 * own log, DIR/log/rank-K.csv, one line per run with one write(2), so a
 * process killed at any moment (kill -9 included) loses at most the runs
 * under way: what write returned is in the kernel's hands. The log is flushed
 * to disk (fdatasync) at most once a second and when it is closed, so a
 * machine that loses power loses at most the last second's runs; a sweep of
 * many small runs is no longer bound by one disk sync per run (32,000 runs
 * took 114 s of wall for 19 s of CPU). A line carries a checksum; a last line
 * cut short is ignored when read and cut off when the log is reopened.
 *     point,replicate,views,reach,shares,time_to_1e6_h,peak_view_rate_per_h,fnv32
 * with the sweep's "outputs", if any, before the checksum.
 * Numbers are written with 17 significant digits, so they read back exactly
 * and the aggregate of a resumed sweep is the same bytes as an uninterrupted
 * one's. */
#ifndef AMPLISIM_SWEEP_LOG_H
#define AMPLISIM_SWEEP_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "fileio.h"
#include "../model/summary.h"

struct sweep_record {
    uint32_t point;
    uint32_t replicate;
    struct run_figures f;
};

struct sweep_log {
    struct file_log file;
};

/* Opens (creating) DIR/log/rank-K.csv for appending, locked against a second
 * sweep writing the same log, with any partial last line removed. */
int sweep_log_open(struct sweep_log *log, const char *dir, uint32_t rank, struct error *err);

/* Appends one record; flushes the log to disk when a second has passed
 * since the last flush. */
int sweep_log_append(struct sweep_log *log, const struct sweep_record *rec, struct error *err);

/* Flushes what is not yet on disk, then closes the log and its lock. */
void sweep_log_close(struct sweep_log *log);

/* Reads every log in DIR/log: the records of runs of a sweep of `points`
 * points and `replicates` replicates, sorted by (point, replicate), each run
 * once, into *out (release with free: each record's outputs, f.extra, are
 * in the same allocation, after the records). A damaged line (bad checksum, a run
 * outside the sweep) is an error naming the file and line. */
int sweep_log_read_all(const char *dir, uint32_t points, uint32_t replicates,
                       struct sweep_record **out, size_t *count, struct error *err);

#endif
