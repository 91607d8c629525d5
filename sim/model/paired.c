/* Paired differences (paired.h). The interval is the classical one for the
 * mean of n differences, mean ± t(0.975, n - 1) sd / sqrt(n): the pairs are
 * independent replicates, and their differences are near normal for the
 * replicate counts a comparison runs (a few tens and up). */
#include "paired.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../base/alloc.h"
#include "summary.h"

/* The median of sorted v (m >= 1) by GSL's rule, except that when one of
 * the two middle values is infinite it is the lower one: never the NaN of
 * -INFINITY + INFINITY, and an even split between "sooner" and "never"
 * reads as the smaller difference. */
static double median_sorted(const double *v, size_t m)
{
    size_t lo = (m - 1) / 2, hi = m / 2;
    if (isinf(v[lo]) || isinf(v[hi])) {
        return v[lo];
    }
    return gsl_stats_median_from_sorted_data(v, 1, m);
}

void paired_compute(const double *a, const double *b, size_t n, struct paired *out)
{
    memset(out, 0, sizeof *out);
    out->pairs = (uint32_t)n;
    double *diff = xmalloc(n * sizeof *diff);
    double *finite = xmalloc(n * sizeof *finite);
    size_t m = 0, below = 0, equal = 0;
    for (size_t i = 0; i < n; i++) {
        below += b[i] < a[i];
        equal += b[i] == a[i];
        if (isinf(a[i]) && isinf(b[i])) {
            out->both_never++;
            continue;
        }
        if (isinf(a[i])) {
            out->a_never++;
            diff[m++] = -INFINITY;
        } else if (isinf(b[i])) {
            out->b_never++;
            diff[m++] = INFINITY;
        } else {
            diff[m++] = b[i] - a[i];
            finite[out->finite++] = b[i] - a[i];
        }
    }
    out->below = (double)below / (double)n;
    out->equal = (double)equal / (double)n;
    out->median = NAN;
    if (m > 0) {
        gsl_sort(diff, 1, m);
        out->median = median_sorted(diff, m);
    }
    out->mean = out->finite > 0 ? gsl_stats_mean(finite, 1, out->finite) : NAN;
    summary_mean_ci95(finite, out->finite, &out->ci95_low, &out->ci95_high);
    /* Each side's median, as the summary computes it. */
    struct stat4 st;
    memcpy(diff, a, n * sizeof *diff);
    summary_stat4(diff, n, &st);
    out->a_median = st.median;
    memcpy(diff, b, n * sizeof *diff);
    summary_stat4(diff, n, &st);
    out->b_median = st.median;
    free(diff);
    free(finite);
}
