/* The figures of a run directory: reach (cumulative views and reach per
 * story), rate (views per hour), and per story the views per bin stacked by
 * channel and by poster role. */
#include "plot_run.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "gnuplot.h"

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

/* gnuplot_preamble with the run's title (scenario and replicates), then the axes
 * of a plot over time. */
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
}

const char *plot_run_story_label(const struct results_story *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", s->name, s->correction ? " (correction)" : "");
    return buf;
}

static int write_reach(const struct results_run *t, size_t total, enum plot_format format,
                       struct plot_set *set, struct error *err)
{
    static const char *const suffix[6] = {"cum_views_median", "cum_views_p05", "cum_views_p95",
                                          "cum_reach_median", "cum_reach_p05", "cum_reach_p95"};
    struct strbuf dat, gp, columns;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
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
    for (size_t b = 0; b < t->time_count; b++) {
        gnuplot_number(&dat, t->times[b]);
        for (size_t s = 0; s < t->story_count; s++) {
            const double *v = results_run_cell(t, s, total, b);
            for (int c = RESULTS_CUM_VIEWS_MEDIAN; c <= RESULTS_CUM_REACH_P95; c++) {
                gnuplot_number(&dat, v[c]);
            }
        }
        strbuf_printf(&dat, "\n");
    }
    header(&gp, t, format, "reach",
           "cumulative views and reach per story, median with the 5-95 % band", columns.data,
           "cumulative count (views; accounts reached), log scale");
    strbuf_printf(&gp, "set logscale y\n"
                       "# The log axis starts at 1: counts below 1 (nothing yet) are drawn at 1.\n"
                       "floor1(x) = (x >= 1 ? x : 1)\n"
                       "set style fill transparent solid 0.15 noborder\n"
                       "plot \\\n");
    char label[PLOT_LABEL_MAX + 16];
    for (size_t s = 0; s < t->story_count; s++) {
        size_t c0 = 2 + 6 * s;
        int color = (int)s + 1;
        plot_run_story_label(&t->stories[s], label, sizeof label);
        strbuf_printf(&gp,
                      "  'reach.dat' using 1:(floor1($%zu)):(floor1($%zu)) with filledcurves "
                      "lc %d notitle, \\\n"
                      "  'reach.dat' using 1:(floor1($%zu)):(floor1($%zu)) with filledcurves "
                      "lc %d notitle, \\\n",
                      c0 + 1, c0 + 2, color, c0 + 4, c0 + 5, color);
        strbuf_printf(&gp, "  'reach.dat' using 1:(floor1($%zu)) with lines lw 2 lc %d title ", c0,
                      color);
        struct strbuf title;
        strbuf_init(&title);
        strbuf_printf(&title, "%s: views", label);
        gnuplot_quote(&gp, title.data);
        title.len = 0;
        strbuf_printf(&title, "%s: reach", label);
        strbuf_printf(&gp,
                      ", \\\n  'reach.dat' using 1:(floor1($%zu)) with lines lw 2 dt 2 lc %d "
                      "title ",
                      c0 + 3, color);
        gnuplot_quote(&gp, title.data);
        strbuf_destroy(&title);
        strbuf_printf(&gp, "%s\n", s + 1 < t->story_count ? ", \\" : "");
    }
    int status = gnuplot_write_pair(set->dir, "reach", &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
    return status;
}

static int write_rate(const struct results_run *t, size_t total, enum plot_format format,
                      struct plot_set *set, struct error *err)
{
    struct strbuf dat, gp, columns;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
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
    strbuf_printf(&gp, "set yrange [0:*]\nset key top right\nplot \\\n");
    char label[PLOT_LABEL_MAX + 16];
    for (size_t s = 0; s < t->story_count; s++) {
        strbuf_printf(&gp,
                      "  'rate.dat' using 1:%zu with linespoints lw 2 pt 7 ps 0.6 lc %d title ",
                      3 + s, (int)s + 1);
        gnuplot_quote(&gp, plot_run_story_label(&t->stories[s], label, sizeof label));
        strbuf_printf(&gp, "%s\n", s + 1 < t->story_count ? ", \\" : "");
    }
    int status = gnuplot_write_pair(set->dir, "rate", &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
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
    struct strbuf dat, gp, columns;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
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
        strbuf_printf(&gp, ") with filledcurves x1 lc %zu title ", k + 1);
        gnuplot_quote(&gp, t->series[keys[k]].key);
        strbuf_printf(&gp, "%s\n", k > 0 ? ", \\" : "");
    }
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
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
