/* A pool of threads taking units of sweep runs from a shared counter. */
#include "sweep_runner.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "../model/observe.h"
#include "../model/runs.h"
#include "../model/world.h"

/* Seeds are kept below 2^53 so that the scenario file can state them. */
#define SEED_BITS 53

struct unit {
    size_t begin, end; /* tasks[begin .. end-1], all of one point */
};

struct pool {
    const struct sweep_task *tasks;
    const struct unit *units;
    size_t unit_count;
    size_t next;
    int story;
    const char *const *outputs;
    size_t output_count;
    double curve_every_h;
    size_t curve_count;
    int status;
    const struct sweep_runner_hooks *hooks;
    const volatile sig_atomic_t *stop;
    pthread_mutex_t lock;
};

uint64_t sweep_runner_point_seed(uint64_t base_seed, uint32_t point)
{
    return rng_derive_seed(base_seed, point) >> (64 - SEED_BITS);
}

void sweep_runner_share(size_t count, uint32_t rank, uint32_t ranks, size_t *begin, size_t *end)
{
    *begin = count * rank / ranks;
    *end = count * (rank + 1) / ranks;
}

static bool stopping(struct pool *pool)
{
    return pool->status != 0 || (pool->stop && *pool->stop);
}

/* The run's curve values and the runs.csv figures the sweep asked for, of
 * its story or of the campaign's total. Cost: O(bins x stories) per curve
 * value, and for outputs one runs table of one replicate, O(stories x
 * (bins + communities)), small beside the run. */
static void add_outputs(const struct pool *pool, const struct config *cfg, const struct world *w,
                        const struct observation *obs, uint32_t replicate, double *extra,
                        struct run_figures *f)
{
    for (size_t i = 0; i < pool->curve_count; i++) {
        extra[pool->output_count + i] =
            summary_views_at(cfg, obs, pool->story, pool->curve_every_h * (double)(i + 1));
    }
    f->extra = extra;
    f->extra_count = pool->output_count + pool->curve_count;
    if (pool->output_count == 0) {
        return;
    }
    struct runs_table t;
    runs_table_init(&t, cfg, obs, 1, replicate, w->community_size);
    uint32_t group = pool->story < 0 ? t.stories + RUNS_CAMPAIGN : (uint32_t)pool->story;
    for (size_t i = 0; i < pool->output_count; i++) {
        extra[i] = runs_named_value(&t, 0, group, pool->outputs[i]);
    }
    runs_table_destroy(&t);
}

static void run_unit(struct pool *pool, const struct unit *u)
{
    struct config cfg;
    struct world world;
    uint32_t point = pool->tasks[u->begin].point;
    int status = pool->hooks->build(pool->hooks->context, point, &cfg, &world);
    if (status != 0) {
        pthread_mutex_lock(&pool->lock);
        pool->status = pool->status ? pool->status : status;
        pthread_mutex_unlock(&pool->lock);
        return;
    }
    struct workspace ws;
    workspace_init(&ws, &world);
    struct observation obs;
    observation_init(&obs, &cfg);
    for (size_t i = u->begin; i < u->end; i++) {
        pthread_mutex_lock(&pool->lock);
        bool stop = stopping(pool);
        pthread_mutex_unlock(&pool->lock);
        if (stop) {
            break;
        }
        const struct sweep_task *t = &pool->tasks[i];
        assert(t->point == point);
        simulate(&ws, cfg.seed, t->replicate, &obs);
        struct run_figures f;
        summary_run_figures(&cfg, &obs, pool->story, &f);
        double extra[RUN_FIGURES_EXTRA_MAX];
        add_outputs(pool, &cfg, &world, &obs, t->replicate, extra, &f);
        pthread_mutex_lock(&pool->lock);
        if (pool->status == 0) {
            pool->status = pool->hooks->record(pool->hooks->context, t, &f);
        }
        pthread_mutex_unlock(&pool->lock);
    }
    observation_destroy(&obs);
    workspace_destroy(&ws);
    world_destroy(&world);
    config_destroy(&cfg);
}

static void *worker(void *arg)
{
    struct pool *pool = arg;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        bool stop = stopping(pool);
        size_t k = pool->next < pool->unit_count ? pool->next++ : pool->unit_count;
        pthread_mutex_unlock(&pool->lock);
        if (stop || k == pool->unit_count) {
            return NULL;
        }
        run_unit(pool, &pool->units[k]);
    }
}

/* Units of at most `chunk` runs, never spanning two points: about two units
 * per thread when points are few, one per point when they are many. */
static size_t make_units(const struct sweep_task *tasks, size_t count, uint32_t threads,
                         struct unit *units)
{
    size_t chunk = (count + 2 * (size_t)threads - 1) / (2 * (size_t)threads);
    chunk = chunk ? chunk : 1;
    size_t n = 0;
    for (size_t i = 0; i < count;) {
        size_t j = i + 1;
        while (j < count && j - i < chunk && tasks[j].point == tasks[i].point) {
            j++;
        }
        units[n++] = (struct unit){i, j};
        i = j;
    }
    return n;
}

int sweep_runner_run(const struct sweep_task *tasks, size_t count, uint32_t threads, int story,
                     const char *const *outputs, size_t output_count, double curve_every_h,
                     size_t curve_count, const struct sweep_runner_hooks *hooks,
                     const volatile sig_atomic_t *stop)
{
    if (count == 0) {
        return 0;
    }
    threads = threads ? threads : 1;
    struct unit *units = xmalloc(count * sizeof *units);
    struct pool pool = {.tasks = tasks,
                        .units = units,
                        .story = story,
                        .outputs = outputs,
                        .output_count = output_count,
                        .curve_every_h = curve_every_h,
                        .curve_count = curve_count,
                        .hooks = hooks,
                        .stop = stop};
    pool.unit_count = make_units(tasks, count, threads, units);
    pthread_mutex_init(&pool.lock, NULL);
    if (threads > pool.unit_count) {
        threads = (uint32_t)pool.unit_count;
    }
    pthread_t *tid = xmalloc(threads * sizeof *tid);
    uint32_t started = 0;
    for (uint32_t t = 1; t < threads; t++) {
        if (pthread_create(&tid[started], NULL, worker, &pool) != 0) {
            break; /* fewer threads: the work is the same */
        }
        started++;
    }
    worker(&pool);
    for (uint32_t t = 0; t < started; t++) {
        pthread_join(tid[t], NULL);
    }
    free(tid);
    pthread_mutex_destroy(&pool.lock);
    free(units);
    return pool.status;
}
