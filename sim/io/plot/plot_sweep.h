/* The figures of a sweep directory: views_vs_PARAM and the heatmap. */
#ifndef AMPLISIM_PLOT_SWEEP_H
#define AMPLISIM_PLOT_SWEEP_H

#include "../../base/error.h"
#include "plot.h"

/* Reads sweep_json and sweep_csv of the sweep directory sweep_dir and writes
 * its figures into sweep_dir/plots (see plot_write_scripts). Returns
 * STATUS_OK, STATUS_BAD_INPUT or STATUS_FAILURE with err filled; the set
 * holds what was written either way. */
int plot_sweep_write(const char *sweep_dir, const char *sweep_json, const char *sweep_csv,
                     enum plot_format format, struct plot_set *set, struct error *err);

#endif
