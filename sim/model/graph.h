/* The population and its follower graph. Accounts are laid out by community,
 * then by role inside a community, so every (community, role) cell is a
 * contiguous id range: an account's role and community are found from its id
 * through a small index, with nothing stored per account. The follower graph
 * is one of
 *   - CSR (generated from the scenario, or read from an edge list): the
 *     followers of u (those whose feeds show u's posts) are
 *     followers[offsets[u] .. offsets[u + 1]);
 *   - implicit: u's follower count and its k-th follower are derived on demand
 *     from a keyed hash of u, so a platform of 10^9 accounts costs nothing per
 *     edge.
 * Read-only once built, so replicate threads share one graph. */
#ifndef AMPLISIM_GRAPH_H
#define AMPLISIM_GRAPH_H

#include <assert.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../base/error.h"
#include "../engine/permutation.h"
#include "config.h"
#include "failure.h"

typedef uint32_t account_id;

#define NO_ACCOUNT UINT32_MAX

struct graph {
    enum graph_source source;
    uint32_t accounts;
    uint32_t communities;
    uint32_t *cell_start; /* [communities * ROLE_COUNT + 1]: cell c * ROLE_COUNT + r is
                             [cell_start[i], cell_start[i + 1]) */
    uint32_t *cell_index; /* [(accounts >> index_shift) + 1]: the cell holding the first
                             account of each block of 2^index_shift ids */
    unsigned index_shift;
    /* CSR graphs */
    uint64_t *offsets;     /* [accounts + 1] */
    account_id *followers; /* [edges] */
    uint64_t *original_id; /* file graphs: [accounts] each account's id in the edge list
                              (accounts are renumbered into the cell layout); else NULL */
    /* implicit graphs */
    uint64_t key;                          /* hash key drawn from the graph stream */
    struct follower_dist dist[ROLE_COUNT]; /* follower-count law per role */
    double *own_share;                     /* [communities] chance a follower is from the
                                              followed account's own community */
    struct permutation_shape *own_shape;   /* [communities] the follower maps' permutations
                                              of a community's other members ... */
    struct permutation_shape *other_shape; /* ... and of the accounts outside it */
};

/* Builds the population layout and the graph of cfg (generated or implicit;
 * file graphs come from graph_from_edges), drawing from r. A generated graph
 * costs O(accounts + edges) time and 4 bytes per edge; an implicit one
 * O(communities) and nothing per account. Release with graph_destroy. */
void graph_build(struct graph *g, const struct config *cfg, gsl_rng *r);

void graph_destroy(struct graph *g);

/* The (community, role) cell of account v: O(1) expected. */
static inline uint32_t graph_cell(const struct graph *g, account_id v)
{
    assert(v < g->accounts);
    uint32_t c = g->cell_index[v >> g->index_shift];
    while (v >= g->cell_start[c + 1]) {
        c++;
    }
    return c;
}

static inline int graph_role(const struct graph *g, account_id v)
{
    return (int)(graph_cell(g, v) % ROLE_COUNT);
}

static inline uint32_t graph_community(const struct graph *g, account_id v)
{
    return graph_cell(g, v) / ROLE_COUNT;
}

/* First account of community c and one past its last. */
static inline uint32_t graph_community_start(const struct graph *g, uint32_t c)
{
    return g->cell_start[(size_t)c * ROLE_COUNT];
}

static inline uint32_t graph_community_end(const struct graph *g, uint32_t c)
{
    return g->cell_start[(size_t)(c + 1) * ROLE_COUNT];
}

/* Who follows u: a count, and how its followers are split, computed once per
 * post (O(1); an implicit graph evaluates a quantile function). */
struct audience {
    uint32_t count;     /* followers of u */
    uint32_t own;       /* implicit: how many come from u's own community */
    uint32_t community; /* implicit: u's community */
};

struct audience graph_implicit_audience(const struct graph *g, account_id u);

/* Who follows u: on a file or generated graph the length of its row (inline:
 * every publish asks), on an implicit graph derived (graph_implicit_audience). */
static inline struct audience graph_audience(const struct graph *g, account_id u)
{
    if (g->source != GRAPH_IMPLICIT) {
        return (struct audience){(uint32_t)(g->offsets[u + 1] - g->offsets[u]), 0, 0};
    }
    return graph_implicit_audience(g, u);
}

/* The followers of one account, for a run of lookups (a post's exposures in
 * one slice): an implicit graph derives each follower through a keyed
 * permutation, whose key schedule is built on first use and then kept. */
struct follower_map {
    const struct graph *g;
    const account_id *row; /* CSR: u's followers; NULL for an implicit graph */
    account_id u;
    struct audience a;
    uint32_t lo, hi; /* implicit: u's community */
    bool own_ready, other_ready;
    struct permutation own;   /* the community's other members, keyed by u */
    struct permutation other; /* the accounts outside the community, keyed by u */
};

static inline void follower_map_init(struct follower_map *m, const struct graph *g, account_id u,
                                     const struct audience *a)
{
    m->g = g;
    m->u = u;
    m->a = *a;
    m->row = NULL;
    m->lo = m->hi = 0;
    if (g->source != GRAPH_IMPLICIT) {
        m->row = &g->followers[g->offsets[u]];
        return; /* the rest is the implicit graph's */
    }
    m->own_ready = m->other_ready = false;
    m->own.n = m->other.n = 0; /* built on first use (and quiets -Wmaybe-uninitialized) */
    m->own.rounds = m->other.rounds = 0;
    m->own.halves = m->other.halves = (struct feistel_halves){0, 0, 0, 0};
    m->lo = graph_community_start(g, a->community);
    m->hi = graph_community_end(g, a->community);
}

/* follower_map_at on an implicit graph: a keyed permutation of the poster's
 * community, or of the accounts outside it. */
static inline account_id follower_map_implicit_at(struct follower_map *m, uint32_t i)
{
    const struct graph *g = m->g;
    uint32_t lo = m->lo, hi = m->hi;
    if (i < m->a.own) {
        if (!m->own_ready) {
            assert(g->own_shape[m->a.community].n == hi - lo - 1);
            permutation_init_shaped(&m->own, g->own_shape[m->a.community],
                                    g->key ^ ((uint64_t)m->u << 1));
            m->own_ready = true;
        }
        account_id v = lo + permutation_at(&m->own, i);
        return v >= m->u ? v + 1 : v;
    }
    if (!m->other_ready) {
        assert(g->other_shape[m->a.community].n == g->accounts - (hi - lo));
        permutation_init_shaped(&m->other, g->other_shape[m->a.community],
                                g->key ^ ((uint64_t)m->u << 1) ^ 1u);
        m->other_ready = true;
    }
    account_id v = permutation_at(&m->other, i - m->a.own);
    return v >= lo ? v + (hi - lo) : v;
}

/* The follower with index i < a->count. Distinct indices give distinct
 * followers, never u itself. O(1); a CSR graph's is a load from the row. */
static inline account_id follower_map_at(struct follower_map *m, uint32_t i)
{
    assert(i < m->a.count);
    return m->row ? m->row[i] : follower_map_implicit_at(m, i);
}

/* The follower of u with index i < a->count: follower_map_at for one lookup. */
static inline account_id graph_follower(const struct graph *g, account_id u,
                                        const struct audience *a, uint32_t i)
{
    struct follower_map m;
    follower_map_init(&m, g, u, a);
    return follower_map_at(&m, i);
}

/* Number of edges: exact for CSR graphs; for implicit graphs 0 (never stored). */
static inline uint64_t graph_edges(const struct graph *g)
{
    return g->offsets ? g->offsets[g->accounts] : 0;
}

/* Builds g->cell_index and g->index_shift from g->cell_start, g->accounts and
 * g->communities (for any graph source; graph_from_edges calls it too). */
void graph_index_cells(struct graph *g);

/* Splits total into parts proportional to weights (largest remainder, ties to
 * the lower index): deterministic, sums exactly to total. */
void graph_apportion(uint32_t total, const double *weights, uint32_t n, uint32_t *parts);

/* The number of accounts in each (community, role) cell, indexed
 * c * ROLE_COUNT + r, as graph_build lays them out for `accounts` accounts;
 * cell has communities * ROLE_COUNT entries. */
void graph_cell_counts(const struct config *cfg, uint32_t accounts, uint32_t *cell);

/* An edge list as read from a file, with ids made dense (io/ fills it). */
struct edge_list {
    uint32_t vertices;     /* distinct ids */
    uint64_t edges;        /* entries of from and to: one per edge line (two when
                              undirected), self-loops dropped */
    uint64_t self_loops;   /* lines dropped because both ids were the same */
    uint32_t *from;        /* [edges] dense ids: information flows from -> to */
    uint32_t *to;          /* [edges] */
    uint64_t *original_id; /* [vertices] the id as written in the file */
    uint8_t *role;         /* [vertices] from the attribute file, or NULL */
    uint16_t *community;   /* [vertices] from the attribute file, or NULL */
};

/* Frees the arrays of el and zeroes it. Accepts a zeroed el (NULL members). */
void edge_list_destroy(struct edge_list *el);

/* Builds a CSR graph from an edge list: duplicate edges are dropped; roles
 * come from the attribute file when given, else media, influencer and blogger
 * go to the accounts with the most followers (in that order, as many as
 * cfg counts), site, bot and factchecker to random others, users are the rest;
 * communities come from the attribute file or are drawn in proportion to the
 * community weights. Accounts are then renumbered into the cell layout.
 * Returns STATUS_BAD_INPUT with *failure filled (when non-NULL) if the
 * counts cannot be met. */
int graph_from_edges(struct graph *g, const struct config *cfg, const struct edge_list *el,
                     gsl_rng *r, struct model_failure *failure);

/* Checks the layout and CSR invariants; returns 0 when they hold. O(edges). */
int graph_check(const struct graph *g);

#endif
