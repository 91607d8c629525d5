/* A set of 64-bit keys for the hot path when members are few and lookups
 * many: most lookups are of absent keys, so a filter answers them without
 * touching the table. The filter is a blocked Bloom filter: each key sets
 * three bits of one 64-bit word, one word per eight slots, so a lookup reads
 * one word and a false positive (a needless probe of the table, a cache miss
 * at platform scale) is rare: with 2 to 4 keys to a word (the table a quarter
 * to half full), about (6 / 64)^3 ~ 0.1 % to (12 / 64)^3 ~ 0.7 %. A filter
 * of one bit per key (one byte per slot) let through 3 % of absent keys at
 * blogger_168m's 525k sharers, and their probes took ~4 % of the run.
 *
 * Open addressing with linear probing, kept at most half full; keys are
 * anything but KEY_SET_EMPTY. Adding may grow the table (amortised O(1));
 * clearing keeps the storage, so a reused set stops allocating once it has
 * reached its high-water mark. */
#ifndef AMPLISIM_KEY_SET_H
#define AMPLISIM_KEY_SET_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KEY_SET_EMPTY UINT64_MAX

struct key_set {
    uint64_t *slots;  /* [capacity] keys, KEY_SET_EMPTY where free */
    uint64_t *filter; /* [capacity / 8] filter words */
    size_t capacity;  /* a power of two, at least 16 */
    size_t count;     /* keys held */
    unsigned shift;   /* 64 - log2(capacity): a hash's top bits pick the slot */
};

/* An empty set with room for about capacity / 2 keys before it grows.
 * Release with key_set_destroy. */
void key_set_init(struct key_set *set, size_t capacity);
void key_set_destroy(struct key_set *set);
/* Empties the set, keeping its storage. O(capacity). */
void key_set_clear(struct key_set *set);
/* Adds key (a no-op if present). */
void key_set_add(struct key_set *set, uint64_t key);

/* Fibonacci hashing: the top bits of the product are well mixed. */
static inline uint64_t key_set_hash(uint64_t key)
{
    return key * UINT64_C(0x9E3779B97F4A7C15);
}

/* The filter word of a key with hash h: the top bits pick the word. */
static inline size_t key_set_word(const struct key_set *set, uint64_t h)
{
    return (size_t)(h >> (set->shift + 3));
}

/* The key's three filter bits, from the top 18 bits of a second
 * multiplicative hash (the low bits of one are weak): shifts by constants,
 * where bits taken from below the slot's would shift by the table's size.
 * Only how often an absent key probes the table depends on them. */
static inline uint64_t key_set_bits(uint64_t key)
{
    uint64_t g = key * UINT64_C(0xC2B2AE3D27D4EB4F);
    return UINT64_C(1) << (g >> 58) | UINT64_C(1) << (g >> 52 & 63u) |
           UINT64_C(1) << (g >> 46 & 63u);
}

/* Whether the filter lets key through: false means key is absent; true
 * (for every key held, and rarely for others) means the table must tell. */
static inline bool key_set_may_contain(const struct key_set *set, uint64_t key)
{
    uint64_t h = key_set_hash(key), bits = key_set_bits(key);
    return (set->filter[key_set_word(set, h)] & bits) == bits;
}

/* Whether key is in the set. O(1) expected; one word read for most absent keys. */
static inline bool key_set_contains(const struct key_set *set, uint64_t key)
{
    assert(key != KEY_SET_EMPTY);
    if (!key_set_may_contain(set, key)) {
        return false;
    }
    uint64_t h = key_set_hash(key);
    size_t mask = set->capacity - 1;
    for (size_t i = (size_t)(h >> set->shift);; i = (i + 1) & mask) {
        if (set->slots[i] == key) {
            return true;
        }
        if (set->slots[i] == KEY_SET_EMPTY) {
            return false;
        }
    }
}

/* Checks the invariants (every key findable, count and filter consistent);
 * returns 0 if they hold. O(capacity). */
int key_set_check(const struct key_set *set);

#endif
