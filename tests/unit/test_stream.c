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

static void stream_delivers_each_audience_member_at_most_once(void)
{
    gsl_rng *r = rng_new(2, 0);
    struct stream_law law =
        quantile_law((struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = 1.0}, 0.999);
    enum { AUDIENCE = 1000 };
    for (uint32_t exposures = 1; exposures <= AUDIENCE; exposures += 333) {
        struct audience a = {AUDIENCE, 0, 0};
        unsigned char seen[AUDIENCE] = {0};
        struct stream s;
        uint32_t n = 0;
        for (bool more =
                 stream_start(&s, 0.0, exposures, &a, &law, stream_law_fixed_limit(&law), r);
             more; more = stream_advance(&s, &law, r)) {
            CHECK(s.index < AUDIENCE);
            CHECK(!seen[s.index]);
            seen[s.index] = 1;
            n++;
        }
        CHECK(n == exposures);
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
            counts[s.index]++;
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
 * within a stream, not just one long stream. For n independent draws,
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
    RUN_CASE(exponential_law_delays_follow_the_truncated_exponential);
    RUN_CASE(quantile_law_delays_follow_the_truncated_lognormal);
    RUN_CASE(even_law_spreads_exposures_uniformly_over_the_tick);
    return CHECK_EXIT();
}
