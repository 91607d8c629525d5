/* A pool of threads taking replicate numbers from a shared counter. */
#include "replicates.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

struct pool {
    const struct world *world;
    uint64_t seed;
    uint32_t first; /* the stream of obs[r] is (seed, first + r) */
    uint32_t count;
    uint32_t next;
    uint32_t done;
    struct observation *obs;
    replicates_progress_fn progress;
    void *context;
    replicates_after_fn after;
    void *after_context;
    const volatile sig_atomic_t *stop;
    pthread_mutex_t lock;
};

static void *worker(void *arg)
{
    struct pool *pool = arg;
    struct workspace ws;
    workspace_init(&ws, pool->world);
    ws.stop = pool->stop;
    for (;;) {
        pthread_mutex_lock(&pool->lock);
        bool stopped = pool->stop && *pool->stop;
        uint32_t r = pool->next < pool->count && !stopped ? pool->next++ : pool->count;
        pthread_mutex_unlock(&pool->lock);
        if (r == pool->count) {
            break;
        }
        simulate(&ws, pool->seed, pool->first + r, &pool->obs[r]);
        if (pool->stop && *pool->stop) {
            break; /* the replicate may have been abandoned half way: not done */
        }
        if (pool->after) {
            pool->after(pool->after_context, r, &ws);
        }
        pthread_mutex_lock(&pool->lock);
        pool->done++;
        if (pool->progress) {
            pool->progress(pool->context, pool->done, pool->count);
        }
        pthread_mutex_unlock(&pool->lock);
    }
    workspace_destroy(&ws);
    return NULL;
}

static uint32_t run_pool(struct pool pool, uint32_t threads)
{
    uint32_t count = pool.count;
    pthread_mutex_init(&pool.lock, NULL);
    if (threads < 1) {
        threads = 1;
    }
    if (threads > count) {
        threads = count;
    }
    if (threads <= 1) {
        worker(&pool);
    } else {
        pthread_t *tid = xmalloc(threads * sizeof *tid);
        uint32_t started = 0;
        for (uint32_t t = 0; t < threads; t++) {
            if (pthread_create(&tid[t], NULL, worker, &pool) == 0) {
                started++;
            } else {
                break;
            }
        }
        if (started == 0) {
            worker(&pool); /* no thread could start: do the work here */
        }
        for (uint32_t t = 0; t < started; t++) {
            pthread_join(tid[t], NULL);
        }
        free(tid);
    }
    pthread_mutex_destroy(&pool.lock);
    return pool.done;
}

uint32_t replicates_run(const struct world *w, uint64_t seed, uint32_t count, uint32_t threads,
                        struct observation *obs, replicates_progress_fn progress, void *context,
                        replicates_after_fn after, void *after_context,
                        const volatile sig_atomic_t *stop)
{
    struct pool pool = {
        .world = w, .seed = seed, .count = count, .obs = obs,
        .progress = progress, .context = context,
        .after = after, .after_context = after_context, .stop = stop,
    };
    return run_pool(pool, threads);
}

uint32_t replicates_run_share(const struct world *w, uint64_t seed, uint32_t first, uint32_t count,
                              uint32_t threads, struct observation *obs,
                              const volatile sig_atomic_t *stop)
{
    struct pool pool = {
        .world = w, .seed = seed, .first = first, .count = count, .obs = obs, .stop = stop};
    return run_pool(pool, threads);
}

uint32_t replicates_summarise(const struct world *w, uint32_t threads, struct summary *out,
                              struct runs_table *runs, const volatile sig_atomic_t *stop)
{
    const struct config *cfg = w->cfg;
    struct observation *obs = xmalloc(cfg->replicates * sizeof *obs);
    for (uint32_t r = 0; r < cfg->replicates; r++) {
        observation_init(&obs[r], cfg);
    }
    uint32_t done =
        replicates_run(w, cfg->seed, cfg->replicates, threads, obs, NULL, NULL, NULL, NULL, stop);
    memset(out, 0, sizeof *out);
    if (done == cfg->replicates) {
        summary_compute(out, cfg, obs, cfg->replicates, w->community_size);
        if (runs) {
            runs_table_init(runs, cfg, obs, cfg->replicates, 0, w->community_size);
        }
    }
    for (uint32_t r = 0; r < cfg->replicates; r++) {
        observation_destroy(&obs[r]);
    }
    free(obs);
    return done;
}
