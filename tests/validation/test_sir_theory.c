/* Exposures against exact theory on small graphs where a post has 4 to 6
 * followers, the regime where which followers one post reaches matters:
 * (a) the independent cascade (fixed lifetime, exponential and uniform
 *     delays) against its exact expected spread;
 * (b) Markovian SIR (exponential delay of rate tau, exponential lifetime of
 *     rate gamma) against its exact final-size distribution, by solving the
 *     Markov chain over the 3^n S/I/R states;
 * (c) the SIR attack rate on a large graph against the final-size relation.
 * (a) and (b) fail on the arithmetic-progression exposures of old (measured
 * in the comments); (c), with 3 followers, cannot tell them apart. Fixed
 * seeds; each tolerance is derived in a comment. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "../unit/check.h"
#include "../unit/fixture.h"
#include "model/simulate.h"

enum { NODES_MAX = 8 };

/* Replicates of each small-graph test (more than a config may ask for: the
 * tests run replicate indices 0..RUNS-1 themselves). */
#define RUNS 400000u

/* Every account a user with `followers` followers, sharing with chance p on
 * every view (share probability, no decay, trust 1), visibility 1, one seed
 * (the account with the most followers, ties to the lowest id), a run long
 * enough for every cascade to end. The caller sets the delay and lifetime. */
static void small_config(struct config *cfg, uint32_t accounts, uint32_t followers, double p,
                         uint64_t seed)
{
    config_init(cfg, 1);
    cfg->accounts = accounts;
    cfg->seed = seed;
    cfg->duration_h = 5000.0;
    cfg->bin_h = 1000.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        cfg->roles[r].share_prob = p;
        cfg->roles[r].followers.kind = FOLLOWERS_FIXED;
        cfg->roles[r].followers.median = followers;
    }
    config_add_story(cfg, "s");
    struct action_config *a = config_add_action(cfg);
    a->select.role = ROLE_USER;
    a->select.count = 1;
    a->select.pick = PICK_TOP;
}

/* follows[u]: the bit set of u's followers (who sees u's posts). */
static void follower_sets(const struct graph *g, uint32_t *follows)
{
    for (uint32_t u = 0; u < g->accounts; u++) {
        follows[u] = 0;
        for (uint64_t e = g->offsets[u]; e < g->offsets[u + 1]; e++) {
            follows[u] |= 1u << g->followers[e];
        }
    }
}

/* The independent cascade's expected spread from `seed`, each edge live with
 * chance q, exactly: by rounds, from (active set, newly active set), where a
 * node outside the active set joins with chance 1 - (1 - q)^(edges from the
 * newly active), independently of the others. O(3^n 2^n). */
static double ic_expected(const uint32_t *follows, uint32_t n, uint32_t active, uint32_t fresh,
                          double q)
{
    if (fresh == 0) {
        return __builtin_popcount(active);
    }
    double join[NODES_MAX];
    uint32_t out = ((1u << n) - 1u) & ~active;
    for (uint32_t v = 0; v < n; v++) {
        int edges = 0;
        for (uint32_t u = 0; u < n; u++) {
            edges += (fresh >> u & 1u) && (follows[u] >> v & 1u);
        }
        join[v] = 1.0 - pow(1.0 - q, edges);
    }
    double expected = 0.0;
    /* Every subset of the nodes outside joins next. */
    for (uint32_t next = out;; next = (next - 1u) & out) {
        double prob = 1.0;
        for (uint32_t v = 0; v < n && prob > 0.0; v++) {
            if (out >> v & 1u) {
                prob *= (next >> v & 1u) ? join[v] : 1.0 - join[v];
            }
        }
        if (prob > 0.0) {
            expected += prob * ic_expected(follows, n, active | next, next, q);
        }
        if (next == 0) {
            break;
        }
    }
    return expected;
}

/* Mean and standard error of (1 + shares) over the config's replicates. */
static void spread_mean(struct fixture_sim *f, uint32_t replicates, double *mean, double *se)
{
    double sum = 0.0, sum2 = 0.0;
    for (uint32_t r = 0; r < replicates; r++) {
        fixture_sim_run(f, r);
        double size = 1.0 + fixture_sim_total(f, 0, MEASURE_SHARES);
        sum += size;
        sum2 += size * size;
    }
    *mean = sum / replicates;
    *se = sqrt((sum2 - sum * *mean) / (replicates - 1.0) / replicates);
}

/* The cascade on a graph of n accounts with k followers each. With a fixed
 * lifetime L every follower is exposed independently, with chance F(L), and
 * shares with chance p: the independent cascade with q = F(L) p. */
static void check_ic(uint32_t n, uint32_t k, enum delay_kind delay, double p, uint64_t seed)
{
    struct config cfg;
    small_config(&cfg, n, k, p, seed);
    cfg.delay.kind = delay;
    cfg.delay.half_life_h = 1.0; /* exponential: F(L) = 1 - 2^-L */
    cfg.delay.max_h = 2.0;       /* uniform: F(L) = L / 2 */
    cfg.lifetime.h = 1.0;
    const double exposed = 0.5; /* F(1 h): 1 - 2^-1 and 1 / 2 */
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        uint32_t follows[NODES_MAX];
        follower_sets(&f.world.graph, follows);
        account_id origin = f.world.candidates[0].top[0];
        double exact = ic_expected(follows, n, 1u << origin, 1u << origin, exposed * p);
        double mean, se;
        spread_mean(&f, RUNS, &mean, &se);
        /* The mean of R = 400000 independent spreads has standard error se
         * (about 0.002 here); a correct model lies within 4 of them but for
         * a 6e-5 chance. */
        printf("  ic n=%u k=%u: exact %.4f, simulated %.4f (se %.4f, %.1f se off)\n", n, k, exact,
               mean, se, (mean - exact) / se);
        CHECK_NEAR(mean, exact, 4.0 * se);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void independent_cascade_with_4_to_6_followers_matches_its_exact_spread(void)
{
    /* Graphs (seeds) chosen among 40 where the arithmetic progression of
     * old was furthest off. Measured on it, at these 400000 replicates:
     * 6.8, -0.5, -11.5 and -11.4 standard errors (the k = 5 graph keeps the
     * exact path of 5 followers covered). */
    check_ic(6, 4, DELAY_EXPONENTIAL, 1.0, 1);
    check_ic(8, 5, DELAY_EXPONENTIAL, 0.8, 1);
    check_ic(8, 6, DELAY_EXPONENTIAL, 1.0, 2);
    check_ic(8, 6, DELAY_UNIFORM, 1.0, 2);
}

/* Markovian SIR on the follower graph: an infected u infects each
 * susceptible follower at rate tau and recovers at rate gamma. The final
 * size distribution from `origin` infected, by the jump chain over the
 * states (base 3: 0 S, 1 I, 2 R), memoised; size[j] gets P(j infected in
 * all). Each jump makes one S an I or one I an R, so the chain ends. */
struct sir_chain {
    const uint32_t *follows;
    uint32_t n;
    double tau, gamma;
    double *memo; /* [3^n * (n + 1)], NAN until computed */
};

static const double *sir_final(struct sir_chain *c, uint32_t state)
{
    double *out = &c->memo[(size_t)state * (c->n + 1)];
    if (!isnan(out[0])) {
        return out;
    }
    uint32_t digit[NODES_MAX], pow3[NODES_MAX];
    for (uint32_t v = 0, x = state, p = 1; v < c->n; v++, x /= 3, p *= 3) {
        digit[v] = x % 3;
        pow3[v] = p;
    }
    double rate[2 * NODES_MAX];
    uint32_t next[2 * NODES_MAX], moves = 0;
    double total = 0.0;
    for (uint32_t v = 0; v < c->n; v++) {
        if (digit[v] == 1) {
            rate[moves] = c->gamma; /* recovery */
            next[moves++] = state + pow3[v];
        } else if (digit[v] == 0) {
            int pressure = 0;
            for (uint32_t u = 0; u < c->n; u++) {
                pressure += digit[u] == 1 && (c->follows[u] >> v & 1u);
            }
            if (pressure > 0) {
                rate[moves] = c->tau * pressure;
                next[moves++] = state + pow3[v];
            }
        }
    }
    for (uint32_t m = 0; m < moves; m++) {
        total += rate[m];
    }
    for (uint32_t j = 0; j <= c->n; j++) {
        out[j] = 0.0;
    }
    if (moves == 0) {
        uint32_t infected = 0;
        for (uint32_t v = 0; v < c->n; v++) {
            infected += digit[v] != 0;
        }
        out[infected] = 1.0;
        return out;
    }
    for (uint32_t m = 0; m < moves; m++) {
        const double *after = sir_final(c, next[m]);
        for (uint32_t j = 0; j <= c->n; j++) {
            out[j] += rate[m] / total * after[j];
        }
    }
    return out;
}

static void markovian_sir_matches_the_exact_final_size_distribution(void)
{
    /* tau = 1/h (exponential delay, median ln 2 h), gamma = 1/2 per hour
     * (exponential lifetime, mean 2 h), p = 1, visibility 1: exactly SIR,
     * here on 8 accounts with 6 followers each (3^8 states). */
    const uint32_t n = 8, k = 6;
    const double tau = 1.0, gamma = 0.5;
    struct config cfg;
    small_config(&cfg, n, k, 1.0, 2);
    cfg.delay.kind = DELAY_EXPONENTIAL;
    cfg.delay.half_life_h = log(2.0) / tau;
    cfg.lifetime.kind = LIFETIME_EXPONENTIAL;
    cfg.lifetime.mean_h = 1.0 / gamma;
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        uint32_t follows[NODES_MAX];
        follower_sets(&f.world.graph, follows);
        account_id origin = f.world.candidates[0].top[0];
        size_t states = 6561; /* 3^8 */
        struct sir_chain chain = {follows, n, tau, gamma,
                                  malloc(states * (n + 1) * sizeof(double))};
        for (size_t i = 0; i < states * (n + 1); i++) {
            chain.memo[i] = NAN;
        }
        uint32_t start = 1;
        for (uint32_t v = 0; v < origin; v++) {
            start *= 3;
        }
        const double *exact = sir_final(&chain, start);
        double counts[NODES_MAX + 1] = {0};
        double exact_mean = 0.0, mean = 0.0;
        for (uint32_t r = 0; r < RUNS; r++) {
            fixture_sim_run(&f, r);
            counts[1 + (uint32_t)fixture_sim_total(&f, 0, MEASURE_SHARES)]++;
        }
        /* Measured on the arithmetic progression of old: chi-square 39.0
         * on 7 degrees of freedom (limit 24.3).
         * Pearson's chi-square over the sizes 1..n, the sizes expected in
         * fewer than 100 replicates pooled into one cell so that the
         * chi-square law holds; the cells' total is fixed, so cells - 1
         * degrees of freedom, tested at the 0.999 quantile. */
        double chi2 = 0.0, pooled_e = 0.0, pooled_count = 0.0;
        uint32_t cells = 0;
        for (uint32_t j = 1; j <= n; j++) {
            double e = exact[j] * RUNS;
            exact_mean += j * exact[j];
            mean += j * counts[j] / RUNS;
            if (e < 100.0) {
                pooled_e += e;
                pooled_count += counts[j];
                continue;
            }
            chi2 += (counts[j] - e) * (counts[j] - e) / e;
            cells++;
        }
        if (pooled_e > 0.0) {
            chi2 += (pooled_count - pooled_e) * (pooled_count - pooled_e) / pooled_e;
            cells++;
        }
        double limit = gsl_cdf_chisq_Qinv(0.001, cells - 1.0);
        printf("  sir n=%u k=%u: exact mean %.4f, simulated %.4f; chi-square %.1f on %u df\n", n, k,
               exact_mean, mean, chi2, cells - 1);
        CHECK(chi2 < limit);
        free(chain.memo);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

static void markovian_sir_attack_rate_satisfies_the_final_size_relation(void)
{
    /* n = 400000 accounts with k = 3 followers each, drawn uniformly: an
     * account's in-degree is about Poisson(3). It is infected when one of
     * the accounts it follows transmits to it, each independently (their
     * lifetimes are theirs) with T = tau / (tau + gamma) = 2/3; so in a
     * large outbreak the attack rate z solves z = 1 - exp(-k T z), z = 0.7968.
     * Replicates whose outbreak dies out early (under 1 % of accounts) are
     * left out. Over R large outbreaks the mean attack rate has standard
     * error sd / sqrt(R) (about 0.0002): 4 of them, plus the finite-size
     * bias, which shrinks as 1 / n (measured: 0.0017 below z at n = 1e5,
     * 0.0004 at 4e5): 300 / n allows for it. */
    const uint32_t n = 400000, k = 3;
    const double tau = 1.0, gamma = 0.5;
    struct config cfg;
    small_config(&cfg, n, k, 1.0, 31);
    cfg.delay.kind = DELAY_EXPONENTIAL;
    cfg.delay.half_life_h = log(2.0) / tau;
    cfg.lifetime.kind = LIFETIME_EXPONENTIAL;
    cfg.lifetime.mean_h = 1.0 / gamma;
    cfg.replicates = 40;
    double kt = k * tau / (tau + gamma), z = 0.5;
    for (int i = 0; i < 200; i++) {
        z = 1.0 - exp(-kt * z);
    }
    struct fixture_sim f;
    if (fixture_sim_init(&f, &cfg) == 0) {
        double sum = 0.0, sum2 = 0.0;
        uint32_t large = 0;
        for (uint32_t r = 0; r < cfg.replicates; r++) {
            fixture_sim_run(&f, r);
            double attack = (1.0 + fixture_sim_total(&f, 0, MEASURE_SHARES)) / n;
            if (attack > 0.01) {
                sum += attack;
                sum2 += attack * attack;
                large++;
            }
        }
        CHECK(large >= 10);
        double mean = sum / large, se = sqrt((sum2 - sum * mean) / (large - 1.0) / large);
        printf("  attack rate: relation %.4f, simulated %.4f (se %.4f, %u large outbreaks)\n", z,
               mean, se, large);
        CHECK_NEAR(mean, z, 4.0 * se + 300.0 / n);
    }
    fixture_sim_destroy(&f);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(independent_cascade_with_4_to_6_followers_matches_its_exact_spread);
    RUN_CASE(markovian_sir_matches_the_exact_final_size_distribution);
    RUN_CASE(markovian_sir_attack_rate_satisfies_the_final_size_relation);
    return CHECK_EXIT();
}
