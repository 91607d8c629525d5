/* The sweep driver (sweep_driver.h): checks, fingerprint, resume, ranks and
 * the aggregate around sweep_runner.c's pool of threads. */
#include "sweep_driver.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/hash.h"
#include "../io/json_locate.h"
#include "../io/sweep_output.h"
#include "../model/memory.h"
#include "ranks.h"
#include "run.h"

/* Point p's scenario: the fixed overrides, the point's values, then its seed
 * and the sweep's replicates, exactly what `amplisim run BASE --set ...
 * --seed S --reps R` would read. */
static int point_config(const struct sweep_driver *d, uint32_t p, struct config *cfg,
                        struct error *err)
{
    const struct sweep *sw = d->sw;
    size_t n = sweep_override_count(sw);
    struct scenario_override *o = xmalloc((n + 2) * sizeof *o);
    sweep_point_overrides(sw, p, o);
    char seed[24], reps[16];
    snprintf(seed, sizeof seed, "%" PRIu64, d->point_seed[p]);
    snprintf(reps, sizeof reps, "%" PRIu32, d->replicates);
    o[n] = (struct scenario_override){"/seed", seed, NULL};
    o[n + 1] = (struct scenario_override){"/replicates", reps, NULL};
    int status = scenario_parse(d->base_text, sw->scenario_path, o, n + 2, cfg, err);
    free(o);
    return status;
}

/* "point 3 (sites=10, bots=2000)" */
static void describe_point(const struct sweep *sw, size_t p, char *buf, size_t size)
{
    int used = snprintf(buf, size, "point %zu (", p);
    for (size_t k = 0; k < sw->parameter_count && used > 0 && (size_t)used < size; k++) {
        used += snprintf(buf + used, size - (size_t)used, "%s%s=%s", k ? ", " : "",
                         sw->parameters[k].name, sweep_value(sw, p, k));
    }
    if (used > 0 && (size_t)used < size) {
        snprintf(buf + used, size - (size_t)used, ")");
    }
}

/* The base seed and replicates: the sweep's, or else the base scenario's. */
static int resolve_base(struct sweep_driver *d, struct error *err)
{
    const struct sweep *sw = d->sw;
    for (size_t k = 0; k < sw->parameter_count; k++) {
        const char *path = sw->parameters[k].path;
        if (strcmp(path, "/seed") == 0 || strcmp(path, "/replicates") == 0) {
            return error_set(err,
                             "%s: %s is a parameter, but the sweep sets each point's seed and "
                             "replicates itself (use the sweep's \"seed\" and \"replicates\")",
                             sw->parameters[k].where, path);
        }
    }
    struct config base;
    struct error inner;
    error_clear(&inner);
    if (scenario_parse(d->base_text, sw->scenario_path, sw->fixed, sw->fixed_count, &base,
                       &inner) != STATUS_OK) {
        return error_set(err, "%s: %s", sw->label, inner.message);
    }
    d->base_seed = sw->seed_set ? sw->seed : base.seed;
    d->replicates = sw->replicates ? sw->replicates : base.replicates;
    config_destroy(&base);
    return STATUS_OK;
}

/* The index of the sweep's story in point p's scenario (-1: the campaign's stories,
 * or not found), checked to be the same at every point. */
static int check_story(const struct sweep_driver *d, uint32_t p, const struct config *cfg,
                       int *story, struct error *err)
{
    const struct sweep *sw = d->sw;
    int s = sw->story ? config_find_story(cfg, sw->story) : -1;
    if (sw->story && s < 0) {
        char where[512];
        describe_point(sw, p, where, sizeof where);
        return error_set(err, "%s: /story: the scenario at %s has no story named \"%s\"",
                         sw->label, where, sw->story);
    }
    if (p > 0 && s != *story) {
        return error_set(err,
                         "%s: /story: \"%s\" is not the same story at every point (a parameter "
                         "changes the stories)",
                         sw->label, sw->story);
    }
    *story = s;
    return STATUS_OK;
}

/* Checks every point's scenario and fingerprints the sweep: the resolved
 * sweep and every point's resolved scenario. Gives the largest point's
 * estimated memory on one thread. */
static int check_points(struct sweep_driver *d, double *largest, uint32_t *largest_point,
                        struct error *err)
{
    const struct sweep *sw = d->sw;
    char *text = sweep_to_json(sw);
    uint64_t h = hash_fnv64(HASH_FNV64_START, text);
    free(text);
    for (uint32_t p = 0; p < sw->point_count; p++) {
        struct config cfg;
        struct error inner;
        error_clear(&inner);
        if (point_config(d, p, &cfg, &inner) != STATUS_OK) {
            char where[512];
            describe_point(sw, p, where, sizeof where);
            return error_set(err, "%s: %s: %s", sw->label, where, inner.message);
        }
        int status = check_story(d, p, &cfg, &d->story, err);
        if (status != STATUS_OK) {
            config_destroy(&cfg);
            return status;
        }
        /* One world per busy thread, each running one replicate at a time
         * and keeping its figures, not its counters: the estimate is that
         * of a one-replicate run (a run's keeps every replicate's counters
         * for the quantiles, which a sweep never needs). */
        struct config one = cfg; /* shallow: memory_estimate only reads */
        one.replicates = 1;
        struct memory_estimate est;
        memory_estimate(&one, 1, 0, &est);
        if (est.total > *largest) {
            *largest = est.total;
            *largest_point = p;
        }
        text = scenario_to_json(&cfg);
        h = hash_fnv64(h, text);
        free(text);
        config_destroy(&cfg);
    }
    d->fingerprint = h;
    return STATUS_OK;
}

/* Refuses a sweep whose busy threads would together need more memory than
 * the machine has (or AMPLISIM_MEMORY_LIMIT): each holds one point's world. */
static int check_memory(const struct sweep_driver *d, double largest, uint32_t point,
                        struct error *err)
{
    double limit;
    const char *source;
    if (run_memory_limit(&limit, &source, err) != STATUS_OK) {
        return STATUS_BAD_INPUT;
    }
    size_t runs = d->sw->point_count * d->replicates;
    double busy = d->threads < runs ? d->threads : (double)runs;
    if (busy * largest <= limit) {
        return STATUS_OK;
    }
    char need[32], each[32], have[32], where[512];
    run_format_bytes(busy * largest, need, sizeof need);
    run_format_bytes(largest, each, sizeof each);
    run_format_bytes(limit, have, sizeof have);
    describe_point(d->sw, point, where, sizeof where);
    return error_set(err,
                     "%s: needs about %s (%.0f threads, each holding a world of up to %s, the "
                     "largest at %s) but %s %s; use fewer --threads, or smaller points",
                     d->sw->label, need, busy, each, where, source, have);
}

/* The runs the logs lack, in (point, replicate) order. */
static int missing_runs(struct sweep_driver *d, struct error *err)
{
    const struct sweep *sw = d->sw;
    struct sweep_record *rec;
    size_t recorded;
    if (sweep_log_read_all(d->dir, (uint32_t)sw->point_count, d->replicates, &rec, &recorded,
                           err) != STATUS_OK) {
        return STATUS_FAILURE;
    }
    size_t total = sw->point_count * d->replicates;
    d->tasks = xmalloc((total - recorded + 1) * sizeof *d->tasks);
    size_t n = 0, next = 0;
    for (uint32_t p = 0; p < sw->point_count; p++) {
        for (uint32_t r = 0; r < d->replicates; r++) {
            if (next < recorded && rec[next].point == p && rec[next].replicate == r) {
                next++;
            } else {
                d->tasks[n++] = (struct sweep_task){p, r};
            }
        }
    }
    free(rec);
    d->missing = n;
    return STATUS_OK;
}

/* Everything each rank checks alone, before the ranks agree on anything:
 * the same inputs give every rank the same verdict. */
static int check_alone(struct sweep_driver *d, struct error *err)
{
    const struct sweep *sw = d->sw;
    struct error inner;
    error_clear(&inner);
    d->base_text = json_locate_read_file(sw->scenario_path, &inner);
    if (!d->base_text) {
        return error_set(err, "%s: /scenario: %s", sw->label, inner.message);
    }
    int status = resolve_base(d, err);
    if (status != STATUS_OK) {
        return status;
    }
    d->point_seed = xmalloc(sw->point_count * sizeof *d->point_seed);
    for (uint32_t p = 0; p < sw->point_count; p++) {
        d->point_seed[p] = sweep_runner_point_seed(d->base_seed, p);
    }
    double largest = 0.0;
    uint32_t largest_point = 0;
    status = check_points(d, &largest, &largest_point, err);
    if (status != STATUS_OK) {
        return status;
    }
    return check_memory(d, largest, largest_point, err);
}

int sweep_driver_prepare(struct sweep_driver *d, const struct sweep *sw, const char *dir,
                         uint32_t threads, struct error *err)
{
    memset(d, 0, sizeof *d);
    d->sw = sw;
    d->dir = dir;
    d->threads = threads;
    d->story = -1;
    d->log.file.fd = -1;
    int status = check_alone(d, err);
    if (status != STATUS_OK) {
        return status;
    }
    /* Rank 0 claims the directory; the others wait for its verdict. */
    if (ranks_rank() == 0 &&
        sweep_output_claim(dir, sw, d->base_seed, d->replicates, d->fingerprint, err) !=
            STATUS_OK) {
        status = STATUS_BAD_INPUT;
    }
    ranks_broadcast_int(&status);
    if (status != STATUS_OK) {
        return status;
    }
    /* Every rank must read the same logs before any rank appends to them:
     * the share of the runs each takes depends on it. */
    status = ranks_max_int(missing_runs(d, err));
    if (status == STATUS_OK) {
        sweep_runner_share(d->missing, ranks_rank(), ranks_size(), &d->begin, &d->end);
    }
    return status;
}

/* Keeps the first failure of any thread's run. */
static void keep_error(struct sweep_driver *d, const struct error *err)
{
    pthread_mutex_lock(&d->lock);
    if (!d->run_err.message[0]) {
        d->run_err = *err;
    }
    pthread_mutex_unlock(&d->lock);
}

static int build_hook(void *context, uint32_t point, struct config *cfg, struct world *w)
{
    struct sweep_driver *d = context;
    struct error err;
    error_clear(&err);
    /* Every point was checked before the first run; only a changed file
     * fails here. */
    int status = point_config(d, point, cfg, &err);
    if (status == STATUS_OK) {
        status = run_build_world(d->sw->scenario_path, cfg, w, &err);
        if (status != STATUS_OK) {
            config_destroy(cfg);
        }
    }
    if (status != STATUS_OK) {
        keep_error(d, &err);
    }
    return status;
}

static int record_hook(void *context, const struct sweep_task *t, const struct run_figures *f)
{
    struct sweep_driver *d = context;
    struct sweep_record rec = {t->point, t->replicate, *f};
    struct error err;
    error_clear(&err);
    if (sweep_log_append(&d->log, &rec, &err) != STATUS_OK) {
        keep_error(d, &err);
        return STATUS_FAILURE;
    }
    d->done++;
    if (d->progress) {
        d->progress(d->context, d->done, d->end - d->begin);
    }
    return STATUS_OK;
}

/* This rank's runs, before the ranks agree on how they went. */
static int run_share(struct sweep_driver *d, const volatile sig_atomic_t *stop)
{
    size_t total = d->end - d->begin;
    if (total == 0) {
        return STATUS_OK;
    }
    int status = sweep_log_open(&d->log, d->dir, ranks_rank(), &d->run_err);
    if (status == STATUS_OK) {
        struct sweep_runner_hooks hooks = {build_hook, record_hook, d};
        status = sweep_runner_run(d->tasks + d->begin, total, d->threads, d->story,
                                  (const char *const *)d->sw->outputs, d->sw->output_count,
                                  d->sw->curve_every_h, d->sw->curve_count, &hooks, stop);
    } else {
        status = STATUS_FAILURE;
    }
    sweep_log_close(&d->log);
    return status;
}

int sweep_driver_run(struct sweep_driver *d, sweep_driver_progress_fn progress, void *context,
                     const volatile sig_atomic_t *stop, struct error *err)
{
    d->progress = progress;
    d->context = context;
    d->done = 0;
    error_clear(&d->run_err);
    pthread_mutex_init(&d->lock, NULL);
    int status = run_share(d, stop);
    pthread_mutex_destroy(&d->lock);
    if (status != STATUS_OK) {
        *err = d->run_err;
    }
    status = ranks_max_int(status);
    int stopped = ranks_max_int(stop && *stop ? 1 : 0);
    return status == STATUS_OK && stopped ? STATUS_INTERRUPTED : status;
}

/* Rank 0's part of the finish. */
static int aggregate(struct sweep_driver *d, struct sweep_record **rec, struct error *err)
{
    const struct sweep *sw = d->sw;
    size_t count;
    if (sweep_log_read_all(d->dir, (uint32_t)sw->point_count, d->replicates, rec, &count, err) !=
        STATUS_OK) {
        return STATUS_FAILURE;
    }
    size_t expected = sw->point_count * d->replicates;
    if (count != expected) {
        return error_set_status(err, STATUS_FAILURE,
                                "%s/log holds %zu of the %zu runs (a rank failed?); run the same "
                                "command again to finish",
                                d->dir, count, expected);
    }
    if (sweep_output_write(d->dir, sw, d->point_seed, d->replicates, *rec, err) != STATUS_OK) {
        return STATUS_FAILURE;
    }
    return STATUS_OK;
}

int sweep_driver_finish(struct sweep_driver *d, struct sweep_record **rec, struct error *err)
{
    *rec = NULL;
    int status = STATUS_OK;
    if (ranks_rank() == 0) {
        status = aggregate(d, rec, err);
        if (status != STATUS_OK) {
            free(*rec);
            *rec = NULL;
        }
    }
    return ranks_max_int(status);
}

void sweep_driver_destroy(struct sweep_driver *d)
{
    free(d->tasks);
    free(d->point_seed);
    free(d->base_text);
    memset(d, 0, sizeof *d);
}
