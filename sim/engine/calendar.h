/* A calendar of events in fixed time slices: a ring of buckets, one per
 * slice, covering as far ahead as events are usually filed (the reach; an
 * event beyond it waits in the furthest bucket and is filed again from
 * there); events keep their insertion order within a bucket. The event loop
 * takes one slice at a time: its events are expanded, sorted by time and processed in order,
 * so a million active streams cost O(1) each to schedule instead of a heap's
 * O(log n) cache misses, and memory follows what is pending, not what has
 * passed. Knows nothing of what the events mean. */
#ifndef AMPLISIM_CALENDAR_H
#define AMPLISIM_CALENDAR_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "event_queue.h"

struct calendar_bucket {
    struct event *events;
    uint32_t count;
    uint32_t capacity;
};

struct calendar {
    double slice_h;
    double horizon_h;          /* events at or after this are dropped */
    uint32_t slices;           /* slices up to the horizon */
    uint32_t ring;             /* buckets in the ring */
    uint32_t current;          /* the slice being taken */
    struct calendar_bucket *buckets;
    size_t pending;            /* events filed and not yet taken */
};

/* Creates an empty calendar of ceil(horizon_h / slice_h) slices, holding
 * events up to reach_h ahead of the slice being taken. Bucket storage grows
 * on demand and is kept across calendar_clear. */
void calendar_init(struct calendar *cal, double horizon_h, double slice_h, double reach_h);
void calendar_destroy(struct calendar *cal);

/* Empties every bucket and rewinds to slice 0. */
void calendar_clear(struct calendar *cal);

/* The slice holding time t_h (t_h < horizon_h). */
static inline uint32_t calendar_slice(const struct calendar *cal, double t_h)
{
    uint32_t s = (uint32_t)(t_h / cal->slice_h);
    return s < cal->slices ? s : cal->slices - 1;
}

/* Makes slice s (>= the current one) current and returns its bucket. */
static inline struct calendar_bucket *calendar_take(struct calendar *cal, uint32_t s)
{
    assert(s >= cal->current && s < cal->slices);
    cal->current = s;
    return &cal->buckets[s % cal->ring];
}

/* Empties the current slice's bucket once its events have been handled. */
static inline void calendar_bucket_done(struct calendar *cal)
{
    struct calendar_bucket *b = &cal->buckets[cal->current % cal->ring];
    cal->pending -= b->count;
    b->count = 0;
}

/* Files an event in its slice, which must not lie before the current one.
 * An event beyond the reach (ring - 1 slices ahead) is deferred: filed in the
 * furthest bucket, the slice ring - 1 ahead, whose taker finds it due after
 * that slice and must file it again (it then lands nearer its own slice).
 * Returns 0 (and files nothing) when t_h is at or past the horizon. O(1)
 * amortised. */
int calendar_push(struct calendar *cal, double time_h, uint32_t kind, uint32_t id);

/* Checks that pending counts the filed events and that every event lies in
 * its own slice's bucket, or, deferred and of kind deferrable only, in an
 * earlier bucket at or after the current slice; returns 0 if so.
 * O(ring + pending). */
int calendar_check(const struct calendar *cal, uint32_t deferrable);

#endif
