/* batch/fit.c: evaluations share one follower graph while no fitted
 * parameter changes it (issue 16, item 7), and build their own once one
 * does. tests/fit/subcritical.json is a generated graph of 4,000 accounts. */
#define _XOPEN_SOURCE 700 /* mkdtemp */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/fit.h"
#include "check.h"
#include "io/fit.h"

static const char *fit_dir;

/* Runs subcritical_fit.json with its one parameter at `path` (within
 * [lower, upper]) for a few evaluations; *builds receives the graphs the
 * fit built and *evaluations its evaluations, the final one excluded. */
static int run_fit(const char *path, double lower, double upper, size_t *builds,
                   size_t *evaluations)
{
    char file[4096];
    snprintf(file, sizeof file, "%s/subcritical_fit.json", fit_dir);
    struct fit f;
    struct error err;
    error_clear(&err);
    if (fit_load(file, &f, &err) != STATUS_OK) {
        fprintf(stderr, "  %s\n", err.message);
        return -1;
    }
    free(f.parameters[0].path);
    f.parameters[0].path = strdup(path);
    f.parameters[0].lower = lower;
    f.parameters[0].upper = upper;
    f.parameters[0].scale = FIT_LINEAR;
    f.replicates = 2;
    f.nm.restarts = 0;
    f.nm.max_evaluations = 4;
    char out[] = "/tmp/amplisim-test-fit-XXXXXX";
    if (!mkdtemp(out)) {
        fit_destroy(&f);
        return -1;
    }
    struct fit_driver d;
    struct fit_result res;
    int status = fit_driver_prepare(&d, &f, FIT_NM, out, 1, &err);
    if (status == STATUS_OK) {
        status = fit_driver_run(&d, NULL, NULL, NULL, &res, &err);
    }
    if (status == STATUS_OK) {
        *builds = d.world_builds;
        *evaluations = res.evaluations;
        fit_result_destroy(&res, f.curve_count);
    } else {
        fprintf(stderr, "  %s\n", err.message);
    }
    fit_driver_destroy(&d);
    fit_destroy(&f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "rm -rf %s", out);
    if (system(cmd) != 0) {
        fprintf(stderr, "  could not remove %s\n", out);
    }
    return status;
}

static void fit_builds_the_graph_once_when_no_parameter_touches_it(void)
{
    size_t builds = 0, evaluations = 0;
    CHECK(run_fit("/population/roles/user/share_prob", 0.02, 0.1, &builds, &evaluations) ==
          STATUS_OK);
    CHECK(evaluations > 4);
    CHECK(builds == 1);
}

static void fit_builds_a_graph_per_evaluation_when_a_parameter_touches_it(void)
{
    /* Homophily is one of the graph's inputs (with one community it
     * changes nothing, but the fit does not know that): every evaluation,
     * the final one included, builds its own. */
    size_t builds = 0, evaluations = 0;
    CHECK(run_fit("/population/communities/homophily", 0.1, 0.9, &builds, &evaluations) == STATUS_OK);
    CHECK(evaluations > 4);
    CHECK(builds == evaluations + 1);
}

int main(int argc, char **argv)
{
    fit_dir = argc > 1 ? argv[1] : "tests/fit";
    RUN_CASE(fit_builds_the_graph_once_when_no_parameter_touches_it);
    RUN_CASE(fit_builds_a_graph_per_evaluation_when_a_parameter_touches_it);
    return CHECK_EXIT();
}
