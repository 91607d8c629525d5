/* Paired differences (model/paired.c): infinite times are classed, never
 * subtracted, and no figure is NaN while some pair has a finite side. */
#include <math.h>

#include "check.h"
#include "model/paired.h"

static void finite_pairs_give_the_differences(void)
{
    const double a[4] = {10, 20, 30, 40}, b[4] = {12, 19, 33, 40};
    struct paired p;
    paired_compute(a, b, 4, &p);
    CHECK(p.pairs == 4 && p.finite == 4 && p.both_never == 0);
    CHECK_NEAR(p.mean, 1.0, 1e-12);   /* (2 - 1 + 3 + 0) / 4 */
    CHECK_NEAR(p.median, 1.0, 1e-12); /* of -1, 0, 2, 3 */
    CHECK(p.ci95_low < p.mean && p.mean < p.ci95_high);
    CHECK_NEAR(p.below, 0.25, 0.0);
    CHECK_NEAR(p.equal, 0.25, 0.0);
    CHECK_NEAR(p.a_median, 25.0, 0.0);
    CHECK_NEAR(p.b_median, 26.0, 0.0);
}

static void infinite_times_are_classed_not_subtracted(void)
{
    /* b never, a never, both never, then two finite pairs (-1 and 0). */
    const double a[5] = {1, INFINITY, INFINITY, 2, 5}, b[5] = {INFINITY, 3, INFINITY, 1, 5};
    struct paired p;
    paired_compute(a, b, 5, &p);
    CHECK(p.b_never == 1 && p.a_never == 1 && p.both_never == 1 && p.finite == 2);
    CHECK_NEAR(p.median, -0.5, 1e-12); /* of -inf, -1, 0, +inf */
    CHECK_NEAR(p.mean, -0.5, 1e-12);
    CHECK(isfinite(p.ci95_low) && isfinite(p.ci95_high));
    CHECK_NEAR(p.below, 0.4, 1e-12);               /* B reached where A never did; 1 below 2 */
    CHECK_NEAR(p.equal, 0.4, 1e-12);               /* both never; 5 and 5 */
    CHECK(p.a_median == 5.0 && p.b_median == 5.0); /* 1 2 5 inf inf; 1 3 5 inf inf */
}

static void an_infinite_middle_takes_the_lower_value(void)
{
    const double a[2] = {INFINITY, 1}, b[2] = {1, INFINITY};
    struct paired p;
    paired_compute(a, b, 2, &p);
    CHECK(isinf(p.median) && p.median < 0);    /* -inf and +inf: never NaN */
    CHECK(isnan(p.mean) && isnan(p.ci95_low)); /* no finite pair */
    const double c[3] = {1, 1, 1}, d[3] = {2, 3, INFINITY};
    paired_compute(c, d, 3, &p);
    CHECK_NEAR(p.median, 2.0, 0.0); /* of 1, 2, +inf */
    CHECK_NEAR(p.mean, 1.5, 1e-12);
}

static void both_never_everywhere_has_no_difference(void)
{
    const double a[3] = {INFINITY, INFINITY, INFINITY};
    struct paired p;
    paired_compute(a, a, 3, &p);
    CHECK(p.both_never == 3 && p.finite == 0);
    CHECK(isnan(p.median) && isnan(p.mean));
    CHECK_NEAR(p.below, 0.0, 0.0);
    CHECK_NEAR(p.equal, 1.0, 0.0);
}

int main(void)
{
    RUN_CASE(finite_pairs_give_the_differences);
    RUN_CASE(infinite_times_are_classed_not_subtracted);
    RUN_CASE(an_infinite_middle_takes_the_lower_value);
    RUN_CASE(both_never_everywhere_has_no_difference);
    return CHECK_EXIT();
}
