/* The figures of a run directory: reach (cumulative views and reach per
 * story), rate (views per hour), and per story the views per bin stacked by
 * channel and by poster role. Each story has a colour of its own (a
 * qualitative palette, then dash types once the palette is spent); the kind
 * totals are bold over the thin per-story lines; the interventions' median
 * fire times are marked on every figure. */
#include "plot_run.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "gnuplot.h"

/* The colour of intervention marks on a run's figures: a dark grey that no
 * story line has. */
#define MARK_COLOUR "#404040"

/* A story's name made safe for file names and gnuplot's column headers. */
const char *plot_run_story_file_name(const struct results_story *s, char out[RESULTS_NAME_MAX])
{
    gnuplot_file_name(s->name, out, RESULTS_NAME_MAX);
    return out;
}

static bool find_named_series(const struct results_run *t, const char *dimension, const char *key,
                              size_t *out)
{
    for (size_t i = 0; i < t->series_count; i++) {
        if (strcmp(t->series[i].dimension, dimension) == 0 &&
            (!key || strcmp(t->series[i].key, key) == 0)) {
            *out = i;
            return true;
        }
    }
    return false;
}

/* How many stories (not totals) are the campaign's, or the corrections'. */
static size_t kind_count(const struct results_run *t, bool corrections)
{
    size_t n = 0;
    for (size_t s = 0; s < t->story_count; s++) {
        const struct results_story *st = &t->stories[s];
        n += !st->kind_total && (corrections ? st->correction : st->campaign);
    }
    return n;
}

enum plot_run_weight plot_run_story_weight(const struct results_run *t, size_t story)
{
    const struct results_story *st = &t->stories[story];
    if (st->kind_total) {
        return kind_count(t, st->of_corrections) >= 2 ? PLOT_RUN_BOLD : PLOT_RUN_HIDDEN;
    }
    if (st->campaign || st->correction) {
        return kind_count(t, st->correction) == 1 ? PLOT_RUN_BOLD : PLOT_RUN_THIN;
    }
    return PLOT_RUN_THIN;
}

size_t plot_run_mark_interventions(struct strbuf *sb, const struct results_run *t,
                                   const char *prefix, const char *colour, double x_max,
                                   struct plot_run_marks *marks)
{
    size_t marked = 0;
    struct strbuf label;
    strbuf_init(&label);
    if (marks->count == 0) {
        /* Labels on a white ground, legible over the lines they cross. */
        strbuf_printf(sb, "set style textbox opaque noborder\n");
    }
    for (size_t i = 0; i < t->intervention_count; i++) {
        const struct results_intervention *iv = &t->interventions[i];
        double at = iv->time_h_median;
        if (!(iv->fired_fraction > 0.0) || !isfinite(at)) {
            continue; /* never fired, or in too few replicates to have a median */
        }
        /* Labels within 2 % of the time axis of an earlier one go beside it. */
        size_t near = 0;
        for (size_t j = 0; j < marks->count; j++) {
            near += fabs(marks->time_h[j] - at) <= 0.02 * x_max;
        }
        if (marks->count < PLOT_RUN_MARKS_MAX) {
            marks->time_h[marks->count++] = at;
        }
        label.len = 0;
        strbuf_printf(&label, "%s%s%s%s, median %.3g h", prefix, iv->kind,
                      iv->story[0] ? " of " : "", iv->story, at);
        if (iv->fired_fraction < 1.0) {
            strbuf_printf(&label, " (fired in %.0f %% of replicates)", 100.0 * iv->fired_fraction);
        }
        strbuf_printf(sb,
                      "set arrow from %.17g, graph 0 to %.17g, graph 1 nohead lw 1.5 dt 4 "
                      "lc rgb '%s' front\nset label ",
                      at, at, colour);
        gnuplot_quote(sb, label.data);
        strbuf_printf(sb,
                      " at %.17g, graph 0.98 rotate by 90 right offset character %.1f, 0 "
                      "tc rgb '%s' boxed front\n",
                      at, 1.6 + 1.4 * (double)near, colour);
        marked++;
    }
    strbuf_destroy(&label);
    return marked;
}

/* gnuplot_preamble with the run's title (scenario and replicates), then the axes
 * of a plot over time and the interventions' marks. */
static void header(struct strbuf *sb, const struct results_run *t, enum plot_format format,
                   const char *name, const char *what, const char *columns, const char *ylabel)
{
    struct strbuf title;
    strbuf_init(&title);
    strbuf_printf(&title, "%s: %s (%.0f replicates)", t->scenario, what, t->replicates);
    gnuplot_preamble(sb, format, name, what, columns, title.data);
    strbuf_destroy(&title);
    strbuf_printf(sb, "set xlabel 'time since the start (h)'\nset ylabel ");
    gnuplot_quote(sb, ylabel);
    strbuf_printf(sb, "\nset key bottom right box opaque\nset grid\nset xrange [0:*]\n");
    struct plot_run_marks marks = {.count = 0};
    if (t->intervention_count > 0) {
        strbuf_printf(sb, "# Each intervention that fired: its median fire time over the "
                          "replicates.\n");
    }
    plot_run_mark_interventions(sb, t, "", MARK_COLOUR,
                                t->time_count ? t->times[t->time_count - 1] : 1.0, &marks);
}

const char *plot_run_story_label(const struct results_story *s, char *buf, size_t size)
{
    if (s->kind_total) {
        snprintf(buf, size, "%s", s->of_corrections ? "corrections' total" : "campaign total");
    } else {
        snprintf(buf, size, "%s%s", s->name, s->correction ? " (correction)" : "");
    }
    return buf;
}

/* A story's line on a run's figures: its colour (black or dark green for a
 * kind total, else the palette's entry of its place among the stories) and
 * its dash round (0 until the palette is spent, then 1, 2...). */
static const char *story_colour(const struct results_run *t, size_t s, size_t *round)
{
    const struct results_story *st = &t->stories[s];
    *round = st->kind_total ? 0 : s / GNUPLOT_PALETTE_SIZE;
    if (st->kind_total) {
        return st->of_corrections ? GNUPLOT_CORRECTIONS_COLOUR : GNUPLOT_CAMPAIGN_COLOUR;
    }
    return gnuplot_palette(s);
}

/* Whether any line is bold: then only bold lines get their 5-95 % bands,
 * which would otherwise cover each other. */
static bool any_bold(const struct results_run *t)
{
    for (size_t s = 0; s < t->story_count; s++) {
        if (plot_run_story_weight(t, s) == PLOT_RUN_BOLD) {
            return true;
        }
    }
    return false;
}

/* The caption's sentence on bold lines and marks, shared by reach and rate. */
static void caption_common(struct strbuf *c, const struct results_run *t)
{
    for (int k = 0; k < 2; k++) {
        size_t n = kind_count(t, k == 1);
        const char *kind = k ? "corrections" : "campaign";
        if (n >= 2) {
            strbuf_printf(c,
                          " Bold %s: the %s's total over its %zu stories (each percentile taken "
                          "of the replicates' sums, not a sum of percentiles).",
                          k ? "dark green" : "black", kind, n);
        } else if (n == 1) {
            strbuf_printf(c, " Bold: the %s's one story, its total.", kind);
        }
    }
    size_t fired = 0;
    for (size_t i = 0; i < t->intervention_count; i++) {
        fired +=
            t->interventions[i].fired_fraction > 0.0 && isfinite(t->interventions[i].time_h_median);
    }
    if (fired > 0) {
        strbuf_printf(c, " Dotted vertical lines: the median time each intervention fired.");
    }
}

static int write_reach(const struct results_run *t, size_t total, enum plot_format format,
                       struct plot_set *set, struct error *err)
{
    static const char *const suffix[6] = {"cum_views_median", "cum_views_p05", "cum_views_p95",
                                          "cum_reach_median", "cum_reach_p05", "cum_reach_p95"};
    struct strbuf dat, gp, columns, caption;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
    strbuf_init(&caption);
    strbuf_printf(&dat, "# time_h");
    strbuf_printf(&columns, "1 time_h");
    char file[RESULTS_NAME_MAX];
    for (size_t s = 0; s < t->story_count; s++) {
        plot_run_story_file_name(&t->stories[s], file);
        for (int k = 0; k < 6; k++) {
            strbuf_printf(&dat, " %s_%s", file, suffix[k]);
            strbuf_printf(&columns, ", %zu %s_%s", 2 + 6 * s + (size_t)k, file, suffix[k]);
        }
    }
    strbuf_printf(&dat, "\n");
    bool bands_bold_only = any_bold(t);
    double min_positive = NAN;
    for (size_t b = 0; b < t->time_count; b++) {
        gnuplot_number(&dat, t->times[b]);
        for (size_t s = 0; s < t->story_count; s++) {
            const double *v = results_run_cell(t, s, total, b);
            enum plot_run_weight w = plot_run_story_weight(t, s);
            for (int c = RESULTS_CUM_VIEWS_MEDIAN; c <= RESULTS_CUM_REACH_P95; c++) {
                gnuplot_number(&dat, v[c]);
                bool band = c != RESULTS_CUM_VIEWS_MEDIAN && c != RESULTS_CUM_REACH_MEDIAN;
                bool drawn =
                    w != PLOT_RUN_HIDDEN && (!band || !bands_bold_only || w == PLOT_RUN_BOLD);
                if (drawn) {
                    min_positive = gnuplot_min_positive(min_positive, v[c]);
                }
            }
        }
        strbuf_printf(&dat, "\n");
    }
    header(&gp, t, format, "reach",
           "cumulative views and reach per story, median with the 5-95 % band", columns.data,
           "cumulative count (views; accounts reached), log scale");
    gnuplot_log_y(&gp, min_positive);
    strbuf_printf(&gp, "set style fill transparent solid 0.15 noborder\n"
                       "# Views solid, reach dashed; kind totals bold (they have no reach: an "
                       "account\n# reached by two stories counts once); bands first, then the "
                       "thin lines, the bold on top.\n"
                       "plot \\\n");
    char label[PLOT_LABEL_MAX + 32];
    const char *sep = "";
    for (int pass = 0; pass < 3; pass++) {
        for (size_t s = 0; s < t->story_count; s++) {
            enum plot_run_weight w = plot_run_story_weight(t, s);
            if (w == PLOT_RUN_HIDDEN || (pass == 1 && w != PLOT_RUN_THIN) ||
                (pass == 2 && w != PLOT_RUN_BOLD) ||
                (pass == 0 && bands_bold_only && w != PLOT_RUN_BOLD)) {
                continue;
            }
            size_t c0 = 2 + 6 * s, round;
            const char *colour = story_colour(t, s, &round);
            bool has_reach = !t->stories[s].kind_total;
            if (pass == 0) {
                for (int m = 0; m < (has_reach ? 2 : 1); m++) {
                    strbuf_printf(&gp,
                                  "%s  'reach.dat' using 1:(pos($%zu)):(pos($%zu)) with "
                                  "filledcurves lc rgb '%s' notitle",
                                  sep, c0 + 1 + 3 * (size_t)m, c0 + 2 + 3 * (size_t)m, colour);
                    sep = ", \\\n";
                }
                continue;
            }
            plot_run_story_label(&t->stories[s], label, sizeof label);
            for (int m = 0; m < (has_reach ? 2 : 1); m++) {
                strbuf_printf(&gp, "%s  'reach.dat' using 1:(pos($%zu)) with lines lw %s", sep,
                              c0 + 3 * (size_t)m, w == PLOT_RUN_BOLD ? "4" : "1.5");
                gnuplot_dash(&gp, 2 * round + (size_t)m);
                strbuf_printf(&gp, " lc rgb '%s' title ", colour);
                struct strbuf title;
                strbuf_init(&title);
                strbuf_printf(&title, "%s: %s", label, m ? "reach" : "views");
                gnuplot_quote(&gp, title.data);
                strbuf_destroy(&title);
                sep = ", \\\n";
            }
        }
    }
    strbuf_printf(&gp, "\n");
    strbuf_printf(&caption,
                  "Cumulative views (solid) and accounts reached (dashed) of each story of %s "
                  "over time: the median over %.0f replicates, shaded from the 5th to the 95th "
                  "percentile%s.",
                  t->scenario, t->replicates, bands_bold_only ? " (bold lines only)" : "");
    caption_common(&caption, t);
    strbuf_printf(&caption, " Log scale from the smallest positive value: a line starts where "
                            "its count leaves zero.");
    int status = gnuplot_write_pair(set->dir, "reach", &dat, &gp, caption.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
    strbuf_destroy(&caption);
    return status;
}

static int write_rate(const struct results_run *t, size_t total, enum plot_format format,
                      struct plot_set *set, struct error *err)
{
    struct strbuf dat, gp, columns, caption;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
    strbuf_init(&caption);
    strbuf_printf(&dat, "# time_h bin_h");
    strbuf_printf(&columns, "1 time_h (end of the bin), 2 bin_h");
    char file[RESULTS_NAME_MAX];
    for (size_t s = 0; s < t->story_count; s++) {
        plot_run_story_file_name(&t->stories[s], file);
        strbuf_printf(&dat, " %s_views_per_h", file);
        strbuf_printf(&columns, ", %zu %s_views_per_h", 3 + s, file);
    }
    strbuf_printf(&dat, "\n");
    for (size_t b = 0; b < t->time_count; b++) {
        /* time_h is the end of the bin; the first bin starts at 0. */
        double bin_h = t->times[b] - (b ? t->times[b - 1] : 0.0);
        gnuplot_number(&dat, t->times[b]);
        gnuplot_number(&dat, bin_h);
        for (size_t s = 0; s < t->story_count; s++) {
            double views = results_run_cell(t, s, total, b)[RESULTS_VIEWS_MEDIAN];
            gnuplot_number(&dat, bin_h > 0.0 ? views / bin_h : NAN);
        }
        strbuf_printf(&dat, "\n");
    }
    header(&gp, t, format, "rate",
           "views per hour per story (median of each bin's views over the bin's width)",
           columns.data, "views per hour (1/h)");
    strbuf_printf(&gp, "set yrange [0:*]\nset key top right\n"
                       "# The thin per-story lines first, the bold totals on top.\n"
                       "plot \\\n");
    char label[PLOT_LABEL_MAX + 32];
    const char *sep = "";
    for (int pass = 0; pass < 2; pass++) {
        for (size_t s = 0; s < t->story_count; s++) {
            enum plot_run_weight w = plot_run_story_weight(t, s);
            if (w != (pass ? PLOT_RUN_BOLD : PLOT_RUN_THIN)) {
                continue;
            }
            size_t round;
            const char *colour = story_colour(t, s, &round);
            strbuf_printf(&gp, "%s  'rate.dat' using 1:%zu with %s", sep, 3 + s,
                          pass ? "lines lw 4" : "linespoints lw 1.5 pt 7 ps 0.5");
            gnuplot_dash(&gp, round);
            strbuf_printf(&gp, " lc rgb '%s' title ", colour);
            gnuplot_quote(&gp, plot_run_story_label(&t->stories[s], label, sizeof label));
            sep = ", \\\n";
        }
    }
    strbuf_printf(&gp, "\n");
    strbuf_printf(&caption,
                  "Views per hour of each story of %s: the median over %.0f replicates of each "
                  "time bin's views, divided by the bin's width.",
                  t->scenario, t->replicates);
    caption_common(&caption, t);
    int status = gnuplot_write_pair(set->dir, "rate", &dat, &gp, caption.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
    strbuf_destroy(&caption);
    return status;
}

/* Stacked areas of one story's median views per bin by the keys of one
 * dimension; keys with no views at all are left out (all kept if none has). */
static int write_stacked(const struct results_run *t, size_t story, const char *dimension,
                         const char *prefix, const char *noun, enum plot_format format,
                         struct plot_set *set, struct error *err)
{
    size_t *keys = xmalloc((t->series_count + 1) * sizeof *keys);
    size_t key_count = 0;
    for (int pass = 0; pass < 2 && key_count == 0; pass++) {
        for (size_t i = 0; i < t->series_count; i++) {
            if (strcmp(t->series[i].dimension, dimension) != 0) {
                continue;
            }
            bool any = pass == 1;
            for (size_t b = 0; b < t->time_count && !any; b++) {
                any = results_run_cell(t, story, i, b)[RESULTS_VIEWS_MEDIAN] > 0.0;
            }
            if (any) {
                keys[key_count++] = i;
            }
        }
    }
    if (key_count == 0) {
        free(keys);
        return STATUS_OK; /* no such dimension in this run */
    }
    char name[PLOT_NAME_MAX];
    char file[RESULTS_NAME_MAX];
    snprintf(name, sizeof name, "%s_%s", prefix,
             plot_run_story_file_name(&t->stories[story], file));
    struct strbuf dat, gp, columns, caption;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
    strbuf_init(&caption);
    strbuf_printf(&dat, "# time_h");
    strbuf_printf(&columns, "1 time_h (end of the bin)");
    for (size_t k = 0; k < key_count; k++) {
        char key[PLOT_LABEL_MAX];
        gnuplot_file_name(t->series[keys[k]].key, key, sizeof key);
        strbuf_printf(&dat, " %s", key);
        strbuf_printf(&columns, ", %zu %s", 2 + k, key);
    }
    strbuf_printf(&dat, "\n");
    for (size_t b = 0; b < t->time_count; b++) {
        gnuplot_number(&dat, t->times[b]);
        for (size_t k = 0; k < key_count; k++) {
            gnuplot_number(&dat, results_run_cell(t, story, keys[k], b)[RESULTS_VIEWS_MEDIAN]);
        }
        strbuf_printf(&dat, "\n");
    }
    struct strbuf what;
    strbuf_init(&what);
    strbuf_printf(&what, "views per bin of story %s by %s, stacked (medians)",
                  t->stories[story].name, noun);
    header(&gp, t, format, name, what.data, columns.data, "views per time bin (median)");
    strbuf_destroy(&what);
    strbuf_printf(&gp, "set yrange [0:*]\n"
                       "set key top right\n"
                       "set style fill solid 0.85 border -1\n"
                       "# Each area is drawn from the axis up to the sum of its column and those\n"
                       "# listed before it, the largest sum first, so the bands stack.\n"
                       "plot \\\n");
    for (size_t k = key_count; k-- > 0;) {
        strbuf_printf(&gp, "  '%s.dat' using 1:(", name);
        for (size_t j = 0; j <= k; j++) {
            strbuf_printf(&gp, "%s$%zu", j ? "+" : "", 2 + j);
        }
        strbuf_printf(&gp, ") with filledcurves x1 lc rgb '%s' title ", gnuplot_palette(k));
        gnuplot_quote(&gp, t->series[keys[k]].key);
        strbuf_printf(&gp, "%s\n", k > 0 ? ", \\" : "");
    }
    strbuf_printf(&caption,
                  "Views per time bin of story %s of %s by %s, stacked: each band the median "
                  "over %.0f replicates of that %s's views in the bin (medians of the parts need "
                  "not add up to the median of the whole).",
                  t->stories[story].name, t->scenario, noun, t->replicates, noun);
    if (t->intervention_count > 0) {
        strbuf_printf(&caption, " Dotted vertical lines: the median time each intervention "
                                "fired.");
    }
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, caption.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
    strbuf_destroy(&caption);
    free(keys);
    return status;
}

/* Reads a run directory and finds its ("total", "all") series; on failure t
 * may hold memory to destroy. */
int plot_run_load(const char *dir, struct results_run *t, size_t *total, struct error *err)
{
    int status = results_read_run(dir, t, err);
    if (status == STATUS_OK && !find_named_series(t, "total", "all", total)) {
        status = error_set(
            err, "%s/timeseries.csv: no rows with dimension \"total\" and key \"all\"", dir);
    }
    return status;
}

int plot_run_write(const char *run_dir, enum plot_format format, struct plot_set *set,
                   struct error *err)
{
    struct results_run t;
    memset(&t, 0, sizeof t);
    size_t total = 0;
    int status = plot_run_load(run_dir, &t, &total, err);
    if (status == STATUS_OK) {
        status = gnuplot_make_dir(run_dir, set, err);
    }
    if (status == STATUS_OK) {
        status = write_reach(&t, total, format, set, err);
    }
    if (status == STATUS_OK) {
        status = write_rate(&t, total, format, set, err);
    }
    for (size_t s = 0; s < t.story_count && status == STATUS_OK; s++) {
        if (t.stories[s].kind_total) {
            continue; /* a kind total has no breakdown by channel or role */
        }
        status = write_stacked(&t, s, "channel", "channels", "channel", format, set, err);
        if (status == STATUS_OK) {
            status = write_stacked(&t, s, "role", "roles", "poster role", format, set, err);
        }
    }
    results_run_destroy(&t);
    return status;
}
