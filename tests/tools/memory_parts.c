/* Prints the parts of memory_estimate for a scenario, in bytes, so that
 * scripts/memcheck can set them beside a measured peak without the rounding
 * of `amplisim validate`'s "needs about 88 MiB".
 *     amplisim_memory SCENARIO THREADS [PATH=VALUE]...
 * prints "total graph per_thread threads observations". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/alloc.h"
#include "batch/run.h"
#include "model/memory.h"

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: amplisim_memory SCENARIO THREADS [PATH=VALUE]...\n");
        return 2;
    }
    size_t count = (size_t)(argc - 3);
    struct scenario_override *overrides = calloc(count ? count : 1, sizeof *overrides);
    char **copies = calloc(count ? count : 1, sizeof *copies);
    for (size_t i = 0; i < count; i++) {
        copies[i] = xstrdup(argv[3 + i]);
        char *eq = strchr(copies[i], '=');
        if (!eq) {
            fprintf(stderr, "amplisim_memory: expected PATH=VALUE, got %s\n", argv[3 + i]);
            return 2;
        }
        *eq = '\0';
        overrides[i] = (struct scenario_override){copies[i], eq + 1, NULL};
    }
    struct config cfg;
    struct error err;
    error_clear(&err);
    if (run_load(argv[1], overrides, count, &cfg, &err) != STATUS_OK) {
        fprintf(stderr, "amplisim_memory: %s\n", err.message);
        return 2;
    }
    uint64_t file_bytes = 0;
    struct stat st;
    if (cfg.graph.source == GRAPH_FILE && stat(cfg.graph.path, &st) == 0) {
        file_bytes = (uint64_t)st.st_size;
    }
    struct memory_estimate est;
    memory_estimate(&cfg, (uint32_t)atoi(argv[2]), file_bytes, &est);
    printf("%.0f %.0f %.0f %u %.0f\n", est.total, est.graph, est.per_thread, est.threads,
           est.observations);
    config_destroy(&cfg);
    for (size_t i = 0; i < count; i++) {
        free(copies[i]);
    }
    free(copies);
    free(overrides);
    return 0;
}
