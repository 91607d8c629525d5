/* Account selection by followers: each matching account is drawn with
 * probability proportional to its followers (checked by chi-square over many
 * replicates' plans), a draw of several accounts has no repeats, and an
 * account nobody follows is never drawn. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_cdf.h>

#include "check.h"
#include "model/campaign.h"
#include "model/simulate.h"

/* 40 bloggers with lognormal followers (median 50, sigma 1: from a few to a
 * few hundred), on a platform of 5,000 accounts. */
static void bloggers_config(struct config *cfg, uint32_t count)
{
    config_init(cfg, 1);
    cfg->accounts = 5000;
    cfg->duration_h = 24.0;
    cfg->roles[ROLE_BLOGGER].count = 40;
    cfg->roles[ROLE_BLOGGER].followers =
        (struct follower_dist){.kind = FOLLOWERS_LOGNORMAL, .median = 50.0, .sigma = 1.0};
    config_add_story(cfg, "rumour");
    struct action_config *a = config_add_action(cfg);
    a->select.role = ROLE_BLOGGER;
    a->select.count = count;
    a->select.pick = PICK_FOLLOWERS;
}

/* One account a replicate, 40,000 replicates: the counts per blogger against
 * 40,000 x followers / total. The statistic is chi-square with 39 degrees of
 * freedom (every expected count is far above 5); the bound is its 1 - 1e-6
 * quantile, so a correct sampler fails once in a million seeds. */
static void one_account_is_drawn_in_proportion_to_its_followers(void)
{
    enum { DRAWS = 40000 };
    struct config cfg;
    bloggers_config(&cfg, 1);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace ws;
    workspace_init(&ws, &w);
    const struct candidates *cand = &w.candidates[0];
    CHECK(cand->total == 40 && cand->range_count == 1);
    account_id first = cand->range_start[0];
    double followers[40], total = 0.0, seen[40] = {0};
    for (uint32_t i = 0; i < 40; i++) {
        followers[i] = graph_audience(&w.graph, first + i).count;
        total += followers[i];
    }
    for (uint32_t d = 0; d < DRAWS; d++) {
        CHECK(campaign_choose_accounts(&ws, cand, &cfg.actions[0].select) == 1);
        uint32_t i = ws.plan.picks[0] - first;
        CHECK(i < 40);
        seen[i] += 1.0;
    }
    double chi2 = 0.0;
    for (uint32_t i = 0; i < 40; i++) {
        double want = DRAWS * followers[i] / total;
        CHECK(followers[i] > 0.0 || seen[i] == 0.0);
        if (want > 0.0) {
            chi2 += (seen[i] - want) * (seen[i] - want) / want;
        }
    }
    CHECK(chi2 < gsl_cdf_chisq_Qinv(1e-6, 39.0));
    workspace_destroy(&ws);
    world_destroy(&w);
    config_destroy(&cfg);
}

/* Twenty of forty: twenty distinct accounts, sorted, every time. */
static void several_accounts_are_drawn_without_repeats(void)
{
    struct config cfg;
    bloggers_config(&cfg, 20);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    struct workspace ws;
    workspace_init(&ws, &w);
    for (int d = 0; d < 1000; d++) {
        CHECK(campaign_choose_accounts(&ws, &w.candidates[0], &cfg.actions[0].select) == 20);
        for (int j = 1; j < 20; j++) {
            CHECK(ws.plan.picks[j] > ws.plan.picks[j - 1]);
        }
    }
    workspace_destroy(&ws);
    world_destroy(&w);
    config_destroy(&cfg);
}

/* Bloggers followed by nobody cannot be drawn by followers: asking for one
 * is refused when the world is built, naming the accounts that can be. */
static void a_selection_of_accounts_nobody_follows_is_refused(void)
{
    struct config cfg;
    bloggers_config(&cfg, 1);
    cfg.roles[ROLE_BLOGGER].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 0};
    struct world w;
    struct model_failure why;
    CHECK(world_init(&w, &cfg, NULL, &why) == STATUS_BAD_INPUT);
    CHECK(why.kind == MODEL_FAILURE_ACTION_SELECTS_TOO_MANY && why.value[1] == 0);
    world_destroy(&w);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(one_account_is_drawn_in_proportion_to_its_followers);
    RUN_CASE(several_accounts_are_drawn_without_repeats);
    RUN_CASE(a_selection_of_accounts_nobody_follows_is_refused);
    return CHECK_EXIT();
}
