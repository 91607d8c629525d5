/* Each intervention changes what it should and nothing else: a takedown at T
 * leaves every count before T the same bytes; a label of factor 0 stops new
 * shares; a suspension removes exactly the selected accounts' later posts;
 * a demotion to 0 stops new exposures; triggers fire at the crossing plus
 * their delay. */
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
    cfg->recommender.gain = 5.0;
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

int main(void)
{
    RUN_CASE(takedown_at_t_leaves_every_count_before_t_the_same);
    RUN_CASE(label_with_factor_zero_stops_new_shares);
    RUN_CASE(factcheck_publishes_the_correction_from_the_factcheckers);
    RUN_CASE(suspension_removes_exactly_the_selected_accounts_later_posts);
    RUN_CASE(demotion_to_zero_stops_new_exposures);
    RUN_CASE(views_trigger_fires_at_the_crossing_plus_its_delay);
    RUN_CASE(share_rate_trigger_fires_once_the_rate_is_reached);
    return CHECK_EXIT();
}
