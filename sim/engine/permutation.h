/* Keyed pseudo-random bijections of [0, n), with O(1) memory; not cryptographic,
 * tests check they are bijections and look uniform.
 *
 * struct permutation: a balanced Feistel network (six rounds, more for tiny
 * domains) on the smallest even number of bits covering n, with cycle walking to
 * stay inside [0, n); each round function a multiply-shift hash of the right half
 * with a round key. It names an implicit graph's followers of an account (their
 * sets are fixed by it).
 *
 * struct shuffle: the order in which a fan-out stream reaches an audience of
 * more than 64 followers. An 8-round unbalanced Feistel network on the
 * b = ceil(log2 n) bits covering n (halves of floor(b/2) and ceil(b/2) bits), the
 * same multiply-shift rounds, cycle walking. Measured on the first two images over
 * 2e6 keys, chi-square over the n (n - 1) / 2 pairs per degree of freedom: 1.009,
 * 1.032, 0.995, 1.008, 0.990 for n = 65, 100, 128, 129, 200; 0.999 for n = 1000 over
 * 2e7 keys (7 rounds: 1.009 there, z = 4.3; 6 rounds: 1.87 at n = 65). Cost: the
 * domain 2^b is under 2n, so under two ciphers per image (1.44 on average over n
 * log-uniform, against up to four on a balanced power-of-4 domain); a cipher is
 * 8 x (lea, multiply, shift-count move, shift, xor) plus the split and the join, ~50
 * instructions; the keys, 8 LCG steps, are derived once per run of picks. */
#ifndef AMPLISIM_PERMUTATION_H
#define AMPLISIM_PERMUTATION_H

#include <assert.h>
#include <stdint.h>

/* Rounds for the smallest halves; halves of 4 bits or more use 6. Measured:
 * with 6 rounds, 2- and 3-bit halves gave visibly non-uniform images (chi-square
 * 134 on 4 degrees of freedom for n = 5). */
#define PERMUTATION_ROUNDS_MAX 16

struct permutation {
    uint64_t round_key[PERMUTATION_ROUNDS_MAX];
    uint32_t n;
    uint16_t half_bits; /* bits in each Feistel half */
    uint16_t rounds;
};

/* O(1): derives the round keys: one SplitMix64 finalisation of the key, then
 * an LCG step per round (cheap, and called once per implicit follower). */
static inline void permutation_init(struct permutation *p, uint32_t n, uint64_t key)
{
    assert(n > 0);
    unsigned bits = n > 1 ? 64u - (unsigned)__builtin_clzll((uint64_t)n - 1) : 1u;
    p->n = n;
    p->half_bits = (uint16_t)((bits + 1) / 2);
    p->rounds = p->half_bits <= 2 ? 16 : p->half_bits == 3 ? 10 : 6;
    uint64_t z = key + UINT64_C(0x9E3779B97F4A7C15);
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    z ^= z >> 31;
    for (int i = 0; i < p->rounds; i++) {
        p->round_key[i] = z | 1u;
        z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    }
}

static inline uint32_t permutation_rounds(const struct permutation *p, uint32_t x, int rounds)
{
    unsigned h = p->half_bits;
    uint32_t mask = (UINT32_C(1) << h) - 1u;
    uint32_t left = x >> h, right = x & mask;
    for (int i = 0; i < rounds; i++) {
        /* Multiply-shift: the top h bits of (right + 1) times an odd key. */
        uint32_t f = (uint32_t)(((uint64_t)(right + 1u) * p->round_key[i]) >> (64u - h));
        uint32_t next = left ^ f;
        left = right;
        right = next;
    }
    return (left << h) | right;
}

static inline uint32_t permutation_feistel(const struct permutation *p, uint32_t x)
{
    /* Six rounds, every domain of 2^8 or more: a constant count lets the
     * compiler unroll the rounds and keep the keys in registers across the
     * cycle walk. */
    return p->rounds == 6   ? permutation_rounds(p, x, 6)
           : p->rounds == 8 ? permutation_rounds(p, x, 8)
                            : permutation_rounds(p, x, p->rounds);
}

/* The image of i (< n). The domain is less than 4n, so the cycle walk takes
 * fewer than four rounds on average (under two for most n). */
static inline uint32_t permutation_at(const struct permutation *p, uint32_t i)
{
    assert(i < p->n);
    uint32_t x = i;
    do {
        x = permutation_feistel(p, x);
    } while (x >= p->n);
    return x;
}

/* The audience shuffle: a keyed pseudo-random bijection of [0, n) whose pairs
 * (i, j) -> (image of i, image of j) look uniform over the keys, for a
 * fan-out stream's subset of followers. An unbalanced Feistel network of
 * SHUFFLE_ROUNDS rounds on the b = ceil(log2 n) bits covering n (halves of
 * floor(b / 2) and ceil(b / 2) bits), with cycle walking: the domain 2^b is
 * under 2n, so the walk takes under two ciphers per image (1.44 on average
 * over n log-uniform), against up to four on permutation's balanced domain.
 * Each round is a multiply-shift: the top bits of (half + 1) times an odd key. */
#define SHUFFLE_ROUNDS 8

struct shuffle {
    uint64_t key[SHUFFLE_ROUNDS];
    uint32_t n;
    uint8_t lo_bits; /* bits of the right half, ceil(b / 2) */
    uint8_t hi_shift, lo_shift; /* 64 minus the bits of the left and right halves */
};

/* O(1): the round keys, from a key that must itself be uniformly random (a
 * generator's draw: a fan-out stream draws one per post): the key, then an
 * LCG step per round, each made odd. n >= 4, so that both halves have a bit. */
static inline void shuffle_init(struct shuffle *p, uint32_t n, uint64_t key)
{
    assert(n >= 4);
    unsigned bits = 64u - (unsigned)__builtin_clzll((uint64_t)n - 1);
    p->n = n;
    p->lo_bits = (uint8_t)(bits - bits / 2);
    p->hi_shift = (uint8_t)(64u - bits / 2);
    p->lo_shift = (uint8_t)(64u - p->lo_bits);
    uint64_t z = key;
    for (int i = 0; i < SHUFFLE_ROUNDS; i++) {
        p->key[i] = z | 1u;
        z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
    }
}

/* The cipher on the b bits, two rounds at a time without swapping the
 * halves: (L, R) -> (L ^ F(R), R ^ F'(L ^ F(R))). The + 1 (on 32 bits: one
 * lea) keeps F(0) from being 0 for every key. */
static inline uint32_t shuffle_cipher(const struct shuffle *p, uint32_t x)
{
    unsigned lo = p->lo_bits;
    uint32_t l = x >> lo, r = x & ((UINT32_C(1) << lo) - 1u);
    for (int k = 0; k < SHUFFLE_ROUNDS; k += 2) {
        l ^= (uint32_t)((uint64_t)(r + 1u) * p->key[k] >> p->hi_shift);
        r ^= (uint32_t)((uint64_t)(l + 1u) * p->key[k + 1] >> p->lo_shift);
    }
    return l << lo | r;
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
