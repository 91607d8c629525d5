/* The gnuplot writer every figure shares: quoting, number formatting, the
 * script's preamble, and writing a NAME.dat and NAME.gp pair into the plots
 * directory. */
#include "gnuplot.h"

#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "../fileio.h"

void gnuplot_file_name(const char *name, char *out, size_t size)
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

/* Appends text as a gnuplot single-quoted string (a quote doubled). */
void gnuplot_quote(struct strbuf *sb, const char *text)
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
void gnuplot_quote_lines(struct strbuf *sb, const char *text)
{
    struct strbuf line;
    strbuf_init(&line);
    for (const char *start = text;;) {
        const char *newline = strchr(start, '\n');
        size_t len = newline ? (size_t)(newline - start) : strlen(start);
        line.len = 0;
        strbuf_append(&line, start, len);
        gnuplot_quote(sb, line.data);
        if (!newline) {
            break;
        }
        strbuf_printf(sb, " . \"\\n\" . ");
        start = newline + 1;
    }
    strbuf_destroy(&line);
}

/* Appends x with the given significant digits, or NaN where not finite. */
void gnuplot_number_digits(struct strbuf *sb, double x, int digits)
{
    if (isfinite(x)) {
        strbuf_printf(sb, " %.*g", digits, x);
    } else {
        strbuf_printf(sb, " NaN");
    }
}

/* Appends x in the fewest significant digits (15 to 17) that read back as
 * exactly x, or NaN where not finite: 0.3 stays 0.3, not 0.29999999999999999. */
void gnuplot_number_exact(struct strbuf *sb, double x)
{
    int digits = 15;
    char text[40];
    for (; digits < 17 && isfinite(x); digits++) {
        snprintf(text, sizeof text, "%.*g", digits, x);
        if (strtod(text, NULL) == x) {
            break;
        }
    }
    gnuplot_number_digits(sb, x, digits);
}

void gnuplot_number(struct strbuf *sb, double x)
{
    gnuplot_number_digits(sb, x, 10);
}

/* The script's opening: how to rerun it, the columns, terminal, output and
 * the title. */
void gnuplot_preamble(struct strbuf *sb, enum plot_format format, const char *name,
                      const char *what, const char *columns, const char *title)
{
    strbuf_printf(sb,
                  "# %s\n"
                  "# Written by amplisim plot. Rerun from this directory: gnuplot %s.gp\n"
                  "# Data: %s.dat, columns %s\n\n"
                  "# report.gp sets in_report and loads this script into a page of "
                  "report.pdf.\n"
                  "if (!exists(\"in_report\")) {\n    ",
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
    strbuf_printf(sb, "    set output '%s.%s'\n}\nset title ", name, plot_format_extension(format));
    gnuplot_quote_lines(sb, title);
    strbuf_printf(sb, "\n");
}

const char *gnuplot_palette(size_t i)
{
    static const char *const colours[GNUPLOT_PALETTE_SIZE] = {
        "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
        "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f",
    };
    return colours[i % GNUPLOT_PALETTE_SIZE];
}

const char *gnuplot_shade(int side, size_t i)
{
    /* Darkest first, then shades far apart in lightness or hue within the
     * family, so that neighbours in a legend differ most. */
    static const char *const shades[2][GNUPLOT_SHADES] = {
        {"#08519c", "#4292c6", "#17becf", "#6a51a3", "#01665e", "#807dba", "#525f7f", "#9ecae1"},
        {"#a50f15", "#fd8d3c", "#ef3b2c", "#c51b7d", "#a63603", "#e6ab02", "#f768a1", "#fcbba1"},
    };
    return shades[side ? 1 : 0][i % GNUPLOT_SHADES];
}

void gnuplot_dash(struct strbuf *sb, size_t k)
{
    if (k < 5) {
        strbuf_printf(sb, " dt %zu", k + 1);
    } else {
        /* Past gnuplot's five: a dash that lengthens with k, then a dot. */
        strbuf_printf(sb, " dt (%zu,4,2,4)", 2 * k);
    }
}

double gnuplot_min_positive(double min, double x)
{
    return x > 0.0 && isfinite(x) && !(x >= min) ? x : min;
}

void gnuplot_log_y(struct strbuf *sb, double min_positive)
{
    strbuf_printf(sb, "set logscale y\n"
                      "# Zero cannot be drawn on a log axis: zeros are left out (NaN) rather "
                      "than drawn\n# at a floor, so each line starts at its first nonzero "
                      "value.\n"
                      "pos(x) = (x > 0 ? x : NaN)\n");
    if (min_positive > 0.0 && isfinite(min_positive)) {
        strbuf_printf(sb,
                      "# The axis starts at the smallest positive value drawn, rounded down "
                      "to a power of 10.\nset yrange [%.17g:*]\n",
                      pow(10.0, floor(log10(min_positive))));
    }
}

/* A pair of files built in memory, written atomically into dir. */
int gnuplot_write_pair(const char *dir, const char *name, const struct strbuf *dat,
                       const struct strbuf *gp, const char *caption, struct plot_set *set,
                       struct error *err)
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
        set->captions = xrealloc(set->captions, (set->count + 1) * sizeof *set->captions);
        snprintf(set->names[set->count], PLOT_NAME_MAX, "%s", name);
        set->captions[set->count++] = xstrdup(caption);
    }
    return status;
}

/* Appends text with a line break at the last space before every `width`
 * characters, so a caption fits the page's width. */
static void wrap(struct strbuf *out, const char *text, size_t width)
{
    size_t start = out->len, line_start = out->len;
    strbuf_printf(out, "%s", text);
    size_t last_space = 0;
    for (size_t i = start; i < out->len; i++) {
        if (out->data[i] == '\n') {
            line_start = i + 1;
            last_space = 0;
        } else if (out->data[i] == ' ') {
            last_space = i;
        }
        if (i - line_start >= width && last_space > line_start) {
            out->data[last_space] = '\n';
            line_start = last_space + 1;
            last_space = 0;
        }
    }
}

int gnuplot_write_report(const struct plot_set *set, struct error *err)
{
    struct strbuf gp, caption;
    strbuf_init(&gp);
    strbuf_init(&caption);
    strbuf_printf(&gp,
                  "# report.pdf: every figure of this directory, one a page, each under its "
                  "caption.\n"
                  "# Written by amplisim plot. Rerun from this directory: gnuplot report.gp\n"
                  "# (amplisim sets report_output to a temporary name, renamed once the file "
                  "is complete.)\n\n"
                  "if (!exists(\"report_output\")) {\n    report_output = 'report.pdf'\n}\n"
                  "set terminal pdfcairo size 8in,6in noenhanced font 'sans,9'\n"
                  "set output report_output\n"
                  "# Each figure's script sees this and leaves the terminal and output alone.\n"
                  "in_report = 1\n");
    for (size_t i = 0; i < set->count; i++) {
        caption.len = 0;
        strbuf_printf(&caption, "Figure %zu (%s). ", i + 1, set->names[i]);
        wrap(&caption, set->captions[i], 125);
        size_t lines = 1;
        for (size_t c = 0; c < caption.len; c++) {
            lines += caption.data[c] == '\n';
        }
        /* reset clears the previous figure's settings (not the terminal,
         * output or variables). The caption's first line sits at its
         * position and the others below it, about 10 pt apart on the 6 in
         * (432 pt) page; the bottom margin leaves the axis's tics and label
         * about 36 pt above the caption. */
        double caption_top = (6.0 + 10.0 * (double)lines) / 432.0;
        strbuf_printf(&gp, "\n# Page %zu\nreset\nset bmargin at screen %.3f\nset label 9999 ",
                      i + 1, caption_top + 36.0 / 432.0);
        gnuplot_quote_lines(&gp, caption.data);
        strbuf_printf(&gp, " at screen 0.04, screen %.3f left front\nload '%s.gp'\n",
                      caption_top - 8.0 / 432.0, set->names[i]);
    }
    strbuf_printf(&gp, "\nunset output\n");
    size_t size = strlen(set->dir) + 16;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/report.gp", set->dir);
    int status = file_write_atomic(path, gp.data, gp.len, err);
    free(path);
    strbuf_destroy(&gp);
    strbuf_destroy(&caption);
    return status;
}

int gnuplot_make_dir(const char *dir, struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 8;
    set->dir = xmalloc(size);
    snprintf(set->dir, size, "%s/plots", dir);
    int status = file_make_dirs(set->dir, err);
    if (status == STATUS_OK) {
        /* report.pdf's temporary of a plot that was killed. */
        file_remove_stale_temps(set->dir);
    }
    return status;
}
