/* One evaluation of a fit (fit.h): the scenario at a point, its
 * replicates shared over the MPI ranks and threads, every replicate's
 * figures gathered into one table, the distance measured from it; an
 * evaluation replayed from the log instead when the log has it; the
 * follower graph that evaluations share while it is the same; and the
 * bootstrap of the final evaluation's replicates that measures the Monte
 * Carlo error at the estimate. */
#include "fit.h"

#include <assert.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/strbuf.h"
#include "../engine/rng.h"
#include "../model/runs.h"
#include "../model/summary.h"
#include "ranks.h"
#include "replicates.h"
#include "run.h"

/* What an undefined statistic (no replicate met its condition, or a time
 * never reached) adds to the distance: a finite value, since the simplex
 * needs one, worse than any statistic within 1000 sigma. */
#define FIT_PENALTY 1e6

/* ---- Figures of one evaluation ---- */

static bool in_group(const struct config *cfg, uint32_t group, uint32_t s)
{
    if (group < cfg->story_count) {
        return s == group;
    }
    return story_kind_is_campaign(cfg->stories[s].kind);
}

/* Replicate r's measure per bin for the curve's group, into bins. */
static void group_bins(const struct config *cfg, const struct observation *obs, uint32_t group,
                       enum measure m, double *bins)
{
    for (uint32_t b = 0; b < obs->bins; b++) {
        bins[b] = 0.0;
        for (uint32_t s = 0; s < cfg->story_count; s++) {
            if (in_group(cfg, group, s)) {
                bins[b] += (double)observation_cell(obs, s, b, KEY_TOTAL)[m];
            }
        }
    }
}

/* The median over replicates of the curve's cumulative value at t_h, with
 * its 5 % and 95 % quantiles; per[r] holds replicate r's bins. */
static struct stat4 curve_at(double *const *per, uint32_t replicates, uint32_t bins, double bin_h,
                             double t_h, double *tmp)
{
    for (uint32_t r = 0; r < replicates; r++) {
        tmp[r] = runs_binned_before(per[r], bins, bin_h, t_h);
    }
    struct stat4 st;
    summary_stat4(tmp, replicates, &st);
    return st;
}

/* The curve's band at the final point: rows at each bin's end and at each
 * observed time, in time order. */
static void fill_band(const struct fit_curve *c, double *const *per, uint32_t replicates,
                      uint32_t bins, double bin_h, double *tmp, struct fit_curve_band *band)
{
    size_t cap = bins + c->count;
    band->time_h = xmalloc(cap * sizeof(double));
    band->median = xmalloc(cap * sizeof(double));
    band->p05 = xmalloc(cap * sizeof(double));
    band->p95 = xmalloc(cap * sizeof(double));
    band->observed = xmalloc(cap * sizeof(double));
    size_t n = 0, j = 0;
    for (uint32_t b = 0; b <= bins && (b < bins || j < c->count);) {
        double end = b < bins ? (b + 1) * bin_h : INFINITY;
        double t;
        double observed = NAN;
        if (j < c->count && c->time_h[j] <= end) {
            t = c->time_h[j];
            observed = c->value[j];
            if (t == end) {
                b++;
            }
            j++;
        } else {
            t = end;
            b++;
        }
        struct stat4 st = curve_at(per, replicates, bins, bin_h, t, tmp);
        band->time_h[n] = t;
        band->median[n] = st.median;
        band->p05[n] = st.p05;
        band->p95[n] = st.p95;
        band->observed[n++] = observed;
    }
    band->count = n;
}

/* Every replicate's values an evaluation measures, one row a replicate:
 * each curve's count per bin (its group and measure), then each
 * statistic's figure and its condition's figure (0 when it has none). What
 * the MPI ranks gather from one another (a few hundred numbers a
 * replicate), and what the final evaluation keeps to measure the Monte
 * Carlo error at the estimate (fit_noise_covariance). */
struct fit_table {
    uint32_t replicates;
    uint32_t bins;
    double bin_h;
    size_t row;     /* curve_count * bins + 2 * statistic_count */
    double *values; /* [replicates][row] */
};

static void table_destroy(struct fit_table *t)
{
    free(t->values);
    memset(t, 0, sizeof *t);
}

void fit_table_free(struct fit_table *t)
{
    if (t) {
        table_destroy(t);
        free(t);
    }
}

static double *table_curve(const struct fit_table *t, uint32_t r, size_t curve)
{
    return t->values + r * t->row + curve * t->bins;
}

/* Statistic i's figure (which 0) or its condition's (which 1) in row r. */
static double table_figure(const struct fit_driver *d, const struct fit_table *t, uint32_t r,
                           size_t i, int which)
{
    return t->values[r * t->row + d->f->curve_count * t->bins + 2 * i + (size_t)which];
}

/* Fills rows [0, count) of `rows` (t's layout) from `count` replicates'
 * observations and figures. */
static void table_fill(const struct fit_driver *d, const struct config *cfg,
                       const struct observation *obs, const struct runs_table *runs, uint32_t count,
                       const struct fit_table *t, double *rows)
{
    const struct fit *f = d->f;
    for (uint32_t r = 0; r < count; r++) {
        assert(obs[r].bins == t->bins);
        double *row = rows + r * t->row;
        for (size_t i = 0; i < f->curve_count; i++) {
            group_bins(cfg, &obs[r], d->curve_target[i].group, f->curves[i].measure,
                       row + i * t->bins);
        }
        double *fig = row + f->curve_count * t->bins;
        for (size_t i = 0; i < f->statistic_count; i++) {
            const struct fit_target *tg = &d->statistic_target[i];
            fig[2 * i] = runs_value(runs, r, tg->group, (uint32_t)tg->figure);
            fig[2 * i + 1] =
                tg->condition >= 0 ? runs_value(runs, r, tg->group, (uint32_t)tg->condition) : 0.0;
        }
    }
}

/* Statistic i over the replicates pick[0 .. n - 1] (with repeats) that
 * meet its condition (a fraction: the share of them whose figure reaches its
 * threshold); NaN when none does. */
static double statistic_value(const struct fit_driver *d, const struct fit_table *t, size_t i,
                              const uint32_t *pick, uint32_t n, double *tmp)
{
    const struct fit_statistic *s = &d->f->statistics[i];
    bool conditioned = d->statistic_target[i].condition >= 0;
    size_t m = 0;
    for (uint32_t a = 0; a < n; a++) {
        uint32_t r = pick ? pick[a] : a;
        if (conditioned && !(table_figure(d, t, r, i, 1) >= s->at_least)) {
            continue;
        }
        tmp[m++] = table_figure(d, t, r, i, 0);
    }
    if (m == 0) {
        return NAN;
    }
    if (s->kind == FIT_FRACTION) {
        size_t above = 0;
        for (size_t a = 0; a < m; a++) {
            above += tmp[a] >= s->threshold;
        }
        return (double)above / (double)m;
    }
    struct stat4 st;
    summary_stat4(tmp, m, &st);
    return s->kind == FIT_MEDIAN ? st.median : st.mean;
}

/* The distance's terms from the replicates' values; when asked, log(1 +
 * the simulated median) at each observed point (points) and the bands. */
static double measure_distance(const struct fit_driver *d, const struct fit_table *t, double *stats,
                               double *points, struct fit_curve_band *bands)
{
    const struct fit *f = d->f;
    uint32_t reps = t->replicates;
    double *tmp = xmalloc(reps * sizeof *tmp);
    double **per = xmalloc(reps * sizeof *per);
    double distance = 0.0;
    size_t point = 0;
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        for (uint32_t r = 0; r < reps; r++) {
            per[r] = table_curve(t, r, i);
        }
        for (size_t j = 0; j < c->count; j++, point++) {
            struct stat4 st = curve_at(per, reps, t->bins, t->bin_h, c->time_h[j], tmp);
            double z = (log1p(st.median) - log1p(c->value[j])) / c->sigma;
            distance += z * z;
            if (points) {
                points[point] = log1p(st.median);
            }
        }
        if (bands) {
            fill_band(c, per, reps, t->bins, t->bin_h, tmp, &bands[i]);
        }
    }
    for (size_t i = 0; i < f->statistic_count; i++) {
        const struct fit_statistic *s = &f->statistics[i];
        stats[i] = statistic_value(d, t, i, NULL, reps, tmp);
        double z = (stats[i] - s->observed) / s->sigma;
        distance += isfinite(z) ? z * z : FIT_PENALTY;
    }
    free(per);
    free(tmp);
    return distance;
}

int fit_agree(int status, struct error *err)
{
    int mine = status == STATUS_OK            ? 0
               : status == STATUS_INTERRUPTED ? 1
               : status == STATUS_BAD_INPUT   ? 2
                                              : 3;
    int worst = ranks_max_int(mine);
    if (worst == mine) {
        return status;
    }
    if (worst == 1) {
        return STATUS_INTERRUPTED;
    }
    return error_set_status(err, worst == 2 ? STATUS_BAD_INPUT : STATUS_FAILURE,
                            "another MPI rank failed (its message is on its standard error)");
}

/* This rank's share of the replicates, first .. first + count - 1: the
 * ranks take consecutive blocks in rank order, so gathering them in rank
 * order gives the replicates in order. */
static void replicate_share(uint32_t replicates, uint32_t rank, uint32_t *first, uint32_t *count)
{
    uint32_t size = ranks_size();
    uint32_t begin = (uint32_t)((uint64_t)replicates * rank / size);
    uint32_t end = (uint32_t)((uint64_t)replicates * (rank + 1) / size);
    *first = begin;
    *count = end - begin;
}

/* Releases the kept world whose graph evaluations borrow. */
void fit_shared_graph_release(struct fit_driver *d)
{
    if (d->graph_world) {
        world_destroy(d->graph_world);
        free(d->graph_world);
        config_destroy(d->graph_config);
        free(d->graph_config);
        free(d->graph_key);
    }
    d->graph_world = NULL;
    d->graph_config = NULL;
    d->graph_key = NULL;
}

/* What the follower graph of cfg depends on (graph_build and
 * graph_from_edges read nothing else), exactly: two configs with the same
 * key have the same graph. Release with free. */
static char *graph_key(const struct config *cfg)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "%" PRIu64 " %" PRIu32 " %" PRIu32 " %a", cfg->seed, cfg->accounts,
                  cfg->communities, cfg->homophily);
    for (uint32_t c = 0; c < cfg->communities; c++) {
        strbuf_printf(&sb, " %a", cfg->community_weights[c]);
    }
    for (size_t i = 0; cfg->mixing && i < (size_t)cfg->communities * cfg->communities; i++) {
        strbuf_printf(&sb, " m%a", cfg->mixing[i]);
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct follower_dist *fd = &cfg->roles[r].followers;
        strbuf_printf(&sb, " r%" PRIu32 " %d %a %a %a %a %" PRIu32, cfg->roles[r].count,
                      (int)fd->kind, fd->median, fd->sigma, fd->min, fd->alpha, fd->max);
    }
    const struct graph_config *g = &cfg->graph;
    strbuf_printf(&sb, " g%d %d %d", (int)g->source, g->undirected, g->reverse);
    if (g->source == GRAPH_FILE) {
        strbuf_printf(&sb, "\n%s\n%s", g->path ? g->path : "", g->attributes ? g->attributes : "");
    }
    return sb.data;
}

/* The graph an evaluation at x (config cfg) may borrow, or NULL when it
 * must build its own. Every evaluation uses the fit's seed, so its graph
 * is the same whenever no fitted parameter touches the population: the
 * first evaluation's world is kept (built once more from its own config,
 * which must outlive it) and later ones with the same graph key borrow its
 * graph. At the first evaluation whose key differs, sharing ends and the
 * kept world is released: a fit of the population builds every graph, and
 * holds one at a time. */
static int shared_graph(struct fit_driver *d, const double *x, const struct config *cfg,
                        const struct graph **graph)
{
    *graph = NULL;
    if (d->sharing_ended) {
        return STATUS_OK;
    }
    char *key = graph_key(cfg);
    if (d->graph_world) {
        if (strcmp(key, d->graph_key) == 0) {
            *graph = &d->graph_world->graph;
        } else {
            fit_shared_graph_release(d);
            d->sharing_ended = true;
        }
        free(key);
        return STATUS_OK;
    }
    struct config *own = xmalloc(sizeof *own);
    struct error inner;
    error_clear(&inner);
    if (fit_point_config(d, x, own, &inner) != STATUS_OK) {
        free(own);
        free(key);
        return error_set_status(d->err, STATUS_BAD_INPUT, "%s: %s", d->f->label, inner.message);
    }
    struct world *w = xmalloc(sizeof *w);
    int status = run_build_world(d->f->scenario_path, own, w, d->err);
    if (status != STATUS_OK) {
        config_destroy(own);
        free(own);
        free(w);
        free(key);
        return status;
    }
    d->world_builds++;
    d->graph_config = own;
    d->graph_world = w;
    d->graph_key = key;
    *graph = &w->graph;
    return STATUS_OK;
}

/* Runs this rank's share of cfg's replicates at x into rows (t's
 * layout). */
static int simulate_share(struct fit_driver *d, const double *x, const struct config *cfg,
                          uint32_t first, uint32_t count, const struct fit_table *t, double *rows)
{
    if (count == 0) {
        return STATUS_OK;
    }
    const struct graph *graph;
    int status = shared_graph(d, x, cfg, &graph);
    if (status != STATUS_OK) {
        return status;
    }
    struct world world;
    status = run_build_world_on(d->f->scenario_path, cfg, graph, &world, d->err);
    if (status != STATUS_OK) {
        return status;
    }
    d->world_builds += graph == NULL;
    struct observation *obs = xmalloc(count * sizeof *obs);
    for (uint32_t r = 0; r < count; r++) {
        observation_init(&obs[r], cfg);
    }
    uint32_t done = replicates_run_share(&world, cfg->seed, first, count, d->threads, obs, d->stop);
    if (done == count) {
        struct runs_table runs;
        runs_table_init(&runs, cfg, obs, count, first, world.community_size);
        table_fill(d, cfg, obs, &runs, count, t, rows);
        runs_table_destroy(&runs);
    } else {
        status = STATUS_INTERRUPTED;
    }
    for (uint32_t r = 0; r < count; r++) {
        observation_destroy(&obs[r]);
    }
    free(obs);
    world_destroy(&world);
    return status;
}

/* One evaluation by simulation, its replicates shared over the MPI ranks
 * (every rank calls it, and gets the same result); points and bands as for
 * measure_distance (each may be NULL); keep, when non-NULL, receives every
 * replicate's values (release with table_destroy). */
static int simulate_point(struct fit_driver *d, const double *x, double *distance, double *stats,
                          double *points, struct fit_curve_band *bands, struct fit_table *keep)
{
    struct config cfg;
    struct error inner;
    error_clear(&inner);
    if (fit_point_config(d, x, &cfg, &inner) != STATUS_OK) {
        /* Both bounds were checked; a value between them may still break a
         * rule that ties two keys together. */
        return error_set_status(d->err, STATUS_BAD_INPUT, "%s: %s", d->f->label, inner.message);
    }
    const struct fit *f = d->f;
    struct fit_table t = {.replicates = cfg.replicates,
                          .bins = (uint32_t)ceil(cfg.duration_h / cfg.bin_h - 1e-9),
                          .bin_h = cfg.bin_h};
    if (t.bins == 0) {
        t.bins = 1; /* as observation_init lays out its bins */
    }
    t.row = f->curve_count * t.bins + 2 * f->statistic_count;
    uint32_t first, count;
    replicate_share(cfg.replicates, ranks_rank(), &first, &count);
    double *mine = xmalloc((count * t.row + 1) * sizeof *mine);
    int status = fit_agree(simulate_share(d, x, &cfg, first, count, &t, mine), d->err);
    if (status == STATUS_OK) {
        uint32_t size = ranks_size();
        uint32_t *counts = xmalloc(size * sizeof *counts);
        for (uint32_t r = 0; r < size; r++) {
            uint32_t rf, rc;
            replicate_share(cfg.replicates, r, &rf, &rc);
            counts[r] = (uint32_t)(rc * t.row);
        }
        t.values = xmalloc((cfg.replicates * t.row + 1) * sizeof *t.values);
        ranks_allgather_doubles(mine, t.values, counts);
        free(counts);
        *distance = measure_distance(d, &t, stats, points, bands);
        if (keep) {
            *keep = t;
            t.values = NULL;
        }
    }
    free(t.values);
    free(mine);
    config_destroy(&cfg);
    return status;
}

/* The standardised residuals from an evaluation's curve points and
 * statistics (fit_evaluate). */
static void residuals_of(const struct fit_driver *d, const double *points, const double *stats,
                         double *r)
{
    const struct fit *f = d->f;
    size_t n = 0;
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        for (size_t j = 0; j < c->count; j++, n++) {
            r[n] = (points[n] - log1p(c->value[j])) / c->sigma;
        }
    }
    for (size_t i = 0; i < f->statistic_count; i++) {
        r[n++] = (stats[i] - f->statistics[i].observed) / f->statistics[i].sigma;
    }
}

int fit_evaluate(struct fit_driver *d, const char *phase, int32_t round, const double *x,
                 double *distance, double *residuals)
{
    const struct fit *f = d->f;
    struct fit_result *res = d->res;
    /* A signal may reach one rank before another: they stop together. */
    if (ranks_max_int(d->stop && *d->stop ? 1 : 0)) {
        return STATUS_INTERRUPTED;
    }
    if (res->evaluations == d->eval_capacity) {
        d->eval_capacity = d->eval_capacity ? 2 * d->eval_capacity : 64;
        res->evals = xrealloc(res->evals, d->eval_capacity * sizeof *res->evals);
    }
    size_t i = res->evaluations;
    struct fit_eval_row *row = &res->evals[i];
    memset(row, 0, sizeof *row);
    snprintf(row->phase, sizeof row->phase, "%s", phase);
    row->round = round;
    row->accepted = -1;
    row->x = xmalloc((f->parameter_count + 1) * sizeof *row->x);
    row->stats = xmalloc((f->statistic_count + 1) * sizeof *row->stats);
    memcpy(row->x, x, f->parameter_count * sizeof *x);
    bool has_points = fit_log_phase_has_points(phase);
    assert(!residuals || has_points);
    double *points = has_points ? xmalloc((d->points + 1) * sizeof *points) : NULL;
    int status = STATUS_OK;
    if (i < d->replay_count) {
        const struct fit_log_record *rec = &d->replay[i];
        if (strcmp(rec->phase, phase) != 0 ||
            memcmp(rec->x, x, f->parameter_count * sizeof *x) != 0) {
            status = error_set_status(d->err, STATUS_FAILURE,
                                      "%s/evals.log: evaluation %zu is not the one this fit asks "
                                      "for next (the log was edited, or another version of "
                                      "amplisim wrote it); delete %s to start over",
                                      d->dir, i, d->dir);
        } else {
            row->distance = rec->distance;
            memcpy(row->stats, rec->stats, f->statistic_count * sizeof *row->stats);
            if (has_points) {
                memcpy(points, rec->points, d->points * sizeof *points);
            }
            res->replayed++;
        }
    } else {
        status = simulate_point(d, x, &row->distance, row->stats, points, NULL, NULL);
        if (status == STATUS_OK) {
            struct fit_log_record rec = {
                .x = row->x, .distance = row->distance, .stats = row->stats, .points = points};
            snprintf(rec.phase, sizeof rec.phase, "%s", phase);
            /* Rank 0 keeps the log; every rank holds the same record. */
            if (ranks_rank() == 0) {
                status = fit_log_append(&d->log, i, &rec, d->err);
            }
            status = fit_agree(status, d->err);
        }
    }
    if (status == STATUS_OK && residuals) {
        residuals_of(d, points, row->stats, residuals);
    }
    free(points);
    if (status != STATUS_OK) {
        free(row->x);
        free(row->stats);
        return status;
    }
    res->evaluations++;
    *distance = row->distance;
    if (i == 0 || row->distance < res->best_distance) {
        res->best_distance = row->distance;
    }
    if (d->progress) {
        d->progress(d->context, res->evaluations, res->best_distance);
    }
    return STATUS_OK;
}

/* ---- The Monte Carlo error at the estimate ---- */

/* Resamples of the replicates that measure it: the 90 % interval needs the
 * error's variance to about 10 %, and a variance from B resamples has a
 * relative standard error of about sqrt(2 / B), 10 % for B = 200. */
#define FIT_NOISE_RESAMPLES 200

/* The standardised residuals of the replicates pick[0 .. reps - 1] (with
 * repeats) of the final point; point[r][p] is replicate r's cumulative
 * count at observed point p. False when one is undefined. */
static bool resampled_residuals(const struct fit_driver *d, const struct fit_table *t,
                                const double *point, const uint32_t *pick, double *tmp, double *r)
{
    const struct fit *f = d->f;
    uint32_t reps = t->replicates;
    size_t p = 0;
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        for (size_t j = 0; j < c->count; j++, p++) {
            for (uint32_t a = 0; a < reps; a++) {
                tmp[a] = point[pick[a] * d->points + p];
            }
            struct stat4 st;
            summary_stat4(tmp, reps, &st);
            r[p] = (log1p(st.median) - log1p(c->value[j])) / c->sigma;
        }
    }
    for (size_t i = 0; i < f->statistic_count; i++) {
        const struct fit_statistic *s = &f->statistics[i];
        r[p + i] = (statistic_value(d, t, i, pick, reps, tmp) - s->observed) / s->sigma;
        if (!isfinite(r[p + i])) {
            return false;
        }
    }
    return true;
}

/* By a bootstrap of the final evaluation's replicates: each resample's
 * residuals r_b give g_b = J' r_b, and cov = R / (R - 1) times the
 * covariance of the g_b over the resamples (the factor makes a mean's
 * bootstrap variance, s^2 (R - 1) / R^2, the unbiased s^2 / R). The draws
 * come from (seed, RNG_STREAM_FIT_NOISE), afresh at each call: the same
 * bytes on every run and every rank. */
bool fit_noise_covariance(const struct fit_driver *d, double *cov)
{
    const struct fit_table *t = d->final_table;
    size_t k = d->f->parameter_count;
    if (!t || !d->jacobian_ok) {
        return false;
    }
    uint32_t reps = t->replicates;
    if (reps < 2) {
        return false;
    }
    double *point = xmalloc((reps * d->points + 1) * sizeof *point);
    for (uint32_t r = 0; r < reps; r++) {
        size_t p = 0;
        for (size_t i = 0; i < d->f->curve_count; i++) {
            const struct fit_curve *c = &d->f->curves[i];
            for (size_t j = 0; j < c->count; j++, p++) {
                point[r * d->points + p] =
                    runs_binned_before(table_curve(t, r, i), t->bins, t->bin_h, c->time_h[j]);
            }
        }
    }
    gsl_rng *rng = rng_new(d->seed, RNG_STREAM_FIT_NOISE);
    uint32_t *pick = xmalloc(reps * sizeof *pick);
    double *tmp = xmalloc(reps * sizeof *tmp);
    double *r = xmalloc((d->residuals + 1) * sizeof *r);
    double *g = xmalloc(k * sizeof *g);
    double *sum = xcalloc(k, sizeof *sum);
    double *cross = xcalloc(k * k, sizeof *cross);
    size_t used = 0;
    for (int b = 0; b < FIT_NOISE_RESAMPLES; b++) {
        for (uint32_t a = 0; a < reps; a++) {
            pick[a] = (uint32_t)gsl_rng_uniform_int(rng, reps);
        }
        if (!resampled_residuals(d, t, point, pick, tmp, r)) {
            continue;
        }
        for (size_t j = 0; j < k; j++) {
            g[j] = 0.0;
            for (size_t i = 0; i < d->residuals; i++) {
                g[j] += d->jacobian[i * k + j] * r[i];
            }
            sum[j] += g[j];
        }
        for (size_t j = 0; j < k; j++) {
            for (size_t l = 0; l < k; l++) {
                cross[j * k + l] += g[j] * g[l];
            }
        }
        used++;
    }
    bool ok = used >= FIT_NOISE_RESAMPLES / 2;
    for (size_t j = 0; ok && j < k; j++) {
        for (size_t l = 0; l < k; l++) {
            double c = (cross[j * k + l] - sum[j] * sum[l] / (double)used) / (double)(used - 1);
            cov[j * k + l] = c * (double)reps / (double)(reps - 1);
        }
    }
    free(cross);
    free(sum);
    free(g);
    free(r);
    free(tmp);
    free(pick);
    free(point);
    rng_free(rng);
    return ok;
}

int fit_final_evaluation(struct fit_driver *d)
{
    struct fit_result *res = d->res;
    if (d->final_table) {
        table_destroy(d->final_table);
    } else {
        d->final_table = xcalloc(1, sizeof *d->final_table);
    }
    int status =
        simulate_point(d, res->x, &res->distance, res->stats, NULL, res->bands, d->final_table);
    d->final_done = status == STATUS_OK;
    return status;
}
