/* Seed derivation and the xoshiro256++ generator as a GSL generator type. */
#include "rng.h"

#include <assert.h>

#include "../base/alloc.h"

uint64_t rng_derive_seed(uint64_t seed, uint64_t label)
{
    return rng_mix64(rng_mix64(seed) ^ rng_mix64(label ^ UINT64_C(0x5851F42D4C957F2D)));
}

static void fill_state(struct rng_state *st, uint64_t seed)
{
    /* SplitMix64 expands one 64-bit seed into the 256-bit state, as the
     * xoshiro authors recommend; it is never all zero. */
    uint64_t x = seed;
    for (int i = 0; i < 4; i++) {
        x += UINT64_C(0x9E3779B97F4A7C15);
        uint64_t z = x;
        z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
        z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
        st->s[i] = z ^ (z >> 31);
    }
}

static void type_set(void *state, unsigned long seed)
{
    fill_state(state, (uint64_t)seed);
}

static unsigned long type_get(void *state)
{
    gsl_rng r = {.type = NULL, .state = state};
    return (unsigned long)(rng_next(&r) >> 32);
}

static double type_get_double(void *state)
{
    gsl_rng r = {.type = NULL, .state = state};
    return rng_uniform(&r);
}

static const gsl_rng_type xoshiro_type = {
    "xoshiro256++", 0xFFFFFFFFUL, 0, sizeof(struct rng_state),
    &type_set,      &type_get,    &type_get_double,
};

const gsl_rng_type *rng_xoshiro256pp = &xoshiro_type;

gsl_rng *rng_new(uint64_t seed, uint64_t label)
{
    gsl_rng *r = gsl_rng_alloc(rng_xoshiro256pp);
    if (!r) {
        xmalloc((size_t)-1 / 2); /* aborts with the out-of-memory message */
    }
    rng_reseed(r, seed, label);
    return r;
}

void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t label)
{
    assert(r->type == rng_xoshiro256pp);
    fill_state(r->state, rng_derive_seed(seed, label));
}

void rng_free(gsl_rng *r)
{
    if (r) {
        gsl_rng_free(r);
    }
}
