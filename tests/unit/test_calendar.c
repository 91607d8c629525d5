/* The calendar of time slices: events land in the slice holding their time,
 * keep insertion order within it, past-horizon events are dropped, the ring
 * reuses its buckets as slices pass without losing what lies ahead, and its
 * storage follows the events pending at once, not the ring times the
 * busiest slice. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_rng.h>

#include "check.h"
#include "engine/calendar.h"

/* Event i of a bucket, in filing order. */
static const struct event *bucket_event(const struct calendar_bucket *b, uint32_t i)
{
    for (const struct calendar_chunk *c = b->head; c; c = c->next) {
        if (i < c->count) {
            return &c->events[i];
        }
        i -= c->count;
    }
    return NULL;
}

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
    const struct event *e = bucket_event(b, 0);
    CHECK(e && e->time_h == 1.2 && e->kind == 7 && e->id == 42);
    calendar_destroy(&cal);
}

static void calendar_gives_back_an_events_payload_as_filed(void)
{
    struct calendar cal;
    calendar_init(&cal, 10.0, 0.5, 10.0);
    const uint64_t payload = UINT64_C(0xfedcba9876543210);
    CHECK(calendar_push_payload(&cal, 1.2, 3, 9, payload) == 1);
    CHECK(calendar_push(&cal, 1.3, 3, 10) == 1);
    struct calendar_bucket *b = calendar_take(&cal, 2);
    CHECK(b->count == 2 && bucket_event(b, 0)->seq == payload && bucket_event(b, 1)->seq == 0);
    calendar_destroy(&cal);
}

/* A power-of-two slice is found by multiplying (calendar.h): it must be the
 * slice division gives, on every time, as for any other slice width. */
static void calendar_slice_is_the_quotient_for_any_slice_width(void)
{
    const double widths[] = {1.0 / 64.0, 0.25, 2.0, 0.3, 1.0 / 60.0};
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    for (size_t w = 0; w < sizeof widths / sizeof widths[0]; w++) {
        struct calendar cal;
        calendar_init(&cal, 1000.0, widths[w], 1.0);
        uint32_t wrong = 0;
        for (int i = 0; i < 100000; i++) {
            double t = 1000.0 * gsl_rng_uniform(r);
            if (i % 2) {
                t = floor(t / widths[w]) * widths[w]; /* on a slice's edge */
            }
            uint32_t want = (uint32_t)(t / widths[w]);
            want = want < cal.slices ? want : cal.slices - 1;
            wrong += calendar_slice(&cal, t) != want;
        }
        CHECK(wrong == 0);
        calendar_destroy(&cal);
    }
    gsl_rng_free(r);
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
        CHECK(bucket_event(b, i)->id == i);
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
            const struct event *e = bucket_event(b, i);
            CHECK(calendar_slice(&cal, e->time_h) == s);
            CHECK(e->id == taken);
            taken++;
            /* Each event files the next one as far ahead as the reach allows. */
            double next = e->time_h + reach * (0.5 + 0.5 * (taken % 2));
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
    CHECK(b->count == 1 && bucket_event(b, 0)->time_h == 50.5);
    /* Its taker files it again: it moves on by the reach until in its slice. */
    struct event e = *bucket_event(b, 0);
    calendar_bucket_done(&cal);
    CHECK(calendar_push(&cal, e.time_h, e.kind, e.id) == 1);
    CHECK(calendar_take(&cal, 6)->count == 1);
    calendar_destroy(&cal);
}

/* The calendar before chunks, as the order it must keep: per slice, one
 * growing array in filing order, with the same deferral (an event beyond the
 * ring waits in the furthest slice). Indexed by absolute slice. */
struct reference {
    struct event **events;
    uint32_t *count, *capacity;
    uint32_t slices, ring, current;
};

static void reference_push(struct reference *ref, const struct calendar *cal, struct event e)
{
    uint32_t s = calendar_slice(cal, e.time_h);
    if (s - ref->current >= ref->ring) {
        s = ref->current + ref->ring - 1;
    }
    if (ref->count[s] == ref->capacity[s]) {
        ref->capacity[s] = ref->capacity[s] ? 2 * ref->capacity[s] : 8;
        ref->events[s] = realloc(ref->events[s], ref->capacity[s] * sizeof(struct event));
    }
    ref->events[s][ref->count[s]++] = e;
}

/* A randomised run: each taken event files 0 to 3 more (0 or 1 once 400 are
 * pending) at random distances
 * (within the slice's end: not filed; some beyond the reach: deferred), and a
 * few slices get bursts of hundreds (several chunks to a bucket). Returns the
 * peak of events pending at once; every bucket is compared with the
 * reference as it is taken. */
static size_t run_random_stream(struct calendar *cal, unsigned long seed, int *same_order)
{
    const double slice = 0.25;
    struct reference ref = {.slices = cal->slices, .ring = cal->ring};
    ref.events = calloc(cal->slices, sizeof *ref.events);
    ref.count = calloc(cal->slices, sizeof *ref.count);
    ref.capacity = calloc(cal->slices, sizeof *ref.capacity);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, seed);
    uint32_t next_id = 0;
    size_t peak = 0;
    *same_order = 1;
    for (uint32_t i = 0; i < 200; i++) {
        struct event e = {.time_h = 5.0 * gsl_rng_uniform(r), .kind = 1, .id = next_id++};
        if (calendar_push(cal, e.time_h, e.kind, e.id)) {
            reference_push(&ref, cal, e);
        }
    }
    for (uint32_t s = 0; s < cal->slices; s++) {
        struct calendar_bucket *b = calendar_take(cal, s);
        ref.current = s;
        if (b->count != ref.count[s]) {
            *same_order = 0;
        }
        double end_h = (s + 1) * slice;
        uint32_t burst =
            gsl_rng_uniform(r) < 0.02 ? 300 + (uint32_t)gsl_rng_uniform_int(r, 300) : 0;
        for (uint32_t i = 0; i < b->count && i < ref.count[s]; i++) {
            struct event e = *bucket_event(b, i), want = ref.events[s][i];
            if (e.time_h != want.time_h || e.kind != want.kind || e.id != want.id) {
                *same_order = 0;
            }
            if (e.time_h >= end_h) { /* deferred: filed again, nearer */
                calendar_push(cal, e.time_h, e.kind, e.id);
                reference_push(&ref, cal, e);
                continue;
            }
            /* Half a child on average once 400 are pending, 1.5 below: a
             * load that neither dies out nor explodes. */
            uint32_t children =
                (uint32_t)gsl_rng_uniform_int(r, cal->pending < 400 ? 4 : 2) + (i == 0 ? burst : 0);
            for (uint32_t k = 0; k < children; k++) {
                /* Mostly near, sometimes beyond the ring's reach of 2 h. */
                double ahead = gsl_rng_uniform(r) < 0.05 ? 2.0 + 8.0 * gsl_rng_uniform(r)
                                                         : 2.0 * gsl_rng_uniform(r);
                struct event c = {.time_h = end_h + ahead, .kind = 1, .id = next_id++};
                if (calendar_push(cal, c.time_h, c.kind, c.id)) {
                    reference_push(&ref, cal, c);
                }
                peak = cal->pending > peak ? cal->pending : peak;
            }
        }
        calendar_bucket_done(cal);
        if (calendar_check(cal, 1) != 0) {
            *same_order = 0;
        }
    }
    for (uint32_t s = 0; s < ref.slices; s++) {
        free(ref.events[s]);
    }
    free(ref.events);
    free(ref.count);
    free(ref.capacity);
    gsl_rng_free(r);
    return peak;
}

/* Chunks change where events are stored, never the order they are taken in:
 * on random streams over 400 slices and a ring of 10, every bucket gives the
 * events of the one-array-per-slice calendar, in the same order. */
static void calendar_takes_events_in_the_order_of_one_array_per_slice(void)
{
    for (unsigned long seed = 1; seed <= 5; seed++) {
        struct calendar cal;
        calendar_init(&cal, 100.0, 0.25, 2.0);
        CHECK(cal.ring == 10 && cal.slices == 400);
        int same_order;
        run_random_stream(&cal, seed, &same_order);
        CHECK(same_order);
        CHECK(cal.pending == 0);
        calendar_destroy(&cal);
    }
}

/* Storage follows what is pending: the chunks allocated never exceed the
 * peak of pending events in whole chunks plus one partial chunk per bucket.
 * (Each bucket keeping its own high-water mark, as before, would need about
 * ring x the largest burst: 10 x 300 or more events, on top of the steady
 * load, where the bound allows about 800 + ring x CALENDAR_CHUNK_EVENTS.) */
static void calendar_storage_is_bounded_by_pending_plus_a_partial_chunk_per_bucket(void)
{
    for (unsigned long seed = 1; seed <= 5; seed++) {
        struct calendar cal;
        calendar_init(&cal, 100.0, 0.25, 2.0);
        int same_order;
        size_t peak = run_random_stream(&cal, seed, &same_order);
        size_t bound = (peak + CALENDAR_CHUNK_EVENTS - 1) / CALENDAR_CHUNK_EVENTS + cal.ring;
        CHECK(cal.chunks <= bound);
        calendar_destroy(&cal);
    }
}

/* A burst of 1,000 events travels through the ring, one slice at a time: at
 * most 2,000 are pending (the slice being taken and the next), so the chunks
 * of two bursts exist, where per-bucket storage would have grown every one
 * of the 50 buckets to 1,000 events. */
static void calendar_reuses_chunks_as_a_burst_moves_through_the_ring(void)
{
    struct calendar cal;
    calendar_init(&cal, 100.0, 0.25, 12.0);
    CHECK(cal.ring == 50);
    for (uint32_t i = 0; i < 1000; i++) {
        calendar_push(&cal, 0.1, 0, i);
    }
    for (uint32_t s = 0; s + 1 < cal.slices; s++) {
        struct calendar_bucket *b = calendar_take(&cal, s);
        for (uint32_t i = 0; i < b->count; i++) {
            calendar_push(&cal, (s + 1.5) * 0.25, 0, bucket_event(b, i)->id);
        }
        calendar_bucket_done(&cal);
    }
    CHECK(cal.pending == 1000);
    CHECK(cal.chunks == 2 * ((1000 + CALENDAR_CHUNK_EVENTS - 1) / CALENDAR_CHUNK_EVENTS));
    CHECK(calendar_check(&cal, 0) == 0);
    calendar_destroy(&cal);
}

/* After a replicate, clear gives every chunk back, and the same replicate
 * again allocates none: nothing is allocated per event in steady state. */
static void calendar_allocates_no_chunk_when_a_run_repeats_after_clear(void)
{
    struct calendar cal;
    calendar_init(&cal, 100.0, 0.25, 2.0);
    int same_order;
    run_random_stream(&cal, 7, &same_order);
    size_t chunks = cal.chunks;
    CHECK(chunks > 0);
    calendar_clear(&cal);
    CHECK(calendar_check(&cal, 1) == 0);
    run_random_stream(&cal, 7, &same_order);
    CHECK(same_order);
    CHECK(cal.chunks == chunks);
    calendar_destroy(&cal);
}

int main(void)
{
    RUN_CASE(calendar_counts_ceil_of_horizon_over_slice);
    RUN_CASE(calendar_files_an_event_in_the_slice_holding_its_time);
    RUN_CASE(calendar_gives_back_an_events_payload_as_filed);
    RUN_CASE(calendar_slice_is_the_quotient_for_any_slice_width);
    RUN_CASE(calendar_keeps_insertion_order_within_a_slice);
    RUN_CASE(calendar_drops_events_at_or_past_the_horizon);
    RUN_CASE(calendar_ring_reuses_buckets_without_losing_events);
    RUN_CASE(calendar_clear_empties_and_rewinds);
    RUN_CASE(calendar_defers_an_event_beyond_its_reach_to_the_furthest_bucket);
    RUN_CASE(calendar_takes_events_in_the_order_of_one_array_per_slice);
    RUN_CASE(calendar_storage_is_bounded_by_pending_plus_a_partial_chunk_per_bucket);
    RUN_CASE(calendar_reuses_chunks_as_a_burst_moves_through_the_ring);
    RUN_CASE(calendar_allocates_no_chunk_when_a_run_repeats_after_clear);
    return CHECK_EXIT();
}
