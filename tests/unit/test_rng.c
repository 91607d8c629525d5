/* The inline draws are GSL's: the binomial's certain cases take the same
 * uniform GSL takes, so a scenario's bytes do not depend on which is called. */
#include "engine/rng.h"

#include <gsl/gsl_randist.h>

#include "check.h"

/* Draws Bin(n, p) with rng_binomial and with gsl_ran_binomial from two copies
 * of one stream; both give the same value and leave the same state. */
static int binomial_matches_gsl(double p, uint32_t n, uint64_t seed)
{
    gsl_rng *a = rng_new(seed, 1), *b = rng_new(seed, 1);
    int ok = 1;
    for (int i = 0; i < 50; i++) {
        uint32_t x = rng_binomial(a, p, n), y = (uint32_t)gsl_ran_binomial(b, p, n);
        ok &= x == y && rng_next(a) == rng_next(b);
    }
    rng_free(a);
    rng_free(b);
    return ok;
}

static void binomial_with_certain_outcome_takes_gsls_draws(void)
{
    const uint32_t sizes[] = {1, 2, 5, 10, 64, 65, 1000, 123457, 4000000000u};
    for (size_t i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
        CHECK(binomial_matches_gsl(1.0, sizes[i], 17 + i));
        CHECK(binomial_matches_gsl(0.0, sizes[i], 31 + i));
    }
}

static void binomial_certain_values_are_n_and_zero(void)
{
    gsl_rng *r = rng_new(5, 2);
    CHECK(rng_binomial(r, 1.0, 37) == 37);
    CHECK(rng_binomial(r, 0.0, 37) == 0);
    CHECK(rng_binomial(r, 1.0, 0) == 0);
    rng_free(r);
}

static void binomial_with_uncertain_outcome_is_gsls(void)
{
    CHECK(binomial_matches_gsl(0.3, 10, 3));
    CHECK(binomial_matches_gsl(0.999, 1000, 4));
    CHECK(binomial_matches_gsl(1e-9, 100000, 5));
}

int main(void)
{
    RUN_CASE(binomial_with_certain_outcome_takes_gsls_draws);
    RUN_CASE(binomial_certain_values_are_n_and_zero);
    RUN_CASE(binomial_with_uncertain_outcome_is_gsls);
    return CHECK_EXIT();
}
