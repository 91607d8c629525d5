/* One thread's mutable state for a replicate, as sub-structs that are each
 * sized once from the world (init), emptied between replicates (reset) and
 * released (destroy): the stream pool, the slice batch, the per-account marks,
 * the share rule's table, the corrected bits (corrected.h), the per-story state, the cascade forest, the
 * triggers, the suspensions and the campaign plan. Invariant: after
 * workspace_reset the state depends on the world alone, so a replicate is a
 * function of (world, seed, replicate); workspace_check states the rest.
 * The event loop allocates only when a replicate grows past the high-water
 * mark of earlier ones (streams, nodes, batches, buckets, the sharers set). */
#ifndef AMPLISIM_WORKSPACE_H
#define AMPLISIM_WORKSPACE_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../engine/calendar.h"
#include "../engine/event_queue.h"
#include "../engine/key_set.h"
#include "cascade.h"
#include "corrected.h"
#include "share.h"
#include "stream.h"
#include "world.h"

/* What an event's kind means to the model (the engine knows none of it). */
enum event_kind {
    EVENT_VIEW,
    EVENT_EXPOSURE,
    EVENT_ACTION,
    EVENT_TICK,
    EVENT_INTERVENTION,
    EVENT_HELD_VIEW /* a view filed inside the slice being handled: id indexes held_views */
};

/* The pool of active fan-out streams. A slot keeps its index while the
 * stream is filed (events name streams by index), also when the pool grows. */
struct stream_pool {
    struct stream *streams;
    uint32_t *free_ids; /* stack of free slots */
    uint32_t capacity;
    uint32_t free_count;
};

/* The current slice's events, sorted by time before they are handled. */
struct slice_batch {
    struct event *events;
    struct event *scratch; /* the sort's other buffer */
    size_t count;
    size_t capacity;
};

/* A view filed inside the slice being handled: the heap orders it by an
 * index into this list, as the heap's events carry their sequence number
 * where a view carries its key. Emptied with the heap, at each slice. */
struct held_view {
    uint64_t key; /* view_key.h */
    account_id viewer;
};

struct held_views {
    struct held_view *items;
    uint32_t count;
    uint32_t capacity;
};

/* The nibble's bits: shared, and the views so far (saturating at 7). */
#define MARK_SHARED 0x8u
#define MARK_VIEWS 0x7u

/* The reach log holds up to this many views (16 bytes each, 512 KiB in all,
 * so it stays in cache between writing and settling). Settling after every
 * slice or when the log is full gives the same counts. A longer log, grouped
 * by block of seen bits before settling so that the bits are swept rather
 * than read at random, was no faster on the 2-core VM (docs/performance.md):
 * moving the log through memory costs what the random reads cost. */
#define REACH_LOG_CAPACITY ((size_t)1 << 15)

/* A view whose reach is decided after its slice (without reinforcement):
 * the first logged view of (account, story) counts one unit of reach. */
struct reach_entry {
    account_id account;
    uint32_t bin;
    uint16_t story;
    uint16_t community;
    uint8_t channel;
    uint8_t poster_role;
    bool first; /* set when settled: the seen bit was clear */
};

/* Per (account, story) marks. With reinforcement, a share depends on the
 * views so far: a nibble each (MARK_SHARED, and MARK_VIEWS views so far).
 * Without, only whether it was seen (for reach) and whether it was shared (no
 * second share) matter: a seen bit each, set after the slice from the reach
 * log, and the sharers as bits or, the few of a large population, in a set
 * (world.h: WORLD_SHARED_BITS_MAX). */
struct marks {
    uint8_t *state;                /* the nibbles, or NULL without reinforcement */
    uint64_t *seen;                /* the seen bits, or NULL with reinforcement */
    uint64_t *shared;              /* the shared bits, or NULL: the nibbles or the set */
    struct key_set sharers;        /* keys account x stories + story that posted, when
                                      neither the nibbles nor the shared bits hold them */
    struct reach_entry *reach_log; /* views whose reach is not yet settled, in order */
    size_t reach_count;
};

/* Per-story state besides the share rule's. */
struct story_state {
    double *fresh;         /* [stories] engagement (posts, weighted by the policy) since
                              the last recommender tick */
    double *engagement;    /* [stories] engagement decayed with the recommender's
                              half-life, as of the last tick */
    double *mass;          /* [stories + 1] the tick's scratch: mass[s] is the background's
                              score plus the scores of stories s and after */
    uint64_t *views;       /* [stories] views so far */
    uint32_t *next_decade; /* [stories] next 10^k threshold to record */
    uint8_t *taken_down;   /* [stories] */
    double *demotion;      /* [stories] visibility and recommender factor */
    uint8_t *last_source;  /* [stories] source role of the latest post: what the
                              recommender shows */
};

/* What the interventions watch, so that the view handler compares one
 * number per view. */
struct triggers {
    uint8_t *armed;            /* [interventions] triggered (or timed) already */
    uint64_t *view_trigger;    /* [stories] lowest unarmed views threshold */
    uint64_t *view_check;      /* [stories] the next views count at which a decade
                                  is recorded or a trigger arms: min of both */
    uint8_t *rate_watched;     /* [stories] a share-rate trigger watches it */
    double **rate_ring;        /* [interventions] recent share times, or NULL */
    uint32_t *rate_ring_size;  /* [interventions] capacity */
    uint32_t *rate_ring_head;  /* [interventions] oldest entry */
    uint32_t *rate_ring_count; /* [interventions] entries */
};

/* The accounts suspended so far, sorted (looked up by binary search). */
struct suspensions {
    account_id *ids;
    size_t count;
    size_t capacity;
};

/* A campaign post planned for this replicate. */
struct planned_post {
    account_id account;
    uint32_t story;
    int source; /* the source role its post links, or -1: the account's own role */
};

/* This replicate's campaign posts and timed interventions, and the scratch
 * for picking accounts. */
struct plan {
    struct planned_post *posts;
    struct event *events; /* ACTION and timed INTERVENTION events, sorted by time */
    struct event *scratch;
    size_t count;
    size_t capacity;
    size_t next;     /* first event not yet due */
    uint32_t *picks; /* accounts chosen by the last selection */
    uint32_t *picks_scratch;
    size_t picks_capacity;
};

struct workspace {
    const struct world *world;
    gsl_rng *rng;
    struct calendar calendar; /* upcoming events, by slice */
    struct event_queue heap;  /* events created inside the current slice */
    double slice_end_h;       /* end of the slice being processed */
    struct slice_batch batch;
    struct held_views held;   /* views filed into the heap */
    double reach_h;           /* workspace_reach_h: how far ahead the calendar files
                                 without deferring */
    struct stream_pool pool;
    struct marks marks;
    struct share_table share;
    struct corrected corrected; /* who saw a correction, who was prebunked */
    struct story_state story;
    struct cascade cascade;
    struct triggers triggers;
    struct suspensions suspended;
    struct plan plan;
    uint32_t replicate;       /* the replicate being run (a study's lists are per replicate) */
    const volatile sig_atomic_t *stop; /* when set and non-zero, simulate abandons the
                                          replicate at the next slice; NULL by default */
    uint32_t slice_limit;     /* when non-zero, simulate ends the replicate after this many
                                 slices (the fuzzer's bound on work); 0 by default */
};

/* How far ahead of the event filing it anything is filed in the calendar,
 * which sizes its ring: a post's lifetime, a recommender tick, an
 * intervention's delay. A drawn lifetime has no bound: its 99th percentile
 * is taken, and the rarer streams due beyond the ring wait at its edge
 * (calendar_push) and are filed again from there. */
double workspace_reach_h(const struct config *cfg);

/* Sizes every part from the world (the marks: half a byte or a bit per
 * account and story). Release with workspace_destroy. */
void workspace_init(struct workspace *ws, const struct world *w);
void workspace_destroy(struct workspace *ws);

/* Empties everything for a new replicate, keeping the storage. O(accounts x
 * stories / 2) for the marks, O(accounts / 64) per corrected bitset,
 * O(stories + interventions) for the rest. */
void workspace_reset(struct workspace *ws);

/* Checks the workspace's invariants: the heap's order, the calendar (every
 * event in its own slice's bucket, or, a stream due beyond the ring's reach,
 * in an earlier one: calendar_check), the stream pool, the cascade forest
 * (parents first), the suspensions (sorted), the corrected bits (none for a
 * fact-check yet to fire), the recommender's engagement (finite, >= 0) and
 * the share table (recomputed and compared for every published story);
 * returns 0 if they hold.
 * O(pending events + streams + nodes + stories x roles x communities +
 * bits / 64). */
int workspace_check(const struct workspace *ws);

/* Accounts that saw at least one story in the replicate; by_kind[k] those
 * that saw a story of kind k, *campaign those that saw a fabricated or
 * leaked one (each account counted once per figure). O(accounts x stories). */
uint64_t workspace_reached_accounts(const struct workspace *ws, uint64_t by_kind[STORY_KIND_COUNT],
                                    uint64_t *campaign);

/* Grow the pool and the batch: rare, so out of line. */
void workspace_grow_streams(struct workspace *ws);
void workspace_grow_batch(struct workspace *ws);

/* A free stream slot. Amortised O(1). */
static inline uint32_t workspace_stream_alloc(struct workspace *ws)
{
    if (ws->pool.free_count == 0) {
        workspace_grow_streams(ws);
    }
    return ws->pool.free_ids[--ws->pool.free_count];
}

static inline void workspace_stream_release(struct workspace *ws, uint32_t id)
{
    ws->pool.free_ids[ws->pool.free_count++] = id;
}

/* Appends an event to the batch; its payload (a view's key, view_key.h)
 * rides in seq, which only the event queue's push sets. */
static inline void workspace_batch_append(struct workspace *ws, double t_h, uint32_t kind,
                                          uint32_t id, uint64_t payload)
{
    if (ws->batch.count == ws->batch.capacity) {
        workspace_grow_batch(ws);
    }
    ws->batch.events[ws->batch.count++] =
        (struct event){.time_h = t_h, .seq = payload, .kind = kind, .id = id};
}

/* Files an event: into the current slice's heap if it falls inside the slice
 * being processed, else into the calendar. Returns 0 if it lies past the end
 * of the run. */
static inline int workspace_schedule(struct workspace *ws, double t_h, uint32_t kind, uint32_t id)
{
    if (t_h >= ws->world->cfg->duration_h) {
        return 0;
    }
    if (t_h < ws->slice_end_h) {
        event_queue_push(&ws->heap, t_h, kind, id);
        return 1;
    }
    return calendar_push_payload(&ws->calendar, t_h, kind, id, 0);
}

void workspace_grow_held(struct workspace *ws);

/* Files a view of key `key` (view_key.h) on account v at t_h, as
 * workspace_schedule files other events. Returns 0 if it lies past the end
 * of the run. */
static inline int workspace_schedule_view(struct workspace *ws, double t_h, account_id v,
                                          uint64_t key)
{
    if (t_h >= ws->world->cfg->duration_h) {
        return 0;
    }
    if (t_h < ws->slice_end_h) {
        if (ws->held.count == ws->held.capacity) {
            workspace_grow_held(ws);
        }
        ws->held.items[ws->held.count] = (struct held_view){.key = key, .viewer = v};
        event_queue_push(&ws->heap, t_h, EVENT_HELD_VIEW, ws->held.count++);
        return 1;
    }
    return calendar_push_payload(&ws->calendar, t_h, EVENT_VIEW, v, key);
}

/* The byte holding the nibble of (account v, story s), and the nibble's shift. */
static inline uint8_t *workspace_nibble(const struct workspace *ws, account_id v, uint32_t s,
                                        unsigned *shift)
{
    size_t i = (size_t)v * ws->world->cfg->story_count + s;
    *shift = (unsigned)(i & 1u) * 4u;
    return &ws->marks.state[i >> 1];
}

/* The key of (account v, story s) in the seen bits and the sharers. */
static inline uint64_t workspace_mark_key(const struct workspace *ws, account_id v, uint32_t s)
{
    return (uint64_t)v * ws->world->cfg->story_count + s;
}

/* Account v has posted story s: it never reshares s (again). */
static inline void workspace_mark_shared(struct workspace *ws, account_id v, uint32_t s)
{
    if (ws->marks.state) {
        unsigned shift;
        uint8_t *byte = workspace_nibble(ws, v, s, &shift);
        *byte |= (uint8_t)(MARK_SHARED << shift);
    } else if (ws->marks.shared) {
        uint64_t key = workspace_mark_key(ws, v, s);
        ws->marks.shared[key >> 6] |= UINT64_C(1) << (key & 63);
    } else {
        key_set_add(&ws->marks.sharers, workspace_mark_key(ws, v, s));
    }
}

/* Whether account v has posted story s, without reinforcement (the nibbles
 * say it with it). O(1): a bit, or the set's filter word and rarely a probe. */
static inline bool workspace_has_shared(const struct workspace *ws, account_id v, uint32_t s)
{
    uint64_t key = workspace_mark_key(ws, v, s);
    if (ws->marks.shared) {
        return ws->marks.shared[key >> 6] >> (key & 63) & 1u;
    }
    return key_set_contains(&ws->marks.sharers, key);
}

#endif
