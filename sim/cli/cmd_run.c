/* amplisim run: replicates of a scenario (batch/run.h), with the views each
 * intervention prevented (batch/study.h), results to a run directory, a
 * short table on stdout, progress on stderr when it is a terminal. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "base/clock.h"
#include "batch/run.h"
#include "batch/study.h"
#include "cli.h"
#include "interrupt.h"
#include "io/results.h"
#include "progress.h"

/* Says what an interrupted run left behind: nothing, or (when the interrupt
 * came while writing, which is let finish) a complete directory. Returns
 * status unchanged. */
static int report_interrupt(int status, const char *written)
{
    if (status != EXIT_INTERRUPTED) {
        return status;
    }
    if (written) {
        fprintf(stderr, "amplisim: interrupted while writing; the results in %s/ are complete\n",
                written);
    } else {
        fprintf(stderr, "amplisim: interrupted; nothing written\n");
    }
    return status;
}

/* "1.23M" style: the table is for eyes; the files hold exact numbers. */
static void human(double x, char *buf, size_t size)
{
    if (!isfinite(x)) {
        snprintf(buf, size, "-");
    } else if (fabs(x) >= 1e9) {
        snprintf(buf, size, "%.2fG", x / 1e9);
    } else if (fabs(x) >= 1e6) {
        snprintf(buf, size, "%.2fM", x / 1e6);
    } else if (fabs(x) >= 1e4) {
        snprintf(buf, size, "%.1fk", x / 1e3);
    } else {
        snprintf(buf, size, "%.0f", x);
    }
}

static void hours(double h, char *buf, size_t size)
{
    if (isfinite(h)) {
        snprintf(buf, size, "%.1f", h);
    } else {
        snprintf(buf, size, "-");
    }
}

static void print_range(const struct stat4 *st)
{
    char m[16], lo[16], hi[16], cell[64];
    human(st->median, m, sizeof m);
    human(st->p05, lo, sizeof lo);
    human(st->p95, hi, sizeof hi);
    snprintf(cell, sizeof cell, "%s [%s-%s]", m, lo, hi);
    printf(" %-24s", cell);
}

static void print_table(const struct config *cfg, const struct summary *sum, const char *dir,
                        const struct run_facts *facts)
{
    printf("%s: %u replicates, %.0f h, seed %llu\n", cfg->name, sum->replicates, cfg->duration_h,
           (unsigned long long)cfg->seed);
    printf("%-20s %-24s %-24s %-24s %9s %9s %12s\n", "story", "views median [5-95%]",
           "reach", "shares", "t(10k) h", "t(1M) h", "peak views/h");
    for (size_t s = 0; s < sum->story_count; s++) {
        const struct story_summary *ss = &sum->stories[s];
        printf("%-20.20s", cfg->stories[s].name);
        print_range(&ss->views);
        print_range(&ss->reach);
        print_range(&ss->shares);
        char t4[16], t6[16], peak[16];
        hours(ss->time_to_views[3].median, t4, sizeof t4);
        hours(ss->time_to_views[5].median, t6, sizeof t6);
        human(ss->peak_view_rate_per_h.median, peak, sizeof peak);
        printf(" %9s %9s %12s\n", t4, t6, peak);
    }
    /* Totals by kind, never one sum: a correction's views are not the
     * campaign's. Only the groups the scenario has. */
    if (sum->campaign_stories > 0) {
        printf("%-20s", "campaign (fab+leak)");
        print_range(&sum->views);
        print_range(&sum->reach);
        print_range(&sum->shares);
        printf("\n");
    }
    static const enum story_kind apart[2] = {STORY_GENUINE, STORY_CORRECTION};
    static const char *const labels[2] = {"genuine stories", "corrections"};
    for (int i = 0; i < 2; i++) {
        const struct kind_totals *kt = &sum->kinds[apart[i]];
        if (kt->stories > 0) {
            printf("%-20s", labels[i]);
            print_range(&kt->views);
            print_range(&kt->reach);
            print_range(&kt->shares);
            printf("\n");
        }
    }
    double sim = facts->simulate_seconds;
    printf("%llu events in %.2f s (%.3g events/s); graph of %llu accounts, %llu edges in %.2f s "
           "(%.3g edges/s); total %.2f s; results in %s/\n",
           (unsigned long long)sum->events, sim, sim > 0 ? (double)sum->events / sim : 0.0,
           (unsigned long long)facts->accounts, (unsigned long long)facts->edges,
           facts->graph_seconds, facts->graph_seconds > 0 ? facts->edges / facts->graph_seconds : 0.0,
           facts->wall_seconds, dir);
}

/* Writes the run directory and prints the table; an interrupt while
 * writing lets the files finish, so the directory is whole either way. */
static int write_results(const struct cli_args *args, const char *dir, const struct config *cfg,
                         const struct run_result *result)
{
    struct error err;
    error_clear(&err);
    if (results_write(dir, cfg, result->obs, result->count, &result->sum, &result->facts,
                      &result->runs, &result->cascades, &err) != STATUS_OK) {
        return cli_report(STATUS_FAILURE, &err);
    }
    if (interrupt_requested()) {
        return report_interrupt(EXIT_INTERRUPTED, dir);
    }
    if (!args->quiet) {
        print_table(cfg, &result->sum, dir, &result->facts);
    }
    return EXIT_OK;
}

/* Runs the replicates and, unless interrupted, the views each intervention
 * prevented. The no-intervention baselines run replicates from 0: they would
 * not match a lone replicate I, so views prevented stays unmeasured (null). */
static int run_all(const struct cli_args *args, const struct config *cfg, uint32_t threads,
                   struct run_result *result)
{
    struct progress progress;
    progress_init(&progress, args->quiet);
    double start = clock_seconds();
    if (progress.show) {
        fprintf(stderr, "amplisim: building the population and its follower graph...\n");
    }
    struct run_options opt = {.threads = threads,
                              .one_replicate = args->one_replicate,
                              .replicate = args->replicate,
                              .cascades = args->cascades,
                              .progress = progress_replicates,
                              .context = &progress,
                              .stop = interrupt_flag()};
    struct error err;
    error_clear(&err);
    int status = run_replicates(args->scenario, cfg, &opt, result, &err);
    if (status == STATUS_OK && cfg->intervention_count > 0 && !args->one_replicate) {
        status = study_prevented(args->scenario, cfg, threads, interrupt_flag(), &result->sum,
                                 &result->runs, &err);
    }
    result->facts.wall_seconds = clock_seconds() - start;
    /* Nothing is written once interrupted. */
    if (status == STATUS_OK && interrupt_requested()) {
        status = STATUS_INTERRUPTED;
    }
    return report_interrupt(cli_report(status, &err), NULL);
}

int cmd_run(int argc, char **argv)
{
    struct cli_args args;
    int status = cli_args_parse(argc, argv, true, &args);
    if (status != EXIT_OK) {
        return status;
    }
    interrupt_install();
    struct config cfg;
    struct error err;
    error_clear(&err);
    status = cli_report(run_load(args.scenario, args.overrides, args.override_count, &cfg, &err),
                        &err);
    if (status != EXIT_OK) {
        cli_args_destroy(&args);
        return status;
    }
    char default_dir[CONFIG_NAME_MAX + 16];
    snprintf(default_dir, sizeof default_dir, "results/%s", cfg.name);
    const char *dir = args.out_dir ? args.out_dir : default_dir;
    uint32_t threads = args.threads ? args.threads : cli_default_threads();
    status = cli_report(run_check_memory(args.scenario, &cfg, threads, NULL, &err), &err);
    if (status == EXIT_OK) {
        /* A directory that cannot take the results is found before the run. */
        status = cli_report(run_check_out_dir(dir, &cfg, &err), &err);
    }
    if (status == EXIT_OK) {
        struct run_result result;
        status = run_all(&args, &cfg, threads, &result);
        if (status == EXIT_OK) {
            status = write_results(&args, dir, &cfg, &result);
        }
        run_result_destroy(&result);
    }
    config_destroy(&cfg);
    cli_args_destroy(&args);
    return status;
}
