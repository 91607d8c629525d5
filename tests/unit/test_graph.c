/* A follower map, which keeps an implicit graph's key schedules across the
 * lookups of one post, names the followers that single lookups name, on
 * either side of the own-community split and in any order of indices, and
 * on a generated (CSR) graph too. */
#include <stdlib.h>

#include "check.h"
#include "engine/rng.h"
#include "model/graph.h"

static void build(struct graph *g, struct config *cfg, enum graph_source source)
{
    config_init(cfg, 4);
    cfg->graph.source = source;
    cfg->accounts = 50000;
    cfg->homophily = 0.5;
    cfg->roles[ROLE_USER].followers.median = 30.0;
    cfg->roles[ROLE_BLOGGER].count = 100;
    cfg->roles[ROLE_BLOGGER].followers.median = 2000.0;
    gsl_rng *r = rng_new(7, RNG_STREAM_GRAPH);
    graph_build(g, cfg, r);
    rng_free(r);
}

/* Looks up every index of u's audience through one map, in the order
 * descending, then ascending, then again in a stride across the split, and
 * checks each against a single lookup. Returns the audience size. */
static uint32_t check_map_against_lookups(const struct graph *g, account_id u)
{
    struct audience a = graph_audience(g, u);
    struct follower_map map;
    follower_map_init(&map, g, u, &a);
    for (uint32_t k = 0; k < a.count; k++) {
        uint32_t i = a.count - 1 - k;
        CHECK(follower_map_at(&map, i) == graph_follower(g, u, &a, i));
    }
    for (uint32_t i = 0; i < a.count; i++) {
        account_id v = follower_map_at(&map, i);
        CHECK(v == graph_follower(g, u, &a, i));
        CHECK(v != u && v < g->accounts);
    }
    for (uint32_t i = 0; a.count > 0 && i < 3 * a.count; i += 7) {
        uint32_t j = i % a.count;
        CHECK(follower_map_at(&map, j) == graph_follower(g, u, &a, j));
    }
    return a.count;
}

static void follower_map_agrees_with_single_lookups_on_an_implicit_graph(void)
{
    struct config cfg;
    struct graph g;
    build(&g, &cfg, GRAPH_IMPLICIT);
    uint64_t seen = 0;
    bool split = false;
    /* The bloggers (the largest audiences, both sides of the split) and a
     * spread of users. */
    for (account_id u = 0; u < g.accounts; u += 997) {
        seen += check_map_against_lookups(&g, u);
        struct audience a = graph_audience(&g, u);
        split = split || (a.own > 0 && a.own < a.count);
    }
    for (uint32_t c = 0; c < cfg.communities; c++) {
        size_t cell = (size_t)c * ROLE_COUNT + ROLE_BLOGGER;
        for (account_id u = g.cell_start[cell]; u < g.cell_start[cell + 1]; u++) {
            seen += check_map_against_lookups(&g, u);
        }
    }
    CHECK(seen > 100000 && split);
    graph_destroy(&g);
    config_destroy(&cfg);
}

static void follower_map_agrees_with_single_lookups_on_a_generated_graph(void)
{
    struct config cfg;
    struct graph g;
    build(&g, &cfg, GRAPH_GENERATED);
    uint64_t seen = 0;
    for (account_id u = 0; u < g.accounts; u += 101) {
        seen += check_map_against_lookups(&g, u);
    }
    CHECK(seen > 10000);
    graph_destroy(&g);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(follower_map_agrees_with_single_lookups_on_an_implicit_graph);
    RUN_CASE(follower_map_agrees_with_single_lookups_on_a_generated_graph);
    return CHECK_EXIT();
}
