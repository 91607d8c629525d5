/* Random streams. Every run draws from explicitly passed gsl_rng streams,
 * never a global one; each stream's seed is a mix of the master seed and a
 * stream label (replicate number, "graph", ...), so replicates are
 * independent and any one can be rerun alone.
 *
 * The generator is xoshiro256++ (Blackman and Vigna), registered as a GSL
 * generator type so that GSL's distributions draw from it; the event loop
 * reads it through the inline functions below, which skip GSL's function
 * pointer: they are the same stream. */
#ifndef AMPLISIM_RNG_H
#define AMPLISIM_RNG_H

#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

/* Labels for streams that are not replicates; replicate r uses label r. */
#define RNG_STREAM_GRAPH UINT64_C(0xFFFFFFFF00000001)
#define RNG_STREAM_FIT UINT64_C(0xFFFFFFFF00000002) /* a fit's ABC-SMC proposals */
#define RNG_STREAM_FIT_NOISE UINT64_C(0xFFFFFFFF00000003) /* a fit's bootstrap of its replicates */

/* SplitMix64 finaliser: a bijective 64-bit mixer with good avalanche. */
static inline uint64_t rng_mix64(uint64_t x)
{
    x += UINT64_C(0x9E3779B97F4A7C15);
    x = (x ^ (x >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    x = (x ^ (x >> 27)) * UINT64_C(0x94D049BB133111EB);
    return x ^ (x >> 31);
}

/* The GSL generator type: 32-bit outputs for gsl_rng_get, 53-bit doubles. */
extern const gsl_rng_type *rng_xoshiro256pp;

struct rng_state {
    uint64_t s[4];
};

/* The generator's state inside r (r must come from rng_new). A hot loop may
 * copy it into a local, draw with the rng_state_* functions, and copy it
 * back: the same stream, with the state in registers rather than reloaded
 * after every store the compiler cannot prove unrelated. */
static inline struct rng_state *rng_state(gsl_rng *r)
{
    return (struct rng_state *)r->state;
}

/* The next 64 bits of the stream. */
static inline uint64_t rng_state_next(struct rng_state *st)
{
    uint64_t *s = st->s;
    uint64_t sum = s[0] + s[3];
    uint64_t out = ((sum << 23) | (sum >> 41)) + s[0];
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = (s[3] << 45) | (s[3] >> 19);
    return out;
}

/* Uniform on [0, 1) with 53 random bits; as gsl_rng_uniform on this type. */
static inline double rng_state_uniform(struct rng_state *st)
{
    return (double)(rng_state_next(st) >> 11) * 0x1.0p-53;
}

/* Uniform on (0, 1]: never 0, for logarithms. */
static inline double rng_state_uniform_pos(struct rng_state *st)
{
    return ((double)(rng_state_next(st) >> 11) + 1.0) * 0x1.0p-53;
}

/* Uniform integer in [0, n), n >= 1, by Lemire's multiply-shift (the bias is
 * below 2^-32 for n < 2^32: negligible beside everything else modelled). */
static inline uint32_t rng_state_below(struct rng_state *st, uint32_t n)
{
    return (uint32_t)(((rng_state_next(st) >> 32) * (uint64_t)n) >> 32);
}

/* The same draws from r. */
static inline uint64_t rng_next(gsl_rng *r)
{
    return rng_state_next(rng_state(r));
}

static inline double rng_uniform(gsl_rng *r)
{
    return rng_state_uniform(rng_state(r));
}

static inline double rng_uniform_pos(gsl_rng *r)
{
    return rng_state_uniform_pos(rng_state(r));
}

static inline uint32_t rng_below(gsl_rng *r, uint32_t n)
{
    return rng_state_below(rng_state(r), n);
}

/* The seed of stream `label` under master seed `seed`. */
uint64_t rng_derive_seed(uint64_t seed, uint64_t label);

/* Allocates a generator seeded from (seed, label); release with rng_free. */
gsl_rng *rng_new(uint64_t seed, uint64_t label);

/* Reseeds an existing generator from (seed, label): the same stream as
 * rng_new would give, without allocating. */
void rng_reseed(gsl_rng *r, uint64_t seed, uint64_t label);

void rng_free(gsl_rng *r);

/* gsl_ran_binomial(r, p, n), the same draws and the same value. When p is
 * 0 or 1, GSL inverts the CDF of the smaller of p and 1 - p, which is 0: one
 * uniform, and 0 or n. So does this, without GSL's ~120 instructions: a post
 * that every follower sees (visibility 1, the default) draws it once. */
static inline uint32_t rng_binomial(gsl_rng *r, double p, uint32_t n)
{
    if ((p == 1.0 || p == 0.0) && n > 0) {
        (void)rng_uniform(r);
        return p == 1.0 ? n : 0;
    }
    return gsl_ran_binomial(r, p, n);
}

/* A uniform 64-bit value. */
static inline uint64_t rng_u64(gsl_rng *r)
{
    return rng_next(r);
}

#endif
