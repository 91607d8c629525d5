/* The figures of a compare directory: compare_reach (cumulative views per
 * side and story) and resilience (views left with each suspension, with the
 * confidence band over replicates). */
#include "plot_compare.h"

#include <math.h>
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

/* Cumulative views of each (side, story) over time, median and 5-95 % band:
 * one data block per pair (gnuplot's `index`), so the sides may differ in
 * stories and time bins. Each side in its hue family (A blues, B reds), its
 * total bold in the family's darkest shade, its stories thin in the other
 * shades; side B dashed as well, so that the sides differ in print. */
static int write_compare_reach(const struct results_run t[2], const size_t total[2],
                               const struct results_compare *c, enum plot_format format,
                               struct plot_set *set, struct error *err)
{
    static const char name[] = "compare_reach";
    static const char columns[] = "1 side, 2 story, 3 time_h, 4 cum_views_median, "
                                  "5 cum_views_p05, 6 cum_views_p95; one block per side "
                                  "and story";
    struct strbuf dat, gp, title, plot, caption;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_init(&plot);
    strbuf_init(&caption);
    strbuf_printf(&dat, "# side story time_h cum_views_median cum_views_p05 cum_views_p95\n");
    compare_title(&title, c, "cumulative views per story, median with the 5-95 % band");
    gnuplot_preamble(&gp, format, name,
                     "cumulative views per side and story, median with the 5-95 % band", columns,
                     title.data);
    strbuf_printf(&gp, "set xlabel 'time since the start (h)'\n"
                       "set ylabel 'cumulative views, log scale'\n"
                       "set key bottom right box opaque\nset grid\nset xrange [0:*]\n");
    double x_max = 1.0;
    for (int side = 0; side < 2; side++) {
        if (t[side].time_count > 0 && t[side].times[t[side].time_count - 1] > x_max) {
            x_max = t[side].times[t[side].time_count - 1];
        }
    }
    struct plot_run_marks marks = {.count = 0};
    for (int side = 0; side < 2; side++) {
        char prefix[8];
        snprintf(prefix, sizeof prefix, "%c: ", 'A' + side);
        plot_run_mark_interventions(&gp, &t[side], prefix, gnuplot_shade(side, 0), x_max, &marks);
    }
    static const char side_name[2] = {'a', 'b'};
    size_t block = 0;
    double min_positive = NAN;
    char label[PLOT_LABEL_MAX + 32], file[RESULTS_NAME_MAX];
    const char *sep = "";
    for (int side = 0; side < 2; side++) {
        const struct results_run *r = &t[side];
        bool bold_side = false;
        for (size_t s = 0; s < r->story_count; s++) {
            bold_side = bold_side || plot_run_story_weight(r, s) == PLOT_RUN_BOLD;
        }
        size_t thin = 0;
        for (size_t s = 0; s < r->story_count; s++) {
            enum plot_run_weight w = plot_run_story_weight(r, s);
            if (w == PLOT_RUN_HIDDEN) {
                continue;
            }
            bool band = w == PLOT_RUN_BOLD || !bold_side;
            if (block > 0) {
                strbuf_printf(&dat, "\n\n");
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
                min_positive = gnuplot_min_positive(min_positive, v[RESULTS_CUM_VIEWS_MEDIAN]);
                if (band) {
                    min_positive = gnuplot_min_positive(min_positive, v[RESULTS_CUM_VIEWS_P05]);
                    min_positive = gnuplot_min_positive(min_positive, v[RESULTS_CUM_VIEWS_P95]);
                }
            }
            /* The darkest shade is the campaign's bold line; every other
             * line (the corrections' bold one too) takes the next of the
             * others, then again with the next dash once they are spent, so
             * that no two lines of a side are alike. */
            const struct results_story *st = &r->stories[s];
            bool campaign_bold = w == PLOT_RUN_BOLD && !st->correction && !st->of_corrections;
            size_t shade = campaign_bold ? 0 : 1 + thin % (GNUPLOT_SHADES - 1);
            size_t round = campaign_bold ? 0 : thin / (GNUPLOT_SHADES - 1);
            thin += !campaign_bold;
            const char *colour = gnuplot_shade(side, shade);
            if (band) {
                strbuf_printf(&plot,
                              "%s  '%s.dat' index %zu using 3:(pos($5)):(pos($6)) with "
                              "filledcurves lc rgb '%s' notitle",
                              sep, name, block, colour);
                sep = ", \\\n";
            }
            strbuf_printf(&plot, "%s  '%s.dat' index %zu using 3:(pos($4)) with lines lw %s", sep,
                          name, block, w == PLOT_RUN_BOLD ? "4" : "2");
            gnuplot_dash(&plot, 2 * round + (size_t)side);
            strbuf_printf(&plot, " lc rgb '%s' title ", colour);
            title.len = 0;
            strbuf_printf(&title, "%c %s: %s", side_name[side] - 'a' + 'A', c->name[side],
                          plot_run_story_label(&r->stories[s], label, sizeof label));
            gnuplot_quote(&plot, title.data);
            sep = ", \\\n";
            block++;
        }
    }
    gnuplot_log_y(&gp, min_positive);
    strbuf_printf(&gp, "set style fill transparent solid 0.15 noborder\nplot \\\n%s\n", plot.data);
    strbuf_printf(&caption,
                  "Cumulative views of each story of A, %s (blues, solid), and B, %s (reds, "
                  "dashed), over time on the same seeds: the median over %.0f replicates. "
                  "Bold: each side's campaign (its total over its stories, each percentile "
                  "taken of the replicates' sums; or its one story), shaded from the 5th to "
                  "the 95th percentile; thin: the single stories.",
                  c->name[0], c->name[1], c->replicates);
    if (t[0].intervention_count + t[1].intervention_count > 0) {
        strbuf_printf(&caption, " Dotted vertical lines in the side's colour: the median time "
                                "each intervention fired.");
    }
    strbuf_printf(&caption, " Log scale from the smallest positive value drawn.");
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, caption.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    strbuf_destroy(&plot);
    strbuf_destroy(&caption);
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
        const char *colour = gnuplot_shade(side, 0);
        strbuf_printf(&gp,
                      "%s  '%s.dat' using 1:%d:%d with filledcurves lc rgb '%s' notitle, \\\n"
                      "  '%s.dat' using ($1%+g):%d:%d:%d with yerrorbars pt %d ps 1.2 lc rgb '%s' "
                      "notitle, \\\n"
                      "  '%s.dat' using 1:%d%s with lines lw 2 dt %d lc rgb '%s' title ",
                      side ? ", \\\n" : "", name, col + 1, col + 2, colour, name, nudge, col,
                      col + 1, col + 2, side ? 5 : 7, colour, name, col, side ? "" : ":xtic(2)",
                      side + 1, colour);
        title.len = 0;
        strbuf_printf(&title, "%c %s", 'A' + side, c->name[side]);
        gnuplot_quote(&gp, title.data);
    }
    strbuf_printf(&gp, "\n");
    title.len = 0;
    strbuf_printf(&title,
                  "The campaign's views left after suspending accounts (%s) at %g h, as a "
                  "fraction of its views without the suspension on the same seed, for A, %s "
                  "(blue, solid, circles), and B, %s (red, dashed, squares): the mean over %.0f "
                  "paired replicates with its 95 %% confidence interval (bars and band).",
                  c->resilience_by[0] ? c->resilience_by : "top by followers",
                  c->resilience_at_h, c->name[0], c->name[1], c->replicates);
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, title.data, set, err);
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
