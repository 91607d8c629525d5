/* Follower graphs read from edge lists: gives the file's accounts roles and
 * communities, renumbers them into the cell layout graph.h describes, and
 * turns the edges into CSR with duplicates and self-loops dropped. */
#include "graph.h"

#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_randist.h>

#include "../base/alloc.h"
#include "../engine/sort.h"

void edge_list_destroy(struct edge_list *el)
{
    if (!el) {
        return;
    }
    free(el->from);
    free(el->to);
    free(el->original_id);
    free(el->role);
    free(el->community);
    memset(el, 0, sizeof *el);
}

/* The roles media, influencer and blogger go to the accounts with the most
 * followers, in this order. */
static const enum role by_followers[] = {ROLE_MEDIA, ROLE_INFLUENCER, ROLE_BLOGGER};
/* The roles site, bot and factchecker go to random other accounts, in this order. */
static const enum role at_random[] = {ROLE_SITE, ROLE_BOT, ROLE_FACTCHECKER};

#define PREFETCH_AHEAD 16    /* edges between fetching a new id and using it */

static inline void prefetch(const void *p)
{
#if defined(__GNUC__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
}


static uint64_t longest_row(const uint64_t *offsets, uint32_t n)
{
    uint64_t most = 0;
    for (uint32_t u = 0; u < n; u++) {
        uint64_t len = offsets[u + 1] - offsets[u];
        most = len > most ? len : most;
    }
    return most;
}

/* Role counts must fit the file: checked against cfg before any work. */
static int check_role_counts(const struct config *cfg, const struct edge_list *el,
                             struct model_failure *failure)
{
    if (el->role) {
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (r != ROLE_USER && cfg->roles[r].count > 0) {
                return model_failure_set(failure, MODEL_FAILURE_ROLE_COUNT_WITH_ATTRIBUTES,
                                         (uint32_t)r, cfg->roles[r].count, 0);
            }
        }
        return STATUS_OK;
    }
    uint64_t sum = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_USER) {
            sum += cfg->roles[r].count;
        }
    }
    if (sum <= el->vertices) {
        return STATUS_OK;
    }
    return model_failure_set(failure, MODEL_FAILURE_ROLE_COUNTS_EXCEED_FILE, 0, el->vertices, sum);
}

/* CSR by dense id: row u holds the distinct v != u with an edge u -> v,
 * sorted. Counting passes place the edges in O(edges); each row is then
 * sorted and compacted in place. */
static void rows_by_dense_id(const struct edge_list *el, uint64_t **offsets_out,
                             uint32_t **targets_out)
{
    /* Locals, not el's fields: stores to offsets could alias them, and the
     * compiler would reload them on every edge. */
    const uint32_t *from = el->from;
    const uint32_t *to = el->to;
    uint64_t m = el->edges;
    uint32_t n = el->vertices;
    uint64_t *offsets = xcalloc_huge((size_t)n + 1, sizeof *offsets);
    for (uint64_t e = 0; e < m; e++) {
        assert(from[e] < n && to[e] < n);
        offsets[from[e] + 1] += from[e] != to[e];
    }
    for (uint32_t u = 0; u < n; u++) {
        offsets[u + 1] += offsets[u];
    }
    uint32_t *targets = xmalloc_huge((offsets[n] ? offsets[n] : 1) * sizeof *targets);
    /* offsets[u] serves as row u's write cursor, ending at row u + 1's start. */
    for (uint64_t e = 0; e < m; e++) {
        if (from[e] != to[e]) {
            targets[offsets[from[e]]++] = to[e];
        }
    }
    for (uint32_t u = n; u > 0; u--) {
        offsets[u] = offsets[u - 1];
    }
    offsets[0] = 0;

    uint32_t *scratch = xmalloc((longest_row(offsets, n) + 1) * sizeof *scratch);
    uint64_t kept = 0;
    uint64_t start = 0;
    for (uint32_t u = 0; u < n; u++) {
        uint64_t stop = offsets[u + 1];
        uint32_t *row = targets + start;
        sort_u32(row, (size_t)(stop - start), scratch);
        offsets[u] = kept;
        for (uint64_t i = 0; i < stop - start; i++) {
            if (i == 0 || row[i] != row[i - 1]) {
                targets[kept++] = row[i];
            }
        }
        start = stop;
    }
    offsets[n] = kept;
    free(scratch);
    *offsets_out = offsets;
    *targets_out = targets;
}

/* Gives media, influencer and blogger to the accounts with the most distinct
 * followers (ties to the lower dense id), then site, bot and factchecker to
 * uniformly random others; everyone else is a user. */
static void assign_roles(const struct config *cfg, const uint64_t *offsets, uint32_t n, gsl_rng *r,
                         uint8_t *role)
{
    /* Counting sort by follower count, most first, stable in id. */
    uint64_t most = longest_row(offsets, n);
    uint32_t *order = xmalloc(((size_t)n ? n : 1) * sizeof *order);
    uint32_t *before = xcalloc((size_t)most + 2, sizeof *before); /* accounts with more */
    for (uint32_t u = 0; u < n; u++) {
        before[most - (offsets[u + 1] - offsets[u]) + 1]++;
    }
    for (uint64_t d = 0; d <= most; d++) {
        before[d + 1] += before[d];
    }
    for (uint32_t u = 0; u < n; u++) {
        order[before[most - (offsets[u + 1] - offsets[u])]++] = u;
    }
    free(before);

    memset(role, ROLE_USER, n);
    uint32_t next = 0;
    for (size_t i = 0; i < sizeof by_followers / sizeof by_followers[0]; i++) {
        for (uint32_t k = 0; k < cfg->roles[by_followers[i]].count; k++) {
            role[order[next++]] = (uint8_t)by_followers[i];
        }
    }
    /* A partial Fisher-Yates shuffle of the rest draws each random role. */
    for (size_t i = 0; i < sizeof at_random / sizeof at_random[0]; i++) {
        for (uint32_t k = 0; k < cfg->roles[at_random[i]].count; k++) {
            uint32_t j = next + (uint32_t)gsl_rng_uniform_int(r, n - next);
            uint32_t chosen = order[j];
            order[j] = order[next];
            order[next++] = chosen;
            role[chosen] = (uint8_t)at_random[i];
        }
    }
    free(order);
}

static void draw_communities(const struct config *cfg, uint32_t n, gsl_rng *r, uint16_t *community)
{
    if (cfg->communities == 1) {
        memset(community, 0, (size_t)n * sizeof *community);
        return;
    }
    gsl_ran_discrete_t *table = gsl_ran_discrete_preproc(cfg->communities, cfg->community_weights);
    for (uint32_t u = 0; u < n; u++) {
        community[u] = (uint16_t)gsl_ran_discrete(r, table);
    }
    gsl_ran_discrete_free(table);
}

/* Sorts the accounts by (community, role, dense id) with one counting pass:
 * fills g->cell_start and returns new_id[dense id]. */
static uint32_t *lay_out_cells(struct graph *g, const uint8_t *role, const uint16_t *community)
{
    uint32_t n = g->accounts;
    size_t cells = (size_t)g->communities * ROLE_COUNT;
    g->cell_start = xcalloc(cells + 1, sizeof *g->cell_start);
    for (uint32_t u = 0; u < n; u++) {
        assert(community[u] < g->communities && role[u] < ROLE_COUNT);
        g->cell_start[(size_t)community[u] * ROLE_COUNT + role[u] + 1]++;
    }
    for (size_t c = 0; c < cells; c++) {
        g->cell_start[c + 1] += g->cell_start[c];
    }
    uint32_t *next = xmalloc(cells * sizeof *next);
    memcpy(next, g->cell_start, cells * sizeof *next);
    uint32_t *new_id = xmalloc(((size_t)n ? n : 1) * sizeof *new_id);
    for (uint32_t u = 0; u < n; u++) {
        new_id[u] = next[(size_t)community[u] * ROLE_COUNT + role[u]]++;
    }
    free(next);
    return new_id;
}

/* Peak memory, beyond the caller's edge list (8 bytes per edge): the
 * dense-id rows (4 bytes per edge) and the final followers (4 bytes per edge)
 * are alive together, so 8 bytes per edge plus about 27 bytes per account
 * (two offset arrays, new ids, sort order, roles, communities). The result
 * keeps 4 bytes per distinct edge and 16 per account (its offset and its id
 * in the file). */
int graph_from_edges(struct graph *g, const struct config *cfg, const struct edge_list *el,
                     gsl_rng *r, struct model_failure *failure)
{
    memset(g, 0, sizeof *g);
    int status = check_role_counts(cfg, el, failure);
    if (status != STATUS_OK) {
        return status;
    }
    uint32_t n = el->vertices;
    uint64_t *rows;
    uint32_t *targets;
    rows_by_dense_id(el, &rows, &targets);

    uint8_t *role = xmalloc(((size_t)n ? n : 1) * sizeof *role);
    uint16_t *community = xmalloc(((size_t)n ? n : 1) * sizeof *community);
    if (el->role) {
        memcpy(role, el->role, (size_t)n * sizeof *role);
    } else {
        assign_roles(cfg, rows, n, r, role);
    }
    if (el->community) {
        memcpy(community, el->community, (size_t)n * sizeof *community);
    } else {
        draw_communities(cfg, n, r, community);
    }

    g->source = GRAPH_FILE;
    g->accounts = n;
    g->communities = cfg->communities;
    uint32_t *new_id = lay_out_cells(g, role, community);
    free(role);
    free(community);
    graph_index_cells(g);

    /* Outputs name accounts as the file did (the cascade export). */
    g->original_id = xmalloc(((size_t)n ? n : 1) * sizeof *g->original_id);
    for (uint32_t u = 0; u < n; u++) {
        g->original_id[new_id[u]] = el->original_id[u];
    }
    g->key = 0;
    g->own_share = NULL;
    g->own_shape = g->other_shape = NULL;
    /* When the layout keeps every account where it was (every account a user
     * of one community, as in most file graphs studied for their cascades),
     * the rows already are the graph: no copy, no second sort. */
    bool identity = true;
    for (uint32_t u = 0; u < n && identity; u++) {
        identity = new_id[u] == u;
    }
    if (identity) {
        g->offsets = rows;
        g->followers = targets;
        free(new_id);
        return STATUS_OK;
    }

    /* Rows move to their new ids; renumbering the followers breaks each
     * row's order, so every row is sorted again. */
    g->offsets = xcalloc_huge((size_t)n + 1, sizeof *g->offsets);
    for (uint32_t u = 0; u < n; u++) {
        g->offsets[new_id[u] + 1] = rows[u + 1] - rows[u];
    }
    for (uint32_t v = 0; v < n; v++) {
        g->offsets[v + 1] += g->offsets[v];
    }
    g->followers = xmalloc_huge((rows[n] ? rows[n] : 1) * sizeof *g->followers);
    uint32_t *scratch = xmalloc((longest_row(rows, n) + 1) * sizeof *scratch);
    for (uint32_t u = 0; u < n; u++) {
        account_id *row = g->followers + g->offsets[new_id[u]];
        uint64_t len = rows[u + 1] - rows[u];
        for (uint64_t i = 0; i < len; i++) {
            /* new_id is read at random: fetch it a few edges ahead. */
            uint64_t ahead = rows[u] + i + PREFETCH_AHEAD;
            if (ahead < rows[n]) {
                prefetch(&new_id[targets[ahead]]);
            }
            row[i] = new_id[targets[rows[u] + i]];
        }
        sort_u32(row, (size_t)len, scratch);
    }
    free(scratch);
    free(new_id);
    free(rows);
    free(targets);
    return STATUS_OK;
}
