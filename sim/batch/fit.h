/* Calibration: `amplisim fit`. A fit file (io/fit.h) names a base scenario,
 * parameters with bounds and targets; an evaluation sets the parameters as
 * --set overrides, runs the replicates on threads and measures the distance
 * of docs/calibration.md between what was simulated and what was observed.
 * Every evaluation uses the same seed (common random numbers): the same
 * graph and the same random streams, so the objective changes only through
 * the parameters. Two methods: a point estimate by GSL's Nelder-Mead
 * simplex in transformed coordinates, with restarts and an interval from
 * the curvature; and a posterior sample by ABC-SMC (fit_search.c). Each
 * evaluation is logged durably (io/fit_log.h); a rerun replays the log and
 * continues. The results are the same bytes on any number of threads.
 * Nothing here prints: failures come back as a status with a message. */
#ifndef AMPLISIM_FIT_BATCH_H
#define AMPLISIM_FIT_BATCH_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../io/fit.h"
#include "../io/fit_log.h"
#include "../io/fit_output.h"
#include "../model/config.h"

struct fit_table;
struct world;

/* Called after each evaluation with the number done (replayed ones
 * included). */
typedef void (*fit_progress_fn)(void *context, size_t done, double best_distance);

/* Where each target's figures come from in a run's figures (runs.h). */
struct fit_target {
    uint32_t group; /* a story index, or stories + RUNS_CAMPAIGN */
    int figure;     /* statistics: the runs.csv column */
    int condition;  /* statistics: the condition's column, or -1 */
};

struct fit_driver {
    const struct fit *f; /* not owned */
    const char *dir;     /* not owned */
    uint32_t threads;
    enum fit_method method;
    char *base_text; /* the base scenario's text */
    uint64_t seed;   /* every evaluation's */
    uint32_t replicates;
    char fingerprint[17];                /* of the resolved fit, its seed, replicates and method */
    struct config base;                  /* the base scenario at the start point, for its shape */
    struct fit_target *curve_target;     /* [curve_count] */
    struct fit_target *statistic_target; /* [statistic_count] */
    size_t points;                       /* observed points of every curve together */
    size_t residuals;                    /* points + statistic_count */
    /* While running: */
    struct fit_log log;
    struct fit_log_record *replay; /* the logged evaluations, replayed first */
    size_t replay_count;
    struct fit_result *res;
    size_t eval_capacity;
    /* nm: the Jacobian of the standardised residuals in z at the estimate
     * z_hat, [residuals][parameters], from the curvature phase. */
    double *z_hat;
    double *jacobian;
    bool jacobian_ok;
    struct fit_table *final_table; /* the final evaluation's replicates (fit.c) */
    /* The world whose graph evaluations borrow (fit.c's shared_graph). */
    struct config *graph_config; /* its config, which must outlive it */
    struct world *graph_world;
    char *graph_key;
    bool sharing_ended;  /* an evaluation's graph differed: each builds its own */
    size_t world_builds; /* graphs built so far (the borrowers build none) */
    bool final_done;         /* the final evaluation was made */
    fit_progress_fn progress;
    void *context;
    const volatile sig_atomic_t *stop;
    struct error *err;
};

/* Prepares f's fit into dir with `threads` replicate threads and `method`:
 * reads the base scenario, checks every parameter at both bounds and every
 * target against it (a story's name, a figure's name, observed times within
 * the duration), checks dir (empty, absent, or holding this same fit's log)
 * and reads the log. Creates nothing. Returns STATUS_OK, STATUS_BAD_INPUT
 * (a bad fit, message with file:line:col where known) or STATUS_FAILURE.
 * Release d with fit_driver_destroy in every case. */
int fit_driver_prepare(struct fit_driver *d, const struct fit *f, enum fit_method method,
                       const char *dir, uint32_t threads, struct error *err);

/* Runs the fit: replays the log, evaluates the rest (appending each to the
 * log), evaluates the estimate once more for its curves, and writes the
 * outputs (io/fit_output.h) into dir. res is filled (release with
 * fit_result_destroy(res, f->curve_count)). Returns STATUS_OK,
 * STATUS_INTERRUPTED once *stop is set (every finished evaluation logged,
 * no output written), or STATUS_FAILURE. */
int fit_driver_run(struct fit_driver *d, fit_progress_fn progress, void *context,
                   const volatile sig_atomic_t *stop, struct fit_result *res, struct error *err);

void fit_driver_destroy(struct fit_driver *d);

/* ---- Shared by the fit's files (fit.c, fit_eval.c, fit_search.c) ---- */

/* The scenario at x: the parameters, then the fit's seed and replicates,
 * exactly what `amplisim run BASE --set ... --seed S --reps R` reads.
 * Release cfg with config_destroy. */
int fit_point_config(const struct fit_driver *d, const double *x, struct config *cfg,
                     struct error *err);

/* The MPI ranks' common outcome of a step each took: a failure (bad input
 * or not) over an interruption over success. A rank that did not fail
 * itself reports that another did (rank 0 speaks, and names the failure
 * when it is its own; with one scenario and one seed every rank usually
 * fails alike). One rank: status unchanged. Every rank must call it. */
int fit_agree(int status, struct error *err);

/* Releases the world whose graph the evaluations borrow (fit_eval.c). */
void fit_shared_graph_release(struct fit_driver *d);

/* Releases a table of replicates' values (fit_eval.c); accepts NULL. */
void fit_table_free(struct fit_table *t);

/* The parameter's position u in (0, 1) within its bounds (on its scale) and
 * back. */
double fit_to_unit(const struct fit_parameter *p, double x);
double fit_from_unit(const struct fit_parameter *p, double u);

/* Evaluates the point x (in the parameters' own units): from the log when
 * the next logged evaluation is this one, else by simulation, logged.
 * Records the row (phase, round) in d->res->evals and sets *distance; when
 * residuals is non-NULL (the curvature phase only, whose log lines keep the
 * curve points) also the standardised residuals [d->residuals]: each curve
 * point's (log(1 + m_c(t_i)) - log(1 + y_i)) / sigma_c, then each
 * statistic's (S_s - o_s) / sigma_s (NaN when undefined).
 * Returns STATUS_OK, STATUS_INTERRUPTED or STATUS_FAILURE (d->err set). */
int fit_evaluate(struct fit_driver *d, const char *phase, int32_t round, const double *x,
                 double *distance, double *residuals);

/* The final evaluation, at d->res->x, not logged (it is made again on a
 * resumed fit): fills res's distance, statistics and curve bands, and keeps
 * every replicate's values for fit_noise_covariance. */
int fit_final_evaluation(struct fit_driver *d);

/* The covariance [parameters][parameters] of J' e, J the Jacobian of the
 * curvature phase and e the Monte Carlo error of the standardised
 * residuals at the final evaluation (the simulated medians and statistics
 * over the fit's replicates differ from their expectations). False when
 * there is no Jacobian or final evaluation, when fewer than half of the
 * bootstrap's resamples define every residual, or with a single replicate
 * (no error to measure). */
bool fit_noise_covariance(const struct fit_driver *d, double *cov);

/* The methods: each fills d->res's estimate (x, low, high and the rest)
 * from the evaluations it asks for. */
int fit_search_nm(struct fit_driver *d);
int fit_search_abc(struct fit_driver *d);

/* nm: the 90 % intervals from the Jacobian and `noise`, the covariance
 * [parameters][parameters] of J' e, e the Monte Carlo error of the
 * standardised residuals at the estimate (fit.c measures it); NULL when it
 * could not be measured, which leaves no interval. */
void fit_search_nm_interval(struct fit_driver *d, const double *noise);

#endif
