/* The key set: a filtered open-addressing hash set of 64-bit keys. */
#include "key_set.h"

#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

static unsigned log2_of(size_t capacity)
{
    unsigned bits = 0;
    while (((size_t)1 << bits) < capacity) {
        bits++;
    }
    return bits;
}

static void allocate(struct key_set *set, size_t capacity)
{
    set->capacity = capacity;
    set->shift = 64u - log2_of(capacity);
    /* Huge pages: lookups land anywhere in the table. */
    set->slots = xmalloc_huge(capacity * sizeof *set->slots);
    set->filter = xmalloc_huge(capacity / 8 * sizeof *set->filter);
    set->count = 0;
    key_set_clear(set);
}

void key_set_init(struct key_set *set, size_t capacity)
{
    size_t c = 16;
    while (c < capacity) {
        c *= 2;
    }
    allocate(set, c);
}

void key_set_destroy(struct key_set *set)
{
    if (!set) {
        return;
    }
    free(set->slots);
    free(set->filter);
    memset(set, 0, sizeof *set);
}

void key_set_clear(struct key_set *set)
{
    /* Every byte 0xFF makes every slot KEY_SET_EMPTY. */
    memset(set->slots, 0xFF, set->capacity * sizeof *set->slots);
    memset(set->filter, 0, set->capacity / 8 * sizeof *set->filter);
    set->count = 0;
}

/* Inserts a key known to be absent, with room to spare. */
static void insert(struct key_set *set, uint64_t key)
{
    uint64_t h = key_set_hash(key);
    size_t i = (size_t)(h >> set->shift), mask = set->capacity - 1;
    set->filter[key_set_word(set, h)] |= key_set_bits(key);
    while (set->slots[i] != KEY_SET_EMPTY) {
        i = (i + 1) & mask;
    }
    set->slots[i] = key;
    set->count++;
}

void key_set_add(struct key_set *set, uint64_t key)
{
    if (key_set_contains(set, key)) {
        return;
    }
    if (2 * (set->count + 1) > set->capacity) {
        /* Half full at most keeps probe runs short. */
        uint64_t *old = set->slots;
        size_t old_capacity = set->capacity;
        free(set->filter);
        allocate(set, 2 * old_capacity);
        for (size_t i = 0; i < old_capacity; i++) {
            if (old[i] != KEY_SET_EMPTY) {
                insert(set, old[i]);
            }
        }
        free(old);
    }
    insert(set, key);
}

int key_set_check(const struct key_set *set)
{
    size_t held = 0;
    for (size_t i = 0; i < set->capacity; i++) {
        if (set->slots[i] == KEY_SET_EMPTY) {
            continue;
        }
        held++;
        if (!key_set_contains(set, set->slots[i])) {
            return -1;
        }
    }
    return held == set->count && 2 * held <= set->capacity ? 0 : -1;
}
