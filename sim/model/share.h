/* The share rule, in one place: whether an exposure is seen and shared
 * (docs/model.md §4). An exposure of account v (role ρ, community c) is seen,
 * and is a view, with probability activity[ρ]. The n-th view of story s by v
 * (n >= 1, saturating at 8) at time t, through a post whose source (the
 * account whose content it links) has role σ, is shared with probability
 *
 *     p = min(1, base[ρ] × appeal[s][c] × m_s × decay_s(t) × trust[σ][c]
 *                × (synthetic_s ? synthetic_boost : 1) × label_s(t)
 *                × corrected(v, s) × reinforcement^(n−1)),
 *     decay_s(t) = 2^(−((t − t_s) / half_life_h)^mu), 1 when half_life_h is 0,
 *
 * with t_s the story's first publication and mu its decay_exponent (1:
 * exponential; under 1 a stretched exponential), and m_s the story's
 * shareability in this replicate: exp(σ_s Z_s − σ_s²/2) for the story's
 * share_sigma σ_s, Z_s a standard normal fixed by (seed, replicate, story)
 * through a hash, so that it draws nothing from the replicate's stream and a
 * fit changing σ_s keeps every other draw (exactly 1 when σ_s is 0). label_s(t) is the platform's
 * label, on every viewer; corrected(v, s) is the viewer's own (corrected.h): the exposed_factor of
 * each fact-check of s whose correction v has viewed, and for a fabricated s the factor of each
 * prebunk that reached v, 1 for anyone else. Everything but the decay, the trust, the reinforcement
 * and corrected is known per (story, role, community) once the story is published, so the view
 * handler reads it from a table and multiplies in the post's trust from the small [σ][c] table of
 * the config (a table per source role as well would be seven times larger, for one multiplication
 * saved per view):
 *
 *     base[s][ρ][c] = share_prob[ρ] × factor[s][c] × label[s]   (0 if share_prob <= 0)
 *     factor[s][c]  = appeal[s][c] × synthetic_s × m_s
 *
 * The table's invariant: for every story that has been published in the
 * replicate (first_time finite), factor and base hold exactly these products,
 * formed in this order. So the table is refreshed whenever a factor changes:
 * at the story's first publication (share_resolve_story), when a fact-check
 * labels it (share_label). Rows of unpublished stories are stale and unread:
 * a story is viewed only after it is published. workspace_check recomputes
 * the rows and compares. A draw multiplies the table's entry by the trust,
 * then reinforcement^(n−1), then corrected, then the decay, in that order;
 * corrected is exactly 1 for a viewer no intervention reached, so the draws of
 * a scenario without one are unchanged.
 *
 * Static inline, with share_draws forced inline: the view handler calls these
 * once per view, and they live in the event loop's translation unit. */
#ifndef AMPLISIM_SHARE_H
#define AMPLISIM_SHARE_H

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>

#include "../engine/rng.h"
#include "config.h"

/* The per-replicate state of the share rule: what the formula needs beyond
 * the config, and the table it precomputes. */
struct share_table {
    double *first_time;          /* [stories] t_s, first publication; INFINITY before */
    double *label;               /* [stories] product of fired label factors */
    double *factor;              /* [stories][communities] appeal x synthetic x shareability */
    double *shareability;        /* [stories] m_s of this replicate */
    double *base;                /* [stories][roles][communities] the table above */
    double reinforcement_pow[8]; /* reinforcement^(n - 1) for n = 1 .. 8 */
};

/* base[s][role][c]'s index. */
static inline size_t share_index(uint32_t communities, uint32_t s, int role, uint32_t c)
{
    return ((size_t)s * ROLE_COUNT + (size_t)role) * communities + c;
}

/* The table's entry as the formula gives it, from factor and label. */
static inline double share_base_entry(const struct share_table *sh, const struct config *cfg,
                                      uint32_t s, int role, uint32_t c)
{
    double p = cfg->roles[role].share_prob;
    uint32_t k = cfg->communities;
    return p <= 0.0 ? 0.0 : p * sh->factor[(size_t)s * k + c] * sh->label[s];
}

/* The factor as the formula gives it, from the config and the replicate's
 * shareability (a product with 1.0 is exact: without share_sigma the factor
 * is what it was before shareability existed). */
static inline double share_factor_entry(const struct share_table *sh, const struct config *cfg,
                                        uint32_t s, uint32_t c)
{
    const struct story_config *st = &cfg->stories[s];
    double synthetic = st->synthetic ? cfg->synthetic_boost : 1.0;
    return st->appeal[c] * synthetic * sh->shareability[s];
}

/* m_s for every story of replicate `replicate` of `seed`: exp(σ Z − σ²/2),
 * Z from a hash of the three (the inverse normal of a uniform in (0, 1)),
 * so a replicate's stories differ from one another and from other
 * replicates', and draw nothing from the replicate's generator. */
static inline void share_draw_shareability(struct share_table *sh, const struct config *cfg,
                                           uint64_t seed, uint32_t replicate)
{
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        double sigma = cfg->stories[s].share_sigma;
        if (sigma <= 0.0) {
            sh->shareability[s] = 1.0;
            continue;
        }
        uint64_t h = rng_mix64(rng_mix64(seed ^ UINT64_C(0x73746F7279617070)) ^ /* "storyapp" */
                               ((uint64_t)replicate << 32 | s));
        double u = ((double)(h >> 11) + 0.5) * 0x1.0p-53;
        sh->shareability[s] = exp(sigma * gsl_cdf_ugaussian_Pinv(u) - 0.5 * sigma * sigma);
    }
}

/* Recomputes story s's rows of base after its factors or its label changed.
 * O(roles x communities). */
static inline void share_refresh_base(struct share_table *sh, const struct config *cfg, uint32_t s)
{
    uint32_t k = cfg->communities;
    for (int role = 0; role < ROLE_COUNT; role++) {
        for (uint32_t c = 0; c < k; c++) {
            sh->base[share_index(k, s, role, c)] = share_base_entry(sh, cfg, s, role, c);
        }
    }
}

/* Story s is first published at t_h: fixes t_s, and fills the story's rows. */
static inline void share_resolve_story(struct share_table *sh, const struct config *cfg, uint32_t s,
                                       double t_h)
{
    sh->first_time[s] = t_h;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        sh->factor[(size_t)s * cfg->communities + c] = share_factor_entry(sh, cfg, s, c);
    }
    share_refresh_base(sh, cfg, s);
}

/* A fact-check labels story s: its label factor multiplies in. */
static inline void share_label(struct share_table *sh, const struct config *cfg, uint32_t s,
                               double label_factor)
{
    sh->label[s] *= label_factor;
    share_refresh_base(sh, cfg, s);
}

/* Draws whether an exposure is seen, with probability activity[role]; no
 * draw when the role is always active. */
static inline bool share_seen(const struct config *cfg, gsl_rng *rng, int role)
{
    double activity = cfg->roles[role].activity;
    return !(activity < 1.0 && rng_uniform(rng) >= activity);
}

/* The share probability without the decay factor (which is at most 1), for
 * a post whose source has role source, seen by a viewer whose corrected(v, s)
 * is `corrected`. */
static inline double share_bound(const struct share_table *sh, const struct config *cfg,
                                 uint32_t story, int role, uint32_t community, uint32_t source,
                                 uint32_t n, double corrected)
{
    return sh->base[share_index(cfg->communities, story, role, community)] *
           cfg->trust[(size_t)source * cfg->communities + community] *
           sh->reinforcement_pow[n < 8 ? n - 1 : 7] * corrected;
}

/* decay_s(t). The exponential (mu 1) keeps its own expression, so that its
 * draws are those it always had; the stretched one takes a pow, which costs
 * little here: the decay is evaluated only for the few views whose draw falls
 * under the bound without it (share_draws). */
static inline double share_decay(const struct share_table *sh, const struct config *cfg,
                                 uint32_t story, double t_h)
{
    const struct story_config *st = &cfg->stories[story];
    if (!(st->half_life_h > 0.0)) {
        return 1.0;
    }
    double age = (t_h - sh->first_time[story]) / st->half_life_h;
    return st->decay_exponent == 1.0 ? exp2(-age) : exp2(-pow(age, st->decay_exponent));
}

/* p above, for a published story and a viewer whose corrected(v, s) is
 * `corrected`. */
static inline double share_probability(const struct share_table *sh, const struct config *cfg,
                                       uint32_t story, int role, uint32_t community,
                                       uint32_t source, double t_h, uint32_t n, double corrected)
{
    assert(n >= 1 && source < ROLE_COUNT);
    double p = share_bound(sh, cfg, story, role, community, source, n, corrected) *
               share_decay(sh, cfg, story, t_h);
    return p < 1.0 ? p : 1.0;
}

/* Draws whether a view leads to a share: true with probability
 * share_probability, as u < p for one uniform u when 0 < p < 1, and without a
 * draw when p is 0 or 1. The uniform is compared with the bound before the
 * decay is computed: the same decisions from the same draws, without an exp2
 * for the many views that clear the bound. */
static inline __attribute__((always_inline)) bool
share_draws(const struct share_table *sh, const struct config *cfg, gsl_rng *rng, uint32_t story,
            int role, uint32_t community, uint32_t source, double t_h, uint32_t n, double corrected)
{
    double bound = share_bound(sh, cfg, story, role, community, source, n, corrected);
    if (bound <= 0.0) {
        return false;
    }
    if (bound < 1.0) {
        double u = rng_uniform(rng);
        return u < bound && u < bound * share_decay(sh, cfg, story, t_h);
    }
    double p = bound * share_decay(sh, cfg, story, t_h);
    return p >= 1.0 || rng_uniform(rng) < p;
}

#endif
