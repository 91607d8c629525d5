/* The model means the same on every graph source: on the same parameters, at
 * a size both can hold, the generated (CSR) and the implicit graph give the
 * same distribution of views and reach, within statistical error. Each
 * replicate draws its own graph (seed i), so both samples include the graph's
 * own randomness, and the comparison is of two samples of independent runs. */
#include <math.h>
#include <stdlib.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "../unit/check.h"
#include "../unit/fixture.h"
#include "model/simulate.h"

enum { RUNS = 300 };

static void scenario(struct config *cfg, enum graph_source source, uint64_t seed)
{
    config_init(cfg, 4);
    cfg->graph.source = source;
    cfg->seed = seed;
    cfg->accounts = 20000;
    cfg->homophily = 0.6;
    cfg->duration_h = 72.0;
    cfg->bin_h = 6.0;
    cfg->visibility = 0.4;
    cfg->lifetime.h = 24.0;
    cfg->roles[ROLE_USER].share_prob = 0.03;
    cfg->roles[ROLE_USER].followers.median = 20.0;
    cfg->roles[ROLE_USER].followers.sigma = 0.8;
    cfg->roles[ROLE_BLOGGER].count = 200;
    cfg->roles[ROLE_BLOGGER].share_prob = 0.05;
    cfg->roles[ROLE_BLOGGER].followers.median = 400.0;
    cfg->roles[ROLE_BLOGGER].followers.sigma = 0.5;
    cfg->recommender.enabled = true;
    cfg->recommender.background_engagement = 5.0;
    struct story_config *s = config_add_story(cfg, "s");
    s->appeal[1] = 2.0;
    s->half_life_h = 24.0;
    struct action_config *a = config_add_action(cfg);
    a->select.role = ROLE_USER;
    a->select.count = 100;
    a->select.pick = PICK_RANDOM;
    a->jitter_h = 6.0;
}

static void run_sample(enum graph_source source, double *views, double *reach)
{
    for (uint32_t i = 0; i < RUNS; i++) {
        struct config cfg;
        scenario(&cfg, source, 1000 + i);
        struct fixture_sim f;
        if (fixture_sim_init(&f, &cfg) == 0) {
            if (i < 3) {
                CHECK(graph_check(&f.world.graph) == 0);
            }
            fixture_sim_run(&f, 0);
            views[i] = fixture_sim_total(&f, 0, MEASURE_VIEWS);
            reach[i] = fixture_sim_total(&f, 0, MEASURE_REACH);
        }
        fixture_sim_destroy(&f);
        config_destroy(&cfg);
    }
}

/* Two-sample Kolmogorov-Smirnov distance. */
static double ks_two_sample(double *a, double *b, size_t n)
{
    gsl_sort(a, 1, n);
    gsl_sort(b, 1, n);
    size_t i = 0, j = 0;
    double d = 0.0;
    while (i < n && j < n) {
        double x = fmin(a[i], b[j]);
        while (i < n && a[i] <= x) {
            i++;
        }
        while (j < n && b[j] <= x) {
            j++;
        }
        d = fmax(d, fabs((double)i / n - (double)j / n));
    }
    return d;
}

static void check_same(double *a, double *b, const char *what)
{
    /* Means: the difference of two independent sample means has standard
     * error sqrt(s_a^2 / n + s_b^2 / n); 4 of them bound a 6e-5 chance. */
    double ma = gsl_stats_mean(a, 1, RUNS), mb = gsl_stats_mean(b, 1, RUNS);
    double se = sqrt((gsl_stats_variance(a, 1, RUNS) + gsl_stats_variance(b, 1, RUNS)) / RUNS);
    printf("  %s: generated %.1f, implicit %.1f (se of difference %.1f)\n", what, ma, mb, se);
    CHECK_NEAR(ma, mb, 4.0 * se);
    /* Distributions: the two-sample KS distance exceeds
     * 1.95 sqrt(2 / n) with probability about 0.001 when both come from one law. */
    CHECK(ks_two_sample(a, b, RUNS) < 1.95 * sqrt(2.0 / RUNS));
}

static void generated_and_implicit_graphs_give_the_same_views_and_reach(void)
{
    double *views[2], *reach[2];
    for (int k = 0; k < 2; k++) {
        views[k] = malloc(RUNS * sizeof(double));
        reach[k] = malloc(RUNS * sizeof(double));
    }
    run_sample(GRAPH_GENERATED, views[0], reach[0]);
    run_sample(GRAPH_IMPLICIT, views[1], reach[1]);
    check_same(views[0], views[1], "views");
    check_same(reach[0], reach[1], "reach");
    for (int k = 0; k < 2; k++) {
        free(views[k]);
        free(reach[k]);
    }
}

int main(void)
{
    RUN_CASE(generated_and_implicit_graphs_give_the_same_views_and_reach);
    return CHECK_EXIT();
}
