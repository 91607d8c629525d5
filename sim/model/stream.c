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

bool stream_start(struct stream *s, double t0_h, uint32_t exposures,
                  const struct audience *audience, const struct stream_law *law, gsl_rng *r)
{
    assert(exposures >= 1);
    assert(audience->count == 0 || exposures <= audience->count);
    s->t0_h = t0_h;
    s->clock = 0.0;
    s->remaining = exposures;
    s->audience = *audience;
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
