/* The Sobol indices of a saltelli sweep (sobol.csv) as bar charts. */
#ifndef AMPLISIM_PLOT_SOBOL_H
#define AMPLISIM_PLOT_SOBOL_H

#include "../../base/error.h"
#include "plot.h"

/* Reads sobol_csv and writes sobol_FIGURE into set->dir (made by the
 * caller) for each figure it holds: per parameter the first-order and total
 * index as two bars with their 95 % bootstrap intervals. caption says what
 * the sweep is. Returns STATUS_OK, STATUS_BAD_INPUT or STATUS_FAILURE with
 * err filled. */
int plot_sobol_write(const char *sobol_csv, const char *caption, enum plot_format format,
                     struct plot_set *set, struct error *err);

#endif
