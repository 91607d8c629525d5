/* The population and its follower graph. Accounts are laid out by community,
 * then by role inside a community, so every (community, role) cell is a
 * contiguous id range and a community's members are one range. The follower
 * graph is generated once per run from the scenario and stored compactly as
 * CSR: the followers of account u (those whose feeds show u's posts) are
 * followers[offsets[u] .. offsets[u + 1]). Read-only once built, so replicate
 * threads share one graph. */
#ifndef AMPLISIM_GRAPH_H
#define AMPLISIM_GRAPH_H

#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "config.h"

typedef uint32_t account_id;

#define NO_ACCOUNT UINT32_MAX

struct graph {
    uint32_t accounts;
    uint32_t communities;
    uint32_t *cell_start;   /* [communities * ROLE_COUNT + 1]: cell (c, r) is
                               [cell_start[c*R + r], cell_start[c*R + r + 1]) */
    uint8_t *role;          /* [accounts] enum role */
    uint16_t *community;    /* [accounts] community index */
    uint64_t *offsets;      /* [accounts + 1] CSR row starts */
    account_id *followers;  /* [edges] followers of each account, grouped by community */
};

/* Lays out the population and draws the follower graph from the scenario's
 * per-role follower-count distributions and community mixing, using the
 * random stream r. Cost O(accounts + edges log(max followers)); memory
 * 4 bytes per edge plus 15 bytes per account. Release with graph_destroy. */
void graph_generate(struct graph *g, const struct config *cfg, gsl_rng *r);

void graph_destroy(struct graph *g);

static inline uint64_t graph_edges(const struct graph *g)
{
    return g->offsets[g->accounts];
}

static inline uint32_t graph_follower_count(const struct graph *g, account_id u)
{
    return (uint32_t)(g->offsets[u + 1] - g->offsets[u]);
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

/* Splits total into parts proportional to weights (largest remainder, ties to
 * the lower index): deterministic, sums exactly to total. */
void graph_apportion(uint32_t total, const double *weights, uint32_t n, uint32_t *parts);

/* The number of accounts in each (community, role) cell, indexed
 * c * ROLE_COUNT + r, as graph_generate lays them out; cell has
 * communities * ROLE_COUNT entries. */
void graph_cell_counts(const struct config *cfg, uint32_t *cell);

/* Checks the layout and CSR invariants; returns 0 when they hold. O(edges). */
int graph_check(const struct graph *g);

#endif
