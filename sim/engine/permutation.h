/* Keyed pseudo-random bijections of [0, n), with O(1) memory; not cryptographic,
 * tests check they are bijections and look uniform.
 *
 * Both are unbalanced Feistel networks on the b = ceil(log2 n) bits covering n
 * (halves of floor(b/2) and ceil(b/2) bits), with cycle walking to stay inside
 * [0, n): the domain 2^b is under 2n, so an image takes under two ciphers (1.44
 * on average over n log-uniform). Each round is a multiply-shift: the top bits
 * of (half + 1) times an odd round key, XORed into the other half; two rounds
 * run without swapping the halves: (L, R) -> (L ^ F(R), R ^ F'(L ^ F(R))). A
 * cipher is then rounds x (lea, multiply, shift, xor) plus the split and the
 * join.
 *
 * struct permutation: names an implicit graph's followers of an account (their
 * sets are fixed by it). Its first version was balanced (halves of b/2 bits
 * each, b rounded up to an even number), so its domain reached 4n and a lookup
 * took up to four ciphers: 2.6 on average on blogger_168m, against 1.77 now.
 * Rounds: 6 above 16 bits, 8 from 7 to 16 bits, 16 up to 6 bits. Measured
 * (2e6 keys; pairs of the images of 0 and 1, chi-square per degree of
 * freedom over the n (n - 1) cells, or over 64 x 64 bins of 4e6 keys for large
 * n), against the balanced version's 6 rounds: n = 200, 8 rounds 0.996 (6
 * rounds 1.088, balanced 1.090); n = 2000 (2e7 keys), 1.001 (1.029, 1.004);
 * n = 65537, binned, 6 rounds 1.050 (balanced 1.006); n = 1,000,003, 1.417
 * (balanced 1.439; 8 rounds 1.026); n = 2e7, 1.101 (balanced 0.997). Tiny
 * domains stay poor, as they were: n = 12, 16 rounds 11.96 (balanced 11.05).
 *
 * struct shuffle: the order in which a fan-out stream reaches an audience of
 * more than 64 followers; 8 rounds. Measured on the first two images over 2e6
 * keys, chi-square over the n (n - 1) / 2 pairs per degree of freedom: 1.009,
 * 1.032, 0.995, 1.008, 0.990 for n = 65, 100, 128, 129, 200; 0.999 for n = 1000
 * over 2e7 keys (7 rounds: 1.009 there, z = 4.3; 6 rounds: 1.87 at n = 65). Its
 * keys, 8 LCG steps, are derived once per run of picks. */
#ifndef AMPLISIM_PERMUTATION_H
#define AMPLISIM_PERMUTATION_H

#include <assert.h>
#include <stdint.h>

/* Rounds by the bits b covering n: 16 up to 6 bits, 8 up to 16 bits, 6 above
 * (see permutation_init). */
#define PERMUTATION_ROUNDS_MAX 16

/* The halves of a Feistel network on the b bits covering n (at least 2). */
struct feistel_halves {
    uint8_t lo_bits;            /* bits of the right half, ceil(b / 2) */
    uint8_t hi_shift, lo_shift; /* 64 minus the bits of the left and right halves */
    uint8_t hi_bits;            /* bits of the left half, floor(b / 2) */
};

static inline struct feistel_halves feistel_halves_of(uint32_t n)
{
    unsigned bits = n > 4 ? 64u - (unsigned)__builtin_clzll((uint64_t)n - 1) : 2u;
    struct feistel_halves h;
    h.hi_bits = (uint8_t)(bits / 2);
    h.lo_bits = (uint8_t)(bits - bits / 2);
    h.hi_shift = (uint8_t)(64u - h.hi_bits);
    h.lo_shift = (uint8_t)(64u - h.lo_bits);
    return h;
}

/* `rounds` rounds (even) of the cipher on the b bits, two at a time. The + 1
 * (on 32 bits: one lea) keeps F(0) from being 0 for every key. */
static inline uint32_t feistel_cipher(const uint64_t *key, int rounds, struct feistel_halves h,
                                      uint32_t x)
{
    unsigned lo = h.lo_bits;
    uint32_t l = x >> lo, r = x & ((UINT32_C(1) << lo) - 1u);
    for (int k = 0; k < rounds; k += 2) {
        l ^= (uint32_t)((uint64_t)(r + 1u) * key[k] >> h.hi_shift);
        r ^= (uint32_t)((uint64_t)(l + 1u) * key[k + 1] >> h.lo_shift);
    }
    return l << lo | r;
}

struct permutation {
    uint64_t round_key[PERMUTATION_ROUNDS_MAX];
    uint32_t n;
    struct feistel_halves halves;
    uint16_t rounds;
};

/* What a permutation of [0, n) is before its key: n, its halves and its
 * rounds. Many permutations share one n (an implicit graph's follower maps
 * of one community), so it can be worked out once for all of them. */
struct permutation_shape {
    uint32_t n;
    struct feistel_halves halves;
    uint16_t rounds;
};

/* O(1): the shape of a permutation of [0, n): 16 rounds up to 6 bits, 8 up
 * to 16 bits, 6 above. */
static inline struct permutation_shape permutation_shape_of(uint32_t n)
{
    struct permutation_shape shape;
    shape.n = n;
    shape.halves = feistel_halves_of(n);
    unsigned bits = shape.halves.hi_bits + shape.halves.lo_bits;
    shape.rounds = (uint16_t)(bits <= 6 ? 16 : bits <= 16 ? 8 : 6);
    return shape;
}

/* O(1): a permutation of the given shape (n > 0), keyed: one SplitMix64
 * finalisation of the key, then an LCG step per round (cheap: called once
 * per implicit follower map, with the shape precomputed). */
static inline void permutation_init_shaped(struct permutation *p, struct permutation_shape shape,
                                           uint64_t key)
{
    assert(shape.n > 0);
    p->n = shape.n;
    p->halves = shape.halves;
    p->rounds = shape.rounds;
    uint64_t z = key + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    for (int i = 0; i < p->rounds; i++) {
        p->round_key[i] = z | 1u;
        z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    }
}

/* O(1): permutation_init_shaped with the shape worked out from n. */
static inline void permutation_init(struct permutation *p, uint32_t n, uint64_t key)
{
    permutation_init_shaped(p, permutation_shape_of(n), key);
}

static inline uint32_t permutation_cipher(const struct permutation *p, uint32_t x)
{
    /* A constant count lets the compiler unroll the rounds and keep the
     * keys in registers across the cycle walk. */
    return p->rounds == 6   ? feistel_cipher(p->round_key, 6, p->halves, x)
           : p->rounds == 8 ? feistel_cipher(p->round_key, 8, p->halves, x)
                            : feistel_cipher(p->round_key, p->rounds, p->halves, x);
}

/* The image of i (< n): the cipher, walked until it lands inside [0, n). */
static inline uint32_t permutation_at(const struct permutation *p, uint32_t i)
{
    assert(i < p->n);
    uint32_t x = i;
    do {
        x = permutation_cipher(p, x);
    } while (x >= p->n);
    return x;
}

/* The audience shuffle: a keyed pseudo-random bijection of [0, n) whose pairs
 * (i, j) -> (image of i, image of j) look uniform over the keys, for a
 * fan-out stream's subset of followers: the unbalanced Feistel network above
 * with SHUFFLE_ROUNDS rounds. */
#define SHUFFLE_ROUNDS 8

struct shuffle {
    uint64_t key[SHUFFLE_ROUNDS];
    uint32_t n;
    struct feistel_halves halves;
};

/* O(1): the round keys, from a key that must itself be uniformly random (a
 * generator's draw: a fan-out stream draws one per post): the key, then an
 * LCG step per round, each made odd. n >= 4, so that both halves have a bit. */
static inline void shuffle_init(struct shuffle *p, uint32_t n, uint64_t key)
{
    assert(n >= 4);
    p->n = n;
    p->halves = feistel_halves_of(n);
    uint64_t z = key;
    for (int i = 0; i < SHUFFLE_ROUNDS; i++) {
        p->key[i] = z | 1u;
        z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    }
}

static inline uint32_t shuffle_cipher(const struct shuffle *p, uint32_t x)
{
    return feistel_cipher(p->key, SHUFFLE_ROUNDS, p->halves, x);
}

/* The rest of the cycle walk from x (>= n), out of line: the inlined first
 * cipher then reads each key once, straight from memory, where a loop around
 * it would hold all of them in registers (and spill others). */
__attribute__((noinline, unused)) static uint32_t shuffle_walk(const struct shuffle *p, uint32_t x)
{
    do {
        x = shuffle_cipher(p, x);
    } while (x >= p->n);
    return x;
}

/* The image of i (< n): the cipher, walked until it lands inside [0, n). */
static inline uint32_t shuffle_at(const struct shuffle *p, uint32_t i)
{
    uint32_t x = shuffle_cipher(p, i);
    return x < p->n ? x : shuffle_walk(p, x);
}

#endif
