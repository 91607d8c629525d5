/* The figures of a fit directory: fit_curve_N, fit_trace and, for ABC,
 * posterior_PARAM and pairs_P1_P2. */
#ifndef AMPLISIM_PLOT_FIT_H
#define AMPLISIM_PLOT_FIT_H

#include "../../base/error.h"
#include "plot.h"

/* Reads the fit directory fit_dir (fit_json is its fit.json; evals.csv,
 * curves.csv when the fit had curves, particles.csv for ABC) and writes its
 * figures into fit_dir/plots (see plot_write_scripts). Returns STATUS_OK,
 * STATUS_BAD_INPUT or STATUS_FAILURE with err filled; the set holds what was
 * written either way. */
int plot_fit_write(const char *fit_dir, const char *fit_json, enum plot_format format,
                   struct plot_set *set, struct error *err);

#endif
