/* The tree metrics measured on a replicate's cascade forest: structural
 * virality (Goel et al. 2016: the mean distance between pairs of posts) of
 * each story's largest tree, and the times from its root post to half and to
 * 90 % of its final number of posts. */
#include <math.h>

#include "check.h"
#include "model/cascade.h"
#include "model/config.h"
#include "model/observe.h"

static void one_story_config(struct config *cfg)
{
    config_init(cfg, 1);
    cfg->accounts = 100;
    cfg->duration_h = 24.0;
    config_add_story(cfg, "rumour");
}

/* A star of n posts (a root and n - 1 direct reshares): every pair of leaves
 * is 2 apart, each leaf 1 from the root, so the mean distance is
 * 2 (n - 1) / n; a chain of n posts has mean distance (n + 1) / 3. */
static void virality_of_a_star_and_of_a_chain_is_their_mean_pair_distance(void)
{
    struct config cfg;
    one_story_config(&cfg);
    struct observation obs;
    observation_init(&obs, &cfg);
    struct cascade c;
    cascade_init(&c, 4); /* grows while the trees are built */
    enum { N = 50 };
    uint32_t root = cascade_add(&c, NO_NODE, 0, 0, 0.0, -1);
    for (uint32_t i = 1; i < N; i++) {
        cascade_add(&c, root, i, 0, (double)i, -1);
    }
    cascade_measure_trees(&c, &obs);
    CHECK(obs.largest_tree[0] == N);
    CHECK(fabs(obs.virality[0] - 2.0 * (N - 1) / N) < 1e-12);

    c.count = 0;
    observation_clear(&obs);
    uint32_t parent = NO_NODE;
    for (uint32_t i = 0; i < N; i++) {
        parent = cascade_add(&c, parent, i, 0, (double)i, -1);
    }
    cascade_measure_trees(&c, &obs);
    CHECK(obs.largest_tree[0] == N);
    CHECK(fabs(obs.virality[0] - (N + 1) / 3.0) < 1e-9);
    cascade_destroy(&c);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

/* Ten posts at hours 2, 3, ..., 11 after a root at hour 1 (eleven posts):
 * the sixth post (k = ceil(11 / 2)) is at hour 6, 5 h after the root, and
 * the tenth (ceil(0.9 x 11)) at hour 10, 9 h after it. The larger tree
 * decides; a smaller one, even if earlier, does not. */
static void times_to_half_and_to_90_percent_are_read_on_the_largest_tree(void)
{
    struct config cfg;
    one_story_config(&cfg);
    struct observation obs;
    observation_init(&obs, &cfg);
    struct cascade c;
    cascade_init(&c, 16);
    uint32_t small = cascade_add(&c, NO_NODE, 90, 0, 0.0, -1);
    cascade_add(&c, small, 91, 0, 0.5, -1);
    uint32_t root = cascade_add(&c, NO_NODE, 0, 0, 1.0, -1);
    uint32_t prev = root;
    for (uint32_t i = 1; i <= 10; i++) {
        /* A chain and a star mixed: the order of publication is what counts. */
        prev = cascade_add(&c, i % 2 ? prev : root, i, 0, 1.0 + i, -1);
    }
    cascade_measure_trees(&c, &obs);
    CHECK(obs.largest_tree[0] == 11);
    CHECK(obs.tree_t50[0] == 5.0);
    CHECK(obs.tree_t90[0] == 9.0);
    cascade_destroy(&c);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

static void a_lone_post_takes_no_time_to_half_its_size(void)
{
    struct config cfg;
    one_story_config(&cfg);
    struct observation obs;
    observation_init(&obs, &cfg);
    struct cascade c;
    cascade_init(&c, 4);
    cascade_add(&c, NO_NODE, 3, 0, 7.0, -1);
    cascade_measure_trees(&c, &obs);
    CHECK(obs.largest_tree[0] == 1);
    CHECK(obs.tree_t50[0] == 0.0 && obs.tree_t90[0] == 0.0 && obs.virality[0] == 0.0);
    cascade_destroy(&c);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(virality_of_a_star_and_of_a_chain_is_their_mean_pair_distance);
    RUN_CASE(times_to_half_and_to_90_percent_are_read_on_the_largest_tree);
    RUN_CASE(a_lone_post_takes_no_time_to_half_its_size);
    return CHECK_EXIT();
}
