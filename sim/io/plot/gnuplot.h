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
 * data's columns, the terminal for format, the output NAME.<extension> and
 * the title (which may span lines). */
void gnuplot_preamble(struct strbuf *sb, enum plot_format format, const char *name,
                      const char *what, const char *columns, const char *title);

/* Writes dir/NAME.dat and dir/NAME.gp atomically and adds name to the set.
 * Returns STATUS_OK, or STATUS_FAILURE with err filled. */
int gnuplot_write_pair(const char *dir, const char *name, const struct strbuf *dat,
                       const struct strbuf *gp, struct plot_set *set, struct error *err);

/* Sets set->dir to DIR/plots (the set owns it) and creates it. Returns
 * STATUS_OK, or STATUS_FAILURE with err filled. */
int gnuplot_make_dir(const char *dir, struct plot_set *set, struct error *err);

#endif
