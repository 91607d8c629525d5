/* The event queue pops in (time, insertion) order and grows without loss. */
#include "engine/event_queue.h"

#include <gsl/gsl_rng.h>

#include "check.h"

static void event_queue_pops_in_time_order(void)
{
    struct event_queue q;
    event_queue_init(&q, 4);
    double times[] = {5.0, 1.0, 3.0, 2.0, 4.0};
    for (int i = 0; i < 5; i++) {
        event_queue_push(&q, times[i], 0, (uint32_t)i);
    }
    struct event e;
    double last = -1.0;
    int n = 0;
    while (event_queue_pop(&q, &e)) {
        CHECK(e.time_h >= last);
        last = e.time_h;
        n++;
    }
    CHECK(n == 5);
    event_queue_destroy(&q);
}

static void event_queue_pops_equal_times_in_insertion_order(void)
{
    struct event_queue q;
    event_queue_init(&q, 2);
    for (uint32_t i = 0; i < 100; i++) {
        event_queue_push(&q, 7.0, 0, i);
    }
    struct event e;
    for (uint32_t i = 0; i < 100; i++) {
        CHECK(event_queue_pop(&q, &e));
        CHECK(e.id == i);
    }
    event_queue_destroy(&q);
}

static void event_queue_pop_on_empty_returns_zero(void)
{
    struct event_queue q;
    event_queue_init(&q, 1);
    struct event e;
    CHECK(event_queue_pop(&q, &e) == 0);
    CHECK(event_queue_peek(&q) == NULL);
    event_queue_destroy(&q);
}

static void event_queue_keeps_heap_property_under_random_interleaving(void)
{
    struct event_queue q;
    event_queue_init(&q, 1);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 42);
    double now = 0.0;
    size_t popped = 0;
    for (int i = 0; i < 20000; i++) {
        if (gsl_rng_uniform(r) < 0.6) {
            event_queue_push(&q, now + gsl_rng_uniform(r), 1, (uint32_t)i);
        } else {
            struct event e;
            if (event_queue_pop(&q, &e)) {
                CHECK(e.time_h >= now);
                now = e.time_h;
                popped++;
            }
        }
        if (i % 1000 == 0) {
            CHECK(event_queue_check(&q));
        }
    }
    CHECK(popped > 0);
    CHECK(event_queue_check(&q));
    gsl_rng_free(r);
    event_queue_destroy(&q);
}

static void event_queue_clear_restarts_sequence(void)
{
    struct event_queue q;
    event_queue_init(&q, 8);
    event_queue_push(&q, 1.0, 0, 0);
    event_queue_clear(&q);
    CHECK(event_queue_size(&q) == 0);
    event_queue_push(&q, 1.0, 0, 9);
    CHECK(event_queue_peek(&q)->seq == 0);
    event_queue_destroy(&q);
}

int main(void)
{
    RUN_CASE(event_queue_pops_in_time_order);
    RUN_CASE(event_queue_pops_equal_times_in_insertion_order);
    RUN_CASE(event_queue_pop_on_empty_returns_zero);
    RUN_CASE(event_queue_keeps_heap_property_under_random_interleaving);
    RUN_CASE(event_queue_clear_restarts_sequence);
    return CHECK_EXIT();
}
