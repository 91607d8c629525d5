/* The machine's limits, checked before a run starts: a scenario that needs
 * more memory than there is gets refused with the estimate (exit 2, nothing
 * written) instead of being killed by the kernel hours in. */
#define _POSIX_C_SOURCE 200809L
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "model/memory.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

/* Parses AMPLISIM_MEMORY_LIMIT: bytes, or a number with a K, M, G or T
 * suffix (powers of 1024; an optional trailing "B" or "iB"). */
static int parse_limit(const char *text, double *bytes)
{
    char *end;
    errno = 0;
    double x = strtod(text, &end);
    if (end == text || errno != 0 || !(x > 0.0) || !isfinite(x)) {
        return -1;
    }
    double unit = 1.0;
    switch (toupper((unsigned char)*end)) {
    case 'K':
        unit = 1024.0;
        break;
    case 'M':
        unit = 1024.0 * 1024.0;
        break;
    case 'G':
        unit = GIB;
        break;
    case 'T':
        unit = 1024.0 * GIB;
        break;
    default:
        break;
    }
    if (unit > 1.0) {
        end++;
        if (strcmp(end, "iB") == 0 || strcmp(end, "B") == 0) {
            end += strlen(end);
        }
    }
    if (*end != '\0') {
        return -1;
    }
    *bytes = x * unit;
    return 0;
}

void cli_format_bytes(double bytes, char *out, size_t size)
{
    if (bytes >= GIB) {
        snprintf(out, size, "%.1f GiB", bytes / GIB);
    } else if (bytes >= 1024.0 * 1024.0) {
        snprintf(out, size, "%.0f MiB", bytes / (1024.0 * 1024.0));
    } else {
        snprintf(out, size, "%.0f KiB", ceil(bytes / 1024.0));
    }
}

int cli_memory_limit(double *bytes, const char **source)
{
    const char *env = getenv("AMPLISIM_MEMORY_LIMIT");
    if (env && *env) {
        *source = "AMPLISIM_MEMORY_LIMIT allows";
        if (parse_limit(env, bytes) != 0) {
            return cli_usage_error("AMPLISIM_MEMORY_LIMIT expects bytes, or a number with a K, "
                                   "M, G or T suffix (e.g. 16G), got \"%s\"",
                                   env);
        }
        return EXIT_OK;
    }
    *source = "this machine has";
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    *bytes = pages > 0 && page > 0 ? (double)pages * (double)page : INFINITY;
    return EXIT_OK;
}

int cli_check_memory(const char *scenario, const struct config *cfg, uint32_t threads,
                     struct memory_estimate *out)
{
    uint64_t file_bytes = 0;
    struct stat st;
    if (cfg->graph.source == GRAPH_FILE && stat(cfg->graph.path, &st) == 0) {
        file_bytes = (uint64_t)st.st_size;
    }
    struct memory_estimate est;
    memory_estimate(cfg, threads, file_bytes, &est);
    if (out) {
        *out = est;
    }
    double limit;
    const char *source;
    int status = cli_memory_limit(&limit, &source);
    if (status != EXIT_OK || est.total <= limit) {
        return status;
    }
    char total[32], graph[32], thread[32], obs[32], have[32];
    cli_format_bytes(est.total, total, sizeof total);
    cli_format_bytes(est.graph, graph, sizeof graph);
    cli_format_bytes(est.per_thread, thread, sizeof thread);
    cli_format_bytes(est.observations, obs, sizeof obs);
    cli_format_bytes(limit, have, sizeof have);
    /* Advice for the largest part. */
    const char *advice;
    double threads_part = est.threads * est.per_thread;
    if (est.graph >= threads_part && est.graph >= est.observations) {
        advice = cfg->graph.source == GRAPH_FILE
                     ? "use a smaller edge list"
                     : "reduce /population/accounts or the follower counts, or use the "
                       "implicit graph (/population/graph/source \"implicit\")";
    } else if (threads_part >= est.observations) {
        advice = est.threads > 1 ? "reduce /population/accounts or the number of stories, or "
                                   "run fewer replicates at once (--threads)"
                                 : "reduce /population/accounts or the number of stories";
    } else {
        advice = "reduce /replicates or the number of bins (a larger /output/bin_h)";
    }
    fprintf(stderr,
            "amplisim: %s: needs about %s (graph %s, per-thread state %s x %u thread%s, "
            "observations %s) but %s %s; %s\n",
            scenario, total, graph, thread, est.threads, est.threads == 1 ? "" : "s", obs, source,
            have, advice);
    return EXIT_BAD_INPUT;
}

uint32_t cli_default_threads(void)
{
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n > 0 ? (uint32_t)n : 1;
}
