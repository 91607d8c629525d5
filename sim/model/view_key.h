/* The key of a view event: the post seen (its cascade node), the story, the
 * channel and the poster's role, packed into 64 bits that ride in the event's
 * seq field, so that a view stays a 24-byte event (a separate field, or a
 * union naming it, made the batch's sort and loop copy events through memory:
 * 1 % more instructions). This header is the only place that knows the
 * layout and where the key rides. A view never enters the event queue, whose
 * push would overwrite seq with a sequence number: views live in the sorted
 * batch or, for a stream born inside a slice, on the handler's stack. */
#ifndef AMPLISIM_VIEW_KEY_H
#define AMPLISIM_VIEW_KEY_H

#include <stdint.h>

#include "../engine/event_queue.h"

/* The key of view event e. */
static inline uint64_t view_key_of(const struct event *e)
{
    return e->seq;
}

/* Bits 0-31 the node, 32-47 the story, 48-55 the channel, 56-63 the role. */
static inline uint64_t view_key_pack(uint32_t node, uint32_t story, uint32_t channel,
                                     uint32_t poster_role)
{
    return (uint64_t)node | (uint64_t)story << 32 | (uint64_t)channel << 48 |
           (uint64_t)poster_role << 56;
}

static inline uint32_t view_key_node(uint64_t key)
{
    return (uint32_t)key;
}

static inline uint32_t view_key_story(uint64_t key)
{
    return (uint32_t)(key >> 32) & 0xFFFFu;
}

static inline uint32_t view_key_channel(uint64_t key)
{
    return (uint32_t)(key >> 48) & 0xFFu;
}

static inline uint32_t view_key_poster_role(uint64_t key)
{
    return (uint32_t)(key >> 56);
}

#endif
