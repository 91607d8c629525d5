/* Unit tests for model/graph_file.c: roles by follower count or from the
 * attribute file, communities, the cell layout after renumbering, and the
 * CSR built from an edge list (every edge once, duplicates and self-loops
 * dropped). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "base/alloc.h"
#include "engine/rng.h"
#include "io/edgelist.h"
#include "io/model_message.h"
#include "model/graph.h"

static bool read_data(const char *name, struct edge_list *el)
{
    char path[1024];
    struct error err;
    fixture_data_path(name, path, sizeof path);
    int status = edgelist_read(path, false, false, el, &err);
    if (status != STATUS_OK) {
        fprintf(stderr, "  %s\n", err.message);
    }
    return status == STATUS_OK;
}

/* A config for a file graph with the given communities and role counts
 * (media, influencer, blogger, site, bot, factchecker). */
static void file_config(struct config *cfg, uint32_t communities, const uint32_t counts[6])
{
    config_init(cfg, communities);
    cfg->graph.source = GRAPH_FILE;
    cfg->accounts = 0;
    const enum role roles[6] = {ROLE_MEDIA, ROLE_INFLUENCER, ROLE_BLOGGER,
                                ROLE_SITE,  ROLE_BOT,        ROLE_FACTCHECKER};
    for (int i = 0; i < 6; i++) {
        cfg->roles[roles[i]].count = counts ? counts[i] : 0;
    }
}

/* The new id of every dense id: the layout sorts accounts by (community,
 * role, dense id), so knowing each account's role and community is enough
 * to recompute it. */
static uint32_t *new_ids(const struct graph *g, const uint8_t *role, const uint16_t *community,
                         uint32_t n)
{
    uint32_t *next = malloc((size_t)g->communities * ROLE_COUNT * sizeof *next);
    memcpy(next, g->cell_start, (size_t)g->communities * ROLE_COUNT * sizeof *next);
    uint32_t *ids = malloc(n * sizeof *ids);
    for (uint32_t u = 0; u < n; u++) {
        ids[u] = next[(size_t)community[u] * ROLE_COUNT + role[u]]++;
    }
    free(next);
    return ids;
}

static bool follows(const struct graph *g, account_id u, account_id v)
{
    for (uint64_t e = g->offsets[u]; e < g->offsets[u + 1]; e++) {
        if (g->followers[e] == v) {
            return true;
        }
    }
    return false;
}

/* The new id whose follower count and role make it the account with that
 * many followers: used where follower counts are all different. */
static account_id with_followers(const struct graph *g, uint32_t count)
{
    for (account_id u = 0; u < g->accounts; u++) {
        if (g->offsets[u + 1] - g->offsets[u] == count) {
            return u;
        }
    }
    return NO_ACCOUNT;
}

static void graph_file_top_accounts_by_followers_get_media_influencer_blogger(void)
{
    /* edges_ranked.txt: 5 has 4 followers, 2 and 7 have 3 (2 first), 9 has
     * 2, 1 has 1. */
    struct edge_list el;
    CHECK(read_data("edges_ranked.txt", &el));
    struct config cfg;
    const uint32_t counts[6] = {1, 1, 1, 0, 0, 0};
    file_config(&cfg, 1, counts);
    gsl_rng *r = rng_new(1, RNG_STREAM_GRAPH);
    struct graph g;
    CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
    CHECK(g.source == GRAPH_FILE && g.accounts == 5 && graph_check(&g) == 0);
    /* Users, bloggers, influencers, media: in the enum's order of cells. */
    const uint8_t role[5] = {ROLE_MEDIA, ROLE_USER, ROLE_INFLUENCER, ROLE_BLOGGER, ROLE_USER};
    const uint16_t community[5] = {0};
    uint32_t *ids = new_ids(&g, role, community, 5);
    for (uint32_t u = 0; u < 5; u++) {
        CHECK(graph_role(&g, ids[u]) == role[u]);
    }
    CHECK(g.offsets[ids[0] + 1] - g.offsets[ids[0]] == 4);
    CHECK(g.offsets[ids[2] + 1] - g.offsets[ids[2]] == 3);
    CHECK(g.offsets[ids[3] + 1] - g.offsets[ids[3]] == 3);
    CHECK(g.offsets[ids[4] + 1] - g.offsets[ids[4]] == 2);
    free(ids);
    graph_destroy(&g);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_random_roles_go_to_the_accounts_the_top_roles_leave(void)
{
    struct edge_list el;
    CHECK(read_data("edges_ranked.txt", &el));
    struct config cfg;
    const uint32_t counts[6] = {1, 0, 0, 1, 2, 1}; /* media, then site, 2 bots, factchecker */
    file_config(&cfg, 1, counts);
    for (uint64_t seed = 1; seed <= 20; seed++) {
        gsl_rng *r = rng_new(seed, RNG_STREAM_GRAPH);
        struct graph g;
        CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
        uint32_t per_role[ROLE_COUNT] = {0};
        for (account_id u = 0; u < g.accounts; u++) {
            per_role[graph_role(&g, u)]++;
        }
        CHECK(per_role[ROLE_MEDIA] == 1 && per_role[ROLE_SITE] == 1 && per_role[ROLE_BOT] == 2);
        CHECK(per_role[ROLE_FACTCHECKER] == 1 && per_role[ROLE_USER] == 0);
        CHECK(graph_role(&g, with_followers(&g, 4)) == ROLE_MEDIA);
        graph_destroy(&g);
        rng_free(r);
    }
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_roles_and_communities_come_from_the_attribute_file(void)
{
    struct edge_list el;
    CHECK(read_data("edges_small.txt", &el));
    char path[1024];
    struct error err;
    fixture_data_path("attributes_small.txt", path, sizeof path);
    CHECK(edgelist_read_attributes(path, &el, 2, &err) == STATUS_OK);
    struct config cfg;
    file_config(&cfg, 2, NULL);
    gsl_rng *r = rng_new(1, RNG_STREAM_GRAPH);
    struct graph g;
    CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
    CHECK(graph_check(&g) == 0 && g.communities == 2);
    uint32_t *ids = new_ids(&g, el.role, el.community, el.vertices);
    /* Dense ids: 1000 (media, 1), 2000, 3000 (factchecker), 42 (bot), 7. */
    CHECK(graph_role(&g, ids[0]) == ROLE_MEDIA && graph_community(&g, ids[0]) == 1);
    CHECK(graph_role(&g, ids[2]) == ROLE_FACTCHECKER && graph_community(&g, ids[2]) == 0);
    CHECK(graph_role(&g, ids[3]) == ROLE_BOT && graph_community(&g, ids[3]) == 0);
    CHECK(graph_role(&g, ids[1]) == ROLE_USER && graph_role(&g, ids[4]) == ROLE_USER);
    CHECK(graph_community_start(&g, 1) == 4 && graph_community_end(&g, 1) == 5);
    free(ids);
    graph_destroy(&g);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_cells_are_contiguous_in_community_then_role_order(void)
{
    /* A ring of 2000 accounts with random roles and three communities. */
    uint32_t n = 2000;
    struct edge_list el = {.vertices = n, .edges = n};
    el.from = malloc(n * sizeof *el.from);
    el.to = malloc(n * sizeof *el.to);
    el.original_id = malloc(n * sizeof *el.original_id);
    for (uint32_t u = 0; u < n; u++) {
        el.from[u] = u;
        el.to[u] = (u + 1) % n;
        el.original_id[u] = u;
    }
    struct config cfg;
    const uint32_t counts[6] = {3, 10, 40, 5, 100, 2};
    file_config(&cfg, 3, counts);
    cfg.community_weights[0] = 1.0;
    cfg.community_weights[1] = 2.0;
    cfg.community_weights[2] = 5.0;
    gsl_rng *r = rng_new(7, RNG_STREAM_GRAPH);
    struct graph g;
    CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
    CHECK(graph_check(&g) == 0);
    bool ordered = true;
    uint32_t per_role[ROLE_COUNT] = {0};
    for (account_id u = 0; u < g.accounts; u++) {
        per_role[graph_role(&g, u)]++;
        if (u > 0) {
            uint32_t previous = graph_cell(&g, u - 1);
            ordered = ordered && graph_cell(&g, u) >= previous;
        }
    }
    CHECK(ordered);
    CHECK(per_role[ROLE_MEDIA] == 3 && per_role[ROLE_BOT] == 100 && per_role[ROLE_BLOGGER] == 40);
    /* 2000 draws: community 2 holds 5/8 of them, give or take 5 standard
     * deviations (sqrt(2000 * 5/8 * 3/8) = 21.7). */
    double share = (double)(graph_community_end(&g, 2) - graph_community_start(&g, 2));
    CHECK_NEAR(share, 1250.0, 110.0);
    graph_destroy(&g);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_holds_every_edge_exactly_once_after_renumbering(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_data("edges_small.txt", &el));
    char path[1024];
    fixture_data_path("attributes_small.txt", path, sizeof path);
    CHECK(edgelist_read_attributes(path, &el, 2, &err) == STATUS_OK);
    struct config cfg;
    file_config(&cfg, 2, NULL);
    gsl_rng *r = rng_new(3, RNG_STREAM_GRAPH);
    struct graph g;
    CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
    uint32_t *ids = new_ids(&g, el.role, el.community, el.vertices);
    /* The file's distinct edges, by original id; "1000 2000" appears twice. */
    const uint64_t edges[6][2] = {{1000, 2000}, {1000, 3000}, {2000, 3000},
                                  {3000, 1000}, {42, 1000},   {7, 42}};
    uint32_t dense[6][2];
    for (int e = 0; e < 6; e++) {
        for (int side = 0; side < 2; side++) {
            dense[e][side] = NO_ACCOUNT;
            for (uint32_t v = 0; v < el.vertices; v++) {
                if (el.original_id[v] == edges[e][side]) {
                    dense[e][side] = v;
                }
            }
        }
        CHECK(follows(&g, ids[dense[e][0]], ids[dense[e][1]]));
    }
    CHECK(graph_edges(&g) == 6);
    /* Rows are sorted and hold no repeats, so each edge is there once. */
    bool sorted = true;
    for (account_id u = 0; u < g.accounts; u++) {
        for (uint64_t e = g.offsets[u] + 1; e < g.offsets[u + 1]; e++) {
            sorted = sorted && g.followers[e - 1] < g.followers[e];
        }
    }
    CHECK(sorted);
    free(ids);
    graph_destroy(&g);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_drops_duplicate_edges_and_self_loops(void)
{
    uint32_t from[] = {0, 0, 1, 1, 2, 0, 2, 2, 0};
    uint32_t to[] = {1, 1, 1, 2, 0, 2, 0, 0, 1};
    uint64_t original[] = {10, 11, 12};
    struct edge_list el = {
        .vertices = 3, .edges = 9, .from = from, .to = to, .original_id = original};
    struct config cfg;
    file_config(&cfg, 1, NULL);
    gsl_rng *r = rng_new(1, RNG_STREAM_GRAPH);
    struct graph g;
    CHECK(graph_from_edges(&g, &cfg, &el, r, NULL) == STATUS_OK);
    CHECK(graph_check(&g) == 0);
    /* Distinct edges without loops: 0->1, 0->2, 1->2, 2->0; all users, so
     * the new ids are the dense ids. */
    CHECK(graph_edges(&g) == 4);
    CHECK(follows(&g, 0, 1) && follows(&g, 0, 2) && follows(&g, 1, 2) && follows(&g, 2, 0));
    CHECK(!follows(&g, 1, 1) && !follows(&g, 1, 0));
    graph_destroy(&g);
    rng_free(r);
    config_destroy(&cfg);
}

static void graph_file_role_counts_above_the_accounts_are_refused(void)
{
    struct edge_list el;
    CHECK(read_data("edges_ranked.txt", &el));
    struct config cfg;
    const uint32_t counts[6] = {2, 0, 1, 0, 3, 0};
    file_config(&cfg, 1, counts);
    cfg.graph.path = xstrdup("data/ranked.txt");
    gsl_rng *r = rng_new(1, RNG_STREAM_GRAPH);
    struct graph g;
    struct error err;
    struct model_failure failure;
    CHECK(graph_from_edges(&g, &cfg, &el, r, &failure) == STATUS_BAD_INPUT);
    CHECK(model_message_failure(&failure, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "/population/roles: expected role counts summing to at most 5 "
                              "(the accounts in data/ranked.txt), got 6 (blogger 1, media 2, "
                              "bot 3)") == 0);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_counts_beside_attribute_roles_are_refused(void)
{
    struct edge_list el;
    CHECK(read_data("edges_small.txt", &el));
    char path[1024];
    struct error err;
    fixture_data_path("attributes_small.txt", path, sizeof path);
    CHECK(edgelist_read_attributes(path, &el, 2, &err) == STATUS_OK);
    struct config cfg;
    const uint32_t counts[6] = {0, 0, 0, 0, 4, 0};
    file_config(&cfg, 2, counts);
    cfg.graph.attributes = xstrdup("roles.txt");
    gsl_rng *r = rng_new(1, RNG_STREAM_GRAPH);
    struct graph g;
    struct model_failure failure;
    CHECK(graph_from_edges(&g, &cfg, &el, r, &failure) == STATUS_BAD_INPUT);
    CHECK(model_message_failure(&failure, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "/population/roles/bot/count: expected no count when roles come "
                              "from the attribute file roles.txt, got 4") == 0);
    rng_free(r);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

static void graph_file_same_seed_gives_the_same_graph(void)
{
    struct edge_list el;
    CHECK(read_data("edges_small.txt", &el));
    struct config cfg;
    const uint32_t counts[6] = {0, 0, 1, 1, 1, 0};
    file_config(&cfg, 2, counts);
    struct graph a;
    struct graph b;
    gsl_rng *r = rng_new(9, RNG_STREAM_GRAPH);
    CHECK(graph_from_edges(&a, &cfg, &el, r, NULL) == STATUS_OK);
    rng_free(r);
    r = rng_new(9, RNG_STREAM_GRAPH);
    CHECK(graph_from_edges(&b, &cfg, &el, r, NULL) == STATUS_OK);
    rng_free(r);
    size_t cells = (size_t)cfg.communities * ROLE_COUNT + 1;
    CHECK(memcmp(a.cell_start, b.cell_start, cells * sizeof *a.cell_start) == 0);
    CHECK(memcmp(a.offsets, b.offsets, (a.accounts + 1) * sizeof *a.offsets) == 0);
    CHECK(memcmp(a.followers, b.followers, graph_edges(&a) * sizeof *a.followers) == 0);
    graph_destroy(&a);
    graph_destroy(&b);
    config_destroy(&cfg);
    edge_list_destroy(&el);
}

int main(void)
{
    RUN_CASE(graph_file_top_accounts_by_followers_get_media_influencer_blogger);
    RUN_CASE(graph_file_random_roles_go_to_the_accounts_the_top_roles_leave);
    RUN_CASE(graph_file_roles_and_communities_come_from_the_attribute_file);
    RUN_CASE(graph_file_cells_are_contiguous_in_community_then_role_order);
    RUN_CASE(graph_file_holds_every_edge_exactly_once_after_renumbering);
    RUN_CASE(graph_file_drops_duplicate_edges_and_self_loops);
    RUN_CASE(graph_file_role_counts_above_the_accounts_are_refused);
    RUN_CASE(graph_file_counts_beside_attribute_roles_are_refused);
    RUN_CASE(graph_file_same_seed_gives_the_same_graph);
    return CHECK_EXIT();
}
