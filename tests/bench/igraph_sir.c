/* The reference side of scripts/bench's cascades case: reads an undirected
 * edge list (one "A B" line per edge, ids 0 .. n-1, as tests/bench/ba_graph.c
 * writes it) into igraph and runs igraph_sir, igraph's continuous-time
 * Markovian SIR (Gillespie), from one uniformly random infected vertex.
 *
 *     igraph_sir EDGES BETA GAMMA RUNS SEED
 *
 * Prints "key value" lines: vertices, edges, read_seconds, sir_seconds (the
 * one igraph_sir call that runs every simulation, state reset and the
 * recorded time series included) and sir_cpu_seconds (the same call's
 * process CPU time, which a busy machine does not inflate), then "final SIZE" per run: the vertices
 * ever infected, the first one included (no_r at the end, when no vertex is
 * infected any more). Debian's igraph 0.10 aborts on some infection rates
 * (its partial-sum tree loses precision); dyadic rates such as 0.125 are
 * safe. Built by scripts/bench against libigraph-dev, not part of the test
 * suite. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <igraph.h>

static double seconds_of(clockid_t clock)
{
    struct timespec ts;
    clock_gettime(clock, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static double seconds_now(void)
{
    return seconds_of(CLOCK_MONOTONIC);
}

int main(int argc, char **argv)
{
    if (argc != 6) {
        fprintf(stderr, "usage: igraph_sir EDGES BETA GAMMA RUNS SEED\n");
        return 2;
    }
    const char *path = argv[1];
    double beta = strtod(argv[2], NULL);
    double gamma = strtod(argv[3], NULL);
    igraph_integer_t runs = strtoll(argv[4], NULL, 10);
    unsigned long seed = strtoul(argv[5], NULL, 10);
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        return 2;
    }
    double start = seconds_now();
    igraph_t graph;
    if (igraph_read_graph_edgelist(&graph, file, 0, IGRAPH_UNDIRECTED) != IGRAPH_SUCCESS) {
        fprintf(stderr, "%s: igraph cannot read it\n", path);
        return 2;
    }
    fclose(file);
    double read = seconds_now();
    igraph_rng_seed(igraph_rng_default(), seed);
    igraph_vector_ptr_t result;
    igraph_vector_ptr_init(&result, 0);
    double sir_start = seconds_now();
    double sir_cpu_start = seconds_of(CLOCK_PROCESS_CPUTIME_ID);
    if (igraph_sir(&graph, beta, gamma, runs, &result) != IGRAPH_SUCCESS) {
        fprintf(stderr, "igraph_sir failed\n");
        return 1;
    }
    double sir_end = seconds_now();
    double sir_cpu = seconds_of(CLOCK_PROCESS_CPUTIME_ID) - sir_cpu_start;
    printf("vertices %lld\nedges %lld\nread_seconds %.6f\nsir_seconds %.6f\n"
           "sir_cpu_seconds %.6f\n",
           (long long)igraph_vcount(&graph), (long long)igraph_ecount(&graph), read - start,
           sir_end - sir_start, sir_cpu);
    for (igraph_integer_t i = 0; i < igraph_vector_ptr_size(&result); i++) {
        const igraph_sir_t *sir = VECTOR(result)[i];
        igraph_integer_t last = igraph_vector_int_size(&sir->no_r) - 1;
        if (VECTOR(sir->no_i)[last] != 0) {
            fprintf(stderr, "igraph_sir: run %lld ended with infected vertices\n", (long long)i);
            return 1;
        }
        printf("final %lld\n", (long long)VECTOR(sir->no_r)[last]);
    }
    /* igraph_sir set igraph_sir_destroy as the items' destructor. */
    igraph_vector_ptr_destroy_all(&result);
    igraph_destroy(&graph);
    return 0;
}
