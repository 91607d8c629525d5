/* Peak memory of a run, estimated from the scenario: the sizes of what
 * world_init, workspace_init and observation_init allocate, plus allowances,
 * calibrated on measured runs, for what the event loop grows into. */
#include "memory.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>

#include "../base/alloc.h"
#include "../engine/calendar.h"
#include "corrected.h"
#include "graph.h"
#include "observe.h"
#include "simulate.h"

/* Libraries (GSL, cJSON and, in a build with MPI, Open MPI's), stacks and
 * the allocator's own overhead: the peak of `amplisim validate
 * tests/regression/tiny.json`, 4.7 MiB (4.0 MiB for `amplisim --help`) on
 * the 2-core VM, Release build with MPI (docs/hardening.md). */
#define PROCESS_BYTES (4.7 * 1024 * 1024)

/* gsl_ran_discrete_preproc's alias table keeps a size_t and a double per
 * outcome. */
#define ALIAS_BYTES_PER_OUTCOME 16.0

/* Bytes per edge at the peak of reading a file graph: the edge list's
 * from/to arrays (with the slack of their doubling), the id table, then the
 * CSR being built beside it. Edge lines are about 10 bytes ("1234 5678\n"). */
#define FILE_BYTES_PER_EDGE 24.0
#define FILE_BYTES_PER_LINE 10.0

/* Bytes of one timeseries.csv row: four keys and 24 figures, 70 when every
 * figure is 0, up to about 330; the bundled scenarios' rows average 112 to
 * 136 (centralized 130, blogger_168m at 1/100 scale 136). The buffer grows
 * by doubling, but only the pages written are resident. */
#define CSV_ROW_BYTES 128.0
/* The disk must hold the longest rows a run can write, nearly. */
#define CSV_ROW_BYTES_ON_DISK 150.0

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

/* The expected edges of a generated graph (graph.c, generate_csr): each
 * account draws a count Y from its role's law (cut at max and accounts − 1),
 * splits it over communities d by its community's mixing row p (a
 * multinomial), and takes min(split, s_d − [d = c]) distinct members of d:
 * about p_d · E[min(Y, (s_d − [d = c]) / p_d)], a cut that binds when a
 * count is large beside a community (lognormal sigma 4 on 60,000 accounts
 * in 30 communities drew 60% fewer edges than E[Y]). With homophily only the
 * own community can bind (another's cut, n / (1 − h), is above n − 1), so
 * the cost is O(roles × communities); a given mixing matrix costs
 * O(roles × communities²). */
static double generated_edges(const struct config *cfg)
{
    uint32_t k = cfg->communities;
    double n = (double)cfg->accounts;
    uint32_t *cell = xmalloc((size_t)k * ROLE_COUNT * sizeof *cell);
    double *size = xcalloc(k, sizeof *size);
    double *row = xmalloc(k * sizeof *row);
    graph_cell_counts(cfg, cfg->accounts, cell);
    for (uint32_t c = 0; c < k; c++) {
        for (int r = 0; r < ROLE_COUNT; r++) {
            size[c] += cell[(size_t)c * ROLE_COUNT + r];
        }
    }
    double whole[ROLE_COUNT]; /* E[Y] of each role: a community that does not cut */
    double last_cut[ROLE_COUNT], last[ROLE_COUNT]; /* cuts repeat: communities of one size */
    for (int r = 0; r < ROLE_COUNT; r++) {
        whole[r] = expected_followers(&cfg->roles[r].followers, n - 1.0);
        last_cut[r] = NAN;
        last[r] = 0.0;
    }
    double edges = 0.0;
    for (uint32_t c = 0; c < k; c++) {
        double sum = 0.0;
        for (uint32_t d = 0; d < k; d++) {
            row[d] = cfg->mixing
                         ? cfg->mixing[(size_t)c * k + d]
                         : (1.0 - cfg->homophily) * size[d] / n + (d == c ? cfg->homophily : 0.0);
            sum += row[d];
        }
        for (int r = 0; r < ROLE_COUNT; r++) {
            double members = cell[(size_t)c * ROLE_COUNT + r];
            if (members == 0.0 || whole[r] == 0.0 || !(sum > 0.0)) {
                continue;
            }
            /* Without a matrix only the own community (d = c) can cut. */
            uint32_t from = cfg->mixing ? 0 : c, to = cfg->mixing ? k : c + 1;
            double per_account = 0.0, uncut = 1.0;
            for (uint32_t d = from; d < to; d++) {
                double p = row[d] / sum;
                double cut = p > 0.0 ? (size[d] - (d == c ? 1.0 : 0.0)) / p : INFINITY;
                if (cut < n - 1.0) {
                    if (cut != last_cut[r]) {
                        last_cut[r] = cut;
                        last[r] = expected_followers(&cfg->roles[r].followers, cut);
                    }
                    per_account += p * last[r];
                    uncut -= p;
                }
            }
            edges += members * (per_account + fmax(uncut, 0.0) * whole[r]);
        }
    }
    free(row);
    free(size);
    free(cell);
    return edges;
}

/* A file graph's accounts, at most: no more than ids, two to an edge line. */
static double file_accounts(uint64_t edge_file_bytes)
{
    return 2.0 * (double)edge_file_bytes / FILE_BYTES_PER_LINE;
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
        /* And each account's id as the file writes it, kept by the graph
         * for the outputs (8 bytes an account: graph_file.c). */
        return layout + FILE_BYTES_PER_EDGE * edges + 8.0 * file_accounts(edge_file_bytes);
    }
    case GRAPH_GENERATED:
        break;
    }
    /* CSR offsets (8 bytes an account) and followers (4 an edge: the array
     * is allocated for the uncut counts, but only the pages written, the
     * edges kept, become resident), ranking every account once to find the
     * top ones a selection picks, and the generator's mixing rows, count²
     * doubles, with an alias table per row. */
    return layout + 8.0 * (accounts + 1.0) + 4.0 * generated_edges(cfg) + 8.0 * accounts +
           (8.0 + ALIAS_BYTES_PER_OUTCOME) * k * k;
}

static double workspace_bytes(const struct config *cfg, double accounts)
{
    double stories = (double)cfg->story_count;
    /* What a viewer has seen (workspace.c, marks_init): a nibble per
     * (account, story) when shares depend on earlier views (reinforcement
     * other than 1), else a bit, with who shared (another bit each up to
     * WORLD_SHARED_BITS_MAX pairs, else a set of 64Ki slots to start, 9
     * bytes each) and the reach log (32Ki views of 16 bytes). */
    bool shared_bits = accounts * stories <= (double)WORLD_SHARED_BITS_MAX;
    double state = cfg->reinforcement != 1.0
                       ? ceil(accounts * stories / 2.0)
                       : 8.0 * ceil(accounts * stories / 64.0) * (shared_bits ? 2.0 : 1.0) +
                             (shared_bits ? 0.0 : 9.0 * 65536) + 16.0 * 32768;
    /* Posts, and so streams, calendar entries and cascade nodes, follow what
     * a run does (an epidemic's size), which the scenario does not state: an
     * allowance of 1,600 posts plus one per 1,000 (account, story) pairs
     * (the cascade forest's allowance before, restated per post), against
     * blogger_168m's 793k posts (600M pairs) and the bundled campaigns' 569
     * to 1,343 (200k to 1.2M pairs). A run with many more (the cascades
     * corner of docs/hardening.md: 35,636) needs more than its estimate, but
     * a post costs only about 100 bytes. */
    double posts = 1600.0 + accounts * stories / 1000.0;
    /* A stream is live for at most the reach after its post: with the posts
     * spread over the run, reach / duration of them at once. */
    double reach = workspace_reach_h(cfg);
    double live = posts * fmin(1.0, reach / cfg->duration_h);
    /* The calendar holds one pending event per live stream, a tick and the
     * timed interventions, in chunks shared by all buckets; every bucket that
     * holds any has one chunk partly filled, so at most min(ring, pending)
     * such tails (calendar.h). On a file or generated graph under the
     * exponential delay a post of at most STREAM_EXACT_MAX followers files
     * its views instead (simulate.c, publish_views), each follower shown it
     * with chance visibility: allowed for an ordinary user's median
     * audience. */
    double ring = fmin(ceil(reach / WORLD_SLICE_H) + 2.0, ceil(cfg->duration_h / WORLD_SLICE_H));
    double per_post = 1.0;
    if (cfg->graph.source != GRAPH_IMPLICIT && cfg->delay.kind == DELAY_EXPONENTIAL) {
        double audience = fmin(cfg->roles[ROLE_USER].followers.median, STREAM_EXACT_MAX);
        per_post = fmax(1.0, audience * cfg->visibility);
    }
    double pending = live * per_post + 1.0 + (double)cfg->intervention_count;
    double chunk = sizeof(struct calendar_chunk);
    double calendar = (ceil(pending / CALENDAR_CHUNK_EVENTS) + fmin(ring, pending)) * chunk;
    /* A live stream's slot and its free-list entry (the pool doubles, so up
     * to two entries a live stream), and the slice batch with its sort
     * scratch, allowed one event per live stream (blogger_168m: 65,536 slots
     * for a peak of 33k to 65k live streams). */
    double streams = live * (sizeof(struct stream) + 2.0 * sizeof(uint32_t));
    double batches = live * 2.0 * sizeof(struct event);
    /* A cascade node per post, the views it drew, its time and the tree
     * scratch of structural virality (size, root, Wiener sum). */
    double forest = posts * (sizeof(struct cascade_node) + sizeof(uint32_t) + sizeof(double) +
                             2.0 * sizeof(uint32_t) + sizeof(double));
    /* Without reinforcement the sharers are a key set, 9 bytes a slot, kept at
     * most half full and doubled from 64Ki slots (key_set.c). */
    double sharers = 0.0;
    if (cfg->reinforcement == 1.0 && !shared_bits) {
        double slots = 65536.0;
        while (2.0 * posts > slots && slots < 1e18) {
            slots *= 2.0;
        }
        sharers = 9.0 * (slots - 65536.0);
    }
    /* The share table (a factor per (story, community) and a base per
     * (story, role, community), doubles: share.h), the story state (the
     * recommender's engagement, fresh engagement and scratch mass among it)
     * and the world's appeal. */
    double per_story = stories * (8.0 * (1.0 + ROLE_COUNT) * cfg->communities + 8.0 * cfg->communities + 96.0);
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
    return state + calendar + streams + batches + forest + sharers + per_story + rings + corrected;
}

/* Every replicate's counters (kept until the results are written). */
static double observation_bytes(const struct config *cfg)
{
    double bins = ceil(cfg->duration_h / cfg->bin_h);
    double keys = observation_keys(cfg->communities);
    double cells = (double)cfg->story_count * bins * keys;
    double per_replicate = cells * MEASURE_COUNT * sizeof(uint64_t) +
                           (double)cfg->story_count * (OBSERVE_DECADES * 8.0 + 32.0);
    return (double)cfg->replicates * per_replicate;
}

/* The time series' text, built in memory before it is written. */
static double text_bytes(const struct config *cfg)
{
    double bins = ceil(cfg->duration_h / cfg->bin_h);
    return (double)cfg->story_count * bins * observation_keys(cfg->communities) * CSV_ROW_BYTES;
}

double memory_output_bytes(const struct config *cfg)
{
    double bins = ceil(cfg->duration_h / cfg->bin_h);
    double cells = (double)cfg->story_count * bins * observation_keys(cfg->communities);
    /* timeseries.csv dominates; scenario.json and summary.json are small. */
    return cells * CSV_ROW_BYTES_ON_DISK + 65536.0 * (1.0 + cfg->story_count);
}

/* A figure to print and compare: never NaN (an overflow is unbounded) nor negative. */
static double sane(double bytes)
{
    return isnan(bytes) ? INFINITY : fmax(bytes, 0.0);
}

/* The accounts a selection can match, at most: its role's count (users:
 * the accounts the other roles leave), or every account. */
static double selection_matches(const struct config *cfg, const struct select_config *sel,
                                double accounts)
{
    if (sel->role < 0 || cfg->graph.source == GRAPH_FILE) {
        return accounts;
    }
    if (sel->role != ROLE_USER) {
        return (double)cfg->roles[sel->role].count;
    }
    double others = 0.0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        others += r == ROLE_USER ? 0.0 : (double)cfg->roles[r].count;
    }
    return fmax(accounts - others, 0.0);
}

/* A selection by followers keeps an alias table over its candidates
 * (world.c, resolve_candidates). */
static double pick_by_followers_bytes(const struct config *cfg, double accounts)
{
    double bytes = 0.0;
    for (size_t a = 0; a < cfg->action_count; a++) {
        if (cfg->actions[a].select.pick == PICK_FOLLOWERS) {
            bytes += ALIAS_BYTES_PER_OUTCOME *
                     selection_matches(cfg, &cfg->actions[a].select, accounts);
        }
    }
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        if (cfg->interventions[i].select.pick == PICK_FOLLOWERS) {
            bytes += ALIAS_BYTES_PER_OUTCOME *
                     selection_matches(cfg, &cfg->interventions[i].select, accounts);
        }
    }
    return bytes;
}

void memory_estimate(const struct config *cfg, uint32_t threads, uint64_t edge_file_bytes,
                     struct memory_estimate *out)
{
    double accounts = cfg->graph.source == GRAPH_FILE ? file_accounts(edge_file_bytes)
                                                      : (double)cfg->accounts;
    out->threads = threads < 1 ? 1 : threads;
    if (cfg->replicates > 0 && out->threads > cfg->replicates) {
        out->threads = cfg->replicates;
    }
    /* The world's recommender targets: an alias table over the communities
     * per story (world.c), with appeal targeting. */
    double targets = cfg->recommender.targeting == TARGET_APPEAL
                         ? (double)cfg->story_count * cfg->communities * ALIAS_BYTES_PER_OUTCOME
                         : 0.0;
    out->graph =
        sane(graph_bytes(cfg, edge_file_bytes) + targets + pick_by_followers_bytes(cfg, accounts));
    out->per_thread = sane(workspace_bytes(cfg, accounts));
    double counters = observation_bytes(cfg), text = text_bytes(cfg);
    out->observations = sane(counters + text);
    /* The world and the workspaces are freed before the results are
     * written (batch/run.c), so the text shares the peak with the counters
     * only: the peak is the larger of the two phases. */
    out->total =
        sane(PROCESS_BYTES + counters + fmax(out->graph + out->threads * out->per_thread, text));
}
