/* Binary min-heap of events ordered by (time, sequence). */
#include "event_queue.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>

#include "../base/alloc.h"

static inline int before(const struct event *a, const struct event *b)
{
    return a->time_h < b->time_h || (a->time_h == b->time_h && a->seq < b->seq);
}

void event_queue_init(struct event_queue *q, size_t capacity)
{
    q->capacity = capacity ? capacity : 16;
    q->heap = xmalloc(q->capacity * sizeof *q->heap);
    q->count = 0;
    q->next_seq = 0;
}

void event_queue_destroy(struct event_queue *q)
{
    if (q) {
        free(q->heap);
        q->heap = NULL;
        q->count = q->capacity = 0;
    }
}

void event_queue_clear(struct event_queue *q)
{
    q->count = 0;
    q->next_seq = 0;
}

void event_queue_push(struct event_queue *q, double time_h, uint32_t kind, uint32_t id)
{
    assert(!isnan(time_h));
    if (q->count == q->capacity) {
        q->capacity *= 2;
        q->heap = xrealloc(q->heap, q->capacity * sizeof *q->heap);
    }
    struct event e = {.time_h = time_h, .seq = q->next_seq++, .kind = kind, .id = id};
    size_t i = q->count++;
    while (i > 0) {
        size_t parent = (i - 1) / 2;
        if (!before(&e, &q->heap[parent])) {
            break;
        }
        q->heap[i] = q->heap[parent];
        i = parent;
    }
    q->heap[i] = e;
}

int event_queue_pop(struct event_queue *q, struct event *out)
{
    if (q->count == 0) {
        return 0;
    }
    *out = q->heap[0];
    struct event last = q->heap[--q->count];
    size_t n = q->count;
    size_t i = 0;
    /* Sift the last element down from the root, moving the smaller child up. */
    for (;;) {
        size_t child = 2 * i + 1;
        if (child >= n) {
            break;
        }
        if (child + 1 < n && before(&q->heap[child + 1], &q->heap[child])) {
            child++;
        }
        if (!before(&q->heap[child], &last)) {
            break;
        }
        q->heap[i] = q->heap[child];
        i = child;
    }
    if (n > 0) {
        q->heap[i] = last;
    }
    return 1;
}

int event_queue_check(const struct event_queue *q)
{
    for (size_t i = 1; i < q->count; i++) {
        if (before(&q->heap[i], &q->heap[(i - 1) / 2])) {
            return 0;
        }
    }
    return 1;
}
