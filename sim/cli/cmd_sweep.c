/* amplisim sweep: every point of a parameter study, on the threads of this
 * machine and, under mpirun, on every rank. Before any run, every point's
 * scenario is built and checked, so a bad value fails at once. Each finished
 * run is appended to a durable log; a rerun of the same command runs only
 * the runs the logs lack; rank 0 writes runs.csv and sweep.csv from the logs
 * at the end. docs/sweep.md describes the files and the cluster set-up. */
#define _POSIX_C_SOURCE 200809L
#include <inttypes.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"
#include "batch/ranks.h"
#include "batch/sweep_runner.h"
#include "args.h"
#include "batch/run.h"
#include "cli.h"
#include "base/alloc.h"
#include "interrupt.h"
#include "io/fileio.h"
#include "io/json_locate.h"
#include "io/sweep.h"
#include "io/sweep_log.h"
#include "io/sweep_output.h"
#include "model/memory.h"

struct sweep_args {
    const char *sweep;
    const char *out_dir;
    uint32_t threads; /* 0: the cores this rank may use */
    bool quiet;
};

struct context {
    const struct sweep *sw;
    const char *base_text; /* the base scenario file's text */
    uint32_t replicates;
    uint64_t *point_seed; /* [point_count] */
    struct sweep_log log;
    struct error err; /* a record hook's failure */
    double start;
    size_t done, total; /* runs of this rank */
    bool show_progress;
};

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int parse_args(int argc, char **argv, struct sweep_args *a)
{
    memset(a, 0, sizeof *a);
    for (int i = 0; i < argc; i++) {
        const char *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(argv[i], "--out") == 0 && value) {
            a->out_dir = value;
            i++;
        } else if (strcmp(argv[i], "--threads") == 0 && value) {
            uint64_t t;
            if (cli_parse_u64(value, 1024, &t) != 0 || t == 0) {
                return cli_usage_error("--threads expects a whole number in [1, 1024], got \"%s\"",
                                       value);
            }
            a->threads = (uint32_t)t;
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

/* Point p's scenario: the fixed overrides, the point's values, then its seed
 * and the sweep's replicates, exactly what `amplisim run BASE --set ...
 * --seed S --reps R` would read. */
static int point_config(const struct context *ctx, uint32_t p, struct config *cfg,
                        struct error *err)
{
    const struct sweep *sw = ctx->sw;
    size_t n = sweep_override_count(sw);
    struct scenario_override *o = xmalloc((n + 2) * sizeof *o);
    sweep_point_overrides(sw, p, o);
    char seed[24], reps[16];
    snprintf(seed, sizeof seed, "%" PRIu64, ctx->point_seed[p]);
    snprintf(reps, sizeof reps, "%" PRIu32, ctx->replicates);
    o[n] = (struct scenario_override){"/seed", seed};
    o[n + 1] = (struct scenario_override){"/replicates", reps};
    int status = scenario_parse(ctx->base_text, sw->scenario_path, o, n + 2, cfg, err);
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

static int build_hook(void *context, uint32_t point, struct config *cfg, struct world *w)
{
    struct context *ctx = context;
    struct error err;
    error_clear(&err);
    if (point_config(ctx, point, cfg, &err) != STATUS_OK) {
        /* Every point was checked before the first run; only a changed file gets here. */
        fprintf(stderr, "amplisim: %s\n", err.message);
        return EXIT_BAD_INPUT;
    }
    int status = run_build_world(ctx->sw->scenario_path, cfg, w, &err);
    if (status != EXIT_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        config_destroy(cfg);
    }
    return status;
}

static void show_progress(struct context *ctx)
{
    double elapsed = now_seconds() - ctx->start;
    double rate = elapsed > 0 ? (double)ctx->done / elapsed : 0.0;
    double left = rate > 0 ? (double)(ctx->total - ctx->done) / rate : 0.0;
    fprintf(stderr, "\ramplisim: %zu/%zu runs%s, %.2f runs/s, ~%.0f s left   ", ctx->done,
            ctx->total, ranks_size() > 1 ? " on rank 0" : "", rate, left);
    if (ctx->done == ctx->total) {
        fputc('\n', stderr);
    }
    fflush(stderr);
}

static int record_hook(void *context, const struct sweep_task *t, const struct run_figures *f)
{
    struct context *ctx = context;
    struct sweep_record rec = {t->point, t->replicate, *f};
    if (sweep_log_append(&ctx->log, &rec, &ctx->err) != STATUS_OK) {
        return EXIT_RUN_FAILURE;
    }
    ctx->done++;
    if (ctx->show_progress) {
        show_progress(ctx);
    }
    return EXIT_OK;
}

static uint32_t default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* Ranks sharing a node share its cores. */
    const char *local = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    long ranks_here = local ? atol(local) : 1;
    long t = cores > 0 ? cores / (ranks_here > 0 ? ranks_here : 1) : 1;
    return t > 0 ? (uint32_t)t : 1;
}

/* The default output directory: results/ and the sweep's name. */
static char *default_dir(const struct sweep *sw)
{
    size_t n = strlen(sw->name) + 9;
    char *dir = xmalloc(n);
    snprintf(dir, n, "results/%s", sw->name);
    return dir;
}

/* Checks every point's scenario and fingerprints the sweep: the resolved
 * sweep and every point's resolved scenario. */
static int check_points(struct context *ctx, int *story, uint64_t *fingerprint, bool speak,
                        double *largest, uint32_t *largest_point)
{
    const struct sweep *sw = ctx->sw;
    char *text = sweep_to_json(sw);
    uint64_t h = hash_fnv64(HASH_FNV64_START, text);
    free(text);
    for (uint32_t p = 0; p < sw->point_count; p++) {
        struct config cfg;
        struct error err;
        error_clear(&err);
        char where[512];
        if (point_config(ctx, p, &cfg, &err) != STATUS_OK) {
            describe_point(sw, p, where, sizeof where);
            if (speak) {
                fprintf(stderr, "amplisim: %s: %s: %s\n", sw->label, where, err.message);
            }
            return EXIT_BAD_INPUT;
        }
        int s = -1;
        for (size_t k = 0; sw->story && k < cfg.story_count; k++) {
            if (strcmp(cfg.stories[k].name, sw->story) == 0) {
                s = (int)k;
            }
        }
        if (sw->story && s < 0) {
            describe_point(sw, p, where, sizeof where);
            if (speak) {
                fprintf(stderr,
                        "amplisim: %s: /story: the scenario at %s has no story named \"%s\"\n",
                        sw->label, where, sw->story);
            }
            config_destroy(&cfg);
            return EXIT_BAD_INPUT;
        }
        if (p > 0 && s != *story) {
            if (speak) {
                fprintf(stderr,
                        "amplisim: %s: /story: \"%s\" is not the same story at every point "
                        "(a parameter changes the stories)\n",
                        sw->label, sw->story);
            }
            config_destroy(&cfg);
            return EXIT_BAD_INPUT;
        }
        *story = s;
        /* One world per busy thread, each running one replicate at a time. */
        struct memory_estimate est;
        memory_estimate(&cfg, 1, 0, &est);
        if (est.total > *largest) {
            *largest = est.total;
            *largest_point = p;
        }
        text = scenario_to_json(&cfg);
        h = hash_fnv64(h, text);
        free(text);
        config_destroy(&cfg);
    }
    *fingerprint = h;
    return EXIT_OK;
}

/* Refuses a sweep whose busy threads would together need more memory than
 * the machine has (or AMPLISIM_MEMORY_LIMIT): each holds one point's world. */
static int check_memory(const struct context *ctx, uint32_t threads, double largest, uint32_t point,
                        bool speak)
{
    double limit;
    const char *source;
    struct error err;
    error_clear(&err);
    if (run_memory_limit(&limit, &source, &err) != EXIT_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        return EXIT_BAD_INPUT;
    }
    size_t runs = ctx->sw->point_count * ctx->replicates;
    double busy = threads < runs ? threads : (double)runs;
    if (busy * largest <= limit) {
        return EXIT_OK;
    }
    if (speak) {
        char need[32], each[32], have[32], where[512];
        run_format_bytes(busy * largest, need, sizeof need);
        run_format_bytes(largest, each, sizeof each);
        run_format_bytes(limit, have, sizeof have);
        describe_point(ctx->sw, point, where, sizeof where);
        fprintf(stderr,
                "amplisim: %s: needs about %s (%.0f threads, each holding a world of up to %s, "
                "the largest at %s) but %s %s; use fewer --threads, or smaller points\n",
                ctx->sw->label, need, busy, each, where, source, have);
    }
    return EXIT_BAD_INPUT;
}

/* The base seed and replicates: the sweep's, or else the base scenario's. */
static int resolve_base(struct context *ctx, uint64_t *base_seed, bool speak)
{
    const struct sweep *sw = ctx->sw;
    for (size_t k = 0; k < sw->parameter_count; k++) {
        const char *path = sw->parameters[k].path;
        if (strcmp(path, "/seed") == 0 || strcmp(path, "/replicates") == 0) {
            if (speak) {
                fprintf(stderr,
                        "amplisim: %s: %s is a parameter, but the sweep sets each point's seed "
                        "and replicates itself (use the sweep's \"seed\" and \"replicates\")\n",
                        sw->parameters[k].where, path);
            }
            return EXIT_BAD_INPUT;
        }
    }
    struct config base;
    struct error err;
    error_clear(&err);
    if (scenario_parse(ctx->base_text, sw->scenario_path, sw->fixed, sw->fixed_count, &base,
                       &err) != STATUS_OK) {
        if (speak) {
            fprintf(stderr, "amplisim: %s: %s\n", sw->label, err.message);
        }
        return EXIT_BAD_INPUT;
    }
    *base_seed = sw->seed_set ? sw->seed : base.seed;
    ctx->replicates = sw->replicates ? sw->replicates : base.replicates;
    config_destroy(&base);
    return EXIT_OK;
}

static void print_table(const struct context *ctx, const struct sweep_record *rec)
{
    const struct sweep *sw = ctx->sw;
    if (sw->point_count > 40) {
        return; /* sweep.csv is the place for long lists */
    }
    double *v = xmalloc(ctx->replicates * sizeof *v);
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
        for (uint32_t r = 0; r < ctx->replicates; r++) {
            v[r] = rec[p * ctx->replicates + r].f.views;
        }
        struct stat4 st;
        summary_stat4(v, ctx->replicates, &st);
        printf(" %14.0f %14.0f %14.0f\n", st.median, st.p05, st.p95);
    }
    free(v);
}

/* Rank 0, after every rank has finished: the aggregate from the logs. */
static int finish(struct context *ctx, const char *dir, size_t ran, bool quiet)
{
    const struct sweep *sw = ctx->sw;
    struct error err;
    error_clear(&err);
    struct sweep_record *rec;
    size_t count;
    if (sweep_log_read_all(dir, (uint32_t)sw->point_count, ctx->replicates, &rec, &count, &err) !=
        STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        return EXIT_RUN_FAILURE;
    }
    size_t expected = sw->point_count * ctx->replicates;
    int status = EXIT_OK;
    if (count != expected) {
        fprintf(stderr,
                "amplisim: %s/log holds %zu of the %zu runs (a rank failed?); run the "
                "same command again to finish\n",
                dir, count, expected);
        status = EXIT_RUN_FAILURE;
    } else if (sweep_output_write(dir, sw, ctx->point_seed, ctx->replicates, rec, &err) !=
               STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        status = EXIT_RUN_FAILURE;
    } else if (!quiet) {
        print_table(ctx, rec);
        double wall = now_seconds() - ctx->start;
        printf("%s: %zu points x %" PRIu32 " replicates = %zu runs (%zu run now, %zu recorded "
               "before) in %.1f s on %" PRIu32 " rank(s); results in %s/sweep.csv\n",
               sw->label, sw->point_count, ctx->replicates, expected, ran, expected - ran, wall,
               ranks_size(), dir);
    }
    free(rec);
    return status;
}

/* The runs the logs lack, in (point, replicate) order. */
static struct sweep_task *missing_runs(const struct context *ctx, const char *dir, size_t *count,
                                       struct error *err)
{
    const struct sweep *sw = ctx->sw;
    struct sweep_record *rec;
    size_t recorded;
    if (sweep_log_read_all(dir, (uint32_t)sw->point_count, ctx->replicates, &rec, &recorded, err) !=
        STATUS_OK) {
        return NULL;
    }
    size_t total = sw->point_count * ctx->replicates;
    struct sweep_task *tasks = xmalloc((total - recorded + 1) * sizeof *tasks);
    size_t n = 0, next = 0;
    for (uint32_t p = 0; p < sw->point_count; p++) {
        for (uint32_t r = 0; r < ctx->replicates; r++) {
            if (next < recorded && rec[next].point == p && rec[next].replicate == r) {
                next++;
            } else {
                tasks[n++] = (struct sweep_task){p, r};
            }
        }
    }
    free(rec);
    *count = n;
    return tasks;
}

int cmd_sweep(int argc, char **argv)
{
    struct sweep_args args;
    uint32_t rank = ranks_rank();
    bool speak = rank == 0;
    int status = parse_args(argc, argv, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct sweep sw;
    struct error err;
    error_clear(&err);
    if (sweep_load(args.sweep, &sw, &err) != STATUS_OK) {
        if (speak) {
            fprintf(stderr, "amplisim: %s\n", err.message);
        }
        return EXIT_BAD_INPUT;
    }
    struct context ctx = {.sw = &sw, .start = now_seconds()};
    error_clear(&ctx.err);
    ctx.log.fd = -1;
    char *base_text = json_locate_read_file(sw.scenario_path, &err);
    char *dir = args.out_dir ? NULL : default_dir(&sw);
    const char *out = args.out_dir ? args.out_dir : dir;
    struct sweep_task *tasks = NULL;
    uint64_t base_seed = 0, fingerprint = 0;
    int story = -1;
    if (!base_text) {
        if (speak) {
            fprintf(stderr, "amplisim: %s: /scenario: %s\n", sw.label, err.message);
        }
        status = EXIT_BAD_INPUT;
        goto done;
    }
    ctx.base_text = base_text;
    status = resolve_base(&ctx, &base_seed, speak);
    if (status != EXIT_OK) {
        goto done;
    }
    ctx.point_seed = xmalloc(sw.point_count * sizeof *ctx.point_seed);
    for (uint32_t p = 0; p < sw.point_count; p++) {
        ctx.point_seed[p] = sweep_runner_point_seed(base_seed, p);
    }
    double largest = 0.0;
    uint32_t largest_point = 0;
    status = check_points(&ctx, &story, &fingerprint, speak, &largest, &largest_point);
    if (status != EXIT_OK) {
        goto done;
    }
    uint32_t threads = args.threads ? args.threads : default_threads();
    status = check_memory(&ctx, threads, largest, largest_point, speak);
    if (status != EXIT_OK) {
        goto done;
    }

    /* Rank 0 claims the directory; the others wait for its verdict. */
    if (speak &&
        sweep_output_claim(out, &sw, base_seed, ctx.replicates, fingerprint, &err) != STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        status = EXIT_BAD_INPUT;
    }
    ranks_broadcast_int(&status);
    if (status != EXIT_OK) {
        goto done;
    }
    size_t missing = 0;
    tasks = missing_runs(&ctx, out, &missing, &err);
    int read_status = tasks ? EXIT_OK : EXIT_RUN_FAILURE;
    if (!tasks && speak) {
        fprintf(stderr, "amplisim: %s\n", err.message);
    }
    /* Every rank must read the same logs before any rank appends to them:
     * the share of the runs each takes depends on it. */
    status = ranks_max_int(read_status);
    if (status != EXIT_OK) {
        goto done;
    }
    size_t begin, end;
    sweep_runner_share(missing, rank, ranks_size(), &begin, &end);
    ctx.total = end - begin;
    ctx.show_progress = speak && !args.quiet && isatty(STDERR_FILENO);
    /* A second signal ends the process at once: the logs stay consistent. */
    interrupt_install();
    if (ctx.total > 0) {
        if (sweep_log_open(&ctx.log, out, rank, &ctx.err) != STATUS_OK) {
            fprintf(stderr, "amplisim: %s\n", ctx.err.message);
            status = EXIT_RUN_FAILURE;
        } else {
            struct sweep_runner_hooks hooks = {build_hook, record_hook, &ctx};
            status = sweep_runner_run(tasks + begin, ctx.total, threads, story, &hooks,
                                      interrupt_flag());
            if (status != EXIT_OK && ctx.err.message[0]) {
                fprintf(stderr, "amplisim: %s\n", ctx.err.message);
            }
        }
        sweep_log_close(&ctx.log);
    }
    status = ranks_max_int(status);
    int stopped = ranks_max_int(interrupt_requested() ? 1 : 0);
    if (status == EXIT_OK && stopped) {
        if (speak) {
            fprintf(stderr,
                    "\namplisim: interrupted; every finished run is recorded in %s/log; run the "
                    "same command again to finish the sweep\n",
                    out);
        }
        status = EXIT_INTERRUPTED;
    } else if (status == EXIT_OK && speak) {
        status = finish(&ctx, out, missing, args.quiet);
    }
    status = ranks_max_int(status);

done:
    free(tasks);
    free(ctx.point_seed);
    free(base_text);
    free(dir);
    sweep_destroy(&sw);
    return status;
}
