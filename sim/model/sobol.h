/* Sobol sensitivity indices from Saltelli's scheme: a model evaluated on
 * two independent samples A and B of its k inputs (n rows each) and on the
 * k matrices A_B^i (A with column i taken from B). First-order indices by
 * Saltelli et al. (2010), total indices by Jansen (1999), each with a 95 %
 * bootstrap percentile interval from rows resampled with replacement; the
 * equations are in docs/sweep.md. Pure computation: the random stream for
 * the bootstrap is derived from a seed the caller gives (and records). */
#ifndef AMPLISIM_SOBOL_H
#define AMPLISIM_SOBOL_H

#include <stddef.h>
#include <stdint.h>

struct sobol_index {
    double first;     /* S_i: the share of the output's variance input i explains alone */
    double first_low; /* its 95 % bootstrap percentile interval */
    double first_high;
    double total; /* S_Ti: the share it explains with all its interactions */
    double total_low;
    double total_high;
};

/* fa[j] = f(A_j), fb[j] = f(B_j), fab[i * n + j] = f((A_B^i)_j) for rows
 * j < n (n >= 2) and inputs i < k; every value finite. Fills out[k]. The
 * bootstrap draws `resamples` sets of n rows with replacement from a stream
 * seeded by `seed` (engine/rng.h); resamples 0 leaves the intervals NaN.
 * Where the outputs do not vary (V = 0) every figure is NaN.
 * O(resamples x n x k) time, O(resamples x k) memory. */
void sobol_indices(const double *fa, const double *fb, const double *fab, size_t n, size_t k,
                   uint32_t resamples, uint64_t seed, struct sobol_index *out);

#endif
