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
    gnuplot_quote_lines(sb, title);
    strbuf_printf(sb, "\n");
}

/* A pair of files built in memory, written atomically into dir. */
int gnuplot_write_pair(const char *dir, const char *name, const struct strbuf *dat,
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

int gnuplot_make_dir(const char *dir, struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 8;
    set->dir = xmalloc(size);
    snprintf(set->dir, size, "%s/plots", dir);
    return file_make_dirs(set->dir, err);
}
