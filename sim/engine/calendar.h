/* A calendar of events in fixed time slices: a ring of buckets, one per
 * slice, covering as far ahead as events are usually filed (the reach; an
 * event beyond it waits in the furthest bucket and is filed again from
 * there); events keep their insertion order within a bucket. The event loop
 * takes one slice at a time: its events are expanded, sorted by time and processed in order,
 * so a million active streams cost O(1) each to schedule instead of a heap's
 * O(log n) cache misses. A bucket is a chain of fixed-size chunks drawn from
 * one free list that the calendar owns, and a taken bucket gives its chunks
 * back, so storage follows the events pending at once, not the ring times
 * the busiest slice: at most ceil(peak pending / CALENDAR_CHUNK_EVENTS) + ring
 * chunks (each bucket's last chunk may be partly used). Knows nothing of what
 * the events mean. */
#ifndef AMPLISIM_CALENDAR_H
#define AMPLISIM_CALENDAR_H

#include <assert.h>
#include <stddef.h>
#include <stdint.h>

#include "event_queue.h"

/* Events a chunk holds. A chunk is then 784 bytes, so the partial chunks of
 * blogger_168m's ring of 1,538 buckets take at most 1.2 MiB, and a sparse
 * calendar (fewer events pending than buckets: one chunk each) costs 32
 * times an event's size per event, not 64; the chain's link and the check
 * for a full chunk are paid once per 32 events. */
#define CALENDAR_CHUNK_EVENTS 32

struct calendar_chunk {
    struct calendar_chunk *next; /* the bucket's next chunk, or the free list's */
    uint32_t count;              /* events filed in it */
    struct event events[CALENDAR_CHUNK_EVENTS];
};

/* A slice's events in filing order: its chunks from head to tail, every one
 * full but the tail. */
struct calendar_bucket {
    struct calendar_chunk *head; /* NULL when the bucket is empty */
    struct calendar_chunk *tail; /* where the next event goes */
    uint32_t count;              /* events in all its chunks */
};

struct calendar {
    double slice_h;
    /* 1 / slice_h when slice_h is a power of two (then t * per_slice is
     * t / slice_h exactly, and a push waits on no division), else 0. */
    double per_slice;
    double horizon_h;        /* events at or after this are dropped */
    uint32_t slices;         /* slices up to the horizon */
    uint32_t ring;           /* buckets in the ring */
    uint32_t current;        /* the slice being taken */
    uint32_t current_bucket; /* current % ring: a push finds its bucket from it by
                                an addition, not a 32-bit division */
    struct calendar_bucket *buckets;
    size_t pending;                     /* events filed and not yet taken */
    struct calendar_chunk *free_chunks; /* chunks no bucket holds */
    size_t chunks;                      /* chunks allocated: in buckets or free */
};

/* Creates an empty calendar of ceil(horizon_h / slice_h) slices, holding
 * events up to reach_h ahead of the slice being taken. Chunks are allocated
 * only when the free list is empty (when the events pending at once reach a
 * new peak) and are kept across calendar_clear; calendar_destroy frees them. */
void calendar_init(struct calendar *cal, double horizon_h, double slice_h, double reach_h);
void calendar_destroy(struct calendar *cal);

/* Empties every bucket, giving its chunks back, and rewinds to slice 0.
 * O(ring). */
void calendar_clear(struct calendar *cal);

/* The slice holding time t_h (t_h < horizon_h). */
static inline uint32_t calendar_slice(const struct calendar *cal, double t_h)
{
    uint32_t s = (uint32_t)(cal->per_slice > 0.0 ? t_h * cal->per_slice : t_h / cal->slice_h);
    return s < cal->slices ? s : cal->slices - 1;
}

/* Makes slice s (>= the current one) current and returns its bucket, whose
 * events the caller reads chunk by chunk (head to tail, each chunk's events
 * in order). Filing never adds to the current bucket, so the chain may be
 * read while the caller files events into later slices. */
static inline struct calendar_bucket *calendar_take(struct calendar *cal, uint32_t s)
{
    assert(s >= cal->current && s < cal->slices);
    cal->current = s;
    cal->current_bucket = s % cal->ring;
    return &cal->buckets[cal->current_bucket];
}

/* Empties the current slice's bucket once its events have been handled: its
 * chain goes onto the free list whole. O(1). */
static inline void calendar_bucket_done(struct calendar *cal)
{
    struct calendar_bucket *b = &cal->buckets[cal->current_bucket];
    if (b->head) {
        b->tail->next = cal->free_chunks;
        cal->free_chunks = b->head;
        b->head = b->tail = NULL;
    }
    cal->pending -= b->count;
    b->count = 0;
}

/* Files an event in its slice, which must not lie before the current one.
 * An event beyond the reach (ring - 1 slices ahead) is deferred: filed in the
 * furthest bucket, the slice ring - 1 ahead, whose taker finds it due after
 * that slice and must file it again (it then lands nearer its own slice).
 * Returns 0 (and files nothing) when t_h is at or past the horizon. O(1);
 * allocates only when the free list is empty. */
int calendar_push(struct calendar *cal, double time_h, uint32_t kind, uint32_t id);

/* Links a new chunk after bucket b's tail and returns it (calendar_push's
 * rare path, once per CALENDAR_CHUNK_EVENTS events). */
struct calendar_chunk *calendar_append_chunk(struct calendar *cal, struct calendar_bucket *b);

/* calendar_push for an event carrying the caller's 64-bit payload in seq
 * (the calendar's events have no sequence number: a bucket keeps filing
 * order), handed back as filed. Inline: a caller filing one event per
 * exposure saves the call. */
static inline int calendar_push_payload(struct calendar *cal, double time_h, uint32_t kind,
                                        uint32_t id, uint64_t payload)
{
    assert(time_h >= 0.0);
    if (!(time_h < cal->horizon_h)) {
        return 0;
    }
    uint32_t s = calendar_slice(cal, time_h);
    assert(s >= cal->current);
    if (s - cal->current >= cal->ring) {
        s = cal->current + cal->ring - 1; /* deferred: the furthest bucket not the current one */
    }
    /* s - current < ring: the bucket is current's plus that, wrapped once. */
    uint32_t at = cal->current_bucket + (s - cal->current);
    struct calendar_bucket *b = &cal->buckets[at >= cal->ring ? at - cal->ring : at];
    struct calendar_chunk *c = b->tail;
    if (!c || c->count == CALENDAR_CHUNK_EVENTS) {
        c = calendar_append_chunk(cal, b);
    }
    c->events[c->count++] =
        (struct event){.time_h = time_h, .seq = payload, .kind = kind, .id = id};
    b->count++;
    cal->pending++;
    return 1;
}

/* Checks that pending counts the filed events, that each bucket's chunks
 * hold its count and are full but the last, that the chunks in buckets and
 * on the free list are all those allocated, and that every event lies in its
 * own slice's bucket, or, deferred and of kind deferrable only, in an
 * earlier bucket at or after the current slice; returns 0 if so.
 * O(ring + pending + chunks). */
int calendar_check(const struct calendar *cal, uint32_t deferrable);

#endif
