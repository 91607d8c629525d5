/* Sobol indices (model/sobol.c) against an additive test function whose
 * indices are known exactly: f(x) = sum_i a_i x_i with x_i independent and
 * uniform on [0, 1]. Var f = sum a_i^2 / 12 and input i alone explains
 * a_i^2 / 12 of it, with no interaction, so S_i = S_Ti = a_i^2 / sum_j a_j^2.
 * The samples A and B are plain pseudo-random (a fixed seed), so the
 * estimators' error is the Monte Carlo one derived below. */
#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "check.h"
#include "engine/rng.h"
#include "model/sobol.h"

enum { K = 4, N = 100000 };
static const double coef[K] = {1.0, 2.0, 3.0, 0.0};

struct samples {
    double *fa, *fb, *fab;
};

static double f(const double *x)
{
    double y = 0.0;
    for (int i = 0; i < K; i++) {
        y += coef[i] * x[i];
    }
    return y;
}

/* f on A, B and every A_B^i (A with column i from B), N rows each. */
static void evaluate(struct samples *s)
{
    s->fa = malloc(N * sizeof *s->fa);
    s->fb = malloc(N * sizeof *s->fb);
    s->fab = malloc((size_t)K * N * sizeof *s->fab);
    gsl_rng *r = rng_new(20240601, 0);
    for (size_t j = 0; j < N; j++) {
        double a[K], b[K];
        for (int i = 0; i < K; i++) {
            a[i] = rng_uniform(r);
            b[i] = rng_uniform(r);
        }
        s->fa[j] = f(a);
        s->fb[j] = f(b);
        for (int i = 0; i < K; i++) {
            double ab[K];
            for (int m = 0; m < K; m++) {
                ab[m] = m == i ? b[m] : a[m];
            }
            s->fab[(size_t)i * N + j] = f(ab);
        }
    }
    rng_free(r);
}

static void samples_free(struct samples *s)
{
    free(s->fa);
    free(s->fb);
    free(s->fab);
}

static double sum_squares(void)
{
    double v = 0.0;
    for (int i = 0; i < K; i++) {
        v += coef[i] * coef[i];
    }
    return v;
}

/* The standard error of each estimator at N rows, from its terms' exact
 * variance. Write u = x - 1/2 (variance 1/12, E u^4 = 1/80) and
 * D = b_i - a_i (E D^2 = 1/6, E D^4 = 1/15, and E u_B D^2 = 0 by symmetry).
 * First order (Saltelli 2010) averages Y = f(B) a_i D, where f(B) = R +
 * a_i u_B with R = c + sum_{m != i} a_m u_m independent of D and c = sum
 * a / 2 the mean of f:
 *   E Y^2 = a_i^2 [ E R^2 / 6 + a_i^2 (1/80 + 1/144) ],
 *   E R^2 = c^2 + sum_{m != i} a_m^2 / 12,  E Y = a_i^2 / 12.
 * Total (Jansen 1999) averages Z = a_i^2 D^2 / 2:
 *   Var Z = a_i^4 (1/15 - 1/36) / 4.
 * Each is divided by V = sum a^2 / 12, itself estimated from 2N outputs with
 * relative standard error sqrt((kappa - 1) / 2N) <= 1 / sqrt(N), since a sum
 * of independent uniforms has kurtosis kappa <= 3. The two errors may be
 * correlated, so their standard errors are added (a bound on the sd of the
 * linearised ratio), and the tolerance is 4 of them: the estimates are
 * means of 10^5 terms, near normal, so a correct estimator falls outside
 * with a chance of about 6e-5. */
static void standard_errors(int i, double *se_first, double *se_total)
{
    double v = sum_squares() / 12.0, s = coef[i] * coef[i] / sum_squares();
    double c = 0.0, rest = 0.0;
    for (int m = 0; m < K; m++) {
        c += coef[m] / 2.0;
        rest += m == i ? 0.0 : coef[m] * coef[m] / 12.0;
    }
    double a2 = coef[i] * coef[i];
    double ey2 = a2 * ((c * c + rest) / 6.0 + a2 * (1.0 / 80.0 + 1.0 / 144.0));
    double var_y = ey2 - (a2 / 12.0) * (a2 / 12.0);
    double var_z = a2 * a2 * (1.0 / 15.0 - 1.0 / 36.0) / 4.0;
    double ratio = s / sqrt((double)N);
    *se_first = sqrt(var_y / N) / v + ratio;
    *se_total = sqrt(var_z / N) / v + ratio;
}

static void additive_function_indices_match_their_analytic_values(void)
{
    struct samples s;
    evaluate(&s);
    struct sobol_index idx[K];
    sobol_indices(s.fa, s.fb, s.fab, N, K, 0, 1, idx);
    for (int i = 0; i < K; i++) {
        double exact = coef[i] * coef[i] / sum_squares();
        double se_first, se_total;
        standard_errors(i, &se_first, &se_total);
        CHECK_NEAR(idx[i].first, exact, 4.0 * se_first);
        CHECK_NEAR(idx[i].total, exact, 4.0 * se_total);
        CHECK(isnan(idx[i].first_low) && isnan(idx[i].total_high)); /* no resamples */
    }
    samples_free(&s);
}

static void an_input_without_effect_has_indices_of_exactly_zero(void)
{
    struct samples s;
    evaluate(&s);
    struct sobol_index idx[K];
    sobol_indices(s.fa, s.fb, s.fab, N, K, 0, 1, idx);
    /* coef[3] = 0: f(A_B^3) = f(A) row by row, so both sums are 0. */
    CHECK(idx[3].first == 0.0 && idx[3].total == 0.0);
    samples_free(&s);
}

static void bootstrap_intervals_hold_the_estimate_and_repeat_with_the_seed(void)
{
    struct samples s;
    evaluate(&s);
    enum { ROWS = 2000 }; /* a prefix: the bootstrap costs resamples x rows */
    double *fab = malloc((size_t)K * ROWS * sizeof *fab);
    for (int i = 0; i < K; i++) {
        for (size_t j = 0; j < ROWS; j++) {
            fab[(size_t)i * ROWS + j] = s.fab[(size_t)i * N + j];
        }
    }
    struct sobol_index a[K], b[K], c[K];
    sobol_indices(s.fa, s.fb, fab, ROWS, K, 500, 7, a);
    sobol_indices(s.fa, s.fb, fab, ROWS, K, 500, 7, b);
    sobol_indices(s.fa, s.fb, fab, ROWS, K, 500, 8, c);
    bool other_seed_differs = false;
    for (int i = 0; i < 3; i++) {
        CHECK(a[i].first_low < a[i].first && a[i].first < a[i].first_high);
        CHECK(a[i].total_low < a[i].total && a[i].total < a[i].total_high);
        CHECK(a[i].first_low == b[i].first_low && a[i].total_high == b[i].total_high);
        other_seed_differs |= a[i].first_low != c[i].first_low;
    }
    CHECK(other_seed_differs);
    free(fab);
    samples_free(&s);
}

static void outputs_that_do_not_vary_have_no_indices(void)
{
    const double same[4] = {5, 5, 5, 5}, fab[8] = {5, 5, 5, 5, 5, 5, 5, 5};
    struct sobol_index idx[2];
    sobol_indices(same, same, fab, 4, 2, 50, 1, idx);
    CHECK(isnan(idx[0].first) && isnan(idx[1].total) && isnan(idx[0].first_low));
}

int main(void)
{
    RUN_CASE(additive_function_indices_match_their_analytic_values);
    RUN_CASE(an_input_without_effect_has_indices_of_exactly_zero);
    RUN_CASE(bootstrap_intervals_hold_the_estimate_and_repeat_with_the_seed);
    RUN_CASE(outputs_that_do_not_vary_have_no_indices);
    return CHECK_EXIT();
}
