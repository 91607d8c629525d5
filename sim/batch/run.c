/* One scenario's run (run.h): load, check, build, replicate, summarise. */
#define _POSIX_C_SOURCE 200809L
#include "run.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../io/edgelist.h"
#include "../io/fileio.h"
#include "../io/model_message.h"

#define GIB (1024.0 * 1024.0 * 1024.0)

int run_load(const char *scenario, const struct scenario_override *overrides, size_t count,
             struct config *cfg, struct error *err)
{
    return scenario_load(scenario, overrides, count, cfg, err) == STATUS_OK ? STATUS_OK
                                                                             : STATUS_BAD_INPUT;
}

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

void run_format_bytes(double bytes, char *out, size_t size)
{
    if (!(bytes < 1024.0 * 1024.0 * GIB)) {
        snprintf(out, size, "1 PiB or more");
    } else if (bytes >= GIB) {
        snprintf(out, size, "%.1f GiB", bytes / GIB);
    } else if (bytes >= 1024.0 * 1024.0) {
        snprintf(out, size, "%.0f MiB", bytes / (1024.0 * 1024.0));
    } else {
        snprintf(out, size, "%.0f KiB", ceil(bytes / 1024.0));
    }
}

int run_memory_limit(double *bytes, const char **source, struct error *err)
{
    const char *env = getenv("AMPLISIM_MEMORY_LIMIT");
    if (env && *env) {
        *source = "AMPLISIM_MEMORY_LIMIT allows";
        if (parse_limit(env, bytes) != 0) {
            return error_set(err,
                             "AMPLISIM_MEMORY_LIMIT expects bytes, or a number with a K, M, G or "
                             "T suffix (e.g. 16G), got \"%s\"",
                             env);
        }
        return STATUS_OK;
    }
    *source = "this machine has";
    long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
    *bytes = pages > 0 && page > 0 ? (double)pages * (double)page : INFINITY;
    return STATUS_OK;
}

/* What to change, for the largest part of the estimate. */
static const char *memory_advice(const struct config *cfg, const struct memory_estimate *est)
{
    double threads_part = est->threads * est->per_thread;
    if (est->graph >= threads_part && est->graph >= est->observations) {
        return cfg->graph.source == GRAPH_FILE
                   ? "use a smaller edge list"
                   : "reduce /population/accounts or the follower counts, or use the "
                     "implicit graph (/population/graph/source \"implicit\")";
    }
    if (threads_part >= est->observations) {
        return est->threads > 1 ? "reduce /population/accounts or the number of stories, or "
                                  "run fewer replicates at once (--threads)"
                                : "reduce /population/accounts or the number of stories";
    }
    return "reduce /replicates or the number of bins (a larger /output/bin_h)";
}

int run_check_out_dir(const char *dir, const struct config *cfg, struct error *err)
{
    return file_check_out_dir(dir, memory_output_bytes(cfg), err);
}

int run_check_memory(const char *label, const struct config *cfg, uint32_t threads,
                     struct memory_estimate *out, struct error *err)
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
    int status = run_memory_limit(&limit, &source, err);
    if (status != STATUS_OK || est.total <= limit) {
        return status;
    }
    char total[32], graph[32], thread[32], obs[32], have[32];
    run_format_bytes(est.total, total, sizeof total);
    run_format_bytes(est.graph, graph, sizeof graph);
    run_format_bytes(est.per_thread, thread, sizeof thread);
    run_format_bytes(est.observations, obs, sizeof obs);
    run_format_bytes(limit, have, sizeof have);
    return error_set(err,
                     "%s: needs about %s (graph %s, per-thread state %s x %u thread%s, "
                     "observations %s) but %s %s; %s",
                     label, total, graph, thread, est.threads, est.threads == 1 ? "" : "s", obs,
                     source, have, memory_advice(cfg, &est));
}

/* A file graph's edge list (and attributes); nothing for the other sources. */
static int read_edges(const struct config *cfg, struct edge_list *edges, struct error *err)
{
    if (cfg->graph.source != GRAPH_FILE) {
        return STATUS_OK;
    }
    int status =
        edgelist_read(cfg->graph.path, cfg->graph.undirected, cfg->graph.reverse, edges, err);
    if (status == STATUS_OK && cfg->graph.attributes) {
        status = edgelist_read_attributes(cfg->graph.attributes, edges, cfg->communities, err);
    }
    return status;
}

/* A model failure of world_init worded, with the world released. */
static int world_failed(const char *label, const struct config *cfg, struct world *w,
                        const struct model_failure *failure, struct error *err)
{
    struct error inner;
    error_clear(&inner);
    int status = model_message_failure(failure, cfg, &inner);
    world_destroy(w);
    return error_set_status(err, status == STATUS_BAD_INPUT ? STATUS_BAD_INPUT : STATUS_FAILURE,
                            "%s: %s", label, inner.message);
}

int run_build_world(const char *label, const struct config *cfg, struct world *w,
                    struct error *err)
{
    struct error inner;
    error_clear(&inner);
    struct edge_list edges;
    memset(&edges, 0, sizeof edges);
    int status = read_edges(cfg, &edges, &inner);
    if (status == STATUS_OK) {
        /* The model reports why as data; io words it. */
        struct model_failure failure;
        status = world_init(w, cfg, cfg->graph.source == GRAPH_FILE ? &edges : NULL, &failure);
        if (status != STATUS_OK) {
            edge_list_destroy(&edges);
            return world_failed(label, cfg, w, &failure, err);
        }
    }
    /* The CSR graph holds what the run needs; the edge list can go now. */
    edge_list_destroy(&edges);
    if (status == STATUS_OK) {
        return STATUS_OK;
    }
    return error_set_status(err, status == STATUS_BAD_INPUT ? STATUS_BAD_INPUT : STATUS_FAILURE,
                            "%s: %s", label, inner.message);
}

int run_build_world_on(const char *label, const struct config *cfg, const struct graph *graph,
                       struct world *w, struct error *err)
{
    if (!graph) {
        return run_build_world(label, cfg, w, err);
    }
    struct model_failure failure;
    if (world_init_on_graph(w, cfg, graph, &failure) != STATUS_OK) {
        return world_failed(label, cfg, w, &failure, err);
    }
    return STATUS_OK;
}

int run_check_world(const char *label, const struct config *cfg, uint32_t *accounts,
                    struct error *err)
{
    struct world world;
    int status = run_build_world(label, cfg, &world, err);
    if (status == STATUS_OK) {
        *accounts = world.graph.accounts;
        world_destroy(&world);
    }
    return status;
}

static bool stopped(const volatile sig_atomic_t *stop)
{
    return stop && *stop;
}

/* After a replicate: its posts into the export (which skips replicates it
 * does not keep), while its workspace still holds them. */
struct export_context {
    const struct world *world;
    struct cascades_export *cascades;
};

static void export_replicate(void *context, uint32_t replicate, const struct workspace *ws)
{
    struct export_context *ec = context;
    cascades_export_add(ec->cascades, replicate, ec->world->cfg, &ec->world->graph, &ws->cascade);
}

/* Replicate `replicate` alone: the stream (seed, replicate), as a sweep
 * runs it. Returns the replicates finished, 0 or 1. */
static uint32_t run_one(const struct world *w, const struct run_options *opt,
                        struct observation *obs, replicates_after_fn after, void *after_context)
{
    struct workspace ws;
    workspace_init(&ws, w);
    ws.stop = opt->stop;
    simulate(&ws, w->cfg->seed, opt->replicate, obs);
    uint32_t done = stopped(opt->stop) ? 0 : 1;
    if (done && after) {
        after(after_context, opt->replicate, &ws);
    }
    workspace_destroy(&ws);
    return done;
}

int run_replicates(const char *label, const struct config *cfg, const struct run_options *opt,
                   struct run_result *out, struct error *err)
{
    memset(out, 0, sizeof *out);
    double start = clock_seconds();
    struct world world;
    int status = run_build_world(label, cfg, &world, err);
    if (status != STATUS_OK) {
        return status;
    }
    if (stopped(opt->stop)) {
        world_destroy(&world);
        return STATUS_INTERRUPTED;
    }
    double built = clock_seconds();
    out->count = cfg->replicates;
    out->obs = xmalloc(cfg->replicates * sizeof *out->obs);
    for (uint32_t r = 0; r < cfg->replicates; r++) {
        observation_init(&out->obs[r], cfg);
        if (opt->attribution > 0) {
            observation_want_attribution(&out->obs[r], opt->attribution);
        }
    }
    struct export_context export = {.world = &world, .cascades = &out->cascades};
    replicates_after_fn after = NULL;
    if (opt->cascades > 0) {
        uint32_t keep = opt->cascades < cfg->replicates ? opt->cascades : cfg->replicates;
        cascades_export_init(&out->cascades, keep, opt->one_replicate ? opt->replicate : 0,
                             CASCADES_PLAIN_MAX);
        after = export_replicate;
    }
    uint32_t done = opt->one_replicate
                        ? run_one(&world, opt, &out->obs[0], after, &export)
                        : replicates_run(&world, cfg->seed, cfg->replicates, opt->threads, out->obs,
                                         opt->progress, opt->context, after, &export, opt->stop);
    double simulated = clock_seconds();
    if (done == cfg->replicates) {
        summary_compute(&out->sum, cfg, out->obs, cfg->replicates, world.community_size);
        runs_table_init(&out->runs, cfg, out->obs, cfg->replicates,
                        opt->one_replicate ? opt->replicate : 0, world.community_size);
    }
    out->facts = (struct run_facts){.accounts = world.graph.accounts,
                                    .edges = graph_edges(&world.graph),
                                    .graph_seconds = built - start,
                                    .simulate_seconds = simulated - built,
                                    .one_replicate = opt->one_replicate,
                                    .replicate = opt->replicate};
    world_destroy(&world);
    return done == cfg->replicates ? STATUS_OK : STATUS_INTERRUPTED;
}

void run_result_destroy(struct run_result *r)
{
    summary_destroy(&r->sum);
    runs_table_destroy(&r->runs);
    cascades_export_destroy(&r->cascades);
    for (uint32_t i = 0; r->obs && i < r->count; i++) {
        observation_destroy(&r->obs[i]);
    }
    free(r->obs);
    memset(r, 0, sizeof *r);
}

int run_summarise(const char *label, const struct config *cfg, uint32_t threads,
                  const volatile sig_atomic_t *stop, struct summary *sum, struct runs_table *runs,
                  struct error *err)
{
    memset(sum, 0, sizeof *sum);
    if (runs) {
        memset(runs, 0, sizeof *runs);
    }
    struct world world;
    int status = run_build_world(label, cfg, &world, err);
    if (status != STATUS_OK) {
        return status;
    }
    if (replicates_summarise(&world, threads, sum, runs, stop) < cfg->replicates) {
        summary_destroy(sum);
        runs_table_destroy(runs);
        status = STATUS_INTERRUPTED;
    }
    world_destroy(&world);
    return status;
}
