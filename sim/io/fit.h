/* Fit files (read by fit_file.c, written back by fit_write.c): a base
 * scenario, the parameters to fit (JSON pointers into the scenario, as --set
 * takes them, with bounds and a linear or log scale) and the targets:
 * observed cumulative curves (a CSV of time_h and value) and summary
 * statistics over replicates (a figure of runs.csv, its median or mean,
 * optionally over the replicates whose size reaches a threshold, with an
 * observed value and its sigma). The method settings of the minimiser and
 * of ABC-SMC come with defaults.
 * Errors are one line, in the form scenario and sweep files use:
 *     FILE:LINE:COL: /json/path: expected <rule>, got <value>
 * What needs the scenario (a story's name, a figure's name, times within
 * the duration) is checked by batch/fit.c, with the place given here.
 * docs/calibration.md lists every key and its rule. */
#ifndef AMPLISIM_FIT_H
#define AMPLISIM_FIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/observe.h"

#define FIT_PARAMETERS_MAX 20

enum fit_scale { FIT_LINEAR, FIT_LOG };
enum fit_method { FIT_NM, FIT_ABC };
enum fit_statistic_kind { FIT_MEDIAN, FIT_MEAN, FIT_FRACTION };

struct fit_parameter {
    char *name;   /* its column in evals.csv; the path when the file gives no name */
    char *path;   /* JSON pointer into the scenario */
    double lower; /* bounds, lower < upper; both > 0 on a log scale */
    double upper;
    enum fit_scale scale;
    bool start_set; /* the minimiser's first point; else the middle of the bounds */
    double start;
    char *where; /* "FILE:LINE:COL" of the parameter's object */
};

/* An observed cumulative curve. */
struct fit_curve {
    char *file;           /* the CSV as resolved (relative to the fit file's folder) */
    enum measure measure; /* views, reach or shares */
    char *story;          /* NULL: the campaign's total */
    double sigma;         /* of one point's log(1 + value), for the distance */
    size_t count;         /* observed points, >= 1 */
    double *time_h;       /* [count] strictly increasing, > 0 */
    double *value;        /* [count] cumulative, >= 0, never decreasing */
    unsigned *line;       /* [count] each point's line in the CSV, for messages */
    char *where;          /* "FILE:LINE:COL" of the curve's object */
};

/* A summary statistic over replicates of one figure of runs.csv. */
struct fit_statistic {
    char *name;   /* its column in evals.csv: "<statistic>_<figure>" unless named */
    char *figure; /* a runs.csv column: "views", "views_day_3", "time_to_1e8_h" */
    char *story;  /* NULL: the campaign's total */
    enum fit_statistic_kind kind;
    double threshold;       /* FIT_FRACTION: the share of replicates whose figure >= it */
    char *condition_figure; /* NULL: every replicate; else only those whose */
    double at_least;        /* condition_figure >= at_least */
    double observed;
    double sigma;       /* > 0: the distance is ((simulated - observed) / sigma)^2 */
    char *where;        /* "FILE:LINE:COL" of the statistic's object */
    char *figure_where; /* of its "figure" value */
};

struct fit_nm_settings {
    uint32_t restarts;        /* after the first descent, each from the best point */
    uint32_t max_evaluations; /* per descent */
    double step;              /* the first simplex's size in transformed coordinates */
    double tolerance;         /* stop when the simplex's size is below it */
    double curvature_step;    /* h of the finite-difference Hessian, transformed coordinates */
};

struct fit_abc_settings {
    uint32_t particles;
    uint32_t generations;     /* including generation 0, drawn from the prior */
    double quantile;          /* the next tolerance: this quantile of the accepted distances */
    uint32_t max_evaluations; /* all generations together */
    double min_acceptance;    /* stop after a generation accepting fewer proposals */
};

struct fit {
    char *label;         /* the fit file as named on the command line */
    char *name;          /* "name", or the fit file's name without ".json" */
    char *scenario_path; /* resolved against the fit file's folder */
    bool seed_set;       /* false: the base scenario's seed */
    uint64_t seed;
    uint32_t replicates; /* 0: the base scenario's */
    enum fit_method method;
    size_t parameter_count;
    struct fit_parameter *parameters;
    size_t curve_count;
    struct fit_curve *curves;
    size_t statistic_count;
    struct fit_statistic *statistics;
    struct fit_nm_settings nm;
    struct fit_abc_settings abc;
};

/* Parses fit text; label names it in messages, base_dir resolves relative
 * scenario and curve paths (NULL: the current directory). Reads the curve
 * files. On success f is initialised (release with fit_destroy); on failure
 * nothing is left to release and STATUS_BAD_INPUT is returned with err set. */
int fit_parse(const char *text, const char *label, const char *base_dir, struct fit *f,
              struct error *err);

/* Reads the file at path and parses it, resolving paths against its folder. */
int fit_load(const char *path, struct fit *f, struct error *err);

void fit_destroy(struct fit *f);

/* "nm", "abc"; "linear", "log"; "median", "mean". */
const char *fit_method_name(enum fit_method m);
const char *fit_scale_name(enum fit_scale s);
const char *fit_statistic_name(enum fit_statistic_kind k);

/* (fit_write.c) The resolved fit as compact JSON (every key, defaults filled, the curves'
 * points included), for the fingerprint that guards a resumed fit and for
 * fit.json; release with free. */
char *fit_to_json(const struct fit *f);

#endif
