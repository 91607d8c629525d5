/* The figure of a study directory: the campaign's views each intervention
 * prevented against its delay after the campaign's first post, one line
 * per intervention through the means over paired replicates, with the 95 %
 * interval as a band, and the baseline's views as the ceiling. */
#include "plot_study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../results_study.h"
#include "gnuplot.h"

/* A log x axis where every delay is positive and they span more than 20
 * times, as the sweep figures choose theirs. */
static bool log_delays(const struct results_study *s)
{
    double lo = INFINITY, hi = 0.0;
    for (size_t i = 0; i < s->row_count; i++) {
        lo = fmin(lo, s->rows[i].delay_h);
        hi = fmax(hi, s->rows[i].delay_h);
    }
    return lo > 0.0 && hi > 20.0 * lo;
}

static int write_prevented(const struct results_study *s, enum plot_format format,
                           struct plot_set *set, struct error *err)
{
    static const char name[] = "prevented_vs_delay";
    struct strbuf dat, gp, title, plot;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_init(&plot);
    strbuf_printf(&dat, "# intervention delay_h mean ci95_low ci95_high median lowered_fraction; "
                        "one block per intervention\n");
    strbuf_printf(&title,
                  "%s: campaign views prevented against the delay after its first post "
                  "(%u paired replicates)",
                  s->scenario, s->replicates);
    gnuplot_preamble(&gp, format, name,
                     "views prevented against delay, one line per intervention, mean with its "
                     "95 % interval",
                     "1 intervention, 2 delay_h, 3 mean, 4 ci95_low, 5 ci95_high, 6 median, "
                     "7 lowered_fraction; one block per intervention",
                     title.data);
    bool log_x = log_delays(s);
    /* A tic at each delay studied, the axis just beyond them. */
    double lo = INFINITY, hi = -INFINITY;
    strbuf_printf(&gp, "set xtics (");
    for (size_t i = 0; i < s->row_count; i++) {
        bool seen = false;
        for (size_t j = 0; j < i; j++) {
            seen |= s->rows[j].delay_h == s->rows[i].delay_h;
        }
        if (!seen) {
            strbuf_printf(&gp, "%s%.17g", i ? ", " : "", s->rows[i].delay_h);
            lo = fmin(lo, s->rows[i].delay_h);
            hi = fmax(hi, s->rows[i].delay_h);
        }
    }
    strbuf_printf(&gp, ")\n");
    if (log_x) {
        strbuf_printf(&gp, "set xrange [%.17g:%.17g]\n", lo / 1.25, hi * 1.25);
    } else {
        double pad = hi > lo ? 0.05 * (hi - lo) : 1.0;
        strbuf_printf(&gp, "set xrange [%.17g:%.17g]\n", lo - pad, hi + pad);
    }
    strbuf_printf(&gp,
                  "set xlabel 'delay after the campaign''s first post (h%s)'\n"
                  "set ylabel 'campaign views prevented (mean, 95 %% CI)'\n"
                  "set key outside right top box opaque\nset grid\n%s"
                  "set style fill transparent solid 0.15 noborder\n",
                  log_x ? ", log scale" : "", log_x ? "set logscale x\n" : "");
    const char *sep = "";
    size_t block = 0;
    for (size_t i = 0; i < s->row_count; i++) {
        /* Rows come grouped by intervention, delays increasing. */
        bool first = i == 0 || strcmp(s->rows[i].intervention, s->rows[i - 1].intervention) != 0;
        if (first && i > 0) {
            strbuf_printf(&dat, "\n\n");
        }
        const struct results_study_row *r = &s->rows[i];
        strbuf_printf(&dat, "%s", r->intervention);
        gnuplot_number_exact(&dat, r->delay_h);
        gnuplot_number_exact(&dat, r->mean);
        gnuplot_number_exact(&dat, r->ci95_low);
        gnuplot_number_exact(&dat, r->ci95_high);
        gnuplot_number_exact(&dat, r->median);
        gnuplot_number_exact(&dat, r->lowered_fraction);
        strbuf_printf(&dat, "\n");
        if (!first) {
            continue;
        }
        const char *colour = gnuplot_palette(block);
        strbuf_printf(&plot,
                      "%s  '%s.dat' index %zu using 2:4:5 with filledcurves lc rgb '%s' "
                      "notitle, \\\n"
                      "  '%s.dat' index %zu using 2:3 with linespoints lw 2 pt %zu ps 1.3",
                      sep, name, block, colour, name, block, 5 + 2 * block);
        gnuplot_dash(&plot, block);
        strbuf_printf(&plot, " lc rgb '%s' title ", colour);
        gnuplot_quote(&plot, r->intervention);
        sep = ", \\\n";
        block++;
    }
    if (isfinite(s->baseline_mean)) {
        /* The ceiling: an intervention can prevent at most the campaign's views. */
        strbuf_printf(&plot, "%s  %.17g with lines lw 1 dt 2 lc rgb '%s' title ", sep,
                      s->baseline_mean, GNUPLOT_CAMPAIGN_COLOUR);
        gnuplot_quote(&plot, "baseline (mean)");
    }
    strbuf_printf(&gp, "plot \\\n%s\n", plot.data);
    title.len = 0;
    strbuf_printf(&title,
                  "Campaign views prevented in %s by each intervention against its delay after "
                  "the campaign's first post (%g h): the mean over %u replicates, each paired "
                  "with the baseline on its seed (views without - views with), with its 95 %% "
                  "interval (Student's t) as a band. Takedown and demotion (x %g) act on every "
                  "campaign story; the fact-check is a label (share probability x %g); suspend "
                  "stops the campaign's own top %u accounts by the views their posts drew. "
                  "Dashed black: the campaign's mean views without intervention, the most "
                  "that can be prevented.",
                  s->scenario, s->first_post_h, s->replicates, s->demote_factor, s->label_factor,
                  s->suspend_k);
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, title.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    strbuf_destroy(&plot);
    return status;
}

int plot_study_write(const char *study_dir, const char *study_json, enum plot_format format,
                     struct plot_set *set, struct error *err)
{
    struct results_study s;
    int status = results_read_study(study_json, &s, err);
    if (status == STATUS_OK) {
        status = gnuplot_make_dir(study_dir, set, err);
    }
    if (status == STATUS_OK) {
        status = write_prevented(&s, format, set, err);
    }
    results_study_destroy(&s);
    return status;
}
