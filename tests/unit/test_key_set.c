/* The key set holds exactly the keys added, through growth and clearing,
 * including keys that collide in the hash's top bits. */
#include "engine/key_set.h"

#include <stdlib.h>

#include "check.h"
#include "engine/rng.h"

static void key_set_holds_what_was_added_and_nothing_else(void)
{
    struct key_set set;
    key_set_init(&set, 8);
    gsl_rng *r = rng_new(11, 0);
    enum { N = 20000 };
    uint64_t *keys = malloc(N * sizeof *keys);
    for (size_t i = 0; i < N; i++) {
        /* Even keys only, so odd ones are known absent. */
        keys[i] = rng_next(r) & ~UINT64_C(1);
        key_set_add(&set, keys[i]);
    }
    CHECK(key_set_check(&set) == 0);
    for (size_t i = 0; i < N; i++) {
        CHECK(key_set_contains(&set, keys[i]));
        CHECK(!key_set_contains(&set, keys[i] | 1u));
    }
    free(keys);
    rng_free(r);
    key_set_destroy(&set);
}

static void key_set_counts_a_key_added_twice_once(void)
{
    struct key_set set;
    key_set_init(&set, 16);
    key_set_add(&set, 42);
    key_set_add(&set, 42);
    CHECK(set.count == 1);
    CHECK(key_set_contains(&set, 42));
    CHECK(!key_set_contains(&set, 43));
    key_set_destroy(&set);
}

static void key_set_finds_consecutive_keys_after_growth(void)
{
    struct key_set set;
    key_set_init(&set, 8);
    for (uint64_t k = 0; k < 5000; k++) {
        key_set_add(&set, k * 600000000u);
    }
    CHECK(set.count == 5000);
    CHECK(key_set_check(&set) == 0);
    for (uint64_t k = 0; k < 5000; k++) {
        CHECK(key_set_contains(&set, k * 600000000u));
        CHECK(!key_set_contains(&set, k * 600000000u + 1));
    }
    key_set_destroy(&set);
}

static void key_set_clear_empties_and_keeps_capacity(void)
{
    struct key_set set;
    key_set_init(&set, 8);
    for (uint64_t k = 0; k < 1000; k++) {
        key_set_add(&set, k);
    }
    size_t capacity = set.capacity;
    key_set_clear(&set);
    CHECK(set.count == 0 && set.capacity == capacity);
    for (uint64_t k = 0; k < 1000; k++) {
        CHECK(!key_set_contains(&set, k));
    }
    key_set_add(&set, 7);
    CHECK(key_set_contains(&set, 7) && key_set_check(&set) == 0);
    key_set_destroy(&set);
}

/* The filter's point: absent keys rarely reach the table. With the table
 * between a quarter and half full, a filter word (one per eight slots) holds
 * on average 2 to 4 keys, 6 to 12 of its 64 bits set, so an absent key passes
 * with probability about (12 / 64)^3 = 0.7 % at most, 0.1 % at a quarter.
 * Keys as the model makes them (account x stories + story, accounts spread
 * over 600M). 200,000 absent lookups at p = 0.7 % have a standard error of
 * 0.02 %, so 1 % is a bound the filter of one bit per key (3 % and more)
 * could not meet by chance. */
static void key_set_filter_lets_few_absent_keys_through(void)
{
    struct key_set set;
    key_set_init(&set, 16);
    gsl_rng *r = rng_new(3, 0);
    size_t n = 300000;
    for (size_t i = 0; i < n; i++) {
        key_set_add(&set, (uint64_t)rng_below(r, 600000000u) * 2u);
    }
    CHECK(4 * set.count >= set.capacity && 2 * set.count <= set.capacity);
    size_t through = 0, trials = 200000;
    for (size_t i = 0; i < trials; i++) {
        uint64_t absent = (uint64_t)rng_below(r, 600000000u) * 2u + 1u; /* odd: never added */
        through += key_set_may_contain(&set, absent);
        CHECK(!key_set_contains(&set, absent));
    }
    CHECK((double)through / (double)trials < 0.01);
    rng_free(r);
    key_set_destroy(&set);
}

int main(void)
{
    RUN_CASE(key_set_holds_what_was_added_and_nothing_else);
    RUN_CASE(key_set_counts_a_key_added_twice_once);
    RUN_CASE(key_set_finds_consecutive_keys_after_growth);
    RUN_CASE(key_set_clear_empties_and_keeps_capacity);
    RUN_CASE(key_set_filter_lets_few_absent_keys_through);
    return CHECK_EXIT();
}
