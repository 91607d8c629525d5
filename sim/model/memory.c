/* Peak memory of a run, estimated from the scenario: the sizes of what
 * world_init, workspace_init and observation_init allocate, plus allowances,
 * calibrated on measured runs, for what the event loop grows into. */
#include "memory.h"

#include <gsl/gsl_cdf.h>
#include <math.h>

#include "corrected.h"
#include "observe.h"
#include "simulate.h"

/* Libraries, stacks and the allocator's own overhead: the peak of
 * `amplisim validate` on a small scenario. */
#define PROCESS_BYTES (3.0 * 1024 * 1024)

/* Bytes per edge at the peak of reading a file graph: the edge list's
 * from/to arrays (with the slack of their doubling), the id table, then the
 * CSR being built beside it. Edge lines are about 10 bytes ("1234 5678\n"). */
#define FILE_BYTES_PER_EDGE 24.0
#define FILE_BYTES_PER_LINE 10.0

/* Bytes of one timeseries.csv row in its growing buffer: about 110
 * characters (four keys and 24 figures, mostly small), with slack. */
#define CSV_ROW_BYTES 150.0

/* E[min(X, cap)] of a role's follower-count law, the expected followers of
 * one account (the generator clamps at both the law's max and accounts - 1). */
static double expected_followers(const struct follower_dist *f, double cap)
{
    if (f->max > 0 && f->max < cap) {
        cap = f->max;
    }
    if (cap <= 0.0) {
        return 0.0;
    }
    switch (f->kind) {
    case FOLLOWERS_LOGNORMAL: {
        if (f->median <= 0.0) {
            return 0.0;
        }
        double mu = log(f->median), s = f->sigma;
        if (s <= 0.0) {
            return fmin(f->median, cap);
        }
        double z = (log(cap) - mu) / s;
        double e =
            exp(mu + s * s / 2.0) * gsl_cdf_ugaussian_P(z - s) + cap * gsl_cdf_ugaussian_Q(z);
        /* A huge sigma overflows the law's mean (inf × 0 is NaN): min(X, cap) <= cap. */
        return isfinite(e) && e >= 0.0 ? fmin(e, cap) : cap;
    }
    case FOLLOWERS_PARETO: {
        /* E[min(X, c)] = min + integral from min to c of (min / x)^alpha dx. */
        double m = f->min, a = f->alpha;
        if (m >= cap) {
            return cap;
        }
        if (fabs(a - 1.0) < 1e-9) {
            return m + m * log(cap / m);
        }
        return m + pow(m, a) * (pow(cap, 1.0 - a) - pow(m, 1.0 - a)) / (1.0 - a);
    }
    case FOLLOWERS_FIXED:
        return fmin(floor(f->median + 0.5), cap);
    }
    return 0.0;
}

static double graph_bytes(const struct config *cfg, uint64_t edge_file_bytes)
{
    double accounts = (double)cfg->accounts;
    double cells = (double)cfg->communities * ROLE_COUNT;
    double k = (double)cfg->communities;
    /* The population layout: cell starts and a cell index of at most 2^14
     * blocks; the scenario's mixing matrix, count² doubles (128 MiB at 4,096
     * communities), when it gives one. */
    double layout = 4.0 * (cells + 1) + 4.0 * 16384 + (cfg->mixing ? 8.0 * k * k : 0.0);
    switch (cfg->graph.source) {
    case GRAPH_IMPLICIT:
        return layout + 8.0 * cfg->communities;
    case GRAPH_FILE: {
        double edges = (double)edge_file_bytes / FILE_BYTES_PER_LINE;
        if (cfg->graph.undirected) {
            edges *= 2.0;
        }
        return layout + FILE_BYTES_PER_EDGE * edges;
    }
    case GRAPH_GENERATED:
        break;
    }
    double special = 0.0, edges = 0.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_USER) {
            special += cfg->roles[r].count;
        }
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        double count = r == ROLE_USER ? fmax(accounts - special, 0.0) : cfg->roles[r].count;
        edges += count * expected_followers(&cfg->roles[r].followers, accounts - 1.0);
    }
    /* CSR offsets (8 bytes an account) and followers (4 an edge), ranking
     * every account once to find the top ones a selection picks, and the
     * generator's cumulative mixing rows, count² doubles. */
    return layout + 8.0 * (accounts + 1.0) + 4.0 * edges + 8.0 * accounts + 8.0 * k * k;
}

static double workspace_bytes(const struct config *cfg, double accounts)
{
    double stories = (double)cfg->story_count;
    double state = ceil(accounts * stories / 2.0);
    double reach = workspace_reach_h(cfg);
    double buckets = fmin(ceil(reach / WORLD_SLICE_H) + 2.0, ceil(cfg->duration_h / WORLD_SLICE_H));
    /* Each calendar bucket keeps the high-water mark of its slices' events,
     * one pending exposure per live post or recommender burst, and posts
     * reach further, and live longer, on a larger platform. Calibrated on
     * blogger_168m (600M accounts, one story: 8.7M events of capacity over
     * 1,538 buckets) and the bundled campaigns (200k accounts: about 30 a
     * bucket): 16 events a bucket plus one per 100,000 (account, story) pairs. */
    double per_bucket = 16.0 + accounts * stories / 1e5;
    double calendar = buckets * per_bucket * sizeof(struct event);
    /* Batches and streams grow to about 16 buckets' worth, the cascade forest
     * (a node and its tree scratch per post) to about 100 (blogger_168m: 64k
     * and 1M entries). */
    double batches =
        16.0 * per_bucket * (2.0 * sizeof(struct event) + sizeof(struct stream) + sizeof(uint32_t));
    double forest = 100.0 * per_bucket * (sizeof(struct cascade_node) + 16.0);
    /* The share table's row, the story state (the recommender's engagement,
     * fresh engagement and scratch mass among it) and the world's appeal. */
    double per_story = stories * (8.0 * cfg->communities + 96.0);
    double rings = 0.0, corrected = 0.0;
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->trigger == TRIGGER_SHARE_RATE) {
            rings += 8.0 * fmin(ceil(iv->threshold * iv->window_h) + 1.0, 1e8);
        }
        /* A bit per account for each fact-check or prebunk that acts on the
         * accounts it reaches (corrected.h): 75 MB at 600M accounts. */
        if (corrected_needs_bits(iv)) {
            corrected += 8.0 * ceil(accounts / 64.0);
        }
    }
    return state + calendar + batches + forest + per_story + rings + corrected;
}

static double observation_bytes(const struct config *cfg)
{
    double bins = ceil(cfg->duration_h / cfg->bin_h);
    double keys = observation_keys(cfg->communities);
    double cells = (double)cfg->story_count * bins * keys;
    double per_replicate = cells * MEASURE_COUNT * sizeof(uint64_t) +
                           (double)cfg->story_count * (OBSERVE_DECADES * 8.0 + 32.0);
    /* The time series is built in memory before it is written. */
    return (double)cfg->replicates * per_replicate + cells * CSV_ROW_BYTES;
}

double memory_output_bytes(const struct config *cfg)
{
    double bins = ceil(cfg->duration_h / cfg->bin_h);
    double cells = (double)cfg->story_count * bins * observation_keys(cfg->communities);
    /* timeseries.csv dominates; scenario.json and summary.json are small. */
    return cells * CSV_ROW_BYTES + 65536.0 * (1.0 + cfg->story_count);
}

/* A figure to print and compare: never NaN (an overflow is unbounded) nor negative. */
static double sane(double bytes)
{
    return isnan(bytes) ? INFINITY : fmax(bytes, 0.0);
}

void memory_estimate(const struct config *cfg, uint32_t threads, uint64_t edge_file_bytes,
                     struct memory_estimate *out)
{
    double accounts = (double)cfg->accounts;
    if (cfg->graph.source == GRAPH_FILE) {
        /* No more accounts than ids, two to an edge line. */
        accounts = 2.0 * (double)edge_file_bytes / FILE_BYTES_PER_LINE;
    }
    out->threads = threads < 1 ? 1 : threads;
    if (cfg->replicates > 0 && out->threads > cfg->replicates) {
        out->threads = cfg->replicates;
    }
    out->graph = sane(graph_bytes(cfg, edge_file_bytes));
    out->per_thread = sane(workspace_bytes(cfg, accounts));
    out->observations = sane(observation_bytes(cfg));
    out->total =
        sane(PROCESS_BYTES + out->graph + out->threads * out->per_thread + out->observations);
}
