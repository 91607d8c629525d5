/* A ring of buckets of events by time slice. */
#include "calendar.h"

#include <math.h>
#include <stdlib.h>

#include "../base/alloc.h"

void calendar_init(struct calendar *cal, double horizon_h, double slice_h, double reach_h)
{
    assert(horizon_h > 0.0 && slice_h > 0.0 && reach_h >= 0.0);
    cal->slice_h = slice_h;
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
    cal->buckets = xcalloc(cal->ring, sizeof *cal->buckets);
    cal->pending = 0;
}

void calendar_destroy(struct calendar *cal)
{
    if (!cal || !cal->buckets) {
        return;
    }
    for (uint32_t s = 0; s < cal->ring; s++) {
        free(cal->buckets[s].events);
    }
    free(cal->buckets);
    cal->buckets = NULL;
}

void calendar_clear(struct calendar *cal)
{
    for (uint32_t s = 0; s < cal->ring && cal->pending > 0; s++) {
        cal->pending -= cal->buckets[s].count;
        cal->buckets[s].count = 0;
    }
    cal->pending = 0;
    cal->current = 0;
}

int calendar_check(const struct calendar *cal, uint32_t deferrable)
{
    size_t filed = 0;
    for (uint32_t b = 0; b < cal->ring; b++) {
        /* The bucket holds the first slice at or after the current one that
         * maps to it. */
        uint32_t slice = cal->current + (b + cal->ring - cal->current % cal->ring) % cal->ring;
        const struct calendar_bucket *bucket = &cal->buckets[b];
        for (uint32_t i = 0; i < bucket->count; i++) {
            const struct event *e = &bucket->events[i];
            uint32_t own = calendar_slice(cal, e->time_h);
            if (own < slice || (own > slice && e->kind != deferrable)) {
                return -1;
            }
        }
        filed += bucket->count;
    }
    return filed == cal->pending ? 0 : -1;
}

int calendar_push(struct calendar *cal, double time_h, uint32_t kind, uint32_t id)
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
    struct calendar_bucket *b = &cal->buckets[s % cal->ring];
    if (b->count == b->capacity) {
        b->capacity = b->capacity ? 2 * b->capacity : 16;
        b->events = xrealloc(b->events, b->capacity * sizeof *b->events);
    }
    b->events[b->count++] = (struct event){.time_h = time_h, .seq = 0, .kind = kind, .id = id};
    cal->pending++;
    return 1;
}
