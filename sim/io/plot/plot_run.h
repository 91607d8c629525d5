/* The figures of a run directory (reach, rate, channels_STORY and
 * roles_STORY), and the run helpers the compare figures share. */
#ifndef AMPLISIM_PLOT_RUN_H
#define AMPLISIM_PLOT_RUN_H

#include <stddef.h>

#include "../../base/error.h"
#include "../../base/strbuf.h"
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

/* How a story's line is drawn: a kind total, or the one story of the
 * campaign or of the corrections (which is its kind's total), bold; any other
 * story thin; a kind total of fewer than two stories not at all (it would
 * repeat its one story's line). */
enum plot_run_weight { PLOT_RUN_HIDDEN, PLOT_RUN_THIN, PLOT_RUN_BOLD };

enum plot_run_weight plot_run_story_weight(const struct results_run *t, size_t story);

/* The times already marked on one figure, so that labels at nearby times are
 * set side by side rather than on top of each other. */
#define PLOT_RUN_MARKS_MAX 32
struct plot_run_marks {
    double time_h[PLOT_RUN_MARKS_MAX];
    size_t count;
};

/* Appends, for each intervention of t that fired (a finite median time), a
 * vertical line at its median fire time with a label ("takedown of
 * narrative, median 1.5 h", the fraction of replicates when not all; led by
 * prefix, "A: " in a comparison) in colour. x_max is the figure's last time,
 * to tell which marks are near each other. Returns how many were marked. */
size_t plot_run_mark_interventions(struct strbuf *sb, const struct results_run *t,
                                   const char *prefix, const char *colour, double x_max,
                                   struct plot_run_marks *marks);

/* Writes the run directory run_dir's figures into run_dir/plots (see
 * plot_write_scripts). Returns STATUS_OK, STATUS_BAD_INPUT or STATUS_FAILURE
 * with err filled; the set holds what was written either way. */
int plot_run_write(const char *run_dir, enum plot_format format, struct plot_set *set,
                   struct error *err);

#endif
