/* Seed derivation and generator set-up on top of GSL's MT19937. */
#include "rng.h"

#include "alloc.h"

uint64_t rng_derive_seed(uint64_t seed, uint64_t label)
{
    return rng_mix64(rng_mix64(seed) ^ rng_mix64(label ^ UINT64_C(0x5851F42D4C957F2D)));
}

static unsigned long seed_word(uint64_t seed, uint64_t label)
{
    /* MT19937 takes a 32-bit seed; fold the 64-bit derived seed into it. A
     * zero seed means "default" to GSL, so avoid it. */
    uint64_t s = rng_derive_seed(seed, label);
    unsigned long w = (unsigned long)((s ^ (s >> 32)) & 0xFFFFFFFFu);
    return w ? w : 1;
}

gsl_rng *rng_new(uint64_t seed, uint64_t label)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!r) {
        xmalloc((size_t)-1 / 2); /* aborts with the out-of-memory message */
    }
    gsl_rng_set(r, seed_word(seed, label));
    return r;
}

void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t label)
{
    gsl_rng_set(r, seed_word(seed, label));
}

void rng_free(gsl_rng *r)
{
    if (r) {
        gsl_rng_free(r);
    }
}

uint64_t rng_u64(gsl_rng *r)
{
    uint64_t hi = gsl_rng_get(r) & 0xFFFFFFFFu;
    uint64_t lo = gsl_rng_get(r) & 0xFFFFFFFFu;
    return (hi << 32) | lo;
}
