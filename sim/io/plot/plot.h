/* Plots of a run, compare, study or sweep directory: reads its
 * timeseries.csv and summary.json (or compare.json and a/, b/; or
 * study.json; or sweep.json and sweep.csv) and
 * writes, into DIR/plots/, one whitespace-separated data file (NAME.dat) and
 * one readable gnuplot script (NAME.gp) per plot. Running gnuplot on the
 * scripts is the caller's business (cli/), so this module runs nothing. */
#ifndef AMPLISIM_PLOT_H
#define AMPLISIM_PLOT_H

#include <stdbool.h>
#include <stddef.h>

#include "../../base/error.h"

enum plot_format { PLOT_PNG, PLOT_SVG, PLOT_PDF };

/* Parses "png", "svg" or "pdf"; returns 0 on success, -1 otherwise. */
int plot_format_parse(const char *text, enum plot_format *out);

/* The image file's extension without the dot: "png", "svg" or "pdf". */
const char *plot_format_extension(enum plot_format format);

#define PLOT_NAME_MAX 96
#define PLOT_LABEL_MAX 64 /* names and labels as the figures keep them */

/* The plots written: their directory and their names (NAME.dat, NAME.gp and,
 * once gnuplot has run in dir, NAME.<extension>). Release with
 * plot_set_destroy. */
struct plot_set {
    char *dir; /* DIR/plots */
    char (*names)[PLOT_NAME_MAX];
    char **captions; /* [count]: what each figure shows, for report.pdf */
    size_t count;
    bool report; /* report.gp was written (--format pdf): draws report.pdf */
};

/* Writes DIR/plots/NAME.dat and NAME.gp, atomically, for a run directory
 * (DIR/timeseries.csv), or else a compare directory (DIR/compare.json), or
 * else a study directory (DIR/study.json), or else a sweep directory
 * (DIR/sweep.json and DIR/sweep.csv).
 * A run directory: reads timeseries.csv (columns found by header name) and
 * summary.json (scenario name, replicates, story names and kinds); plots reach
 * (cumulative views and reach per story with the 5-95 % band), rate (views
 * per hour per story), channels_STORY and roles_STORY (stacked views per bin
 * by channel and by poster role).
 * A compare directory: reads compare.json (scenario names, replicates,
 * resilience_at_h, the resilience rows) and the run directories DIR/a and
 * DIR/b; plots compare_reach (cumulative views per side and story with the
 * 5-95 % band) and resilience (views left with each suspension, per side:
 * the mean over paired replicates with its 95 % confidence band).
 * A study directory: reads study.json (amplisim study); plots
 * prevented_vs_delay (the campaign's views each intervention prevented
 * against its delay, one line per intervention through the means over
 * paired replicates with their 95 % interval as a band, and the baseline's
 * mean views as the ceiling).
 * A sweep directory: reads sweep.csv (the parameters are the columns between
 * "point" and "seed"; numbers, or else categorical words such as lognormal or
 * true) and sweep.json (the caption: the sweep's name or else the
 * directory's, the base scenario, replicates, design; the story; each
 * parameter's path). Plots views_vs_PARAM per parameter (median views with
 * the 5-95 % band and, up to 3 lines, the mean's 95 % CI as bars; one line
 * per combination of the other parameters' values up to 6, else one marker
 * per point with its 5-95 % range) and, with two parameters or more,
 * heatmap_P1_P2 of the first two (cells for a full grid, labelled up to 100,
 * else markers coloured by the median; where points share a pair of values
 * the median of their medians). Log axes where all values are positive and
 * span more than 20 times (x) or 100 times (colour); log views when every
 * median is at least 1.
 * Each script writes NAME.<extension> into the plots directory when run
 * there (`gnuplot NAME.gp`). With PLOT_PDF, also report.gp, which draws every
 * figure into one multi-page report.pdf, each page under its caption
 * (gnuplot_write_report).
 * Figures over time mark the median time of each intervention that fired;
 * kind totals ("(campaign)", "(corrections)") are drawn bold over thin
 * per-story lines; log axes start at the smallest positive value drawn.
 * Returns STATUS_OK with set filled (caller releases it with
 * plot_set_destroy), STATUS_BAD_INPUT when dir is none of the four kinds
 * of directory or its files do not parse, STATUS_FAILURE when a file cannot
 * be written; on failure err is filled and there is nothing to release. */
int plot_write_scripts(const char *dir, enum plot_format format, struct plot_set *set,
                       struct error *err);

/* Releases the set's memory; accepts NULL and a zeroed set. */
void plot_set_destroy(struct plot_set *set);

#endif
