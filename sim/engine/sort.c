/* LSD radix sorts on the digits that vary. */
#include "sort.h"

#include <assert.h>
#include <string.h>

void sort_u32(uint32_t *v, size_t n, uint32_t *scratch)
{
    if (n <= 48) {
        for (size_t i = 1; i < n; i++) {
            uint32_t x = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1] > x) {
                v[j] = v[j - 1];
                j--;
            }
            v[j] = x;
        }
        return;
    }
    uint32_t lo = v[0], hi = v[0];
    for (size_t i = 1; i < n; i++) {
        lo = v[i] < lo ? v[i] : lo;
        hi = v[i] > hi ? v[i] : hi;
    }
    uint32_t *src = v, *dst = scratch;
    for (unsigned shift = 0; shift < 32 && ((hi - lo) >> shift) > 0; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) {
            count[((src[i] - lo) >> shift & 0xFFu) + 1]++;
        }
        for (int d = 0; d < 256; d++) {
            count[d + 1] += count[d];
        }
        for (size_t i = 0; i < n; i++) {
            dst[count[(src[i] - lo) >> shift & 0xFFu]++] = src[i];
        }
        uint32_t *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) {
        memcpy(v, src, n * sizeof *v);
    }
}

static inline uint64_t time_key(const struct event *e)
{
    /* Non-negative IEEE doubles order like their bit patterns. */
    uint64_t k;
    memcpy(&k, &e->time_h, sizeof k);
    return k;
}

static void insertion_sort_events(struct event *v, size_t n)
{
    for (size_t i = 1; i < n; i++) {
        struct event x = v[i];
        size_t j = i;
        while (j > 0 && v[j - 1].time_h > x.time_h) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Stable LSD radix sort on 8-bit digits of key - lo, for the rare crowded
 * bucket. */
static void lsd_sort_events(struct event *v, size_t n, struct event *scratch, uint64_t lo,
                            uint64_t span)
{
    struct event *src = v, *dst = scratch;
    for (unsigned shift = 0; shift < 64 && (span >> shift) > 0; shift += 8) {
        size_t count[257] = {0};
        for (size_t i = 0; i < n; i++) {
            count[((time_key(&src[i]) - lo) >> shift & 0xFFu) + 1]++;
        }
        for (int d = 0; d < 256; d++) {
            count[d + 1] += count[d];
        }
        for (size_t i = 0; i < n; i++) {
            dst[count[(time_key(&src[i]) - lo) >> shift & 0xFFu]++] = src[i];
        }
        struct event *t = src;
        src = dst;
        dst = t;
    }
    if (src != v) {
        memcpy(v, src, n * sizeof *v);
    }
}

struct event *sort_events_by_time(struct event *v, size_t n, struct event *scratch)
{
    if (n <= 32) {
        insertion_sort_events(v, n);
        return v;
    }
    uint64_t lo = time_key(&v[0]), hi = lo;
    for (size_t i = 1; i < n; i++) {
        uint64_t k = time_key(&v[i]);
        assert(!(k >> 63));
        lo = k < lo ? k : lo;
        hi = k > hi ? k : hi;
    }
    if (hi == lo) {
        return v; /* all equal: already in (stable) order */
    }
    /* One MSD pass on the top bits of key - lo into n/2 to n buckets, then
     * an insertion sort of each bucket: times in a slice are spread out, so
     * the buckets hold one to a few events and the whole sort is two passes.
     * (2n to 4n buckets cost 6 % more instructions on blogger_168m: fewer
     * moves in the insertion sort, more buckets to clear and sum.) Crowded
     * buckets (bursts at one instant) fall back to a radix sort. */
    unsigned span_bits = 64u - (unsigned)__builtin_clzll(hi - lo);
    unsigned width = 1;
    while (width < 14 && ((size_t)2 << width) < n) {
        width++;
    }
    if (width > span_bits) {
        width = span_bits;
    }
    unsigned shift = span_bits - width;
    size_t buckets = (size_t)1 << width;
    uint32_t count[(1u << 14) + 1];
    memset(count, 0, (buckets + 1) * sizeof count[0]);
    for (size_t i = 0; i < n; i++) {
        count[((time_key(&v[i]) - lo) >> shift) + 1]++;
    }
    uint32_t largest = 0;
    for (size_t b = 0; b < buckets; b++) {
        largest = count[b + 1] > largest ? count[b + 1] : largest;
        count[b + 1] += count[b];
    }
    for (size_t i = 0; i < n; i++) {
        scratch[count[(time_key(&v[i]) - lo) >> shift]++] = v[i];
    }
    /* count[b] now ends bucket b. Without a crowded bucket, one insertion
     * sort over the whole scattered batch finishes the job: every event is
     * already in its bucket, so each moves only within it, and the pass
     * costs a comparison per event instead of a visit per bucket. */
    if (largest <= 64) {
        insertion_sort_events(scratch, n);
        return scratch;
    }
    size_t start = 0;
    for (size_t b = 0; b < buckets; b++) {
        size_t end = count[b], size = end - start;
        if (size > 64) {
            uint64_t bucket_lo = lo + ((uint64_t)b << shift);
            lsd_sort_events(scratch + start, size, v + start, bucket_lo,
                            shift ? ((uint64_t)1 << shift) - 1 : 0);
        } else if (size > 1) {
            insertion_sort_events(scratch + start, size);
        }
        start = end;
    }
    return scratch;
}
