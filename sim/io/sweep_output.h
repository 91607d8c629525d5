/* A sweep's output directory: sweep.json names the sweep that owns it (by a
 * fingerprint of the resolved sweep and every point's resolved scenario), so
 * a rerun of the same sweep resumes there and a different sweep is refused;
 * at the end runs.csv lists every run and sweep.csv aggregates each point.
 * Both are written atomically, from the run logs, never from memory, so a
 * resumed sweep writes the same bytes as an uninterrupted one. The readers
 * beside the writers read sweep.csv and sweep.json back for plots. */
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
 * (point_count x replicates of them), and for a saltelli design sobol.csv
 * (sweep_sobol.h). point_seed[p] is point p's seed. */
int sweep_output_write(const char *dir, const struct sweep *sw, const uint64_t *point_seed,
                       uint32_t replicates, const struct sweep_record *records, struct error *err);

/* The figures each run logs and runs.csv and sweep.csv hold: "views",
 * "reach", "shares", "time_to_1e6_h", "peak_view_rate_per_h", in order, then
 * the sweep's outputs (sw->outputs, in run_figures' extra). Figure k's name
 * and value (NaN for an output the run does not have). */
#define SWEEP_OUTPUT_FIGURES 5
int sweep_output_figure_count(const struct sweep *sw);
const char *sweep_output_figure_name(const struct sweep *sw, int k);
double sweep_output_figure(const struct run_figures *f, int k);

/* ---- Reading sweep.csv and sweep.json back ---- */

/* The views columns of sweep.csv read back, found by header name. */
enum sweep_output_views {
    SWEEP_OUTPUT_VIEWS_MEAN,
    SWEEP_OUTPUT_VIEWS_MEDIAN,
    SWEEP_OUTPUT_VIEWS_P05,
    SWEEP_OUTPUT_VIEWS_P95,
    SWEEP_OUTPUT_VIEWS_CI_LOW,
    SWEEP_OUTPUT_VIEWS_CI_HIGH,
    SWEEP_OUTPUT_VIEWS_COUNT
};

/* sweep.csv read back: the parameters are the columns between "point" and
 * "seed"; the other figures are not kept. */
struct sweep_output_table {
    size_t parameter_count;
    char **parameter; /* the parameters' column names, each owned */
    size_t point_count;
    double *point;                             /* the point column */
    char **value;                              /* [point * parameter_count + k]: the cell, owned */
    double (*views)[SWEEP_OUTPUT_VIEWS_COUNT]; /* NaN where the cell is empty */
};

/* Reads the sweep.csv at path (cells as csv.h's CSV_QUOTES reads them) into
 * t. Returns STATUS_OK, or STATUS_BAD_INPUT with a message naming the file,
 * line and rule; either way release t with sweep_output_table_destroy. */
int sweep_output_read_csv(const char *path, struct sweep_output_table *t, struct error *err);

/* Releases t's memory; accepts NULL and a zeroed table. */
void sweep_output_table_destroy(struct sweep_output_table *t);

/* What sweep.json says about the sweep, as far as plots need it; each
 * string owned, NULL where sweep.json has none. */
struct sweep_output_about {
    char *name;        /* /sweep/name */
    char *scenario;    /* /sweep/scenario, the base scenario's path */
    char *story;       /* /sweep/story */
    char *design;      /* /sweep/design/type, or /sweep/design when a string */
    double replicates; /* /replicates when positive, else /sweep/replicates; NaN if neither */
    size_t parameter_count;
    char **parameter_name; /* the /sweep/parameters that have both a name and a path */
    char **parameter_path;
};

/* Reads the sweep.json at path into about. Returns STATUS_OK, or
 * STATUS_BAD_INPUT when it cannot be read or is not JSON; either way
 * release about with sweep_output_about_destroy. */
int sweep_output_read_json(const char *path, struct sweep_output_about *about, struct error *err);

/* Releases about's memory; accepts NULL and a zeroed about. */
void sweep_output_about_destroy(struct sweep_output_about *about);

#endif
