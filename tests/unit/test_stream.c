/* Fan-out streams yield sorted times within the post's lifetime, deliver
 * each audience member at most once, and their delays follow the truncated
 * delay distribution (Kolmogorov-Smirnov), whichever law draws them. */
#include "model/stream.h"

#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>

#include "check.h"
#include "engine/rng.h"

static struct stream_law exponential_law(double median_h, double lifetime_h)
{
    struct stream_law law = {
        .kind = LAW_EXPONENTIAL, .rate = log(2.0) / median_h, .span_h = lifetime_h};
    law.delay = (struct distribution){.kind = DISTRIBUTION_EXPONENTIAL, .a = 1.0 / law.rate};
    law.u_max = distribution_cdf(&law.delay, lifetime_h);
    return law;
}

static struct stream_law quantile_law(struct distribution d, double lifetime_h)
{
    struct stream_law law = {.kind = LAW_QUANTILE, .span_h = lifetime_h, .delay = d};
    law.u_max = distribution_cdf(&d, lifetime_h);
    return law;
}

static void stream_times_never_decrease_and_stay_within_lifetime(void)
{
    gsl_rng *r = rng_new(1, 0);
    struct stream_law laws[2] = {
        exponential_law(2.0, 24.0),
        quantile_law((struct distribution){.kind = DISTRIBUTION_LOGNORMAL, .a = 0.0, .b = 1.5},
                     24.0)};
    for (int l = 0; l < 2; l++) {
        struct audience a = {8000, 0, 0};
        struct stream s;
        int delivered = 0;
        double last = 10.0;
        for (bool more =
                 stream_start(&s, 10.0, 5000, &a, &laws[l], stream_law_fixed_limit(&laws[l]), r);
             more; more = stream_advance(&s, &laws[l], r)) {
            CHECK(s.next_h >= last);
            CHECK(s.next_h < 10.0 + 24.0);
            last = s.next_h;
            delivered++;
        }
        CHECK(delivered > 4000 && delivered <= 5000);
    }
    rng_free(r);
}

/* Picks the pending exposure's audience index, as the emit loops do. */
static uint32_t pick(struct stream *s, gsl_rng *r)
{
    struct shuffle order;
    stream_order_init(&order, s);
    return stream_pick(s, &order, rng_state(r));
}

static void stream_delivers_each_audience_member_at_most_once(void)
{
    gsl_rng *r = rng_new(2, 0);
    struct stream_law law =
        quantile_law((struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = 1.0}, 0.999);
    /* A large audience (a permutation) and a small one (picked exactly). */
    const uint32_t audiences[] = {1000, STREAM_EXACT_MAX, 37};
    for (int k = 0; k < 3; k++) {
        uint32_t audience = audiences[k];
        for (uint32_t exposures = 1; exposures <= audience; exposures += audience / 3) {
            struct audience a = {audience, 0, 0};
            unsigned char seen[1000] = {0};
            struct stream s;
            uint32_t n = 0;
            for (bool more =
                     stream_start(&s, 0.0, exposures, &a, &law, stream_law_fixed_limit(&law), r);
                 more; more = stream_advance(&s, &law, r)) {
                uint32_t i = pick(&s, r);
                CHECK(i < audience);
                CHECK(!seen[i]);
                seen[i] = 1;
                n++;
            }
            CHECK(n == exposures);
        }
    }
    rng_free(r);
}

static void stream_audience_members_are_equally_likely_to_be_reached(void)
{
    /* The first exposure's index over many streams is uniform on [0, 10): a
     * chi-square with 9 degrees of freedom; 27.9 is its 0.999 quantile. */
    gsl_rng *r = rng_new(3, 0);
    struct stream_law law = exponential_law(1.0, 24.0);
    enum { K = 10, STREAMS = 20000 };
    unsigned counts[K] = {0};
    for (int i = 0; i < STREAMS; i++) {
        struct audience a = {K, 0, 0};
        struct stream s;
        if (stream_start(&s, 0.0, 3, &a, &law, stream_law_fixed_limit(&law), r)) {
            counts[pick(&s, r)]++;
        }
    }
    double total = 0.0, chi2 = 0.0;
    for (int i = 0; i < K; i++) {
        total += counts[i];
    }
    for (int i = 0; i < K; i++) {
        chi2 += (counts[i] - total / K) * (counts[i] - total / K) / (total / K);
    }
    CHECK(chi2 < 27.9);
    rng_free(r);
}

/* Chi-square, over the k (k - 1) / 2 pairs of an audience of k, of how often
 * both of a pair are among the m followers of `streams` streams: each pair
 * with chance m (m - 1) / (k (k - 1)) when the subset is uniform. */
static double pair_chi_square(uint32_t k, uint32_t m, uint32_t streams, uint64_t seed)
{
    gsl_rng *r = rng_new(seed, 0);
    struct stream_law law =
        quantile_law((struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = 1.0}, 2.0);
    double *together = calloc((size_t)k * k, sizeof *together);
    uint32_t picked[8];
    for (uint32_t t = 0; t < streams; t++) {
        struct audience a = {k, 0, 0};
        struct stream s;
        uint32_t n = 0;
        for (bool more = stream_start(&s, 0.0, m, &a, &law, stream_law_fixed_limit(&law), r);
             more; more = stream_advance(&s, &law, r)) {
            picked[n++] = pick(&s, r);
        }
        for (uint32_t i = 0; i < n; i++) {
            for (uint32_t j = 0; j < n; j++) {
                if (picked[i] < picked[j]) {
                    together[(size_t)picked[i] * k + picked[j]]++;
                }
            }
        }
    }
    double expected = (double)streams * m * (m - 1) / ((double)k * (k - 1)), chi2 = 0.0;
    for (uint32_t i = 0; i < k; i++) {
        for (uint32_t j = i + 1; j < k; j++) {
            double d = together[(size_t)i * k + j] - expected;
            chi2 += d * d / expected;
        }
    }
    free(together);
    rng_free(r);
    return chi2;
}

static void stream_exposes_each_pair_of_a_small_audience_equally_often(void)
{
    /* The arithmetic progression of old never put followers 0 and 2 of 4
     * together in 2 exposures. df = k (k - 1) / 2 - 1 (the total is fixed):
     * 5, 9, 14; the chi-square's 0.999 quantiles are 20.5, 27.9, 36.1. */
    const double limit[] = {20.5, 27.9, 36.1};
    for (uint32_t k = 4; k <= 6; k++) {
        for (uint32_t m = 2; m < k; m++) {
            CHECK(pair_chi_square(k, m, 200000, 10 * k + m) < limit[k - 4]);
        }
    }
}

static void stream_exposes_each_pair_of_a_large_audience_equally_often(void)
{
    /* k = 65 is the smallest permuted audience, k = 300 a larger one; with 2
     * exposures each stream adds one pair. df = 2079 and 44849: a chi-square
     * with df degrees of freedom has mean df and standard deviation
     * sqrt(2 df); 5 of them is a 3e-7 chance for a uniform subset (6 rounds
     * of Feistel gave z = 4 and 8 on such tests). */
    const uint32_t ks[] = {65, 300};
    for (int i = 0; i < 2; i++) {
        double df = ks[i] * (ks[i] - 1.0) / 2.0 - 1.0;
        double chi2 = pair_chi_square(ks[i], 2, (uint32_t)(40.0 * df), 7 + (uint64_t)i);
        CHECK(fabs(chi2 - df) < 5.0 * sqrt(2.0 * df));
    }
}

/* The Kolmogorov distance between the sample's empirical CDF and cdf(x)/top. */
static double ks_distance(double *x, size_t n, const struct distribution *d, double top)
{
    gsl_sort(x, 1, n);
    double dmax = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = distribution_cdf(d, x[i]) / top;
        double lo = fabs(f - (double)i / n), hi = fabs((double)(i + 1) / n - f);
        dmax = fmax(dmax, fmax(lo, hi));
    }
    return dmax;
}

/* Pools the delays of many small streams, so the test covers how draws chain
 * within a stream, not just one long stream. per_stream must divide N: the
 * last stream is cut at N, and a cut stream keeps only its earliest delays. For n independent draws,
 * P(sqrt(n) D > 1.95) ~ 0.001 (Kolmogorov distribution), so the bound
 * 1.95 / sqrt(n) fails a correct stream once in a thousand seeds; the seed is
 * fixed. */
static void check_delays_follow(const struct stream_law *law, uint32_t per_stream,
                                unsigned long seed)
{
    enum { N = 20000 };
    gsl_rng *r = rng_new(seed, 0);
    double *x = malloc(N * sizeof *x);
    size_t k = 0;
    while (k < N) {
        struct audience a = {per_stream, 0, 0};
        struct stream s;
        for (bool more =
                 stream_start(&s, 100.0, per_stream, &a, law, stream_law_fixed_limit(law), r);
             more && k < N; more = stream_advance(&s, law, r)) {
            x[k++] = s.next_h - 100.0;
        }
    }
    CHECK(ks_distance(x, N, &law->delay, law->u_max) < 1.95 / sqrt((double)N));
    free(x);
    rng_free(r);
}

static void exponential_law_delays_follow_the_truncated_exponential(void)
{
    struct stream_law law = exponential_law(80.0 / 60.0, 24.0);
    check_delays_follow(&law, 5, 11);
    law = exponential_law(80.0 / 60.0, 1.0); /* a lifetime cutting the bulk */
    check_delays_follow(&law, 5, 12);
    check_delays_follow(&law, 2000, 13); /* long streams */
}

static void quantile_law_delays_follow_the_truncated_lognormal(void)
{
    struct stream_law law = quantile_law(
        (struct distribution){.kind = DISTRIBUTION_LOGNORMAL, .a = log(0.5), .b = 1.5}, 24.0);
    check_delays_follow(&law, 5, 14);
    check_delays_follow(&law, 5000, 15);
}

static void quantile_law_delays_follow_the_truncated_power_law(void)
{
    /* SEISMIC's reaction-time kernel (5 min flat, theta 0.242): a lifetime of
     * 24 h cuts the tail at F = 0.79, one of 2 h at 0.65. */
    struct distribution d = {.kind = DISTRIBUTION_POWERLAW, .a = 5.0 / 60.0, .b = 0.242};
    struct stream_law law = quantile_law(d, 24.0);
    check_delays_follow(&law, 5, 18);
    check_delays_follow(&law, 4000, 19); /* whole streams: a cut one keeps its earliest */
    law = quantile_law(d, 2.0);
    check_delays_follow(&law, 5, 20);
}

/* The power law's CDF is the integral of its density: c = theta / (s0 (1 +
 * theta)) on [0, s0], c (x / s0)^-(1 + theta) above. Checked by central
 * differences (step 1e-4 x: truncation O(h^2 f''/f) ~ 1e-8 relative,
 * rounding 1e-16 / (2 h f) under 1e-7 up to x = 1000 s0), at the joint
 * (continuity) and by inverting the quantile. */
static void power_law_is_flat_then_falls_as_a_power(void)
{
    const double s0 = 0.1, theta = 0.5, c = theta / (s0 * (1.0 + theta));
    struct distribution d = {.kind = DISTRIBUTION_POWERLAW, .a = s0, .b = theta};
    const double xs[] = {0.01, 0.05, 0.099, 0.2, 1.0, 10.0, 100.0};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++) {
        double x = xs[i], h = 1e-4 * x;
        double density = (distribution_cdf(&d, x + h) - distribution_cdf(&d, x - h)) / (2.0 * h);
        double want = x <= s0 ? c : c * pow(x / s0, -(1.0 + theta));
        CHECK(fabs(density - want) < 1e-6 * want);
        double p = distribution_cdf(&d, x);
        CHECK(fabs(distribution_quantile(&d, p) - x) < 1e-9 * x);
    }
    CHECK(fabs(distribution_cdf(&d, s0) - theta / (1.0 + theta)) < 1e-15);
    CHECK(fabs(distribution_cdf(&d, s0 * (1.0 + 1e-12)) - theta / (1.0 + theta)) < 1e-9);
}

static void even_law_spreads_exposures_uniformly_over_the_tick(void)
{
    struct stream_law law = {.kind = LAW_EVEN, .span_h = 0.25};
    law.delay = (struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = 0.25};
    law.u_max = 1.0;
    gsl_rng *r = rng_new(16, 0);
    struct audience untargeted = {0, 0, 0};
    struct stream s;
    double last = 0.0;
    int n = 0;
    for (bool more =
             stream_start(&s, 3.0, 1000, &untargeted, &law, stream_law_fixed_limit(&law), r);
         more; more = stream_advance(&s, &law, r)) {
        CHECK(s.next_h >= last && s.next_h >= 3.0 && s.next_h < 3.25);
        last = s.next_h;
        n++;
    }
    CHECK(n == 1000);
    rng_free(r);
    check_delays_follow(&law, 7, 17);
}

int main(void)
{
    RUN_CASE(stream_times_never_decrease_and_stay_within_lifetime);
    RUN_CASE(stream_delivers_each_audience_member_at_most_once);
    RUN_CASE(stream_audience_members_are_equally_likely_to_be_reached);
    RUN_CASE(stream_exposes_each_pair_of_a_small_audience_equally_often);
    RUN_CASE(stream_exposes_each_pair_of_a_large_audience_equally_often);
    RUN_CASE(exponential_law_delays_follow_the_truncated_exponential);
    RUN_CASE(quantile_law_delays_follow_the_truncated_lognormal);
    RUN_CASE(quantile_law_delays_follow_the_truncated_power_law);
    RUN_CASE(power_law_is_flat_then_falls_as_a_power);
    RUN_CASE(even_law_spreads_exposures_uniformly_over_the_tick);
    return CHECK_EXIT();
}
