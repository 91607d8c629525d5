/* The slice sort orders events by time, keeps equal times in their order
 * (the loop's tie-break), and copes with spread-out, bursty and tiny
 * batches; the id sort orders ids. */
#include "engine/sort.h"

#include <stdlib.h>

#include "check.h"
#include "engine/rng.h"

/* Sorted by time, and by original position (seq) among equal times. */
static int sorted_stably(const struct event *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        if (v[i].time_h < v[i - 1].time_h ||
            (v[i].time_h == v[i - 1].time_h && v[i].seq < v[i - 1].seq)) {
            return 0;
        }
    }
    return 1;
}

static void check_batches(int mode)
{
    gsl_rng *r = rng_new(5, (uint64_t)mode);
    for (int trial = 0; trial < 200; trial++) {
        size_t n = 1 + rng_below(r, trial < 100 ? 100 : 50000);
        struct event *v = malloc(n * sizeof *v), *scratch = malloc(n * sizeof *scratch);
        double base = rng_uniform(r) * 200.0;
        for (size_t i = 0; i < n; i++) {
            double t = mode == 0   ? base + rng_uniform(r) / 64.0          /* a slice */
                       : mode == 1 ? base + rng_below(r, 5) * 1e-9         /* bursts */
                                   : rng_uniform(r) * 1e-3;                /* near 0 */
            v[i] = (struct event){.time_h = t, .seq = i, .kind = 0, .id = 0};
        }
        struct event *out = sort_events_by_time(v, n, scratch);
        CHECK(out == v || out == scratch);
        CHECK(sorted_stably(out, n));
        free(v);
        free(scratch);
    }
    rng_free(r);
}

static void sort_orders_times_spread_over_a_slice(void)
{
    check_batches(0);
}

static void sort_keeps_equal_times_in_insertion_order(void)
{
    check_batches(1);
}

static void sort_handles_times_across_binades_near_zero(void)
{
    check_batches(2);
}

static void sort_u32_orders_ids(void)
{
    gsl_rng *r = rng_new(6, 0);
    enum { N = 10000 };
    uint32_t *v = malloc(N * sizeof *v), *scratch = malloc(N * sizeof *scratch);
    for (size_t n = 1; n <= N; n *= 10) {
        for (size_t i = 0; i < n; i++) {
            v[i] = (uint32_t)rng_next(r);
        }
        sort_u32(v, n, scratch);
        for (size_t i = 1; i < n; i++) {
            CHECK(v[i - 1] <= v[i]);
        }
    }
    free(v);
    free(scratch);
    rng_free(r);
}

int main(void)
{
    RUN_CASE(sort_orders_times_spread_over_a_slice);
    RUN_CASE(sort_keeps_equal_times_in_insertion_order);
    RUN_CASE(sort_handles_times_across_binades_near_zero);
    RUN_CASE(sort_u32_orders_ids);
    return CHECK_EXIT();
}
