/* The event loop of a replicate and its handlers: campaign posts publish,
 * a post fans out to followers as a lazy stream, a view may be shared (the
 * rule is share.h's) and so published again, the recommender shares out its
 * budget of impressions among the stories, interventions fire. Mechanism first (the
 * slice), then the handlers (publish, view, the emit loops, on_tick, handle).
 *
 * Invariants of the loop, which make a replicate a pure function of (world,
 * seed, replicate) and hand events over in exact time order:
 *
 * - Time advances in slices of world->slice_h. At the start of a slice
 *   (run_slice) its calendar bucket is expanded: every stream due in it
 *   emits all its exposures before the slice's end into the batch as views,
 *   and is filed again under its next exposure, which lies in a later slice;
 *   the other events of the bucket and the campaign plan's events due in the
 *   slice join the batch. The batch is then sorted by time (a stable radix
 *   sort: equal times keep the order they were filed in) and not appended to
 *   again while it is handled.
 * - What a handler files (workspace_schedule) goes into the current slice
 *   only through the heap, and only if it falls before the slice's end; at or
 *   after it, into the calendar; at or past the run's end, nowhere. So the
 *   heap is empty between slices, and the calendar holds nothing before the
 *   current slice.
 * - The calendar's ring reaches a fixed lifetime, a tick, an intervention's
 *   delay, or a drawn lifetime's 99th percentile (workspace_reach_h). Only a
 *   stream (EVENT_EXPOSURE) can be due beyond it, with a drawn lifetime: it
 *   is deferred to the furthest bucket, and when that slice is taken
 *   (fill_batch) it is filed again, nearer, without emitting. So every event
 *   lies in its own slice's bucket or, a deferred stream, in an earlier one
 *   at or after the current slice (calendar_check, from workspace_check).
 * - A post's followers are picked when each exposure is delivered
 *   (stream_pick), never in an order tied to its times.
 * - Equal times: the batch and the heap are merged, and on equal times the
 *   batch's event goes first (batch[i].time_h <= top->time_h). Every batch
 *   event was filed before the slice's first event was handled, every heap
 *   event while handling it, so this is first filed, first handled; within the
 *   batch the stable sort, and within the heap its sequence numbers, keep
 *   filing order too. The order depends on nothing but the draws.
 * - Reach: with reinforcement, a view's reach is counted by its handler from
 *   the (account, story) nibble. Without, whether a view is its viewer's
 *   first of the story decides no later event, so its reach is logged and
 *   settled after the slice (or when the log fills), in handling order, for
 *   all the logged views at once: the same counts.
 *
 * The hot handlers (view, the emit loops, publish) stay in this one
 * translation unit so that they inline into the loop; what they call from
 * elsewhere is static inline in a header (share.h, workspace.h, stream.h,
 * view_key.h, cascade.h). */
#include "simulate.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../engine/rng.h"
#include "../engine/sort.h"
#include "campaign.h"
#include "cascade.h"
#include "interventions.h"
#include "share.h"
#include "view_key.h"

/* How far ahead of the event being handled the loop prefetches state. */
#define PREFETCH_DISTANCE 12

/* The least engagement a story keeps between recommender ticks: below it,
 * none (a millionth of a post). */
#define REC_ENGAGEMENT_MIN 1e-6

/* How far ahead the reach pass prefetches seen bits: its loop is short, so
 * it can keep more misses in flight than the handler. */
#define REACH_PREFETCH_DISTANCE 48

double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, uint32_t source, double t_h, uint32_t n)
{
    return share_probability(&ws->share, ws->world->cfg, story, role, community, source, t_h, n,
                             1.0);
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

/* The view key of a post by an account of role `role` (view_key.h): a
 * site's own posts are on its site, everyone else's in followers' feeds. */
static inline uint64_t post_view_key(uint32_t node, uint32_t story, uint32_t role,
                                     uint32_t source_role)
{
    return view_key_pack(node, story, role == ROLE_SITE ? CHANNEL_SITE : CHANNEL_FOLLOWERS, role,
                         source_role);
}

/* The exposures of a small post, drawn at once and filed as views: on a file
 * or generated graph, under exponential delays, an audience small enough for
 * exact picks (STREAM_EXACT_MAX) and a lifetime within the calendar's reach
 * (so that no view waits at the ring's edge). The law and the draws per post
 * are a stream's (stream.h: spacings of rate remaining x lambda, one log an
 * exposure, until the lifetime; each exposure a uniform follower not yet
 * picked), taken here rather than slice by slice: a post of the cascades
 * bench reaches one or two followers an hour apart, so a lazy stream was
 * filed, fetched and emitted again for nearly every view (docs/performance.md).
 * Interventions act on the views themselves (view): a removed story or a
 * cancelled post is not seen. */
static void publish_views(struct workspace *ws, uint64_t key, double t_h, const account_id *row,
                          uint32_t audience_count, uint32_t exposures, double limit)
{
    const struct stream_law *law = &ws->world->law[LAW_FEED];
    assert(law->kind == LAW_EXPONENTIAL && audience_count <= STREAM_EXACT_MAX);
    struct stream st = {.t0_h = t_h,
                        .clock = 0.0,
                        .limit = limit,
                        .order = 0,
                        .remaining = exposures,
                        .audience_count = audience_count};
    struct shuffle order;
    stream_order_init(&order, &st); /* unused: the picks are exact */
    struct rng_state r = *rng_state(ws->rng);
    while (stream_draw_exponential(&st, law, &r)) {
        account_id v = row[stream_pick(&st, &order, &r)];
        if (!workspace_schedule_view(ws, st.next_h, v, key) || !stream_consume(&st, law)) {
            break; /* past the end of the run, or every exposure drawn */
        }
    }
    *rng_state(ws->rng) = r;
}

/* The account posts (or reposts) story s at t_h, linking content of a source
 * of role source (-1: its own): a cascade node, and a fan-out stream to the
 * followers whose feeds show it within its lifetime (for a small post, its
 * views themselves: publish_views). */
static void publish(struct workspace *ws, struct observation *obs, uint32_t s, account_id a,
                    int source, double t_h, uint32_t parent)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    if (ws->story.taken_down[s] || interventions_suspends(ws, a)) {
        return; /* a removed story cannot be posted, a suspended account cannot post */
    }
    uint32_t node = cascade_add(&ws->cascade, parent, a, s, t_h, source);
    uint16_t depth = ws->cascade.nodes[node].depth;
    if (depth > obs->max_depth[s]) {
        obs->max_depth[s] = depth;
    }
    int role = graph_role(g, a);
    if (isinf(ws->share.first_time[s])) {
        share_resolve_story(&ws->share, w->cfg, s, t_h);
    }
    if (source < 0) {
        source = role;
    }
    ws->story.fresh[s] += w->rec.weight[source];
    ws->story.last_source[s] = (uint8_t)source;

    struct audience audience = graph_audience(g, a);
    if (audience.count == 0) {
        return;
    }
    const struct stream_law *law = &w->law[LAW_FEED];
    double show_prob = w->show_prob;
    double limit = stream_law_fixed_limit(law);
    if (w->lifetime_drawn) {
        /* The post's own lifetime, shared by all its followers (in SIR terms,
         * the poster's infectious period); U < 1 keeps it finite. An
         * exponential one is -mean ln V, V uniform on (0, 1]: the law of
         * G^-1(U) = -mean ln(1 - U), with a log in place of a log1p, which
         * took 8 % of the Markovian SIR bench's time (4 times a log's). */
        double lifetime_h = w->lifetime.kind == DISTRIBUTION_EXPONENTIAL
                                ? -w->lifetime.a * log(rng_uniform_pos(ws->rng))
                                : distribution_quantile(&w->lifetime, rng_uniform(ws->rng));
        limit = stream_law_limit(law, lifetime_h);
        if (law->kind != LAW_EXPONENTIAL) {
            show_prob = w->cfg->visibility * limit; /* only those within it are drawn */
        }
    }
    uint32_t exposures = rng_binomial(ws->rng, show_prob * ws->story.demotion[s], audience.count);
    if (exposures == 0) {
        return;
    }
    if (g->offsets && law->kind == LAW_EXPONENTIAL && audience.count <= STREAM_EXACT_MAX &&
        limit <= ws->reach_h) {
        publish_views(ws, post_view_key(node, s, (uint32_t)role, (uint32_t)source), t_h,
                      &g->followers[g->offsets[a]], audience.count, exposures, limit);
        return;
    }
    uint32_t id = workspace_stream_alloc(ws);
    struct stream *st = &ws->pool.streams[id];
    st->poster = a;
    st->node = node;
    st->story = (uint16_t)s;
    stream_set_source_role(st, (uint32_t)source);
    if (!stream_start(st, t_h, exposures, &audience, law, limit, ws->rng) ||
        !workspace_schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        workspace_stream_release(ws, id);
    }
}

/* Counts the reach of the logged views and empties the log: in the order
 * they were handled, a view whose seen bit was clear is a first view. The
 * bits are tested first in a loop of a few instructions, so that many of its
 * cache misses are in flight at once; the counting follows from the log,
 * which is in cache. */
static void settle_reach(struct workspace *ws, struct observation *obs)
{
    struct reach_entry *log = ws->marks.reach_log;
    size_t n = ws->marks.reach_count, stories = ws->world->cfg->story_count;
    uint64_t *seen = ws->marks.seen;
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
    ws->marks.reach_count = 0;
}

/* Logs a view whose reach is settled later; settles the log when full. */
static void log_reach(struct workspace *ws, struct observation *obs, account_id v, uint32_t s,
                      uint32_t bin, uint32_t ch, uint32_t poster_role, uint32_t community)
{
    if (ws->marks.reach_count == REACH_LOG_CAPACITY) {
        settle_reach(ws, obs);
    }
    ws->marks.reach_log[ws->marks.reach_count++] =
        (struct reach_entry){.account = v,
                             .bin = bin,
                             .story = (uint16_t)s,
                             .community = (uint16_t)community,
                             .channel = (uint8_t)ch,
                             .poster_role = (uint8_t)poster_role};
}

/* A view of a post linking a site's article, on a channel other than the
 * site's own: the viewer may click through to the article, one more view of
 * the story on channel site. Not a new viewer (no reach), and no second share
 * decision: the viewer decides on the post. Rare: out of the view handler. */
static void click_through(struct workspace *ws, struct observation *obs, uint32_t s, uint32_t bin,
                          uint32_t community_key, double t_h)
{
    if (rng_uniform(ws->rng) >= ws->world->cfg->click_through) {
        return;
    }
    count(obs, s, bin, KEY_CHANNEL(CHANNEL_SITE), KEY_ROLE(ROLE_SITE), community_key,
          MEASURE_VIEWS);
    uint64_t views = ++ws->story.views[s];
    if (views >= ws->triggers.view_check[s]) {
        interventions_pass_view_check(ws, obs, s, views, t_h);
    }
}

/* One impression of story s on account v at t_h, through a post by an
 * account of poster_role (or the platform) on channel ch, linking content of
 * a source of source_role. */
static inline void view(struct workspace *ws, struct observation *obs, uint32_t s, account_id v,
                        uint32_t ch, uint32_t poster_role, uint32_t source_role, uint32_t parent,
                        double t_h, uint32_t bin)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    if (ws->story.taken_down[s] ||
        (ws->suspended.count > 0 && parent != NO_NODE && ws->cascade.nodes[parent].cancelled)) {
        return; /* the story or the post is gone from feeds */
    }
    uint32_t cell = graph_cell(&w->graph, v);
    int role = (int)(cell % ROLE_COUNT);
    uint32_t community = cell / ROLE_COUNT;
    if (!share_seen(cfg, ws->rng, role)) {
        return;
    }
    uint32_t ck = KEY_CHANNEL(ch), rk = KEY_ROLE(poster_role), mk = KEY_COMMUNITY(community);
    count(obs, s, bin, ck, rk, mk, MEASURE_VIEWS);
    cascade_count_view(&ws->cascade, parent); /* attribution, for resilience studies */
    if (ws->corrected.count > 0) {
        corrected_view(&ws->corrected, v, s); /* a view of a correction marks its viewer */
    }
    unsigned seen = 0; /* earlier views of s by v, up to 7; known only with reinforcement */
    bool shared;
    if (ws->marks.state) {
        unsigned shift;
        uint8_t *byte = workspace_nibble(ws, v, s, &shift);
        unsigned nibble = (*byte >> shift) & 0xFu;
        seen = nibble & MARK_VIEWS;
        if (seen < MARK_VIEWS) {
            *byte = (uint8_t)(*byte + (1u << shift));
        }
        if (seen == 0) {
            count(obs, s, bin, ck, rk, mk, MEASURE_REACH);
        }
        shared = nibble & MARK_SHARED;
    } else {
        /* Reach changes no later event, so it is settled after the slice:
         * the seen bits are read in a short loop that keeps many cache
         * misses in flight, not one at a time between handlers. */
        log_reach(ws, obs, v, s, bin, ch, poster_role, community);
        shared = workspace_has_shared(ws, v, s);
    }
    uint64_t views = ++ws->story.views[s];
    if (views >= ws->triggers.view_check[s]) {
        interventions_pass_view_check(ws, obs, s, views, t_h);
    }
    if (source_role == ROLE_SITE && ch != CHANNEL_SITE && cfg->click_through > 0.0) {
        click_through(ws, obs, s, bin, mk, t_h);
    }
    if (shared || (interventions_suspends(ws, v))) {
        return;
    }
    /* Without fact-checks or prebunks that act on people, one predictable branch. */
    double corrected = ws->corrected.count > 0 ? corrected_factor(&ws->corrected, v, s) : 1.0;
    if (w->propensity_sigma[role] > 0.0) {
        corrected *= world_propensity(w, v, role); /* the viewer's own propensity */
    }
    if (!share_draws(&ws->share, cfg, ws->rng, s, role, community, source_role, t_h, seen + 1,
                     corrected)) {
        return;
    }
    workspace_mark_shared(ws, v, s);
    count(obs, s, bin, ck, KEY_ROLE(role), mk, MEASURE_SHARES);
    if (ws->triggers.rate_watched[s]) {
        interventions_watch_share_rate(ws, s, t_h);
    }
    publish(ws, obs, s, v, (int)source_role, t_h, parent); /* a reshare keeps the source */
}

/* The account that stream st's pending exposure reaches: a follower of the
 * poster (picked now: stream_pick), or for a recommender burst an account
 * drawn by the targeting. */
static account_id exposure_target(struct workspace *ws, struct stream *st)
{
    const struct world *w = ws->world;
    const struct graph *g = &w->graph;
    if (st->poster != NO_ACCOUNT) {
        struct audience audience = stream_audience(st);
        struct shuffle order;
        stream_order_init(&order, st);
        return graph_follower(g, st->poster, &audience,
                              stream_pick(st, &order, rng_state(ws->rng)));
    }
    const gsl_ran_discrete_t *target = w->rec_target[st->story];
    if (target) {
        uint32_t c = (uint32_t)gsl_ran_discrete(ws->rng, target);
        return graph_community_start(g, c) + rng_below(ws->rng, w->community_size[c]);
    }
    return rng_below(ws->rng, g->accounts);
}

/* The law of a stream: a post's is the feed's, a recommender burst's the tick's. */
static inline const struct stream_law *law_of(const struct world *w, const struct stream *st)
{
    return &w->law[st->poster != NO_ACCOUNT ? LAW_FEED : LAW_TICK];
}

/* The view key of a stream's exposures. The channel and the poster's role
 * follow from the poster, so the stream does not hold them: it stays one
 * cache line. The source's role it holds: a reshare's is not its poster's. */
static inline uint64_t view_payload(const struct world *w, const struct stream *st)
{
    if (st->poster == NO_ACCOUNT) {
        return view_key_pack(st->node, st->story, CHANNEL_RECOMMENDER, POSTER_PLATFORM,
                             stream_source_role(st));
    }
    return post_view_key(st->node, st->story, (uint32_t)graph_role(&w->graph, st->poster),
                         stream_source_role(st));
}

/* A stream whose story was taken down or whose poster was suspended. */
static inline bool stream_gone(const struct workspace *ws, const struct stream *st)
{
    return ws->story.taken_down[st->story] || (ws->suspended.count > 0 && st->node != NO_NODE &&
                                               ws->cascade.nodes[st->node].cancelled);
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
    const struct stream_law *law = law_of(ws->world, st);
    bool followers = st->poster != NO_ACCOUNT;
    struct follower_map map = {.g = NULL}; /* a burst has no followers */
    struct shuffle order;
    stream_order_init(&order, st);
    if (followers) {
        struct audience audience = stream_audience(st);
        follower_map_init(&map, &ws->world->graph, st->poster, &audience);
    }
    do {
        account_id v = followers
                           ? follower_map_at(&map, stream_pick(st, &order, rng_state(ws->rng)))
                           : exposure_target(ws, st);
        workspace_batch_append(ws, st->next_h, EVENT_VIEW, v, payload);
        if (!stream_advance(st, law, ws->rng)) {
            return false;
        }
    } while (st->next_h < ws->slice_end_h);
    return true;
}

static bool emit_followers(struct workspace *ws, struct stream *st, uint64_t payload)
{
    const struct stream_law *law = &ws->world->law[LAW_FEED];
    if (law->kind != LAW_EXPONENTIAL) { /* quantile delays draw through GSL */
        return emit_generic(ws, st, payload);
    }
    struct follower_map map;
    struct audience audience = stream_audience(st);
    follower_map_init(&map, &ws->world->graph, st->poster, &audience);
    /* The fields the loop reads and the generator in locals, so that they
     * stay in registers across the batch's stores; only the four it changes
     * are written back (a whole stream copied in and out cost 37
     * instructions an emit). */
    struct stream s = {.t0_h = st->t0_h,
                       .next_h = st->next_h,
                       .clock = st->clock,
                       .limit = st->limit,
                       .order = st->order,
                       .remaining = st->remaining,
                       .audience_count = st->audience_count};
    struct shuffle order;
    stream_order_init(&order, &s);
    struct rng_state r = *rng_state(ws->rng);
    bool more = true;
    do {
        account_id v = follower_map_at(&map, stream_pick(&s, &order, &r));
        workspace_batch_append(ws, s.next_h, EVENT_VIEW, v, payload);
        more = stream_consume(&s, law) && stream_draw_exponential(&s, law, &r);
    } while (more && s.next_h < ws->slice_end_h);
    st->next_h = s.next_h;
    st->clock = s.clock;
    st->order = s.order;
    st->remaining = s.remaining;
    *rng_state(ws->rng) = r;
    return more;
}

static bool emit_uniform_burst(struct workspace *ws, struct stream *st, uint64_t payload)
{
    const struct stream_law *law = &ws->world->law[LAW_TICK];
    uint32_t accounts = ws->world->graph.accounts;
    assert(law->kind == LAW_EVEN && st->audience_count == 0);
    struct stream s = *st;
    struct rng_state r = *rng_state(ws->rng);
    bool more = true;
    do {
        workspace_batch_append(ws, s.next_h, EVENT_VIEW, rng_state_below(&r, accounts), payload);
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
    struct stream *st = &ws->pool.streams[id];
    if (stream_gone(ws, st)) {
        workspace_stream_release(ws, id);
        return;
    }
    uint64_t payload = view_payload(ws->world, st);
    bool more;
    if (st->poster != NO_ACCOUNT) {
        more = emit_followers(ws, st, payload);
    } else if (!ws->world->rec_target[st->story]) {
        more = emit_uniform_burst(ws, st, payload);
    } else {
        more = emit_generic(ws, st, payload);
    }
    if (!more || !workspace_schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        workspace_stream_release(ws, id);
    }
}

/* Starts a recommender burst of n impressions of story s over the tick
 * from t_h: the story's latest post, and its source, shown to accounts the
 * targeting draws. */
static void start_burst(struct workspace *ws, uint32_t s, uint32_t n, double t_h)
{
    const struct stream_law *law = &ws->world->law[LAW_TICK];
    uint32_t id = workspace_stream_alloc(ws);
    struct stream *st = &ws->pool.streams[id];
    struct audience untargeted = {0, 0, 0};
    st->poster = NO_ACCOUNT;
    st->node = NO_NODE;
    st->story = (uint16_t)s;
    stream_set_source_role(st, ws->story.last_source[s]);
    if (!stream_start(st, t_h, n, &untargeted, law, stream_law_fixed_limit(law), ws->rng) ||
        !workspace_schedule(ws, st->next_h, EVENT_EXPOSURE, id)) {
        workspace_stream_release(ws, id);
    }
}

/* Story s's score at the recommender's tick (docs/model.md §5). */
static inline double rec_score(const struct workspace *ws, uint32_t s)
{
    const struct story_state *story = &ws->story;
    return story->taken_down[s]
               ? 0.0
               : story->engagement[s] * ws->world->rec.appeal[s] * story->demotion[s];
}

/* The recommender's tick: it hands out the tick's budget of impressions
 * among the stories and the background, in proportion to their scores
 * (docs/model.md §5). Story s's score is its engagement, decayed with the
 * half-life, × its appeal in the audience × its demotion; a story taken
 * down scores 0. The split is multinomial, drawn as binomials in story
 * order, each conditioned on what the stories before it took (mass[s] is
 * the background's score plus those of stories s and after, summed from the
 * end, so the last story with no background takes all that is left): the
 * stories together never take more than the budget. O(stories) a tick. */
static void on_tick(struct workspace *ws, double t_h)
{
    const struct world *w = ws->world;
    const struct world_recommender *rec = &w->rec;
    struct story_state *story = &ws->story;
    uint32_t stories = (uint32_t)w->cfg->story_count;
    workspace_schedule(ws, t_h + w->cfg->recommender.tick_h, EVENT_TICK, 0);
    double *mass = story->mass;
    mass[stories] = rec->background;
    for (uint32_t s = stories; s-- > 0;) {
        double e = story->engagement[s] * rec->decay + story->fresh[s];
        /* A millionth of a post scores nothing: a story long idle draws no
         * more binomials (it would take under 1e-6 / background of the
         * budget). */
        story->engagement[s] = e < REC_ENGAGEMENT_MIN ? 0.0 : e;
        story->fresh[s] = 0.0;
        mass[s] = mass[s + 1] + rec_score(ws, s);
    }
    uint32_t left = world_recommender_tick_budget(rec, w->cfg->recommender.tick_h, t_h);
    for (uint32_t s = 0; s < stories && left > 0; s++) {
        double score = rec_score(ws, s);
        if (!(score > 0.0)) {
            continue; /* nothing to rank: no draw, so idle stories cost no randomness */
        }
        /* With no background and no score after s, mass[s] is score to
         * the bit: p = 1, and s takes what is left. */
        double p = fmin(score / mass[s], 1.0);
        uint32_t n = rng_binomial(ws->rng, p, left);
        left -= n;
        if (n > rec->cap_tick) {
            n = rec->cap_tick; /* a platform cap: the rest goes to nobody */
        }
        if (n > 0) {
            start_burst(ws, s, n, t_h);
        }
    }
}

/* Intervention i fires at t_h; a fact-check's correction is then published
 * by the accounts it picked, as a campaign post (no organic reshare). */
static void on_intervention(struct workspace *ws, struct observation *obs, uint32_t i, double t_h)
{
    uint32_t posters = interventions_fire(ws, obs, i, t_h);
    const struct config *cfg = ws->world->cfg;
    int correction = cfg->interventions[i].correction;
    for (uint32_t j = 0; j < posters; j++) {
        account_id a = ws->plan.picks[j];
        workspace_mark_shared(ws, a, (uint32_t)correction);
        obs->posts[correction]++;
        publish(ws, obs, (uint32_t)correction, a, cfg->stories[correction].origin, t_h, NO_NODE);
    }
}

/* Handles a view event, whose bin the caller knows. */
static inline void view_event(struct workspace *ws, struct observation *obs, const struct event *e,
                              uint32_t bin)
{
    uint64_t key = view_key_of(e);
    view(ws, obs, view_key_story(key), e->id, view_key_channel(key), view_key_poster_role(key),
         view_key_source_role(key), view_key_node(key), e->time_h, bin);
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
        struct stream *st = &ws->pool.streams[e->id];
        if (stream_gone(ws, st)) {
            workspace_stream_release(ws, e->id);
            break;
        }
        account_id viewer = exposure_target(ws, st);
        uint64_t payload = view_payload(w, st);
        if (!stream_advance(st, law_of(w, st), ws->rng) ||
            !workspace_schedule(ws, st->next_h, EVENT_EXPOSURE, e->id)) {
            workspace_stream_release(ws, e->id);
        }
        /* The view's key rides in seq (view_key.h). */
        struct event v = {.time_h = e->time_h, .seq = payload, .kind = EVENT_VIEW, .id = viewer};
        obs->events--; /* the view counts the event */
        handle(ws, obs, &v);
        break;
    }
    case EVENT_HELD_VIEW: {
        /* A small post's view due in the slice that filed it. */
        const struct held_view *h = &ws->held.items[e->id];
        struct event v = {.time_h = e->time_h, .seq = h->key, .kind = EVENT_VIEW, .id = h->viewer};
        obs->events--;       /* the view counts the event */
        handle(ws, obs, &v); /* (not view_event: a third call would keep GCC from
                                inlining it into the slice loop, +1.7 % instructions) */
        break;
    }
    case EVENT_ACTION: {
        const struct planned_post *pp = &ws->plan.posts[e->id];
        if (ws->story.taken_down[pp->story] || interventions_suspends(ws, pp->account)) {
            break; /* the campaign cannot post a removed story or from a suspended account */
        }
        /* A campaign account does not also reshare the story organically. */
        workspace_mark_shared(ws, pp->account, pp->story);
        obs->posts[pp->story]++;
        publish(ws, obs, pp->story, pp->account, pp->source, e->time_h, NO_NODE);
        break;
    }
    case EVENT_TICK:
        on_tick(ws, e->time_h);
        break;
    case EVENT_INTERVENTION:
        on_intervention(ws, obs, e->id, e->time_h);
        break;
    }
}

/* The event `distance` (at most PREFETCH_DISTANCE) after event i of chunk
 * c in its bucket, or NULL past the bucket's end: near a chunk's end it is
 * in the next one, as a chunk holds more than PREFETCH_DISTANCE events and
 * only the tail is partial. */
static inline const struct event *event_ahead(const struct calendar_chunk *c, uint32_t i,
                                              uint32_t distance)
{
    _Static_assert(CALENDAR_CHUNK_EVENTS > PREFETCH_DISTANCE, "prefetch within two chunks");
    assert(distance <= PREFETCH_DISTANCE);
    uint32_t at = i + distance;
    if (at < c->count) {
        return &c->events[at];
    }
    at -= c->count;
    return c->next && at < c->next->count ? &c->next->events[at] : NULL;
}

/* A post's first emit reads its poster's follower row, a random line of a
 * file or generated graph's follower array, after offsets[poster], another
 * one: on the cascades bench a third of the time waited on them
 * (docs/performance.md). The stream record is fetched PREFETCH_DISTANCE
 * events ahead; from it, STREAM_OFFSETS_AHEAD ahead, the poster's offset,
 * and from that, STREAM_ROW_AHEAD ahead, the row's first line, so that each
 * load has a few emits' time to arrive. Always inlined: GCC drops a call to a
 * function that does nothing but prefetch (prefetch_viewer). */
#define STREAM_OFFSETS_AHEAD 8
#define STREAM_ROW_AHEAD 4

static inline __attribute__((always_inline)) void
prefetch_row(const struct workspace *ws, const struct graph *g, const struct event *ahead, bool row)
{
    if (!ahead || ahead->kind != EVENT_EXPOSURE) {
        return;
    }
    const struct stream *st = &ws->pool.streams[ahead->id];
    account_id poster = st->poster;
    if (poster == NO_ACCOUNT) {
        return; /* a recommender burst */
    }
    if (row) {
        /* Its first and last lines: the picks are anywhere in it. */
        const account_id *first = &g->followers[g->offsets[poster]];
        __builtin_prefetch(first, 0, 1);
        __builtin_prefetch(first + st->audience_count - 1, 0, 1);
    } else {
        __builtin_prefetch(&g->offsets[poster], 0, 1);
    }
}

/* Takes the slice: expands its bucket into the batch (each stream due emits
 * its exposures in the slice; other events are copied), adds the plan's
 * events due in it, and sorts the batch by time, stably, so that equal times
 * keep their filing order. */
static void fill_batch(struct workspace *ws, struct calendar_bucket *bucket)
{
    const struct graph *g = &ws->world->graph;
    bool csr = g->offsets != NULL;
    ws->batch.count = 0;
    /* Emitting may file events into later buckets (and take chunks for
     * them), never into this one: everything emitted lies in this slice or
     * after it. */
    for (const struct calendar_chunk *c = bucket->head; c; c = c->next) {
        for (uint32_t i = 0; i < c->count; i++) {
            /* Streams are visited in no useful order: fetch them ahead,
             * and then what their emits read first. */
            const struct event *ahead = event_ahead(c, i, PREFETCH_DISTANCE);
            if (ahead && ahead->kind == EVENT_EXPOSURE) {
                __builtin_prefetch(&ws->pool.streams[ahead->id], 1, 1);
            }
            if (csr) { /* an implicit graph derives followers: nothing to fetch */
                prefetch_row(ws, g, event_ahead(c, i, STREAM_OFFSETS_AHEAD), false);
                prefetch_row(ws, g, event_ahead(c, i, STREAM_ROW_AHEAD), true);
            }
            struct event e = c->events[i];
            if (e.time_h >= ws->slice_end_h) {
                /* Deferred: filed beyond the ring's reach, it waited at the edge. */
                calendar_push_payload(&ws->calendar, e.time_h, e.kind, e.id, e.seq);
            } else if (e.kind == EVENT_EXPOSURE) {
                emit(ws, e.id);
            } else {
                workspace_batch_append(ws, e.time_h, e.kind, e.id, e.seq);
            }
        }
    }
    calendar_bucket_done(&ws->calendar);
    while (ws->plan.next < ws->plan.count &&
           ws->plan.events[ws->plan.next].time_h < ws->slice_end_h) {
        const struct event *a = &ws->plan.events[ws->plan.next++];
        workspace_batch_append(ws, a->time_h, a->kind, a->id, 0);
    }
    if (sort_events_by_time(ws->batch.events, ws->batch.count, ws->batch.scratch) !=
        ws->batch.events) {
        struct event *sorted = ws->batch.scratch;
        ws->batch.scratch = ws->batch.events;
        ws->batch.events = sorted;
    }
}

/* Fetches, on a CSR graph, what the view some events ahead will read at
 * random: the viewer's offset (should the viewer share, publish reads it;
 * wasted on a view that is not shared, but one prefetch costs less than the
 * miss a share saves: on the cascades bench nearly every first view is
 * shared), and the cascade node of the post seen, whose view count the view
 * bumps and whose depth a reshare reads. The node is a post of hours ago:
 * at 10^6 accounts its miss was 10 % of the samples (publish), and fetching
 * it here made 20 replicates 15 % faster (16 alternating pairs, 15 faster;
 * no difference at 10^5, where the nodes stay in cache).
 *
 * Until 2026-12-05 this fetched the viewer's marks instead (its nibble, or
 * the sharers' filter word), but in a function that did nothing but
 * prefetch, which GCC deems free of effects: it dropped the calls, and the
 * loop ran without them. Made to run (always_inline), the filter's prefetch
 * cost 6.7 % more instructions on the 60M-account blogger_168m and no wall
 * time measurable under load, so it is gone (docs/performance.md). */
static inline __attribute__((always_inline)) void
prefetch_viewer(const struct graph *g, const struct cascade *c, const struct event *ahead)
{
    if (ahead->kind == EVENT_VIEW) {
        __builtin_prefetch(&g->offsets[ahead->id], 0, 1);
        uint32_t node = view_key_node(view_key_of(ahead));
        if (node != NO_NODE) {
            __builtin_prefetch(&c->views[node + 1u], 1, 1);
            __builtin_prefetch(&c->nodes[node], 0, 1);
        }
    }
}

/* Fetches, VIEWER_ROW_AHEAD views ahead, the viewer's follower row (its
 * first and last lines), from the offset fetched PREFETCH_DISTANCE ahead:
 * should the viewer share a small post, publish_views reads it at once (at
 * 10^5 accounts that load was half of publish's samples). Two random lines
 * a view are worth it only where many views are shared: the cascades bench
 * shares 64 % of its views and ran 18 % faster with the fetch, while the
 * bundled campaigns, which share about 1 view in 700, ran 25-30 % slower.
 * So the slice loop fetches rows only while the replicate so far has had
 * at least one post for every ROW_FETCH_VIEWS_PER_POST events (a break-even
 * between those regimes, not a tuned figure: the fetch changes no output). */
#define VIEWER_ROW_AHEAD 6
#define ROW_FETCH_VIEWS_PER_POST 4

static inline __attribute__((always_inline)) void prefetch_viewer_row(const struct graph *g,
                                                                      const struct event *ahead)
{
    if (ahead->kind == EVENT_VIEW) {
        uint64_t first = g->offsets[ahead->id], end = g->offsets[ahead->id + 1u];
        if (end > first) {
            __builtin_prefetch(&g->followers[first], 0, 1);
            __builtin_prefetch(&g->followers[end - 1u], 0, 1);
        }
    }
}

/* One slice: take it into the batch, then handle the batch merged with what
 * the slice itself creates (the heap), the batch first on equal times. */
static void run_slice(struct workspace *ws, struct observation *obs, struct calendar_bucket *bucket,
                      uint32_t slice)
{
    const struct world *w = ws->world;
    ws->slice_end_h = fmin((slice + 1) * w->slice_h, w->cfg->duration_h);
    assert(event_queue_size(&ws->heap) == 0);
    ws->held.count = 0; /* the heap is empty between slices */
    fill_batch(ws, bucket);

    /* Division is monotone: when the slice's first and last instants fall
     * in one bin, every event of the slice does. */
    double slice_start_h = slice * w->slice_h;
    uint32_t slice_bin = bin_of(obs, w->cfg, slice_start_h);
    bool one_bin = slice_bin == bin_of(obs, w->cfg, nextafter(ws->slice_end_h, 0.0));

    const struct graph *g = &w->graph;
    bool csr = g->offsets != NULL;
    bool fetch_rows = csr && ROW_FETCH_VIEWS_PER_POST * (uint64_t)ws->cascade.count >= obs->events;
    const struct event *batch = ws->batch.events; /* handling never appends to the batch */
    size_t n = ws->batch.count;
    for (size_t i = 0; i < n || event_queue_size(&ws->heap) > 0;) {
        const struct event *top = event_queue_peek(&ws->heap);
        if (i < n && (!top || batch[i].time_h <= top->time_h)) {
            if (csr && i + PREFETCH_DISTANCE < n) {
                prefetch_viewer(g, &ws->cascade, &batch[i + PREFETCH_DISTANCE]);
            }
            if (fetch_rows && i + VIEWER_ROW_AHEAD < n) {
                prefetch_viewer_row(g, &batch[i + VIEWER_ROW_AHEAD]);
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
    assert(ws->batch.events == batch && ws->batch.count == n);
    if (ws->marks.seen) {
        settle_reach(ws, obs);
    }
}

void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    rng_reseed(ws->rng, seed, replicate);
    workspace_reset(ws);
    share_draw_shareability(&ws->share, cfg, seed, replicate);
    ws->replicate = replicate;
    observation_clear(obs);

    ws->slice_end_h = 0.0;
    campaign_plan(ws);
    if (cfg->recommender.enabled && cfg->recommender.policy != POLICY_CHRONOLOGICAL) {
        calendar_push(&ws->calendar, cfg->recommender.tick_h, EVENT_TICK, 0);
    }
    /* Nothing pending and no action to come means nothing can happen any
     * more: the heap is empty between slices, and only events create events. */
    uint32_t slices = ws->calendar.slices;
    if (ws->slice_limit > 0 && ws->slice_limit < slices) {
        slices = ws->slice_limit;
    }
    for (uint32_t slice = 0; slice < slices; slice++) {
        if (ws->stop && *ws->stop) {
            return; /* abandoned: the caller discards obs */
        }
        bool actions_due = ws->plan.next < ws->plan.count &&
                           ws->plan.events[ws->plan.next].time_h < (slice + 1) * w->slice_h;
        if (ws->calendar.pending == 0 && ws->plan.next == ws->plan.count) {
            break;
        }
        struct calendar_bucket *bucket = calendar_take(&ws->calendar, slice);
        if (bucket->count > 0 || actions_due) {
            run_slice(ws, obs, bucket, slice);
        }
    }

    cascade_measure_trees(&ws->cascade, obs);
    cascade_attribute(&ws->cascade, cfg, obs);
    obs->reach_any = workspace_reached_accounts(ws, obs->reach_kind, &obs->reach_campaign);
}
