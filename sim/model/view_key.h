/* The key of a view event: the post seen (its cascade node), the story, the
 * channel, the poster's role and the post's source role, packed into 64 bits that ride in the
 * event's seq field, so that a view stays a 24-byte event (a separate field, or a union naming it,
 * made the batch's sort and loop copy events through memory: 1 % more instructions). This header is
 * the only place that knows the layout and where the key rides. A view never enters the event
 * queue, whose push would overwrite seq with a sequence number: views live in the sorted batch or,
 * for a stream born inside a slice, on the handler's stack. */
#ifndef AMPLISIM_VIEW_KEY_H
#define AMPLISIM_VIEW_KEY_H

#include <stdint.h>

#include "../engine/event_queue.h"
#include "observe.h"

_Static_assert(CHANNEL_COUNT <= 16 && POSTER_PLATFORM < 16, "a channel and a role fit in 4 bits");

/* The key of view event e. */
static inline uint64_t view_key_of(const struct event *e)
{
    return e->seq;
}

/* Bits 0-31 the node, 32-47 the story, 48-51 the channel, 52-55 the poster's
 * role (a role, or POSTER_PLATFORM), 56-59 the source role; 60-63 are zero.
 * Four bits hold CHANNEL_COUNT and ROLE_COUNT + 1 values. */
static inline uint64_t view_key_pack(uint32_t node, uint32_t story, uint32_t channel,
                                     uint32_t poster_role, uint32_t source_role)
{
    return (uint64_t)node | (uint64_t)story << 32 | (uint64_t)channel << 48 |
           (uint64_t)poster_role << 52 | (uint64_t)source_role << 56;
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
    return (uint32_t)(key >> 48) & 0xFu;
}

static inline uint32_t view_key_poster_role(uint64_t key)
{
    return (uint32_t)(key >> 52) & 0xFu;
}

static inline uint32_t view_key_source_role(uint64_t key)
{
    return (uint32_t)(key >> 56);
}

#endif
