/* Each intervention changes what it should and nothing else: a takedown at T
 * leaves every count before T the same bytes; a label of factor 0 stops new
 * shares; a suspension removes exactly the selected accounts' later posts;
 * a demotion to 0 stops new exposures; triggers fire at the crossing plus
 * their delay; a correction changes those who viewed it and a prebunk its
 * audience, on the stories they act on and no others. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "model/simulate.h"

enum { T_HOURS = 30 };

/* A small platform with bots that post twice, users who reshare, and the
 * recommender on: every channel is busy before and after T. */
static void base(struct config *cfg)
{
    config_init(cfg, 2);
    cfg->accounts = 20000;
    cfg->duration_h = 72.0;
    cfg->bin_h = 1.0;
    cfg->visibility = 0.5;
    cfg->roles[ROLE_USER].share_prob = 0.02;
    cfg->roles[ROLE_USER].followers.median = 30.0;
    cfg->roles[ROLE_BOT].count = 200;
    cfg->roles[ROLE_BOT].followers.median = 40.0;
    cfg->roles[ROLE_FACTCHECKER].count = 3;
    cfg->roles[ROLE_FACTCHECKER].followers.median = 2000.0;
    cfg->recommender.enabled = true;
    cfg->recommender.background_engagement = 5.0;
    config_add_story(cfg, "rumour");
    struct story_config *c = config_add_story(cfg, "debunk");
    c->kind = STORY_CORRECTION;
    struct action_config *a = config_add_action(cfg);
    a->at_h = 1.0;
    a->select.role = ROLE_BOT;
    a->select.count = 100;
    a->select.pick = PICK_RANDOM;
    a->jitter_h = 10.0;
    a = config_add_action(cfg);
    a->at_h = T_HOURS + 2.0;
    a->select.role = ROLE_BOT;
    a->select.count = 100;
    a->select.pick = PICK_RANDOM;
}

/* Replicate 0 of cfg into obs, which the caller releases. */
static void run(const struct config *cfg, struct observation *obs)
{
    struct fixture_sim f;
    observation_init(obs, cfg);
    if (fixture_sim_init(&f, cfg) == 0) {
        fixture_sim_run(&f, 0);
        /* Hand the counts over: swap the fixture's observation for obs. */
        struct observation swap = *obs;
        *obs = f.obs;
        f.obs = swap;
    }
    fixture_sim_destroy(&f);
}

static size_t bin_bytes(const struct observation *obs)
{
    return (size_t)obs->keys * MEASURE_COUNT * sizeof *obs->counts;
}

/* Sum of measure m over bins [from, to) for story s and key. */
static uint64_t total_between(const struct observation *obs, uint32_t s, uint32_t key,
                              enum measure m, uint32_t from, uint32_t to)
{
    uint64_t sum = 0;
    for (uint32_t b = from; b < to && b < obs->bins; b++) {
        sum += observation_cell(obs, s, b, key)[m];
    }
    return sum;
}

static void takedown_at_t_leaves_every_count_before_t_the_same(void)
{
    struct config plain, removed;
    base(&plain);
    base(&removed);
    struct intervention_config *iv = config_add_intervention(&removed);
    iv->kind = INTERVENTION_TAKEDOWN;
    iv->at_h = T_HOURS;
    struct observation a, b;
    run(&plain, &a);
    run(&removed, &b);
    for (uint32_t s = 0; s < 2; s++) {
        CHECK(memcmp(observation_cell(&a, s, 0, 0), observation_cell(&b, s, 0, 0),
                     T_HOURS * bin_bytes(&a)) == 0);
    }
    CHECK(total_between(&a, 0, KEY_TOTAL, MEASURE_VIEWS, T_HOURS, a.bins) > 0);
    CHECK(total_between(&b, 0, KEY_TOTAL, MEASURE_VIEWS, T_HOURS, b.bins) == 0);
    CHECK(b.intervention_time[0] == T_HOURS);
    observation_destroy(&a);
    observation_destroy(&b);
    config_destroy(&plain);
    config_destroy(&removed);
}

static void label_with_factor_zero_stops_new_shares(void)
{
    struct config cfg;
    base(&cfg);
    struct intervention_config *iv = config_add_intervention(&cfg);
    iv->kind = INTERVENTION_FACTCHECK;
    iv->at_h = T_HOURS;
    iv->label_factor = 0.0;
    struct observation obs;
    run(&cfg, &obs);
    CHECK(total_between(&obs, 0, KEY_TOTAL, MEASURE_SHARES, 0, T_HOURS) > 0);
    CHECK(total_between(&obs, 0, KEY_TOTAL, MEASURE_SHARES, T_HOURS, obs.bins) == 0);
    /* Views go on: the label stops sharing, not seeing. */
    CHECK(total_between(&obs, 0, KEY_TOTAL, MEASURE_VIEWS, T_HOURS, obs.bins) > 0);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

static void factcheck_publishes_the_correction_from_the_factcheckers(void)
{
    struct config cfg;
    base(&cfg);
    struct intervention_config *iv = config_add_intervention(&cfg);
    iv->kind = INTERVENTION_FACTCHECK;
    iv->at_h = T_HOURS;
    iv->correction = 1;
    iv->select.role = ROLE_FACTCHECKER;
    iv->select.count = 3;
    struct observation obs;
    run(&cfg, &obs);
    CHECK(obs.posts[1] == 3);
    CHECK(total_between(&obs, 1, KEY_TOTAL, MEASURE_VIEWS, 0, T_HOURS) == 0);
    CHECK(total_between(&obs, 1, KEY_ROLE(ROLE_FACTCHECKER), MEASURE_VIEWS, T_HOURS, obs.bins) > 0);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

static void suspension_removes_exactly_the_selected_accounts_later_posts(void)
{
    struct config plain, cut;
    base(&plain);
    base(&cut);
    /* Users post after T too, in both runs: their posts must still reach people. */
    for (int k = 0; k < 2; k++) {
        struct action_config *a = config_add_action(k ? &cut : &plain);
        a->at_h = T_HOURS + 2.0;
        a->select.role = ROLE_USER;
        a->select.count = 50;
        a->select.pick = PICK_RANDOM;
    }
    struct intervention_config *iv = config_add_intervention(&cut);
    iv->kind = INTERVENTION_SUSPEND;
    iv->at_h = T_HOURS;
    iv->select.role = ROLE_BOT;
    iv->select.count = 200; /* the whole bot network */
    struct observation a, b;
    run(&plain, &a);
    run(&cut, &b);
    uint32_t bot = KEY_ROLE(ROLE_BOT);
    /* Before T nothing differs; after T no view comes from a bot's post and
     * the second wave of bot posts never happens. */
    CHECK(memcmp(observation_cell(&a, 0, 0, 0), observation_cell(&b, 0, 0, 0),
                 T_HOURS * bin_bytes(&a)) == 0);
    CHECK(total_between(&a, 0, bot, MEASURE_VIEWS, T_HOURS, a.bins) > 0);
    CHECK(total_between(&b, 0, bot, MEASURE_VIEWS, T_HOURS, b.bins) == 0);
    CHECK(a.posts[0] == 250 && b.posts[0] == 150);
    /* Other accounts' posts still reach people after T. */
    CHECK(total_between(&b, 0, KEY_ROLE(ROLE_USER), MEASURE_VIEWS, T_HOURS, b.bins) > 0);
    observation_destroy(&a);
    observation_destroy(&b);
    config_destroy(&plain);
    config_destroy(&cut);
}

static void demotion_to_zero_stops_new_exposures(void)
{
    struct config cfg;
    base(&cfg);
    struct intervention_config *iv = config_add_intervention(&cfg);
    iv->kind = INTERVENTION_DEMOTE;
    iv->at_h = T_HOURS;
    iv->factor = 0.0;
    struct observation obs;
    run(&cfg, &obs);
    /* Posts already in feeds run their course (up to a lifetime, 24 h); no new
     * post or recommendation reaches anyone after T. */
    CHECK(total_between(&obs, 0, KEY_CHANNEL(CHANNEL_RECOMMENDER), MEASURE_VIEWS, T_HOURS + 1,
                        obs.bins) == 0);
    CHECK(total_between(&obs, 0, KEY_TOTAL, MEASURE_VIEWS, T_HOURS + 25, obs.bins) == 0);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

static void views_trigger_fires_at_the_crossing_plus_its_delay(void)
{
    struct config cfg;
    base(&cfg);
    struct intervention_config *iv = config_add_intervention(&cfg);
    iv->kind = INTERVENTION_TAKEDOWN;
    iv->trigger = TRIGGER_VIEWS;
    iv->threshold = 1000.0;
    iv->delay_h = 3.0;
    struct observation obs;
    run(&cfg, &obs);
    double crossed = obs.time_to_views[2]; /* 10^3 views */
    CHECK(isfinite(crossed));
    CHECK_NEAR(obs.intervention_time[0], crossed + 3.0, 1e-9);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

static void share_rate_trigger_fires_once_the_rate_is_reached(void)
{
    struct config cfg;
    base(&cfg);
    struct intervention_config *iv = config_add_intervention(&cfg);
    iv->kind = INTERVENTION_DEMOTE;
    iv->factor = 0.5;
    iv->trigger = TRIGGER_SHARE_RATE;
    iv->threshold = 5.0;
    iv->window_h = 2.0;
    struct observation obs;
    run(&cfg, &obs);
    double t = obs.intervention_time[0];
    CHECK(isfinite(t));
    /* At least 10 shares in the two hours before it fired. */
    uint32_t b = (uint32_t)t;
    CHECK(total_between(&obs, 0, KEY_TOTAL, MEASURE_SHARES, b >= 2 ? b - 2 : 0, b + 1) >= 10);
    observation_destroy(&obs);
    config_destroy(&cfg);
}

/* ---- Corrections and prebunks act on the accounts they reach ----
 *
 * Two communities of 10,000 accounts that never mix (homophily 1). In each,
 * one bot and one fact-checker are followed by every other account of their
 * community; users follow nobody's posts onward (no followers), so every
 * account views each bot post exactly once and a share starts no further
 * views. Everything is seen (activity 1, visibility 1, delays within the
 * lifetime), and the share rule draws one uniform per view whatever the
 * factor, so runs that differ only in a factor make the same draws: a
 * share under factor f is a share of the run with factor 1 kept with
 * probability f, exactly (binomial thinning). */

enum { EXPOSED_COMMUNITY = 1 };

static void exposure_base(struct config *cfg)
{
    config_init(cfg, 2);
    cfg->accounts = 20000;
    cfg->duration_h = 8.0;
    cfg->bin_h = 1.0;
    cfg->homophily = 1.0;
    cfg->visibility = 1.0;
    cfg->lifetime.h = 4.0;
    cfg->delay.kind = DELAY_UNIFORM;
    cfg->delay.max_h = 1.0;
    cfg->roles[ROLE_USER].share_prob = 0.5;
    cfg->roles[ROLE_USER].followers.kind = FOLLOWERS_FIXED;
    cfg->roles[ROLE_USER].followers.median = 0.0;
    cfg->roles[ROLE_BOT].count = 2;
    cfg->roles[ROLE_BOT].followers.kind = FOLLOWERS_FIXED;
    cfg->roles[ROLE_BOT].followers.median = 10000.0;
    cfg->roles[ROLE_FACTCHECKER].count = 2;
    cfg->roles[ROLE_FACTCHECKER].followers.kind = FOLLOWERS_FIXED;
    cfg->roles[ROLE_FACTCHECKER].followers.median = 10000.0;
    config_add_story(cfg, "rumour");
    struct story_config *c = config_add_story(cfg, "debunk");
    c->kind = STORY_CORRECTION;
    /* At 2 h, after every viewer of a correction fired at 0 h has seen it. */
    struct action_config *a = config_add_action(cfg);
    a->at_h = 2.0;
    a->select.role = ROLE_BOT;
    a->select.count = 2;
}

/* A fact-check of the rumour at 0 h: the fact-checker of the exposed
 * community publishes the debunk. */
static void add_factcheck(struct config *cfg, double label_factor, double exposed_factor)
{
    struct intervention_config *iv = config_add_intervention(cfg);
    iv->kind = INTERVENTION_FACTCHECK;
    iv->at_h = 0.0;
    iv->story = 0;
    iv->correction = 1;
    iv->select.role = ROLE_FACTCHECKER;
    iv->select.community = EXPOSED_COMMUNITY;
    iv->label_factor = label_factor;
    iv->exposed_factor = exposed_factor;
}

static uint64_t community_total(const struct observation *obs, uint32_t s, uint32_t c,
                                enum measure m)
{
    return total_between(obs, s, KEY_COMMUNITY(c), m, 0, obs->bins);
}

/* |kept - f x all| within four standard deviations of Binomial(all, f):
 * a false failure once in about 16,000 seeds. */
static bool thinned_by(uint64_t kept, uint64_t all, double f)
{
    double sd = sqrt((double)all * f * (1.0 - f));
    return kept <= all && fabs((double)kept - f * (double)all) <= 4.0 * sd + 1e-9;
}

static void account_that_saw_the_correction_shares_the_story_less_by_exposed_factor(void)
{
    struct config plain, exposed;
    exposure_base(&plain);
    exposure_base(&exposed);
    add_factcheck(&plain, 1.0, 1.0);
    add_factcheck(&exposed, 1.0, 0.5);
    struct fixture_sim f;
    struct observation ref;
    run(&plain, &ref);
    CHECK(fixture_sim_init(&f, &exposed) == 0);
    fixture_sim_run(&f, 0);
    const struct observation *obs = &f.obs;
    uint32_t in = EXPOSED_COMMUNITY, out = 1 - EXPOSED_COMMUNITY;
    /* Every account of the exposed community but the fact-checker viewed
     * the debunk once, and only they are marked. */
    uint64_t saw = community_total(obs, 1, in, MEASURE_VIEWS);
    CHECK(saw == 9999 && community_total(obs, 1, out, MEASURE_VIEWS) == 0);
    CHECK(corrected_reached(&f.ws.corrected, 0) == saw);
    /* Share rates per view among the exposed and the unexposed: about
     * 10,000 views each at p = 0.5 and 0.25, so the difference
     * rate_in - 0.5 x rate_out has a standard error of
     * sqrt(0.25 x 0.75 / 1e4 + 0.25 x 0.25 / 1e4) = 0.005; allow four. */
    double views_in = (double)community_total(obs, 0, in, MEASURE_VIEWS);
    double views_out = (double)community_total(obs, 0, out, MEASURE_VIEWS);
    double rate_in = community_total(obs, 0, in, MEASURE_SHARES) / views_in;
    double rate_out = community_total(obs, 0, out, MEASURE_SHARES) / views_out;
    CHECK(views_in > 9000 && views_out > 9000);
    CHECK_NEAR(rate_in, 0.5 * rate_out, 0.02);
    /* With the same draws, the exposed shares are those of the factor-1 run
     * thinned by 0.5. */
    CHECK(thinned_by(community_total(obs, 0, in, MEASURE_SHARES),
                     community_total(&ref, 0, in, MEASURE_SHARES), 0.5));
    /* Accounts that never saw the correction: the same counts, to the byte. */
    for (uint32_t b = 0; b < obs->bins; b++) {
        CHECK(memcmp(observation_cell(obs, 0, b, KEY_COMMUNITY(out)),
                     observation_cell(&ref, 0, b, KEY_COMMUNITY(out)),
                     MEASURE_COUNT * sizeof *obs->counts) == 0);
    }
    observation_destroy(&ref);
    fixture_sim_destroy(&f);
    config_destroy(&plain);
    config_destroy(&exposed);
}

static void platform_label_acts_on_every_viewer_and_the_correction_on_top(void)
{
    struct config plain, labelled;
    exposure_base(&plain);
    exposure_base(&labelled);
    add_factcheck(&plain, 1.0, 1.0);
    add_factcheck(&labelled, 0.8, 0.5);
    struct observation ref, obs;
    run(&plain, &ref);
    run(&labelled, &obs);
    uint32_t in = EXPOSED_COMMUNITY, out = 1 - EXPOSED_COMMUNITY;
    /* About 5,000 shares each in the reference: four standard deviations of
     * the thinning are about 3 % and 5 % of the expected counts. */
    CHECK(thinned_by(community_total(&obs, 0, out, MEASURE_SHARES),
                     community_total(&ref, 0, out, MEASURE_SHARES), 0.8));
    CHECK(thinned_by(community_total(&obs, 0, in, MEASURE_SHARES),
                     community_total(&ref, 0, in, MEASURE_SHARES), 0.8 * 0.5));
    observation_destroy(&ref);
    observation_destroy(&obs);
    config_destroy(&plain);
    config_destroy(&labelled);
}

/* Adds a genuine story the bots post beside the rumour. */
static void add_genuine_news(struct config *cfg)
{
    struct story_config *news = config_add_story(cfg, "news");
    news->kind = STORY_GENUINE;
    struct action_config *a = config_add_action(cfg);
    a->at_h = 2.0;
    a->story = 2;
    a->select.role = ROLE_BOT;
    a->select.count = 2;
}

static struct intervention_config *add_prebunk(struct config *cfg, double factor)
{
    struct intervention_config *iv = config_add_intervention(cfg);
    iv->kind = INTERVENTION_PREBUNK;
    iv->at_h = 0.0;
    iv->factor = factor;
    iv->select.role = ROLE_USER;
    iv->select.community = EXPOSED_COMMUNITY;
    iv->select.count = SELECT_ALL; /* every user of the community */
    return iv;
}

static void prebunked_accounts_share_fabricated_stories_less_and_genuine_ones_alike(void)
{
    struct config plain, prebunked;
    exposure_base(&plain);
    exposure_base(&prebunked);
    add_genuine_news(&plain);
    add_genuine_news(&prebunked);
    add_prebunk(&prebunked, 0.5);
    struct fixture_sim f;
    struct observation ref;
    run(&plain, &ref);
    CHECK(fixture_sim_init(&f, &prebunked) == 0);
    fixture_sim_run(&f, 0);
    const struct observation *obs = &f.obs;
    uint32_t in = EXPOSED_COMMUNITY, out = 1 - EXPOSED_COMMUNITY;
    /* The community's 9,998 users (all but its bot and fact-checker). */
    CHECK(corrected_reached(&f.ws.corrected, 0) == 9998);
    /* A top pick draws nothing, so the runs share their draws: the genuine
     * story's counts are the same to the byte, and so are the rumour's
     * among accounts the prebunk did not reach. */
    CHECK(memcmp(observation_cell(obs, 2, 0, 0), observation_cell(&ref, 2, 0, 0),
                 obs->bins * bin_bytes(obs)) == 0);
    CHECK(community_total(obs, 0, out, MEASURE_SHARES) ==
          community_total(&ref, 0, out, MEASURE_SHARES));
    /* About 5,000 shares in the reference: thinned by 0.5 within four
     * standard deviations (about 3 % of the count). */
    CHECK(thinned_by(community_total(obs, 0, in, MEASURE_SHARES),
                     community_total(&ref, 0, in, MEASURE_SHARES), 0.5));
    CHECK(community_total(obs, 2, in, MEASURE_SHARES) > 4000);
    observation_destroy(&ref);
    fixture_sim_destroy(&f);
    config_destroy(&plain);
    config_destroy(&prebunked);
}

static void random_prebunk_reaches_its_fraction_of_the_matching_accounts(void)
{
    struct config cfg;
    exposure_base(&cfg);
    struct intervention_config *iv = add_prebunk(&cfg, 0.5);
    iv->select.community = -1;
    iv->select.pick = PICK_RANDOM;
    iv->fraction = 0.25;
    struct fixture_sim f;
    CHECK(fixture_sim_init(&f, &cfg) == 0);
    for (uint32_t r = 0; r < 2; r++) {
        fixture_sim_run(&f, r);
        /* 19,996 users: round(0.25 x 19,996) = 4,999, whatever the draws. */
        CHECK(corrected_reached(&f.ws.corrected, 0) == 4999);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(takedown_at_t_leaves_every_count_before_t_the_same);
    RUN_CASE(label_with_factor_zero_stops_new_shares);
    RUN_CASE(factcheck_publishes_the_correction_from_the_factcheckers);
    RUN_CASE(suspension_removes_exactly_the_selected_accounts_later_posts);
    RUN_CASE(demotion_to_zero_stops_new_exposures);
    RUN_CASE(views_trigger_fires_at_the_crossing_plus_its_delay);
    RUN_CASE(share_rate_trigger_fires_once_the_rate_is_reached);
    RUN_CASE(account_that_saw_the_correction_shares_the_story_less_by_exposed_factor);
    RUN_CASE(platform_label_acts_on_every_viewer_and_the_correction_on_top);
    RUN_CASE(prebunked_accounts_share_fabricated_stories_less_and_genuine_ones_alike);
    RUN_CASE(random_prebunk_reaches_its_fraction_of_the_matching_accounts);
    return CHECK_EXIT();
}
