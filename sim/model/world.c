/* The world: what every replicate of a scenario shares and none modifies,
 * built once from the config (the graph, the feed and tick laws, community
 * sizes, the recommender's community samplers, each action's and
 * intervention's candidates). Nothing here changes after world_init. */
#include "world.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <gsl/gsl_cdf.h>

#include "../base/alloc.h"
#include "../engine/rng.h"

static struct stream_law feed_law(const struct config *cfg)
{
    const struct delay_config *d = &cfg->delay;
    struct stream_law law = {.kind = LAW_QUANTILE, .span_h = cfg->lifetime.h};
    switch (d->kind) {
    case DELAY_EXPONENTIAL:
        law.kind = LAW_EXPONENTIAL;
        law.rate = log(2.0) / d->half_life_h; /* the half-life is the median delay */
        law.delay = (struct distribution){.kind = DISTRIBUTION_EXPONENTIAL, .a = 1.0 / law.rate};
        break;
    case DELAY_LOGNORMAL:
        law.delay = (struct distribution){
            .kind = DISTRIBUTION_LOGNORMAL, .a = log(d->median_h), .b = d->sigma};
        break;
    case DELAY_UNIFORM:
        law.delay = (struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = d->max_h};
        break;
    case DELAY_POWERLAW:
        law.delay =
            (struct distribution){.kind = DISTRIBUTION_POWERLAW, .a = d->flat_h, .b = d->exponent};
        break;
    }
    law.u_max = stream_law_limit(&law, cfg->lifetime.h);
    return law;
}

/* The law a post's lifetime is drawn from, when it is not fixed. */
static struct distribution lifetime_law(const struct lifetime_config *l)
{
    if (l->kind == LIFETIME_LOGNORMAL) {
        return (struct distribution){
            .kind = DISTRIBUTION_LOGNORMAL, .a = log(l->median_h), .b = l->sigma};
    }
    return (struct distribution){.kind = DISTRIBUTION_EXPONENTIAL, .a = l->mean_h};
}

struct ranked {
    uint32_t followers;
    account_id id;
};

static int by_followers_desc(const void *a, const void *b)
{
    const struct ranked *x = a, *y = b;
    if (x->followers != y->followers) {
        return x->followers < y->followers ? 1 : -1;
    }
    return (x->id > y->id) - (x->id < y->id);
}

static int selects(const struct select_config *sel, uint32_t community, int role)
{
    return (sel->community < 0 || (uint32_t)sel->community == community) &&
           (sel->role < 0 || sel->role == role);
}

/* The top `want` accounts by followers among the selector's cells. An
 * implicit graph's cells are already in decreasing follower order, so a merge
 * of the cells' heads suffices; otherwise every candidate is ranked. */
static void find_top(const struct graph *g, const struct select_config *sel, uint32_t want,
                     struct candidates *out)
{
    size_t cells = (size_t)g->communities * ROLE_COUNT;
    out->top = xmalloc((want ? want : 1) * sizeof *out->top);
    out->top_count = 0;
    if (g->source == GRAPH_IMPLICIT) {
        uint32_t *head = xmalloc(cells * sizeof *head);
        for (size_t i = 0; i < cells; i++) {
            head[i] = g->cell_start[i];
        }
        while (out->top_count < want) {
            size_t best = cells;
            uint32_t best_followers = 0;
            for (size_t i = 0; i < cells; i++) {
                if (!selects(sel, (uint32_t)(i / ROLE_COUNT), (int)(i % ROLE_COUNT)) ||
                    head[i] >= g->cell_start[i + 1]) {
                    continue;
                }
                uint32_t f = graph_audience(g, head[i]).count;
                if (best == cells || f > best_followers) {
                    best = i;
                    best_followers = f;
                }
            }
            if (best == cells) {
                break;
            }
            out->top[out->top_count++] = head[best]++;
        }
        free(head);
        return;
    }
    size_t n = out->total;
    struct ranked *all = xmalloc((n ? n : 1) * sizeof *all);
    size_t w = 0;
    for (size_t i = 0; i < cells; i++) {
        if (!selects(sel, (uint32_t)(i / ROLE_COUNT), (int)(i % ROLE_COUNT))) {
            continue;
        }
        for (account_id a = g->cell_start[i]; a < g->cell_start[i + 1]; a++) {
            all[w++] = (struct ranked){graph_audience(g, a).count, a};
        }
    }
    qsort(all, n, sizeof *all, by_followers_desc);
    for (size_t i = 0; i < n && out->top_count < want; i++) {
        out->top[out->top_count++] = all[i].id;
    }
    free(all);
}

/* The accounts sel matches, and the top ones when it picks the top: `want`
 * of them, the selector's count or, when fraction > 0 (a prebunk's),
 * round(fraction x matching accounts). */
static void resolve_candidates(const struct graph *g, const struct select_config *sel,
                               double fraction, struct candidates *out)
{
    memset(out, 0, sizeof *out);
    size_t cells = (size_t)g->communities * ROLE_COUNT;
    out->range_start = xmalloc(cells * sizeof *out->range_start);
    out->range_length = xmalloc(cells * sizeof *out->range_length);
    for (size_t i = 0; i < cells; i++) {
        uint32_t length = g->cell_start[i + 1] - g->cell_start[i];
        if (length && selects(sel, (uint32_t)(i / ROLE_COUNT), (int)(i % ROLE_COUNT))) {
            out->range_start[out->range_count] = g->cell_start[i];
            out->range_length[out->range_count++] = length;
            out->total += length;
        }
    }
    out->want = sel->count < out->total ? sel->count : out->total;
    if (fraction > 0.0) {
        out->want = (uint32_t)llround(fraction * out->total);
    }
    if (sel->pick == PICK_TOP) {
        find_top(g, sel, out->want, out);
    }
    if (sel->pick == PICK_FOLLOWERS) {
        double *weight = xmalloc((out->total ? out->total : 1) * sizeof *weight);
        size_t n = 0;
        for (uint32_t i = 0; i < out->range_count; i++) {
            for (uint32_t j = 0; j < out->range_length[i]; j++) {
                uint32_t followers = graph_audience(g, out->range_start[i] + j).count;
                out->with_followers += followers > 0;
                weight[n++] = followers;
            }
        }
        if (out->with_followers > 0) {
            out->by_followers = gsl_ran_discrete_preproc(n, weight);
        }
        free(weight);
    }
}

/* A scenario's selection asking for more accounts than match: the parser
 * refuses it for a generated or implicit graph; a file graph's roles are
 * known only here. A study's selection (up_to) takes what there is. */
static bool asks_too_many(const struct select_config *sel, uint32_t total)
{
    return !sel->up_to && sel->count != SELECT_ALL && sel->count > total;
}

/* What a selection can pick: by followers, only the accounts someone follows. */
static uint32_t pickable(const struct select_config *sel, const struct candidates *c)
{
    return sel->pick == PICK_FOLLOWERS ? c->with_followers : c->total;
}

static void free_candidates(struct candidates *c)
{
    free(c->top);
    if (c->by_followers) {
        gsl_ran_discrete_free(c->by_followers);
    }
    free(c->range_start);
    free(c->range_length);
}

/* The recommender's constants: the budget and the cap a tick, the
 * background's score, the decay of engagement over a tick, a post's weight
 * by the role of its source (the ranking policy), and each story's appeal
 * in the audience it is shown to: the mean of appeal over the accounts the
 * targeting draws (uniform: weighted by community size; appeal: by appeal
 * × size). */
static void recommender_init(struct world_recommender *rec, const struct config *cfg,
                             const uint32_t *community_size)
{
    const struct recommender_config *rc = &cfg->recommender;
    double budget = floor(config_recommender_budget_h(cfg) * rc->tick_h);
    rec->budget_tick = cfg->recommender.enabled ? (uint32_t)fmin(budget, CONFIG_TICK_VIEWS_MAX) : 0;
    rec->cap_tick =
        rc->max_views_per_h > 0.0
            ? (uint32_t)fmin(floor(rc->max_views_per_h * rc->tick_h), CONFIG_TICK_VIEWS_MAX)
            : UINT32_MAX;
    /* The profile, normalised to mean 1, as its running integral over the
     * day: the budget of a span is then two lookups. */
    const double *w = rc->daily_profile;
    double sum = 0.0;
    rec->profiled = false;
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        sum += w[h];
        rec->profiled = rec->profiled || w[h] != w[0];
    }
    rec->budget_h = config_recommender_budget_h(cfg);
    rec->profile_cum[0] = 0.0;
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        rec->profile_cum[h + 1] = rec->profile_cum[h] + w[h] * CONFIG_PROFILE_HOURS / sum;
    }
    rec->background = config_recommender_background(cfg);
    rec->decay = exp2(-rc->tick_h / rc->half_life_h);
    for (int r = 0; r < ROLE_COUNT; r++) {
        bool low = r == ROLE_SITE || r == ROLE_BOT;
        rec->weight[r] = rc->policy == POLICY_CREDIBILITY && low ? rc->low_credibility_factor : 1.0;
    }
    rec->appeal = xmalloc(cfg->story_count * sizeof *rec->appeal);
    for (size_t s = 0; s < cfg->story_count; s++) {
        const double *appeal = cfg->stories[s].appeal;
        double shown = 0.0, engaged = 0.0;
        for (uint32_t c = 0; c < cfg->communities; c++) {
            double n = (double)community_size[c];
            shown += rc->targeting == TARGET_APPEAL ? appeal[c] * n : n;
            engaged += rc->targeting == TARGET_APPEAL ? appeal[c] * appeal[c] * n : appeal[c] * n;
        }
        rec->appeal[s] = shown > 0.0 ? engaged / shown : 0.0;
    }
}

double world_propensity(const struct world *w, account_id v, int role)
{
    double sigma = w->propensity_sigma[role];
    if (sigma == 0.0) {
        return 1.0;
    }
    /* 53 bits of the mixed key, centred in their cell: U in (0, 1). */
    uint64_t h = rng_mix64(w->propensity_key ^ (uint64_t)v);
    double u = ((double)(h >> 11) + 0.5) * 0x1.0p-53;
    return exp(sigma * gsl_cdf_ugaussian_Pinv(u) + w->propensity_shift[role]);
}

/* The integral of the normalised profile over [0, t_h): whole days of 24,
 * then the running sum to the hour and the hour's part. */
static double profile_integral(const struct world_recommender *rec, double t_h)
{
    double days = floor(t_h / CONFIG_PROFILE_HOURS);
    double in_day = t_h - days * CONFIG_PROFILE_HOURS;
    int h = (int)in_day;
    if (h >= CONFIG_PROFILE_HOURS) {
        h = CONFIG_PROFILE_HOURS - 1; /* rounding at the day's very end */
    }
    double weight = rec->profile_cum[h + 1] - rec->profile_cum[h];
    return days * rec->profile_cum[CONFIG_PROFILE_HOURS] + rec->profile_cum[h] +
           weight * (in_day - h);
}

uint32_t world_recommender_tick_budget(const struct world_recommender *rec, double tick_h,
                                       double t_h)
{
    if (!rec->profiled || rec->budget_tick == 0) {
        return rec->budget_tick;
    }
    double span = profile_integral(rec, t_h + tick_h) - profile_integral(rec, t_h);
    return (uint32_t)fmin(floor(rec->budget_h * fmax(span, 0.0)), CONFIG_TICK_VIEWS_MAX);
}

/* The scenario's own checks, worded as a model failure. */
static int check_config(const struct config *cfg, struct model_failure *failure)
{
    struct error why;
    if (config_check(cfg, &why) != STATUS_OK) {
        model_failure_set(failure, MODEL_FAILURE_CONFIG, 0, 0, 0);
        if (failure) {
            snprintf(failure->reason, sizeof failure->reason, "%s", why.message);
        }
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static int complete(struct world *w, const struct config *cfg, struct model_failure *failure);

int world_init(struct world *w, const struct config *cfg, const struct edge_list *edges,
               struct model_failure *failure)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    if (check_config(cfg, failure) != STATUS_OK) {
        return STATUS_BAD_INPUT;
    }
    gsl_rng *r = rng_new(cfg->seed, RNG_STREAM_GRAPH);
    int status = STATUS_OK;
    if (cfg->graph.source == GRAPH_FILE) {
        assert(edges);
        status = graph_from_edges(&w->graph, cfg, edges, r, failure);
    } else {
        graph_build(&w->graph, cfg, r);
    }
    rng_free(r);
    if (status != STATUS_OK) {
        return status;
    }
    return complete(w, cfg, failure);
}

int world_init_on_graph(struct world *w, const struct config *cfg, const struct graph *graph,
                        struct model_failure *failure)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    if (check_config(cfg, failure) != STATUS_OK) {
        return STATUS_BAD_INPUT;
    }
    w->graph = *graph;
    w->graph_borrowed = true;
    return complete(w, cfg, failure);
}

/* Everything the world derives from cfg besides its graph. */
static int complete(struct world *w, const struct config *cfg, struct model_failure *failure)
{
    const struct graph *g = &w->graph;

    /* A key of its own, not a draw from the graph's stream: the graph stays
     * what it was whether or not propensities vary. */
    w->propensity_key = rng_mix64(cfg->seed ^ UINT64_C(0x70726F70656E7369)); /* "propensi" */
    for (int role = 0; role < ROLE_COUNT; role++) {
        double sigma = cfg->roles[role].share_sigma;
        w->propensity_sigma[role] = sigma;
        w->propensity_shift[role] = -0.5 * sigma * sigma;
    }

    w->law[LAW_FEED] = feed_law(cfg);
    w->lifetime_drawn = cfg->lifetime.kind != LIFETIME_FIXED;
    w->lifetime = lifetime_law(&cfg->lifetime);
    w->law[LAW_TICK] = (struct stream_law){.kind = LAW_EVEN, .span_h = cfg->recommender.tick_h};
    /* The exponential law draws every visible follower and stops at the
     * lifetime; the quantile law draws only those within it (with a drawn
     * lifetime, publish scales the visibility by each post's own limit). */
    w->show_prob =
        cfg->visibility * (w->law[LAW_FEED].kind == LAW_EXPONENTIAL ? 1.0 : w->law[LAW_FEED].u_max);
    w->slice_h = WORLD_SLICE_H;
    w->shared_bits_max = WORLD_SHARED_BITS_MAX;

    uint32_t k = cfg->communities;
    w->community_size = xmalloc(k * sizeof *w->community_size);
    for (uint32_t c = 0; c < k; c++) {
        w->community_size[c] = graph_community_end(g, c) - graph_community_start(g, c);
    }
    w->rec_target = xcalloc(cfg->story_count, sizeof *w->rec_target);
    if (cfg->recommender.targeting == TARGET_APPEAL) {
        double *weight = xmalloc(k * sizeof *weight);
        for (size_t s = 0; s < cfg->story_count; s++) {
            double sum = 0.0;
            for (uint32_t c = 0; c < k; c++) {
                weight[c] = cfg->stories[s].appeal[c] * w->community_size[c];
                sum += weight[c];
            }
            /* A story with no appeal anywhere falls back to uniform targeting. */
            if (sum > 0.0) {
                w->rec_target[s] = gsl_ran_discrete_preproc(k, weight);
            }
        }
        free(weight);
    }

    recommender_init(&w->rec, cfg, w->community_size);

    w->candidates = xcalloc(cfg->action_count, sizeof *w->candidates);
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct select_config *sel = &cfg->actions[a].select;
        resolve_candidates(g, sel, 0.0, &w->candidates[a]);
        if (w->candidates[a].total == 0) {
            /* The parser checks this for generated graphs; a file graph's
             * roles are only known now. */
            return model_failure_set(failure, MODEL_FAILURE_ACTION_SELECTS_NOBODY, (uint32_t)a, 0,
                                     0);
        }
        if (asks_too_many(sel, pickable(sel, &w->candidates[a]))) {
            return model_failure_set(failure, MODEL_FAILURE_ACTION_SELECTS_TOO_MANY, (uint32_t)a,
                                     sel->count, pickable(sel, &w->candidates[a]));
        }
    }
    w->iv_candidates = xcalloc(cfg->intervention_count + 1, sizeof *w->iv_candidates);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        /* A list names its accounts itself, replicate by replicate; a
         * replicate whose list is empty suspends nobody, as a study means. */
        if ((iv->kind != INTERVENTION_FACTCHECK && iv->kind != INTERVENTION_SUSPEND &&
             iv->kind != INTERVENTION_PREBUNK) ||
            iv->select.pick == PICK_LIST) {
            continue;
        }
        double fraction = iv->kind == INTERVENTION_PREBUNK ? iv->fraction : 0.0;
        resolve_candidates(g, &iv->select, fraction, &w->iv_candidates[i]);
        /* A factcheck without a correction selects nobody; a prebunk's
         * fraction replaces its count. */
        bool selects = iv->kind != INTERVENTION_FACTCHECK || iv->correction >= 0;
        if (w->iv_candidates[i].total == 0 && selects) {
            return model_failure_set(failure, MODEL_FAILURE_INTERVENTION_SELECTS_NOBODY,
                                     (uint32_t)i, 0, 0);
        }
        uint32_t can = pickable(&iv->select, &w->iv_candidates[i]);
        if (selects && ((fraction == 0.0 && asks_too_many(&iv->select, can)) ||
                        (iv->select.pick == PICK_FOLLOWERS && can < w->iv_candidates[i].want &&
                         w->iv_candidates[i].want < w->iv_candidates[i].total))) {
            return model_failure_set(failure, MODEL_FAILURE_INTERVENTION_SELECTS_TOO_MANY,
                                     (uint32_t)i, iv->select.count, can);
        }
    }
    return STATUS_OK;
}

void world_destroy(struct world *w)
{
    if (!w) {
        return;
    }
    if (!w->graph_borrowed) {
        graph_destroy(&w->graph);
    }
    if (w->cfg) {
        for (size_t s = 0; s < w->cfg->story_count && w->rec_target; s++) {
            if (w->rec_target[s]) {
                gsl_ran_discrete_free(w->rec_target[s]);
            }
        }
        for (size_t a = 0; a < w->cfg->action_count && w->candidates; a++) {
            free_candidates(&w->candidates[a]);
        }
        for (size_t i = 0; i < w->cfg->intervention_count && w->iv_candidates; i++) {
            free_candidates(&w->iv_candidates[i]);
        }
    }
    free(w->rec_target);
    free(w->rec.appeal);
    free(w->candidates);
    free(w->iv_candidates);
    free(w->community_size);
    memset(w, 0, sizeof *w);
}
