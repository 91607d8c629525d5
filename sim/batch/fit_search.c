/* Where a fit evaluates (fit.h): the Nelder-Mead point estimate with its
 * curvature interval, and the ABC-SMC posterior sample. Both work on the
 * parameters' positions u in (0, 1) within their bounds (on each
 * parameter's scale, fit_to_unit): the simplex in z = logit(u), which has
 * no bounds, and ABC with a uniform prior on u. docs/calibration.md gives
 * the equations. Every draw comes from the stream (seed, RNG_STREAM_FIT)
 * and every decision from logged distances, so a replayed log takes the
 * same path. */
#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "fit.h"

/* The curvature phase's passes after its scout, and their step in units
 * of the interval's standard deviation (fit_search_nm). */
#define FIT_CURVATURE_LATER 2
#define FIT_CURVATURE_SCALE 2.5

/* The 95 % quantile of the standard normal: z +- it bounds 90 %. */
#define Z90 1.6448536269514722

static double logistic(double z)
{
    return 1.0 / (1.0 + exp(-z));
}

static double logit(double u)
{
    return log(u / (1.0 - u));
}

static void z_to_x(const struct fit *f, const double *z, double *x)
{
    for (size_t k = 0; k < f->parameter_count; k++) {
        x[k] = fit_from_unit(&f->parameters[k], logistic(z[k]));
    }
}

/* ---- Nelder-Mead ---- */

struct nm_context {
    struct fit_driver *d;
    int status;    /* the first evaluation that failed or was interrupted */
    int32_t round; /* the descent: 0, then each restart */
    const char *phase;
    double *x;
};

/* The objective in transformed coordinates. A failed evaluation returns
 * NaN, which the simplex refuses (GSL_EBADFUNC): the descent stops there and
 * the status says why. */
static double objective(const gsl_vector *z, void *params)
{
    struct nm_context *c = params;
    if (c->status != STATUS_OK) {
        return NAN;
    }
    z_to_x(c->d->f, z->data, c->x);
    double distance;
    c->status = fit_evaluate(c->d, c->phase, c->round, c->x, &distance, NULL);
    return c->status == STATUS_OK ? distance : NAN;
}

/* One descent from z (k values), replacing z by its best vertex and *best
 * by its distance. */
static void descend(struct nm_context *c, gsl_vector *z, double *best)
{
    const struct fit *f = c->d->f;
    size_t k = f->parameter_count;
    gsl_multimin_function fn = {objective, k, c};
    gsl_vector *step = gsl_vector_alloc(k);
    gsl_vector_set_all(step, f->nm.step);
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, k);
    size_t first = c->d->res->evaluations;
    if (gsl_multimin_fminimizer_set(s, &fn, z, step) == GSL_SUCCESS) {
        while (c->status == STATUS_OK && c->d->res->evaluations - first < f->nm.max_evaluations) {
            if (gsl_multimin_fminimizer_iterate(s) != GSL_SUCCESS ||
                gsl_multimin_fminimizer_size(s) < f->nm.tolerance) {
                break;
            }
        }
        if (c->status == STATUS_OK && s->fval < *best) {
            *best = s->fval;
            gsl_vector_memcpy(z, s->x);
        }
    }
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(step);
}

/* One pass of the Jacobian J of the standardised residuals r in z at the
 * estimate z: 2k evaluations at z +- h_j e_j, whose log lines keep the curve
 * points. The passes so far pool into the least-squares slope through their
 * pairs,
 *     J_ij = sum_p h_pj (r_i(z + h_pj e_j) - r_i(z - h_pj e_j)) / (2 sum_p h_pj^2)
 * (one pass: the central difference); `restart` begins the pool. The distance is D = |r|^2, so 2 J'J is its Gauss-Newton curvature:
 * unlike a finite-difference Hessian it needs first differences only, which
 * the common-random-numbers noise of D disturbs far less than second ones,
 * and it is never indefinite. */
static void jacobian(struct nm_context *c, const gsl_vector *z, const double *h, uint32_t pass,
                     bool restart, double *sum_dr, double *sum_h2)
{
    struct fit_driver *d = c->d;
    size_t k = d->f->parameter_count, n = d->residuals;
    c->phase = "curvature";
    c->round = (int32_t)pass;
    if (!d->z_hat) {
        d->z_hat = xmalloc(k * sizeof *d->z_hat);
        d->jacobian = xmalloc((n * k + 1) * sizeof *d->jacobian);
    }
    memcpy(d->z_hat, z->data, k * sizeof *d->z_hat);
    if (restart) {
        memset(sum_dr, 0, n * k * sizeof *sum_dr);
        memset(sum_h2, 0, k * sizeof *sum_h2);
    }
    double *up = xmalloc((n + 1) * sizeof *up);
    double *down = xmalloc((n + 1) * sizeof *down);
    double *y = xmalloc(k * sizeof *y);
    bool finite = true;
    for (size_t j = 0; j < k && c->status == STATUS_OK; j++) {
        for (int side = 0; side < 2 && c->status == STATUS_OK; side++) {
            memcpy(y, z->data, k * sizeof *y);
            y[j] += side ? -h[j] : h[j];
            z_to_x(d->f, y, c->x);
            double distance;
            c->status = fit_evaluate(d, c->phase, c->round, c->x, &distance, side ? down : up);
        }
        if (c->status != STATUS_OK) {
            break;
        }
        sum_h2[j] += 2.0 * h[j] * h[j];
        for (size_t i = 0; i < n; i++) {
            sum_dr[i * k + j] += h[j] * (up[i] - down[i]);
            double v = sum_dr[i * k + j] / sum_h2[j];
            finite = finite && isfinite(v);
            d->jacobian[i * k + j] = v;
        }
    }
    d->jacobian_ok = c->status == STATUS_OK && finite;
    free(y);
    free(down);
    free(up);
}

void fit_search_nm_interval(struct fit_driver *d, const double *noise)
{
    const struct fit *f = d->f;
    size_t k = f->parameter_count, n = d->residuals;
    struct fit_result *res = d->res;
    res->curvature_ok = false;
    if (!d->jacobian_ok || !noise) {
        return;
    }
    /* The estimate solves J' r(z) = 0. A change e of the residuals (the
     * observations' error, of covariance I when the sigmas are their
     * standard deviations, plus the simulation's Monte Carlo error at the
     * estimate, measured as the covariance `noise` of J' e) moves it by
     * -(J'J)^-1 J' e, so
     *     cov(z) = (J'J)^-1 (J'J + noise) (J'J)^-1
     *            = (J'J)^-1 + (J'J)^-1 noise (J'J)^-1,
     * the sandwich; the first term alone is the curvature's 2 H^-1. */
    gsl_matrix *a = gsl_matrix_calloc(k, k);
    for (size_t i = 0; i < n; i++) {
        for (size_t j = 0; j < k; j++) {
            for (size_t l = 0; l < k; l++) {
                double v = d->jacobian[i * k + j] * d->jacobian[i * k + l];
                gsl_matrix_set(a, j, l, gsl_matrix_get(a, j, l) + v);
            }
        }
    }
    if (gsl_linalg_cholesky_decomp1(a) == GSL_SUCCESS &&
        gsl_linalg_cholesky_invert(a) == GSL_SUCCESS) {
        gsl_matrix_const_view m = gsl_matrix_const_view_array(noise, k, k);
        gsl_matrix *t = gsl_matrix_alloc(k, k);
        gsl_matrix *cov = gsl_matrix_alloc(k, k);
        gsl_matrix_memcpy(cov, a);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, a, &m.matrix, 0.0, t);
        gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, t, a, 1.0, cov);
        res->curvature_ok = true;
        for (size_t i = 0; i < k; i++) {
            double sd = sqrt(gsl_matrix_get(cov, i, i));
            const struct fit_parameter *p = &f->parameters[i];
            res->sd_transformed[i] = sd;
            res->low[i] = fit_from_unit(p, logistic(d->z_hat[i] - Z90 * sd));
            res->high[i] = fit_from_unit(p, logistic(d->z_hat[i] + Z90 * sd));
        }
        gsl_matrix_free(cov);
        gsl_matrix_free(t);
    }
    gsl_matrix_free(a);
}

int fit_search_nm(struct fit_driver *d)
{
    const struct fit *f = d->f;
    size_t k = f->parameter_count;
    /* A failed evaluation is reported through the status, not GSL's
     * handler, which would abort. */
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    struct nm_context c = {.d = d, .status = STATUS_OK, .phase = "nm"};
    c.x = xmalloc(k * sizeof *c.x);
    gsl_vector *z = gsl_vector_alloc(k);
    for (size_t i = 0; i < k; i++) {
        const struct fit_parameter *p = &f->parameters[i];
        double u = p->start_set ? fit_to_unit(p, p->start) : 0.5;
        gsl_vector_set(z, i, logit(u));
    }
    double best = INFINITY;
    for (uint32_t round = 0; round <= f->nm.restarts && c.status == STATUS_OK; round++) {
        c.round = (int32_t)round;
        descend(&c, z, &best);
    }
    z_to_x(f, z->data, d->res->x);
    /* With common random numbers two evaluations a small step apart
     * differ by the parameters' effect plus the Monte Carlo noise of
     * trajectories that diverged at the first flipped share decision
     * (docs/calibration.md): a difference over a step much smaller than the
     * interval is mostly noise. For residual noise of variance V (relative
     * to the observations' 1) J_j is about sqrt(1 + V) / sd_j, and one
     * central difference over +-h_j has a noise of sqrt(2V) / (2 h_j): a
     * relative error of sqrt(2V / (1 + V)) sd_j / (2 h_j), at most
     * 0.71 sd_j / h_j. The first pass takes h = curvature_step; the next
     * FIT_CURVATURE_LATER take h_j = FIT_CURVATURE_SCALE sd_j from the
     * interval so far, and all passes pool: at 2.5 sd_j, two passes give J
     * to about 0.71 / 2.5 / sqrt(2) = 20 % at worst (10 % for V = 1, the
     * simulation as noisy as the observations), while +-2.5 sd_j stays
     * close to the interval's own span (+-1.645 sd_j), where the residuals
     * must be about linear for the interval to hold anyway. The step never
     * falls below curvature_step: a difference inflated by a jump of the
     * noise would otherwise shrink its own step, and smaller steps see
     * relatively larger jumps. A pass whose J is singular (both sides of
     * a step gave the same values) quadruples the step. Passes stop early
     * when a step would repeat the last one (the same evaluations). */
    size_t n = d->residuals;
    double *h = xmalloc(k * sizeof *h);
    double *noise = xmalloc(k * k * sizeof *noise);
    double *sum_dr = xmalloc((n * k + 1) * sizeof *sum_dr);
    double *sum_h2 = xmalloc(k * sizeof *sum_h2);
    for (size_t i = 0; i < k; i++) {
        h[i] = f->nm.curvature_step;
    }
    for (uint32_t pass = 0; pass <= FIT_CURVATURE_LATER && c.status == STATUS_OK; pass++) {
        jacobian(&c, z, h, pass, pass == 0, sum_dr, sum_h2);
        if (c.status == STATUS_OK && pass == 0) {
            c.status = fit_final_evaluation(d);
        }
        if (c.status != STATUS_OK) {
            break;
        }
        fit_search_nm_interval(d, fit_noise_covariance(d, noise) ? noise : NULL);
        bool moved = false;
        for (size_t i = 0; i < k; i++) {
            double next = d->res->curvature_ok
                              ? fmax(f->nm.curvature_step,
                                     FIT_CURVATURE_SCALE * d->res->sd_transformed[i])
                              : 4.0 * h[i];
            moved = moved || next != h[i];
            h[i] = next;
        }
        if (!moved) {
            break;
        }
    }
    free(sum_h2);
    free(sum_dr);
    free(noise);
    free(h);
    gsl_vector_free(z);
    free(c.x);
    gsl_set_error_handler(old);
    return c.status;
}

/* ---- ABC-SMC ---- */

/* The q-quantile of values weighted by w (normalised): the first value, in
 * increasing order, at which the cumulative weight reaches q. */
static double weighted_quantile(const double *values, const double *w, size_t n, double q,
                                size_t *order)
{
    gsl_sort_index(order, values, 1, n);
    double cumulative = 0.0;
    for (size_t i = 0; i < n; i++) {
        cumulative += w[order[i]];
        if (cumulative >= q * (1.0 - 1e-12)) {
            return values[order[i]];
        }
    }
    return values[order[n - 1]];
}

/* The Cholesky factor of twice the weighted covariance of the particles
 * (Beaumont et al. 2009), in L's lower triangle; false when it is singular
 * (the particles have collapsed). */
static bool kernel(const double *u, const double *w, size_t n, size_t k, gsl_matrix *L)
{
    double *mean = xcalloc(k, sizeof *mean);
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < k; a++) {
            mean[a] += w[i] * u[i * k + a];
        }
    }
    gsl_matrix_set_zero(L);
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < k; a++) {
            for (size_t b = 0; b <= a; b++) {
                double v = w[i] * (u[i * k + a] - mean[a]) * (u[i * k + b] - mean[b]);
                gsl_matrix_set(L, a, b, gsl_matrix_get(L, a, b) + 2.0 * v);
            }
        }
    }
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < a; b++) {
            gsl_matrix_set(L, b, a, gsl_matrix_get(L, a, b));
        }
    }
    free(mean);
    return gsl_linalg_cholesky_decomp1(L) == GSL_SUCCESS;
}

/* exp(-|L^-1 (a - b)|^2 / 2): the kernel's density at a around b, up to a
 * constant that the weights' normalisation removes. */
static double kernel_density(const gsl_matrix *L, const double *a, const double *b, size_t k,
                             gsl_vector *y)
{
    for (size_t i = 0; i < k; i++) {
        gsl_vector_set(y, i, a[i] - b[i]);
    }
    gsl_blas_dtrsv(CblasLower, CblasNoTrans, CblasNonUnit, L, y);
    double q = 0.0;
    for (size_t i = 0; i < k; i++) {
        q += y->data[i] * y->data[i];
    }
    return exp(-0.5 * q);
}

static void normalise(double *w, size_t n, double *ess)
{
    double sum = 0.0, squares = 0.0;
    for (size_t i = 0; i < n; i++) {
        sum += w[i];
    }
    for (size_t i = 0; i < n; i++) {
        w[i] /= sum;
        squares += w[i] * w[i];
    }
    *ess = 1.0 / squares;
}

/* Adds a generation's particles (u coordinates, converted to x) to the
 * result. */
static void keep_generation(struct fit_driver *d, struct fit_generation *g, const double *u,
                            const double *w, const double *dist, size_t n)
{
    const struct fit *f = d->f;
    size_t k = f->parameter_count;
    g->x = xmalloc(n * k * sizeof *g->x);
    g->weight = xmalloc(n * sizeof *g->weight);
    g->distance = xmalloc(n * sizeof *g->distance);
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < k; a++) {
            g->x[i * k + a] = fit_from_unit(&f->parameters[a], u[i * k + a]);
        }
    }
    memcpy(g->weight, w, n * sizeof *w);
    memcpy(g->distance, dist, n * sizeof *dist);
    struct fit_result *res = d->res;
    res->generations =
        xrealloc(res->generations, (res->generation_count + 1) * sizeof *res->generations);
    res->generations[res->generation_count++] = *g;
}

/* Evaluates the particle at u (generation g), setting *distance. */
static int evaluate_unit(struct fit_driver *d, uint32_t g, const double *u, double *x,
                         double *distance)
{
    const struct fit *f = d->f;
    for (size_t a = 0; a < f->parameter_count; a++) {
        x[a] = fit_from_unit(&f->parameters[a], u[a]);
    }
    return fit_evaluate(d, "abc", (int32_t)g, x, distance, NULL);
}

static void mark(struct fit_driver *d, bool accepted)
{
    d->res->evals[d->res->evaluations - 1].accepted = accepted ? 1 : 0;
}

/* Generation 0: n particles from the prior, every one accepted. */
static int first_generation(struct fit_driver *d, gsl_rng *rng, double *u, double *w, double *dist,
                            double *x)
{
    const struct fit *f = d->f;
    size_t n = f->abc.particles, k = f->parameter_count;
    for (size_t i = 0; i < n; i++) {
        for (size_t a = 0; a < k; a++) {
            u[i * k + a] = gsl_rng_uniform_pos(rng);
        }
        int status = evaluate_unit(d, 0, u + i * k, x, &dist[i]);
        if (status != STATUS_OK) {
            return status;
        }
        mark(d, true);
        w[i] = 1.0 / (double)n;
    }
    struct fit_generation g = {
        .tolerance = INFINITY, .simulations = n, .proposals = n, .accepted = n, .ess = (double)n};
    keep_generation(d, &g, u, w, dist, n);
    return STATUS_OK;
}

/* Whether every coordinate lies inside the prior's support (0, 1). */
static bool inside(const double *u, size_t k)
{
    for (size_t a = 0; a < k; a++) {
        if (!(u[a] > 0.0 && u[a] < 1.0)) {
            return false;
        }
    }
    return true;
}

/* Generation g from the previous one (u, w, dist); on success the new
 * particles replace them. *done says the fit stops after it (or, when the
 * evaluations ran out, instead of it). */
static int next_generation(struct fit_driver *d, gsl_rng *rng, uint32_t gen, double *u, double *w,
                           double *dist, double *x, bool *done)
{
    const struct fit *f = d->f;
    size_t n = f->abc.particles, k = f->parameter_count;
    double *sorted = xmalloc(n * sizeof *sorted);
    memcpy(sorted, dist, n * sizeof *sorted);
    gsl_sort(sorted, 1, n);
    double tolerance = gsl_stats_quantile_from_sorted_data(sorted, 1, n, f->abc.quantile);
    free(sorted);
    gsl_matrix *L = gsl_matrix_alloc(k, k);
    if (!kernel(u, w, n, k, L)) {
        gsl_matrix_free(L);
        d->res->stop_reason = "the particles collapsed to one point (a singular covariance)";
        *done = true;
        return STATUS_OK;
    }
    double *nu = xmalloc(n * k * sizeof *nu);
    double *nw = xmalloc(n * sizeof *nw);
    double *nd = xmalloc(n * sizeof *nd);
    double *proposal = xmalloc(k * sizeof *proposal);
    double *xi = xmalloc(k * sizeof *xi);
    gsl_ran_discrete_t *pick = gsl_ran_discrete_preproc(n, w);
    gsl_vector *y = gsl_vector_alloc(k);
    size_t accepted = 0, simulations = 0, proposals = 0;
    int status = STATUS_OK;
    while (accepted < n && status == STATUS_OK) {
        if (d->res->evaluations >= f->abc.max_evaluations) {
            d->res->stop_reason = "max_evaluations reached during a generation (it is dropped)";
            *done = true;
            break;
        }
        /* The parent by weight, moved by L times a standard normal
         * vector: a draw from N(u_j, 2 Sigma). */
        size_t j = gsl_ran_discrete(rng, pick);
        for (size_t a = 0; a < k; a++) {
            xi[a] = gsl_ran_gaussian(rng, 1.0);
        }
        for (size_t a = 0; a < k; a++) {
            double s = u[j * k + a];
            for (size_t b = 0; b <= a; b++) {
                s += gsl_matrix_get(L, a, b) * xi[b];
            }
            proposal[a] = s;
        }
        proposals++;
        if (!inside(proposal, k)) {
            continue;
        }
        double distance;
        status = evaluate_unit(d, gen, proposal, x, &distance);
        if (status != STATUS_OK) {
            break;
        }
        simulations++;
        bool ok = distance <= tolerance;
        mark(d, ok);
        if (ok) {
            memcpy(nu + accepted * k, proposal, k * sizeof *proposal);
            nd[accepted++] = distance;
        }
    }
    if (status == STATUS_OK && accepted == n) {
        /* Importance weights for a uniform prior: 1 / sum_j w_j K(u_i | u_j). */
        for (size_t i = 0; i < n; i++) {
            double denominator = 0.0;
            for (size_t j = 0; j < n; j++) {
                denominator += w[j] * kernel_density(L, nu + i * k, u + j * k, k, y);
            }
            nw[i] = 1.0 / denominator;
        }
        struct fit_generation g = {.tolerance = tolerance,
                                   .simulations = simulations,
                                   .proposals = proposals,
                                   .accepted = accepted};
        normalise(nw, n, &g.ess);
        keep_generation(d, &g, nu, nw, nd, n);
        memcpy(u, nu, n * k * sizeof *u);
        memcpy(w, nw, n * sizeof *w);
        memcpy(dist, nd, n * sizeof *dist);
        if ((double)accepted / (double)simulations < f->abc.min_acceptance) {
            d->res->stop_reason = "the acceptance rate fell below min_acceptance";
            *done = true;
        }
    }
    gsl_vector_free(y);
    gsl_ran_discrete_free(pick);
    free(xi);
    free(proposal);
    free(nd);
    free(nw);
    free(nu);
    gsl_matrix_free(L);
    return status;
}

/* Posterior medians and 90 % intervals from the last generation. */
static void posterior(struct fit_driver *d)
{
    const struct fit *f = d->f;
    size_t n = f->abc.particles, k = f->parameter_count;
    const struct fit_generation *g = &d->res->generations[d->res->generation_count - 1];
    double *column = xmalloc(n * sizeof *column);
    size_t *order = xmalloc(n * sizeof *order);
    for (size_t a = 0; a < k; a++) {
        for (size_t i = 0; i < n; i++) {
            column[i] = g->x[i * k + a];
        }
        d->res->x[a] = weighted_quantile(column, g->weight, n, 0.5, order);
        d->res->low[a] = weighted_quantile(column, g->weight, n, 0.05, order);
        d->res->high[a] = weighted_quantile(column, g->weight, n, 0.95, order);
    }
    free(order);
    free(column);
}

int fit_search_abc(struct fit_driver *d)
{
    const struct fit *f = d->f;
    size_t n = f->abc.particles, k = f->parameter_count;
    gsl_error_handler_t *old = gsl_set_error_handler_off();
    gsl_rng *rng = rng_new(d->seed, RNG_STREAM_FIT);
    double *u = xmalloc(n * k * sizeof *u);
    double *w = xmalloc(n * sizeof *w);
    double *dist = xmalloc(n * sizeof *dist);
    double *x = xmalloc(k * sizeof *x);
    d->res->stop_reason = "every generation ran";
    int status = first_generation(d, rng, u, w, dist, x);
    bool done = false;
    for (uint32_t gen = 1; gen < f->abc.generations && status == STATUS_OK && !done; gen++) {
        status = next_generation(d, rng, gen, u, w, dist, x, &done);
    }
    d->res->stopped_early = done;
    if (status == STATUS_OK) {
        posterior(d);
    }
    free(x);
    free(dist);
    free(w);
    free(u);
    rng_free(rng);
    gsl_set_error_handler(old);
    return status;
}
