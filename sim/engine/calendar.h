/* A calendar of events in fixed time slices (a bucket per slice, events kept
 * in insertion order within a bucket). The event loop takes one slice at a
 * time: its events are expanded, sorted by time and processed in order, so a
 * million active streams cost O(1) each to schedule instead of a heap's
 * O(log n) cache misses. Knows nothing of what the events mean. */
#ifndef AMPLISIM_CALENDAR_H
#define AMPLISIM_CALENDAR_H

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
    uint32_t slices;
    struct calendar_bucket *buckets;
    size_t pending;            /* events filed and not yet taken */
};

/* Creates an empty calendar of ceil(horizon_h / slice_h) slices. Bucket
 * storage grows on demand and is kept across calendar_clear. */
void calendar_init(struct calendar *cal, double horizon_h, double slice_h);
void calendar_destroy(struct calendar *cal);
/* Empties every bucket: O(slices) only when events are still pending. */
void calendar_clear(struct calendar *cal);

/* Empties slice s's bucket once its events have been taken. */
static inline void calendar_bucket_done(struct calendar *cal, uint32_t s)
{
    cal->pending -= cal->buckets[s].count;
    cal->buckets[s].count = 0;
}

/* The slice holding time t_h (t_h < horizon_h). */
static inline uint32_t calendar_slice(const struct calendar *cal, double t_h)
{
    uint32_t s = (uint32_t)(t_h / cal->slice_h);
    return s < cal->slices ? s : cal->slices - 1;
}

/* Files an event in its slice. Returns 0 (and files nothing) when t_h is at
 * or past the horizon. O(1) amortised. */
int calendar_push(struct calendar *cal, double time_h, uint32_t kind, uint32_t id);

#endif
