/* Event handlers and the event loop of the amplification model. */
#include "simulate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include "../engine/alloc.h"
#include "../engine/rng.h"

enum event_kind { EVENT_ACTION, EVENT_EXPOSURE, EVENT_TICK };

enum { DELAY_FEED = 0, DELAY_TICK = 1 };

#define STATE_SHARED 0x80u
#define STATE_EXPOSURES 0x7Fu

/* ---------------------------------------------------------------- world */

static struct distribution feed_distribution(const struct delay_config *d)
{
    struct distribution out = {.kind = DISTRIBUTION_UNIFORM, .a = 1.0, .b = 0.0};
    switch (d->kind) {
    case DELAY_EXPONENTIAL:
        out.kind = DISTRIBUTION_EXPONENTIAL;
        out.a = d->half_life_h / log(2.0); /* mean = half-life / ln 2 */
        break;
    case DELAY_LOGNORMAL:
        out.kind = DISTRIBUTION_LOGNORMAL;
        out.a = log(d->median_h);
        out.b = d->sigma;
        break;
    case DELAY_UNIFORM:
        out.a = d->max_h;
        break;
    }
    return out;
}

/* CDF at the cut-off, kept strictly below 1 so the quantile stays finite. */
static double below_one(double p)
{
    double top = nextafter(1.0, 0.0);
    return p < top ? p : top;
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

/* The accounts an action may select, top-by-followers first when it picks
 * the top (then only the first `count` are kept). */
static uint32_t resolve_candidates(const struct graph *g, const struct select_config *sel,
                                   account_id **out)
{
    size_t n = 0;
    for (uint32_t c = 0; c < g->communities; c++) {
        if (sel->community >= 0 && (uint32_t)sel->community != c) {
            continue;
        }
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (sel->role >= 0 && sel->role != r) {
                continue;
            }
            size_t cell = (size_t)c * ROLE_COUNT + (size_t)r;
            n += g->cell_start[cell + 1] - g->cell_start[cell];
        }
    }
    struct ranked *all = xmalloc((n ? n : 1) * sizeof *all);
    size_t w = 0;
    for (uint32_t c = 0; c < g->communities; c++) {
        if (sel->community >= 0 && (uint32_t)sel->community != c) {
            continue;
        }
        for (int r = 0; r < ROLE_COUNT; r++) {
            if (sel->role >= 0 && sel->role != r) {
                continue;
            }
            size_t cell = (size_t)c * ROLE_COUNT + (size_t)r;
            for (account_id a = g->cell_start[cell]; a < g->cell_start[cell + 1]; a++) {
                all[w++] = (struct ranked){graph_follower_count(g, a), a};
            }
        }
    }
    if (sel->pick == PICK_TOP) {
        qsort(all, n, sizeof *all, by_followers_desc);
        if (n > sel->count) {
            n = sel->count;
        }
    }
    *out = xmalloc((n ? n : 1) * sizeof **out);
    for (size_t i = 0; i < n; i++) {
        (*out)[i] = all[i].id;
    }
    free(all);
    return (uint32_t)n;
}

int world_check_campaign(const struct config *cfg, struct error *err)
{
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    graph_cell_counts(cfg, cell);
    int status = STATUS_OK;
    for (size_t a = 0; a < cfg->action_count && status == STATUS_OK; a++) {
        const struct select_config *sel = &cfg->actions[a].select;
        uint64_t n = 0;
        for (uint32_t c = 0; c < cfg->communities; c++) {
            for (int r = 0; r < ROLE_COUNT; r++) {
                if ((sel->community < 0 || (uint32_t)sel->community == c) &&
                    (sel->role < 0 || sel->role == r)) {
                    n += cell[(size_t)c * ROLE_COUNT + r];
                }
            }
        }
        if (n == 0) {
            char community[32] = "any community";
            if (sel->community >= 0) {
                snprintf(community, sizeof community, "community %d", sel->community);
            }
            const char *role = sel->role >= 0 ? role_name(sel->role) : "any";
            status = error_set(err,
                               "/campaign/actions/%zu/select: expected at least one account with "
                               "role %s in %s, got none (raise /population/roles/%s/count)",
                               a, role, community, sel->role >= 0 ? role : "user");
        }
    }
    free(cell);
    return status;
}

int world_init(struct world *w, const struct config *cfg, struct error *err)
{
    memset(w, 0, sizeof *w);
    w->cfg = cfg;
    char why[256];
    assert(config_check(cfg, why, sizeof why) == 0);
    int status = world_check_campaign(cfg, err);
    if (status != STATUS_OK) {
        return status;
    }

    gsl_rng *r = rng_new(cfg->seed, RNG_STREAM_GRAPH);
    graph_generate(&w->graph, cfg, r);
    rng_free(r);

    w->delay[DELAY_FEED] = feed_distribution(&cfg->delay);
    w->u_max[DELAY_FEED] = below_one(distribution_cdf(&w->delay[DELAY_FEED], cfg->lifetime_h));
    w->delay[DELAY_TICK] =
        (struct distribution){.kind = DISTRIBUTION_UNIFORM, .a = cfg->recommender.tick_h};
    w->u_max[DELAY_TICK] = below_one(1.0);
    w->show_prob = cfg->visibility * w->u_max[DELAY_FEED];

    uint32_t k = cfg->communities;
    w->community_size = xmalloc(k * sizeof *w->community_size);
    for (uint32_t c = 0; c < k; c++) {
        w->community_size[c] =
            graph_community_end(&w->graph, c) - graph_community_start(&w->graph, c);
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

    w->candidates = xcalloc(cfg->action_count, sizeof *w->candidates);
    w->candidate_count = xcalloc(cfg->action_count, sizeof *w->candidate_count);
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct select_config *sel = &cfg->actions[a].select;
        w->candidate_count[a] = resolve_candidates(&w->graph, sel, &w->candidates[a]);
        assert(w->candidate_count[a] > 0); /* world_check_campaign ran first */
    }
    return STATUS_OK;
}

void world_destroy(struct world *w)
{
    if (!w) {
        return;
    }
    graph_destroy(&w->graph);
    if (w->cfg) {
        for (size_t s = 0; s < w->cfg->story_count && w->rec_target; s++) {
            if (w->rec_target[s]) {
                gsl_ran_discrete_free(w->rec_target[s]);
            }
        }
        for (size_t a = 0; a < w->cfg->action_count && w->candidates; a++) {
            free(w->candidates[a]);
        }
    }
    free(w->rec_target);
    free(w->candidates);
    free(w->candidate_count);
    free(w->community_size);
    memset(w, 0, sizeof *w);
}

/* ------------------------------------------------------------ workspace */

void workspace_init(struct workspace *ws, const struct world *w)
{
    const struct config *cfg = w->cfg;
    size_t stories = cfg->story_count;
    memset(ws, 0, sizeof *ws);
    ws->world = w;
    ws->rng = rng_new(cfg->seed, 0);
    event_queue_init(&ws->queue, 1024);
    ws->stream_capacity = 1024;
    ws->streams = xmalloc(ws->stream_capacity * sizeof *ws->streams);
    ws->free_streams = xmalloc(ws->stream_capacity * sizeof *ws->free_streams);
    ws->state = xmalloc((size_t)cfg->accounts * stories);
    ws->node_capacity = 1024;
    ws->nodes = xmalloc(ws->node_capacity * sizeof *ws->nodes);
    ws->first_time = xmalloc(stories * sizeof *ws->first_time);
    ws->origin = xmalloc(stories * sizeof *ws->origin);
    ws->share_factor = xmalloc(stories * cfg->communities * sizeof *ws->share_factor);
    ws->label = xmalloc(stories * sizeof *ws->label);
    ws->posts_in_tick = xmalloc(stories * sizeof *ws->posts_in_tick);
    ws->views = xmalloc(stories * sizeof *ws->views);
    ws->next_decade = xmalloc(stories * sizeof *ws->next_decade);
    double f = 1.0;
    for (int n = 0; n < 128; n++) {
        ws->reinforcement_pow[n] = f;
        f *= cfg->reinforcement;
    }
}

void workspace_destroy(struct workspace *ws)
{
    if (!ws) {
        return;
    }
    rng_free(ws->rng);
    event_queue_destroy(&ws->queue);
    free(ws->streams);
    free(ws->free_streams);
    free(ws->state);
    free(ws->nodes);
    free(ws->tree_size);
    free(ws->tree_root);
    free(ws->tree_wiener);
    free(ws->first_time);
    free(ws->origin);
    free(ws->share_factor);
    free(ws->label);
    free(ws->posts_in_tick);
    free(ws->views);
    free(ws->next_decade);
    free(ws->plan);
    memset(ws, 0, sizeof *ws);
}

static void reset(struct workspace *ws)
{
    const struct config *cfg = ws->world->cfg;
    size_t stories = cfg->story_count;
    event_queue_clear(&ws->queue);
    ws->free_count = 0;
    for (uint32_t i = ws->stream_capacity; i > 0; i--) {
        ws->free_streams[ws->free_count++] = i - 1;
    }
    memset(ws->state, 0, (size_t)cfg->accounts * stories);
    ws->node_count = 0;
    for (size_t s = 0; s < stories; s++) {
        ws->first_time[s] = INFINITY;
        ws->origin[s] = cfg->stories[s].origin;
        ws->label[s] = 1.0;
        ws->posts_in_tick[s] = 0;
        ws->views[s] = 0;
        ws->next_decade[s] = 0;
    }
}

static uint32_t stream_alloc(struct workspace *ws)
{
    if (ws->free_count == 0) {
        /* Grow the pool; slots keep their indices, so queued ids stay valid. */
        uint32_t old = ws->stream_capacity;
        ws->stream_capacity = old * 2;
        ws->streams = xrealloc(ws->streams, ws->stream_capacity * sizeof *ws->streams);
        ws->free_streams =
            xrealloc(ws->free_streams, ws->stream_capacity * sizeof *ws->free_streams);
        for (uint32_t i = ws->stream_capacity; i > old; i--) {
            ws->free_streams[ws->free_count++] = i - 1;
        }
    }
    return ws->free_streams[--ws->free_count];
}

static void stream_release(struct workspace *ws, uint32_t id)
{
    ws->free_streams[ws->free_count++] = id;
}

/* ---------------------------------------------------------------- model */

static void resolve_story(struct workspace *ws, uint32_t s, int first_role, double t_h)
{
    const struct config *cfg = ws->world->cfg;
    uint32_t k = cfg->communities;
    ws->first_time[s] = t_h;
    if (ws->origin[s] < 0) {
        ws->origin[s] = first_role;
    }
    const struct story_config *st = &cfg->stories[s];
    double synthetic = st->synthetic ? cfg->synthetic_boost : 1.0;
    const double *trust = cfg->trust + (size_t)ws->origin[s] * k;
    for (uint32_t c = 0; c < k; c++) {
        ws->share_factor[(size_t)s * k + c] = st->appeal[c] * trust[c] * synthetic;
    }
}

double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, double t_h, uint32_t n)
{
    const struct config *cfg = ws->world->cfg;
    assert(n >= 1);
    double p = cfg->roles[role].share_prob;
    if (p <= 0.0) {
        return 0.0;
    }
    p *= ws->share_factor[(size_t)story * cfg->communities + community] * ws->label[story];
    double half_life = cfg->stories[story].half_life_h;
    if (half_life > 0.0) {
        p *= exp2(-(t_h - ws->first_time[story]) / half_life);
    }
    p *= ws->reinforcement_pow[n < 128 ? n - 1 : 127];
    return p < 1.0 ? p : 1.0;
}

static void count(struct observation *obs, uint32_t s, uint32_t bin, uint32_t channel_key,
                  uint32_t role_key, uint32_t community_key, enum measure m)
{
    observation_cell(obs, s, bin, KEY_TOTAL)[m]++;
    observation_cell(obs, s, bin, channel_key)[m]++;
    observation_cell(obs, s, bin, role_key)[m]++;
    observation_cell(obs, s, bin, community_key)[m]++;
}

static uint32_t bin_of(const struct observation *obs, const struct config *cfg, double t_h)
{
    uint32_t b = (uint32_t)(t_h / cfg->bin_h);
    return b < obs->bins ? b : obs->bins - 1;
}

/* The account posts (or reposts) story s at t_h: a cascade node, and a
 * fan-out stream to the followers whose feeds show it within its lifetime. */
static void publish(struct workspace *ws, struct observation *obs, uint32_t s, account_id a,
                    double t_h, uint32_t parent)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    if (ws->node_count == ws->node_capacity) {
        ws->node_capacity *= 2;
        ws->nodes = xrealloc(ws->nodes, ws->node_capacity * sizeof *ws->nodes);
    }
    uint32_t node = (uint32_t)ws->node_count++;
    uint16_t depth = 0;
    if (parent != NO_NODE) {
        uint16_t pd = ws->nodes[parent].depth;
        depth = pd < UINT16_MAX ? (uint16_t)(pd + 1) : pd;
    }
    ws->nodes[node] = (struct cascade_node){.parent = parent, .story = (uint16_t)s, .depth = depth};
    if (depth > obs->max_depth[s]) {
        obs->max_depth[s] = depth;
    }
    if (isinf(ws->first_time[s])) {
        resolve_story(ws, s, g->role[a], t_h);
    }
    ws->posts_in_tick[s]++;

    uint32_t audience = graph_follower_count(g, a);
    if (audience == 0) {
        return;
    }
    uint32_t exposures = gsl_ran_binomial(ws->rng, w->show_prob, audience);
    if (exposures == 0) {
        return;
    }
    uint32_t id = stream_alloc(ws);
    struct stream *st = &ws->streams[id];
    stream_start(st, t_h, exposures, w->u_max[DELAY_FEED], audience, rng_u64(ws->rng));
    st->poster = a;
    st->node = node;
    st->story = (uint16_t)s;
    st->channel = g->role[a] == ROLE_SITE ? CHANNEL_SITE : CHANNEL_FOLLOWERS;
    st->delay = DELAY_FEED;
    double t_next = stream_next_time(st, &w->delay[DELAY_FEED], ws->rng);
    event_queue_push(&ws->queue, t_next, EVENT_EXPOSURE, id);
}

/* One impression of story s on account v, through a post by an account of
 * poster_role (or the platform) on channel ch. */
static void view(struct workspace *ws, struct observation *obs, uint32_t s, account_id v,
                 uint32_t ch, uint32_t poster_role, uint32_t parent, double t_h)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    int role = w->graph.role[v];
    double activity = cfg->roles[role].activity;
    if (activity < 1.0 && gsl_rng_uniform(ws->rng) >= activity) {
        return;
    }
    uint32_t community = w->graph.community[v];
    uint32_t bin = bin_of(obs, cfg, t_h);
    uint32_t ck = KEY_CHANNEL(ch), rk = KEY_ROLE(poster_role), mk = KEY_COMMUNITY(community);
    uint8_t *state = &ws->state[(size_t)v * cfg->story_count + s];
    uint32_t seen = *state & STATE_EXPOSURES;
    if (seen < STATE_EXPOSURES) {
        (*state)++;
    }
    count(obs, s, bin, ck, rk, mk, MEASURE_VIEWS);
    if (seen == 0) {
        count(obs, s, bin, ck, rk, mk, MEASURE_REACH);
    }
    uint64_t views = ++ws->views[s];
    uint32_t decade = ws->next_decade[s];
    if (decade < OBSERVE_DECADES) {
        static const uint64_t threshold[OBSERVE_DECADES] = {
            10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u};
        if (views >= threshold[decade]) {
            obs->time_to_views[(size_t)s * OBSERVE_DECADES + decade] = t_h;
            ws->next_decade[s] = decade + 1;
        }
    }
    if (*state & STATE_SHARED) {
        return;
    }
    double p = simulate_share_probability(ws, s, role, community, t_h, seen + 1);
    if (p <= 0.0 || (p < 1.0 && gsl_rng_uniform(ws->rng) >= p)) {
        return;
    }
    *state |= STATE_SHARED;
    count(obs, s, bin, ck, KEY_ROLE(role), mk, MEASURE_SHARES);
    publish(ws, obs, s, v, t_h, parent);
}

static void on_exposure(struct workspace *ws, struct observation *obs, uint32_t id, double t_h)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    struct stream *st = &ws->streams[id];
    uint32_t j = stream_take(st);
    uint32_t s = st->story, ch = st->channel, parent = st->node;
    account_id poster = st->poster, viewer;
    uint32_t poster_role;
    if (poster != NO_ACCOUNT) {
        viewer = g->followers[g->offsets[poster] + j];
        poster_role = g->role[poster];
    } else {
        const gsl_ran_discrete_t *target = w->rec_target[s];
        if (target) {
            uint32_t c = (uint32_t)gsl_ran_discrete(ws->rng, target);
            viewer = graph_community_start(g, c) +
                     (account_id)gsl_rng_uniform_int(ws->rng, w->community_size[c]);
        } else {
            viewer = (account_id)gsl_rng_uniform_int(ws->rng, g->accounts);
        }
        poster_role = POSTER_PLATFORM;
    }
    /* Queue the stream's next exposure before the view, which may publish and
     * so grow (move) the stream pool. */
    if (st->remaining > 0) {
        double t_next = stream_next_time(st, &w->delay[st->delay], ws->rng);
        event_queue_push(&ws->queue, t_next, EVENT_EXPOSURE, id);
    } else {
        stream_release(ws, id);
    }
    view(ws, obs, s, viewer, ch, poster_role, parent, t_h);
}

/* The recommender's periodic look at story s: it shows the story to random
 * accounts at a rate proportional to the posts of the last tick. */
static void on_tick(struct workspace *ws, uint32_t s, double t_h)
{
    const struct world *w = ws->world;
    const struct recommender_config *rec = &w->cfg->recommender;
    uint32_t posts = ws->posts_in_tick[s];
    ws->posts_in_tick[s] = 0;
    if (t_h + rec->tick_h < w->cfg->duration_h) {
        event_queue_push(&ws->queue, t_h + rec->tick_h, EVENT_TICK, s);
    }
    if (posts == 0) {
        return;
    }
    double mean = rec->gain * posts;
    unsigned int n = mean > 0.0 ? gsl_ran_poisson(ws->rng, mean) : 0;
    double cap = floor(rec->max_views_per_h * rec->tick_h);
    if ((double)n > cap) {
        n = (unsigned int)cap;
    }
    if (n == 0) {
        return;
    }
    uint32_t id = stream_alloc(ws);
    struct stream *st = &ws->streams[id];
    stream_start(st, t_h, n, w->u_max[DELAY_TICK], 0, 0);
    st->poster = NO_ACCOUNT;
    st->node = NO_NODE;
    st->story = (uint16_t)s;
    st->channel = CHANNEL_RECOMMENDER;
    st->delay = DELAY_TICK;
    double t_next = stream_next_time(st, &w->delay[DELAY_TICK], ws->rng);
    event_queue_push(&ws->queue, t_next, EVENT_EXPOSURE, id);
}

/* Expands each action into posts by its selected accounts, each pushed as an
 * ACTION event whose id indexes the workspace's plan. */
static void plan_campaign(struct workspace *ws)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    size_t n = 0;
    for (size_t a = 0; a < cfg->action_count; a++) {
        uint32_t m = w->candidate_count[a];
        n += cfg->actions[a].select.count < m ? cfg->actions[a].select.count : m;
    }
    if (n > ws->plan_capacity) {
        ws->plan_capacity = n;
        ws->plan = xrealloc(ws->plan, n * sizeof *ws->plan);
    }
    size_t i = 0;
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        uint32_t m = w->candidate_count[a];
        uint32_t want = ac->select.count < m ? ac->select.count : m;
        uint32_t left = m;
        for (uint32_t j = 0; j < m && want > 0; j++, left--) {
            /* Top picks are the first candidates; random picks are a uniform
             * subset by selection sampling. */
            if (ac->select.pick == PICK_RANDOM && gsl_rng_uniform(ws->rng) * left >= want) {
                continue;
            }
            double jitter = ac->jitter_h > 0.0 ? ac->jitter_h * gsl_rng_uniform(ws->rng) : 0.0;
            ws->plan[i] = (struct planned_post){w->candidates[a][j], ac->story};
            event_queue_push(&ws->queue, ac->at_h + jitter, EVENT_ACTION, (uint32_t)i);
            i++;
            want--;
        }
    }
    ws->plan_count = i;
}

/* Structural virality (Goel et al. 2016): the mean distance between all pairs
 * of posts in a cascade tree, 2W / (n (n - 1)) with W the Wiener index
 * sum over edges of size(subtree) x (n - size(subtree)). Reported for each
 * story's largest tree. */
static void measure_trees(struct workspace *ws, struct observation *obs)
{
    size_t n = ws->node_count;
    if (n > ws->tree_capacity) {
        ws->tree_capacity = ws->node_capacity;
        ws->tree_size = xrealloc(ws->tree_size, ws->tree_capacity * sizeof *ws->tree_size);
        ws->tree_root = xrealloc(ws->tree_root, ws->tree_capacity * sizeof *ws->tree_root);
        ws->tree_wiener =
            xrealloc(ws->tree_wiener, ws->tree_capacity * sizeof *ws->tree_wiener);
    }
    for (size_t i = 0; i < n; i++) {
        ws->tree_size[i] = 1;
        ws->tree_wiener[i] = 0.0;
    }
    /* Parents precede children, so one backward pass sums subtree sizes and
     * one forward pass finds roots. */
    for (size_t i = n; i-- > 0;) {
        uint32_t p = ws->nodes[i].parent;
        if (p != NO_NODE) {
            ws->tree_size[p] += ws->tree_size[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t p = ws->nodes[i].parent;
        ws->tree_root[i] = p == NO_NODE ? (uint32_t)i : ws->tree_root[p];
        if (p != NO_NODE) {
            double all = ws->tree_size[ws->tree_root[i]], sub = ws->tree_size[i];
            ws->tree_wiener[ws->tree_root[i]] += sub * (all - sub);
        }
    }
    for (size_t i = 0; i < n; i++) {
        if (ws->nodes[i].parent != NO_NODE) {
            continue;
        }
        uint32_t s = ws->nodes[i].story, size = ws->tree_size[i];
        if (size > obs->largest_tree[s]) {
            obs->largest_tree[s] = size;
            obs->virality[s] =
                size > 1 ? 2.0 * ws->tree_wiener[i] / ((double)size * (size - 1.0)) : 0.0;
        }
    }
}

void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    rng_reseed(ws->rng, seed, replicate);
    reset(ws);
    observation_clear(obs);

    plan_campaign(ws);
    if (cfg->recommender.enabled) {
        for (uint32_t s = 0; s < cfg->story_count; s++) {
            event_queue_push(&ws->queue, cfg->recommender.tick_h, EVENT_TICK, s);
        }
    }

    struct event e;
    while (event_queue_pop(&ws->queue, &e)) {
        if (e.time_h >= cfg->duration_h) {
            break;
        }
        obs->events++;
        switch (e.kind) {
        case EVENT_EXPOSURE:
            on_exposure(ws, obs, e.id, e.time_h);
            break;
        case EVENT_ACTION: {
            const struct planned_post *pp = &ws->plan[e.id];
            uint8_t *state = &ws->state[(size_t)pp->account * cfg->story_count + pp->story];
            /* A campaign account does not also reshare the story organically. */
            *state |= STATE_SHARED;
            obs->posts[pp->story]++;
            publish(ws, obs, pp->story, pp->account, e.time_h, NO_NODE);
            break;
        }
        case EVENT_TICK:
            on_tick(ws, e.id, e.time_h);
            break;
        default:
            assert(0 && "unknown event kind");
        }
    }
    measure_trees(ws, obs);
    uint64_t reached = 0;
    size_t stories = cfg->story_count;
    for (size_t v = 0; v < cfg->accounts; v++) {
        const uint8_t *row = &ws->state[v * stories];
        for (size_t s = 0; s < stories; s++) {
            if (row[s] & STATE_EXPOSURES) {
                reached++;
                break;
            }
        }
    }
    obs->reach_any = reached;
}

int workspace_check(const struct workspace *ws)
{
    if (!event_queue_check(&ws->queue) || ws->free_count > ws->stream_capacity) {
        return -1;
    }
    for (size_t i = 0; i < ws->node_count; i++) {
        uint32_t p = ws->nodes[i].parent;
        if (p != NO_NODE && p >= i) {
            return -1;
        }
    }
    return 0;
}
