/* A set of 64-bit keys for the hot path when members are few and lookups
 * many: most lookups are of absent keys, so a one-bit-per-key filter (an
 * eighth of the table's size) answers them without touching the table.
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
    uint8_t *filter;  /* [capacity] eight filter bits per slot */
    size_t capacity;  /* a power of two, at least 8 */
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

/* Starts loading the filter byte that key_set_contains(set, key) will read. */
static inline void key_set_prefetch(const struct key_set *set, uint64_t key)
{
    __builtin_prefetch(&set->filter[key_set_hash(key) >> set->shift], 0, 1);
}

/* The second stage, some time after key_set_prefetch: when the filter does
 * not rule key out, starts loading its slot. */
static inline void key_set_prefetch_slot(const struct key_set *set, uint64_t key)
{
    uint64_t h = key_set_hash(key);
    size_t i = (size_t)(h >> set->shift);
    if ((set->filter[i] >> ((h >> (set->shift - 3)) & 7u)) & 1u) {
        __builtin_prefetch(&set->slots[i], 0, 1);
    }
}

/* Whether key is in the set. O(1) expected; one byte read for most absent keys. */
static inline bool key_set_contains(const struct key_set *set, uint64_t key)
{
    assert(key != KEY_SET_EMPTY);
    uint64_t h = key_set_hash(key);
    size_t i = (size_t)(h >> set->shift);
    if (!((set->filter[i] >> ((h >> (set->shift - 3)) & 7u)) & 1u)) {
        return false;
    }
    size_t mask = set->capacity - 1;
    for (;; i = (i + 1) & mask) {
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
