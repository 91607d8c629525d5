/* This file turns a run directory's timeseries.csv and summary.json, a
 * compare directory's compare.json and its a/ and b/ run directories, or a
 * sweep directory's sweep.json and sweep.csv, into gnuplot data files and
 * scripts, one pair per plot, in DIR/plots/. */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"
#include "results.h"
#include "sweep_output.h"

#define LABEL_MAX 64 /* names and labels as the plots keep them */

int plot_format_parse(const char *text, enum plot_format *out)
{
    static const char *const names[3] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (enum plot_format)i;
            return 0;
        }
    }
    return -1;
}

const char *plot_format_extension(enum plot_format format)
{
    return format == PLOT_SVG ? "svg" : format == PLOT_PDF ? "pdf" : "png";
}

static void make_file_name(const char *name, char *out, size_t size)
{
    size_t i = 0;
    for (; name[i] && i + 1 < size; i++) {
        char c = name[i];
        bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                     c == '_' || c == '-' || c == '.';
        out[i] = plain ? c : '_';
    }
    out[i] = '\0';
    if (i == 0) {
        snprintf(out, size, "story");
    }
}

/* A story's name made safe for file names and gnuplot's column headers. */
static const char *story_file_name(const struct results_story *s, char out[RESULTS_NAME_MAX])
{
    make_file_name(s->name, out, RESULTS_NAME_MAX);
    return out;
}

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
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

/* Appends text as a gnuplot single-quoted string (a quote doubled). */
static void gp_quote(struct strbuf *sb, const char *text)
{
    strbuf_append(sb, "'", 1);
    for (const char *p = text; *p; p++) {
        strbuf_append(sb, p, 1);
        if (*p == '\'') {
            strbuf_append(sb, "'", 1);
        }
    }
    strbuf_append(sb, "'", 1);
}

/* Appends a title that may span lines: each line single-quoted, joined by
 * gnuplot's string concatenation with a newline between them. */
static void gp_quote_lines(struct strbuf *sb, const char *text)
{
    struct strbuf line;
    strbuf_init(&line);
    for (const char *start = text;;) {
        const char *newline = strchr(start, '\n');
        size_t len = newline ? (size_t)(newline - start) : strlen(start);
        line.len = 0;
        strbuf_append(&line, start, len);
        gp_quote(sb, line.data);
        if (!newline) {
            break;
        }
        strbuf_printf(sb, " . \"\\n\" . ");
        start = newline + 1;
    }
    strbuf_destroy(&line);
}

/* Appends x with the given significant digits, or NaN where not finite. */
static void gp_number_digits(struct strbuf *sb, double x, int digits)
{
    if (isfinite(x)) {
        strbuf_printf(sb, " %.*g", digits, x);
    } else {
        strbuf_printf(sb, " NaN");
    }
}

/* Appends x in the fewest significant digits (15 to 17) that read back as
 * exactly x, or NaN where not finite: 0.3 stays 0.3, not 0.29999999999999999. */
static void gp_number_exact(struct strbuf *sb, double x)
{
    int digits = 15;
    char text[40];
    for (; digits < 17 && isfinite(x); digits++) {
        snprintf(text, sizeof text, "%.*g", digits, x);
        if (strtod(text, NULL) == x) {
            break;
        }
    }
    gp_number_digits(sb, x, digits);
}

static void gp_number(struct strbuf *sb, double x)
{
    gp_number_digits(sb, x, 10);
}

/* The script's opening: how to rerun it, the columns, terminal, output and
 * the title. */
static void gp_preamble(struct strbuf *sb, enum plot_format format, const char *name,
                        const char *what, const char *columns, const char *title)
{
    strbuf_printf(sb,
                  "# %s\n"
                  "# Written by amplisim plot. Rerun from this directory: gnuplot %s.gp\n"
                  "# Data: %s.dat, columns %s\n\n",
                  what, name, name, columns);
    switch (format) {
    case PLOT_SVG:
        strbuf_printf(sb, "set terminal svg size 1200,800 dynamic noenhanced font 'sans,12'\n");
        break;
    case PLOT_PDF:
        strbuf_printf(sb, "set terminal pdfcairo size 8in,5.33in noenhanced font 'sans,9'\n");
        break;
    case PLOT_PNG:
        strbuf_printf(sb, "set terminal pngcairo size 1200,800 noenhanced font 'sans,11'\n");
        break;
    }
    strbuf_printf(sb, "set output '%s.%s'\nset title ", name, plot_format_extension(format));
    gp_quote_lines(sb, title);
    strbuf_printf(sb, "\n");
}

/* gp_preamble with the run's title (scenario and replicates), then the axes
 * of a plot over time. */
static void gp_header(struct strbuf *sb, const struct results_run *t, enum plot_format format,
                      const char *name, const char *what, const char *columns,
                      const char *ylabel)
{
    struct strbuf title;
    strbuf_init(&title);
    strbuf_printf(&title, "%s: %s (%.0f replicates)", t->scenario, what, t->replicates);
    gp_preamble(sb, format, name, what, columns, title.data);
    strbuf_destroy(&title);
    strbuf_printf(sb, "set xlabel 'time since the start (h)'\nset ylabel ");
    gp_quote(sb, ylabel);
    strbuf_printf(sb, "\nset key bottom right box opaque\nset grid\nset xrange [0:*]\n");
}

static const char *story_label(const struct results_story *s, char *buf, size_t size)
{
    snprintf(buf, size, "%s%s", s->name, s->correction ? " (correction)" : "");
    return buf;
}

/* A pair of files built in memory, written atomically into dir. */
static int write_pair(const char *dir, const char *name, const struct strbuf *dat,
                      const struct strbuf *gp, struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + strlen(name) + 8;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/%s.dat", dir, name);
    int status = file_write_atomic(path, dat->data, dat->len, err);
    if (status == STATUS_OK) {
        snprintf(path, size, "%s/%s.gp", dir, name);
        status = file_write_atomic(path, gp->data, gp->len, err);
    }
    free(path);
    if (status == STATUS_OK) {
        set->names = xrealloc(set->names, (set->count + 1) * sizeof *set->names);
        snprintf(set->names[set->count++], PLOT_NAME_MAX, "%s", name);
    }
    return status;
}

static int write_reach(const struct results_run *t, size_t total, enum plot_format format,
                       struct plot_set *set, struct error *err)
{
    static const char *const suffix[6] = {"cum_views_median", "cum_views_p05",
                                          "cum_views_p95",    "cum_reach_median",
                                          "cum_reach_p05",    "cum_reach_p95"};
    struct strbuf dat, gp, columns;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
    strbuf_printf(&dat, "# time_h");
    strbuf_printf(&columns, "1 time_h");
    char file[RESULTS_NAME_MAX];
    for (size_t s = 0; s < t->story_count; s++) {
        story_file_name(&t->stories[s], file);
        for (int k = 0; k < 6; k++) {
            strbuf_printf(&dat, " %s_%s", file, suffix[k]);
            strbuf_printf(&columns, ", %zu %s_%s", 2 + 6 * s + (size_t)k, file, suffix[k]);
        }
    }
    strbuf_printf(&dat, "\n");
    for (size_t b = 0; b < t->time_count; b++) {
        gp_number(&dat, t->times[b]);
        for (size_t s = 0; s < t->story_count; s++) {
            const double *v = results_run_cell(t, s, total, b);
            for (int c = RESULTS_CUM_VIEWS_MEDIAN; c <= RESULTS_CUM_REACH_P95; c++) {
                gp_number(&dat, v[c]);
            }
        }
        strbuf_printf(&dat, "\n");
    }
    gp_header(&gp, t, format, "reach",
              "cumulative views and reach per story, median with the 5-95 % band",
              columns.data, "cumulative count (views; accounts reached), log scale");
    strbuf_printf(&gp,
                  "set logscale y\n"
                  "# The log axis starts at 1: counts below 1 (nothing yet) are drawn at 1.\n"
                  "floor1(x) = (x >= 1 ? x : 1)\n"
                  "set style fill transparent solid 0.15 noborder\n"
                  "plot \\\n");
    char label[LABEL_MAX + 16];
    for (size_t s = 0; s < t->story_count; s++) {
        size_t c0 = 2 + 6 * s;
        int color = (int)s + 1;
        story_label(&t->stories[s], label, sizeof label);
        strbuf_printf(&gp,
                      "  'reach.dat' using 1:(floor1($%zu)):(floor1($%zu)) with filledcurves "
                      "lc %d notitle, \\\n"
                      "  'reach.dat' using 1:(floor1($%zu)):(floor1($%zu)) with filledcurves "
                      "lc %d notitle, \\\n",
                      c0 + 1, c0 + 2, color, c0 + 4, c0 + 5, color);
        strbuf_printf(&gp, "  'reach.dat' using 1:(floor1($%zu)) with lines lw 2 lc %d title ",
                      c0, color);
        struct strbuf title;
        strbuf_init(&title);
        strbuf_printf(&title, "%s: views", label);
        gp_quote(&gp, title.data);
        title.len = 0;
        strbuf_printf(&title, "%s: reach", label);
        strbuf_printf(&gp,
                      ", \\\n  'reach.dat' using 1:(floor1($%zu)) with lines lw 2 dt 2 lc %d "
                      "title ",
                      c0 + 3, color);
        gp_quote(&gp, title.data);
        strbuf_destroy(&title);
        strbuf_printf(&gp, "%s\n", s + 1 < t->story_count ? ", \\" : "");
    }
    int status = write_pair(set->dir, "reach", &dat, &gp, set, err);
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
        story_file_name(&t->stories[s], file);
        strbuf_printf(&dat, " %s_views_per_h", file);
        strbuf_printf(&columns, ", %zu %s_views_per_h", 3 + s, file);
    }
    strbuf_printf(&dat, "\n");
    for (size_t b = 0; b < t->time_count; b++) {
        /* time_h is the end of the bin; the first bin starts at 0. */
        double bin_h = t->times[b] - (b ? t->times[b - 1] : 0.0);
        gp_number(&dat, t->times[b]);
        gp_number(&dat, bin_h);
        for (size_t s = 0; s < t->story_count; s++) {
            double views = results_run_cell(t, s, total, b)[RESULTS_VIEWS_MEDIAN];
            gp_number(&dat, bin_h > 0.0 ? views / bin_h : NAN);
        }
        strbuf_printf(&dat, "\n");
    }
    gp_header(&gp, t, format, "rate",
              "views per hour per story (median of each bin's views over the bin's width)",
              columns.data, "views per hour (1/h)");
    strbuf_printf(&gp, "set yrange [0:*]\nset key top right\nplot \\\n");
    char label[LABEL_MAX + 16];
    for (size_t s = 0; s < t->story_count; s++) {
        strbuf_printf(&gp, "  'rate.dat' using 1:%zu with linespoints lw 2 pt 7 ps 0.6 lc %d title ",
                      3 + s, (int)s + 1);
        gp_quote(&gp, story_label(&t->stories[s], label, sizeof label));
        strbuf_printf(&gp, "%s\n", s + 1 < t->story_count ? ", \\" : "");
    }
    int status = write_pair(set->dir, "rate", &dat, &gp, set, err);
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
    snprintf(name, sizeof name, "%s_%s", prefix, story_file_name(&t->stories[story], file));
    struct strbuf dat, gp, columns;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&columns);
    strbuf_printf(&dat, "# time_h");
    strbuf_printf(&columns, "1 time_h (end of the bin)");
    for (size_t k = 0; k < key_count; k++) {
        char key[LABEL_MAX];
        make_file_name(t->series[keys[k]].key, key, sizeof key);
        strbuf_printf(&dat, " %s", key);
        strbuf_printf(&columns, ", %zu %s", 2 + k, key);
    }
    strbuf_printf(&dat, "\n");
    for (size_t b = 0; b < t->time_count; b++) {
        gp_number(&dat, t->times[b]);
        for (size_t k = 0; k < key_count; k++) {
            gp_number(&dat, results_run_cell(t, story, keys[k], b)[RESULTS_VIEWS_MEDIAN]);
        }
        strbuf_printf(&dat, "\n");
    }
    struct strbuf what;
    strbuf_init(&what);
    strbuf_printf(&what, "views per bin of story %s by %s, stacked (medians)",
                  t->stories[story].name, noun);
    gp_header(&gp, t, format, name, what.data, columns.data, "views per time bin (median)");
    strbuf_destroy(&what);
    strbuf_printf(&gp,
                  "set yrange [0:*]\n"
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
        gp_quote(&gp, t->series[keys[k]].key);
        strbuf_printf(&gp, "%s\n", k > 0 ? ", \\" : "");
    }
    int status = write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&columns);
    free(keys);
    return status;
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Reads a run directory and finds its ("total", "all") series; on failure t
 * may hold memory to destroy. */
static int load_run(const char *dir, struct results_run *t, size_t *total, struct error *err)
{
    int status = results_read_run(dir, t, err);
    if (status == STATUS_OK && !find_named_series(t, "total", "all", total)) {
        status = error_set(err, "%s/timeseries.csv: no rows with dimension \"total\" and key \"all\"",
                           dir);
    }
    return status;
}

static int make_plots_dir(const char *dir, struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 8;
    set->dir = xmalloc(size);
    snprintf(set->dir, size, "%s/plots", dir);
    return file_make_dirs(set->dir, err);
}

static int write_run_plots(const char *run_dir, enum plot_format format, struct plot_set *set,
                           struct error *err)
{
    struct results_run t;
    memset(&t, 0, sizeof t);
    size_t total = 0;
    int status = load_run(run_dir, &t, &total, err);
    if (status == STATUS_OK) {
        status = make_plots_dir(run_dir, set, err);
    }
    if (status == STATUS_OK) {
        status = write_reach(&t, total, format, set, err);
    }
    if (status == STATUS_OK) {
        status = write_rate(&t, total, format, set, err);
    }
    for (size_t s = 0; s < t.story_count && status == STATUS_OK; s++) {
        status = write_stacked(&t, s, "channel", "channels", "channel", format, set, err);
        if (status == STATUS_OK) {
            status = write_stacked(&t, s, "role", "roles", "poster role", format, set, err);
        }
    }
    results_run_destroy(&t);
    return status;
}

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
    gp_preamble(&gp, format, name,
                "cumulative views per side and story, median with the 5-95 % band", columns,
                title.data);
    strbuf_printf(&gp,
                  "set xlabel 'time since the start (h)'\n"
                  "set ylabel 'cumulative views, log scale'\n"
                  "set key bottom right box opaque\nset grid\nset xrange [0:*]\n"
                  "set logscale y\n"
                  "# The log axis starts at 1: counts below 1 (nothing yet) are drawn at 1.\n"
                  "floor1(x) = (x >= 1 ? x : 1)\n"
                  "set style fill transparent solid 0.15 noborder\n"
                  "plot \\\n");
    static const char side_name[2] = {'a', 'b'};
    size_t block = 0;
    char label[LABEL_MAX + 16], file[RESULTS_NAME_MAX];
    for (int side = 0; side < 2; side++) {
        const struct results_run *r = &t[side];
        for (size_t s = 0; s < r->story_count; s++, block++) {
            if (block > 0) {
                strbuf_printf(&dat, "\n\n");
                strbuf_printf(&gp, ", \\\n");
            }
            for (size_t b = 0; b < r->time_count; b++) {
                const double *v = results_run_cell(r, s, total[side], b);
                strbuf_printf(&dat, "%c %s", side_name[side], story_file_name(&r->stories[s], file));
                gp_number(&dat, r->times[b]);
                gp_number(&dat, v[RESULTS_CUM_VIEWS_MEDIAN]);
                gp_number(&dat, v[RESULTS_CUM_VIEWS_P05]);
                gp_number(&dat, v[RESULTS_CUM_VIEWS_P95]);
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
                          story_label(&r->stories[s], label, sizeof label));
            gp_quote(&gp, title.data);
        }
    }
    strbuf_printf(&gp, "\n");
    int status = write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    return status;
}

/* Views left against accounts suspended, one line per side, from
 * compare.json's resilience_topK figures. */
static int write_resilience(const struct results_compare *c, enum plot_format format,
                            struct plot_set *set, struct error *err)
{
    static const char name[] = "resilience";
    struct strbuf dat, gp, title, what;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_init(&what);
    strbuf_printf(&dat, "# accounts_suspended a_views_left b_views_left\n");
    for (size_t i = 0; i < c->k_count; i++) {
        strbuf_printf(&dat, "%zu", c->k[i]);
        /* 17 digits, so the figures read back exactly as compare.json has them. */
        gp_number_digits(&dat, c->left[i][0], 17);
        gp_number_digits(&dat, c->left[i][1], 17);
        strbuf_printf(&dat, "\n");
    }
    strbuf_printf(&what, "views left after suspending the top K accounts at %g h",
                  c->resilience_at_h);
    compare_title(&title, c, what.data);
    gp_preamble(&gp, format, name, what.data,
                "1 accounts_suspended (K), 2 a_views_left, 3 b_views_left (fractions)", title.data);
    strbuf_printf(&gp,
                  "set xlabel 'accounts suspended (the top K by followers), log scale'\n"
                  "set ylabel 'views left (fraction of the views without suspension)'\n"
                  "set key bottom left box opaque\nset grid\n"
                  "set logscale x\nset xrange [%g:%g]\nset yrange [0:1.1]\n"
                  "# A ratio of medians: it can exceed 1 by noise where suspending matters "
                  "little.\n"
                  "plot \\\n"
                  "  '%s.dat' using 1:2 with linespoints lw 2 pt 7 ps 1.2 lc rgb '%s' title ",
                  (double)c->k[0] / 2.0, (double)c->k[c->k_count - 1] * 2.0, name,
                  side_colour(0, 0));
    title.len = 0;
    strbuf_printf(&title, "A %s", c->name[0]);
    gp_quote(&gp, title.data);
    strbuf_printf(&gp,
                  ", \\\n  '%s.dat' using 1:3 with linespoints lw 2 pt 5 ps 1.2 lc rgb '%s' "
                  "title ",
                  name, side_colour(1, 0));
    title.len = 0;
    strbuf_printf(&title, "B %s", c->name[1]);
    gp_quote(&gp, title.data);
    strbuf_printf(&gp, "\n");
    int status = write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    strbuf_destroy(&what);
    return status;
}

static int write_compare_plots(const char *compare_dir, const char *compare_json,
                               enum plot_format format, struct plot_set *set, struct error *err)
{
    struct results_compare c;
    memset(&c, 0, sizeof c);
    struct results_run t[2];
    memset(t, 0, sizeof t);
    size_t total[2] = {0, 0};
    int status = results_read_compare(compare_json, &c, err);
    if (status == STATUS_OK && c.k_count == 0) {
        status = error_set(err, "%s: /figures has no resilience_topK figures", compare_json);
    }
    size_t size = strlen(compare_dir) + 4;
    char *side_dir = xmalloc(size);
    for (int side = 0; side < 2 && status == STATUS_OK; side++) {
        snprintf(side_dir, size, "%s/%c", compare_dir, "ab"[side]);
        status = load_run(side_dir, &t[side], &total[side], err);
    }
    free(side_dir);
    if (status == STATUS_OK) {
        status = make_plots_dir(compare_dir, set, err);
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

/* One parameter of a sweep and the distinct values it takes (its levels). */
struct sweep_axis {
    char name[LABEL_MAX];          /* its column in sweep.csv */
    char file_name[LABEL_MAX];     /* the name made safe for a file name */
    char label[LABEL_MAX * 3];     /* the axis label: the name, and the JSON path if it differs */
    bool numeric;                  /* every value is a finite number */
    size_t level_count;            /* distinct values */
    double *level_value;           /* ascending values; 0, 1, ... for a categorical parameter */
    char (*level_text)[LABEL_MAX]; /* each level as tics and legends show it */
};

/* A sweep directory as the plots need it. */
struct sweep_table {
    char caption[LABEL_MAX * 6];     /* "sweep NAME on SCENARIO, R replicates per point, ..." */
    char views_label[LABEL_MAX * 2]; /* what "views" counts: all stories or one */
    size_t axis_count;
    struct sweep_axis *axes;
    size_t point_count;
    double *point;                /* sweep.csv's point column */
    size_t *level;                /* [point * axis_count + k]: the point's level of parameter k */
    double (*views)[SWEEP_OUTPUT_VIEWS_COUNT]; /* NaN where the cell is empty */
};

static void sweep_table_destroy(struct sweep_table *t)
{
    for (size_t k = 0; k < t->axis_count; k++) {
        free(t->axes[k].level_value);
        free(t->axes[k].level_text);
    }
    free(t->axes);
    free(t->point);
    free(t->level);
    free(t->views);
}

static size_t sweep_level(const struct sweep_table *t, size_t point, size_t k)
{
    return t->level[point * t->axis_count + k];
}

/* Where parameter k of the point sits on its axis: the value, or the level's
 * index for a categorical parameter. */
static double sweep_x(const struct sweep_table *t, size_t point, size_t k)
{
    return t->axes[k].level_value[sweep_level(t, point, k)];
}

/* Parses the whole of text as a finite number. */
static bool parse_finite(const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

/* Finds the distinct values of parameter k among the points' cells (texts,
 * [point * axis_count + k]) and each point's level. Numbers are sorted
 * ascending; anything else (a word, true, false) is categorical and keeps the
 * order of first appearance. */
static void sweep_find_levels(struct sweep_table *t, size_t k, char *const *texts)
{
    struct sweep_axis *a = &t->axes[k];
    size_t n = t->point_count;
    double *values = xmalloc((n + 1) * sizeof *values);
    a->numeric = n > 0;
    for (size_t p = 0; p < n && a->numeric; p++) {
        a->numeric = parse_finite(texts[p * t->axis_count + k], &values[p]);
    }
    a->level_value = xmalloc((n + 1) * sizeof *a->level_value);
    a->level_text = xmalloc((n + 1) * sizeof *a->level_text);
    a->level_count = 0;
    if (a->numeric) {
        qsort(values, n, sizeof *values, compare_double);
        for (size_t p = 0; p < n; p++) {
            if (a->level_count == 0 || a->level_value[a->level_count - 1] != values[p]) {
                a->level_value[a->level_count] = values[p];
                snprintf(a->level_text[a->level_count], LABEL_MAX, "%g", values[p]);
                a->level_count++;
            }
        }
        for (size_t p = 0; p < n; p++) {
            double x;
            parse_finite(texts[p * t->axis_count + k], &x);
            size_t lo = 0, hi = a->level_count - 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (a->level_value[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            t->level[p * t->axis_count + k] = lo;
        }
    } else {
        for (size_t p = 0; p < n; p++) {
            const char *text = texts[p * t->axis_count + k];
            char shown[LABEL_MAX];
            snprintf(shown, sizeof shown, "%s", *text ? text : "(empty)");
            size_t i = 0;
            while (i < a->level_count && strcmp(a->level_text[i], shown) != 0) {
                i++;
            }
            if (i == a->level_count) {
                a->level_value[i] = (double)i;
                memcpy(a->level_text[i], shown, sizeof shown);
                a->level_count++;
            }
            t->level[p * t->axis_count + k] = i;
        }
    }
    free(values);
}

/* Reads sweep.csv into t: its points and figures, an axis per parameter
 * and each point's level on it. */
static int read_sweep_csv(const char *path, struct sweep_table *t, struct error *err)
{
    struct sweep_output_table csv;
    int status = sweep_output_read_csv(path, &csv, err);
    if (status == STATUS_OK) {
        t->axis_count = csv.parameter_count;
        t->axes = xcalloc(t->axis_count, sizeof *t->axes);
        for (size_t k = 0; k < t->axis_count; k++) {
            struct sweep_axis *a = &t->axes[k];
            snprintf(a->name, sizeof a->name, "%s", csv.parameter[k]);
            /* A name that is a JSON path would start every file name with '_'. */
            const char *start = a->name;
            while (*start == '/') {
                start++;
            }
            make_file_name(start, a->file_name, sizeof a->file_name);
            snprintf(a->label, sizeof a->label, "%s", a->name);
        }
        /* The table takes the points and figures over. */
        t->point_count = csv.point_count;
        t->point = csv.point;
        t->views = csv.views;
        csv.point = NULL;
        csv.views = NULL;
        t->level = xmalloc(t->point_count * t->axis_count * sizeof *t->level);
        for (size_t k = 0; k < t->axis_count; k++) {
            sweep_find_levels(t, k, csv.value);
        }
    }
    sweep_output_table_destroy(&csv);
    return status;
}

/* The last component of a path without a trailing slash or the extension
 * given (e.g. ".json"). */
static void base_name(const char *path, const char *extension, char *out, size_t size)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/') {
        end--;
    }
    size_t start = end;
    while (start > 0 && path[start - 1] != '/') {
        start--;
    }
    size_t ext = extension ? strlen(extension) : 0;
    if (ext && end - start > ext && strncmp(path + end - ext, extension, ext) == 0) {
        end -= ext;
    }
    snprintf(out, size, "%.*s", (int)(end - start), path + start);
}

/* Reads sweep.json for the caption (the sweep's name, base scenario,
 * replicates and design), what the views count (the sweep's story) and each
 * parameter's JSON path. Missing keys fall back to the directory's name and
 * to leaving the item out. */
static int read_sweep_json(const char *dir, const char *path, struct sweep_table *t,
                           struct error *err)
{
    struct sweep_output_about about;
    int status = sweep_output_read_json(path, &about, err);
    if (status != STATUS_OK) {
        sweep_output_about_destroy(&about);
        return status;
    }
    char sweep_name[LABEL_MAX], scenario_name[LABEL_MAX];
    if (about.name && *about.name) {
        snprintf(sweep_name, sizeof sweep_name, "%s", about.name);
    } else {
        base_name(dir, NULL, sweep_name, sizeof sweep_name);
    }
    struct strbuf caption;
    strbuf_init(&caption);
    strbuf_printf(&caption, "sweep %s", sweep_name);
    if (about.scenario) {
        base_name(about.scenario, ".json", scenario_name, sizeof scenario_name);
        strbuf_printf(&caption, " on %s", scenario_name);
    }
    if (about.replicates > 0) {
        strbuf_printf(&caption, ", %.0f replicates per point", about.replicates);
    }
    if (about.design) {
        strbuf_printf(&caption, ", %s design", about.design);
    }
    snprintf(t->caption, sizeof t->caption, "%s", caption.data);
    strbuf_destroy(&caption);
    if (about.story) {
        snprintf(t->views_label, sizeof t->views_label, "views of story %s per run", about.story);
    } else {
        snprintf(t->views_label, sizeof t->views_label, "views per run (all stories)");
    }
    for (size_t j = 0; j < about.parameter_count; j++) {
        for (size_t k = 0; k < t->axis_count; k++) {
            struct sweep_axis *a = &t->axes[k];
            if (strcmp(a->name, about.parameter_name[j]) == 0 &&
                strcmp(a->name, about.parameter_path[j]) != 0) {
                snprintf(a->label, sizeof a->label, "%s (%.*s)", a->name, LABEL_MAX,
                         about.parameter_path[j]);
            }
        }
    }
    sweep_output_about_destroy(&about);
    return STATUS_OK;
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
static bool wants_log_axis(const struct sweep_axis *a)
{
    return a->numeric && a->level_value[0] > 0.0 &&
           a->level_value[a->level_count - 1] > 20.0 * a->level_value[0];
}

/* Categorical tics: each level's text at its index, at most about 15 shown. */
static void gp_level_tics(struct strbuf *gp, const char *axis, const struct sweep_axis *a)
{
    size_t step = (a->level_count + 14) / 15;
    strbuf_printf(gp, "set %stics (", axis);
    for (size_t i = 0; i < a->level_count; i += step) {
        strbuf_printf(gp, "%s", i ? ", " : "");
        gp_quote(gp, a->level_text[i]);
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
static bool same_others(const struct sweep_table *t, size_t p, size_t q, size_t k)
{
    for (size_t j = 0; j < t->axis_count; j++) {
        if (j != k && sweep_level(t, p, j) != sweep_level(t, q, j)) {
            return false;
        }
    }
    return true;
}

/* Median views against parameter k: one line with its 5-95 % band per
 * combination of the other parameters' values, or one marker per point with
 * its 5-95 % range as bars when there are too many combinations. */
static int write_sweep_views(const struct sweep_table *t, size_t k, enum plot_format format,
                             struct plot_set *set, struct error *err)
{
    const struct sweep_axis *a = &t->axes[k];
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
        placed[p].x = sweep_x(t, p, k);
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
    char(*legend)[LABEL_MAX * 4] = xmalloc(group_count * sizeof *legend);
    for (size_t g = 0; g < group_count; g++) {
        text.len = 0;
        if (markers || t->axis_count == 1) {
            strbuf_printf(&text, "median views");
        }
        for (size_t j = 0; j < t->axis_count && !markers; j++) {
            if (j != k) {
                strbuf_printf(&text, "%s%s = %s", text.len ? ", " : "", t->axes[j].name,
                              t->axes[j].level_text[sweep_level(t, rep[g], j)]);
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
        gp_number_exact(&dat, t->point[at->point]);
        gp_number_exact(&dat, at->x);
        static const int order[6] = {SWEEP_OUTPUT_VIEWS_MEDIAN, SWEEP_OUTPUT_VIEWS_P05,    SWEEP_OUTPUT_VIEWS_P95,
                                     SWEEP_OUTPUT_VIEWS_MEAN,   SWEEP_OUTPUT_VIEWS_CI_LOW, SWEEP_OUTPUT_VIEWS_CI_HIGH};
        for (int c = 0; c < 6; c++) {
            gp_number_exact(&dat, v[order[c]]);
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
    gp_preamble(&gp, format, name, text.data,
                "1 point, 2 x (the value, or its index for a categorical parameter), "
                "3 views_median, 4 views_p05, 5 views_p95, 6 views_mean, 7 views_ci95_low, "
                "8 views_ci95_high; one block per line",
                title.data);
    bool log_x = wants_log_axis(a);
    text.len = 0;
    strbuf_printf(&text, "%s%s", a->label, log_x ? ", log scale" : "");
    strbuf_printf(&gp, "set xlabel ");
    gp_quote(&gp, text.data);
    text.len = 0;
    strbuf_printf(&text, "%s%s", t->views_label, log_y ? ", log scale" : "");
    strbuf_printf(&gp, "\nset ylabel ");
    gp_quote(&gp, text.data);
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
        gp_level_tics(&gp, "x", a);
    }
    if (log_x) {
        strbuf_printf(&gp, "set logscale x\n");
    }
    const char *f = "";
    if (log_y) {
        strbuf_printf(&gp, "set logscale y\n"
                           "# The log axis starts at 1: counts below 1 are drawn at 1.\n"
                           "floor1(x) = (x >= 1 ? x : 1)\n");
        f = "floor1";
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
    for (size_t g = 0; g < group_count; g++) {
        int colour = (int)g + 1;
        if (markers) {
            strbuf_printf(&gp,
                          "  '%s.dat' using 2:(%s($3)):(%s($4)):(%s($5)) with yerrorbars pt 7 "
                          "ps 1.2 lw 1.5 lc %d title ",
                          name, f, f, f, colour);
        } else {
            strbuf_printf(&gp,
                          "  '%s.dat' index %zu using 2:(%s($4)):(%s($5)) with filledcurves lc %d "
                          "notitle, \\\n",
                          name, g, f, f, colour);
            if (ci) {
                strbuf_printf(&gp,
                              "  '%s.dat' index %zu using 2:(%s($6)):(%s($7)):(%s($8)) with "
                              "yerrorbars pt 6 ps 1.2 lc %d notitle, \\\n",
                              name, g, f, f, f, colour);
            }
            strbuf_printf(&gp,
                          "  '%s.dat' index %zu using 2:(%s($3)) with linespoints lw 2 pt 7 "
                          "ps 1 lc %d title ",
                          name, g, f, colour);
        }
        gp_quote(&gp, legend[g]);
        strbuf_printf(&gp, "%s\n", g + 1 < group_count ? ", \\" : "");
    }
    int status = write_pair(set->dir, name, &dat, &gp, set, err);
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
static int write_sweep_heatmap(const struct sweep_table *t, enum plot_format format,
                               struct plot_set *set, struct error *err)
{
    const struct sweep_axis *a0 = &t->axes[0], *a1 = &t->axes[1];
    size_t n = t->point_count;
    struct pair *pairs = xmalloc(n * sizeof *pairs);
    for (size_t p = 0; p < n; p++) {
        pairs[p] = (struct pair){sweep_level(t, p, 0), sweep_level(t, p, 1), p};
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
        gp_number_exact(&dat, a0->level_value[h->l0]);
        gp_number_exact(&dat, a1->level_value[h->l1]);
        gp_number_exact(&dat, h->median);
        strbuf_printf(&dat, " %zu", h->count);
        gp_number_exact(&dat, h->count == 1 ? t->point[h->point] : NAN);
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
    gp_preamble(&gp, format, name, text.data,
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
    gp_quote(&gp, text.data);
    strbuf_printf(&gp, "\n");
    if (log_cb) {
        strbuf_printf(&gp, "set logscale cb\n");
    }
    if (high > low) {
        strbuf_printf(&gp, "set cbrange [%.17g:%.17g]\n", low, high);
    }
    strbuf_printf(&gp, "unset key\n");
    const struct sweep_axis *axes[2] = {a0, a1};
    static const char *const axis_names[2] = {"x", "y"};
    int columns[2];
    for (int i = 0; i < 2; i++) {
        bool log_axis = !grid && wants_log_axis(axes[i]);
        text.len = 0;
        strbuf_printf(&text, "%s%s", axes[i]->label, log_axis ? ", log scale" : "");
        strbuf_printf(&gp, "set %slabel ", axis_names[i]);
        gp_quote(&gp, text.data);
        strbuf_printf(&gp, "\n");
        if (grid || !axes[i]->numeric) {
            gp_level_tics(&gp, axis_names[i], axes[i]);
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
    int status = write_pair(set->dir, name, &dat, &gp, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&text);
    strbuf_destroy(&title);
    free(pairs);
    free(cells);
    free(medians);
    return status;
}

static int write_sweep_plots(const char *sweep_dir, const char *sweep_json, const char *sweep_csv,
                             enum plot_format format, struct plot_set *set, struct error *err)
{
    struct sweep_table t;
    memset(&t, 0, sizeof t);
    int status = read_sweep_csv(sweep_csv, &t, err);
    if (status == STATUS_OK) {
        status = read_sweep_json(sweep_dir, sweep_json, &t, err);
    }
    if (status == STATUS_OK) {
        status = make_plots_dir(sweep_dir, set, err);
    }
    for (size_t k = 0; k < t.axis_count && status == STATUS_OK; k++) {
        status = write_sweep_views(&t, k, format, set, err);
    }
    if (status == STATUS_OK && t.axis_count >= 2) {
        status = write_sweep_heatmap(&t, format, set, err);
    }
    sweep_table_destroy(&t);
    return status;
}

int plot_write_scripts(const char *dir, enum plot_format format, struct plot_set *set,
                       struct error *err)
{
    memset(set, 0, sizeof *set);
    static const char *const files[4] = {"timeseries.csv", "compare.json", "sweep.json",
                                         "sweep.csv"};
    size_t size = strlen(dir) + 32;
    char *path[4];
    bool present[4];
    for (int i = 0; i < 4; i++) {
        path[i] = xmalloc(size);
        snprintf(path[i], size, "%s/%s", dir, files[i]);
        present[i] = is_file(path[i]);
    }
    int status;
    if (present[0]) {
        status = write_run_plots(dir, format, set, err);
    } else if (present[1]) {
        status = write_compare_plots(dir, path[1], format, set, err);
    } else if (present[2] && present[3]) {
        status = write_sweep_plots(dir, path[2], path[3], format, set, err);
    } else if (present[2]) {
        status = error_set(err, "%s: a sweep directory without sweep.csv (has the sweep finished?)",
                           dir);
    } else {
        status = error_set(err,
                           "%s: not a run, compare or sweep directory (no timeseries.csv, "
                           "compare.json or sweep.json)",
                           dir);
    }
    for (int i = 0; i < 4; i++) {
        free(path[i]);
    }
    if (status != STATUS_OK) {
        plot_set_destroy(set);
    }
    return status;
}

void plot_set_destroy(struct plot_set *set)
{
    if (!set) {
        return;
    }
    free(set->dir);
    free(set->names);
    memset(set, 0, sizeof *set);
}
