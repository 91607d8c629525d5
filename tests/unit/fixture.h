/* Helpers the tests repeat: where the test data lives, and a simulation of a
 * config built in memory (world, one workspace, one observation) that checks
 * the workspace's invariants after every replicate. Include after check.h. */
#ifndef AMPLISIM_FIXTURE_H
#define AMPLISIM_FIXTURE_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "model/simulate.h"

/* tests/data/<name>, found from this file's path so that a test runs from any
 * working directory. */
static inline void fixture_data_path(const char *name, char *out, size_t size)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    if (slash) {
        snprintf(out, size, "%.*s/../data/%s", (int)(slash - file), file, name);
    } else {
        snprintf(out, size, "../data/%s", name);
    }
}

/* /tmp/amplisim_test_<pid>_<name>: a scratch file of this test process, so
 * that suites run at once (two build directories) do not overwrite each
 * other's files. */
static inline void fixture_scratch_path(const char *name, char *out, size_t size)
{
    snprintf(out, size, "/tmp/amplisim_test_%ld_%s", (long)getpid(), name);
}

/* A config's world (a generated or implicit graph: no edge list), one
 * workspace and one observation. The config must outlive it. */
struct fixture_sim {
    struct world world;
    struct workspace ws;
    struct observation obs;
    int ready; /* workspace and observation were initialised */
};

/* Builds the world; returns 0, or -1 (and a failed check) when the config
 * cannot be laid out. Release with fixture_sim_destroy either way. */
static inline int fixture_sim_init(struct fixture_sim *f, const struct config *cfg)
{
    memset(f, 0, sizeof *f);
    struct model_failure failure;
    if (world_init(&f->world, cfg, NULL, &failure) != STATUS_OK) {
        fprintf(stderr, "  world_init: failure kind %d (%s)\n", (int)failure.kind, failure.reason);
        CHECK(!"the fixture's world could be built");
        return -1;
    }
    workspace_init(&f->ws, &f->world);
    observation_init(&f->obs, cfg);
    f->ready = 1;
    return 0;
}

/* Runs replicate r with the config's seed into f->obs, then checks the
 * workspace's invariants. */
static inline void fixture_sim_run(struct fixture_sim *f, uint32_t replicate)
{
    simulate(&f->ws, f->world.cfg->seed, replicate, &f->obs);
    CHECK(workspace_check(&f->ws) == 0);
}

/* A measure's total over the run for story s, all keys. */
static inline double fixture_sim_total(const struct fixture_sim *f, uint32_t s, enum measure m)
{
    return (double)observation_total(&f->obs, s, KEY_TOTAL, m);
}

static inline void fixture_sim_destroy(struct fixture_sim *f)
{
    if (f->ready) {
        observation_destroy(&f->obs);
        workspace_destroy(&f->ws);
    }
    world_destroy(&f->world);
}

#endif
