/* Times loading an edge list the way a run does, in its two steps: reading
 * the file into dense ids (io/edgelist.c, edgelist_read) and building the
 * CSR graph from them (model/graph_file.c, graph_from_edges, with the
 * default scenario's roles: everyone a user, one community). Used by
 * scripts/bench load (issue 17, item 3); not part of the test suite.
 *
 *     edgelist_load EDGES [directed|undirected] [REPEATS] [nocache]
 *
 * reads with the cache (io/edgelist_cache.c: the first read of a file
 * writes it, the next ones load it), or with nocache parses every time.
 * Prints one line per repeat: lines, directed edges, accounts, and the CPU
 * seconds and rate of each step. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "base/error.h"
#include "engine/rng.h"
#include "io/edgelist.h"
#include "io/edgelist_cache.h"
#include "model/config.h"
#include "model/failure.h"
#include "model/graph.h"

/* Process CPU time, not wall time: on a shared machine the wall clock
 * counts other programs' turns too. The loader is single-threaded. */
static double seconds_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        fprintf(stderr, "usage: edgelist_load EDGES [directed|undirected] [REPEATS] [nocache]\n");
        return 2;
    }
    bool undirected = argc > 2 && strcmp(argv[2], "undirected") == 0;
    int repeats = argc > 3 ? atoi(argv[3]) : 1;
    uint64_t cache_min =
        argc > 4 && strcmp(argv[4], "nocache") == 0 ? UINT64_MAX : EDGELIST_CACHE_MIN_BYTES;
    struct config cfg;
    config_init(&cfg, 1);
    for (int i = 0; i < repeats; i++) {
        struct error err;
        error_clear(&err);
        struct edge_list el;
        double start = seconds_now();
        if (edgelist_read_cached(argv[1], undirected, false, cache_min, &el, &err) != STATUS_OK) {
            fprintf(stderr, "%s\n", err.message);
            return 2;
        }
        double read = seconds_now();
        uint64_t lines = undirected ? el.edges / 2 : el.edges;
        gsl_rng *r = rng_new(1, 0);
        struct graph g;
        struct model_failure failure;
        if (graph_from_edges(&g, &cfg, &el, r, &failure) != STATUS_OK) {
            fprintf(stderr, "graph_from_edges failed\n");
            return 1;
        }
        double built = seconds_now();
        printf("lines %" PRIu64 " edges %" PRIu64 " accounts %" PRIu32
               " read_s %.3f (%.1fM lines/s) build_s %.3f (%.1fM edges/s) total_s %.3f "
               "(%.1fM lines/s)\n",
               lines, el.edges, el.vertices, read - start, 1e-6 * (double)lines / (read - start),
               built - read, 1e-6 * (double)el.edges / (built - read), built - start,
               1e-6 * (double)lines / (built - start));
        graph_destroy(&g);
        gsl_rng_free(r);
        edge_list_destroy(&el);
    }
    config_destroy(&cfg);
    return 0;
}
