/* The world: everything the replicates of one scenario share and never
 * modify, built once per run by world_init (the follower graph, the stream
 * laws, community sizes, recommender targets, campaign and intervention
 * candidates). Its invariant: after world_init returns, nothing in it
 * changes, so any number of threads may read it at once. */
#ifndef AMPLISIM_WORLD_H
#define AMPLISIM_WORLD_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_randist.h>

#include "config.h"
#include "failure.h"
#include "graph.h"
#include "stream.h"

enum { LAW_FEED = 0, LAW_TICK = 1 };

/* The accounts a campaign action (or an intervention) may pick. */
struct candidates {
    uint32_t total;  /* accounts matching the selector */
    uint32_t want;   /* how many it picks: the selector's count, or a prebunk's fraction of
                        total, at most total */
    account_id *top; /* pick top: the `count` with the most followers, best first */
    uint32_t top_count;
    gsl_ran_discrete_t *by_followers; /* pick followers: candidate i (in range order) with
                                         probability followers_i / their sum */
    uint32_t with_followers;          /* pick followers: candidates anyone follows */
    uint32_t range_count;   /* pick random: the matching cells */
    uint32_t *range_start;  /* [range_count] */
    uint32_t *range_length; /* [range_count] */
};

/* The event loop's slice: 1/64 h (56 s) keeps a slice's batch small enough
 * to stay in cache at platform scale while making per-slice overhead
 * negligible; a power of two keeps slice boundaries exact. memory.c sizes the
 * calendar's ring from it. */
#define WORLD_SLICE_H (1.0 / 64.0)

/* Without reinforcement, the sharers are a bit per (account, story) when
 * there are at most this many pairs (512 KiB of bits, less than the sharers
 * set's initial 576 KiB), else a key set. The bits cost a bit test and set
 * where the set costs a hash, a probe and, as it grows, cache misses (at
 * 10^6 accounts half a last-level miss a post, docs/performance.md), and
 * their reset per replicate is pairs / 8 bytes where the set's is its
 * largest capacity. Beyond it the bits would be a random line in a large
 * array per view, where the set's filter, a word per eight slots of a set
 * sized by the sharers, stays in cache (blogger_168m: 600M pairs, 525k
 * sharers). */
#define WORLD_SHARED_BITS_MAX ((size_t)1 << 22)

/* The recommender's constants (docs/model.md §5). */
struct world_recommender {
    uint32_t budget_tick;      /* impressions a tick: floor(budget an hour × tick_h), with a
                                  flat daily profile */
    bool profiled;             /* a daily profile that is not flat: each tick's budget
                                  follows it (world_recommender_tick_budget) */
    double budget_h;           /* the mean budget an hour */
    double profile_cum[CONFIG_PROFILE_HOURS + 1]; /* the profile normalised to mean 1,
                                                     summed: [h] its integral over hours
                                                     [0, h) of a day; [24] = 24 */
    uint32_t cap_tick;         /* a story's most a tick: floor(max_views_per_h × tick_h),
                                  or UINT32_MAX without a cap */
    double background;         /* the background's score */
    double decay;              /* engagement kept over a tick: 2^(-tick_h / half_life_h) */
    double weight[ROLE_COUNT]; /* the engagement a post adds, by its source's role */
    double *appeal;            /* [stories] appeal in the audience a story is shown to */
};

/* The impressions the recommender hands out at its tick at t_h, delivered
 * over [t_h, t_h + tick_h): the budget an hour integrated over that span
 * under the daily profile, floor(budget_h × ∫ w), or budget_tick when the
 * profile is flat. O(1). */
uint32_t world_recommender_tick_budget(const struct world_recommender *rec, double tick_h,
                                       double t_h);

/* Built once per scenario; read-only afterwards. */
struct world {
    const struct config *cfg; /* not owned; must outlive the world */
    struct graph graph;
    struct stream_law law[2];         /* [LAW_FEED] posts, [LAW_TICK] recommender bursts */
    double show_prob;                 /* chance a follower is drawn into a post's stream
                                         (a fixed lifetime) */
    bool lifetime_drawn;              /* a post's lifetime is drawn from `lifetime` */
    struct distribution lifetime;     /* the lifetime law, when drawn */
    double slice_h;                   /* width of an event-loop slice */
    uint32_t *community_size;         /* [communities] */
    gsl_ran_discrete_t **rec_target;  /* [stories] community sampler, or NULL (uniform) */
    struct world_recommender rec;     /* the recommender's constants */
    struct candidates *candidates;    /* [actions] */
    struct candidates *iv_candidates; /* [interventions] who a factcheck, suspension or
                                         prebunk picks */
    /* Share propensity (docs/model.md §4): per role, sigma and -sigma^2/2;
     * an account's Z is a hash of (propensity_key, account). */
    double propensity_sigma[ROLE_COUNT];
    double propensity_shift[ROLE_COUNT];
    uint64_t propensity_key;
    bool graph_borrowed; /* world_init_on_graph: the graph is another world's */
    size_t shared_bits_max; /* the sharers are bits up to this many accounts x stories:
                               WORLD_SHARED_BITS_MAX (a test lowers it to take the set) */
};

/* Account v's share propensity, of role `role`: exp(sigma Z_v - sigma^2/2),
 * with Z_v = Phi^-1(U_v) and U_v uniform on (0, 1) from a hash of the
 * account, so it is the same in every replicate and costs no memory. 1 when
 * the role is homogeneous. */
double world_propensity(const struct world *w, account_id v, int role);

/* Builds the world for cfg: lays out accounts and builds the follower graph
 * (generated or implicit from (cfg->seed, RNG_STREAM_GRAPH); for a file
 * graph, from `edges`, which must then be non-NULL) and resolves each
 * action's candidates. Returns STATUS_BAD_INPUT with *failure filled (when
 * failure is non-NULL; io's model_message_failure words it) when the scenario
 * cannot be laid out on the graph (a file graph with too few accounts, an
 * action that can select nobody). Release with world_destroy (also after a
 * failure). */
int world_init(struct world *w, const struct config *cfg, const struct edge_list *edges,
               struct model_failure *failure);
/* As world_init, on the graph of another world built for a config whose
 * graph is the same (the same seed, accounts, communities, their weights,
 * homophily and mixing, each role's count and follower law, and graph
 * source and files; batch/fit.c's graph key says which): the graph is
 * borrowed, not built (a world_init without it costs O(actions x
 * candidates) instead of the graph's O(accounts + edges)), and must outlive
 * this world, whose world_destroy leaves it. */
int world_init_on_graph(struct world *w, const struct config *cfg, const struct graph *graph,
                        struct model_failure *failure);
void world_destroy(struct world *w);

#endif
