/* CDFs and quantile functions from GSL; sequential sorted uniforms. */
#include "distribution.h"

#include <assert.h>
#include <math.h>

#include <gsl/gsl_cdf.h>

double distribution_cdf(const struct distribution *d, double x)
{
    if (x <= 0.0) {
        return 0.0;
    }
    switch (d->kind) {
    case DISTRIBUTION_EXPONENTIAL:
        return gsl_cdf_exponential_P(x, d->a);
    case DISTRIBUTION_LOGNORMAL:
        return gsl_cdf_lognormal_P(x, d->a, d->b);
    case DISTRIBUTION_UNIFORM:
        return x >= d->a ? 1.0 : x / d->a;
    case DISTRIBUTION_POWERLAW:
        /* Density c on [0, s0] and c (x/s0)^-(1+theta) above, c = theta / (s0 (1 + theta)):
         * the mass theta/(1+theta) lies on the flat part, and the tail above s0 is
         * a Pareto tail, (s0/x)^theta / (1 + theta). */
        if (x <= d->a) {
            return x * d->b / (d->a * (1.0 + d->b));
        }
        return 1.0 - gsl_cdf_pareto_Q(x, d->b, d->a) / (1.0 + d->b);
    }
    assert(0 && "unknown distribution");
    return 0.0;
}

double distribution_quantile(const struct distribution *d, double p)
{
    assert(p >= 0.0 && p < 1.0);
    switch (d->kind) {
    case DISTRIBUTION_EXPONENTIAL:
        /* -mean * log1p(-p), written out: GSL's Pinv is the same formula. */
        return -d->a * log1p(-p);
    case DISTRIBUTION_LOGNORMAL:
        return p <= 0.0 ? 0.0 : gsl_cdf_lognormal_Pinv(p, d->a, d->b);
    case DISTRIBUTION_UNIFORM:
        return p * d->a;
    case DISTRIBUTION_POWERLAW: {
        double flat = d->b / (1.0 + d->b);
        if (p <= flat) {
            return p * d->a / flat;
        }
        return gsl_cdf_pareto_Qinv((1.0 - p) * (1.0 + d->b), d->b, d->a);
    }
    }
    assert(0 && "unknown distribution");
    return 0.0;
}

double distribution_next_order_stat(gsl_rng *r, double u_prev, double u_max,
                                    uint32_t remaining)
{
    assert(remaining > 0);
    double v = gsl_rng_uniform_pos(r);
    /* 1 - v^(1/k) computed as -expm1(log(v)/k) to keep precision when k is large. */
    double step = -expm1(log(v) / (double)remaining);
    double u = u_prev + (u_max - u_prev) * step;
    return u < u_max ? u : u_prev;
}
