/* Lazily generated, time-ordered fan-out of one post. */
#include "stream.h"

#include <assert.h>

void stream_start(struct stream *s, double t0_h, uint32_t exposures, double u_max,
                  uint32_t audience, uint64_t key)
{
    assert(exposures >= 1);
    assert(audience == 0 || exposures <= audience);
    assert(u_max > 0.0 && u_max < 1.0);
    s->t0_h = t0_h;
    s->u = 0.0;
    s->u_max = u_max;
    if (audience > 0) {
        permutation_init(&s->order, audience, key);
    } else {
        s->order.n = 0;
    }
    s->remaining = exposures;
    s->delivered = 0;
}

double stream_next_time(struct stream *s, const struct distribution *d, gsl_rng *r)
{
    assert(s->remaining > 0);
    s->u = distribution_next_order_stat(r, s->u, s->u_max, s->remaining);
    return s->t0_h + distribution_quantile(d, s->u);
}

uint32_t stream_take(struct stream *s)
{
    assert(s->remaining > 0);
    uint32_t j = s->delivered++;
    s->remaining--;
    return s->order.n ? permutation_at(&s->order, j) : 0;
}
