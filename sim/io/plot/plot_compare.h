/* The figures of a compare directory: compare_reach and resilience. */
#ifndef AMPLISIM_PLOT_COMPARE_H
#define AMPLISIM_PLOT_COMPARE_H

#include "../../base/error.h"
#include "plot.h"

/* Reads compare_json and the run directories compare_dir/a and
 * compare_dir/b, and writes the figures into compare_dir/plots (see
 * plot_write_scripts). Returns STATUS_OK, STATUS_BAD_INPUT or STATUS_FAILURE
 * with err filled; the set holds what was written either way. */
int plot_compare_write(const char *compare_dir, const char *compare_json, enum plot_format format,
                       struct plot_set *set, struct error *err);

#endif
