/* Population layout and generation of the follower graph (stochastic-block
 * style: heavy-tailed follower counts per role, followers' communities drawn
 * from the mixing row of the followed account's community). */
#include "graph.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "../engine/sort.h"

void graph_apportion(uint32_t total, const double *weights, uint32_t n, uint32_t *parts)
{
    double sum = 0.0;
    for (uint32_t i = 0; i < n; i++) {
        sum += weights[i];
    }
    uint64_t given = 0;
    double *rem = xmalloc(n * sizeof *rem);
    for (uint32_t i = 0; i < n; i++) {
        double exact = (double)total * weights[i] / sum;
        parts[i] = (uint32_t)floor(exact);
        rem[i] = exact - parts[i];
        given += parts[i];
    }
    /* Hand out what rounding down left over, largest remainder first. */
    while (given < total) {
        uint32_t best = 0;
        for (uint32_t i = 1; i < n; i++) {
            if (rem[i] > rem[best]) {
                best = i;
            }
        }
        parts[best]++;
        rem[best] = -1.0;
        given++;
    }
    free(rem);
}

void graph_cell_counts(const struct config *cfg, uint32_t accounts, uint32_t *cell)
{
    uint32_t k = cfg->communities;
    uint32_t *parts = xmalloc(k * sizeof *parts);
    uint32_t users = accounts;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_USER) {
            users -= cfg->roles[r].count;
        }
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        uint32_t count = r == ROLE_USER ? users : cfg->roles[r].count;
        graph_apportion(count, cfg->community_weights, k, parts);
        for (uint32_t c = 0; c < k; c++) {
            cell[(size_t)c * ROLE_COUNT + r] = parts[c];
        }
    }
    free(parts);
}

void graph_index_cells(struct graph *g)
{
    /* At most 2^14 blocks: the index (64 KiB) stays in cache, and a block
     * spans more than one cell only where cells are small. */
    unsigned shift = 0;
    while (((uint64_t)g->accounts >> shift) > (UINT64_C(1) << 14)) {
        shift++;
    }
    g->index_shift = shift;
    size_t blocks = ((size_t)g->accounts >> shift) + 1;
    g->cell_index = xmalloc(blocks * sizeof *g->cell_index);
    uint32_t cell = 0;
    for (size_t b = 0; b < blocks; b++) {
        uint64_t first = (uint64_t)b << shift;
        while (cell + 1 < (uint32_t)g->communities * ROLE_COUNT && first >= g->cell_start[cell + 1]) {
            cell++;
        }
        g->cell_index[b] = cell;
    }
}

static void lay_out(struct graph *g, const struct config *cfg)
{
    uint32_t k = cfg->communities;
    size_t cells = (size_t)k * ROLE_COUNT;
    uint32_t *count = xmalloc(cells * sizeof *count);
    graph_cell_counts(cfg, cfg->accounts, count);
    g->cell_start = xmalloc((cells + 1) * sizeof *g->cell_start);
    uint32_t next = 0;
    for (size_t i = 0; i < cells; i++) {
        g->cell_start[i] = next;
        next += count[i];
    }
    g->cell_start[cells] = next;
    assert(next == cfg->accounts);
    free(count);
    graph_index_cells(g);
}

/* The follower count at quantile p of a role's law, rounded, capped at the
 * law's max and at cap. Generated graphs draw p uniformly; implicit graphs
 * take stratified p along each cell. */
static uint32_t follower_quantile(const struct follower_dist *f, double p, uint32_t cap)
{
    double x = 0.0;
    switch (f->kind) {
    case FOLLOWERS_LOGNORMAL:
        x = f->median > 0.0 ? floor(f->median * exp(f->sigma * gsl_cdf_ugaussian_Pinv(p)) + 0.5)
                            : 0.0;
        break;
    case FOLLOWERS_PARETO:
        x = floor(gsl_cdf_pareto_Pinv(p, f->alpha, f->min));
        break;
    case FOLLOWERS_FIXED:
        x = floor(f->median + 0.5);
        break;
    }
    if (f->max > 0 && x > f->max) {
        x = f->max;
    }
    return x > cap ? cap : (uint32_t)x;
}

static size_t sort_unique(uint32_t *v, size_t n, uint32_t *scratch)
{
    if (n < 2) {
        return n;
    }
    sort_u32(v, n, scratch);
    size_t w = 1;
    for (size_t i = 1; i < n; i++) {
        if (v[i] != v[w - 1]) {
            v[w++] = v[i];
        }
    }
    return w;
}

/* A uniform member of [lo, hi) other than self (which may lie outside). */
static inline uint32_t draw_member(uint32_t lo, uint32_t hi, uint32_t self, gsl_rng *r)
{
    int excl = self >= lo && self < hi;
    uint32_t x = lo + (uint32_t)gsl_rng_uniform_int(r, hi - lo - (uint32_t)excl);
    return (excl && x >= self) ? x + 1 : x;
}

/* Writes `take` distinct members of [lo, hi) \ {self} to out, sorted. */
static void choose_members(uint32_t lo, uint32_t hi, uint32_t self, uint32_t take, uint32_t *out,
                           uint32_t *scratch, gsl_rng *r)
{
    uint32_t avail = hi - lo - (self >= lo && self < hi);
    assert(take <= avail);
    if ((uint64_t)take * 4 >= avail) {
        /* Dense: selection sampling (Knuth's algorithm S), one pass over the range. */
        uint32_t need = take, left = avail, w = 0;
        for (uint32_t x = lo; x < hi && need > 0; x++) {
            if (x == self) {
                continue;
            }
            if (gsl_rng_uniform(r) * left < need) {
                out[w++] = x;
                need--;
            }
            left--;
        }
        assert(w == take);
        return;
    }
    /* Sparse: draw with replacement and top up; collisions are rare when
     * take <= avail / 4, so this takes a round or two. */
    size_t have = 0;
    while (have < take) {
        for (size_t i = have; i < take; i++) {
            out[i] = draw_member(lo, hi, self, r);
        }
        have = sort_unique(out, take, scratch);
    }
}

/* Probability that a follower of an account in community c comes from d. */
static void mixing_row(const struct config *cfg, const uint32_t *size, uint32_t c, double *row)
{
    uint32_t k = cfg->communities;
    if (cfg->mixing) {
        memcpy(row, cfg->mixing + (size_t)c * k, k * sizeof *row);
        return;
    }
    for (uint32_t d = 0; d < k; d++) {
        row[d] = (1.0 - cfg->homophily) * (double)size[d] / (double)cfg->accounts;
    }
    row[c] += cfg->homophily;
}

static void generate_csr(struct graph *g, const struct config *cfg, gsl_rng *r)
{
    uint32_t n = cfg->accounts, k = cfg->communities;
    uint32_t *size = xmalloc(k * sizeof *size);
    for (uint32_t c = 0; c < k; c++) {
        size[c] = graph_community_end(g, c) - graph_community_start(g, c);
    }

    /* Pass 1: follower counts, giving an upper bound on the edges. */
    g->offsets = xmalloc_huge(((size_t)n + 1) * sizeof *g->offsets);
    g->offsets[0] = 0;
    for (uint32_t u = 0; u < n; u++) {
        uint32_t want = follower_quantile(&cfg->roles[graph_role(g, u)].followers,
                                          gsl_rng_uniform_pos(r), n - 1);
        g->offsets[u + 1] = g->offsets[u] + want;
    }
    uint64_t bound = g->offsets[n];
    uint32_t most = 0;
    for (uint32_t u = 0; u < n; u++) {
        uint32_t want = (uint32_t)(g->offsets[u + 1] - g->offsets[u]);
        most = want > most ? want : most;
    }
    uint32_t *scratch = xmalloc(((size_t)most + 1) * sizeof *scratch);
    g->followers = xmalloc((bound ? bound : 1) * sizeof *g->followers);

    /* Per-row discrete samplers for drawing one follower's community. */
    double *rows = xmalloc((size_t)k * k * sizeof *rows);
    gsl_ran_discrete_t **table = xmalloc(k * sizeof *table);
    for (uint32_t c = 0; c < k; c++) {
        mixing_row(cfg, size, c, rows + (size_t)c * k);
        table[c] = gsl_ran_discrete_preproc(k, rows + (size_t)c * k);
    }
    unsigned int *split = xcalloc(k, sizeof *split);

    /* Pass 2: split each account's count over communities, then pick distinct
     * members of each, writing compactly over the bound. */
    uint64_t w = 0, start = 0;
    for (uint32_t u = 0; u < n; u++) {
        uint32_t want = (uint32_t)(g->offsets[u + 1] - start);
        start = g->offsets[u + 1];
        g->offsets[u] = w;
        if (want == 0) {
            continue;
        }
        uint32_t c = graph_community(g, u);
        if (want < k) {
            for (uint32_t i = 0; i < want; i++) {
                split[gsl_ran_discrete(r, table[c])]++;
            }
        } else {
            gsl_ran_multinomial(r, k, want, rows + (size_t)c * k, split);
        }
        for (uint32_t d = 0; d < k; d++) {
            if (split[d] == 0) {
                continue;
            }
            uint32_t lo = graph_community_start(g, d), hi = graph_community_end(g, d);
            uint32_t avail = hi - lo - (d == c);
            uint32_t take = split[d] < avail ? split[d] : avail;
            split[d] = 0;
            if (take > 0) {
                choose_members(lo, hi, u, take, g->followers + w, scratch, r);
                w += take;
            }
        }
    }
    g->offsets[n] = w;
    g->followers = xrealloc(g->followers, (w ? w : 1) * sizeof *g->followers);

    for (uint32_t c = 0; c < k; c++) {
        gsl_ran_discrete_free(table[c]);
    }
    free(table);
    free(scratch);
    free(rows);
    free(split);
    free(size);
}

/* Implicit follower counts are the role distribution's quantiles at
 * stratified points, decreasing along each cell: the i-th of n accounts gets
 * Q(1 - (i + h) / n), h in [0, 1) hashed from the account. The counts are a
 * sample of the distribution, and the largest accounts of a cell are its first
 * ids, so "top by followers" needs no sort. */
static uint32_t implicit_follower_count(const struct graph *g, account_id u)
{
    uint32_t cell = graph_cell(g, u);
    uint32_t lo = g->cell_start[cell], n = g->cell_start[cell + 1] - lo;
    double h = ((double)(rng_mix64(g->key ^ u) >> 11) + 0.5) * 0x1.0p-53; /* in (0, 1) */
    double p = 1.0 - ((double)(u - lo) + h) / (double)n;
    return follower_quantile(&g->dist[cell % ROLE_COUNT], p, g->accounts - 1);
}

struct audience graph_implicit_audience(const struct graph *g, account_id u)
{
    assert(g->source == GRAPH_IMPLICIT);
    struct audience a = {0, 0, 0};
    uint32_t want = implicit_follower_count(g, u);
    uint32_t c = graph_community(g, u);
    uint32_t size = graph_community_end(g, c) - graph_community_start(g, c);
    double own = floor(want * g->own_share[c] + 0.5);
    uint32_t own_max = size - 1, other_max = g->accounts - size;
    a.own = own > own_max ? own_max : (uint32_t)own;
    uint32_t other = want - (uint32_t)own;
    a.count = a.own + (other > other_max ? other_max : other);
    a.community = c;
    return a;
}

static void build_implicit(struct graph *g, const struct config *cfg, gsl_rng *r)
{
    g->key = rng_u64(r);
    for (int role = 0; role < ROLE_COUNT; role++) {
        g->dist[role] = cfg->roles[role].followers;
    }
    /* A follower comes from the account's own community with probability
     * h + (1 - h) size_c / N, as in the generated graph's mixing row. */
    g->own_share = xmalloc(g->communities * sizeof *g->own_share);
    for (uint32_t c = 0; c < g->communities; c++) {
        double size = graph_community_end(g, c) - graph_community_start(g, c);
        g->own_share[c] = cfg->homophily + (1.0 - cfg->homophily) * size / g->accounts;
    }
    /* Every follower map of a community permutes the same two ranges: their
     * shapes once here, not once per post and slice. */
    g->own_shape = xmalloc(g->communities * sizeof *g->own_shape);
    g->other_shape = xmalloc(g->communities * sizeof *g->other_shape);
    for (uint32_t c = 0; c < g->communities; c++) {
        uint32_t size = graph_community_end(g, c) - graph_community_start(g, c);
        g->own_shape[c] = permutation_shape_of(size - 1);
        g->other_shape[c] = permutation_shape_of(g->accounts - size);
    }
}

void graph_build(struct graph *g, const struct config *cfg, gsl_rng *r)
{
    assert(cfg->graph.source != GRAPH_FILE);
    memset(g, 0, sizeof *g);
    g->source = cfg->graph.source;
    g->accounts = cfg->accounts;
    g->communities = cfg->communities;
    lay_out(g, cfg);
    if (g->source == GRAPH_IMPLICIT) {
        build_implicit(g, cfg, r);
    } else {
        generate_csr(g, cfg, r);
    }
}

void graph_destroy(struct graph *g)
{
    if (!g) {
        return;
    }
    free(g->cell_start);
    free(g->cell_index);
    free(g->offsets);
    free(g->followers);
    free(g->original_id);
    free(g->own_share);
    free(g->own_shape);
    free(g->other_shape);
    memset(g, 0, sizeof *g);
}

int graph_check(const struct graph *g)
{
    for (size_t i = 0; i < (size_t)g->communities * ROLE_COUNT; i++) {
        if (g->cell_start[i] > g->cell_start[i + 1]) {
            return -1;
        }
        for (account_id a = g->cell_start[i]; a < g->cell_start[i + 1]; a++) {
            if (graph_cell(g, a) != i) {
                return -1;
            }
        }
    }
    if (g->cell_start[(size_t)g->communities * ROLE_COUNT] != g->accounts) {
        return -1;
    }
    if (!g->offsets) {
        return 0;
    }
    for (account_id u = 0; u < g->accounts; u++) {
        if (g->offsets[u] > g->offsets[u + 1]) {
            return -1;
        }
        for (uint64_t e = g->offsets[u]; e < g->offsets[u + 1]; e++) {
            account_id v = g->followers[e];
            if (v >= g->accounts || v == u) {
                return -1;
            }
            if (e > g->offsets[u] && graph_community(g, v) == graph_community(g, g->followers[e - 1]) &&
                v <= g->followers[e - 1]) {
                return -1; /* duplicates within a community chunk */
            }
        }
    }
    return 0;
}
