/* The recommender as a market for attention (docs/model.md §5): a budget of
 * impressions a tick shared by the stories and a background in proportion
 * to their scores. With every share probability 0, a story's engagement is
 * its campaign posts alone, so its score at every tick is known exactly and
 * a story's impressions in a tick are Binomial(N, score / (background +
 * Σ scores)), N the budget a tick (the multinomial split's marginal). The
 * cases compare the totals over many ticks with that law: the mean is
 * Σ_t N p_t, the variance Σ_t N p_t (1 − p_t), and a total must lie within
 * 5 standard deviations of its mean (a false failure has probability below
 * 6e-7 per check), or the budget, which needs no tolerance, exactly. */
#include <math.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "model/simulate.h"

/* 10,000 accounts, all active, 96 recommended items a day each: a budget
 * of 40,000 impressions an hour, 10,000 a quarter-hour tick; bins of one
 * tick, so bin b holds the burst of the tick at b × tick_h. */
enum { ACCOUNTS = 10000, BUDGET_TICK = 10000 };
#define TICK_H 0.25
#define DURATION_H 24.0

static void base(struct config *cfg)
{
    config_init(cfg, 1);
    cfg->accounts = ACCOUNTS;
    cfg->duration_h = DURATION_H;
    cfg->bin_h = TICK_H;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg->roles[r].share_prob = 0.0;
        cfg->roles[r].activity = 1.0;
    }
    cfg->recommender.enabled = true;
    cfg->recommender.tick_h = TICK_H;
    cfg->recommender.active_fraction = 1.0;
    cfg->recommender.items_per_user_day = 96.0;
    cfg->recommender.half_life_h = 1000.0;
    cfg->recommender.background_engagement = 0.0;
}

/* A story posted at 0.1 h (before the first tick) by `posts` random users,
 * linking content of a source of role `link` (-1: their own). */
static uint32_t add_story(struct config *cfg, const char *name, enum story_kind kind,
                          uint32_t posts, int link)
{
    struct story_config *st = config_add_story(cfg, name);
    st->kind = kind;
    struct action_config *a = config_add_action(cfg);
    a->at_h = 0.1;
    a->story = (uint32_t)(cfg->story_count - 1);
    a->select.role = ROLE_USER;
    a->select.count = posts;
    a->select.pick = PICK_RANDOM;
    a->link = link;
    return a->story;
}

/* The background_engagement that makes the background's score `score`. */
static double background_for(const struct config *cfg, double score)
{
    struct config copy = *cfg;
    copy.recommender.background_engagement = 1.0;
    return score / config_recommender_background(&copy);
}

/* Recommended impressions of story s in bin b. */
static double recommended(const struct fixture_sim *f, uint32_t s, uint32_t b)
{
    return (double)observation_cell(&f->obs, s, b, KEY_CHANNEL(CHANNEL_RECOMMENDER))[MEASURE_VIEWS];
}

/* The law of the recommended impressions of stories [s, s_end) together
 * over bins [from, to): each story's score at the tick of bin b is weight ×
 * posts × decay^(b − 1) (its posts came before the first tick), and the
 * group's impressions in a tick are Binomial(N, its share); mean and
 * variance of the sum over the ticks. */
struct expectation {
    double mean;
    double var;
};

static struct expectation expect_group(const struct fixture_sim *f, const double *score0,
                                       uint32_t s, uint32_t s_end, uint32_t from, uint32_t to)
{
    const struct world_recommender *rec = &f->world.rec;
    size_t stories = f->world.cfg->story_count;
    struct expectation e = {0.0, 0.0};
    for (uint32_t b = from; b < to; b++) {
        double decay = pow(rec->decay, (double)(b - 1)), total = rec->background;
        for (size_t k = 0; k < stories; k++) {
            total += score0[k] * decay;
        }
        double group = 0.0;
        for (uint32_t k = s; k < s_end; k++) {
            group += score0[k] * decay;
        }
        double p = group / total;
        e.mean += rec->budget_tick * p;
        e.var += rec->budget_tick * p * (1.0 - p);
    }
    return e;
}

static struct expectation expect(const struct fixture_sim *f, const double *score0, uint32_t s,
                                 uint32_t from, uint32_t to)
{
    return expect_group(f, score0, s, s + 1, from, to);
}

/* Whether a total lies within 5 standard deviations of its law's mean. */
static bool within(double total, struct expectation e)
{
    bool ok = fabs(total - e.mean) <= 5.0 * sqrt(e.var) + 1e-9;
    if (!ok) {
        fprintf(stderr, "  total %.0f, expected %.1f ± 5 × %.1f\n", total, e.mean, sqrt(e.var));
    }
    return ok;
}

static double sum_bins(const struct fixture_sim *f, uint32_t s, uint32_t from, uint32_t to)
{
    double sum = 0.0;
    for (uint32_t b = from; b < to; b++) {
        sum += recommended(f, s, b);
    }
    return sum;
}

enum { BINS = 96 }; /* DURATION_H / TICK_H */

static void budget_is_never_exceeded_and_exactly_spent_without_background(void)
{
    /* No background: the stories take the whole budget every tick, to the
     * impression (the last story with a score takes what the others left). */
    struct config cfg;
    base(&cfg);
    for (int i = 0; i < 7; i++) {
        char name[16];
        snprintf(name, sizeof name, "s%d", i);
        add_story(&cfg, name, STORY_FABRICATED, 5u + 20u * (uint32_t)i, -1);
    }
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        CHECK(f.world.rec.budget_tick == BUDGET_TICK);
        for (uint32_t r = 0; r < 3; r++) {
            fixture_sim_run(&f, r);
            bool exact = true;
            for (uint32_t b = 1; b < BINS; b++) {
                double sum = 0.0;
                for (uint32_t s = 0; s < cfg.story_count; s++) {
                    sum += recommended(&f, s, b);
                }
                exact = exact && sum == BUDGET_TICK;
            }
            CHECK(exact);
            CHECK(sum_bins(&f, 0, 0, 1) == 0.0); /* nothing before the first tick */
        }
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void budget_is_never_exceeded_with_background_and_a_cap(void)
{
    struct config cfg;
    base(&cfg);
    add_story(&cfg, "big", STORY_FABRICATED, 400, -1);
    add_story(&cfg, "small", STORY_FABRICATED, 40, -1);
    cfg.recommender.background_engagement = background_for(&cfg, 100.0);
    cfg.recommender.max_views_per_h = 20000.0; /* 5,000 a tick */
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        fixture_sim_run(&f, 0);
        bool under = true, capped = true;
        for (uint32_t b = 1; b < BINS; b++) {
            under = under && recommended(&f, 0, b) + recommended(&f, 1, b) <= BUDGET_TICK;
            capped = capped && recommended(&f, 0, b) <= 5000.0;
        }
        CHECK(under);
        CHECK(capped);
        /* Uncapped, "big" would take 400/540 of 10,000 (7,400) a tick. */
        CHECK(sum_bins(&f, 0, 1, BINS) == 5000.0 * (BINS - 1));
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void two_identical_stories_each_get_about_half_of_one_alone(void)
{
    /* 100 posts each, a background of 4: when the budget binds, one story
     * alone takes 100/104 of it and each of two 100/204, a ratio of
     * 104/204 = 0.51. Both against their binomial laws, over 95 ticks. */
    struct config alone, two;
    base(&alone);
    add_story(&alone, "a", STORY_FABRICATED, 100, -1);
    alone.recommender.background_engagement = background_for(&alone, 4.0);
    base(&two);
    add_story(&two, "a", STORY_FABRICATED, 100, -1);
    add_story(&two, "b", STORY_FABRICATED, 100, -1);
    two.recommender.background_engagement = alone.recommender.background_engagement;
    struct fixture_sim f1, f2;
    if (fixture_sim_init(&f1, &alone) == 0 && fixture_sim_init(&f2, &two) == 0) {
        fixture_sim_run(&f1, 0);
        fixture_sim_run(&f2, 0);
        double scores[2] = {100.0, 100.0};
        struct expectation e1 = expect(&f1, scores, 0, 1, BINS);
        struct expectation e2 = expect(&f2, scores, 0, 1, BINS);
        double one = sum_bins(&f1, 0, 1, BINS);
        double a = sum_bins(&f2, 0, 1, BINS), b = sum_bins(&f2, 1, 1, BINS);
        CHECK(within(one, e1));
        CHECK(within(a, e2));
        CHECK(within(b, e2));
        CHECK_NEAR(e2.mean / e1.mean, 104.0 / 204.0, 1e-3);
        CHECK(fabs(a / one - 0.5) < 0.03 && fabs(b / one - 0.5) < 0.03);
    }
    fixture_sim_destroy(&f1);
    fixture_sim_destroy(&f2);
    config_destroy(&alone);
    config_destroy(&two);
}

static void flood_of_variants_crowds_out_a_correction(void)
{
    /* A correction posted 50 times, against a background of 50: alone it
     * takes half the budget. Twenty variants of a fabricated story, 50
     * posts each, cut that to 50/1,100. */
    struct config calm, flood;
    base(&calm);
    add_story(&calm, "correction", STORY_CORRECTION, 50, -1);
    calm.recommender.background_engagement = background_for(&calm, 50.0);
    base(&flood);
    add_story(&flood, "correction", STORY_CORRECTION, 50, -1);
    double scores[21] = {50.0};
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "variant%d", i);
        add_story(&flood, name, STORY_FABRICATED, 50, -1);
        scores[i + 1] = 50.0;
    }
    flood.recommender.background_engagement = calm.recommender.background_engagement;
    struct fixture_sim f1, f2;
    if (fixture_sim_init(&f1, &calm) == 0 && fixture_sim_init(&f2, &flood) == 0) {
        fixture_sim_run(&f1, 0);
        fixture_sim_run(&f2, 0);
        double before = sum_bins(&f1, 0, 1, BINS), after = sum_bins(&f2, 0, 1, BINS);
        CHECK(within(before, expect(&f1, scores, 0, 1, BINS)));
        CHECK(within(after, expect(&f2, scores, 0, 1, BINS)));
        CHECK(after < before / 10.0);
        /* The background loses too: the variants take 1,000/1,100. */
        double variants = 0.0;
        for (uint32_t s = 1; s < flood.story_count; s++) {
            variants += sum_bins(&f2, s, 1, BINS);
        }
        CHECK(within(variants + after, expect_group(&f2, scores, 0, 21, 1, BINS)));
    }
    fixture_sim_destroy(&f1);
    fixture_sim_destroy(&f2);
    config_destroy(&calm);
    config_destroy(&flood);
}

static void older_posts_resurface_while_engagement_decays(void)
{
    /* Engagement with a half-life of 6 h: posts at 0.1 h and nothing after,
     * yet the story keeps being recommended through the day, at
     * N × S 2^(−t/6) / (B + S 2^(−t/6)); in the last six hours (three
     * half-lives on) about a ninth of the first hour's rate. */
    struct config cfg;
    base(&cfg);
    cfg.recommender.half_life_h = 6.0;
    add_story(&cfg, "old", STORY_FABRICATED, 100, -1);
    cfg.recommender.background_engagement = background_for(&cfg, 400.0);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        fixture_sim_run(&f, 0);
        double scores[1] = {100.0};
        uint32_t late = (uint32_t)(18.0 / TICK_H);
        double tail = sum_bins(&f, 0, late, BINS), head = sum_bins(&f, 0, 1, 5);
        CHECK(within(tail, expect(&f, scores, 0, late, BINS)));
        CHECK(within(head, expect(&f, scores, 0, 1, 5)));
        CHECK(tail > 0.0);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void credibility_policy_down_ranks_posts_linking_a_site(void)
{
    /* Two stories of 100 posts, one linking a site's article, background 50:
     * under `engagement` both score 100; under `credibility` the linked one
     * scores 100 × low_credibility_factor (0.2), so it takes 20/170 of the
     * budget and the other 100/170. */
    struct config cfg;
    base(&cfg);
    cfg.roles[ROLE_SITE].count = 10;
    add_story(&cfg, "own", STORY_GENUINE, 100, -1);
    add_story(&cfg, "laundered", STORY_FABRICATED, 100, ROLE_SITE);
    cfg.recommender.background_engagement = background_for(&cfg, 50.0);
    cfg.recommender.policy = POLICY_CREDIBILITY;
    cfg.recommender.low_credibility_factor = 0.2;
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        fixture_sim_run(&f, 0);
        double scores[2] = {100.0, 20.0};
        CHECK(within(sum_bins(&f, 0, 1, BINS), expect(&f, scores, 0, 1, BINS)));
        CHECK(within(sum_bins(&f, 1, 1, BINS), expect(&f, scores, 1, 1, BINS)));
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void chronological_policy_recommends_nothing(void)
{
    struct config cfg;
    base(&cfg);
    add_story(&cfg, "a", STORY_FABRICATED, 100, -1);
    cfg.recommender.policy = POLICY_CHRONOLOGICAL;
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        fixture_sim_run(&f, 0);
        CHECK(sum_bins(&f, 0, 0, BINS) == 0.0);
        CHECK(fixture_sim_total(&f, 0, MEASURE_VIEWS) > 0.0); /* followers still see it */
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

/* A daily profile: nothing from 0 to 6 h, three times the rest's weight
 * from 6 to 12 h. Normalised to mean 1 (sum 30 over 24 hours): 0, 2.4 and
 * 0.8 times the mean budget of 40,000 an hour. */
static void set_profile(struct config *cfg)
{
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        cfg->recommender.daily_profile[h] = h < 6 ? 0.0 : h < 12 ? 3.0 : 1.0;
    }
}

static double profile_weight(int h)
{
    return h < 6 ? 0.0 : h < 12 ? 2.4 : 0.8;
}

enum { TICKS_PER_HOUR = 4 }; /* 1 / TICK_H */

static void daily_profile_sets_the_budget_of_each_hour(void)
{
    /* No background: the story takes each tick's whole budget, so hour h's
     * recommended impressions are its budget, 40,000 × w(h), but for the
     * floor of each tick's share of it: within TICKS_PER_HOUR impressions
     * (an hour of weight 0 gets exactly none). Hour 0 has three ticks only
     * (the first comes at 0.25 h), so it is left out. */
    struct config cfg;
    base(&cfg);
    set_profile(&cfg);
    add_story(&cfg, "a", STORY_FABRICATED, 50, -1);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        CHECK(f.world.rec.profiled);
        fixture_sim_run(&f, 0);
        bool follows = true, none_at_night = true;
        double day = 0.0;
        for (int h = 1; h < 24; h++) {
            uint32_t from = (uint32_t)h * TICKS_PER_HOUR;
            double got = sum_bins(&f, 0, from, from + TICKS_PER_HOUR);
            double want = 40000.0 * profile_weight(h);
            follows = follows && fabs(got - want) <= TICKS_PER_HOUR;
            none_at_night = none_at_night && (h >= 6 || got == 0.0);
            day += got;
            if (fabs(got - want) > TICKS_PER_HOUR) {
                fprintf(stderr, "  hour %d: %.0f impressions, expected %.0f\n", h, got, want);
            }
        }
        CHECK(follows);
        CHECK(none_at_night);
        /* Hour 0 weighs 0, so hours 1-23 hold the whole day's budget: the
         * mean, 40,000 an hour, over 24 hours. */
        CHECK(fabs(day - 40000.0 * 24) <= 23 * TICKS_PER_HOUR);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void daily_profile_scales_a_storys_share_against_the_background(void)
{
    /* With a background, a story's impressions in a tick are
     * Binomial(N_t, p_t), N_t now the tick's budget under the profile (an
     * hour from 6 to 12 h has three times the budget of a later one): the
     * totals before and after 12 h each within 5 standard deviations of
     * their law (the file's rule), and none while the profile is 0. */
    struct config cfg;
    base(&cfg);
    set_profile(&cfg);
    add_story(&cfg, "a", STORY_FABRICATED, 100, -1);
    cfg.recommender.background_engagement = background_for(&cfg, 300.0);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        fixture_sim_run(&f, 0);
        const struct world_recommender *rec = &f.world.rec;
        struct expectation morning = {0.0, 0.0}, evening = {0.0, 0.0};
        for (uint32_t b = 1; b < BINS; b++) {
            double score = 100.0 * pow(rec->decay, (double)(b - 1));
            double p = score / (rec->background + score);
            double n = world_recommender_tick_budget(rec, TICK_H, b * TICK_H);
            struct expectation *e = b < 12 * TICKS_PER_HOUR ? &morning : &evening;
            e->mean += n * p;
            e->var += n * p * (1.0 - p);
        }
        double got_morning = sum_bins(&f, 0, 1, 12 * TICKS_PER_HOUR);
        double got_evening = sum_bins(&f, 0, 12 * TICKS_PER_HOUR, BINS);
        CHECK(within(got_morning, morning));
        CHECK(within(got_evening, evening));
        CHECK(sum_bins(&f, 0, 1, 6 * TICKS_PER_HOUR) == 0.0);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(budget_is_never_exceeded_and_exactly_spent_without_background);
    RUN_CASE(budget_is_never_exceeded_with_background_and_a_cap);
    RUN_CASE(two_identical_stories_each_get_about_half_of_one_alone);
    RUN_CASE(flood_of_variants_crowds_out_a_correction);
    RUN_CASE(older_posts_resurface_while_engagement_decays);
    RUN_CASE(credibility_policy_down_ranks_posts_linking_a_site);
    RUN_CASE(chronological_policy_recommends_nothing);
    RUN_CASE(daily_profile_sets_the_budget_of_each_hour);
    RUN_CASE(daily_profile_scales_a_storys_share_against_the_background);
    return CHECK_EXIT();
}
