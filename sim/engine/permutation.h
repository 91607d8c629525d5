/* A keyed pseudo-random bijection of [0, n): a six-round Feistel network on
 * the smallest even number of bits covering n, with cycle walking to stay
 * inside [0, n). It lets a fan-out stream visit its audience in random order
 * with O(1) memory however large the audience. */
#ifndef AMPLISIM_PERMUTATION_H
#define AMPLISIM_PERMUTATION_H

#include <stdint.h>

struct permutation {
    uint64_t key;
    uint32_t n;
    uint32_t half_bits; /* bits in each Feistel half */
};

void permutation_init(struct permutation *p, uint32_t n, uint64_t key);

/* The image of i (< n). Expected cost: fewer than 4 Feistel evaluations on
 * average, since the domain is less than 4n. */
uint32_t permutation_at(const struct permutation *p, uint32_t i);

#endif
