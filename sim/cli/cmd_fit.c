/* amplisim fit: calibrate a scenario to observed curves or statistics. The
 * work is batch/fit.h's; this file parses the arguments, prints the
 * estimates and picks the exit status. An interrupted fit keeps every
 * finished evaluation in DIR/evals.log and resumes when the same command
 * is run again. Under mpirun every rank runs this, and rank 0 speaks. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "args.h"
#include "base/alloc.h"
#include "batch/fit.h"
#include "batch/ranks.h"
#include "cli.h"
#include "interrupt.h"

struct fit_args {
    const char *fit;
    const char *out_dir;
    uint32_t threads; /* 0: one per online core */
    bool method_set;
    enum fit_method method;
    bool quiet;
    bool check; /* --check: every check made before the first evaluation, then stop */
};

static int parse_args(int argc, char **argv, struct fit_args *a)
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
        } else if (strcmp(argv[i], "--method") == 0 && value) {
            if (strcmp(value, "nm") == 0) {
                a->method = FIT_NM;
            } else if (strcmp(value, "abc") == 0) {
                a->method = FIT_ABC;
            } else {
                return cli_usage_error("--method expects nm or abc, got \"%s\"", value);
            }
            a->method_set = true;
            i++;
        } else if (strcmp(argv[i], "--quiet") == 0) {
            a->quiet = true;
        } else if (strcmp(argv[i], "--check") == 0) {
            a->check = true;
        } else if (argv[i][0] == '-' && argv[i][1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)",
                                   argv[i]);
        } else if (!a->fit) {
            a->fit = argv[i];
        } else {
            return cli_usage_error("unexpected argument \"%s\" (one fit file)", argv[i]);
        }
    }
    if (!a->fit) {
        return cli_usage_error("missing the FIT file (try amplisim --help)");
    }
    return EXIT_OK;
}

struct fit_progress {
    bool show;
};

static void show_progress(void *context, size_t done, double best)
{
    const struct fit_progress *p = context;
    if (p->show) {
        fprintf(stderr, "\ramplisim: %zu evaluations, best distance %.6g   ", done, best);
    }
}

static void print_table(const struct fit *f, const struct fit_result *res, const char *dir)
{
    printf("%-32s %14s %14s %14s\n", "parameter",
           res->method == FIT_NM ? "estimate" : "post. median", "low 90%", "high 90%");
    for (size_t k = 0; k < f->parameter_count; k++) {
        printf("%-32.32s %14.6g %14.6g %14.6g\n", f->parameters[k].name, res->x[k], res->low[k],
               res->high[k]);
    }
    printf("%s fit (%s): distance %.6g at the estimate, %zu evaluations (%zu replayed from the "
           "log) in %.1f s; results in %s/\n",
           f->name, fit_method_name(res->method), res->distance, res->evaluations, res->replayed,
           res->wall_seconds, dir);
}

/* cli_report on rank 0; the exit status alone on the others. */
static int say(int status, const struct error *err)
{
    return ranks_rank() == 0 ? cli_report(status, err) : cli_exit_status(status);
}

int cmd_fit(int argc, char **argv)
{
    bool speak = ranks_rank() == 0;
    struct fit_args args;
    int status = parse_args(argc, argv, &args);
    if (status != EXIT_OK) {
        return status;
    }
    interrupt_install();
    struct fit f;
    struct error err;
    error_clear(&err);
    if (fit_load(args.fit, &f, &err) != STATUS_OK) {
        return say(STATUS_BAD_INPUT, &err);
    }
    size_t n = strlen(f.name) + 16;
    char *default_dir = xmalloc(n);
    snprintf(default_dir, n, "results/%s", f.name);
    const char *dir = args.out_dir ? args.out_dir : default_dir;
    uint32_t threads = args.threads ? args.threads : cli_default_threads();
    enum fit_method method = args.method_set ? args.method : f.method;
    struct fit_driver d;
    status = say(fit_driver_prepare(&d, &f, method, dir, threads, &err), &err);
    if (status == EXIT_OK && args.check) {
        if (speak) {
            printf("%s: valid (%zu parameter%s, %zu curve%s, %zu statistic%s; %u replicates an "
                   "evaluation, seed %llu; %zu evaluation%s already in %s/evals.log)\n",
                   args.fit, f.parameter_count, f.parameter_count == 1 ? "" : "s", f.curve_count,
                   f.curve_count == 1 ? "" : "s", f.statistic_count,
                   f.statistic_count == 1 ? "" : "s", d.replicates, (unsigned long long)d.seed,
                   d.replay_count, d.replay_count == 1 ? "" : "s", dir);
        }
    } else if (status == EXIT_OK) {
        struct fit_progress progress = {speak && !args.quiet && isatty(STDERR_FILENO)};
        struct fit_result res;
        int run = fit_driver_run(&d, show_progress, &progress, interrupt_flag(), &res, &err);
        if (progress.show) {
            fputc('\n', stderr);
        }
        if (run == STATUS_INTERRUPTED && speak) {
            fprintf(stderr,
                    "amplisim: interrupted; every finished evaluation is recorded in "
                    "%s/evals.log; run the same command again to resume the fit\n",
                    dir);
        } else if (run == STATUS_OK && speak && !args.quiet) {
            print_table(&f, &res, dir);
        }
        status = say(run, &err);
        fit_result_destroy(&res, f.curve_count);
    }
    fit_driver_destroy(&d);
    free(default_dir);
    fit_destroy(&f);
    return status;
}
