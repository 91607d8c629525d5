/* The model's event handlers and event loop: campaign actions publish
 * stories, posts fan out to followers as lazy streams, views may trigger
 * reshares, and the recommender exposes random accounts in proportion to a
 * story's recent engagement. docs/model.md gives the equations.
 *
 * The loop runs in time slices: streams due in a slice emit all their
 * exposures in it into a batch, the batch is radix-sorted by time and
 * processed in order, with the per-account state of upcoming views
 * prefetched; whatever a slice creates inside itself (a share's first
 * exposures, a tick) goes through a small heap merged with the batch, so
 * events are still handled in exact time order. Without reinforcement,
 * whether a view is its viewer's first of the story (reach) decides no later
 * event, so reach is settled after the slice, for all its views at once.
 *
 * Usage: world_init once per scenario (it builds the graph), workspace_init
 * once per thread, then simulate() per replicate. simulate is a pure function
 * of (world, seed, replicate): no globals, no hidden state, so replicates run
 * in parallel and reproduce exactly. */
#ifndef AMPLISIM_SIMULATE_H
#define AMPLISIM_SIMULATE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../engine/calendar.h"
#include "../base/error.h"
#include "../engine/event_queue.h"
#include "../engine/key_set.h"
#include "config.h"
#include "graph.h"
#include "observe.h"
#include "stream.h"
#include "world.h"

/* A node of the cascade forest: one post (a campaign post or a reshare). */
struct cascade_node {
    uint32_t parent;   /* the post whose view led to this one, or NO_NODE */
    uint32_t account;  /* who posted it */
    uint16_t story;
    uint16_t depth;    /* reshare distance from the tree's root */
    uint8_t cancelled; /* its poster was suspended: no further exposures */
};

#define NO_NODE UINT32_MAX

/* A campaign post planned for this replicate. */
struct planned_post {
    account_id account;
    uint32_t story;
};

/* One thread's mutable state, sized from the world once and reset per
 * replicate. The event loop allocates only when a replicate grows past the
 * high-water mark of earlier ones (streams, nodes, batches, buckets, the
 * sharers set). */
struct workspace {
    const struct world *world;
    gsl_rng *rng;
    struct calendar calendar;         /* upcoming events, by slice */
    struct event_queue heap;          /* events created inside the current slice */
    struct event *batch;              /* the current slice's events, sorted by time */
    struct event *batch_scratch;
    size_t batch_count;
    size_t batch_capacity;
    double slice_end_h;               /* end of the slice being processed */
    struct stream *streams;           /* pool of active fan-out streams */
    uint32_t *free_streams;           /* stack of free pool slots */
    uint32_t stream_capacity;
    uint32_t free_count;
    /* Per (account, story) state. With reinforcement, a share depends on the
     * views so far: a nibble each (bit 3 shared, bits 0-2 views so far,
     * saturating at 7). Without, only whether it was seen (for reach) and
     * whether it was shared (no second share) matter: a seen bit each, set
     * after the slice from the reach log, and the few sharers in a set. */
    uint8_t *state;                   /* the nibbles, or NULL without reinforcement */
    uint64_t *seen;                   /* the seen bits, or NULL with reinforcement */
    struct key_set sharers;           /* keys account x stories + story that posted */
    struct reach_entry *reach_log;    /* views whose reach is not yet settled, in order */
    size_t reach_count;
    struct cascade_node *nodes;
    size_t node_count;
    size_t node_capacity;
    uint32_t *tree_size;              /* scratch for structural virality, per node */
    uint32_t *tree_root;
    double *tree_wiener;
    size_t tree_capacity;
    double *first_time;               /* [stories] first publication, INFINITY before */
    int *origin;                      /* [stories] resolved origin role */
    double *share_factor;             /* [stories][communities] appeal x trust x synthetic */
    double *label;                    /* [stories] label factor on share probability */
    double *share_base;               /* [stories][roles][communities] share probability
                                         before decay and reinforcement: share_prob x
                                         share_factor x label, 0 where share_prob <= 0 */
    uint32_t *posts_in_tick;          /* [stories] posts since the last recommender tick */
    uint64_t *views;                  /* [stories] views so far */
    uint32_t *next_decade;            /* [stories] next 10^k threshold to record */
    double reinforcement_pow[8];      /* reinforcement^(n - 1) for n = 1 .. 8 */
    struct planned_post *plan;        /* this replicate's campaign posts */
    struct event *plan_events;        /* their ACTION events, sorted by time */
    struct event *plan_scratch;
    size_t plan_count;
    size_t plan_capacity;
    size_t plan_next;                 /* first ACTION event not yet due */
    /* interventions */
    uint8_t *armed;                   /* [interventions] triggered (or timed) already */
    uint64_t *view_trigger;           /* [stories] lowest unarmed views threshold */
    uint64_t *view_check;             /* [stories] the next views count at which a decade
                                         is recorded or a trigger arms: min of both */
    uint8_t *rate_watched;            /* [stories] a share-rate trigger watches it */
    double **rate_ring;               /* [interventions] recent share times, or NULL */
    uint32_t *rate_ring_size;         /* [interventions] capacity */
    uint32_t *rate_ring_head;         /* [interventions] oldest entry */
    uint32_t *rate_ring_count;        /* [interventions] entries */
    uint8_t *taken_down;              /* [stories] */
    double *demotion;                 /* [stories] visibility and recommender factor */
    account_id *suspended;            /* sorted ids of suspended accounts */
    size_t suspended_count;
    size_t suspended_capacity;
    uint32_t *picks;                  /* scratch for random picks */
    uint32_t *picks_scratch;
    size_t picks_capacity;
    const volatile sig_atomic_t *stop; /* when set and non-zero, simulate abandons the
                                          replicate at the next slice; NULL by default */
};

void workspace_init(struct workspace *ws, const struct world *w);
void workspace_destroy(struct workspace *ws);

/* Runs replicate `replicate` with master seed `seed` and fills obs (sized by
 * observation_init for the same config; cleared here). If ws->stop is set and
 * becomes non-zero the replicate is abandoned at the next time slice (within
 * 1/64 h of simulated time) and obs is left incomplete. */
void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs);

/* The share probability of DESIGN §2 for a viewer of role `role` in community
 * `community`, seeing story s at time t_h after n views (n >= 1):
 * base x appeal x decay x trust x synthetic x label x reinforcement^(n-1),
 * clamped to [0, 1]. Exposed for tests and docs/model.md. */
double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, double t_h, uint32_t n);

/* Checks the workspace's invariants (stream pool, heap, cascade forest);
 * returns 0 if they hold. O(streams + nodes). */
int workspace_check(const struct workspace *ws);

#endif
