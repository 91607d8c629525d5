/* Lazily generated, time-ordered fan-out of one post. */
#include "stream.h"

#include <assert.h>
#include <math.h>

#include "../engine/rng.h"

static uint32_t gcd(uint32_t a, uint32_t b)
{
    while (b) {
        uint32_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

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
    assert(audience->community <= UINT16_MAX);
    s->t0_h = t0_h;
    s->clock = 0.0;
    s->limit = limit;
    s->remaining = exposures;
    s->audience_count = audience->count;
    s->audience_own = audience->own;
    s->audience_community = (uint16_t)audience->community;
    s->index = 0;
    s->stride = 0;
    uint32_t k = audience->count;
    if (k > 1) {
        s->index = rng_below(r, k);
        do {
            s->stride = 1 + rng_below(r, k - 1);
        } while (gcd(s->stride, k) != 1);
    }
    return stream_draw_time(s, law, r);
}
