/* The workspace: reset makes a replicate independent of the ones run before
 * it on the same workspace; the sharers as bits or as a set give the same
 * replicates; workspace_check holds on a fresh workspace and
 * notices a broken cascade forest or suspension list; a view's payload
 * round-trips through view_key.h. */
#include <string.h>

#include "check.h"
#include "model/simulate.h"
#include "model/view_key.h"

static void small_config(struct config *cfg)
{
    config_init(cfg, 2);
    cfg->accounts = 3000;
    cfg->duration_h = 24.0;
    cfg->visibility = 0.5;
    cfg->roles[ROLE_USER].share_prob = 0.05;
    cfg->roles[ROLE_BOT].count = 50;
    cfg->roles[ROLE_BOT].followers.median = 40.0;
    cfg->recommender.enabled = true;
    config_add_story(cfg, "rumour");
    struct action_config *a = config_add_action(cfg);
    a->at_h = 1.0;
    a->select.role = ROLE_BOT;
    a->select.count = 20;
    a->select.pick = PICK_RANDOM;
    a->jitter_h = 5.0;
}

static int same_counts(const struct observation *a, const struct observation *b)
{
    size_t cells = (size_t)a->stories * a->bins * a->keys * MEASURE_COUNT;
    return memcmp(a->counts, b->counts, cells * sizeof *a->counts) == 0 && a->events == b->events &&
           a->reach_any == b->reach_any;
}

static void workspace_reset_makes_a_replicate_independent_of_earlier_ones(void)
{
    struct config cfg;
    small_config(&cfg);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace fresh, used;
    workspace_init(&fresh, &w);
    workspace_init(&used, &w);
    struct observation a, b;
    observation_init(&a, &cfg);
    observation_init(&b, &cfg);
    simulate(&used, cfg.seed, 0, &b);
    simulate(&used, cfg.seed, 2, &b);
    simulate(&used, cfg.seed, 1, &b);
    simulate(&fresh, cfg.seed, 1, &a);
    CHECK(a.events > 0);
    CHECK(same_counts(&a, &b));
    CHECK(workspace_check(&used) == 0);
    observation_destroy(&a);
    observation_destroy(&b);
    workspace_destroy(&fresh);
    workspace_destroy(&used);
    world_destroy(&w);
    config_destroy(&cfg);
}

static void sharers_as_bits_or_as_a_set_give_the_same_replicates(void)
{
    struct config cfg;
    small_config(&cfg);
    cfg.roles[ROLE_USER].share_prob = 0.2; /* many sharers, and many views of sharers */
    CHECK(cfg.reinforcement == 1.0);       /* so the seen bits, and the sharers apart */
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace bits, set;
    workspace_init(&bits, &w);
    w.shared_bits_max = 0; /* every population is too large for bits */
    workspace_init(&set, &w);
    CHECK(bits.marks.shared != NULL && set.marks.shared == NULL);
    struct observation a, b;
    observation_init(&a, &cfg);
    observation_init(&b, &cfg);
    for (uint32_t r = 0; r < 3; r++) {
        simulate(&bits, cfg.seed, r, &a);
        simulate(&set, cfg.seed, r, &b);
        CHECK(a.events > 0);
        CHECK(same_counts(&a, &b));
    }
    observation_destroy(&a);
    observation_destroy(&b);
    workspace_destroy(&bits);
    workspace_destroy(&set);
    world_destroy(&w);
    config_destroy(&cfg);
}

static void workspace_check_holds_on_a_fresh_workspace(void)
{
    struct config cfg;
    small_config(&cfg);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace ws;
    workspace_init(&ws, &w);
    CHECK(workspace_check(&ws) == 0);
    workspace_destroy(&ws);
    world_destroy(&w);
    config_destroy(&cfg);
}

static void workspace_check_notices_a_broken_forest_or_suspension_list(void)
{
    struct config cfg;
    small_config(&cfg);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace ws;
    workspace_init(&ws, &w);
    workspace_reset(&ws);
    uint32_t root = cascade_add(&ws.cascade, NO_NODE, 7, 0, 1.0, -1);
    uint32_t child = cascade_add(&ws.cascade, root, 8, 0, 2.0, -1);
    CHECK(ws.cascade.nodes[child].depth == 1);
    CHECK(workspace_check(&ws) == 0);
    ws.cascade.nodes[root].parent = child; /* a parent after its child */
    CHECK(workspace_check(&ws) != 0);
    ws.cascade.nodes[root].parent = NO_NODE;
    ws.suspended.ids[0] = 9;
    ws.suspended.ids[1] = 4;
    ws.suspended.count = 2;
    CHECK(workspace_check(&ws) != 0);
    workspace_destroy(&ws);
    world_destroy(&w);
    config_destroy(&cfg);
}

static void view_key_round_trips_every_field(void)
{
    uint64_t key =
        view_key_pack(0xFFFFFFFEu, 0xFFFFu, CHANNEL_RECOMMENDER, POSTER_PLATFORM, ROLE_FACTCHECKER);
    CHECK(view_key_node(key) == 0xFFFFFFFEu);
    CHECK(view_key_story(key) == 0xFFFFu);
    CHECK(view_key_channel(key) == CHANNEL_RECOMMENDER);
    CHECK(view_key_poster_role(key) == POSTER_PLATFORM);
    CHECK(view_key_source_role(key) == ROLE_FACTCHECKER);
    key = view_key_pack(NO_NODE, 3, CHANNEL_SITE, ROLE_SITE, ROLE_USER);
    CHECK(view_key_node(key) == NO_NODE && view_key_story(key) == 3);
    CHECK(view_key_channel(key) == CHANNEL_SITE && view_key_poster_role(key) == ROLE_SITE);
    CHECK(view_key_source_role(key) == ROLE_USER);
}

int main(void)
{
    RUN_CASE(workspace_reset_makes_a_replicate_independent_of_earlier_ones);
    RUN_CASE(sharers_as_bits_or_as_a_set_give_the_same_replicates);
    RUN_CASE(workspace_check_holds_on_a_fresh_workspace);
    RUN_CASE(workspace_check_notices_a_broken_forest_or_suspension_list);
    RUN_CASE(view_key_round_trips_every_field);
    return CHECK_EXIT();
}
