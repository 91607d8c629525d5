/* A sweep directory as its figures need it: the parameters as axes with
 * their distinct values (levels), each point's level on each axis, its views
 * figures, and the captions. */
#ifndef AMPLISIM_PLOT_SWEEP_TABLE_H
#define AMPLISIM_PLOT_SWEEP_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "../../base/error.h"
#include "../sweep_output.h"
#include "plot.h"

/* One parameter of a sweep and the distinct values it takes (its levels). */
struct plot_sweep_axis {
    char name[PLOT_LABEL_MAX];      /* its column in sweep.csv */
    char file_name[PLOT_LABEL_MAX]; /* the name made safe for a file name */
    char label[PLOT_LABEL_MAX * 3]; /* the axis label: the name, and the JSON path if it differs */
    bool numeric;                   /* every value is a finite number */
    size_t level_count;             /* distinct values */
    double *level_value;            /* ascending values; 0, 1, ... for a categorical parameter */
    char (*level_text)[PLOT_LABEL_MAX]; /* each level as tics and legends show it */
};

/* A sweep directory as the plots need it. */
struct plot_sweep_table {
    char caption[PLOT_LABEL_MAX * 6]; /* "sweep NAME on SCENARIO, R replicates per point, ..." */
    char views_label[PLOT_LABEL_MAX * 2]; /* what "views" counts: the campaign's stories or one */
    size_t axis_count;
    struct plot_sweep_axis *axes;
    size_t point_count;
    double *point; /* sweep.csv's point column */
    size_t *level; /* [point * axis_count + k]: the point's level of parameter k */
    double (*views)[SWEEP_OUTPUT_VIEWS_COUNT]; /* NaN where the cell is empty */
};

/* Reads sweep_csv and sweep_json of the sweep directory dir into t. Numbers
 * are sorted ascending into levels; anything else (a word, true, false) is
 * categorical, its levels in order of first appearance. Returns STATUS_OK or
 * STATUS_BAD_INPUT with err filled; either way release t with
 * plot_sweep_table_destroy. O(points log points) per parameter. */
int plot_sweep_table_read(const char *dir, const char *sweep_json, const char *sweep_csv,
                          struct plot_sweep_table *t, struct error *err);

/* Releases t's memory; accepts a zeroed table. */
void plot_sweep_table_destroy(struct plot_sweep_table *t);

/* The point's level of parameter k. */
size_t plot_sweep_table_level(const struct plot_sweep_table *t, size_t point, size_t k);

/* Where parameter k of the point sits on its axis: the value, or the level's
 * index for a categorical parameter. */
double plot_sweep_table_x(const struct plot_sweep_table *t, size_t point, size_t k);

#endif
