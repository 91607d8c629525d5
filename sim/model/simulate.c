/* Event handlers and the time-sliced event loop of the amplification model. */
#include "simulate.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "../engine/sort.h"
#include "view_key.h"

enum event_kind { EVENT_VIEW, EVENT_EXPOSURE, EVENT_ACTION, EVENT_TICK, EVENT_INTERVENTION };

#define STATE_SHARED 0x8u
#define STATE_VIEWS 0x7u

/* How far ahead of the event being handled the loop prefetches state. */
#define PREFETCH_DISTANCE 12

/* How far ahead the reach pass prefetches seen bits: its loop is short, so
 * it can keep more misses in flight than the handler. */
#define REACH_PREFETCH_DISTANCE 48

/* The reach log holds up to this many views (16 bytes each, 512 KiB in all,
 * so it stays in cache between writing and settling). Settling after every
 * slice or when the log is full gives the same counts. A longer log, grouped
 * by block of seen bits before settling so that the bits are swept rather
 * than read at random, was no faster on the 2-core VM (docs/performance.md):
 * moving the log through memory costs what the random reads cost. */
#define REACH_LOG_CAPACITY ((size_t)1 << 15)

/* A view whose reach is decided after its slice (without reinforcement):
 * the first logged view of (account, story) counts one unit of reach. */
struct reach_entry {
    account_id account;
    uint32_t bin;
    uint16_t story;
    uint16_t community;
    uint8_t channel;
    uint8_t poster_role;
    bool first; /* set by settle_reach: the seen bit was clear */
};

/* ------------------------------------------------------------ workspace */

static size_t state_bytes(const struct world *w)
{
    return ((size_t)w->graph.accounts * w->cfg->story_count + 1) / 2;
}

static size_t seen_words(const struct world *w)
{
    return ((size_t)w->graph.accounts * w->cfg->story_count + 63) / 64;
}

/* Whether a share depends on how often the viewer saw the story before. */
static bool counts_views(const struct config *cfg)
{
    return cfg->reinforcement != 1.0;
}

void workspace_init(struct workspace *ws, const struct world *w)
{
    const struct config *cfg = w->cfg;
    size_t stories = cfg->story_count;
    memset(ws, 0, sizeof *ws);
    ws->world = w;
    ws->rng = rng_new(cfg->seed, 0);
    /* Everything filed lies within a post's lifetime, a recommender tick or an
     * intervention's delay of the event filing it. */
    double reach = fmax(cfg->lifetime_h, cfg->recommender.tick_h);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        reach = fmax(reach, cfg->interventions[i].delay_h);
    }
    calendar_init(&ws->calendar, cfg->duration_h, w->slice_h, reach);
    event_queue_init(&ws->heap, 256);
    ws->batch_capacity = 1024;
    ws->batch = xmalloc(ws->batch_capacity * sizeof *ws->batch);
    ws->batch_scratch = xmalloc(ws->batch_capacity * sizeof *ws->batch_scratch);
    ws->stream_capacity = 1024;
    ws->streams = xmalloc_huge(ws->stream_capacity * sizeof *ws->streams);
    ws->free_streams = xmalloc(ws->stream_capacity * sizeof *ws->free_streams);
    if (counts_views(cfg)) {
        ws->state = xmalloc_huge(state_bytes(w));
    } else {
        ws->seen = xmalloc_huge(seen_words(w) * sizeof *ws->seen);
        key_set_init(&ws->sharers, 1u << 16);
        ws->reach_log = xmalloc(REACH_LOG_CAPACITY * sizeof *ws->reach_log);
    }
    ws->node_capacity = 1024;
    ws->nodes = xmalloc(ws->node_capacity * sizeof *ws->nodes);
    ws->first_time = xmalloc(stories * sizeof *ws->first_time);
    ws->origin = xmalloc(stories * sizeof *ws->origin);
    ws->share_factor = xmalloc(stories * cfg->communities * sizeof *ws->share_factor);
    ws->label = xmalloc(stories * sizeof *ws->label);
    ws->share_base = xcalloc(stories * ROLE_COUNT * cfg->communities, sizeof *ws->share_base);
    ws->posts_in_tick = xmalloc(stories * sizeof *ws->posts_in_tick);
    ws->views = xmalloc(stories * sizeof *ws->views);
    ws->next_decade = xmalloc(stories * sizeof *ws->next_decade);
    double f = 1.0;
    for (int n = 0; n < 8; n++) {
        ws->reinforcement_pow[n] = f;
        f *= cfg->reinforcement;
    }
    size_t picks = 1;
    for (size_t a = 0; a < cfg->action_count; a++) {
        picks = cfg->actions[a].select.count > picks ? cfg->actions[a].select.count : picks;
    }
    size_t ivs = cfg->intervention_count;
    ws->armed = xcalloc(ivs + 1, 1);
    ws->view_trigger = xmalloc(stories * sizeof *ws->view_trigger);
    ws->view_check = xmalloc(stories * sizeof *ws->view_check);
    ws->rate_watched = xcalloc(stories, 1);
    ws->rate_ring = xcalloc(ivs + 1, sizeof *ws->rate_ring);
    ws->rate_ring_size = xcalloc(ivs + 1, sizeof *ws->rate_ring_size);
    ws->rate_ring_head = xcalloc(ivs + 1, sizeof *ws->rate_ring_head);
    ws->rate_ring_count = xcalloc(ivs + 1, sizeof *ws->rate_ring_count);
    for (size_t i = 0; i < ivs; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        picks = iv->select.count > picks ? iv->select.count : picks;
        if (iv->trigger == TRIGGER_SHARE_RATE) {
            /* The rate is reached once threshold x window shares fall in the
             * window, so the ring never needs to hold more. */
            double size = ceil(iv->threshold * iv->window_h) + 1.0;
            ws->rate_ring_size[i] = size < 1e8 ? (uint32_t)size : 100000000u;
            ws->rate_ring[i] = xmalloc(ws->rate_ring_size[i] * sizeof **ws->rate_ring);
        }
    }
    ws->taken_down = xmalloc(stories);
    ws->demotion = xmalloc(stories * sizeof *ws->demotion);
    ws->suspended_capacity = 16;
    ws->suspended = xmalloc(ws->suspended_capacity * sizeof *ws->suspended);
    ws->picks_capacity = picks;
    ws->picks = xmalloc(picks * sizeof *ws->picks);
    ws->picks_scratch = xmalloc(picks * sizeof *ws->picks_scratch);
}

void workspace_destroy(struct workspace *ws)
{
    if (!ws) {
        return;
    }
    rng_free(ws->rng);
    calendar_destroy(&ws->calendar);
    event_queue_destroy(&ws->heap);
    free(ws->batch);
    free(ws->batch_scratch);
    free(ws->streams);
    free(ws->free_streams);
    if (ws->seen) {
        key_set_destroy(&ws->sharers);
    }
    free(ws->state);
    free(ws->seen);
    free(ws->reach_log);
    free(ws->nodes);
    free(ws->tree_size);
    free(ws->tree_root);
    free(ws->tree_wiener);
    free(ws->first_time);
    free(ws->origin);
    free(ws->share_factor);
    free(ws->label);
    free(ws->share_base);
    free(ws->posts_in_tick);
    free(ws->views);
    free(ws->next_decade);
    free(ws->plan);
    free(ws->plan_events);
    free(ws->plan_scratch);
    free(ws->picks);
    free(ws->picks_scratch);
    if (ws->rate_ring) {
        for (size_t i = 0; i < ws->world->cfg->intervention_count; i++) {
            free(ws->rate_ring[i]);
        }
    }
    free(ws->armed);
    free(ws->view_trigger);
    free(ws->view_check);
    free(ws->rate_watched);
    free(ws->rate_ring);
    free(ws->rate_ring_size);
    free(ws->rate_ring_head);
    free(ws->rate_ring_count);
    free(ws->taken_down);
    free(ws->demotion);
    free(ws->suspended);
    memset(ws, 0, sizeof *ws);
}

/* The views counts at which time_to_views records a decade. */
static const uint64_t decade_views[OBSERVE_DECADES] = {
    10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u};

/* Sets story s's view_check: the next views count at which the view handler
 * must record a decade or look at the triggers. */
static void refresh_view_check(struct workspace *ws, size_t s)
{
    uint32_t decade = ws->next_decade[s];
    uint64_t next = decade < OBSERVE_DECADES ? decade_views[decade] : UINT64_MAX;
    ws->view_check[s] = next < ws->view_trigger[s] ? next : ws->view_trigger[s];
}

/* Recomputes each story's lowest views threshold among unarmed triggers, so
 * the view handler compares one number per view. */
static void update_view_triggers(struct workspace *ws)
{
    const struct config *cfg = ws->world->cfg;
    for (size_t s = 0; s < cfg->story_count; s++) {
        ws->view_trigger[s] = UINT64_MAX;
    }
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->trigger == TRIGGER_VIEWS && !ws->armed[i]) {
            uint64_t at = iv->threshold < 1.8e19 ? (uint64_t)ceil(iv->threshold) : UINT64_MAX;
            if (at < ws->view_trigger[iv->trigger_story]) {
                ws->view_trigger[iv->trigger_story] = at;
            }
        }
    }
    for (size_t s = 0; s < cfg->story_count; s++) {
        refresh_view_check(ws, s);
    }
}

static bool is_suspended(const struct workspace *ws, account_id a)
{
    size_t lo = 0, hi = ws->suspended_count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ws->suspended[mid] < a) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < ws->suspended_count && ws->suspended[lo] == a;
}

static void reset(struct workspace *ws)
{
    const struct config *cfg = ws->world->cfg;
    calendar_clear(&ws->calendar);
    event_queue_clear(&ws->heap);
    ws->batch_count = 0;
    ws->free_count = 0;
    for (uint32_t i = ws->stream_capacity; i > 0; i--) {
        ws->free_streams[ws->free_count++] = i - 1;
    }
    if (ws->state) {
        memset(ws->state, 0, state_bytes(ws->world));
    } else {
        memset(ws->seen, 0, seen_words(ws->world) * sizeof *ws->seen);
        key_set_clear(&ws->sharers);
    }
    ws->reach_count = 0;
    ws->node_count = 0;
    for (size_t s = 0; s < cfg->story_count; s++) {
        ws->first_time[s] = INFINITY;
        ws->origin[s] = cfg->stories[s].origin;
        ws->label[s] = 1.0;
        ws->posts_in_tick[s] = 0;
        ws->views[s] = 0;
        ws->next_decade[s] = 0;
        ws->taken_down[s] = 0;
        ws->demotion[s] = 1.0;
    }
    memset(ws->armed, 0, cfg->intervention_count);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        ws->rate_ring_head[i] = ws->rate_ring_count[i] = 0;
        if (cfg->interventions[i].trigger == TRIGGER_SHARE_RATE) {
            ws->rate_watched[cfg->interventions[i].trigger_story] = 1;
        }
    }
    update_view_triggers(ws);
    ws->suspended_count = 0;
}

static uint32_t stream_alloc(struct workspace *ws)
{
    if (ws->free_count == 0) {
        /* Grow the pool; slots keep their indices, so queued ids stay valid. */
        uint32_t old = ws->stream_capacity;
        ws->stream_capacity = old * 2;
        /* Streams are visited in no useful order: one cache line each (a
         * stream is 64 bytes), on huge pages once the pool is large. */
        struct stream *grown = xmalloc_huge(ws->stream_capacity * sizeof *grown);
        memcpy(grown, ws->streams, old * sizeof *grown);
        free(ws->streams);
        ws->streams = grown;
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

/* Files an event: into the current slice's heap if it falls inside the slice
 * being processed, else into the calendar. Returns 0 if it lies past the end
 * of the run. */
static int schedule(struct workspace *ws, double t_h, uint32_t kind, uint32_t id)
{
    if (t_h >= ws->world->cfg->duration_h) {
        return 0;
    }
    if (t_h < ws->slice_end_h) {
        event_queue_push(&ws->heap, t_h, kind, id);
        return 1;
    }
    return calendar_push(&ws->calendar, t_h, kind, id);
}

static __attribute__((noinline)) void batch_grow(struct workspace *ws)
{
    ws->batch_capacity *= 2;
    ws->batch = xrealloc(ws->batch, ws->batch_capacity * sizeof *ws->batch);
    ws->batch_scratch = xrealloc(ws->batch_scratch, ws->batch_capacity * sizeof *ws->batch_scratch);
}

static inline void batch_append(struct workspace *ws, double t_h, uint32_t kind, uint32_t id,
                                uint64_t payload)
{
    if (ws->batch_count == ws->batch_capacity) {
        batch_grow(ws);
    }
    ws->batch[ws->batch_count++] =
        (struct event){.time_h = t_h, .payload = payload, .kind = kind, .id = id};
}

/* ---------------------------------------------------------------- model */

/* Recomputes story s's row of share_base after its share factors or its
 * label changed. The products are those the view handler would form, in the
 * same order, so the draws compare against the same numbers. */
static void refresh_share_base(struct workspace *ws, uint32_t s)
{
    const struct config *cfg = ws->world->cfg;
    uint32_t k = cfg->communities;
    for (int role = 0; role < ROLE_COUNT; role++) {
        double p = cfg->roles[role].share_prob;
        double *row = ws->share_base + ((size_t)s * ROLE_COUNT + (size_t)role) * k;
        for (uint32_t c = 0; c < k; c++) {
            row[c] = p <= 0.0 ? 0.0 : p * ws->share_factor[(size_t)s * k + c] * ws->label[s];
        }
    }
}

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
    refresh_share_base(ws, s);
}

/* The share probability without the decay factor (which is at most 1). */
static inline double share_bound(const struct workspace *ws, uint32_t story, int role,
                                 uint32_t community, uint32_t n)
{
    uint32_t k = ws->world->cfg->communities;
    return ws->share_base[((size_t)story * ROLE_COUNT + (size_t)role) * k + community] *
           ws->reinforcement_pow[n < 8 ? n - 1 : 7];
}

static inline double decay(const struct workspace *ws, uint32_t story, double t_h)
{
    double half_life = ws->world->cfg->stories[story].half_life_h;
    return half_life > 0.0 ? exp2(-(t_h - ws->first_time[story]) / half_life) : 1.0;
}

double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, double t_h, uint32_t n)
{
    assert(n >= 1);
    double p = share_bound(ws, story, role, community, n) * decay(ws, story, t_h);
    return p < 1.0 ? p : 1.0;
}

/* Draws whether a view leads to a share, with probability
 * simulate_share_probability. The uniform is compared with the bound before
 * the decay is computed: the same decisions from the same draws, without an
 * exp2 for the many views that clear the bound. */
static inline __attribute__((always_inline)) bool draws_share(struct workspace *ws, uint32_t story,
                                                              int role, uint32_t community,
                                                              double t_h, uint32_t n)
{
    double bound = share_bound(ws, story, role, community, n);
    if (bound <= 0.0) {
        return false;
    }
    if (bound < 1.0) {
        double u = rng_uniform(ws->rng);
        return u < bound && u < bound * decay(ws, story, t_h);
    }
    double p = bound * decay(ws, story, t_h);
    return p >= 1.0 || rng_uniform(ws->rng) < p;
}

static inline void count(struct observation *obs, uint32_t s, uint32_t bin, uint32_t channel_key,
                         uint32_t role_key, uint32_t community_key, enum measure m)
{
    /* The four cells share (story, bin): address the row once. */
    uint64_t *row = observation_cell(obs, s, bin, KEY_TOTAL) + m;
    row[0]++;
    row[(size_t)channel_key * MEASURE_COUNT]++;
    row[(size_t)role_key * MEASURE_COUNT]++;
    row[(size_t)community_key * MEASURE_COUNT]++;
}

static inline uint32_t bin_of(const struct observation *obs, const struct config *cfg, double t_h)
{
    uint32_t b = (uint32_t)(t_h / cfg->bin_h);
    return b < obs->bins ? b : obs->bins - 1;
}

/* The byte holding the nibble of (account v, story s), and the nibble's shift. */
static inline uint8_t *state_at(const struct workspace *ws, account_id v, uint32_t s,
                                unsigned *shift)
{
    size_t i = (size_t)v * ws->world->cfg->story_count + s;
    *shift = (unsigned)(i & 1u) * 4u;
    return &ws->state[i >> 1];
}

/* The key of (account v, story s) in the seen bits and the sharers. */
static inline uint64_t state_key(const struct workspace *ws, account_id v, uint32_t s)
{
    return (uint64_t)v * ws->world->cfg->story_count + s;
}

/* Account v has posted story s: it never reshares s (again). */
static void mark_shared(struct workspace *ws, account_id v, uint32_t s)
{
    if (ws->state) {
        unsigned shift;
        uint8_t *byte = state_at(ws, v, s, &shift);
        *byte |= (uint8_t)(STATE_SHARED << shift);
    } else {
        key_set_add(&ws->sharers, state_key(ws, v, s));
    }
}

/* Files intervention i to fire delay_h after its trigger at t_h. */
static void arm(struct workspace *ws, uint32_t i, double t_h)
{
    ws->armed[i] = 1;
    schedule(ws, t_h + ws->world->cfg->interventions[i].delay_h, EVENT_INTERVENTION, i);
}

static void arm_view_triggers(struct workspace *ws, uint32_t s, uint64_t views, double t_h)
{
    const struct config *cfg = ws->world->cfg;
    for (uint32_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (!ws->armed[i] && iv->trigger == TRIGGER_VIEWS && iv->trigger_story == s &&
            (double)views >= iv->threshold) {
            arm(ws, i, t_h);
        }
    }
    update_view_triggers(ws);
}

/* A share of s at t_h: each share-rate trigger on s keeps the times of the
 * shares in its window and arms once they reach threshold x window. */
static void watch_share_rate(struct workspace *ws, uint32_t s, double t_h)
{
    const struct config *cfg = ws->world->cfg;
    for (uint32_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (ws->armed[i] || iv->trigger != TRIGGER_SHARE_RATE || iv->trigger_story != s) {
            continue;
        }
        double *ring = ws->rate_ring[i];
        uint32_t size = ws->rate_ring_size[i];
        while (ws->rate_ring_count[i] > 0 && ring[ws->rate_ring_head[i]] <= t_h - iv->window_h) {
            ws->rate_ring_head[i] = (ws->rate_ring_head[i] + 1) % size;
            ws->rate_ring_count[i]--;
        }
        if (ws->rate_ring_count[i] < size) {
            ring[(ws->rate_ring_head[i] + ws->rate_ring_count[i]) % size] = t_h;
            ws->rate_ring_count[i]++;
        }
        if ((double)ws->rate_ring_count[i] >= iv->threshold * iv->window_h) {
            arm(ws, i, t_h);
        }
    }
}

/* The account posts (or reposts) story s at t_h: a cascade node, and a
 * fan-out stream to the followers whose feeds show it within its lifetime. */
static void publish(struct workspace *ws, struct observation *obs, uint32_t s, account_id a,
                    double t_h, uint32_t parent)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    if (ws->taken_down[s] || (ws->suspended_count > 0 && is_suspended(ws, a))) {
        return; /* a removed story cannot be posted, a suspended account cannot post */
    }
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
    ws->nodes[node] = (struct cascade_node){
        .parent = parent, .account = a, .story = (uint16_t)s, .depth = depth, .cancelled = 0};
    if (depth > obs->max_depth[s]) {
        obs->max_depth[s] = depth;
    }
    int role = graph_role(g, a);
    if (isinf(ws->first_time[s])) {
        resolve_story(ws, s, role, t_h);
    }
    ws->posts_in_tick[s]++;

    struct audience audience = graph_audience(g, a);
    if (audience.count == 0) {
        return;
    }
    uint32_t exposures = gsl_ran_binomial(ws->rng, w->show_prob * ws->demotion[s], audience.count);
    if (exposures == 0) {
        return;
    }
    uint32_t id = stream_alloc(ws);
    struct stream *st = &ws->streams[id];
    st->poster = a;
    st->node = node;
    st->story = (uint16_t)s;
    st->channel = role == ROLE_SITE ? CHANNEL_SITE : CHANNEL_FOLLOWERS;
    st->law = LAW_FEED;
    st->poster_role = (uint8_t)role;
    if (!stream_start(st, t_h, exposures, &audience, &w->law[LAW_FEED], ws->rng) ||
        !schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        stream_release(ws, id);
    }
}

/* Counts the reach of the logged views and empties the log: in the order
 * they were handled, a view whose seen bit was clear is a first view. The
 * bits are tested first in a loop of a few instructions, so that many of its
 * cache misses are in flight at once; the counting follows from the log,
 * which is in cache. */
static void settle_reach(struct workspace *ws, struct observation *obs)
{
    struct reach_entry *log = ws->reach_log;
    size_t n = ws->reach_count, stories = ws->world->cfg->story_count;
    uint64_t *seen = ws->seen;
    for (size_t i = 0; i < n; i++) {
        if (i + REACH_PREFETCH_DISTANCE < n) {
            const struct reach_entry *ahead = &log[i + REACH_PREFETCH_DISTANCE];
            __builtin_prefetch(&seen[((uint64_t)ahead->account * stories + ahead->story) >> 6], 1,
                               1);
        }
        uint64_t key = (uint64_t)log[i].account * stories + log[i].story;
        uint64_t bit = UINT64_C(1) << (key & 63), word = seen[key >> 6];
        seen[key >> 6] = word | bit;
        log[i].first = !(word & bit);
    }
    for (size_t i = 0; i < n; i++) {
        const struct reach_entry *e = &log[i];
        if (e->first) {
            count(obs, e->story, e->bin, KEY_CHANNEL(e->channel), KEY_ROLE(e->poster_role),
                  KEY_COMMUNITY(e->community), MEASURE_REACH);
        }
    }
    ws->reach_count = 0;
}

/* Logs a view whose reach is settled later; settles the log when full. */
static void log_reach(struct workspace *ws, struct observation *obs, account_id v, uint32_t s,
                      uint32_t bin, uint32_t ch, uint32_t poster_role, uint32_t community)
{
    if (ws->reach_count == REACH_LOG_CAPACITY) {
        settle_reach(ws, obs);
    }
    ws->reach_log[ws->reach_count++] = (struct reach_entry){.account = v,
                                                            .bin = bin,
                                                            .story = (uint16_t)s,
                                                            .community = (uint16_t)community,
                                                            .channel = (uint8_t)ch,
                                                            .poster_role = (uint8_t)poster_role};
}

/* Story s's views reached view_check: records a decade, arms triggers. */
static __attribute__((noinline)) void pass_view_check(struct workspace *ws, struct observation *obs,
                                                      uint32_t s, uint64_t views, double t_h)
{
    uint32_t decade = ws->next_decade[s];
    if (decade < OBSERVE_DECADES && views >= decade_views[decade]) {
        obs->time_to_views[(size_t)s * OBSERVE_DECADES + decade] = t_h;
        ws->next_decade[s] = decade + 1;
    }
    if (views >= ws->view_trigger[s]) {
        arm_view_triggers(ws, s, views, t_h); /* refreshes every view_check */
    }
    refresh_view_check(ws, s);
}

/* One impression of story s on account v at t_h, through a post by an
 * account of poster_role (or the platform) on channel ch. */
static inline void view(struct workspace *ws, struct observation *obs, uint32_t s, account_id v,
                        uint32_t ch, uint32_t poster_role, uint32_t parent, double t_h,
                        uint32_t bin)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    if (ws->taken_down[s] ||
        (ws->suspended_count > 0 && parent != NO_NODE && ws->nodes[parent].cancelled)) {
        return; /* the story or the post is gone from feeds */
    }
    uint32_t cell = graph_cell(&w->graph, v);
    int role = (int)(cell % ROLE_COUNT);
    uint32_t community = cell / ROLE_COUNT;
    double activity = cfg->roles[role].activity;
    if (activity < 1.0 && rng_uniform(ws->rng) >= activity) {
        return;
    }
    uint32_t ck = KEY_CHANNEL(ch), rk = KEY_ROLE(poster_role), mk = KEY_COMMUNITY(community);
    count(obs, s, bin, ck, rk, mk, MEASURE_VIEWS);
    unsigned seen = 0; /* earlier views of s by v, up to 7; known only with reinforcement */
    bool shared;
    if (ws->state) {
        unsigned shift;
        uint8_t *byte = state_at(ws, v, s, &shift);
        unsigned nibble = (*byte >> shift) & 0xFu;
        seen = nibble & STATE_VIEWS;
        if (seen < STATE_VIEWS) {
            *byte = (uint8_t)(*byte + (1u << shift));
        }
        if (seen == 0) {
            count(obs, s, bin, ck, rk, mk, MEASURE_REACH);
        }
        shared = nibble & STATE_SHARED;
    } else {
        /* Reach changes no later event, so it is settled after the slice:
         * the seen bits are read in a short loop that keeps many cache
         * misses in flight, not one at a time between handlers. */
        log_reach(ws, obs, v, s, bin, ch, poster_role, community);
        shared = key_set_contains(&ws->sharers, state_key(ws, v, s));
    }
    uint64_t views = ++ws->views[s];
    if (views >= ws->view_check[s]) {
        pass_view_check(ws, obs, s, views, t_h);
    }
    if (shared || (ws->suspended_count > 0 && is_suspended(ws, v))) {
        return;
    }
    if (!draws_share(ws, s, role, community, t_h, seen + 1)) {
        return;
    }
    mark_shared(ws, v, s);
    count(obs, s, bin, ck, KEY_ROLE(role), mk, MEASURE_SHARES);
    if (ws->rate_watched[s]) {
        watch_share_rate(ws, s, t_h);
    }
    publish(ws, obs, s, v, t_h, parent);
}

/* The account that stream st's pending exposure reaches: a follower of the
 * poster, or for a recommender burst an account drawn by the targeting. */
static account_id exposure_target(struct workspace *ws, const struct stream *st)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    if (st->poster != NO_ACCOUNT) {
        return graph_follower(g, st->poster, &st->audience, st->index);
    }
    const gsl_ran_discrete_t *target = w->rec_target[st->story];
    if (target) {
        uint32_t c = (uint32_t)gsl_ran_discrete(ws->rng, target);
        return graph_community_start(g, c) + rng_below(ws->rng, w->community_size[c]);
    }
    return rng_below(ws->rng, g->accounts);
}

static uint64_t view_payload(const struct stream *st)
{
    return view_key_pack(st->node, st->story, st->channel, st->poster_role);
}

/* A stream whose story was taken down or whose poster was suspended. */
static inline bool stream_gone(const struct workspace *ws, const struct stream *st)
{
    return ws->taken_down[st->story] ||
           (ws->suspended_count > 0 && st->node != NO_NODE && ws->nodes[st->node].cancelled);
}

/* The emit loops below append to the batch every exposure of a stream due
 * before the end of the slice and return whether the stream goes on. Each
 * kind of stream has its own loop, so that the loop holds only what that
 * kind needs: a post's followers come from one follower map (an implicit
 * graph's key schedules built once per post and slice, not per exposure); a
 * recommender burst with uniform targeting draws accounts and times and
 * nothing else. The draws, and so every output, are those of one generic
 * loop over exposure_target and stream_advance. */

/* Any stream, drawing through the generator itself: quantile delays and
 * recommender bursts targeted by appeal use GSL's samplers, which take it.
 * Its own follower map: one whose address escaped into a call would keep
 * emit_followers' exponential loop from holding it in registers (5 % more
 * instructions there when this loop shared it). */
static bool emit_generic(struct workspace *ws, struct stream *st, uint64_t payload)
{
    const struct stream_law *law = &ws->world->law[st->law];
    bool followers = st->poster != NO_ACCOUNT;
    struct follower_map map = {.g = NULL}; /* a burst has no followers */
    if (followers) {
        follower_map_init(&map, &ws->world->graph, st->poster, &st->audience);
    }
    do {
        account_id v = followers ? follower_map_at(&map, st->index) : exposure_target(ws, st);
        batch_append(ws, st->next_h, EVENT_VIEW, v, payload);
        if (!stream_advance(st, law, ws->rng)) {
            return false;
        }
    } while (st->next_h < ws->slice_end_h);
    return true;
}

static bool emit_followers(struct workspace *ws, struct stream *st, uint64_t payload)
{
    const struct stream_law *law = &ws->world->law[st->law];
    if (law->kind != LAW_EXPONENTIAL) { /* quantile delays draw through GSL */
        return emit_generic(ws, st, payload);
    }
    struct follower_map map;
    follower_map_init(&map, &ws->world->graph, st->poster, &st->audience);
    /* The stream and the generator in locals, so that they stay in
     * registers across the batch's stores. */
    struct stream s = *st;
    struct rng_state r = *rng_state(ws->rng);
    bool more = true;
    do {
        batch_append(ws, s.next_h, EVENT_VIEW, follower_map_at(&map, s.index), payload);
        more = stream_consume(&s, law) && stream_draw_exponential(&s, law, &r);
    } while (more && s.next_h < ws->slice_end_h);
    *st = s;
    *rng_state(ws->rng) = r;
    return more;
}

static bool emit_uniform_burst(struct workspace *ws, struct stream *st, uint64_t payload)
{
    const struct stream_law *law = &ws->world->law[LAW_TICK];
    uint32_t accounts = ws->world->graph.accounts;
    assert(law->kind == LAW_EVEN && st->audience.count == 0);
    struct stream s = *st;
    struct rng_state r = *rng_state(ws->rng);
    bool more = true;
    do {
        batch_append(ws, s.next_h, EVENT_VIEW, rng_state_below(&r, accounts), payload);
        more = stream_consume(&s, law);
        if (more) {
            stream_draw_even(&s, law, &r);
        }
    } while (more && s.next_h < ws->slice_end_h);
    *st = s;
    *rng_state(ws->rng) = r;
    return more;
}

/* Emits stream id's exposures in the slice, then files the stream under its
 * next exposure (or frees it). */
static void emit(struct workspace *ws, uint32_t id)
{
    struct stream *st = &ws->streams[id];
    if (stream_gone(ws, st)) {
        stream_release(ws, id);
        return;
    }
    uint64_t payload = view_payload(st);
    bool more;
    if (st->poster != NO_ACCOUNT) {
        more = emit_followers(ws, st, payload);
    } else if (!ws->world->rec_target[st->story]) {
        more = emit_uniform_burst(ws, st, payload);
    } else {
        more = emit_generic(ws, st, payload);
    }
    if (!more || !schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        stream_release(ws, id);
    }
}

/* The recommender's periodic look at story s: it shows the story to random
 * accounts at a rate proportional to the posts of the last tick. */
static void on_tick(struct workspace *ws, uint32_t s, double t_h)
{
    const struct world *w = ws->world;
    const struct recommender_config *rec = &w->cfg->recommender;
    uint32_t posts = ws->posts_in_tick[s];
    ws->posts_in_tick[s] = 0;
    if (ws->taken_down[s]) {
        return; /* nothing left to recommend, ever */
    }
    schedule(ws, t_h + rec->tick_h, EVENT_TICK, s);
    if (posts == 0) {
        return;
    }
    double mean = rec->gain * posts * ws->demotion[s];
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
    struct audience untargeted = {0, 0, 0};
    st->poster = NO_ACCOUNT;
    st->node = NO_NODE;
    st->story = (uint16_t)s;
    st->channel = CHANNEL_RECOMMENDER;
    st->law = LAW_TICK;
    st->poster_role = POSTER_PLATFORM;
    if (!stream_start(st, t_h, n, &untargeted, &w->law[LAW_TICK], ws->rng) ||
        !schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        stream_release(ws, id);
    }
}

/* Writes `want` distinct indices of [0, n), sorted, to picks: selection
 * sampling when they are a large share of n, else draws with replacement
 * topped up until distinct. */
static void pick_random(struct workspace *ws, uint32_t n, uint32_t want)
{
    uint32_t *out = ws->picks;
    if ((uint64_t)want * 4 >= n) {
        uint32_t need = want, left = n, k = 0;
        for (uint32_t x = 0; x < n && need > 0; x++, left--) {
            if (rng_uniform(ws->rng) * left < need) {
                out[k++] = x;
                need--;
            }
        }
        return;
    }
    size_t have = 0;
    while (have < want) {
        for (size_t i = have; i < want; i++) {
            out[i] = rng_below(ws->rng, n);
        }
        sort_u32(out, want, ws->picks_scratch);
        have = 1;
        for (size_t i = 1; i < want; i++) {
            if (out[i] != out[have - 1]) {
                out[have++] = out[i];
            }
        }
    }
}

/* Chooses up to sel->count accounts among cand into ws->picks (the top ones,
 * or a uniform random subset in id order) and returns how many. */
static uint32_t choose_accounts(struct workspace *ws, const struct candidates *cand,
                                const struct select_config *sel)
{
    uint32_t want = sel->count < cand->total ? sel->count : cand->total;
    if (sel->pick == PICK_TOP) {
        memcpy(ws->picks, cand->top, want * sizeof *ws->picks);
        return want;
    }
    pick_random(ws, cand->total, want);
    /* Picks are sorted indices into the ranges, so the ranges are walked once. */
    uint32_t range = 0, range_first = 0;
    for (uint32_t j = 0; j < want; j++) {
        uint32_t x = ws->picks[j];
        while (x >= range_first + cand->range_length[range]) {
            range_first += cand->range_length[range++];
        }
        ws->picks[j] = cand->range_start[range] + (x - range_first);
    }
    return want;
}

/* Expands each action into posts by its selected accounts, each an ACTION
 * event whose id indexes the workspace's plan, and adds the interventions
 * that fire at a fixed time; all wait, sorted by time, for their slice. */
static void plan_campaign(struct workspace *ws)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    size_t n = cfg->intervention_count;
    for (size_t a = 0; a < cfg->action_count; a++) {
        uint32_t m = w->candidates[a].total;
        n += cfg->actions[a].select.count < m ? cfg->actions[a].select.count : m;
    }
    if (n > ws->plan_capacity) {
        ws->plan_capacity = n;
        ws->plan = xrealloc(ws->plan, n * sizeof *ws->plan);
        ws->plan_events = xrealloc(ws->plan_events, n * sizeof *ws->plan_events);
        ws->plan_scratch = xrealloc(ws->plan_scratch, n * sizeof *ws->plan_scratch);
    }
    size_t i = 0;
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        uint32_t chosen = choose_accounts(ws, &w->candidates[a], &ac->select);
        for (uint32_t j = 0; j < chosen; j++) {
            double jitter = ac->jitter_h > 0.0 ? ac->jitter_h * rng_uniform(ws->rng) : 0.0;
            ws->plan[i] = (struct planned_post){ws->picks[j], ac->story};
            ws->plan_events[i] = (struct event){
                .time_h = ac->at_h + jitter, .payload = 0, .kind = EVENT_ACTION, .id = (uint32_t)i};
            i++;
        }
    }
    for (size_t k = 0; k < cfg->intervention_count; k++) {
        const struct intervention_config *iv = &cfg->interventions[k];
        if (iv->trigger == TRIGGER_AT) {
            ws->armed[k] = 1;
            ws->plan_events[i++] = (struct event){.time_h = iv->at_h + iv->delay_h,
                                                  .payload = 0,
                                                  .kind = EVENT_INTERVENTION,
                                                  .id = (uint32_t)k};
        }
    }
    ws->plan_count = i;
    ws->plan_next = 0;
    /* Actions can lie far ahead, beyond the calendar's reach: they wait in
     * time order and join the batch of their slice. */
    if (sort_events_by_time(ws->plan_events, i, ws->plan_scratch) != ws->plan_events) {
        struct event *sorted = ws->plan_scratch;
        ws->plan_scratch = ws->plan_events;
        ws->plan_events = sorted;
    }
}

static int compare_accounts(const void *a, const void *b)
{
    account_id x = *(const account_id *)a, y = *(const account_id *)b;
    return (x > y) - (x < y);
}

/* Intervention i takes effect at t_h. */
static void fire(struct workspace *ws, struct observation *obs, uint32_t i, double t_h)
{
    const struct world *w = ws->world;
    const struct intervention_config *iv = &w->cfg->interventions[i];
    obs->intervention_time[i] = t_h;
    switch (iv->kind) {
    case INTERVENTION_FACTCHECK: {
        ws->label[iv->story] *= iv->label_factor;
        refresh_share_base(ws, iv->story);
        if (iv->correction < 0) {
            break;
        }
        uint32_t chosen = choose_accounts(ws, &w->iv_candidates[i], &iv->select);
        for (uint32_t j = 0; j < chosen; j++) {
            mark_shared(ws, ws->picks[j], (uint32_t)iv->correction);
            obs->posts[iv->correction]++;
            publish(ws, obs, (uint32_t)iv->correction, ws->picks[j], t_h, NO_NODE);
        }
        break;
    }
    case INTERVENTION_TAKEDOWN:
        ws->taken_down[iv->story] = 1;
        break;
    case INTERVENTION_SUSPEND: {
        uint32_t chosen = choose_accounts(ws, &w->iv_candidates[i], &iv->select);
        size_t need = ws->suspended_count + chosen;
        if (need > ws->suspended_capacity) {
            ws->suspended_capacity = 2 * need;
            ws->suspended = xrealloc(ws->suspended, ws->suspended_capacity * sizeof *ws->suspended);
        }
        memcpy(ws->suspended + ws->suspended_count, ws->picks, chosen * sizeof *ws->picks);
        ws->suspended_count = need;
        qsort(ws->suspended, need, sizeof *ws->suspended, compare_accounts);
        /* Their posts stop: pending exposures check the post's node. */
        for (size_t k = 0; k < ws->node_count; k++) {
            if (is_suspended(ws, ws->nodes[k].account)) {
                ws->nodes[k].cancelled = 1;
            }
        }
        break;
    }
    case INTERVENTION_DEMOTE:
        ws->demotion[iv->story] *= iv->factor;
        break;
    }
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
        ws->tree_wiener = xrealloc(ws->tree_wiener, ws->tree_capacity * sizeof *ws->tree_wiener);
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

/* Handles a view event, whose bin the caller knows. */
static inline void view_event(struct workspace *ws, struct observation *obs, const struct event *e,
                              uint32_t bin)
{
    uint64_t key = e->payload;
    view(ws, obs, view_key_story(key), e->id, view_key_channel(key), view_key_poster_role(key),
         view_key_node(key), e->time_h, bin);
}

/* Handles one event (never EVENT_EXPOSURE from the batch: those were
 * expanded into views when the slice was taken). */
static void handle(struct workspace *ws, struct observation *obs, const struct event *e)
{
    const struct world *w = ws->world;
    obs->events++;
    switch ((enum event_kind)e->kind) {
    case EVENT_VIEW:
        view_event(ws, obs, e, bin_of(obs, w->cfg, e->time_h));
        break;
    case EVENT_EXPOSURE: {
        /* A stream born inside this slice: deliver one exposure lazily. */
        struct stream *st = &ws->streams[e->id];
        if (stream_gone(ws, st)) {
            stream_release(ws, e->id);
            break;
        }
        account_id viewer = exposure_target(ws, st);
        uint64_t payload = view_payload(st);
        if (!stream_advance(st, &w->law[st->law], ws->rng) ||
            !schedule(ws, st->next_h, EVENT_EXPOSURE, e->id)) {
            stream_release(ws, e->id);
        }
        struct event v = {.time_h = e->time_h, .payload = payload, .kind = EVENT_VIEW, .id = viewer};
        obs->events--; /* the view counts the event */
        handle(ws, obs, &v);
        break;
    }
    case EVENT_ACTION: {
        const struct planned_post *pp = &ws->plan[e->id];
        if (ws->taken_down[pp->story] ||
            (ws->suspended_count > 0 && is_suspended(ws, pp->account))) {
            break; /* the campaign cannot post a removed story or from a suspended account */
        }
        /* A campaign account does not also reshare the story organically. */
        mark_shared(ws, pp->account, pp->story);
        obs->posts[pp->story]++;
        publish(ws, obs, pp->story, pp->account, e->time_h, NO_NODE);
        break;
    }
    case EVENT_TICK:
        on_tick(ws, e->id, e->time_h);
        break;
    case EVENT_INTERVENTION:
        fire(ws, obs, e->id, e->time_h);
        break;
    }
}

/* One slice: expand the streams due in it into a batch of views, sort it,
 * and handle it in time order merged with what the slice itself creates. */
static void run_slice(struct workspace *ws, struct observation *obs, struct calendar_bucket *bucket,
                      uint32_t slice)
{
    const struct world *w = ws->world;
    ws->slice_end_h = fmin((slice + 1) * w->slice_h, w->cfg->duration_h);
    ws->batch_count = 0;
    /* Emitting may file events into later buckets (and grow them), never into
     * this one: everything emitted lies in this slice or after it. */
    for (uint32_t i = 0; i < bucket->count; i++) {
        /* Streams are visited in no useful order: fetch them ahead. */
        if (i + PREFETCH_DISTANCE < bucket->count &&
            bucket->events[i + PREFETCH_DISTANCE].kind == EVENT_EXPOSURE) {
            __builtin_prefetch(&ws->streams[bucket->events[i + PREFETCH_DISTANCE].id], 1, 1);
        }
        struct event e = bucket->events[i];
        if (e.kind == EVENT_EXPOSURE) {
            emit(ws, e.id);
        } else {
            batch_append(ws, e.time_h, e.kind, e.id, e.payload);
        }
    }
    calendar_bucket_done(&ws->calendar);
    while (ws->plan_next < ws->plan_count &&
           ws->plan_events[ws->plan_next].time_h < ws->slice_end_h) {
        const struct event *a = &ws->plan_events[ws->plan_next++];
        batch_append(ws, a->time_h, a->kind, a->id, 0);
    }
    if (sort_events_by_time(ws->batch, ws->batch_count, ws->batch_scratch) != ws->batch) {
        struct event *sorted = ws->batch_scratch;
        ws->batch_scratch = ws->batch;
        ws->batch = sorted;
    }

    /* Division is monotone: when the slice's first and last instants fall
     * in one bin, every event of the slice does. */
    double slice_start_h = slice * w->slice_h;
    uint32_t slice_bin = bin_of(obs, w->cfg, slice_start_h);
    bool one_bin = slice_bin == bin_of(obs, w->cfg, nextafter(ws->slice_end_h, 0.0));

    size_t stories = w->cfg->story_count;
    const struct event *batch = ws->batch; /* handling never appends to the batch */
    size_t n = ws->batch_count;
    for (size_t i = 0; i < n || event_queue_size(&ws->heap) > 0;) {
        const struct event *top = event_queue_peek(&ws->heap);
        if (i < n && (!top || batch[i].time_h <= top->time_h)) {
            if (i + PREFETCH_DISTANCE < n) {
                const struct event *ahead = &batch[i + PREFETCH_DISTANCE];
                if (ahead->kind == EVENT_VIEW) {
                    size_t at = (size_t)ahead->id * stories + view_key_story(ahead->payload);
                    if (ws->state) {
                        __builtin_prefetch(&ws->state[at >> 1], 1, 1);
                    } else {
                        key_set_prefetch(&ws->sharers, at);
                    }
                }
            }
            const struct event *e = &batch[i++];
            if (e->kind == EVENT_VIEW) {
                /* Most events: handled here, without handle()'s dispatch. */
                obs->events++;
                view_event(ws, obs, e, one_bin ? slice_bin : bin_of(obs, w->cfg, e->time_h));
            } else {
                handle(ws, obs, e);
            }
        } else {
            struct event e;
            event_queue_pop(&ws->heap, &e);
            handle(ws, obs, &e);
        }
    }
    assert(ws->batch == batch && ws->batch_count == n);
    if (ws->seen) {
        settle_reach(ws, obs);
    }
}

/* Accounts with a view of any story, from the nibbles' view counts. */
static uint64_t reached_by_nibbles(const struct workspace *ws)
{
    const struct world *w = ws->world;
    uint64_t reached = 0;
    size_t stories = w->cfg->story_count;
    for (account_id v = 0; v < w->graph.accounts; v++) {
        for (uint32_t s = 0; s < stories; s++) {
            unsigned shift;
            const uint8_t *byte = state_at(ws, v, s, &shift);
            if ((*byte >> shift) & STATE_VIEWS) {
                reached++;
                break;
            }
        }
    }
    return reached;
}

/* Accounts with a view of any story, from the seen bits: a count of set
 * bits with one story, else a walk over them, in account order. */
static uint64_t reached_by_bits(const struct workspace *ws)
{
    const struct world *w = ws->world;
    size_t stories = w->cfg->story_count, words = seen_words(w);
    uint64_t reached = 0;
    if (stories == 1) {
        for (size_t i = 0; i < words; i++) {
            reached += (uint64_t)__builtin_popcountll(ws->seen[i]);
        }
        return reached;
    }
    uint64_t last = UINT64_MAX;
    for (size_t i = 0; i < words; i++) {
        for (uint64_t bits = ws->seen[i]; bits; bits &= bits - 1) {
            uint64_t account = (i * 64 + (uint64_t)__builtin_ctzll(bits)) / stories;
            if (account != last) {
                reached++;
                last = account;
            }
        }
    }
    return reached;
}

void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    rng_reseed(ws->rng, seed, replicate);
    reset(ws);
    observation_clear(obs);

    ws->slice_end_h = 0.0;
    plan_campaign(ws);
    if (cfg->recommender.enabled) {
        for (uint32_t s = 0; s < cfg->story_count; s++) {
            calendar_push(&ws->calendar, cfg->recommender.tick_h, EVENT_TICK, s);
        }
    }
    /* Nothing pending and no action to come means nothing can happen any
     * more: the heap is empty between slices, and only events create events. */
    for (uint32_t slice = 0; slice < ws->calendar.slices; slice++) {
        if (ws->stop && *ws->stop) {
            return; /* abandoned: the caller discards obs */
        }
        bool actions_due = ws->plan_next < ws->plan_count &&
                           ws->plan_events[ws->plan_next].time_h < (slice + 1) * w->slice_h;
        if (ws->calendar.pending == 0 && ws->plan_next == ws->plan_count) {
            break;
        }
        struct calendar_bucket *bucket = calendar_take(&ws->calendar, slice);
        if (bucket->count > 0 || actions_due) {
            run_slice(ws, obs, bucket, slice);
        }
    }

    measure_trees(ws, obs);
    obs->reach_any = ws->state ? reached_by_nibbles(ws) : reached_by_bits(ws);
}

int workspace_check(const struct workspace *ws)
{
    if (!event_queue_check(&ws->heap) || ws->free_count > ws->stream_capacity) {
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
