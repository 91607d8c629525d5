/* A keyed pseudo-random bijection of [0, n): a Feistel network (six rounds, more for tiny domains)
 * on the smallest even number of bits covering n, with cycle walking to stay inside [0, n). Each
 * round function is a multiply-shift hash of the right half with a round key. It lets a fan-out
 * stream visit its audience in random order, and an implicit graph name an account's followers,
 * with O(1) memory. Not cryptographic; tests check it is a bijection and looks uniform. */
#ifndef AMPLISIM_PERMUTATION_H
#define AMPLISIM_PERMUTATION_H

#include <assert.h>
#include <stdint.h>

/* Rounds for the smallest halves; halves of 4 bits or more use 6. Measured:
 * with 6 rounds, 2- and 3-bit halves gave visibly non-uniform images (chi-square
 * 134 on 4 degrees of freedom for n = 5). permutation_init_uniform takes 8. */
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

/* As permutation_init, with at least 8 rounds, for users that need the image
 * of a pair (i, j) to look uniform over the keys, not only each image: a
 * fan-out stream's subset of followers. Measured on the first two images over
 * 2e6 keys (2e7 for n = 1000), chi-square over the n (n - 1) / 2 pairs per
 * degree of freedom: 6 rounds 1.12 (n = 65), 1.08 (200), 1.09 (1000: 44
 * standard deviations off); 8 rounds 0.96, 1.00, 1.00. The implicit graph
 * keeps 6: its follower sets are fixed by them. */
static inline void permutation_init_uniform(struct permutation *p, uint32_t n, uint64_t key)
{
    permutation_init(p, n, key);
    if (p->rounds < 8) {
        uint64_t z = p->round_key[p->rounds - 1];
        for (int i = p->rounds; i < 8; i++) {
            z = z * UINT64_C(6364136223846793005) + UINT64_C(1442695040888963407);
            p->round_key[i] = z | 1u;
        }
        p->rounds = 8;
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

#endif
