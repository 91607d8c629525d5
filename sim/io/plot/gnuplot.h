/* The gnuplot writer every figure shares: quoting, number formatting, the
 * script's preamble, and writing a NAME.dat and NAME.gp pair atomically. */
#ifndef AMPLISIM_GNUPLOT_H
#define AMPLISIM_GNUPLOT_H

#include <stddef.h>

#include "../../base/error.h"
#include "../../base/strbuf.h"
#include "plot.h"

/* Copies name into out (size bytes) with anything but [A-Za-z0-9_.-] made
 * '_', so it can be part of a file name; "story" when name is empty. */
void gnuplot_file_name(const char *name, char *out, size_t size);

/* Appends text as a gnuplot single-quoted string (a quote doubled). */
void gnuplot_quote(struct strbuf *sb, const char *text);

/* Appends a title that may span lines: each line single-quoted, joined by
 * gnuplot's string concatenation with a newline between them. */
void gnuplot_quote_lines(struct strbuf *sb, const char *text);

/* Appends ' ' and x with the given significant digits, or " NaN" where x is
 * not finite. */
void gnuplot_number_digits(struct strbuf *sb, double x, int digits);

/* Appends x in the fewest significant digits (15 to 17) that read back as
 * exactly x, or NaN where not finite. */
void gnuplot_number_exact(struct strbuf *sb, double x);

/* Appends x with 10 significant digits, or NaN where not finite. */
void gnuplot_number(struct strbuf *sb, double x);

/* Appends the script's opening: how to rerun it, what it plots (what), the
 * data's columns, the terminal for format and the output NAME.<extension>
 * (both skipped when report.gp, which sets in_report, loads the script into
 * a page of its own output) and the title (which may span lines). */
void gnuplot_preamble(struct strbuf *sb, enum plot_format format, const char *name,
                      const char *what, const char *columns, const char *title);

/* ---- Line styles a report can use: no two lines alike, in colour or in print ---- */

/* Colours of a qualitative palette (the D3/Tableau category10 set), one per
 * story or line; index i cycles through them. */
#define GNUPLOT_PALETTE_SIZE 10
const char *gnuplot_palette(size_t i);

/* A side of a comparison's hue family: blues for side 0 (A), reds and
 * oranges for side 1 (B); shade 0 is the darkest (the side's total), and i
 * cycles through GNUPLOT_SHADES. */
#define GNUPLOT_SHADES 8
const char *gnuplot_shade(int side, size_t i);

/* The colours of the kind totals, drawn bold: black for the campaign's, a
 * dark green (no palette entry is near it) for the corrections'. */
#define GNUPLOT_CAMPAIGN_COLOUR "#000000"
#define GNUPLOT_CORRECTIONS_COLOUR "#00441b"

/* Appends " dt ..." for dash number k: 0 solid, 1 dashed, 2 dotted, 3
 * dash-dot, 4 dash-dot-dot, then longer custom patterns, each k its own, so
 * lines that cycle back to a colour still differ. */
void gnuplot_dash(struct strbuf *sb, size_t k);

/* The smallest positive of min and x (min is NaN or +inf for none yet). */
double gnuplot_min_positive(double min, double x);

/* Appends a log y axis that starts at the first nonzero value: "set
 * logscale y", the function pos(x) (x where positive, else NaN, which
 * gnuplot leaves out: nothing is drawn before a count leaves zero) for the
 * using expressions, and the range from min_positive rounded down to a power
 * of 10 (no lower bound when min_positive is not a positive number). */
void gnuplot_log_y(struct strbuf *sb, double min_positive);

/* Writes dir/NAME.dat and dir/NAME.gp atomically and adds name to the set
 * with its caption (what the figure shows and how to read it, the scenario
 * and replicates), which report.pdf prints under the figure. Returns
 * STATUS_OK, or STATUS_FAILURE with err filled. */
int gnuplot_write_pair(const char *dir, const char *name, const struct strbuf *dat,
                       const struct strbuf *gp, const char *caption, struct plot_set *set,
                       struct error *err);

/* Writes dir/report.gp atomically: one pdfcairo file (report.pdf, or the
 * name in the variable report_output when set, as amplisim sets a temporary
 * one) with a page per figure of the set, in its order, each its script
 * loaded under its caption. Returns STATUS_OK, or STATUS_FAILURE with err
 * filled. */
int gnuplot_write_report(const struct plot_set *set, struct error *err);

/* Sets set->dir to DIR/plots (the set owns it) and creates it. Returns
 * STATUS_OK, or STATUS_FAILURE with err filled. */
int gnuplot_make_dir(const char *dir, struct plot_set *set, struct error *err);

#endif
