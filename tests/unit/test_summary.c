/* model/summary.c: the median's 90 % interval is the pair of order
 * statistics x_(j), x_(n+1-j) for the largest j with P(Bin(n, 1/2) < j) <=
 * 0.05 (summary.h), checked against binomial sums computed here exactly in
 * long double, and the interval's coverage over many samples of a skewed law. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "check.h"
#include "model/summary.h"

/* P(Bin(n, 1/2) <= k) by summing the binomial terms in log space. */
static double binomial_cdf(unsigned k, unsigned n)
{
    long double sum = 0.0L;
    for (unsigned i = 0; i <= k; i++) {
        sum += expl(lgammal(n + 1.0L) - lgammal(i + 1.0L) - lgammal(n - i + 1.0L) -
                    (long double)n * logl(2.0L));
    }
    return (double)sum;
}

static unsigned expected_j(unsigned n)
{
    unsigned j = 0;
    for (unsigned k = 1; 2 * k <= n; k++) {
        if (binomial_cdf(k - 1, n) <= 0.05) {
            j = k;
        }
    }
    return j;
}

static void the_medians_interval_is_the_binomial_pair_of_order_statistics(void)
{
    const unsigned sizes[] = {5, 6, 10, 20, 21, 100, 333, 2000};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        unsigned n = sizes[i];
        double *v = malloc(n * sizeof *v);
        for (unsigned r = 0; r < n; r++) {
            v[r] = (double)((r * 7919u) % n) + 1.0; /* 1 .. n, shuffled */
        }
        struct stat4 st;
        summary_stat4(v, n, &st);
        unsigned j = expected_j(n);
        CHECK(j >= 1);
        CHECK(st.median_low == (double)j && st.median_high == (double)(n + 1 - j));
        CHECK(st.median_low <= st.median && st.median <= st.median_high);
        free(v);
    }
    /* 20 replicates, as blogger_168m runs: the 6th and the 15th. */
    CHECK(expected_j(20) == 6);
}

static void too_few_replicates_give_no_interval(void)
{
    double v[4] = {3, 1, 4, 1};
    struct stat4 st;
    summary_stat4(v, 4, &st);
    CHECK(isnan(st.median_low) && isnan(st.median_high));
}

/* Coverage: 4,000 samples of 20 lognormal values (sigma 1.5, true median 1):
 * the interval holds 1 with probability 1 - 2 P(Bin(20, 1/2) <= 5) = 0.9586;
 * the count's standard error is sqrt(4000 x 0.9586 x 0.0414) = 12.6, and
 * the bound is 4 of them either side. */
static void the_medians_interval_covers_the_true_median_as_promised(void)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 2026);
    const unsigned samples = 4000, n = 20;
    unsigned covered = 0;
    double v[20];
    for (unsigned s = 0; s < samples; s++) {
        for (unsigned r = 0; r < n; r++) {
            v[r] = gsl_ran_lognormal(rng, 0.0, 1.5);
        }
        struct stat4 st;
        summary_stat4(v, n, &st);
        covered += st.median_low <= 1.0 && 1.0 <= st.median_high;
    }
    double want = samples * (1.0 - 2.0 * binomial_cdf(5, 20));
    CHECK_NEAR((double)covered, want, 4.0 * sqrt(want * (1.0 - want / samples)));
    gsl_rng_free(rng);
}

int main(void)
{
    RUN_CASE(the_medians_interval_is_the_binomial_pair_of_order_statistics);
    RUN_CASE(too_few_replicates_give_no_interval);
    RUN_CASE(the_medians_interval_covers_the_true_median_as_promised);
    return CHECK_EXIT();
}
