/* A fan-out stream: the exposures of one post (or one recommender burst),
 * yielded lazily in time order. A post seen by m of its k followers holds one
 * queue entry, not m: the stream draws the m sorted delays one at a time as
 * order statistics pushed through the delay distribution's quantile function,
 * and the j-th exposure goes to follower order(j), a keyed pseudo-random
 * permutation of [0, k). O(1) memory and O(1) work per exposure. */
#ifndef AMPLISIM_STREAM_H
#define AMPLISIM_STREAM_H

#include <stdint.h>

#include <gsl/gsl_rng.h>

#include "../engine/distribution.h"
#include "../engine/permutation.h"

struct stream {
    double t0_h;               /* time of the post */
    double u;                  /* last uniform order statistic drawn */
    double u_max;              /* delays are drawn below quantile(u_max) */
    struct permutation order;  /* audience order; n == 0 for untargeted streams */
    uint32_t remaining;        /* exposures not yet delivered */
    uint32_t delivered;        /* exposures delivered so far */
    uint32_t poster;           /* the posting account, or NO_ACCOUNT */
    uint32_t node;             /* the post's node in the cascade forest */
    uint16_t story;
    uint8_t channel;           /* enum channel */
    uint8_t delay;             /* which delay distribution the owner uses */
};

/* Starts a stream of `exposures` (>= 1) exposures after t0_h, with delays from
 * a distribution truncated to [0, quantile(u_max)), over an audience of
 * `audience` members (0 for an untargeted stream, which draws no order).
 * The caller sets poster, node, story, channel and delay. */
void stream_start(struct stream *s, double t0_h, uint32_t exposures, double u_max,
                  uint32_t audience, uint64_t key);

/* Draws the time of the next exposure (requires remaining > 0). The times a
 * stream yields never decrease. */
double stream_next_time(struct stream *s, const struct distribution *d, gsl_rng *r);

/* Consumes the exposure whose time stream_next_time returned and returns its
 * audience index (0 for untargeted streams). */
uint32_t stream_take(struct stream *s);

#endif
