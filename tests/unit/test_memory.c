/* The memory estimate: each part follows what the run allocates. */
#include <math.h>
#include <stdlib.h>

#include "check.h"
#include "model/config.h"
#include "model/memory.h"

/* A scenario of `accounts` users with exactly `followers` followers each. */
static void fixed_scenario(struct config *cfg, uint32_t accounts, double followers)
{
    config_init(cfg, 1);
    cfg->accounts = accounts;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg->roles[r].count = 0;
        cfg->roles[r].followers =
            (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = followers};
    }
    config_add_story(cfg, "rumour");
    config_add_action(cfg);
}

static void memory_generated_graph_is_four_bytes_an_edge_plus_offsets(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 1000000, 50);
    struct memory_estimate est;
    memory_estimate(&cfg, 1, 0, &est);
    /* 50M edges x 4 bytes, offsets and ranking 16 bytes an account. */
    double expected = 50e6 * 4 + 16e6;
    CHECK(est.graph >= expected && est.graph < expected * 1.01);
    CHECK(est.total > est.graph + est.per_thread);
    config_destroy(&cfg);
}

static void memory_followers_are_capped_at_the_other_accounts(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 100, 1e6);
    struct memory_estimate est;
    memory_estimate(&cfg, 1, 0, &est);
    CHECK(est.graph < 100 * 99 * 4 + 100 * 16 + 100000);
    config_destroy(&cfg);
}

/* The generator takes at most a community's other members from it: with
 * full homophily, 1,000 accounts in 10 communities, each wanting 999
 * followers, get 99 each (graph.c, generate_csr). */
static void memory_generated_edges_stop_at_the_community_sizes(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 1000, 999);
    config_destroy(&cfg);
    config_init(&cfg, 10);
    cfg.accounts = 1000;
    cfg.homophily = 1.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg.roles[r].count = 0;
        cfg.roles[r].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 999};
    }
    config_add_story(&cfg, "rumour");
    config_add_action(&cfg);
    struct memory_estimate est;
    memory_estimate(&cfg, 1, 0, &est);
    double edges = 1000.0 * 99.0;
    CHECK(est.graph >= 4.0 * edges && est.graph < 4.0 * edges + 16.0 * 1000 + 100000);
    config_destroy(&cfg);
}

static void memory_implicit_graph_costs_nothing_per_account(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 600000000, 100);
    cfg.graph.source = GRAPH_IMPLICIT;
    struct memory_estimate est;
    memory_estimate(&cfg, 1, 0, &est);
    CHECK(est.graph < 1e6);
    /* A seen bit per (account, story), 75 MB for one story (reinforcement
     * 1), and the event loop's buffers for a platform this large: 601,600
     * posts of 44 bytes in the cascade forest (26 MB) and a set of 2^21
     * sharers' slots (18 MB); the calendar, streams and batch, with 1/7 of
     * the posts live at once (a 24 h reach over 168 h), and the reach log,
     * 16 MB. Not ring x the busiest slice (222 MB before the calendar drew
     * its storage from chunks). */
    CHECK(est.per_thread >= 75e6 + 601600 * 44.0 + 9.0 * ((1 << 21) - 65536));
    CHECK(est.per_thread < 75e6 + 601600 * 44.0 + 9.0 * ((1 << 21) - 65536) + 20e6);
    config_destroy(&cfg);
}

static void memory_per_thread_state_counts_threads_up_to_the_replicates(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 10000000, 10);
    cfg.graph.source = GRAPH_IMPLICIT;
    cfg.replicates = 3;
    struct memory_estimate one, many;
    memory_estimate(&cfg, 1, 0, &one);
    memory_estimate(&cfg, 64, 0, &many);
    CHECK(many.threads == 3);
    CHECK_NEAR(many.total - one.total, 2 * one.per_thread, 1.0);
    config_destroy(&cfg);
}

static void memory_observations_grow_with_replicates_and_bins(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 1000, 10);
    struct memory_estimate few, more;
    cfg.replicates = 10;
    memory_estimate(&cfg, 1, 0, &few);
    cfg.replicates = 1000;
    memory_estimate(&cfg, 1, 0, &more);
    /* bins x keys x 3 measures x 8 bytes a replicate. */
    double bins = ceil(cfg.duration_h / cfg.bin_h);
    double keys = 1 + 3 + 8 + 1;
    CHECK_NEAR(more.observations - few.observations, 990 * bins * keys * 3 * 8,
               990 * 200.0); /* the per-story figures a replicate keeps besides */
    config_destroy(&cfg);
}

static void memory_file_graph_follows_the_edge_list_size(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 0, 10);
    cfg.graph.source = GRAPH_FILE;
    struct memory_estimate small, large;
    memory_estimate(&cfg, 1, 1000000, &small);
    memory_estimate(&cfg, 1, 100000000, &large);
    CHECK(large.graph > 50 * small.graph);
    CHECK(large.graph > 1e8 && large.graph < 1e9);
    config_destroy(&cfg);
}

/* A file graph keeps every account's id as written (8 bytes each) beside
 * the edge list's peak (24 bytes an edge); the accounts are at most two a
 * ~10-byte line. */
static void memory_file_graph_counts_the_original_ids(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 0, 10);
    cfg.graph.source = GRAPH_FILE;
    struct memory_estimate small, large;
    memory_estimate(&cfg, 1, 1000000, &small);
    memory_estimate(&cfg, 1, 2000000, &large);
    double lines = 1000000.0 / 10.0;
    CHECK_NEAR(large.graph - small.graph, lines * 24.0 + 2.0 * lines * 8.0, 1.0);
    config_destroy(&cfg);
}

static void memory_is_never_nan_nor_negative(void)
{
    struct config cfg;
    fixed_scenario(&cfg, 1000, 10);
    cfg.roles[ROLE_USER].followers =
        (struct follower_dist){.kind = FOLLOWERS_LOGNORMAL, .median = 1e300, .sigma = 1e200};
    struct memory_estimate est;
    memory_estimate(&cfg, 1, 0, &est);
    CHECK(est.graph >= 0 && est.per_thread >= 0 && est.observations >= 0 && est.total >= 0);
    CHECK(!isnan(est.total) && !isnan(est.graph));
    /* At most accounts - 1 followers each: the graph stays small. */
    CHECK(est.graph < 1e7);
    cfg.duration_h = 1e300;
    cfg.bin_h = 1e-300;
    memory_estimate(&cfg, 1, 0, &est);
    CHECK(!isnan(est.total) && est.total > 0 && est.observations > 0);
    config_destroy(&cfg);
}

static void memory_counts_the_mixing_matrix(void)
{
    struct config cfg;
    config_init(&cfg, 4096);
    cfg.accounts = 100000;
    config_add_story(&cfg, "rumour");
    config_add_action(&cfg);
    struct memory_estimate without;
    memory_estimate(&cfg, 1, 0, &without);
    /* The generator's rows, 4096² doubles (128 MiB), and their alias
     * tables, 16 bytes an entry. */
    CHECK(without.graph >= 24.0 * 4096 * 4096);
    cfg.mixing = malloc((size_t)4096 * 4096 * sizeof *cfg.mixing);
    for (size_t i = 0; i < (size_t)4096 * 4096; i++) {
        cfg.mixing[i] = 1.0; /* the followers as the homophily of 0 draws them */
    }
    struct memory_estimate with;
    memory_estimate(&cfg, 1, 0, &with);
    /* Its copy in the config, 128 MiB more (the edges differ by a little:
     * uniform rows cut the own community a little differently). */
    CHECK(with.graph >= without.graph + 0.99 * 8.0 * 4096 * 4096);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(memory_generated_graph_is_four_bytes_an_edge_plus_offsets);
    RUN_CASE(memory_followers_are_capped_at_the_other_accounts);
    RUN_CASE(memory_generated_edges_stop_at_the_community_sizes);
    RUN_CASE(memory_implicit_graph_costs_nothing_per_account);
    RUN_CASE(memory_per_thread_state_counts_threads_up_to_the_replicates);
    RUN_CASE(memory_observations_grow_with_replicates_and_bins);
    RUN_CASE(memory_file_graph_follows_the_edge_list_size);
    RUN_CASE(memory_file_graph_counts_the_original_ids);
    RUN_CASE(memory_is_never_nan_nor_negative);
    RUN_CASE(memory_counts_the_mixing_matrix);
    return CHECK_EXIT();
}
