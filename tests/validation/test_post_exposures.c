/* One post's exposures against their law (docs/model.md §3), on both graph
 * kinds: on a generated graph a small post's exposures are drawn at once and
 * filed as views (publish_views), on an implicit graph they come from a lazy
 * stream, slice by slice. Either way, with K followers, visibility 1, an
 * exponential delay of median 1 h and a fixed lifetime L = 2 h,
 *   - the views of the post are Binomial(K, F(L)), F(L) = 1 - 2^-2 = 0.75;
 *   - no follower sees it twice (reach = views);
 *   - the views' times follow the delay law truncated at L.
 * Nobody reshares (share probability 0), so the seed's one post is all there
 * is. Fixed seeds; each tolerance is derived in a comment. */
#include <math.h>

#include <gsl/gsl_cdf.h>

#include "../unit/check.h"
#include "../unit/fixture.h"
#include "model/simulate.h"

enum { FOLLOWERS = 40, BINS = 8 };

#define RUNS 20000u
#define LIFETIME_H 2.0
#define BIN_H (LIFETIME_H / BINS)

/* F(t) of the exponential delay of median 1 h. */
static double delay_cdf(double t_h)
{
    return 1.0 - exp2(-t_h);
}

static void post_config(struct config *cfg, enum graph_source source)
{
    config_init(cfg, 1);
    cfg->graph.source = source;
    cfg->accounts = 2000;
    cfg->seed = 20261206;
    cfg->duration_h = 2.0 * LIFETIME_H;
    cfg->bin_h = BIN_H;
    cfg->visibility = 1.0;
    cfg->lifetime.h = LIFETIME_H;
    cfg->delay.half_life_h = 1.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg->roles[r].share_prob = 0.0;
        cfg->roles[r].followers.kind = FOLLOWERS_FIXED;
        cfg->roles[r].followers.median = FOLLOWERS;
    }
    config_add_story(cfg, "s");
    struct action_config *a = config_add_action(cfg);
    a->select.role = ROLE_USER;
    a->select.count = 1;
    a->select.pick = PICK_TOP;
}

static void check_post_exposures(enum graph_source source)
{
    struct config cfg;
    post_config(&cfg, source);
    CHECK(cfg.delay.kind == DELAY_EXPONENTIAL);
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) != 0) {
        fixture_sim_destroy(&f);
        config_destroy(&cfg);
        return;
    }
    double bins[BINS] = {0}, sum = 0.0, sum2 = 0.0;
    uint32_t twice = 0;
    for (uint32_t r = 0; r < RUNS; r++) {
        fixture_sim_run(&f, r);
        double views = fixture_sim_total(&f, 0, MEASURE_VIEWS);
        twice += views != fixture_sim_total(&f, 0, MEASURE_REACH);
        sum += views;
        sum2 += views * views;
        for (uint32_t b = 0; b < BINS; b++) {
            bins[b] += (double)observation_cell(&f.obs, 0, b, KEY_TOTAL)[MEASURE_VIEWS];
        }
    }
    CHECK(twice == 0);
    /* Binomial(40, 0.75): mean 30, variance 7.5. The mean of RUNS has
     * standard error sqrt(7.5 / RUNS) = 0.019; 4 of them. The sample
     * variance's standard error is about sqrt((mu4 - sigma^4) / RUNS), with
     * mu4 = 3 sigma^4 + sigma^2 (1 - 6 p q) for a binomial = 164.4: 0.077;
     * 4 of them. */
    double p = delay_cdf(LIFETIME_H), mean = sum / RUNS;
    double var = (sum2 - sum * mean) / (RUNS - 1.0), want = FOLLOWERS * p * (1.0 - p);
    CHECK_NEAR(mean, FOLLOWERS * p, 4.0 * sqrt(want / RUNS));
    double mu4 = 3.0 * want * want + want * (1.0 - 6.0 * p * (1.0 - p));
    CHECK_NEAR(var, want, 4.0 * sqrt((mu4 - want * want) / RUNS));
    /* The views' times, given their number, are independent draws of the
     * truncated delay: a chi-square of the bins' counts with BINS - 1
     * degrees of freedom, rejected at 1e-4. An arithmetic progression of
     * times, or delays not truncated at L, put tens of thousands of views in
     * the wrong bins. */
    double chi2 = 0.0;
    for (uint32_t b = 0; b < BINS; b++) {
        double expected = sum * (delay_cdf((b + 1) * BIN_H) - delay_cdf(b * BIN_H)) / p;
        chi2 += (bins[b] - expected) * (bins[b] - expected) / expected;
    }
    CHECK(chi2 < gsl_cdf_chisq_Qinv(1e-4, BINS - 1));
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void small_post_exposures_follow_their_law_on_a_generated_graph(void)
{
    check_post_exposures(GRAPH_GENERATED);
}

static void small_post_exposures_follow_their_law_on_an_implicit_graph(void)
{
    check_post_exposures(GRAPH_IMPLICIT);
}

int main(void)
{
    RUN_CASE(small_post_exposures_follow_their_law_on_a_generated_graph);
    RUN_CASE(small_post_exposures_follow_their_law_on_an_implicit_graph);
    return CHECK_EXIT();
}
