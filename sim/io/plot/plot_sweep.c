/* The figures of a sweep directory: views_vs_PARAM per parameter (median
 * views against its values, a line per combination of the others' values or
 * a marker per point), with two parameters or more the heatmap of the first
 * two, and for a saltelli design the Sobol indices (plot_sobol.c). */
#define _POSIX_C_SOURCE 200809L
#include "plot_sweep.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../base/alloc.h"
#include "../sweep_output.h"
#include "gnuplot.h"
#include "plot_sobol.h"
#include "plot_sweep_table.h"

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Copies text into a plot name, cut to fit, with "_2", "_3"... appended when
 * the set already has that name (two parameter names that differ only in
 * characters a file name cannot hold). */
static void unique_plot_name(const struct plot_set *set, const char *text, char name[PLOT_NAME_MAX])
{
    snprintf(name, PLOT_NAME_MAX, "%.*s", PLOT_NAME_MAX - 8, text);
    size_t len = strlen(name);
    for (int suffix = 2;; suffix++) {
        bool taken = false;
        for (size_t i = 0; i < set->count && !taken; i++) {
            taken = strcmp(set->names[i], name) == 0;
        }
        if (!taken) {
            return;
        }
        snprintf(name + len, PLOT_NAME_MAX - len, "_%d", suffix);
    }
}

/* Whether a numeric axis over these values reads better on a log scale: all
 * positive and spanning more than a factor of 20. */
static bool wants_log_axis(const struct plot_sweep_axis *a)
{
    return a->numeric && a->level_value[0] > 0.0 &&
           a->level_value[a->level_count - 1] > 20.0 * a->level_value[0];
}

/* Categorical tics: each level's text at its index, at most about 15 shown. */
static void level_tics(struct strbuf *gp, const char *axis, const struct plot_sweep_axis *a)
{
    size_t step = (a->level_count + 14) / 15;
    strbuf_printf(gp, "set %stics (", axis);
    for (size_t i = 0; i < a->level_count; i += step) {
        strbuf_printf(gp, "%s", i ? ", " : "");
        gnuplot_quote(gp, a->level_text[i]);
        strbuf_printf(gp, " %zu", i);
    }
    strbuf_printf(gp, ")\nset %srange [-0.5:%g]\n", axis, (double)a->level_count - 0.5);
}

/* One point placed on a views_vs plot: its line (group) and x. */
struct placed {
    size_t group;
    double x;
    size_t point;
};

static int compare_placed(const void *a, const void *b)
{
    const struct placed *x = a, *y = b;
    if (x->group != y->group) {
        return x->group < y->group ? -1 : 1;
    }
    if (x->x != y->x) {
        return x->x < y->x ? -1 : 1;
    }
    return (x->point > y->point) - (x->point < y->point);
}

/* Lines are drawn one per combination of the other parameters' values up to
 * this many; beyond it (a Sobol design, where every point differs) each point
 * is a marker of its own. */
#define SWEEP_LINES_MAX 6
/* Above this many lines the means' 95 % CI bars are left out: they would hide
 * the lines. */
#define SWEEP_CI_LINES_MAX 3

/* Whether points p and q agree on every parameter but k. */
static bool same_others(const struct plot_sweep_table *t, size_t p, size_t q, size_t k)
{
    for (size_t j = 0; j < t->axis_count; j++) {
        if (j != k && plot_sweep_table_level(t, p, j) != plot_sweep_table_level(t, q, j)) {
            return false;
        }
    }
    return true;
}

/* Median views against parameter k: one line with its 5-95 % band per
 * combination of the other parameters' values, or one marker per point with
 * its 5-95 % range as bars when there are too many combinations. */
static int write_sweep_views(const struct plot_sweep_table *t, size_t k, enum plot_format format,
                             struct plot_set *set, struct error *err)
{
    const struct plot_sweep_axis *a = &t->axes[k];
    struct placed *placed = xmalloc(t->point_count * sizeof *placed);
    size_t rep[SWEEP_LINES_MAX]; /* a point of each group */
    size_t group_count = 0;
    bool markers = false;
    for (size_t p = 0; p < t->point_count; p++) {
        size_t g = 0;
        while (g < group_count && !same_others(t, p, rep[g], k)) {
            g++;
        }
        if (g == group_count) {
            if (group_count == SWEEP_LINES_MAX) {
                markers = true;
                break;
            }
            rep[group_count++] = p;
        }
        placed[p].group = g;
    }
    if (markers) {
        group_count = 1;
    }
    bool log_y = false, any = false;
    for (size_t p = 0; p < t->point_count; p++) {
        placed[p].group = markers ? 0 : placed[p].group;
        placed[p].x = plot_sweep_table_x(t, p, k);
        placed[p].point = p;
        double median = t->views[p][SWEEP_OUTPUT_VIEWS_MEDIAN];
        if (isfinite(median)) {
            log_y = any ? log_y && median >= 1.0 : median >= 1.0;
            any = true;
        }
    }
    qsort(placed, t->point_count, sizeof *placed, compare_placed);

    struct strbuf dat, gp, text, title;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&text);
    strbuf_init(&title);
    strbuf_printf(&text, "views_vs_%s", a->file_name);
    char name[PLOT_NAME_MAX];
    unique_plot_name(set, text.data, name);

    strbuf_printf(&dat, "# point x views_median views_p05 views_p95 views_mean views_ci95_low "
                        "views_ci95_high\n");
    if (!a->numeric) {
        strbuf_printf(&dat, "# x is the index of %s's value:", a->name);
        for (size_t i = 0; i < a->level_count; i++) {
            strbuf_printf(&dat, " %zu %s%s", i, a->level_text[i],
                          i + 1 < a->level_count ? "," : "");
        }
        strbuf_printf(&dat, "\n");
    }
    /* Each line's legend: the other parameters' values, "name = value, ...". */
    char(*legend)[PLOT_LABEL_MAX * 4] = xmalloc(group_count * sizeof *legend);
    for (size_t g = 0; g < group_count; g++) {
        text.len = 0;
        if (markers || t->axis_count == 1) {
            strbuf_printf(&text, "median views");
        }
        for (size_t j = 0; j < t->axis_count && !markers; j++) {
            if (j != k) {
                strbuf_printf(&text, "%s%s = %s", text.len ? ", " : "", t->axes[j].name,
                              t->axes[j].level_text[plot_sweep_table_level(t, rep[g], j)]);
            }
        }
        snprintf(legend[g], sizeof legend[g], "%s", text.data);
    }
    for (size_t i = 0; i < t->point_count; i++) {
        const struct placed *at = &placed[i];
        if (i > 0 && at->group != placed[i - 1].group) {
            strbuf_printf(&dat, "\n\n");
        }
        if (i == 0 || at->group != placed[i - 1].group) {
            strbuf_printf(&dat, "# %s\n", legend[at->group]);
        }
        const double *v = t->views[at->point];
        /* Exact digits, so the figures read back as sweep.csv has them. */
        gnuplot_number_exact(&dat, t->point[at->point]);
        gnuplot_number_exact(&dat, at->x);
        static const int order[6] = {SWEEP_OUTPUT_VIEWS_MEDIAN, SWEEP_OUTPUT_VIEWS_P05,
                                     SWEEP_OUTPUT_VIEWS_P95,    SWEEP_OUTPUT_VIEWS_MEAN,
                                     SWEEP_OUTPUT_VIEWS_CI_LOW, SWEEP_OUTPUT_VIEWS_CI_HIGH};
        for (int c = 0; c < 6; c++) {
            gnuplot_number_exact(&dat, v[order[c]]);
        }
        strbuf_printf(&dat, "\n");
    }

    bool ci = !markers && group_count <= SWEEP_CI_LINES_MAX;
    text.len = 0;
    if (markers) {
        strbuf_printf(&text, "views against %s: the median of each point, bars 5-95 %% of runs",
                      a->name);
    } else {
        strbuf_printf(&text, "views against %s: median, shaded 5-95 %% of runs%s", a->name,
                      ci ? ", open circles the mean with its 95 % CI" : "");
    }
    strbuf_printf(&title, "%s\n%s", text.data, t->caption);
    gnuplot_preamble(&gp, format, name, text.data,
                     "1 point, 2 x (the value, or its index for a categorical parameter), "
                     "3 views_median, 4 views_p05, 5 views_p95, 6 views_mean, 7 views_ci95_low, "
                     "8 views_ci95_high; one block per line",
                     title.data);
    bool log_x = wants_log_axis(a);
    text.len = 0;
    strbuf_printf(&text, "%s%s", a->label, log_x ? ", log scale" : "");
    strbuf_printf(&gp, "set xlabel ");
    gnuplot_quote(&gp, text.data);
    text.len = 0;
    strbuf_printf(&text, "%s%s", t->views_label, log_y ? ", log scale" : "");
    strbuf_printf(&gp, "\nset ylabel ");
    gnuplot_quote(&gp, text.data);
    strbuf_printf(&gp, "\nset key top left box opaque\nset grid\n");
    if (markers) {
        strbuf_printf(&gp,
                      "# More than %d combinations of the other parameters' values: each "
                      "point is a marker of its own.\n",
                      SWEEP_LINES_MAX);
    } else if (!ci) {
        strbuf_printf(&gp,
                      "# More than %d lines: the 95 %% CI of the mean is left out (it is "
                      "in columns 6-8).\n",
                      SWEEP_CI_LINES_MAX);
    }
    if (a->numeric) {
        strbuf_printf(&gp, "set offsets graph 0.03, graph 0.03, 0, 0\n");
    } else {
        level_tics(&gp, "x", a);
    }
    if (log_x) {
        strbuf_printf(&gp, "set logscale x\n");
    }
    const char *f = "";
    if (log_y) {
        /* The smallest positive value drawn: medians, bands, and the CI bars
         * when shown. */
        double min_positive = NAN;
        for (size_t p = 0; p < t->point_count; p++) {
            static const int drawn[6] = {SWEEP_OUTPUT_VIEWS_MEDIAN, SWEEP_OUTPUT_VIEWS_P05,
                                         SWEEP_OUTPUT_VIEWS_P95,    SWEEP_OUTPUT_VIEWS_MEAN,
                                         SWEEP_OUTPUT_VIEWS_CI_LOW, SWEEP_OUTPUT_VIEWS_CI_HIGH};
            for (int c = 0; c < (ci ? 6 : 3); c++) {
                min_positive = gnuplot_min_positive(min_positive, t->views[p][drawn[c]]);
            }
        }
        gnuplot_log_y(&gp, min_positive);
        f = "pos";
    } else {
        strbuf_printf(&gp, "set yrange [0:*]\n");
    }
    if (!any) {
        /* gnuplot refuses a plot without one defined point: an empty frame
         * with a note instead. */
        if (a->numeric) {
            double low = a->level_value[0], high = a->level_value[a->level_count - 1];
            strbuf_printf(&gp, "set xrange [%.17g:%.17g]\n", low < high ? low : low - 1.0,
                          low < high ? high : high + 1.0);
        }
        strbuf_printf(&gp, "set yrange [0:1]\n"
                           "set label 'no point has a finite median' at graph 0.5, graph 0.5 "
                           "center\n"
                           "plot NaN notitle\n");
        group_count = 0;
    } else {
        strbuf_printf(&gp, "set style fill transparent solid 0.15 noborder\nplot \\\n");
    }
    /* Each line its palette colour, dash and marker (filled circle, square,
     * triangle, diamond...), so that the lines differ in print too. */
    static const int point_types[SWEEP_LINES_MAX] = {7, 5, 9, 13, 11, 15};
    for (size_t g = 0; g < group_count; g++) {
        const char *colour = gnuplot_palette(g);
        if (markers) {
            strbuf_printf(&gp,
                          "  '%s.dat' using 2:(%s($3)):(%s($4)):(%s($5)) with yerrorbars pt 7 "
                          "ps 1.2 lw 1.5 lc rgb '%s' title ",
                          name, f, f, f, colour);
        } else {
            strbuf_printf(&gp,
                          "  '%s.dat' index %zu using 2:(%s($4)):(%s($5)) with filledcurves "
                          "lc rgb '%s' notitle, \\\n",
                          name, g, f, f, colour);
            if (ci) {
                strbuf_printf(&gp,
                              "  '%s.dat' index %zu using 2:(%s($6)):(%s($7)):(%s($8)) with "
                              "yerrorbars pt 6 ps 1.2 lc rgb '%s' notitle, \\\n",
                              name, g, f, f, f, colour);
            }
            strbuf_printf(&gp, "  '%s.dat' index %zu using 2:(%s($3)) with linespoints lw 2", name,
                          g, f);
            gnuplot_dash(&gp, g);
            strbuf_printf(&gp, " pt %d ps 1 lc rgb '%s' title ", point_types[g % SWEEP_LINES_MAX],
                          colour);
        }
        gnuplot_quote(&gp, legend[g]);
        strbuf_printf(&gp, "%s\n", g + 1 < group_count ? ", \\" : "");
    }
    text.len = 0;
    if (markers) {
        strbuf_printf(&text,
                      "Median %s against %s, one marker per point, bars from the 5th to "
                      "the 95th percentile of its runs.",
                      t->views_label, a->name);
    } else {
        strbuf_printf(&text,
                      "Median %s against %s, %s, shaded from the 5th to the 95th percentile "
                      "of the runs%s.",
                      t->views_label, a->name,
                      t->axis_count == 1 ? "one line"
                                         : "one line per combination of the other "
                                           "parameters' values",
                      ci ? "; open circles the mean with its 95 % confidence interval" : "");
    }
    strbuf_printf(&text, " %s%s.", t->caption,
                  log_y ? "; log scale from the smallest positive value drawn" : "");
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, text.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&text);
    strbuf_destroy(&title);
    free(legend);
    free(placed);
    return status;
}

/* A point's pair of levels on the heatmap's two parameters. */
struct pair {
    size_t l0, l1, point;
};

static int compare_pair(const void *a, const void *b)
{
    const struct pair *x = a, *y = b;
    if (x->l0 != y->l0) {
        return x->l0 < y->l0 ? -1 : 1;
    }
    if (x->l1 != y->l1) {
        return x->l1 < y->l1 ? -1 : 1;
    }
    return (x->point > y->point) - (x->point < y->point);
}

/* A count in at most about four characters: 42.5, 1234, 12.3k, 4.5M. */
static void compact_number(double x, char *out, size_t size)
{
    static const char *const units[] = {"", "k", "M", "G", "T"};
    if (!isfinite(x)) {
        snprintf(out, size, "n/a");
    } else if (fabs(x) < 100.0) {
        snprintf(out, size, "%.3g", x);
    } else if (fabs(x) < 1e4) {
        snprintf(out, size, "%.0f", x);
    } else {
        int unit = 0;
        while (fabs(x) >= 999.5 && unit < 4) {
            x /= 1000.0;
            unit++;
        }
        snprintf(out, size, "%.3g%s", x, units[unit]);
    }
}

/* Cells with labels up to this many; more would be unreadable. */
#define HEATMAP_LABELS_MAX 100

/* Median views by the first two parameters: a full grid (every pair of
 * values present) as coloured cells, labelled when there are few; a
 * scattered design (Sobol) as markers coloured by the median. Points that
 * share a pair (they differ in the other parameters, or repeat) give the
 * cell the median of their medians. */
static int write_sweep_heatmap(const struct plot_sweep_table *t, enum plot_format format,
                               struct plot_set *set, struct error *err)
{
    const struct plot_sweep_axis *a0 = &t->axes[0], *a1 = &t->axes[1];
    size_t n = t->point_count;
    struct pair *pairs = xmalloc(n * sizeof *pairs);
    for (size_t p = 0; p < n; p++) {
        pairs[p] =
            (struct pair){plot_sweep_table_level(t, p, 0), plot_sweep_table_level(t, p, 1), p};
    }
    qsort(pairs, n, sizeof *pairs, compare_pair);
    struct heat_cell {
        size_t l0, l1, count, point;
        double median;
    } *cells = xmalloc(n * sizeof *cells);
    double *medians = xmalloc(n * sizeof *medians);
    size_t cell_count = 0;
    bool pooled = false;
    double low = INFINITY, high = -INFINITY;
    for (size_t i = 0; i < n;) {
        size_t j = i, finite = 0;
        for (; j < n && pairs[j].l0 == pairs[i].l0 && pairs[j].l1 == pairs[i].l1; j++) {
            double m = t->views[pairs[j].point][SWEEP_OUTPUT_VIEWS_MEDIAN];
            if (isfinite(m)) {
                medians[finite++] = m;
            }
        }
        qsort(medians, finite, sizeof *medians, compare_double);
        double median = finite == 0       ? NAN
                        : finite % 2 == 1 ? medians[finite / 2]
                                          : (medians[finite / 2 - 1] + medians[finite / 2]) / 2.0;
        cells[cell_count++] =
            (struct heat_cell){pairs[i].l0, pairs[i].l1, j - i, pairs[i].point, median};
        pooled = pooled || j - i > 1;
        if (isfinite(median)) {
            low = median < low ? median : low;
            high = median > high ? median : high;
        }
        i = j;
    }
    bool grid = cell_count == a0->level_count * a1->level_count;
    bool log_cb = low > 0.0 && high > 100.0 * low;
    /* Without one finite median the labels ("n/a") are all there is to draw. */
    bool labels = grid && (cell_count <= HEATMAP_LABELS_MAX || !(high >= low));

    struct strbuf dat, gp, text, title;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&text);
    strbuf_init(&title);
    strbuf_printf(&text, "heatmap_%s_%s", a0->file_name, a1->file_name);
    char name[PLOT_NAME_MAX];
    unique_plot_name(set, text.data, name);

    strbuf_printf(&dat, "# x_index y_index x y views_median points point label text_rgb\n");
    for (size_t c = 0; c < cell_count; c++) {
        const struct heat_cell *h = &cells[c];
        if (c > 0 && h->l0 != cells[c - 1].l0) {
            strbuf_printf(&dat, "\n");
        }
        char label[32];
        compact_number(h->median, label, sizeof label);
        /* The palette runs from dark to light: white text on the darker part. */
        double at = !isfinite(h->median) || !(high > low) ? 1.0
                    : log_cb                              ? log(h->median / low) / log(high / low)
                                                          : (h->median - low) / (high - low);
        strbuf_printf(&dat, "%zu %zu", h->l0, h->l1);
        gnuplot_number_exact(&dat, a0->level_value[h->l0]);
        gnuplot_number_exact(&dat, a1->level_value[h->l1]);
        gnuplot_number_exact(&dat, h->median);
        strbuf_printf(&dat, " %zu", h->count);
        gnuplot_number_exact(&dat, h->count == 1 ? t->point[h->point] : NAN);
        strbuf_printf(&dat, " %s %d\n", label, at < 0.55 ? 0xffffff : 0x000000);
    }

    text.len = 0;
    strbuf_printf(&text, "median views by %s and %s%s", a0->name, a1->name,
                  grid ? "" : ", one marker per point");
    strbuf_printf(&title, "%s\n%s", text.data, t->caption);
    if (t->axis_count > 2) {
        strbuf_printf(&title,
                      "\nthe first two parameters only: each %s is the median over the "
                      "values of the others (",
                      grid ? "cell" : "marker");
        for (size_t k = 2; k < t->axis_count; k++) {
            strbuf_printf(&title, "%s%s", k > 2 ? ", " : "", t->axes[k].name);
        }
        strbuf_printf(&title, ")");
    } else if (pooled) {
        strbuf_printf(&title, "\nrepeated points: each %s is the median of their medians",
                      grid ? "cell" : "marker");
    }
    gnuplot_preamble(&gp, format, name, text.data,
                     "1 x_index, 2 y_index (the levels' positions), 3 x, 4 y (the values, or the "
                     "index for a categorical parameter), 5 views_median (over the points in the "
                     "cell), 6 points in the cell, 7 point (sweep.csv's, when the cell has one), "
                     "8 label, 9 text_rgb",
                     title.data);
    strbuf_printf(&gp, "set palette defined (0 '#440154', 0.25 '#3b528b', 0.5 '#21918c', "
                       "0.75 '#5ec962', 1 '#fde725')\n");
    text.len = 0;
    strbuf_printf(&text, "median %s%s", t->views_label, log_cb ? ", log scale" : "");
    strbuf_printf(&gp, "set cblabel ");
    gnuplot_quote(&gp, text.data);
    strbuf_printf(&gp, "\n");
    if (log_cb) {
        strbuf_printf(&gp, "set logscale cb\n");
    }
    if (high > low) {
        strbuf_printf(&gp, "set cbrange [%.17g:%.17g]\n", low, high);
    }
    strbuf_printf(&gp, "unset key\n");
    const struct plot_sweep_axis *axes[2] = {a0, a1};
    static const char *const axis_names[2] = {"x", "y"};
    int columns[2];
    for (int i = 0; i < 2; i++) {
        bool log_axis = !grid && wants_log_axis(axes[i]);
        text.len = 0;
        strbuf_printf(&text, "%s%s", axes[i]->label, log_axis ? ", log scale" : "");
        strbuf_printf(&gp, "set %slabel ", axis_names[i]);
        gnuplot_quote(&gp, text.data);
        strbuf_printf(&gp, "\n");
        if (grid || !axes[i]->numeric) {
            level_tics(&gp, axis_names[i], axes[i]);
            columns[i] = 1 + i;
        } else {
            columns[i] = 3 + i;
        }
        if (log_axis) {
            strbuf_printf(&gp, "set logscale %s\n", axis_names[i]);
        }
    }
    if (grid) {
        strbuf_printf(&gp,
                      "set tics out nomirror\nset style fill solid 1.0 noborder\n"
                      "# One box per cell, half a level each way from its position; a cell "
                      "without a finite median stays white.\n"
                      "plot '%s.dat' using 1:2:(0.5):(0.5):5 with boxxyerror lc palette",
                      name);
        if (labels) {
            strbuf_printf(&gp, ", \\\n  '%s.dat' using 1:2:8:9 with labels tc rgb variable", name);
        }
        strbuf_printf(&gp, "\n");
    } else {
        strbuf_printf(&gp,
                      "set grid\nset offsets graph 0.05, graph 0.05, graph 0.05, graph 0.05\n"
                      "# Each point filled by its median (none: an empty ring) and ringed "
                      "in black.\n"
                      "plot '%s.dat' using %d:%d:5 with points pt 7 ps 2.5 lc palette, \\\n"
                      "  '%s.dat' using %d:%d with points pt 6 ps 2.5 lc rgb 'black'\n",
                      name, columns[0], columns[1], name, columns[0], columns[1]);
    }
    text.len = 0;
    strbuf_printf(&text, "Median %s by %s and %s, %s (colour; %s). %s.", t->views_label, a0->name,
                  a1->name, grid ? "a cell per pair of values" : "a marker per point",
                  log_cb ? "log scale" : "linear scale", t->caption);
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, text.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&text);
    strbuf_destroy(&title);
    free(pairs);
    free(cells);
    free(medians);
    return status;
}

int plot_sweep_write(const char *sweep_dir, const char *sweep_json, const char *sweep_csv,
                     enum plot_format format, struct plot_set *set, struct error *err)
{
    struct plot_sweep_table t;
    int status = plot_sweep_table_read(sweep_dir, sweep_json, sweep_csv, &t, err);
    if (status == STATUS_OK) {
        status = gnuplot_make_dir(sweep_dir, set, err);
    }
    for (size_t k = 0; k < t.axis_count && status == STATUS_OK; k++) {
        status = write_sweep_views(&t, k, format, set, err);
    }
    if (status == STATUS_OK && t.axis_count >= 2) {
        status = write_sweep_heatmap(&t, format, set, err);
    }
    /* A saltelli sweep's indices, beside its points. */
    size_t size = strlen(sweep_dir) + 16;
    char *sobol = xmalloc(size);
    snprintf(sobol, size, "%s/sobol.csv", sweep_dir);
    struct stat st;
    if (status == STATUS_OK && stat(sobol, &st) == 0 && S_ISREG(st.st_mode)) {
        status = plot_sobol_write(sobol, t.caption, format, set, err);
    }
    free(sobol);
    plot_sweep_table_destroy(&t);
    return status;
}
