/* The workspace's storage: each part sized once from the world, reset
 * between replicates without allocating, and released; and workspace_check,
 * which states what must hold between slices. */
#include "workspace.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "interventions.h"

/* ----------------------------------------------------------- stream pool */

static void pool_init(struct stream_pool *p)
{
    p->capacity = 1024;
    /* Streams are visited in no useful order: one cache line each (a stream
     * is 64 bytes), on huge pages once the pool is large. */
    p->streams = xmalloc_huge(p->capacity * sizeof *p->streams);
    p->free_ids = xmalloc(p->capacity * sizeof *p->free_ids);
    p->free_count = 0;
}

static void pool_reset(struct stream_pool *p)
{
    p->free_count = 0;
    for (uint32_t i = p->capacity; i > 0; i--) {
        p->free_ids[p->free_count++] = i - 1;
    }
}

static void pool_destroy(struct stream_pool *p)
{
    free(p->streams);
    free(p->free_ids);
}

void workspace_grow_streams(struct workspace *ws)
{
    /* Slots keep their indices, so queued ids stay valid. */
    struct stream_pool *p = &ws->pool;
    uint32_t old = p->capacity;
    p->capacity = old * 2;
    struct stream *grown = xmalloc_huge(p->capacity * sizeof *grown);
    memcpy(grown, p->streams, old * sizeof *grown);
    free(p->streams);
    p->streams = grown;
    p->free_ids = xrealloc(p->free_ids, p->capacity * sizeof *p->free_ids);
    for (uint32_t i = p->capacity; i > old; i--) {
        p->free_ids[p->free_count++] = i - 1;
    }
}

/* ----------------------------------------------------------------- batch */

static void batch_init(struct slice_batch *b)
{
    b->capacity = 1024;
    b->events = xmalloc(b->capacity * sizeof *b->events);
    b->scratch = xmalloc(b->capacity * sizeof *b->scratch);
    b->count = 0;
}

static void batch_destroy(struct slice_batch *b)
{
    free(b->events);
    free(b->scratch);
}

__attribute__((noinline)) void workspace_grow_batch(struct workspace *ws)
{
    struct slice_batch *b = &ws->batch;
    b->capacity *= 2;
    b->events = xrealloc(b->events, b->capacity * sizeof *b->events);
    b->scratch = xrealloc(b->scratch, b->capacity * sizeof *b->scratch);
}

__attribute__((noinline)) void workspace_grow_held(struct workspace *ws)
{
    struct held_views *h = &ws->held;
    h->capacity = h->capacity ? 2 * h->capacity : 256;
    h->items = xrealloc(h->items, h->capacity * sizeof *h->items);
}

/* ----------------------------------------------------------------- marks */

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

/* Whether the sharers are bits rather than a set (WORLD_SHARED_BITS_MAX). */
static bool uses_shared_bits(const struct world *w)
{
    return (size_t)w->graph.accounts * w->cfg->story_count <= w->shared_bits_max;
}

static void marks_init(struct marks *m, const struct world *w)
{
    if (counts_views(w->cfg)) {
        m->state = xmalloc_huge(state_bytes(w));
    } else {
        m->seen = xmalloc_huge(seen_words(w) * sizeof *m->seen);
        if (uses_shared_bits(w)) {
            m->shared = xmalloc_huge(seen_words(w) * sizeof *m->shared);
        } else {
            key_set_init(&m->sharers, 1u << 16);
        }
        m->reach_log = xmalloc(REACH_LOG_CAPACITY * sizeof *m->reach_log);
    }
}

static void marks_reset(struct marks *m, const struct world *w)
{
    if (m->state) {
        memset(m->state, 0, state_bytes(w));
    } else {
        memset(m->seen, 0, seen_words(w) * sizeof *m->seen);
        if (m->shared) {
            memset(m->shared, 0, seen_words(w) * sizeof *m->shared);
        } else {
            key_set_clear(&m->sharers);
        }
    }
    m->reach_count = 0;
}

static void marks_destroy(struct marks *m)
{
    if (m->seen && !m->shared) {
        key_set_destroy(&m->sharers);
    }
    free(m->state);
    free(m->seen);
    free(m->shared);
    free(m->reach_log);
}

/* The reach tallies: an account's kinds seen, as a bit per kind, counted
 * into each figure it belongs to. */
struct reached {
    uint64_t any, campaign, by_kind[STORY_KIND_COUNT];
};

static void tally(struct reached *r, unsigned kinds_seen)
{
    if (kinds_seen == 0) {
        return;
    }
    r->any++;
    r->campaign += (kinds_seen & (1u << STORY_FABRICATED | 1u << STORY_LEAK)) != 0;
    for (int k = 0; k < STORY_KIND_COUNT; k++) {
        r->by_kind[k] += (kinds_seen >> k) & 1u;
    }
}

/* Accounts with a view, from the nibbles' view counts. */
static void reached_by_nibbles(const struct workspace *ws, struct reached *r)
{
    const struct world *w = ws->world;
    size_t stories = w->cfg->story_count;
    for (account_id v = 0; v < w->graph.accounts; v++) {
        unsigned kinds_seen = 0;
        for (uint32_t s = 0; s < stories; s++) {
            unsigned shift;
            const uint8_t *byte = workspace_nibble(ws, v, s, &shift);
            if ((*byte >> shift) & MARK_VIEWS) {
                kinds_seen |= 1u << w->cfg->stories[s].kind;
            }
        }
        tally(r, kinds_seen);
    }
}

/* Accounts with a view, from the seen bits: a count of set bits with one
 * story, else a walk over them, in account order. */
static void reached_by_bits(const struct workspace *ws, struct reached *r)
{
    const struct world *w = ws->world;
    size_t stories = w->cfg->story_count, words = seen_words(w);
    const uint64_t *seen = ws->marks.seen;
    if (stories == 1) {
        uint64_t n = 0;
        for (size_t i = 0; i < words; i++) {
            n += (uint64_t)__builtin_popcountll(seen[i]);
        }
        enum story_kind kind = w->cfg->stories[0].kind;
        r->any = r->by_kind[kind] = n;
        r->campaign = story_kind_is_campaign(kind) ? n : 0;
        return;
    }
    uint64_t last = UINT64_MAX;
    unsigned kinds_seen = 0;
    for (size_t i = 0; i < words; i++) {
        for (uint64_t bits = seen[i]; bits; bits &= bits - 1) {
            uint64_t key = i * 64 + (uint64_t)__builtin_ctzll(bits);
            uint64_t account = key / stories;
            if (account != last) {
                tally(r, kinds_seen);
                kinds_seen = 0;
                last = account;
            }
            kinds_seen |= 1u << w->cfg->stories[key % stories].kind;
        }
    }
    tally(r, kinds_seen);
}

uint64_t workspace_reached_accounts(const struct workspace *ws, uint64_t by_kind[STORY_KIND_COUNT],
                                    uint64_t *campaign)
{
    struct reached r = {0};
    if (ws->marks.state) {
        reached_by_nibbles(ws, &r);
    } else {
        reached_by_bits(ws, &r);
    }
    memcpy(by_kind, r.by_kind, sizeof r.by_kind);
    *campaign = r.campaign;
    return r.any;
}

/* ----------------------------------------------------------- share table */

static void share_init(struct share_table *sh, const struct config *cfg)
{
    size_t stories = cfg->story_count;
    sh->first_time = xmalloc(stories * sizeof *sh->first_time);
    sh->label = xmalloc(stories * sizeof *sh->label);
    sh->factor = xmalloc(stories * cfg->communities * sizeof *sh->factor);
    sh->shareability = xmalloc(stories * sizeof *sh->shareability);
    sh->base = xcalloc(stories * ROLE_COUNT * cfg->communities, sizeof *sh->base);
    double f = 1.0;
    for (int n = 0; n < 8; n++) {
        sh->reinforcement_pow[n] = f;
        f *= cfg->reinforcement;
    }
    /* No story is published yet, so workspace_check holds before the first
     * replicate too. */
    for (size_t s = 0; s < stories; s++) {
        sh->first_time[s] = INFINITY;
        sh->shareability[s] = 1.0; /* simulate draws each replicate's */
    }
}

static void share_reset(struct share_table *sh, const struct config *cfg)
{
    for (size_t s = 0; s < cfg->story_count; s++) {
        sh->first_time[s] = INFINITY;
        sh->label[s] = 1.0;
    }
}

static void share_destroy(struct share_table *sh)
{
    free(sh->first_time);
    free(sh->label);
    free(sh->factor);
    free(sh->shareability);
    free(sh->base);
}

/* Every published story's rows hold what the formula gives (share.h). */
static int share_check(const struct share_table *sh, const struct config *cfg)
{
    uint32_t k = cfg->communities;
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        if (isinf(sh->first_time[s])) {
            continue;
        }
        for (uint32_t c = 0; c < k; c++) {
            if (sh->factor[(size_t)s * k + c] != share_factor_entry(sh, cfg, s, c)) {
                return -1;
            }
        }
        for (int role = 0; role < ROLE_COUNT; role++) {
            for (uint32_t c = 0; c < k; c++) {
                if (sh->base[share_index(k, s, role, c)] != share_base_entry(sh, cfg, s, role, c)) {
                    return -1;
                }
            }
        }
    }
    return 0;
}

/* ----------------------------------------------------------- story state */

static void story_reset(struct story_state *st, size_t stories);

static void story_init(struct story_state *st, size_t stories)
{
    st->fresh = xmalloc(stories * sizeof *st->fresh);
    st->engagement = xmalloc(stories * sizeof *st->engagement);
    st->mass = xmalloc((stories + 1) * sizeof *st->mass);
    st->views = xmalloc(stories * sizeof *st->views);
    st->next_decade = xmalloc(stories * sizeof *st->next_decade);
    st->taken_down = xmalloc(stories);
    st->demotion = xmalloc(stories * sizeof *st->demotion);
    st->last_source = xmalloc(stories);
    /* A fresh workspace satisfies workspace_check before its first reset. */
    story_reset(st, stories);
}

static void story_reset(struct story_state *st, size_t stories)
{
    for (size_t s = 0; s < stories; s++) {
        st->fresh[s] = 0.0;
        st->engagement[s] = 0.0;
        st->views[s] = 0;
        st->next_decade[s] = 0;
        st->taken_down[s] = 0;
        st->demotion[s] = 1.0;
        st->last_source[s] = 0; /* read only after the story's first post sets it */
    }
}

static void story_destroy(struct story_state *st)
{
    free(st->fresh);
    free(st->engagement);
    free(st->mass);
    free(st->views);
    free(st->next_decade);
    free(st->taken_down);
    free(st->demotion);
    free(st->last_source);
}

/* -------------------------------------------------------------- triggers */

static void triggers_init(struct triggers *t, const struct config *cfg)
{
    size_t stories = cfg->story_count, ivs = cfg->intervention_count;
    t->armed = xcalloc(ivs + 1, 1);
    t->view_trigger = xmalloc(stories * sizeof *t->view_trigger);
    t->view_check = xmalloc(stories * sizeof *t->view_check);
    t->rate_watched = xcalloc(stories, 1);
    t->rate_ring = xcalloc(ivs + 1, sizeof *t->rate_ring);
    t->rate_ring_size = xcalloc(ivs + 1, sizeof *t->rate_ring_size);
    t->rate_ring_head = xcalloc(ivs + 1, sizeof *t->rate_ring_head);
    t->rate_ring_count = xcalloc(ivs + 1, sizeof *t->rate_ring_count);
    for (size_t i = 0; i < ivs; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->trigger == TRIGGER_SHARE_RATE) {
            /* The rate is reached once threshold x window shares fall in the
             * window, so the ring never needs to hold more. */
            double size = ceil(iv->threshold * iv->window_h) + 1.0;
            t->rate_ring_size[i] = size < 1e8 ? (uint32_t)size : 100000000u;
            t->rate_ring[i] = xmalloc(t->rate_ring_size[i] * sizeof **t->rate_ring);
        }
    }
}

/* Disarms everything; the view thresholds are set by the caller, which
 * knows the story state. */
static void triggers_reset(struct triggers *t, const struct config *cfg)
{
    memset(t->armed, 0, cfg->intervention_count);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        t->rate_ring_head[i] = t->rate_ring_count[i] = 0;
        if (cfg->interventions[i].trigger == TRIGGER_SHARE_RATE) {
            t->rate_watched[cfg->interventions[i].trigger_story] = 1;
        }
    }
}

static void triggers_destroy(struct triggers *t, const struct config *cfg)
{
    if (t->rate_ring) {
        for (size_t i = 0; i < cfg->intervention_count; i++) {
            free(t->rate_ring[i]);
        }
    }
    free(t->armed);
    free(t->view_trigger);
    free(t->view_check);
    free(t->rate_watched);
    free(t->rate_ring);
    free(t->rate_ring_size);
    free(t->rate_ring_head);
    free(t->rate_ring_count);
}

/* ----------------------------------------------------- suspensions, plan */

static void suspensions_init(struct suspensions *s)
{
    s->capacity = 16;
    s->ids = xmalloc(s->capacity * sizeof *s->ids);
    s->count = 0;
}

static int suspensions_check(const struct suspensions *s)
{
    for (size_t i = 1; i < s->count; i++) {
        if (s->ids[i - 1] > s->ids[i]) {
            return -1;
        }
    }
    return s->count <= s->capacity ? 0 : -1;
}

/* The posts and events grow with the first replicate (plan_campaign); the
 * picks are sized for the largest selection, as the world resolved it (a
 * count of "all" is SELECT_ALL, not a size). */
static void plan_init(struct plan *p, const struct world *w)
{
    const struct config *cfg = w->cfg;
    size_t picks = 1;
    for (size_t a = 0; a < cfg->action_count; a++) {
        picks = w->candidates[a].want > picks ? w->candidates[a].want : picks;
    }
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct select_config *sel = &cfg->interventions[i].select;
        size_t want = w->iv_candidates[i].want;
        if (sel->pick == PICK_LIST) {
            size_t listed = sel->list_start[sel->list_replicates];
            want = sel->count < listed ? sel->count : listed;
        }
        picks = want > picks ? want : picks;
    }
    p->picks_capacity = picks;
    p->picks = xmalloc(picks * sizeof *p->picks);
    p->picks_scratch = xmalloc(picks * sizeof *p->picks_scratch);
}

static void plan_destroy(struct plan *p)
{
    free(p->posts);
    free(p->events);
    free(p->scratch);
    free(p->picks);
    free(p->picks_scratch);
}

/* ------------------------------------------------------------- workspace */

double workspace_reach_h(const struct config *cfg)
{
    /* Everything else filed lies within a post's lifetime, a recommender
     * tick or an intervention's delay of the event filing it. */
    double lifetime_h = cfg->lifetime.h;
    if (cfg->lifetime.kind == LIFETIME_EXPONENTIAL) {
        lifetime_h = cfg->lifetime.mean_h * log(100.0);
    } else if (cfg->lifetime.kind == LIFETIME_LOGNORMAL) {
        lifetime_h = cfg->lifetime.median_h * exp(2.326348 * cfg->lifetime.sigma); /* z(0.99) */
    }
    double reach = fmax(lifetime_h, cfg->recommender.tick_h);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        reach = fmax(reach, cfg->interventions[i].delay_h);
    }
    return fmin(reach, cfg->duration_h);
}

void workspace_init(struct workspace *ws, const struct world *w)
{
    const struct config *cfg = w->cfg;
    memset(ws, 0, sizeof *ws);
    ws->world = w;
    ws->rng = rng_new(cfg->seed, 0);
    ws->reach_h = workspace_reach_h(cfg);
    calendar_init(&ws->calendar, cfg->duration_h, w->slice_h, ws->reach_h);
    event_queue_init(&ws->heap, 256);
    batch_init(&ws->batch);
    pool_init(&ws->pool);
    marks_init(&ws->marks, w);
    share_init(&ws->share, cfg);
    corrected_init(&ws->corrected, cfg, w->graph.accounts);
    story_init(&ws->story, cfg->story_count);
    cascade_init(&ws->cascade, 1024);
    triggers_init(&ws->triggers, cfg);
    suspensions_init(&ws->suspended);
    plan_init(&ws->plan, w);
}

void workspace_reset(struct workspace *ws)
{
    const struct config *cfg = ws->world->cfg;
    calendar_clear(&ws->calendar);
    event_queue_clear(&ws->heap);
    ws->batch.count = 0;
    ws->held.count = 0;
    pool_reset(&ws->pool);
    marks_reset(&ws->marks, ws->world);
    ws->cascade.count = 0;
    share_reset(&ws->share, cfg);
    corrected_reset(&ws->corrected, cfg);
    story_reset(&ws->story, cfg->story_count);
    triggers_reset(&ws->triggers, cfg);
    interventions_update_view_triggers(ws);
    ws->suspended.count = 0;
}

void workspace_destroy(struct workspace *ws)
{
    if (!ws) {
        return;
    }
    rng_free(ws->rng);
    calendar_destroy(&ws->calendar);
    event_queue_destroy(&ws->heap);
    batch_destroy(&ws->batch);
    free(ws->held.items);
    pool_destroy(&ws->pool);
    marks_destroy(&ws->marks);
    share_destroy(&ws->share);
    corrected_destroy(&ws->corrected);
    story_destroy(&ws->story);
    cascade_destroy(&ws->cascade);
    if (ws->world) {
        triggers_destroy(&ws->triggers, ws->world->cfg);
    }
    free(ws->suspended.ids);
    plan_destroy(&ws->plan);
    memset(ws, 0, sizeof *ws);
}

int workspace_check(const struct workspace *ws)
{
    if (!event_queue_check(&ws->heap) || calendar_check(&ws->calendar, EVENT_EXPOSURE) != 0 ||
        ws->pool.free_count > ws->pool.capacity || ws->batch.count > ws->batch.capacity ||
        ws->held.count > ws->held.capacity || ws->marks.reach_count > REACH_LOG_CAPACITY) {
        return -1;
    }
    if (cascade_check(&ws->cascade) != 0 || suspensions_check(&ws->suspended) != 0 ||
        corrected_check(&ws->corrected, ws->world->cfg) != 0) {
        return -1;
    }
    /* The recommender's engagement: finite and never negative (a score is a
     * binomial's probability, mass[s] >= score_s). */
    for (size_t s = 0; s < ws->world->cfg->story_count; s++) {
        if (!(ws->story.engagement[s] >= 0.0 && isfinite(ws->story.engagement[s])) ||
            !(ws->story.fresh[s] >= 0.0 && isfinite(ws->story.fresh[s]))) {
            return -1;
        }
    }
    return share_check(&ws->share, ws->world->cfg);
}
