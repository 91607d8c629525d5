/* The model's event handlers and event loop: campaign actions publish
 * stories, posts fan out to followers as lazy streams, views may trigger
 * reshares, and the recommender exposes random accounts in proportion to a
 * story's recent engagement. docs/model.md gives the equations.
 *
 * Usage: world_init once per scenario (it draws the graph), workspace_init
 * once per thread, then simulate() per replicate. simulate is a pure function
 * of (world, seed, replicate): no globals, no hidden state, so replicates
 * run in parallel and reproduce exactly. */
#ifndef AMPLISIM_SIMULATE_H
#define AMPLISIM_SIMULATE_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

#include "../engine/distribution.h"
#include "../engine/error.h"
#include "../engine/event_queue.h"
#include "config.h"
#include "graph.h"
#include "observe.h"
#include "stream.h"

/* Everything replicates share and never modify. */
struct world {
    const struct config *cfg;         /* not owned; must outlive the world */
    struct graph graph;
    struct distribution delay[2];     /* [0] feed delay, [1] uniform over a recommender tick */
    double u_max[2];                  /* CDF of each at its cut-off (lifetime, tick) */
    double show_prob;                 /* visibility x F(lifetime): a follower sees a post */
    uint32_t *community_size;         /* [communities] */
    gsl_ran_discrete_t **rec_target;  /* [stories] community sampler, or NULL (uniform) */
    account_id **candidates;          /* [actions] accounts an action may pick */
    uint32_t *candidate_count;        /* [actions] */
};

/* Checks that every campaign action can select at least one account, from
 * the population layout alone (no graph is drawn). Returns STATUS_OK, or
 * STATUS_BAD_INPUT with err naming the action's JSON path. */
int world_check_campaign(const struct config *cfg, struct error *err);

/* Builds the world for cfg: lays out accounts, draws the follower graph from
 * (cfg->seed, RNG_STREAM_GRAPH) and resolves each action's candidate accounts.
 * Returns STATUS_BAD_INPUT with err filled when an action can select no
 * account. Release with world_destroy (also after a failure). */
int world_init(struct world *w, const struct config *cfg, struct error *err);
void world_destroy(struct world *w);

/* A node of the cascade forest: one post (a campaign post or a reshare). */
struct cascade_node {
    uint32_t parent;  /* the post whose view led to this one, or NO_NODE */
    uint16_t story;
    uint16_t depth;   /* reshare distance from the tree's root */
};

#define NO_NODE UINT32_MAX

/* A campaign post planned for this replicate. */
struct planned_post {
    account_id account;
    uint32_t story;
};

/* One thread's mutable state, sized from the world once and reset per
 * replicate; the event loop allocates nothing except when a replicate grows
 * past the high-water mark of earlier ones (streams, nodes, queue). */
struct workspace {
    const struct world *world;
    gsl_rng *rng;
    struct event_queue queue;
    struct stream *streams;           /* pool of active fan-out streams */
    uint32_t *free_streams;           /* stack of free pool slots */
    uint32_t stream_capacity;
    uint32_t free_count;
    uint8_t *state;                   /* [accounts][stories]: bit 7 shared, bits 0-6 exposures */
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
    uint32_t *posts_in_tick;          /* [stories] posts since the last recommender tick */
    uint64_t *views;                  /* [stories] views so far */
    uint32_t *next_decade;            /* [stories] next 10^k threshold to record */
    double reinforcement_pow[128];    /* reinforcement^(n - 1) for n exposures */
    struct planned_post *plan;        /* this replicate's campaign posts */
    size_t plan_count;
    size_t plan_capacity;
};

void workspace_init(struct workspace *ws, const struct world *w);
void workspace_destroy(struct workspace *ws);

/* Runs replicate `replicate` with master seed `seed` and fills obs (sized by
 * observation_init for the same config; cleared here). */
void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs);

/* The share probability of DESIGN §2 for a viewer of role `role` in community
 * `community`, seeing story s at time t_h after n exposures (n >= 1):
 * base x appeal x decay x trust x synthetic x label x reinforcement^(n-1),
 * clamped to [0, 1]. Exposed for tests and docs/model.md. */
double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, double t_h, uint32_t n);

/* Checks the workspace's invariants (stream pool, heap); returns 0 if they
 * hold. O(streams + queue). */
int workspace_check(const struct workspace *ws);

#endif
