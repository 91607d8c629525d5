/* A time-ordered event queue: a binary min-heap of small plain events held by
 * value, ordered by (time, sequence number). The sequence number is assigned
 * on push, so events with equal times pop in insertion order and a run is
 * reproducible. The queue knows nothing of what an event means: the model
 * interprets kind and id. */
#ifndef AMPLISIM_EVENT_QUEUE_H
#define AMPLISIM_EVENT_QUEUE_H

#include <stddef.h>
#include <stdint.h>

struct event {
    double time_h;  /* when it happens, hours */
    uint64_t seq;   /* tie-break: insertion order, set by push; outside the queue a
                       caller may carry its own payload here (push overwrites it) */
    uint32_t kind;  /* meaning chosen by the caller */
    uint32_t id;    /* caller's handle (a stream, a story, an action) */
};

struct event_queue {
    struct event *heap;
    size_t count;
    size_t capacity;
    uint64_t next_seq;
};

/* Creates an empty queue with room for capacity events. The storage grows by
 * doubling when a push finds it full, so after a warm-up replicate at the same
 * scale nothing is allocated; call event_queue_destroy to release it. */
void event_queue_init(struct event_queue *q, size_t capacity);
void event_queue_destroy(struct event_queue *q);

/* Empties the queue and restarts sequence numbers; keeps the storage. */
void event_queue_clear(struct event_queue *q);

/* Adds an event. O(log n). */
void event_queue_push(struct event_queue *q, double time_h, uint32_t kind, uint32_t id);

/* Removes the earliest event into *out. Returns 0 when the queue is empty.
 * O(log n). */
int event_queue_pop(struct event_queue *q, struct event *out);

/* Returns the earliest event without removing it, or NULL when empty. */
static inline const struct event *event_queue_peek(const struct event_queue *q)
{
    return q->count ? &q->heap[0] : NULL;
}

static inline size_t event_queue_size(const struct event_queue *q)
{
    return q->count;
}

/* Checks the heap property; returns 1 when it holds. For tests and debugging:
 * O(n). */
int event_queue_check(const struct event_queue *q);

#endif
