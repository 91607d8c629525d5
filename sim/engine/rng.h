/* Random streams. Every run draws from explicitly passed gsl_rng streams,
 * never a global one; each stream's seed is a mix of the master seed and a
 * stream label (replicate number, "graph", ...), so replicates are
 * independent and any one can be rerun alone. */
#ifndef AMPLISIM_RNG_H
#define AMPLISIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

/* Labels for streams that are not replicates; replicate r uses label r. */
#define RNG_STREAM_GRAPH UINT64_C(0xFFFFFFFF00000001)

/* SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche. */
static inline uint64_t rng_mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

/* The seed of stream `label` under master seed `seed`. */
uint64_t rng_derive_seed(uint64_t seed, uint64_t label);

/* Allocates a generator (MT19937) seeded from (seed, label); release with
 * rng_free. */
gsl_rng *rng_new(uint64_t seed, uint64_t label);

/* Reseeds an existing generator from (seed, label): the same stream as
 * rng_new would give, without allocating. */
void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t label);

void rng_free(gsl_rng *r);

/* A uniform 64-bit value built from two 32-bit draws. */
uint64_t rng_u64(gsl_rng *r);

#endif
