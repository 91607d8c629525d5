/* A ring of buckets of events by time slice, each a chain of chunks from the
 * calendar's free list. */
#include "calendar.h"

#include <math.h>
#include <stdlib.h>

#include "../base/alloc.h"

void calendar_init(struct calendar *cal, double horizon_h, double slice_h, double reach_h)
{
    assert(horizon_h > 0.0 && slice_h > 0.0 && reach_h >= 0.0);
    cal->slice_h = slice_h;
    int exponent;
    cal->per_slice = frexp(slice_h, &exponent) == 0.5 ? 1.0 / slice_h : 0.0;
    cal->horizon_h = horizon_h;
    cal->slices = (uint32_t)ceil(horizon_h / slice_h);
    if (cal->slices == 0) {
        cal->slices = 1;
    }
    /* An event reach_h ahead lands at most ceil(reach / slice) slices after
     * the current one; one more bucket keeps it from wrapping onto it. */
    double ring = ceil(reach_h / slice_h) + 2.0;
    cal->ring = ring < cal->slices ? (uint32_t)ring : cal->slices;
    cal->current = 0;
    cal->current_bucket = 0;
    cal->buckets = xcalloc(cal->ring, sizeof *cal->buckets);
    cal->pending = 0;
    cal->free_chunks = NULL;
    cal->chunks = 0;
}

void calendar_destroy(struct calendar *cal)
{
    if (!cal || !cal->buckets) {
        return;
    }
    calendar_clear(cal);
    while (cal->free_chunks) {
        struct calendar_chunk *next = cal->free_chunks->next;
        free(cal->free_chunks);
        cal->free_chunks = next;
    }
    cal->chunks = 0;
    free(cal->buckets);
    cal->buckets = NULL;
}

void calendar_clear(struct calendar *cal)
{
    for (uint32_t s = 0; s < cal->ring && cal->pending > 0; s++) {
        cal->current = s;
        cal->current_bucket = s;
        calendar_bucket_done(cal);
    }
    cal->pending = 0;
    cal->current = 0;
    cal->current_bucket = 0;
}

int calendar_check(const struct calendar *cal, uint32_t deferrable)
{
    size_t filed = 0, chunks = 0;
    if (cal->current_bucket != cal->current % cal->ring) {
        return -1;
    }
    for (uint32_t b = 0; b < cal->ring; b++) {
        /* The bucket holds the first slice at or after the current one that
         * maps to it. */
        uint32_t slice = cal->current + (b + cal->ring - cal->current % cal->ring) % cal->ring;
        const struct calendar_bucket *bucket = &cal->buckets[b];
        uint32_t count = 0;
        for (const struct calendar_chunk *c = bucket->head; c; c = c->next) {
            if (c->count == 0 || (c != bucket->tail && c->count != CALENDAR_CHUNK_EVENTS) ||
                (c == bucket->tail && c->next)) {
                return -1;
            }
            for (uint32_t i = 0; i < c->count; i++) {
                const struct event *e = &c->events[i];
                uint32_t own = calendar_slice(cal, e->time_h);
                if (own < slice || (own > slice && e->kind != deferrable)) {
                    return -1;
                }
            }
            count += c->count;
            chunks++;
        }
        if (count != bucket->count || (bucket->head == NULL) != (bucket->tail == NULL)) {
            return -1;
        }
        filed += bucket->count;
    }
    for (const struct calendar_chunk *c = cal->free_chunks; c; c = c->next) {
        chunks++;
    }
    return filed == cal->pending && chunks == cal->chunks ? 0 : -1;
}

/* Links a chunk, from the free list or newly allocated, after the bucket's
 * tail: rare (once per CALENDAR_CHUNK_EVENTS events), so out of line. */
struct calendar_chunk *calendar_append_chunk(struct calendar *cal, struct calendar_bucket *b)
{
    struct calendar_chunk *c = cal->free_chunks;
    if (c) {
        cal->free_chunks = c->next;
    } else {
        c = xmalloc(sizeof *c);
        cal->chunks++;
    }
    c->next = NULL;
    c->count = 0;
    if (b->tail) {
        b->tail->next = c;
    } else {
        b->head = c;
    }
    b->tail = c;
    return c;
}

int calendar_push(struct calendar *cal, double time_h, uint32_t kind, uint32_t id)
{
    return calendar_push_payload(cal, time_h, kind, id, 0);
}
