/* Continuous delay distributions by their CDF and quantile function (from
 * GSL), and sorted samples drawn one at a time. A fan-out stream of m
 * exposures draws the m order statistics of Uniform(0, F(lifetime)) in
 * increasing order and pushes each through the quantile function, so its
 * delays come out sorted with O(1) state. */
#ifndef AMPLISIM_DISTRIBUTION_H
#define AMPLISIM_DISTRIBUTION_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

enum distribution_kind {
    DISTRIBUTION_EXPONENTIAL, /* a = mean */
    DISTRIBUTION_LOGNORMAL,   /* a = mu (log of the median), b = sigma */
    DISTRIBUTION_UNIFORM,     /* on [0, a] */
    DISTRIBUTION_POWERLAW,    /* density flat on [0, a], then a power law of exponent
                                 1 + b (a reaction-time kernel; docs/model.md §3) */
};

struct distribution {
    enum distribution_kind kind;
    double a;
    double b;
};

double distribution_cdf(const struct distribution *d, double x);
double distribution_quantile(const struct distribution *d, double p);

/* Given the previous uniform order statistic u_prev (0 before the first) of a
 * sample on [0, u_max) with `remaining` values still to come, draws the next
 * one: u_prev + (u_max - u_prev) * (1 - V^(1/remaining)), V ~ U(0,1]. This is
 * the minimum of `remaining` uniforms on [u_prev, u_max), so the sequence has
 * exactly the law of a sorted uniform sample. O(1). */
double distribution_next_order_stat(gsl_rng *r, double u_prev, double u_max,
                                    uint32_t remaining);

#endif
