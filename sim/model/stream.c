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

/* Draws the pending exposure's time from the law; false when past the span. */
static bool draw_time(struct stream *s, const struct stream_law *law, gsl_rng *r)
{
    switch ((enum stream_law_kind)law->kind) {
    case LAW_EXPONENTIAL:
        /* The minimum of `remaining` exponentials of rate lambda is exponential
         * with rate remaining x lambda (memorylessness gives the rest). */
        s->clock += -log(rng_uniform_pos(r)) / (law->rate * (double)s->remaining);
        if (s->clock >= law->span_h) {
            return false;
        }
        s->next_h = s->t0_h + s->clock;
        return true;
    case LAW_QUANTILE:
        s->clock = distribution_next_order_stat(r, s->clock, law->u_max, s->remaining);
        s->next_h = s->t0_h + distribution_quantile(&law->delay, s->clock);
        return true;
    case LAW_EVEN: {
        double total = s->clock + (double)s->remaining; /* drawn + to come */
        s->next_h = s->t0_h + law->span_h * (s->clock + rng_uniform(r)) / total;
        return true;
    }
    }
    assert(0 && "unknown stream law");
    return false;
}

bool stream_start(struct stream *s, double t0_h, uint32_t exposures, const struct audience *audience,
                  const struct stream_law *law, gsl_rng *r)
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
    return draw_time(s, law, r);
}

bool stream_advance(struct stream *s, const struct stream_law *law, gsl_rng *r)
{
    assert(s->remaining > 0);
    s->remaining--;
    if (s->remaining == 0) {
        return false;
    }
    if (law->kind == LAW_EVEN) {
        s->clock += 1.0;
    }
    if (s->audience.count > 1) {
        uint64_t next = (uint64_t)s->index + s->stride;
        s->index = (uint32_t)(next >= s->audience.count ? next - s->audience.count : next);
    }
    return draw_time(s, law, r);
}
