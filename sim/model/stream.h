/* A fan-out stream: the exposures of one post (or one recommender burst),
 * yielded lazily in time order. A post seen by m of its k followers holds one
 * calendar entry, not m. Its delays come out sorted, drawn one at a time:
 *   - exponential feed delay: the sorted sample's spacings are independent
 *     exponentials (the j-th of the r remaining has rate r x lambda), one log
 *     per exposure; the stream stops at the post's lifetime;
 *   - any other feed delay: order statistics of Uniform(0, F(lifetime)) pushed
 *     through the quantile function;
 *   - a recommender burst of n exposures: spread evenly over the tick, the
 *     j-th at t0 + tick (j + U) / n.
 * The j-th exposure of a post goes to audience index (b + j a) mod k, with b
 * uniform and a stride coprime to k: every follower at most once, each
 * equally likely to be among the first m. O(1) memory and work per exposure. */
#ifndef AMPLISIM_STREAM_H
#define AMPLISIM_STREAM_H

#include <stdbool.h>
#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../engine/distribution.h"
#include "graph.h"

enum stream_law_kind { LAW_EXPONENTIAL, LAW_QUANTILE, LAW_EVEN };

/* How a stream's delays are drawn; shared by all streams of one kind. */
struct stream_law {
    enum stream_law_kind kind;
    double rate;                /* exponential: 1 / mean delay, per hour */
    double span_h;              /* exponential: lifetime; even: the tick */
    struct distribution delay;  /* quantile: the feed delay law */
    double u_max;               /* quantile: F(lifetime), below 1 */
};

struct stream {
    double t0_h;               /* time of the post (or the tick) */
    double next_h;             /* time of the pending exposure */
    double clock;              /* law state: elapsed delay (exponential), last
                                  uniform (quantile), exposures drawn (even) */
    uint32_t remaining;        /* exposures still to come, the pending one included */
    uint32_t index;            /* audience index of the pending exposure */
    uint32_t stride;           /* step of the audience progression, coprime with count */
    account_id poster;         /* the posting account, or NO_ACCOUNT */
    uint32_t node;             /* the post's node in the cascade forest */
    struct audience audience;  /* who follows the poster (count 0: untargeted) */
    uint16_t story;
    uint8_t channel;           /* enum channel */
    uint8_t law;               /* index of the owner's stream_law */
    uint8_t poster_role;       /* the poster's role, or the platform's key */
};

/* Starts a stream of up to `exposures` exposures after t0_h over `audience`
 * (count 0 for an untargeted stream) and draws the first one's time. Returns
 * false when no exposure falls within the law's span (nothing to deliver). */
bool stream_start(struct stream *s, double t0_h, uint32_t exposures, const struct audience *audience,
                  const struct stream_law *law, gsl_rng *r);

/* Consumes the pending exposure and draws the next one's time. Returns false
 * when the stream is exhausted. The times never decrease. */
bool stream_advance(struct stream *s, const struct stream_law *law, gsl_rng *r);

#endif
