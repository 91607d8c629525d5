/* The figure of a study directory (amplisim study): prevented_vs_delay. */
#ifndef AMPLISIM_PLOT_STUDY_H
#define AMPLISIM_PLOT_STUDY_H

#include "../../base/error.h"
#include "plot.h"

/* Reads study_json and writes prevented_vs_delay into study_dir/plots (see
 * plot_write_scripts). Returns STATUS_OK, STATUS_BAD_INPUT or
 * STATUS_FAILURE with err filled; the set holds what was written either
 * way. */
int plot_study_write(const char *study_dir, const char *study_json, enum plot_format format,
                     struct plot_set *set, struct error *err);

#endif
