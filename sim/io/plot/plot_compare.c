/* The figures of a compare directory: compare_reach (cumulative views per
 * side and story) and resilience (views left with each suspension, with the
 * confidence band over replicates). */
#include "plot_compare.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "../results.h"
#include "gnuplot.h"
#include "plot_run.h"

static void compare_title(struct strbuf *title, const struct results_compare *c, const char *what)
{
    strbuf_printf(title, "A %s vs B %s: %s (%.0f replicates)", c->name[0], c->name[1], what,
                  c->replicates);
}

/* Colour families: blues for side a, reds for side b, one shade per story. */
static const char *side_colour(int side, size_t story)
{
    static const char *const shades[2][4] = {
        {"#1f4e99", "#4a90d9", "#0b7a8a", "#7fa7e0"},
        {"#b2182b", "#e66101", "#c51b7d", "#f4a582"},
    };
    return shades[side][story % 4];
}

/* Cumulative views of each (side, story) over time, median and 5-95 % band:
 * one data block per pair (gnuplot's `index`), so the sides may differ in
 * stories and time bins. */
static int write_compare_reach(const struct results_run t[2], const size_t total[2],
                               const struct results_compare *c, enum plot_format format,
                               struct plot_set *set, struct error *err)
{
    static const char name[] = "compare_reach";
    static const char columns[] = "1 side, 2 story, 3 time_h, 4 cum_views_median, "
                                  "5 cum_views_p05, 6 cum_views_p95; one block per side "
                                  "and story";
    struct strbuf dat, gp, title;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_printf(&dat, "# side story time_h cum_views_median cum_views_p05 cum_views_p95\n");
    compare_title(&title, c, "cumulative views per story, median with the 5-95 % band");
    gnuplot_preamble(&gp, format, name,
                     "cumulative views per side and story, median with the 5-95 % band", columns,
                     title.data);
    strbuf_printf(&gp, "set xlabel 'time since the start (h)'\n"
                       "set ylabel 'cumulative views, log scale'\n"
                       "set key bottom right box opaque\nset grid\nset xrange [0:*]\n"
                       "set logscale y\n"
                       "# The log axis starts at 1: counts below 1 (nothing yet) are drawn at 1.\n"
                       "floor1(x) = (x >= 1 ? x : 1)\n"
                       "set style fill transparent solid 0.15 noborder\n"
                       "plot \\\n");
    static const char side_name[2] = {'a', 'b'};
    size_t block = 0;
    char label[PLOT_LABEL_MAX + 16], file[RESULTS_NAME_MAX];
    for (int side = 0; side < 2; side++) {
        const struct results_run *r = &t[side];
        for (size_t s = 0; s < r->story_count; s++, block++) {
            if (block > 0) {
                strbuf_printf(&dat, "\n\n");
                strbuf_printf(&gp, ", \\\n");
            }
            for (size_t b = 0; b < r->time_count; b++) {
                const double *v = results_run_cell(r, s, total[side], b);
                strbuf_printf(&dat, "%c %s", side_name[side],
                              plot_run_story_file_name(&r->stories[s], file));
                gnuplot_number(&dat, r->times[b]);
                gnuplot_number(&dat, v[RESULTS_CUM_VIEWS_MEDIAN]);
                gnuplot_number(&dat, v[RESULTS_CUM_VIEWS_P05]);
                gnuplot_number(&dat, v[RESULTS_CUM_VIEWS_P95]);
                strbuf_printf(&dat, "\n");
            }
            const char *colour = side_colour(side, s);
            strbuf_printf(&gp,
                          "  '%s.dat' index %zu using 3:(floor1($5)):(floor1($6)) with "
                          "filledcurves lc rgb '%s' notitle, \\\n"
                          "  '%s.dat' index %zu using 3:(floor1($4)) with lines lw 2 lc rgb "
                          "'%s' title ",
                          name, block, colour, name, block, colour);
            title.len = 0;
            strbuf_printf(&title, "%c %s: %s", side_name[side] - 'a' + 'A', c->name[side],
                          plot_run_story_label(&r->stories[s], label, sizeof label));
            gnuplot_quote(&gp, title.data);
        }
    }
    strbuf_printf(&gp, "\n");
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    return status;
}

/* Views left with each suspension, one line per side through the means
 * with their 95 % confidence band and error bars, from compare.json's
 * resilience rows: one position per row on the x axis (top 1, top 10, ...,
 * or a whole role), since a role has no k. */
static int write_resilience(const struct results_compare *c, enum plot_format format,
                            struct plot_set *set, struct error *err)
{
    static const char name[] = "resilience";
    struct strbuf dat, gp, title, what;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_init(&what);
    strbuf_printf(&dat, "# row label a_mean a_ci95_low a_ci95_high b_mean b_ci95_low "
                        "b_ci95_high a_median b_median\n");
    for (size_t i = 0; i < c->row_count; i++) {
        const struct results_left_row *r = &c->rows[i];
        strbuf_printf(&dat, "%zu \"%s\"", i + 1, r->label);
        /* 17 digits, so the figures read back exactly as compare.json has them. */
        for (int side = 0; side < 2; side++) {
            gnuplot_number_digits(&dat, r->mean[side], 17);
            gnuplot_number_digits(&dat, r->ci95_low[side], 17);
            gnuplot_number_digits(&dat, r->ci95_high[side], 17);
        }
        gnuplot_number_digits(&dat, r->median[0], 17);
        gnuplot_number_digits(&dat, r->median[1], 17);
        strbuf_printf(&dat, "\n");
    }
    strbuf_printf(&what, "views left after suspending accounts (%s) at %g h",
                  c->resilience_by[0] ? c->resilience_by : "top by followers",
                  c->resilience_at_h);
    compare_title(&title, c, what.data);
    gnuplot_preamble(&gp, format, name, what.data,
                     "1 row, 2 label, 3-5 a mean, ci95_low, ci95_high, 6-8 the same for b, "
                     "9 a median, 10 b median (fractions of the views without suspension, "
                     "paired replicate by replicate)",
                     title.data);
    strbuf_printf(&gp,
                  "set xlabel 'accounts suspended'\n"
                  "set ylabel 'views left (mean over replicates, 95 %% CI)'\n"
                  "set key bottom left box opaque\nset grid\n"
                  "set xrange [0.5:%zu.5]\nset yrange [0:*]\n"
                  "set style fill transparent solid 0.15 noborder\n"
                  "# Each side's error bars are nudged apart so that they do not overlap.\n"
                  "plot \\\n",
                  c->row_count);
    for (int side = 0; side < 2; side++) {
        int col = 3 + 3 * side;
        double nudge = side ? 0.02 : -0.02;
        const char *colour = side_colour(side, 0);
        strbuf_printf(&gp,
                      "%s  '%s.dat' using 1:%d:%d with filledcurves lc rgb '%s' notitle, \\\n"
                      "  '%s.dat' using ($1%+g):%d:%d:%d with yerrorbars pt %d ps 1.2 lc rgb '%s' "
                      "notitle, \\\n"
                      "  '%s.dat' using 1:%d%s with lines lw 2 lc rgb '%s' title ",
                      side ? ", \\\n" : "", name, col + 1, col + 2, colour, name, nudge, col,
                      col + 1, col + 2, side ? 5 : 7, colour, name, col, side ? "" : ":xtic(2)",
                      colour);
        title.len = 0;
        strbuf_printf(&title, "%c %s", 'A' + side, c->name[side]);
        gnuplot_quote(&gp, title.data);
    }
    strbuf_printf(&gp, "\n");
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    strbuf_destroy(&what);
    return status;
}

int plot_compare_write(const char *compare_dir, const char *compare_json, enum plot_format format,
                       struct plot_set *set, struct error *err)
{
    struct results_compare c;
    memset(&c, 0, sizeof c);
    struct results_run t[2];
    memset(t, 0, sizeof t);
    size_t total[2] = {0, 0};
    int status = results_read_compare(compare_json, &c, err);
    if (status == STATUS_OK && c.row_count == 0) {
        status = error_set(err, "%s: /resilience/rows is missing or empty", compare_json);
    }
    size_t size = strlen(compare_dir) + 4;
    char *side_dir = xmalloc(size);
    for (int side = 0; side < 2 && status == STATUS_OK; side++) {
        snprintf(side_dir, size, "%s/%c", compare_dir, "ab"[side]);
        status = plot_run_load(side_dir, &t[side], &total[side], err);
    }
    free(side_dir);
    if (status == STATUS_OK) {
        status = gnuplot_make_dir(compare_dir, set, err);
    }
    if (status == STATUS_OK) {
        status = write_compare_reach(t, total, &c, format, set, err);
    }
    if (status == STATUS_OK) {
        status = write_resilience(&c, format, set, err);
    }
    results_run_destroy(&t[0]);
    results_run_destroy(&t[1]);
    results_compare_destroy(&c);
    return status;
}
