/* The durable log of a fit's evaluations, DIR/evals.log: one line per
 * evaluation, written with one write(2), so a fit killed at any moment
 * (kill -9 included) loses at most the evaluation under way. A rerun of the
 * same fit replays the logged evaluations in order instead of simulating
 * them again (the fit's algorithms are deterministic given the distances,
 * so the replay takes the same path) and continues from there. The first
 * line names the fit's fingerprint, so a log is never replayed into another
 * fit. Lines, after it:
 *     eval,phase,x_1..x_k,distance,s_1..s_m,fnv32
 * with numbers in 17 significant digits (they read back exactly) and a
 * checksum; a last line cut short is ignored when read and cut off when the
 * log is reopened. Flushed to disk at most once a second and when closed,
 * as sweep logs are (sweep_log.h). */
#ifndef AMPLISIM_FIT_LOG_H
#define AMPLISIM_FIT_LOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "fileio.h"

#define FIT_LOG_PHASE_MAX 16

/* One evaluation: the parameters in their own units, the distance and the
 * simulated statistics. */
struct fit_log_record {
    char phase[FIT_LOG_PHASE_MAX]; /* "nm", "curvature", "abc" */
    double *x;                     /* [parameters] */
    double distance;
    double *stats;  /* [statistics] */
    double *points; /* [points] curvature only: log(1 + the simulated median) at each
                       observed time of each curve, in order; else NULL */
};

/* Whether a phase's records carry the curve points. */
bool fit_log_phase_has_points(const char *phase);

struct fit_log {
    struct file_log file;
    size_t parameters, statistics, points;
};

/* Reads DIR/evals.log when it exists: its records into *out ([*count],
 * release with fit_log_records_free), checking the fingerprint line against
 * `fingerprint`. No log: *count 0, STATUS_OK. A log of another fit is
 * STATUS_BAD_INPUT; a damaged line STATUS_FAILURE naming file and line. */
int fit_log_read(const char *dir, const char *fingerprint, size_t parameters, size_t statistics,
                 size_t points, struct fit_log_record **out, size_t *count, struct error *err);
void fit_log_records_free(struct fit_log_record *rec, size_t count);

/* Opens (creating, with its fingerprint line) DIR/evals.log for appending,
 * locked against a second fit writing it, with a partial last line cut. */
int fit_log_open(struct fit_log *log, const char *dir, const char *fingerprint, size_t parameters,
                 size_t statistics, size_t points, struct error *err);

/* Appends evaluation `index`. */
int fit_log_append(struct fit_log *log, size_t index, const struct fit_log_record *rec,
                   struct error *err);

/* Flushes and closes; accepts a log never opened (fd -1). */
void fit_log_close(struct fit_log *log);

#endif
