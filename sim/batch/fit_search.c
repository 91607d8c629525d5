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
    c->status = fit_evaluate(c->d, c->phase, c->round, c->x, &distance);
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

/* The objective at z + a h e_i + b h e_j (a, b in {-1, 0, 1}). */
static double shifted(struct nm_context *c, const gsl_vector *z, size_t i, int a, size_t j, int b,
                      double h)
{
    gsl_vector *y = gsl_vector_alloc(z->size);
    gsl_vector_memcpy(y, z);
    y->data[i] += a * h;
    y->data[j] += b * h;
    double v = objective(y, c);
    gsl_vector_free(y);
    return v;
}

/* The finite-difference Hessian H of the objective at its minimum z (value
 * f0) and from it cov(z) = 2 H^-1: for a sum of squared standardised
 * residuals S, H = 2 J'J (Gauss-Newton) and the residuals' Fisher
 * information is J'J. Fills the standard deviations and 90 % intervals. */
static void curvature(struct nm_context *c, const gsl_vector *z, double f0)
{
    struct fit_driver *d = c->d;
    const struct fit *f = d->f;
    size_t k = f->parameter_count;
    double h = f->nm.curvature_step;
    c->phase = "curvature";
    c->round = -1;
    gsl_matrix *hess = gsl_matrix_alloc(k, k);
    for (size_t i = 0; i < k && c->status == STATUS_OK; i++) {
        double up = shifted(c, z, i, 1, i, 0, h);
        double down = shifted(c, z, i, -1, i, 0, h);
        gsl_matrix_set(hess, i, i, (up - 2.0 * f0 + down) / (h * h));
        for (size_t j = 0; j < i && c->status == STATUS_OK; j++) {
            double pp = shifted(c, z, i, 1, j, 1, h);
            double pm = shifted(c, z, i, 1, j, -1, h);
            double mp = shifted(c, z, i, -1, j, 1, h);
            double mm = shifted(c, z, i, -1, j, -1, h);
            double v = (pp - pm - mp + mm) / (4.0 * h * h);
            gsl_matrix_set(hess, i, j, v);
            gsl_matrix_set(hess, j, i, v);
        }
    }
    struct fit_result *res = d->res;
    res->curvature_ok = false;
    if (c->status == STATUS_OK && gsl_linalg_cholesky_decomp1(hess) == GSL_SUCCESS &&
        gsl_linalg_cholesky_invert(hess) == GSL_SUCCESS) {
        res->curvature_ok = true;
        for (size_t i = 0; i < k; i++) {
            double sd = sqrt(2.0 * gsl_matrix_get(hess, i, i));
            const struct fit_parameter *p = &f->parameters[i];
            res->sd_transformed[i] = sd;
            res->low[i] = fit_from_unit(p, logistic(z->data[i] - Z90 * sd));
            res->high[i] = fit_from_unit(p, logistic(z->data[i] + Z90 * sd));
        }
    }
    gsl_matrix_free(hess);
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
    if (c.status == STATUS_OK) {
        curvature(&c, z, best);
    }
    z_to_x(f, z->data, d->res->x);
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
    return fit_evaluate(d, "abc", (int32_t)g, x, distance);
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
