/* Attribution (cascade_attribute): each replicate ranks the accounts that
 * posted or shared by the views their posts drew, which is what compare's
 * default resilience suspends. On a platform where every follower sees every
 * post and nobody reshares, an account's posts draw exactly its followers,
 * so the ranking is known; with reshares and the recommender on, the ranked
 * views and the recommended ones add up to all views; and a study's listed
 * suspension removes the ranked accounts of its own replicate only. */
#include <stdlib.h>
#include <string.h>

#include "batch/study.h"
#include "check.h"
#include "fixture.h"
#include "model/simulate.h"

/* Posters of three sizes (media 2 x 900, influencers 3 x 300, bots 5 x 60
 * followers, fixed), everyone seen, nothing reshared or recommended. */
static void known(struct config *cfg)
{
    config_init(cfg, 1);
    cfg->accounts = 3000;
    cfg->duration_h = 24.0;
    cfg->bin_h = 1.0;
    cfg->visibility = 1.0;
    cfg->lifetime.h = 20.0;
    cfg->delay.kind = DELAY_UNIFORM;
    cfg->delay.max_h = 1.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg->roles[r].share_prob = 0.0;
        cfg->roles[r].activity = 1.0;
        cfg->roles[r].followers.kind = FOLLOWERS_FIXED;
        cfg->roles[r].followers.median = 10.0;
    }
    static const struct {
        int role;
        uint32_t count;
        double followers;
    } posters[3] = {{ROLE_MEDIA, 2, 900.0}, {ROLE_INFLUENCER, 3, 300.0}, {ROLE_BOT, 5, 60.0}};
    config_add_story(cfg, "rumour");
    for (int p = 0; p < 3; p++) {
        cfg->roles[posters[p].role].count = posters[p].count;
        cfg->roles[posters[p].role].followers.median = posters[p].followers;
        struct action_config *a = config_add_action(cfg);
        a->at_h = 1.0 + p;
        a->select.role = posters[p].role;
        a->select.count = posters[p].count;
        a->select.pick = PICK_RANDOM;
    }
}

static void attribution_ranks_posters_by_the_views_their_posts_drew(void)
{
    struct config cfg;
    known(&cfg);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        observation_want_attribution(&f.obs, 20);
        fixture_sim_run(&f, 0);
        /* Ten accounts posted: all ranked, media first, bots last. */
        CHECK(f.obs.attribution_count == 10);
        const struct graph *g = &f.world.graph;
        uint64_t sum = 0;
        for (uint32_t i = 0; i < f.obs.attribution_count; i++) {
            account_id a = f.obs.attribution_accounts[i];
            int want = i < 2 ? ROLE_MEDIA : i < 5 ? ROLE_INFLUENCER : ROLE_BOT;
            CHECK(graph_role(g, a) == want);
            /* Everyone sees every post once: its views are its followers. */
            CHECK(f.obs.attribution_views[i] == graph_audience(g, a).count);
            CHECK(i == 0 || f.obs.attribution_views[i] <= f.obs.attribution_views[i - 1]);
            sum += f.obs.attribution_views[i];
        }
        CHECK(sum == (uint64_t)fixture_sim_total(&f, 0, MEASURE_VIEWS));
        CHECK(f.obs.attribution_views[0] == 900 && f.obs.attribution_views[9] == 60);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void attribution_keeps_only_the_top_ones_asked_for(void)
{
    struct config cfg;
    known(&cfg);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        observation_want_attribution(&f.obs, 3);
        fixture_sim_run(&f, 0);
        CHECK(f.obs.attribution_count == 3);
        CHECK(graph_role(&f.world.graph, f.obs.attribution_accounts[2]) == ROLE_INFLUENCER);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

/* Reshares and the recommender on: every view is drawn by a post (credited
 * to its poster) or recommended (credited to nobody). */
static void attributed_and_recommended_views_add_up_to_all_views(void)
{
    struct config cfg;
    known(&cfg);
    cfg.visibility = 0.5;
    cfg.roles[ROLE_USER].share_prob = 0.05;
    cfg.recommender.enabled = true;
    cfg.recommender.background_engagement = 5.0;
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        observation_want_attribution(&f.obs, cfg.accounts);
        fixture_sim_run(&f, 0);
        uint64_t credited = 0;
        for (uint32_t i = 0; i < f.obs.attribution_count; i++) {
            credited += f.obs.attribution_views[i];
        }
        double recommended =
            (double)observation_total(&f.obs, 0, KEY_CHANNEL(CHANNEL_RECOMMENDER), MEASURE_VIEWS);
        CHECK(f.obs.attribution_count > 10); /* users reshared */
        CHECK(recommended > 0.0);
        CHECK((double)credited + recommended == fixture_sim_total(&f, 0, MEASURE_VIEWS));
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

/* Replicate 0 suspends its list (the two media accounts, before they post):
 * their posts draw nothing; replicate 1's list is empty, so it runs as if
 * nothing were suspended. */
static void listed_suspension_suspends_its_own_replicates_accounts(void)
{
    struct config cfg, alt;
    known(&cfg);
    struct fixture_sim f;
    account_id media[2] = {0, 0};
    double views[2] = {0.0, 0.0};
    if (fixture_sim_init(&f, &cfg) == 0) {
        observation_want_attribution(&f.obs, 2);
        fixture_sim_run(&f, 1);
        views[1] = fixture_sim_total(&f, 0, MEASURE_VIEWS);
        fixture_sim_run(&f, 0);
        views[0] = fixture_sim_total(&f, 0, MEASURE_VIEWS);
        memcpy(media, f.obs.attribution_accounts, sizeof media);
    }
    fixture_sim_destroy(&f);
    uint32_t start[3] = {0, 2, 2};
    study_with_listed_suspension(&alt, &cfg, media, start, 2, 5, 0.5);
    if (fixture_sim_init(&f, &alt) == 0) {
        observation_want_attribution(&f.obs, 20);
        fixture_sim_run(&f, 0);
        CHECK(f.obs.attribution_count == 8);
        for (uint32_t i = 0; i < f.obs.attribution_count; i++) {
            CHECK(f.obs.attribution_accounts[i] != media[0]);
            CHECK(f.obs.attribution_accounts[i] != media[1]);
        }
        CHECK(fixture_sim_total(&f, 0, MEASURE_VIEWS) == views[0] - 2 * 900.0);
        fixture_sim_run(&f, 1);
        CHECK(f.obs.attribution_count == 10);
        CHECK(fixture_sim_total(&f, 0, MEASURE_VIEWS) == views[1]);
    }
    fixture_sim_destroy(&f);
    config_destroy(&alt);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(attribution_ranks_posters_by_the_views_their_posts_drew);
    RUN_CASE(attribution_keeps_only_the_top_ones_asked_for);
    RUN_CASE(attributed_and_recommended_views_add_up_to_all_views);
    RUN_CASE(listed_suspension_suspends_its_own_replicates_accounts);
    return CHECK_EXIT();
}
