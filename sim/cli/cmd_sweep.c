/* amplisim sweep: every point of a parameter study, on the threads of this
 * machine and, under mpirun, on every rank. The driver (batch/sweep_driver.h)
 * checks, resumes, runs and aggregates; this file parses the arguments,
 * prints (rank 0 speaks for the sweep; any rank reports its own failed
 * runs) and picks the exit status. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "base/alloc.h"
#include "base/clock.h"
#include "batch/ranks.h"
#include "batch/sweep_driver.h"
#include "cli.h"
#include "interrupt.h"
#include "progress.h"

struct sweep_args {
    const char *sweep;
    const char *out_dir;
    uint32_t threads; /* 0: the cores this rank may use */
    bool quiet;
};

static int parse_args(int argc, char **argv, struct sweep_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--out") == 0 && value) {
            a->out_dir = value;
            i++;
        } else if (strcmp(argv[i], "--threads") == 0 && value) {
            if (cli_parse_threads(value, &a->threads) != EXIT_OK) {
                return EXIT_BAD_INPUT;
            }
            i++;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            a->quiet = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)",
                                   argv[i]);
        } else if (!a->sweep) {
            a->sweep = argv[i];
        } else {
            return cli_usage_error("unexpected argument \"%s\" (one sweep file)", argv[i]);
        }
    }
    if (!a->sweep) {
        return cli_usage_error("missing the SWEEP file (try amplisim --help)");
    }
    return EXIT_OK;
}

/* The default output directory: results/ and the sweep's name. */
static char *default_dir(const struct sweep *sw)
{
    size_t n = strlen(sw->name) + 9;
    char *dir = xmalloc(n);
    snprintf(dir, n, "results/%s", sw->name);
    return dir;
}

/* Prints err's message, if it has one, and returns status's exit status. */
static int say(bool speak, int status, const struct error *err)
{
    if (speak && status != STATUS_OK && err->message[0]) {
        fprintf(stderr, "amplisim: %s\n", err->message);
    }
    return cli_exit_status(status);
}

static void print_table(const struct sweep_driver *d, const struct sweep_record *rec)
{
    const struct sweep *sw = d->sw;
    if (sw->point_count > 40) {
        return; /* sweep.csv is the place for long lists */
    }
    double *v = xmalloc(d->replicates * sizeof *v);
    printf("%-6s", "point");
    for (size_t k = 0; k < sw->parameter_count; k++) {
        printf(" %14.14s", sw->parameters[k].name);
    }
    printf(" %14s %14s %14s\n", "views median", "p05", "p95");
    for (size_t p = 0; p < sw->point_count; p++) {
        printf("%-6zu", p);
        for (size_t k = 0; k < sw->parameter_count; k++) {
            printf(" %14.14s", sweep_value(sw, p, k));
        }
        for (uint32_t r = 0; r < d->replicates; r++) {
            v[r] = rec[p * d->replicates + r].f.views;
        }
        struct stat4 st;
        summary_stat4(v, d->replicates, &st);
        printf(" %14.0f %14.0f %14.0f\n", st.median, st.p05, st.p95);
    }
    free(v);
}

static void print_done(const struct sweep_driver *d, const struct sweep_record *rec,
                       double start)
{
    const struct sweep *sw = d->sw;
    print_table(d, rec);
    size_t expected = sw->point_count * d->replicates;
    printf("%s: %zu points x %" PRIu32 " replicates = %zu runs (%zu run now, %zu recorded "
           "before) in %.1f s on %" PRIu32 " rank(s); results in %s/sweep.csv\n",
           sw->label, sw->point_count, d->replicates, expected, d->missing,
           expected - d->missing, clock_seconds() - start, ranks_size(), d->dir);
}

/* Runs the prepared sweep and, once every rank is done, its aggregate. */
static int run_prepared(struct sweep_driver *d, const struct sweep_args *args, double start)
{
    bool speak = ranks_rank() == 0;
    struct progress progress;
    progress_init(&progress, args->quiet || !speak);
    progress.start = start; /* the rate counts the checks too, as the total time does */
    progress.rank0 = ranks_size() > 1;
    /* A second signal ends the process at once: the logs stay consistent. */
    interrupt_install();
    struct error err;
    error_clear(&err);
    int status = sweep_driver_run(d, progress_runs, &progress, interrupt_flag(), &err);
    /* A failed run is reported by the rank that ran it. */
    say(true, status, &err);
    if (status == STATUS_INTERRUPTED) {
        if (speak) {
            fprintf(stderr,
                    "\namplisim: interrupted; every finished run is recorded in %s/log; run the "
                    "same command again to finish the sweep\n",
                    d->dir);
        }
        return EXIT_INTERRUPTED;
    }
    if (status != STATUS_OK) {
        return cli_exit_status(status);
    }
    struct sweep_record *rec;
    status = sweep_driver_finish(d, &rec, &err);
    if (status == STATUS_OK && speak && !args->quiet) {
        print_done(d, rec, progress.start);
    }
    free(rec);
    return say(speak, status, &err);
}

int cmd_sweep(int argc, char **argv)
{
    bool speak = ranks_rank() == 0;
    struct sweep_args args;
    int status = parse_args(argc, argv, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct sweep sw;
    struct error err;
    error_clear(&err);
    status = sweep_load(args.sweep, &sw, &err);
    if (status != STATUS_OK) {
        return say(speak, STATUS_BAD_INPUT, &err);
    }
    double start = clock_seconds();
    char *dir = args.out_dir ? NULL : default_dir(&sw);
    uint32_t threads = args.threads ? args.threads : cli_default_threads();
    struct sweep_driver d;
    status = sweep_driver_prepare(&d, &sw, args.out_dir ? args.out_dir : dir, threads, &err);
    status = say(speak, status, &err);
    if (status == EXIT_OK) {
        status = run_prepared(&d, &args, start);
    }
    sweep_driver_destroy(&d);
    free(dir);
    sweep_destroy(&sw);
    return status;
}
