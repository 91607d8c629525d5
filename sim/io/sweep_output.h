/* A sweep's output directory: sweep.json names the sweep that owns it (by a
 * fingerprint of the resolved sweep and every point's resolved scenario), so
 * a rerun of the same sweep resumes there and a different sweep is refused;
 * at the end runs.csv lists every run and sweep.csv aggregates each point.
 * Both are written atomically, from the run logs, never from memory, so a
 * resumed sweep writes the same bytes as an uninterrupted one. */
#ifndef AMPLISIM_SWEEP_OUTPUT_H
#define AMPLISIM_SWEEP_OUTPUT_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "sweep.h"
#include "sweep_log.h"


/* Makes dir the output of this sweep: creates it and writes sweep.json, or
 * accepts it when its sweep.json has the same fingerprint. A directory of
 * another sweep, or one that is not empty and holds no sweep.json, is
 * refused with STATUS_BAD_INPUT and a message saying what to do. */
int sweep_output_claim(const char *dir, const struct sweep *sw, uint64_t base_seed,
                       uint32_t replicates, uint64_t fingerprint, struct error *err);

/* Writes runs.csv and sweep.csv from the complete, sorted records
 * (point_count x replicates of them). point_seed[p] is point p's seed. */
int sweep_output_write(const char *dir, const struct sweep *sw, const uint64_t *point_seed,
                       uint32_t replicates, const struct sweep_record *records, struct error *err);

#endif
