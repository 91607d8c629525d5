/* amplisim run: replicates of a scenario, results to a run directory, a
 * short table on stdout, progress on stderr when it is a terminal. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "batch/replicates.h"
#include "cli.h"
#include "base/alloc.h"
#include "interrupt.h"
#include "io/edgelist.h"
#include "io/fileio.h"
#include "io/model_message.h"
#include "io/results.h"
#include "model/summary.h"

static int add_override(struct cli_args *args, const char *path, const char *value)
{
    args->overrides = xrealloc(args->overrides, (args->override_count + 1) * sizeof *args->overrides);
    args->overrides[args->override_count++] = (struct scenario_override){path, value};
    return EXIT_OK;
}

int cli_args_parse(int argc, char **argv, bool run_flags, struct cli_args *args)
{
    memset(args, 0, sizeof *args);
    const char *reps = NULL, *seed = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(a, "--set") == 0 && value) {
            char *eq = strchr(value, '=');
            if (!eq || eq == value) {
                cli_args_destroy(args);
                return cli_usage_error("--set expects PATH=VALUE, got \"%s\"", value);
            }
            /* Split in place: argv strings are writable and live until exit. */
            *eq = '\0';
            add_override(args, value, eq + 1);
            i++;
        } else if (run_flags && strcmp(a, "--reps") == 0 && value) {
            reps = value;
            i++;
        } else if (run_flags && strcmp(a, "--seed") == 0 && value) {
            seed = value;
            i++;
        } else if (run_flags && strcmp(a, "--out") == 0 && value) {
            args->out_dir = value;
            i++;
        } else if (run_flags && strcmp(a, "--threads") == 0 && value) {
            uint64_t t;
            if (cli_parse_u64(value, 1024, &t) != 0 || t == 0) {
                cli_args_destroy(args);
                return cli_usage_error("--threads expects a whole number in [1, 1024], got \"%s\"",
                                       value);
            }
            args->threads = (uint32_t)t;
            i++;
        } else if (run_flags && strcmp(a, "--replicate") == 0 && value) {
            uint64_t r;
            if (cli_parse_u64(value, 99999, &r) != 0) {
                cli_args_destroy(args);
                return cli_usage_error("--replicate expects a whole number in [0, 99999], got \"%s\"",
                                       value);
            }
            args->one_replicate = true;
            args->replicate = (uint32_t)r;
            i++;
        } else if (run_flags && strcmp(a, "--quiet") == 0) {
            args->quiet = true;
        } else if (a[0] == '-' && a[1] != '\0') {
            cli_args_destroy(args);
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)", a);
        } else if (!args->scenario) {
            args->scenario = a;
        } else {
            cli_args_destroy(args);
            return cli_usage_error("unexpected argument \"%s\" (one scenario file)", a);
        }
    }
    if (!args->scenario) {
        cli_args_destroy(args);
        return cli_usage_error("missing the SCENARIO file (try amplisim --help)");
    }
    if (args->one_replicate && reps) {
        cli_args_destroy(args);
        return cli_usage_error("--replicate runs one replicate: it cannot be given with --reps");
    }
    if (args->one_replicate) {
        reps = "1";
    }
    /* --reps and --seed are overrides like any other, validated by the same rules. */
    if (reps) {
        add_override(args, "/replicates", reps);
    }
    if (seed) {
        add_override(args, "/seed", seed);
    }
    return EXIT_OK;
}

void cli_args_destroy(struct cli_args *args)
{
    free(args->overrides);
    args->overrides = NULL;
    args->override_count = 0;
}

int cli_load_scenario(const struct cli_args *args, struct config *cfg)
{
    struct error err;
    error_clear(&err);
    if (scenario_load(args->scenario, args->overrides, args->override_count, cfg, &err) !=
        STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        return EXIT_BAD_INPUT;
    }
    return EXIT_OK;
}

int cli_build_world(const char *scenario, const struct config *cfg, struct world *w)
{
    struct error err;
    error_clear(&err);
    struct edge_list edges;
    memset(&edges, 0, sizeof edges);
    int status = STATUS_OK;
    if (cfg->graph.source == GRAPH_FILE) {
        status = edgelist_read(cfg->graph.path, cfg->graph.undirected, cfg->graph.reverse, &edges,
                               &err);
        if (status == STATUS_OK && cfg->graph.attributes) {
            status = edgelist_read_attributes(cfg->graph.attributes, &edges, cfg->communities,
                                              &err);
        }
    }
    if (status == STATUS_OK) {
        /* The model reports why as data; io words it. */
        struct model_failure failure;
        status = world_init(w, cfg, cfg->graph.source == GRAPH_FILE ? &edges : NULL, &failure);
        if (status != STATUS_OK) {
            status = model_message_failure(&failure, cfg, &err);
            world_destroy(w);
        }
    }
    /* The CSR graph holds what the run needs; the edge list can go now. */
    edge_list_destroy(&edges);
    if (status != STATUS_OK) {
        fprintf(stderr, "amplisim: %s: %s\n", scenario, err.message);
        return status == STATUS_BAD_INPUT ? EXIT_BAD_INPUT : EXIT_RUN_FAILURE;
    }
    return EXIT_OK;
}

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

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

struct progress {
    double start;
    bool show;
};

static void show_progress(void *context, uint32_t done, uint32_t total)
{
    struct progress *p = context;
    if (!p->show) {
        return;
    }
    double elapsed = now_seconds() - p->start;
    double left = done ? elapsed * (total - done) / done : 0.0;
    fprintf(stderr, "\ramplisim: replicate %u/%u, %.1f s elapsed, ~%.0f s left   ", done, total,
            elapsed, left);
    if (done == total) {
        fputc('\n', stderr);
    }
    fflush(stderr);
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
    printf("%-20s", "all stories");
    print_range(&sum->views);
    print_range(&sum->reach);
    print_range(&sum->shares);
    double sim = facts->simulate_seconds;
    printf("\n%llu events in %.2f s (%.3g events/s); graph of %llu accounts, %llu edges in %.2f s "
           "(%.3g edges/s); total %.2f s; results in %s/\n",
           (unsigned long long)sum->events, sim, sim > 0 ? (double)sum->events / sim : 0.0,
           (unsigned long long)facts->accounts, (unsigned long long)facts->edges,
           facts->graph_seconds, facts->graph_seconds > 0 ? facts->edges / facts->graph_seconds : 0.0,
           facts->wall_seconds, dir);
}

/* The views each intervention prevented (of its target story; of all stories
 * for a suspension): the same scenario and seeds with
 * intervention i replaced by one that changes nothing (a demotion by 1 at
 * time 0), minus the run with it; common random numbers make the difference
 * the intervention's, not noise. One extra run per intervention. */
static int measure_prevented(const struct cli_args *args, const struct config *cfg,
                             uint32_t threads, struct summary *sum)
{
    size_t n = args->override_count;
    struct scenario_override *o = xmalloc((n + 1) * sizeof *o);
    memcpy(o, args->overrides, n * sizeof *o);
    struct strbuf noop;
    strbuf_init(&noop);
    strbuf_printf(&noop, "{\"kind\": \"demote\", \"story\": \"");
    for (const char *c = cfg->stories[0].name; *c; c++) {
        strbuf_printf(&noop, (*c == '"' || *c == '\\') ? "\\%c" : "%c", *c);
    }
    strbuf_printf(&noop, "\", \"factor\": 1, \"trigger\": {\"at_h\": 0}}");
    int status = EXIT_OK;
    for (size_t i = 0; i < cfg->intervention_count && status == EXIT_OK; i++) {
        char pointer[64];
        snprintf(pointer, sizeof pointer, "/interventions/%zu", i);
        o[n] = (struct scenario_override){pointer, noop.data};
        struct cli_args without = *args;
        without.overrides = o;
        without.override_count = n + 1;
        struct config alt;
        status = cli_load_scenario(&without, &alt);
        if (status != EXIT_OK) {
            break;
        }
        struct world world;
        status = cli_build_world(args->scenario, &alt, &world);
        if (status == EXIT_OK) {
            struct summary other;
            if (replicates_summarise(&world, threads, &other, interrupt_flag()) < alt.replicates) {
                status = EXIT_INTERRUPTED;
            } else {
                /* On the story it targets (a fact-check's correction adds views
                 * of its own); a suspension targets the whole campaign. */
                const struct intervention_config *iv = &cfg->interventions[i];
                sum->interventions[i].views_prevented =
                    iv->kind == INTERVENTION_SUSPEND
                        ? other.views.mean - sum->views.mean
                        : other.stories[iv->story].views.mean - sum->stories[iv->story].views.mean;
            }
            summary_destroy(&other);
            world_destroy(&world);
        }
        config_destroy(&alt);
    }
    strbuf_destroy(&noop);
    free(o);
    return status;
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
    status = cli_load_scenario(&args, &cfg);
    if (status != EXIT_OK) {
        cli_args_destroy(&args);
        return status;
    }
    char default_dir[CONFIG_NAME_MAX + 16];
    snprintf(default_dir, sizeof default_dir, "results/%s", cfg.name);
    const char *dir = args.out_dir ? args.out_dir : default_dir;
    uint32_t threads = args.threads ? args.threads : cli_default_threads();
    status = cli_check_memory(args.scenario, &cfg, threads, NULL);
    if (status != EXIT_OK) {
        config_destroy(&cfg);
        cli_args_destroy(&args);
        return status;
    }
    struct progress progress = {.start = now_seconds(),
                                .show = !args.quiet && isatty(STDERR_FILENO)};

    double start = now_seconds();
    struct world world;
    struct error err;
    error_clear(&err);
    if (progress.show) {
        fprintf(stderr, "amplisim: building the population and its follower graph...\n");
    }
    status = cli_build_world(args.scenario, &cfg, &world);
    if (status == EXIT_OK && interrupt_requested()) {
        world_destroy(&world);
        status = EXIT_INTERRUPTED;
    }
    if (status != EXIT_OK) {
        config_destroy(&cfg);
        cli_args_destroy(&args);
        return report_interrupt(status, NULL);
    }
    double built = now_seconds();
    struct observation *obs = xmalloc(cfg.replicates * sizeof *obs);
    for (uint32_t r = 0; r < cfg.replicates; r++) {
        observation_init(&obs[r], &cfg);
    }
    uint32_t done;
    if (args.one_replicate) {
        /* Replicate I alone: the stream (seed, I), as the sweep ran it. */
        struct workspace ws;
        workspace_init(&ws, &world);
        ws.stop = interrupt_flag();
        simulate(&ws, cfg.seed, args.replicate, &obs[0]);
        workspace_destroy(&ws);
        done = interrupt_requested() ? 0 : 1;
    } else {
        done = replicates_run(&world, cfg.seed, cfg.replicates, threads, obs, show_progress,
                              &progress, interrupt_flag());
    }
    double simulated = now_seconds();
    struct summary sum;
    memset(&sum, 0, sizeof sum);
    if (done == cfg.replicates) {
        summary_compute(&sum, &cfg, obs, cfg.replicates, world.community_size);
    }
    struct run_facts facts = {.accounts = world.graph.accounts,
                              .edges = graph_edges(&world.graph),
                              .graph_seconds = built - start,
                              .simulate_seconds = simulated - built,
                              .one_replicate = args.one_replicate,
                              .replicate = args.replicate};
    /* The reruns build worlds of their own: one graph in memory at a time. */
    world_destroy(&world);
    if (done < cfg.replicates) {
        status = EXIT_INTERRUPTED;
    } else if (cfg.intervention_count > 0 && !args.one_replicate) {
        /* The no-intervention baseline runs replicates from 0: it would not
         * match a lone replicate I, so views prevented stays unmeasured (null). */
        status = measure_prevented(&args, &cfg, threads, &sum);
    }
    facts.wall_seconds = now_seconds() - start;
    /* Nothing is written once interrupted; an interrupt while writing lets
     * the files finish, so the directory is whole either way. */
    if (status == EXIT_OK && interrupt_requested()) {
        status = EXIT_INTERRUPTED;
    }
    if (status == EXIT_OK) {
        if (results_write(dir, &cfg, obs, cfg.replicates, &sum, &facts, &err) != STATUS_OK) {
            fprintf(stderr, "amplisim: %s\n", err.message);
            status = EXIT_RUN_FAILURE;
        } else if (interrupt_requested()) {
            status = report_interrupt(EXIT_INTERRUPTED, dir);
        } else if (!args.quiet) {
            print_table(&cfg, &sum, dir, &facts);
        }
    } else {
        report_interrupt(status, NULL);
    }

    summary_destroy(&sum);
    for (uint32_t r = 0; r < cfg.replicates; r++) {
        observation_destroy(&obs[r]);
    }
    free(obs);
    config_destroy(&cfg);
    cli_args_destroy(&args);
    return status;
}
