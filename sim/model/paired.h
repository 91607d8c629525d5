/* Paired differences: two runs on the same seeds (common random numbers)
 * compared replicate by replicate, b - a, so that the noise both share
 * cancels. Times may be +INFINITY (a threshold never reached); each pair is
 * then classed rather than subtracted, and no figure is ever NaN from it.
 * Pure computation. */
#ifndef AMPLISIM_PAIRED_H
#define AMPLISIM_PAIRED_H

#include <stddef.h>
#include <stdint.h>

struct paired {
    uint32_t pairs;      /* replicates paired; 0: not measured */
    uint32_t finite;     /* pairs with both values finite: the mean and its interval's */
    uint32_t both_never; /* both +INFINITY: "both never reached", left out of the differences */
    uint32_t a_never;    /* only a infinite: B reached it, A never (difference -INFINITY) */
    uint32_t b_never;    /* only b infinite: A reached it, B never (difference +INFINITY) */
    double a_median, b_median; /* each side's median over the pairs (GSL's, +INFINITY kept) */
    double median;             /* median of b - a over the pairs but both_never (an a_never pair
                                  counts as -INFINITY, a b_never one as +INFINITY); when one of
                                  the two middle values is infinite, the lower middle value.
                                  NaN only when every pair is both_never */
    double mean;               /* mean of b - a over the finite pairs; NaN when there are none */
    double ci95_low;           /* its 95 % interval, Student's t with finite - 1 degrees of */
    double ci95_high;          /* freedom; NaN when finite < 2 */
    double below;              /* fraction of pairs with b < a (a finite b below a never) */
    double equal;              /* fraction with b == a (both_never included) */
};

/* Pairs a[i] with b[i], i < n (n >= 1); values finite or +INFINITY. O(n log n). */
void paired_compute(const double *a, const double *b, size_t n, struct paired *out);

#endif
