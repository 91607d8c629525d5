/* The figures of a run directory (reach, rate, channels_STORY and
 * roles_STORY), and the run helpers the compare figures share. */
#ifndef AMPLISIM_PLOT_RUN_H
#define AMPLISIM_PLOT_RUN_H

#include <stddef.h>

#include "../../base/error.h"
#include "../results.h"
#include "plot.h"

/* Reads the run directory dir (results_read_run) and finds its ("total",
 * "all") series; on failure t may hold memory to release with
 * results_run_destroy. */
int plot_run_load(const char *dir, struct results_run *t, size_t *total, struct error *err);

/* A story's name made safe for file names and gnuplot's column headers. */
const char *plot_run_story_file_name(const struct results_story *s, char out[RESULTS_NAME_MAX]);

/* The story's name, with " (correction)" for a correction, in buf. */
const char *plot_run_story_label(const struct results_story *s, char *buf, size_t size);

/* Writes the run directory run_dir's figures into run_dir/plots (see
 * plot_write_scripts). Returns STATUS_OK, STATUS_BAD_INPUT or STATUS_FAILURE
 * with err filled; the set holds what was written either way. */
int plot_run_write(const char *run_dir, enum plot_format format, struct plot_set *set,
                   struct error *err);

#endif
