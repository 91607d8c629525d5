/* The share rule (share.h): share_draws decides exactly as u < p for the
 * same uniforms, drawing one only when 0 < p < 1; the table agrees with the
 * formula of docs/model.md §4, for every source role of the post seen, once a
 * story is published and after it is labelled; workspace_check notices a
 * table that was not refreshed. Provenance end to end: a post's trust is its
 * source's, a reshare keeps it, and a linked site draws click-through views. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sort.h>

#include "check.h"
#include "engine/rng.h"
#include "model/share.h"
#include "model/simulate.h"

enum { COMMUNITIES = 3, STORIES = 3 };

/* Three stories that differ in every factor: appeal per community, a
 * synthetic one with a stretched decay, one with a (deprecated) origin; roles from never to
 * always sharing
 * with trust and reinforcement large enough that p reaches 1. */
static void small_config(struct config *cfg)
{
    config_init(cfg, COMMUNITIES);
    cfg->accounts = 2000;
    cfg->duration_h = 24.0;
    cfg->reinforcement = 1.6;
    cfg->synthetic_boost = 1.7;
    cfg->roles[ROLE_USER].share_prob = 0.05;
    cfg->roles[ROLE_BLOGGER].count = 20;
    cfg->roles[ROLE_BLOGGER].share_prob = 0.4;
    cfg->roles[ROLE_BOT].count = 20;
    cfg->roles[ROLE_BOT].share_prob = 0.9;
    cfg->roles[ROLE_MEDIA].count = 5;
    cfg->roles[ROLE_MEDIA].share_prob = 0.0;
    for (int o = 0; o < ROLE_COUNT; o++) {
        for (uint32_t c = 0; c < COMMUNITIES; c++) {
            cfg->trust[(size_t)o * COMMUNITIES + c] = 0.5 + 0.3 * (double)((o + c) % 4);
        }
    }
    struct story_config *st = config_add_story(cfg, "plain");
    st->appeal[1] = 2.0;
    st = config_add_story(cfg, "synthetic");
    st->synthetic = true;
    st->half_life_h = 3.0;
    st->decay_exponent = 0.5; /* stretched (docs/model.md §4) */
    st->appeal[2] = 0.25;
    st = config_add_story(cfg, "from_media");
    st->origin = ROLE_MEDIA;
    st->half_life_h = 10.0;
    struct action_config *a = config_add_action(cfg);
    a->select.role = ROLE_BOT;
    a->select.count = 5;
}

struct fixture {
    struct config cfg;
    struct world world;
    struct workspace ws;
};

/* A world and a workspace in which story s was first published at 2 s h. */
static void fixture_init(struct fixture *f)
{
    small_config(&f->cfg);
    CHECK(world_init(&f->world, &f->cfg, NULL, NULL) == STATUS_OK);
    workspace_init(&f->ws, &f->world);
    workspace_reset(&f->ws);
    for (uint32_t s = 0; s < STORIES; s++) {
        share_resolve_story(&f->ws.share, &f->cfg, s, 2.0 * s);
    }
}

static void fixture_destroy(struct fixture *f)
{
    workspace_destroy(&f->ws);
    world_destroy(&f->world);
    config_destroy(&f->cfg);
}

/* docs/model.md §4, written out from the config alone, for a post whose
 * source has role source. */
static double formula(const struct fixture *f, uint32_t s, int role, uint32_t c, uint32_t source,
                      double t_h, uint32_t n, double label)
{
    const struct config *cfg = &f->cfg;
    const struct story_config *st = &cfg->stories[s];
    double decay = st->half_life_h > 0.0
                       ? exp2(-pow((t_h - 2.0 * s) / st->half_life_h, st->decay_exponent))
                       : 1.0;
    double p = cfg->roles[role].share_prob * st->appeal[c] * decay *
               cfg->trust[(size_t)source * COMMUNITIES + c] *
               (st->synthetic ? cfg->synthetic_boost : 1.0) * label *
               pow(cfg->reinforcement, (double)((n < 8 ? n : 8) - 1));
    return p < 1.0 ? p : 1.0;
}

static void share_draws_decides_as_a_uniform_below_the_share_probability(void)
{
    struct fixture f;
    fixture_init(&f);
    gsl_rng *drawing = rng_new(11, 0), *reference = rng_new(11, 0);
    size_t cases = 0, drawn = 0, certain = 0, never = 0, mismatches = 0;
    for (uint32_t s = 0; s < STORIES; s++) {
        for (int role = 0; role < ROLE_COUNT; role++) {
            for (uint32_t c = 0; c < COMMUNITIES; c++) {
                for (uint32_t n = 1; n <= 10; n++) {
                    for (int k = 0; k < 20; k++) {
                        double t_h = 2.0 * s + 1.5 * k;
                        /* Some viewers saw a correction: the same rule, scaled. */
                        double corrected = k % 4 == 3 ? 0.6 : 1.0;
                        uint32_t source = (uint32_t)(k + n) % ROLE_COUNT;
                        bool shared = share_draws(&f.ws.share, &f.cfg, drawing, s, role, c, source,
                                                  t_h, n, corrected);
                        double p = share_probability(&f.ws.share, &f.cfg, s, role, c, source, t_h,
                                                     n, corrected);
                        bool expected = p >= 1.0;
                        if (p > 0.0 && p < 1.0) {
                            expected = rng_uniform(reference) < p;
                            drawn++;
                        } else {
                            certain += p >= 1.0;
                            never += p <= 0.0;
                        }
                        /* In step: the same uniforms were used, and no more. */
                        mismatches +=
                            shared != expected || rng_uniform(drawing) != rng_uniform(reference);
                        cases++;
                    }
                }
            }
        }
    }
    CHECK(mismatches == 0);
    /* Every branch of share_draws was taken. */
    CHECK(drawn > cases / 4);
    CHECK(certain > 0);
    CHECK(never > 0);
    rng_free(drawing);
    rng_free(reference);
    fixture_destroy(&f);
}

static void share_probability_follows_the_formula_once_published(void)
{
    struct fixture f;
    fixture_init(&f);
    for (uint32_t s = 0; s < STORIES; s++) {
        for (int role = 0; role < ROLE_COUNT; role++) {
            for (uint32_t c = 0; c < COMMUNITIES; c++) {
                for (uint32_t n = 1; n <= 9; n += 4) {
                    for (uint32_t source = 0; source < ROLE_COUNT; source++) {
                        double t_h = 2.0 * s + 0.7 * n;
                        double want = formula(&f, s, role, c, source, t_h, n, 1.0);
                        CHECK_NEAR(simulate_share_probability(&f.ws, s, role, c, source, t_h, n),
                                   want, 1e-12 * want);
                    }
                }
            }
        }
    }
    CHECK(workspace_check(&f.ws) == 0);
    fixture_destroy(&f);
}

static void share_table_follows_a_label(void)
{
    struct fixture f;
    fixture_init(&f);
    share_label(&f.ws.share, &f.cfg, 1, 0.5);
    share_label(&f.ws.share, &f.cfg, 1, 0.3);
    CHECK(workspace_check(&f.ws) == 0);
    for (int role = 0; role < ROLE_COUNT; role++) {
        for (uint32_t c = 0; c < COMMUNITIES; c++) {
            double want = formula(&f, 1, role, c, ROLE_SITE, 4.0, 2, 0.15);
            CHECK_NEAR(share_probability(&f.ws.share, &f.cfg, 1, role, c, ROLE_SITE, 4.0, 2, 1.0),
                       want, 1e-12 * want);
            /* The other stories keep their rows. */
            want = formula(&f, 0, role, c, ROLE_SITE, 4.0, 2, 1.0);
            CHECK_NEAR(share_probability(&f.ws.share, &f.cfg, 0, role, c, ROLE_SITE, 4.0, 2, 1.0),
                       want, 1e-12 * want);
        }
    }
    fixture_destroy(&f);
}

static void share_probability_takes_the_trust_of_the_posts_source(void)
{
    struct fixture f;
    fixture_init(&f);
    CHECK(f.ws.share.first_time[1] == 2.0);
    /* One story, one viewer, two posts: only the source's trust differs. */
    double site = share_probability(&f.ws.share, &f.cfg, 0, ROLE_USER, 1, ROLE_SITE, 2.0, 1, 1.0);
    double bot = share_probability(&f.ws.share, &f.cfg, 0, ROLE_USER, 1, ROLE_BOT, 2.0, 1, 1.0);
    CHECK_NEAR(site / bot,
               f.cfg.trust[ROLE_SITE * COMMUNITIES + 1] / f.cfg.trust[ROLE_BOT * COMMUNITIES + 1],
               1e-12);
    fixture_destroy(&f);
}

/* A population of users (share 0.05 each, 50 followers each) and 50 bots
 * and 5 sites with 200 followers each; trust 0 in anything a bot or a user
 * sources, 1 in a site. 20 bots seed one story at 0 h; `link` says whether
 * their posts link a site's article; origin is the story's (deprecated)
 * origin. Returns the replicate's observation totals (views, shares,
 * views on channel site). */
struct laundering {
    double views, shares, site_views;
};

static struct laundering run_bots(int link, int origin, double click_through)
{
    struct config cfg;
    config_init(&cfg, 1);
    cfg.accounts = 20000;
    cfg.duration_h = 48.0;
    cfg.lifetime.h = 48.0;
    cfg.click_through = click_through;
    cfg.roles[ROLE_USER].share_prob = 0.05;
    cfg.roles[ROLE_USER].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 50};
    cfg.roles[ROLE_BOT].count = 50;
    cfg.roles[ROLE_BOT].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 200};
    cfg.roles[ROLE_SITE].count = 5;
    cfg.roles[ROLE_SITE].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 200};
    for (int role = 0; role < ROLE_COUNT; role++) {
        cfg.trust[role] = role == ROLE_SITE ? 1.0 : 0.0;
    }
    struct story_config *st = config_add_story(&cfg, "claim");
    st->origin = origin;
    struct action_config *a = config_add_action(&cfg);
    a->select.role = ROLE_BOT;
    a->select.count = 20;
    a->link = link;
    CHECK(config_check(&cfg, NULL) == STATUS_OK);
    struct world world;
    struct workspace ws;
    struct observation obs;
    CHECK(world_init(&world, &cfg, NULL, NULL) == STATUS_OK);
    workspace_init(&ws, &world);
    observation_init(&obs, &cfg);
    simulate(&ws, 7, 0, &obs);
    struct laundering out = {
        (double)observation_total(&obs, 0, KEY_TOTAL, MEASURE_VIEWS),
        (double)observation_total(&obs, 0, KEY_TOTAL, MEASURE_SHARES),
        (double)observation_total(&obs, 0, KEY_CHANNEL(CHANNEL_SITE), MEASURE_VIEWS)};
    CHECK(workspace_check(&ws) == 0);
    observation_destroy(&obs);
    workspace_destroy(&ws);
    world_destroy(&world);
    config_destroy(&cfg);
    return out;
}

static void a_story_seeded_by_bots_linking_a_site_gets_the_sites_trust(void)
{
    struct laundering linked = run_bots(ROLE_SITE, -1, 0.0);
    struct laundering own = run_bots(-1, -1, 0.0);
    /* Without the link every post's source is a bot or, for a reshare, the
     * bot it reshares: trust 0, so nobody shares, exactly. */
    CHECK(own.shares == 0.0 && own.views > 0.0);
    /* With it, the bots' 20 x 200 = 4,000 views each lead to a share with
     * probability 0.05 (trust 1): 200 shares expected, sd ~14; none at all
     * has probability 0.95^4000 < 1e-80. Reshares keep the site as their
     * source, so the cascade goes on: more views than the seeds' 4,000. */
    CHECK(linked.shares > 100.0);
    CHECK(linked.views > own.views);
    /* The deprecated origin is the default source of the campaign's posts. */
    struct laundering by_origin = run_bots(-1, ROLE_SITE, 0.0);
    CHECK(by_origin.shares == linked.shares && by_origin.views == linked.views);
}

static void a_linked_site_draws_click_through_views_on_channel_site(void)
{
    double rate = 0.05;
    struct laundering none = run_bots(ROLE_SITE, -1, 0.0);
    struct laundering clicked = run_bots(ROLE_SITE, -1, rate);
    /* No post here is a site's own, so every channel-site view is a click. */
    CHECK(none.site_views == 0.0);
    /* Each of the n other views clicks through with probability 0.05: the
     * count is Binomial(n, 0.05), sd = sqrt(n 0.05 0.95); 5 sd either side
     * fails once in ~3 million runs. (The clicks draw from the stream, so
     * the two runs' cascades differ: n is this run's own.) */
    double n = clicked.views - clicked.site_views;
    double sd = sqrt(n * rate * (1.0 - rate));
    CHECK(n > 1000.0);
    CHECK_NEAR(clicked.site_views, n * rate, 5.0 * sd);
    /* A click adds a view, not a share decision. */
    CHECK(clicked.shares > 0.0);
}

static void workspace_check_notices_a_table_not_refreshed(void)
{
    struct fixture f;
    fixture_init(&f);
    /* A label applied without refreshing the rows breaks the invariant. */
    f.ws.share.label[2] *= 0.5;
    CHECK(workspace_check(&f.ws) != 0);
    share_refresh_base(&f.ws.share, &f.cfg, 2);
    CHECK(workspace_check(&f.ws) == 0);
    fixture_destroy(&f);
}

static void workspace_check_holds_after_a_replicate_with_a_fact_check(void)
{
    struct fixture f;
    small_config(&f.cfg);
    struct intervention_config *iv = config_add_intervention(&f.cfg);
    iv->kind = INTERVENTION_FACTCHECK;
    iv->at_h = 3.0;
    iv->story = 0;
    iv->label_factor = 0.2;
    CHECK(world_init(&f.world, &f.cfg, NULL, NULL) == STATUS_OK);
    workspace_init(&f.ws, &f.world);
    struct observation obs;
    observation_init(&obs, &f.cfg);
    simulate(&f.ws, f.cfg.seed, 0, &obs);
    CHECK(obs.intervention_time[0] == 3.0);
    CHECK(f.ws.share.label[0] == 0.2);
    CHECK(workspace_check(&f.ws) == 0);
    observation_destroy(&obs);
    fixture_destroy(&f);
}

/* One bot followed by every user, users followed by nobody: each user sees
 * the bot's one post exactly once (visibility 1, a uniform delay far inside
 * the lifetime) and shares it with probability min(1, p x propensity). */
static void one_post_config(struct config *cfg, double sigma)
{
    config_init(cfg, 1);
    cfg->accounts = 20001;
    cfg->duration_h = 48.0;
    cfg->visibility = 1.0;
    cfg->delay.kind = DELAY_UNIFORM;
    cfg->delay.max_h = 1.0;
    cfg->roles[ROLE_USER].share_prob = 0.01;
    cfg->roles[ROLE_USER].share_sigma = sigma;
    cfg->roles[ROLE_USER].followers = (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 0};
    cfg->roles[ROLE_BOT].count = 1;
    cfg->roles[ROLE_BOT].followers =
        (struct follower_dist){.kind = FOLLOWERS_FIXED, .median = 20000};
    config_add_story(cfg, "rumour");
    struct action_config *a = config_add_action(cfg);
    a->at_h = 1.0;
    a->select.role = ROLE_BOT;
}

static int by_value(const void *x, const void *y)
{
    double a = *(const double *)x, b = *(const double *)y;
    return (a > b) - (a < b);
}

/* log(propensity) of the 20,000 users is N(-sigma^2/2, sigma): Kolmogorov
 * distance under 1.95 / sqrt(n) (fails a correct law once in a thousand
 * seeds; the seed is fixed); the mean propensity is 1 within 4 standard
 * errors, sqrt(exp(sigma^2) - 1) / sqrt(n); an account's propensity is the
 * same at every call; a homogeneous role's is 1. */
/* m[0 .. n - 1] are draws of exp(sigma Z - sigma^2 / 2), Z standard normal:
 * their mean is 1 within 4 standard errors (the variance is e^(sigma^2) -
 * 1), and Z passes a Kolmogorov-Smirnov test at 0.1 % (bound 1.95 /
 * sqrt(n)). Overwrites m with the sorted Z. */
static void check_lognormal_mean_one(double *m, size_t n, double sigma)
{
    double mean = 0.0;
    for (size_t i = 0; i < n; i++) {
        mean += m[i];
        m[i] = (log(m[i]) + 0.5 * sigma * sigma) / sigma;
    }
    mean /= (double)n;
    CHECK(fabs(mean - 1.0) < 4.0 * sqrt(expm1(sigma * sigma) / (double)n));
    gsl_sort(m, 1, n);
    double d = 0.0;
    for (size_t i = 0; i < n; i++) {
        double f = gsl_cdf_ugaussian_P(m[i]);
        d = fmax(d, fmax(f - (double)i / n, (double)(i + 1) / n - f));
    }
    CHECK(d < 1.95 / sqrt((double)n));
}

static void propensities_are_lognormal_with_mean_one_and_fixed_per_account(void)
{
    const double sigma = 1.0;
    struct config cfg;
    one_post_config(&cfg, sigma);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    size_t n = 0;
    double *z = malloc(cfg.accounts * sizeof *z);
    for (account_id v = 0; v < cfg.accounts; v++) {
        if (graph_role(&w.graph, v) != ROLE_USER) {
            CHECK(world_propensity(&w, v, graph_role(&w.graph, v)) == 1.0);
            continue;
        }
        double m = world_propensity(&w, v, ROLE_USER);
        CHECK(m == world_propensity(&w, v, ROLE_USER));
        z[n++] = m;
    }
    check_lognormal_mean_one(z, n, sigma);
    free(z);
    world_destroy(&w);
    config_destroy(&cfg);
}

/* A story's share_sigma: each replicate's shareability m_s is exp(sigma Z -
 * sigma^2 / 2), Z standard normal from (seed, replicate, story), over 4,000
 * replicates (check_lognormal_mean_one); stories without share_sigma keep
 * exactly 1. */
static void a_storys_shareability_is_lognormal_with_mean_one_across_replicates(void)
{
    const double sigma = 1.2;
    const uint32_t n = 4000;
    struct fixture f;
    fixture_init(&f);
    f.cfg.stories[0].share_sigma = sigma;
    double *z = malloc(n * sizeof *z);
    for (uint32_t r = 0; r < n; r++) {
        share_draw_shareability(&f.ws.share, &f.cfg, 77, r);
        double m = f.ws.share.shareability[0];
        CHECK(f.ws.share.shareability[1] == 1.0 && f.ws.share.shareability[2] == 1.0);
        z[r] = m;
    }
    check_lognormal_mean_one(z, n, sigma);
    /* The same seed and replicate give the same story; another seed another. */
    share_draw_shareability(&f.ws.share, &f.cfg, 77, 5);
    double again = f.ws.share.shareability[0];
    share_draw_shareability(&f.ws.share, &f.cfg, 78, 5);
    CHECK(again != f.ws.share.shareability[0]);
    share_draw_shareability(&f.ws.share, &f.cfg, 77, 5);
    CHECK(again == f.ws.share.shareability[0]);
    free(z);
    fixture_destroy(&f);
}

/* The shareability multiplies the story's share probability, and the table
 * keeps the formula (workspace_check) once the story is published. */
static void a_storys_shareability_multiplies_its_share_probability(void)
{
    struct fixture f;
    fixture_init(&f);
    f.cfg.stories[1].share_sigma = 0.8;
    share_draw_shareability(&f.ws.share, &f.cfg, 77, 3);
    double m = f.ws.share.shareability[1];
    CHECK(m != 1.0);
    share_resolve_story(&f.ws.share, &f.cfg, 1, 2.0);
    for (int role = 0; role < ROLE_COUNT; role++) {
        double t_h = 2.5;
        double p = formula(&f, 1, role, 0, ROLE_USER, t_h, 1, 1.0);
        if (p >= 1.0) {
            continue; /* capped: the product with m is not the formula's */
        }
        double want = fmin(1.0, p * m);
        double got = simulate_share_probability(&f.ws, 1, role, 0, ROLE_USER, t_h, 1);
        CHECK_NEAR(got, want, 1e-12 * want);
    }
    CHECK(workspace_check(&f.ws) == 0);
    fixture_destroy(&f);
}

/* Who shares follows the propensity. Over R replicates, the share of all
 * shares made by the 1 % of users with the highest propensity is, in
 * expectation, sum over them of min(1, p m_v) / the same over all users:
 * 0.30 with sigma = 2 (0.37, 1 - Phi(2.326 - 2), without the cap at
 * probability 1), against 0.01 if every user were alike. Its standard
 * error, from about R x 175 shares, is sqrt(0.3 x 0.7 / 3500) = 0.0077;
 * the bound is 4 of them. */
static void the_accounts_with_the_highest_propensity_make_their_share_of_shares(void)
{
    const double sigma = 2.0;
    enum { R = 20 };
    struct config cfg;
    one_post_config(&cfg, sigma);
    struct world w;
    CHECK(world_init(&w, &cfg, NULL, NULL) == STATUS_OK);
    double *m = calloc(cfg.accounts, sizeof *m), *sorted = malloc(cfg.accounts * sizeof *sorted);
    size_t users = 0;
    for (account_id v = 0; v < cfg.accounts; v++) {
        if (graph_role(&w.graph, v) == ROLE_USER) {
            m[v] = world_propensity(&w, v, ROLE_USER);
            sorted[users++] = m[v];
        }
    }
    qsort(sorted, users, sizeof *sorted, by_value);
    double threshold = sorted[users - users / 100];
    double top_p = 0.0, all_p = 0.0;
    for (account_id v = 0; v < cfg.accounts; v++) {
        double p = m[v] > 0.0 ? fmin(1.0, 0.01 * m[v]) : 0.0;
        all_p += p;
        top_p += m[v] >= threshold ? p : 0.0;
    }
    struct workspace ws;
    workspace_init(&ws, &w);
    struct observation obs;
    observation_init(&obs, &cfg);
    double top = 0.0, shares = 0.0;
    for (uint32_t r = 0; r < R; r++) {
        simulate(&ws, cfg.seed, r, &obs);
        for (size_t i = 0; i < ws.cascade.count; i++) {
            const struct cascade_node *node = &ws.cascade.nodes[i];
            if (node->parent == NO_NODE) {
                continue; /* the bot's own post */
            }
            shares += 1.0;
            top += m[node->account] >= threshold;
        }
    }
    double want = top_p / all_p, se = sqrt(want * (1.0 - want) / shares);
    CHECK(shares > 0.5 * R * all_p);
    CHECK(fabs(top / shares - want) < 4.0 * se);
    CHECK(want > 0.25); /* the law, not the check, is what differs from 0.01 */
    observation_destroy(&obs);
    workspace_destroy(&ws);
    free(m);
    free(sorted);
    world_destroy(&w);
    config_destroy(&cfg);
}

/* docs/model.md §4: decay_s is 1/2 at the half-life whatever mu; a stretched
 * one (mu < 1) lies below the exponential of the same half-life before it and
 * above it after; mu 1 is the exponential, computed as it always was. */
static void a_stretched_decay_halves_at_the_half_life_and_fades_slower_after(void)
{
    struct fixture f;
    fixture_init(&f);
    const uint32_t s = 2; /* half_life_h 10, first published at 4 h */
    double t0 = 4.0, h = f.cfg.stories[s].half_life_h;
    for (double age = 0.5; age < 200.0; age *= 1.7) {
        CHECK(share_decay(&f.ws.share, &f.cfg, s, t0 + age) == exp2(-(t0 + age - t0) / h));
    }
    f.cfg.stories[s].decay_exponent = 0.4;
    CHECK(fabs(share_decay(&f.ws.share, &f.cfg, s, t0 + h) - 0.5) < 1e-15);
    CHECK(share_decay(&f.ws.share, &f.cfg, s, t0) == 1.0);
    for (double age = 0.5; age < 200.0; age *= 1.7) {
        double stretched = share_decay(&f.ws.share, &f.cfg, s, t0 + age);
        double exponential = exp2(-age / h);
        /* 2^(-(a/h)^0.4) against 2^(-a/h): (a/h)^0.4 > a/h exactly when a < h. */
        CHECK(age < h ? stretched < exponential : stretched > exponential);
        CHECK(fabs(stretched - exp2(-pow(age / h, 0.4))) <= 1e-15);
    }
    /* Four half-lives on: 2^(-4^0.4) = 0.29914, where the exponential has 1/16. */
    CHECK(fabs(share_decay(&f.ws.share, &f.cfg, s, t0 + 4.0 * h) - 0.29914) < 1e-5);
    fixture_destroy(&f);
}

int main(void)
{
    RUN_CASE(share_draws_decides_as_a_uniform_below_the_share_probability);
    RUN_CASE(share_probability_follows_the_formula_once_published);
    RUN_CASE(share_table_follows_a_label);
    RUN_CASE(a_stretched_decay_halves_at_the_half_life_and_fades_slower_after);
    RUN_CASE(share_probability_takes_the_trust_of_the_posts_source);
    RUN_CASE(a_story_seeded_by_bots_linking_a_site_gets_the_sites_trust);
    RUN_CASE(a_linked_site_draws_click_through_views_on_channel_site);
    RUN_CASE(workspace_check_notices_a_table_not_refreshed);
    RUN_CASE(workspace_check_holds_after_a_replicate_with_a_fact_check);
    RUN_CASE(propensities_are_lognormal_with_mean_one_and_fixed_per_account);
    RUN_CASE(the_accounts_with_the_highest_propensity_make_their_share_of_shares);
    RUN_CASE(a_storys_shareability_is_lognormal_with_mean_one_across_replicates);
    RUN_CASE(a_storys_shareability_multiplies_its_share_probability);
    return CHECK_EXIT();
}
