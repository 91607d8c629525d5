/* A fit's outputs (written by fit_output.c, all at once through
 * file_write_set, so a directory never holds half of them): fit.json (the
 * estimates, their intervals, the objective, the evaluations, the method's
 * settings and history, the seed), fitted_scenario.json (the base scenario
 * with the fitted values set: `amplisim run` reproduces the fit's final
 * evaluation from it), evals.csv (every evaluation: phase, parameters,
 * distance, statistics), curves.csv (each observed curve against the
 * simulated median with its 5-95 % band) and, for ABC, particles.csv (every
 * generation's particles with their weights). results/README.md lists the
 * columns. batch/fit.c fills the plain structs below. */
#ifndef AMPLISIM_FIT_OUTPUT_H
#define AMPLISIM_FIT_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/config.h"
#include "fit.h"

/* One evaluation as evals.csv lists it. */
struct fit_eval_row {
    char phase[16];  /* "nm", "curvature", "abc" */
    int32_t round;   /* nm: the descent (0 the first, then each restart); abc: the generation;
                        curvature: -1 */
    int8_t accepted; /* abc: 1 accepted, 0 rejected; else -1 */
    double *x;       /* [parameters] */
    double distance;
    double *stats; /* [statistics] */
};

/* One ABC-SMC generation. */
struct fit_generation {
    double tolerance;   /* epsilon: accepted when distance <= it; INFINITY for generation 0 */
    size_t simulations; /* evaluations it took */
    size_t proposals;   /* draws, those outside the bounds included */
    size_t accepted;
    double ess;       /* effective sample size of its weights, (sum w)^2 / sum w^2 */
    double *x;        /* [particles][parameters] */
    double *weight;   /* [particles] normalised */
    double *distance; /* [particles] */
};

/* An observed curve against the simulated one at the final point: rows at
 * each bin's end and at each observed time, in time order. */
struct fit_curve_band {
    size_t count;
    double *time_h, *median, *p05, *p95;
    double *observed; /* NaN at times that were not observed */
};

struct fit_result {
    enum fit_method method;
    uint64_t seed;
    uint32_t replicates;
    size_t parameters, statistics;
    double wall_seconds;
    bool stopped_early;      /* abc: by min_acceptance or max_evaluations */
    const char *stop_reason; /* static text */
    /* The estimate: nm, the best point; abc, the posterior medians. */
    double *x;                    /* [parameters] */
    double *low, *high;           /* [parameters] 90 % interval; NaN when there is none */
    double *sd_transformed;       /* nm: [parameters] standard deviation in the transformed
                                     coordinates from the curvature; NaN when not positive definite */
    bool curvature_ok;            /* nm */
    double best_distance;         /* the smallest distance any evaluation reached */
    double distance;              /* at x, from the final evaluation */
    double *stats;                /* [statistics] simulated at x */
    struct fit_curve_band *bands; /* [curves] */
    size_t evaluations;           /* the fit's, the final one excluded */
    size_t replayed;              /* of them, read back from evals.log */
    struct fit_eval_row *evals;   /* [evaluations] */
    size_t generation_count;      /* abc */
    struct fit_generation *generations;
};

/* Writes the outputs of f's result into dir (which exists); fitted is the
 * fitted scenario. Returns STATUS_OK or STATUS_FAILURE with err set. */
int fit_output_write(const char *dir, const struct fit *f, const struct fit_result *res,
                     const struct config *fitted, struct error *err);

void fit_result_destroy(struct fit_result *res, size_t curves);

#endif
