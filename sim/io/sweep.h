/* Sweep files (read by sweep_file.c, expanded by sweep_points.c, design
 * files read by sweep_design.c, written by sweep_write.c): a base scenario
 * and the points of a parameter study. A sweep names parameters by JSON
 * pointer into the scenario and says which values they take: a full grid
 * of listed values or ranges (linear or log), a space-filling Sobol sample
 * of N points (GSL's quasi-random generator), or the rows of a design file
 * (CSV) made by another tool. Reading expands the design into points, each
 * a list of JSON values, one per parameter, so the runner applies a point
 * exactly as `amplisim run --set PATH=VALUE` would.
 * Errors are one line, in the form scenario files use:
 *     FILE:LINE:COL: /json/path: expected <rule>, got <value>
 * docs/sweep.md lists every key and its rule. */
#ifndef AMPLISIM_SWEEP_H
#define AMPLISIM_SWEEP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "scenario.h"

enum sweep_design { SWEEP_GRID, SWEEP_SOBOL, SWEEP_SALTELLI, SWEEP_FILE };

struct sweep_parameter {
    char *name;  /* its column in sweep.csv; the path when the file gives no name */
    char *path;  /* JSON pointer into the scenario, as --set takes it (the first of paths) */
    char **paths;      /* every pointer the value is set at ("paths": one value, several keys) */
    size_t path_count; /* 1 for "path" */
    char *where; /* "FILE:LINE:COL" of the parameter's object in the sweep file */
    char *spec;  /* its value spec as given, compact JSON ({"from":1,"to":9,"count":5}) */
};

struct sweep {
    char *label;         /* the sweep file as named on the command line */
    char *name;          /* "name", or the sweep file's name without ".json" */
    char *scenario_path; /* the base scenario, relative paths resolved against the sweep file's folder */
    char *story;         /* figures of this story only; NULL for the campaign's stories */
    size_t output_count; /* "outputs": runs.csv figures recorded beside the five, by name;
                            RUNS_CORRECTION_PREFIX before one: the corrections' total's */
    char **outputs;      /* [output_count], owned */
    double curve_every_h; /* "curve": cumulative views recorded at every_h, 2 every_h, ... */
    size_t curve_count;   /* ... curve_count of them (0: no curves) */
    bool seed_set;       /* false: use the base scenario's seed */
    uint64_t seed;
    uint32_t replicates; /* 0: use the base scenario's replicates */
    enum sweep_design design;
    char *design_path;   /* SWEEP_FILE: the design file, resolved as scenario_path is; else NULL */
    size_t saltelli_rows; /* SWEEP_SALTELLI: N, the rows of A and B; the points are N (k + 2),
                             row j's A, B and A_B^1 .. A_B^k at j (k + 2) + 0, 1, 2 .. k + 1 */
    size_t parameter_count;
    struct sweep_parameter *parameters;
    size_t fixed_count;               /* "set": overrides applied at every point, first */
    struct scenario_override *fixed;  /* path and value strings owned by the sweep */
    size_t point_count;
    char **values; /* [point_count][parameter_count] JSON text of each value, owned */
    char *value_text; /* the bytes values point into; a grid's points share each axis value */
};

/* Parses sweep text; label names it in messages, base_dir resolves a
 * relative scenario or design-file path (NULL: the current directory).
 * On success sw is initialised (release with sweep_destroy); on failure
 * nothing is left to release and STATUS_BAD_INPUT is returned with err set. */
int sweep_parse(const char *text, const char *label, const char *base_dir, struct sweep *sw,
                struct error *err);

/* Reads the file at path and parses it, resolving paths against its folder. */
int sweep_load(const char *path, struct sweep *sw, struct error *err);

void sweep_destroy(struct sweep *sw);

/* The JSON text of parameter k's value at point p. */
static inline const char *sweep_value(const struct sweep *sw, size_t point, size_t k)
{
    return sw->values[point * sw->parameter_count + k];
}

/* The number of overrides a point has: the fixed ones and every path of
 * every parameter. */
size_t sweep_override_count(const struct sweep *sw);

/* Fills out[0 .. sweep_override_count - 1] with the overrides of point p
 * (the fixed ones first) and returns their number. The strings belong to the
 * sweep. */
size_t sweep_point_overrides(const struct sweep *sw, size_t point, struct scenario_override *out);

/* The resolved sweep as pretty-printed JSON (every key, the expanded points
 * listed), released with free. The same sweep file gives the same bytes. */
char *sweep_to_json(const struct sweep *sw);

#endif
