/* Sobol indices (sobol.h). With V the variance of the 2n outputs f(A),
 * f(B):
 *   S_i  = (1/n) sum_j f(B)_j (f(A_B^i)_j - f(A)_j) / V   (Saltelli et al. 2010, eq. (b))
 *   S_Ti = (1/2n) sum_j (f(A)_j - f(A_B^i)_j)^2 / V      (Jansen 1999, eq. (f) there)
 * The bootstrap recomputes V and both sums on rows resampled with
 * replacement, the same rows for every input, so the intervals reflect the
 * estimators' joint sampling error. */
#include "sobol.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../base/alloc.h"
#include "../engine/rng.h"

/* The indices of every input on rows rows[0 .. n) (NULL: rows 0 .. n-1);
 * scratch holds 2n doubles. */
static void estimate(const double *fa, const double *fb, const double *fab, size_t n, size_t k,
                     const uint32_t *rows, double *scratch, double *first, double *total)
{
    for (size_t j = 0; j < n; j++) {
        size_t r = rows ? rows[j] : j;
        scratch[j] = fa[r];
        scratch[n + j] = fb[r];
    }
    double v = gsl_stats_variance(scratch, 1, 2 * n);
    for (size_t i = 0; i < k; i++) {
        const double *fi = fab + i * n;
        double s = 0.0, t = 0.0;
        for (size_t j = 0; j < n; j++) {
            size_t r = rows ? rows[j] : j;
            s += fb[r] * (fi[r] - fa[r]);
            t += (fa[r] - fi[r]) * (fa[r] - fi[r]);
        }
        first[i] = v > 0.0 ? s / (double)n / v : NAN;
        total[i] = v > 0.0 ? t / (2.0 * (double)n) / v : NAN;
    }
}

/* The 2.5 % and 97.5 % quantiles of v[0 .. m), sorted in place. */
static void interval(double *v, size_t m, double *low, double *high)
{
    gsl_sort(v, 1, m);
    *low = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.025);
    *high = gsl_stats_quantile_from_sorted_data(v, 1, m, 0.975);
}

void sobol_indices(const double *fa, const double *fb, const double *fab, size_t n, size_t k,
                   uint32_t resamples, uint64_t seed, struct sobol_index *out)
{
    double *scratch = xmalloc(2 * n * sizeof *scratch);
    double *first = xmalloc(k * sizeof *first), *total = xmalloc(k * sizeof *total);
    estimate(fa, fb, fab, n, k, NULL, scratch, first, total);
    for (size_t i = 0; i < k; i++) {
        out[i] = (struct sobol_index){first[i], NAN, NAN, total[i], NAN, NAN};
    }
    if (resamples > 0 && isfinite(first[0])) {
        /* boot_first[i * resamples + b]: input i's index in resample b. */
        double *boot_first = xmalloc((size_t)resamples * k * sizeof *boot_first);
        double *boot_total = xmalloc((size_t)resamples * k * sizeof *boot_total);
        uint32_t *rows = xmalloc(n * sizeof *rows);
        gsl_rng *r = rng_new(seed, 0);
        size_t kept = 0;
        for (uint32_t b = 0; b < resamples; b++) {
            for (size_t j = 0; j < n; j++) {
                rows[j] = rng_below(r, (uint32_t)n);
            }
            estimate(fa, fb, fab, n, k, rows, scratch, first, total);
            /* A resample of outputs that happen to be all equal has no
             * variance and no index: it is left out. */
            if (!isfinite(first[0])) {
                continue;
            }
            for (size_t i = 0; i < k; i++) {
                boot_first[i * resamples + kept] = first[i];
                boot_total[i * resamples + kept] = total[i];
            }
            kept++;
        }
        for (size_t i = 0; i < k && kept > 0; i++) {
            interval(boot_first + i * resamples, kept, &out[i].first_low, &out[i].first_high);
            interval(boot_total + i * resamples, kept, &out[i].total_low, &out[i].total_high);
        }
        rng_free(r);
        free(rows);
        free(boot_first);
        free(boot_total);
    }
    free(scratch);
    free(first);
    free(total);
}
