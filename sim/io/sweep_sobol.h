/* A saltelli sweep's Sobol indices (sobol.csv): per figure of the runs and
 * per parameter, the first-order and total indices of the figure's mean
 * over each point's replicates, with 95 % bootstrap intervals
 * (model/sobol.h); and sobol.csv read back for plots. */
#ifndef AMPLISIM_SWEEP_SOBOL_H
#define AMPLISIM_SWEEP_SOBOL_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/strbuf.h"
#include "../model/sobol.h"
#include "sweep.h"
#include "sweep_log.h"

/* The bootstrap's resamples and the fixed seed of its stream, written on
 * every row of sobol.csv. */
#define SWEEP_SOBOL_RESAMPLES 1000u
#define SWEEP_SOBOL_SEED UINT64_C(2010)

/* Appends sobol.csv's text for a saltelli sweep sw (records sorted, point by
 * point, replicates each): a header, then per figure whose point means are
 * all finite one row per parameter. A figure that is not finite at some
 * point (10^6 views never reached in every replicate), or the same at every
 * point (a correction's views where there is none), has no rows. */
void sweep_sobol_csv(struct strbuf *sb, const struct sweep *sw, uint32_t replicates,
                     const struct sweep_record *records);

/* sobol.csv read back. */
struct sweep_sobol_row {
    char figure[32];
    char parameter[64];
    struct sobol_index index;
};

struct sweep_sobol_table {
    struct sweep_sobol_row *rows; /* in the file's order */
    size_t count;
};

/* Reads the sobol.csv at path into t. Returns STATUS_OK, or
 * STATUS_BAD_INPUT with a message naming the file and line; either way
 * release t with sweep_sobol_table_destroy. */
int sweep_sobol_read(const char *path, struct sweep_sobol_table *t, struct error *err);
void sweep_sobol_table_destroy(struct sweep_sobol_table *t);

#endif
