/* The calendar of time slices: events land in the slice holding their time,
 * keep insertion order within it, past-horizon events are dropped, and the
 * ring reuses its buckets as slices pass without losing what lies ahead. */
#include <math.h>

#include "check.h"
#include "engine/calendar.h"

static void calendar_counts_ceil_of_horizon_over_slice(void)
{
    struct calendar cal;
    calendar_init(&cal, 10.0, 0.25, 1.0);
    CHECK(cal.slices == 40);
    calendar_destroy(&cal);
    calendar_init(&cal, 10.1, 0.25, 1.0);
    CHECK(cal.slices == 41);
    calendar_destroy(&cal);
}

static void calendar_files_an_event_in_the_slice_holding_its_time(void)
{
    struct calendar cal;
    calendar_init(&cal, 10.0, 0.5, 10.0);
    CHECK(calendar_slice(&cal, 0.0) == 0);
    CHECK(calendar_slice(&cal, 0.4999) == 0);
    CHECK(calendar_slice(&cal, 0.5) == 1);
    CHECK(calendar_slice(&cal, 9.99) == 19);
    CHECK(calendar_push(&cal, 1.2, 7, 42) == 1);
    struct calendar_bucket *b = calendar_take(&cal, 2);
    CHECK(b->count == 1);
    CHECK(b->events[0].time_h == 1.2 && b->events[0].kind == 7 && b->events[0].id == 42);
    calendar_destroy(&cal);
}

static void calendar_keeps_insertion_order_within_a_slice(void)
{
    struct calendar cal;
    calendar_init(&cal, 4.0, 1.0, 4.0);
    const double times[] = {1.9, 1.1, 1.5, 1.1};
    for (uint32_t i = 0; i < 4; i++) {
        calendar_push(&cal, times[i], 0, i);
    }
    struct calendar_bucket *b = calendar_take(&cal, 1);
    CHECK(b->count == 4);
    for (uint32_t i = 0; i < 4 && i < b->count; i++) {
        CHECK(b->events[i].id == i);
    }
    calendar_destroy(&cal);
}

static void calendar_drops_events_at_or_past_the_horizon(void)
{
    struct calendar cal;
    calendar_init(&cal, 2.0, 0.5, 2.0);
    CHECK(calendar_push(&cal, 2.0, 0, 0) == 0);
    CHECK(calendar_push(&cal, INFINITY, 0, 0) == 0);
    CHECK(calendar_push(&cal, 1.999, 0, 0) == 1);
    CHECK(cal.pending == 1);
    calendar_destroy(&cal);
}

/* Events are filed up to the reach ahead of the current slice; as slices are
 * taken and emptied, the ring's buckets are reused for later slices and no
 * event is lost or moved to another slice. */
static void calendar_ring_reuses_buckets_without_losing_events(void)
{
    struct calendar cal;
    const double slice = 0.25, reach = 1.0;
    calendar_init(&cal, 100.0, slice, reach);
    CHECK(cal.ring < cal.slices);
    uint32_t filed = 0, taken = 0;
    calendar_push(&cal, 0.0, 0, filed++);
    for (uint32_t s = 0; s < cal.slices; s++) {
        struct calendar_bucket *b = calendar_take(&cal, s);
        for (uint32_t i = 0; i < b->count; i++) {
            CHECK(calendar_slice(&cal, b->events[i].time_h) == s);
            CHECK(b->events[i].id == taken);
            taken++;
            /* Each event files the next one as far ahead as the reach allows. */
            double next = b->events[i].time_h + reach * (0.5 + 0.5 * (taken % 2));
            if (calendar_push(&cal, next, 0, filed)) {
                filed++;
            }
        }
        calendar_bucket_done(&cal);
    }
    CHECK(taken == filed);
    CHECK(cal.pending == 0);
    CHECK(taken > 100);
    calendar_destroy(&cal);
}

static void calendar_clear_empties_and_rewinds(void)
{
    struct calendar cal;
    calendar_init(&cal, 10.0, 1.0, 3.0);
    calendar_push(&cal, 0.5, 0, 1);
    calendar_push(&cal, 2.5, 0, 2);
    calendar_take(&cal, 1);
    calendar_clear(&cal);
    CHECK(cal.pending == 0);
    CHECK(cal.current == 0);
    CHECK(calendar_take(&cal, 0)->count == 0);
    CHECK(calendar_take(&cal, 2)->count == 0);
    calendar_destroy(&cal);
}

static void calendar_defers_an_event_beyond_its_reach_to_the_furthest_bucket(void)
{
    struct calendar cal;
    calendar_init(&cal, 100.0, 1.0, 2.0); /* a ring of 4 buckets: 3 slices ahead */
    CHECK(cal.ring == 4);
    CHECK(calendar_push(&cal, 50.5, 3, 9) == 1);
    CHECK(calendar_check(&cal, 3) == 0);
    CHECK(calendar_check(&cal, 4) != 0); /* only the deferrable kind may wait early */
    struct calendar_bucket *b = calendar_take(&cal, 3);
    CHECK(b->count == 1 && b->events[0].time_h == 50.5);
    /* Its taker files it again: it moves on by the reach until in its slice. */
    struct event e = b->events[0];
    calendar_bucket_done(&cal);
    CHECK(calendar_push(&cal, e.time_h, e.kind, e.id) == 1);
    CHECK(calendar_take(&cal, 6)->count == 1);
    calendar_destroy(&cal);
}

int main(void)
{
    RUN_CASE(calendar_counts_ceil_of_horizon_over_slice);
    RUN_CASE(calendar_files_an_event_in_the_slice_holding_its_time);
    RUN_CASE(calendar_keeps_insertion_order_within_a_slice);
    RUN_CASE(calendar_drops_events_at_or_past_the_horizon);
    RUN_CASE(calendar_ring_reuses_buckets_without_losing_events);
    RUN_CASE(calendar_clear_empties_and_rewinds);
    RUN_CASE(calendar_defers_an_event_beyond_its_reach_to_the_furthest_bucket);
    return CHECK_EXIT();
}
