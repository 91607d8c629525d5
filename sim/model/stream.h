/* A fan-out stream: the exposures of one post (or one recommender burst),
 * yielded lazily in time order. A post seen by m of its k followers holds one
 * calendar entry, not m. (A small post on a file or generated graph under the
 * exponential delay runs the same draws at once and files its m views
 * instead: publish_views in simulate.c.) Its delays come out sorted, drawn
 * one at a time:
 *   - exponential feed delay: the sorted sample's spacings are independent
 *     exponentials (the j-th of the r remaining has rate r x lambda), one log
 *     per exposure; the stream stops at the post's lifetime (fixed, or drawn
 *     per post);
 *   - any other feed delay: order statistics of Uniform(0, F(lifetime)) pushed
 *     through the quantile function;
 *   - a recommender burst of n exposures: spread evenly over the tick, the
 *     j-th at t0 + tick (j + U) / n.
 * Which follower an exposure reaches is picked when it is delivered
 * (stream_pick), so that the followers a post reaches are a uniformly random
 * subset, independent of the times: every follower at most once, and each
 * set of r followers equally likely to be the first r. With k followers,
 *   - k <= STREAM_EXACT_MAX: exactly, by sequential selection: a uniform
 *     follower among those not yet picked, remembered in a 64-bit mask;
 *   - larger k: the j-th from last exposure goes to pi(j), pi a keyed
 *     pseudo-random permutation of [0, k) (struct shuffle: an 8-round
 *     unbalanced Feistel network on the bits covering k, whose pairs pass
 *     a chi-square test of uniformity).
 * O(1) memory and work per exposure. */
#ifndef AMPLISIM_STREAM_H
#define AMPLISIM_STREAM_H

#include <assert.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../engine/distribution.h"
#include "../engine/permutation.h"
#include "../engine/rng.h"
#include "graph.h"

enum stream_law_kind { LAW_EXPONENTIAL, LAW_QUANTILE, LAW_EVEN };

/* Audiences up to this size are picked exactly, from a mask of one bit per
 * follower: a keyed Feistel permutation of a tiny domain reaches few of its
 * k! orders (measured: pairs of k = 5..8 off by 11 to 24 %). */
#define STREAM_EXACT_MAX 64

/* How a stream's delays are drawn; shared by all streams of one kind. */
struct stream_law {
    enum stream_law_kind kind;
    double rate;               /* exponential: 1 / mean delay, per hour */
    double span_h;             /* exponential: the fixed lifetime; even: the tick */
    struct distribution delay; /* quantile: the feed delay law */
    double u_max;              /* quantile: F(fixed lifetime), below 1 */
};

/* struct stream's community_source: the audience's community below, the
 * source's role above. */
#define STREAM_SOURCE_SHIFT 13
#define STREAM_COMMUNITY_MASK ((1u << STREAM_SOURCE_SHIFT) - 1u)
_Static_assert(CONFIG_COMMUNITIES_MAX - 1u <= STREAM_COMMUNITY_MASK,
               "a stream's community field holds every community");

/* One cache line: the pool is visited in no useful order. The channel, the
 * law and the poster's role follow from the poster (view_payload). */
struct stream {
    double t0_h;               /* time of the post (or the tick) */
    double next_h;             /* time of the pending exposure */
    double clock;              /* law state: elapsed delay (exponential), last
                                  uniform (quantile), exposures drawn (even) */
    double limit;              /* this post's span: its lifetime (exponential),
                                  F(lifetime) below 1 (quantile), the tick (even) */
    uint64_t order;            /* who is picked: followers picked so far, one bit each
                                  (audience_count <= STREAM_EXACT_MAX), or the key of
                                  the audience permutation (larger audiences) */
    uint32_t remaining;        /* exposures still to come, the pending one included */
    account_id poster;         /* the posting account, or NO_ACCOUNT for a burst */
    uint32_t node;             /* the post's node in the cascade forest */
    uint32_t audience_count;   /* who follows the poster (0: untargeted) ... */
    uint32_t audience_own;     /* ... how many of them in its own community ... */
    uint16_t community_source; /* ... and that community (struct audience, packed; bits
                                  0-12, so at most 8,192 communities), and in bits 13-15
                                  the role of the account whose content the post links */
    uint16_t story;
};

_Static_assert(sizeof(struct stream) == 64, "a stream is one cache line");

/* The audience a stream was started over. */
static inline struct audience stream_audience(const struct stream *s)
{
    return (struct audience){s->audience_count, s->audience_own,
                             s->community_source & STREAM_COMMUNITY_MASK};
}

/* The role of the source whose content the stream's post links. */
static inline uint32_t stream_source_role(const struct stream *s)
{
    return s->community_source >> STREAM_SOURCE_SHIFT;
}

/* Sets the source's role; stream_start keeps it. */
static inline void stream_set_source_role(struct stream *s, uint32_t role)
{
    assert(role < ROLE_COUNT && ROLE_COUNT <= 8);
    s->community_source =
        (uint16_t)((s->community_source & STREAM_COMMUNITY_MASK) | role << STREAM_SOURCE_SHIFT);
}

/* The limit of a stream of `law` whose post stays in feeds lifetime_h: the
 * lifetime (exponential), F(lifetime) kept below 1 so quantiles stay finite
 * (quantile), the tick (even). */
double stream_law_limit(const struct stream_law *law, double lifetime_h);

/* The limit of a stream of `law` under the fixed lifetime the law was built
 * for: precomputed, O(1). */
static inline double stream_law_fixed_limit(const struct stream_law *law)
{
    return law->kind == LAW_QUANTILE ? law->u_max : law->span_h;
}

/* Starts a stream of up to `exposures` exposures after t0_h over `audience`
 * (count 0 for an untargeted stream), within `limit` (stream_law_limit, or
 * stream_law_fixed_limit), and draws the first
 * one's time. Returns false when no exposure falls within the limit. */
bool stream_start(struct stream *s, double t0_h, uint32_t exposures,
                  const struct audience *audience, const struct stream_law *law, double limit,
                  gsl_rng *r);

/* The exponential law's next time; false when past the lifetime. */
static inline bool stream_draw_exponential(struct stream *s, const struct stream_law *law,
                                           struct rng_state *r)
{
    /* The minimum of `remaining` exponentials of rate lambda is exponential
     * with rate remaining x lambda (memorylessness gives the rest). */
    s->clock += -log(rng_state_uniform_pos(r)) / (law->rate * (double)s->remaining);
    if (s->clock >= s->limit) {
        return false;
    }
    s->next_h = s->t0_h + s->clock;
    return true;
}

/* The even law's next time: the j-th of n exposures at t0 + tick (j + U) / n. */
static inline void stream_draw_even(struct stream *s, const struct stream_law *law,
                                    struct rng_state *r)
{
    double total = s->clock + (double)s->remaining; /* drawn + to come */
    (void)law;
    s->next_h = s->t0_h + s->limit * (s->clock + rng_state_uniform(r)) / total;
}

/* Draws the pending exposure's time from the law; false when past the span.
 * Inline, like stream_advance: the emit loops call them once per exposure. */
static inline bool stream_draw_time(struct stream *s, const struct stream_law *law, gsl_rng *r)
{
    switch ((enum stream_law_kind)law->kind) {
    case LAW_EXPONENTIAL:
        return stream_draw_exponential(s, law, rng_state(r));
    case LAW_QUANTILE:
        s->clock = distribution_next_order_stat(r, s->clock, s->limit, s->remaining);
        s->next_h = s->t0_h + distribution_quantile(&law->delay, s->clock);
        return true;
    case LAW_EVEN:
        stream_draw_even(s, law, rng_state(r));
        return true;
    }
    assert(0 && "unknown stream law");
    return false;
}

/* The shuffle of a large audience (audience_count > STREAM_EXACT_MAX), built
 * from the stream's key (a uniform 64-bit draw) for a run of picks; for a
 * smaller audience it stays unused. O(1): 8 round keys. */
static inline void stream_order_init(struct shuffle *order, const struct stream *s)
{
    order->n = 0;
    order->halves = (struct feistel_halves){0, 0, 0, 0};
    if (s->audience_count > STREAM_EXACT_MAX) {
        shuffle_init(order, s->audience_count, s->order);
    }
}

/* The audience index the pending exposure reaches; once per exposure, before
 * stream_consume. A small audience draws it: a uniform index, or if that one
 * was picked already a uniform one among those not yet picked (so each free
 * index has chance 1/k + (t/k) / (k - t) = 1 / (k - t) with t picked); the
 * second draw is rare while few are picked. O(1); the rank's selection at
 * most 64 steps. */
static inline uint32_t stream_pick(struct stream *s, const struct shuffle *order,
                                   struct rng_state *r)
{
    uint32_t k = s->audience_count;
    assert(s->remaining > 0 && k > 0);
    if (k > STREAM_EXACT_MAX) {
        return shuffle_at(order, s->remaining - 1);
    }
    uint32_t i = rng_state_below(r, k);
    if (s->order >> i & 1u) {
        uint64_t free = ~s->order & (k == 64 ? ~UINT64_C(0) : (UINT64_C(1) << k) - 1u);
        for (uint32_t rank = rng_state_below(r, (uint32_t)__builtin_popcountll(free)); rank > 0;
             rank--) {
            free &= free - 1u;
        }
        i = (uint32_t)__builtin_ctzll(free);
    }
    s->order |= UINT64_C(1) << i;
    return i;
}

/* Consumes the pending exposure; false when the stream is exhausted. The
 * first half of stream_advance. */
static inline bool stream_consume(struct stream *s, const struct stream_law *law)
{
    assert(s->remaining > 0);
    s->remaining--;
    if (s->remaining == 0) {
        return false;
    }
    if (law->kind == LAW_EVEN) {
        s->clock += 1.0;
    }
    return true;
}

/* Consumes the pending exposure and draws the next one's time. Returns false
 * when the stream is exhausted. The times never decrease. */
static inline bool stream_advance(struct stream *s, const struct stream_law *law, gsl_rng *r)
{
    return stream_consume(s, law) && stream_draw_time(s, law, r);
}

#endif
