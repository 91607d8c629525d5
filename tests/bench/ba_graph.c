/* Writes a Barabási–Albert graph as an undirected edge list, one "A B" line
 * per edge, for scripts/bench's cascades case: the same file is read by
 * amplisim (graph.source "file", undirected) and by tests/bench/igraph_sir.c.
 *
 *     ba_graph N M SEED > edges.txt
 *
 * Vertices are 0 .. N-1. It starts from a complete graph on M + 1 vertices;
 * each later vertex t links to M distinct earlier vertices drawn in
 * proportion to their degree, by picking uniformly from the list of every
 * edge's two endpoints so far (the repeated-nodes method): O(N M) time,
 * 8 N M bytes. Targets are distinct so the graph is simple, which both
 * readers need to agree (amplisim drops duplicate edges, igraph keeps them
 * as parallel edges that would transmit twice). The random stream is
 * splitmix64, so the file depends only on (N, M, SEED). */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t splitmix64(uint64_t *state)
{
    uint64_t z = (*state += UINT64_C(0x9E3779B97F4A7C15));
    z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
    return z ^ (z >> 31);
}

/* Uniform in [0, n) by a modulo; its bias, below n / 2^64, is far below
 * anything a benchmark graph could show. */
static uint64_t below(uint64_t *state, uint64_t n)
{
    return splitmix64(state) % n;
}

/* Appends "a b\n" to out; returns the new end. */
static char *put_edge(char *out, uint32_t a, uint32_t b)
{
    char digits[12];
    uint32_t ends[2] = {a, b};
    for (int k = 0; k < 2; k++) {
        int len = 0;
        uint32_t x = ends[k];
        do {
            digits[len++] = (char)('0' + x % 10);
            x /= 10;
        } while (x > 0);
        while (len > 0) {
            *out++ = digits[--len];
        }
        *out++ = k == 0 ? ' ' : '\n';
    }
    return out;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: ba_graph N M SEED > edges.txt\n");
        return 2;
    }
    uint64_t n = strtoull(argv[1], NULL, 10);
    uint64_t m = strtoull(argv[2], NULL, 10);
    uint64_t state = strtoull(argv[3], NULL, 10);
    if (m < 1 || m > 64 || n <= m + 1 || n > UINT32_MAX) {
        fprintf(stderr, "ba_graph: need 1 <= M <= 64 and M + 1 < N < 2^32\n");
        return 2;
    }
    uint64_t edges = m * (m + 1) / 2 + (n - m - 1) * m;
    uint32_t *ends = malloc(2 * edges * sizeof *ends);
    /* One line is at most 2 x 10 digits and 2 separators. */
    size_t buffer_bytes = (size_t)1 << 20;
    char *buffer = malloc(buffer_bytes + 64);
    if (!ends || !buffer) {
        fprintf(stderr, "ba_graph: out of memory\n");
        return 1;
    }
    char *out = buffer;
    uint64_t count = 0;
    for (uint32_t a = 0; a <= m; a++) {
        for (uint32_t b = a + 1; b <= m; b++) {
            ends[count++] = a;
            ends[count++] = b;
            out = put_edge(out, a, b);
        }
    }
    uint32_t chosen[64];
    for (uint64_t t = m + 1; t < n; t++) {
        /* Draw from the list as it was before t's edges, so t never links
         * to itself. */
        uint64_t before = count;
        for (uint64_t k = 0; k < m; k++) {
            uint32_t v;
            int repeat;
            do {
                v = ends[below(&state, before)];
                repeat = 0;
                for (uint64_t j = 0; j < k; j++) {
                    repeat |= chosen[j] == v;
                }
            } while (repeat);
            chosen[k] = v;
            ends[count++] = (uint32_t)t;
            ends[count++] = v;
            out = put_edge(out, (uint32_t)t, v);
            if ((size_t)(out - buffer) >= buffer_bytes) {
                fwrite(buffer, 1, (size_t)(out - buffer), stdout);
                out = buffer;
            }
        }
    }
    fwrite(buffer, 1, (size_t)(out - buffer), stdout);
    free(buffer);
    free(ends);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, "ba_graph: cannot write the edge list\n");
        return 1;
    }
    return 0;
}
