/* Lazily generated, time-ordered fan-out of one post. */
#include "stream.h"

#include <assert.h>
#include <math.h>

#include "../engine/rng.h"

double stream_law_limit(const struct stream_law *law, double lifetime_h)
{
    switch (law->kind) {
    case LAW_EXPONENTIAL:
        return lifetime_h;
    case LAW_QUANTILE: {
        double top = nextafter(1.0, 0.0), f = distribution_cdf(&law->delay, lifetime_h);
        return f < top ? f : top;
    }
    case LAW_EVEN:
        break;
    }
    return law->span_h;
}

bool stream_start(struct stream *s, double t0_h, uint32_t exposures,
                  const struct audience *audience, const struct stream_law *law, double limit,
                  gsl_rng *r)
{
    assert(exposures >= 1);
    assert(audience->count == 0 || exposures <= audience->count);
    assert(audience->community <= STREAM_COMMUNITY_MASK);
    s->t0_h = t0_h;
    s->clock = 0.0;
    s->limit = limit;
    s->remaining = exposures;
    s->audience_count = audience->count;
    s->audience_own = audience->own;
    /* The community below, the source's role (set before) kept above. */
    s->community_source = (uint16_t)((s->community_source & ~STREAM_COMMUNITY_MASK) |
                                     audience->community);
    /* A small audience starts with no follower picked; a large one draws
     * the key of its permutation. */
    s->order = audience->count > STREAM_EXACT_MAX ? rng_u64(r) : 0;
    return stream_draw_time(s, law, r);
}
