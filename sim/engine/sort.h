/* Radix sorts for the hot paths: unsigned ids, and events by time. Both are
 * stable LSD radix sorts that skip the digits all keys share, so a batch of
 * times inside one short time slice costs a few passes. */
#ifndef AMPLISIM_SORT_H
#define AMPLISIM_SORT_H

#include <stddef.h>
#include <stdint.h>

#include "event_queue.h"

/* Sorts v[0..n) ascending; scratch has room for n. */
void sort_u32(uint32_t *v, size_t n, uint32_t *scratch);

/* Sorts events by time_h ascending (stable: equal times keep their order)
 * and returns where the sorted events are: v or scratch (room for n), so the
 * caller can swap buffers instead of copying. Times must be finite and >= 0.
 * Expected O(n) for times spread over an interval. */
struct event *sort_events_by_time(struct event *v, size_t n, struct event *scratch);

#endif
