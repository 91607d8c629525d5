/* amplisim compare: two campaigns on common random numbers (the same seeds
 * for both), side by side, with their resilience: the share of views left
 * when the top-k accounts by followers are suspended at a given time. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch/replicates.h"
#include "cli.h"
#include "base/alloc.h"
#include "interrupt.h"
#include "io/results.h"

#define RESILIENCE_MAX 8

struct compare_args {
    const char *path[2];
    const char *reps;
    const char *seed;
    const char *out_dir;
    uint32_t threads;
    double resilience_at_h;
    uint32_t resilience_k[RESILIENCE_MAX];
    size_t resilience_count;
    bool quiet;
};

/* One side's figures. */
struct side {
    char scenario[512];      /* the scenario file actually read */
    char name[CONFIG_NAME_MAX];
    struct summary sum;
    size_t lead;             /* the story with the most views (median) */
    double left[RESILIENCE_MAX];
};

static int parse_k_list(const char *text, struct compare_args *a)
{
    a->resilience_count = 0;
    const char *p = text;
    while (*p) {
        char *end;
        long k = strtol(p, &end, 10);
        if (end == p || k < 1 || k > 100000000 || a->resilience_count == RESILIENCE_MAX ||
            (*end != ',' && *end != '\0')) {
            return -1;
        }
        a->resilience_k[a->resilience_count++] = (uint32_t)k;
        p = *end == ',' ? end + 1 : end;
    }
    return a->resilience_count ? 0 : -1;
}

static int parse_args(int argc, char **argv, struct compare_args *a)
{
    memset(a, 0, sizeof *a);
    a->resilience_at_h = -1.0;
    a->resilience_k[0] = 1;
    a->resilience_k[1] = 10;
    a->resilience_k[2] = 100;
    a->resilience_count = 3;
    size_t paths = 0;
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        if (strcmp(opt, "--reps") == 0 && value) {
            a->reps = value;
            i++;
        } else if (strcmp(opt, "--seed") == 0 && value) {
            a->seed = value;
            i++;
        } else if (strcmp(opt, "--out") == 0 && value) {
            a->out_dir = value;
            i++;
        } else if (strcmp(opt, "--threads") == 0 && value) {
            uint64_t t;
            if (cli_parse_u64(value, 1024, &t) != 0 || t == 0) {
                return cli_usage_error("--threads expects a whole number in [1, 1024], got \"%s\"",
                                       value);
            }
            a->threads = (uint32_t)t;
            i++;
        } else if (strcmp(opt, "--resilience-at") == 0 && value) {
            char *end;
            a->resilience_at_h = strtod(value, &end);
            if (*end || !(a->resilience_at_h >= 0.0) || !isfinite(a->resilience_at_h)) {
                return cli_usage_error("--resilience-at expects hours >= 0, got \"%s\"", value);
            }
            i++;
        } else if (strcmp(opt, "--resilience-k") == 0 && value) {
            if (parse_k_list(value, a) != 0) {
                return cli_usage_error("--resilience-k expects up to %d counts >= 1 separated "
                                       "by commas, got \"%s\"",
                                       RESILIENCE_MAX, value);
            }
            i++;
        } else if (strcmp(opt, "--quiet") == 0) {
            a->quiet = true;
        } else if (opt[0] == '-' && opt[1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)",
                                   opt);
        } else if (paths < 2) {
            a->path[paths++] = opt;
        } else {
            return cli_usage_error("compare takes two scenarios or run directories, got a third: "
                                   "\"%s\"",
                                   opt);
        }
    }
    if (paths < 2) {
        return cli_usage_error("compare needs two scenarios or run directories (A B)");
    }
    return EXIT_OK;
}

/* A run directory stands for the resolved scenario.json it holds. */
static void scenario_of(const char *path, char *out, size_t size)
{
    struct stat st;
    if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
        snprintf(out, size, "%s/scenario.json", path);
    } else {
        snprintf(out, size, "%s", path);
    }
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Runs the world's replicates, summarises them into sum and writes them as a
 * run directory (scenario.json, timeseries.csv, summary.json) at dir, so a
 * compare directory holds both sides' curves for plotting. */
static int run_into(const struct world *w, uint32_t threads, const char *dir, struct summary *sum)
{
    const struct config *cfg = w->cfg;
    struct observation *obs = xmalloc(cfg->replicates * sizeof *obs);
    for (uint32_t r = 0; r < cfg->replicates; r++) {
        observation_init(&obs[r], cfg);
    }
    double start = now_seconds();
    uint32_t done =
        replicates_run(w, cfg->seed, cfg->replicates, threads, obs, NULL, NULL, interrupt_flag());
    double seconds = now_seconds() - start;
    memset(sum, 0, sizeof *sum);
    if (done == cfg->replicates) {
        summary_compute(sum, cfg, obs, cfg->replicates, w->community_size);
    }
    struct run_facts facts = {.accounts = w->graph.accounts,
                              .edges = graph_edges(&w->graph),
                              .wall_seconds = seconds,
                              .graph_seconds = 0.0,
                              .simulate_seconds = seconds};
    struct error err;
    error_clear(&err);
    int status = EXIT_OK;
    if (done < cfg->replicates || interrupt_requested()) {
        status = EXIT_INTERRUPTED;
    } else if (results_write(dir, cfg, obs, cfg->replicates, sum, &facts, &err) != STATUS_OK) {
        fprintf(stderr, "amplisim: %s\n", err.message);
        status = EXIT_RUN_FAILURE;
    }
    for (uint32_t r = 0; r < cfg->replicates; r++) {
        observation_destroy(&obs[r]);
    }
    free(obs);
    return status;
}

/* Loads a side's scenario with the common --reps/--seed, and, when
 * suspend_k > 0, one more intervention suspending the top suspend_k accounts
 * at at_h; builds its world and summarises its replicates (into run_dir as
 * a run directory when run_dir is given). */
static int run_side(const char *scenario, const struct compare_args *a, uint32_t suspend_k,
                    double at_h, size_t existing, const char *run_dir, struct summary *sum,
                    struct config *keep)
{
    struct scenario_override o[4];
    size_t n = 0;
    char pointer[64], value[256];
    if (a->reps) {
        o[n++] = (struct scenario_override){"/replicates", a->reps};
    }
    if (a->seed) {
        o[n++] = (struct scenario_override){"/seed", a->seed};
    }
    if (suspend_k > 0) {
        if (existing == 0) {
            o[n++] = (struct scenario_override){"/interventions", "[]"};
        }
        snprintf(pointer, sizeof pointer, "/interventions/%zu", existing);
        snprintf(value, sizeof value,
                 "{\"kind\": \"suspend\", \"select\": {\"count\": %u, \"pick\": \"top\"}, "
                 "\"trigger\": {\"at_h\": %.17g}}",
                 suspend_k, at_h);
        o[n++] = (struct scenario_override){pointer, value};
    }
    struct cli_args args = {.scenario = scenario, .overrides = o, .override_count = n};
    struct config cfg;
    int status = cli_load_scenario(&args, &cfg);
    if (status != EXIT_OK) {
        return status;
    }
    struct world world;
    status = cli_build_world(scenario, &cfg, &world);
    if (status == EXIT_OK) {
        if (run_dir) {
            status = run_into(&world, a->threads, run_dir, sum);
        } else if (replicates_summarise(&world, a->threads, sum, interrupt_flag()) <
                   cfg.replicates) {
            summary_destroy(sum);
            status = EXIT_INTERRUPTED;
        }
        world_destroy(&world);
    }
    if (keep && status == EXIT_OK) {
        *keep = cfg;
    } else {
        config_destroy(&cfg);
    }
    return status;
}

static double lead_time_to_1e6(const struct side *s)
{
    return s->sum.stories[s->lead].time_to_views[5].median;
}

static double communities_reached(const struct side *s)
{
    double best = 0.0;
    for (size_t i = 0; i < s->sum.story_count; i++) {
        best = fmax(best, s->sum.stories[i].communities_reached.median);
    }
    return best;
}

static size_t collect(const struct side *sides, const struct compare_args *args,
                      struct compare_figure *f)
{
    size_t n = 0;
    const struct stat4 *stats[3][2] = {
        {&sides[0].sum.views, &sides[1].sum.views},
        {&sides[0].sum.reach, &sides[1].sum.reach},
        {&sides[0].sum.shares, &sides[1].sum.shares},
    };
    static const char *const names[3] = {"views", "reach", "shares"};
    for (int m = 0; m < 3; m++) {
        snprintf(f[n].name, sizeof f[n].name, "%s_median", names[m]);
        f[n].a = stats[m][0]->median, f[n].b = stats[m][1]->median, n++;
        snprintf(f[n].name, sizeof f[n].name, "%s_p05", names[m]);
        f[n].a = stats[m][0]->p05, f[n].b = stats[m][1]->p05, n++;
        snprintf(f[n].name, sizeof f[n].name, "%s_p95", names[m]);
        f[n].a = stats[m][0]->p95, f[n].b = stats[m][1]->p95, n++;
    }
    snprintf(f[n].name, sizeof f[n].name, "time_to_1e6_views_h");
    f[n].a = lead_time_to_1e6(&sides[0]), f[n].b = lead_time_to_1e6(&sides[1]), n++;
    snprintf(f[n].name, sizeof f[n].name, "peak_view_rate_per_h");
    f[n].a = sides[0].sum.stories[sides[0].lead].peak_view_rate_per_h.median;
    f[n].b = sides[1].sum.stories[sides[1].lead].peak_view_rate_per_h.median, n++;
    snprintf(f[n].name, sizeof f[n].name, "communities_reached");
    f[n].a = communities_reached(&sides[0]), f[n].b = communities_reached(&sides[1]), n++;
    for (size_t k = 0; k < args->resilience_count; k++) {
        snprintf(f[n].name, sizeof f[n].name, "resilience_top%u", args->resilience_k[k]);
        f[n].a = sides[0].left[k], f[n].b = sides[1].left[k], n++;
    }
    return n;
}

static void print_figures(const struct side *sides, const struct compare_figure *f, size_t n,
                          const char *dir)
{
    printf("%-26s %16s %16s %16s\n", "figure", sides[0].name, sides[1].name, "b - a");
    for (size_t i = 0; i < n; i++) {
        printf("%-26s %16.4g %16.4g %16.4g\n", f[i].name, f[i].a, f[i].b,
               compare_difference(&f[i]));
    }
    printf("results in %s/ (compare.json, compare.csv)\n", dir);
}

int cmd_compare(int argc, char **argv)
{
    struct compare_args args;
    int status = parse_args(argc, argv, &args);
    if (status != EXIT_OK) {
        return status;
    }
    if (args.threads == 0) {
        args.threads = cli_default_threads();
    }
    interrupt_install();
    struct side sides[2];
    memset(sides, 0, sizeof sides);
    struct config cfg_a;
    memset(&cfg_a, 0, sizeof cfg_a);
    int written = 0; /* sides whose run directory is written */
    /* Both scenarios are checked, and named, before anything runs. */
    char reps_a[32] = "";
    for (int s = 0; s < 2; s++) {
        scenario_of(args.path[s], sides[s].scenario, sizeof sides[s].scenario);
        /* B runs with A's replicates unless --reps says: check it with them. */
        const char *reps = args.reps ? args.reps : (s == 1 ? reps_a : NULL);
        struct scenario_override o = {"/replicates", reps};
        struct cli_args check = {
            .scenario = sides[s].scenario, .overrides = &o, .override_count = reps ? 1 : 0};
        struct config cfg;
        status = cli_load_scenario(&check, &cfg);
        if (status != EXIT_OK) {
            return status;
        }
        snprintf(sides[s].name, sizeof sides[s].name, "%s", cfg.name);
        snprintf(reps_a, sizeof reps_a, "%u", cfg.replicates);
        status = cli_check_memory(sides[s].scenario, &cfg, args.threads, NULL);
        config_destroy(&cfg);
        if (status != EXIT_OK) {
            return status;
        }
    }
    char dir[256];
    if (args.out_dir) {
        snprintf(dir, sizeof dir, "%s", args.out_dir);
    } else {
        snprintf(dir, sizeof dir, "results/compare-%s-%s", sides[0].name, sides[1].name);
    }
    for (int s = 0; s < 2 && status == EXIT_OK; s++) {
        struct config cfg;
        char run_dir[300];
        snprintf(run_dir, sizeof run_dir, "%s/%s", dir, s ? "b" : "a");
        status = run_side(sides[s].scenario, &args, 0, 0.0, 0, run_dir, &sides[s].sum, &cfg);
        if (status != EXIT_OK) {
            break;
        }
        written = s + 1;
        /* Both sides use A's seed and replicate count unless given: common
         * random numbers, so differences are not noise. */
        if (s == 0) {
            static char seed[32], reps[32];
            snprintf(seed, sizeof seed, "%llu", (unsigned long long)cfg.seed);
            snprintf(reps, sizeof reps, "%u", cfg.replicates);
            args.seed = args.seed ? args.seed : seed;
            args.reps = args.reps ? args.reps : reps;
        }
        snprintf(sides[s].name, sizeof sides[s].name, "%s", cfg.name);
        double best = -1.0;
        for (size_t i = 0; i < sides[s].sum.story_count; i++) {
            if (sides[s].sum.stories[i].views.median > best) {
                best = sides[s].sum.stories[i].views.median;
                sides[s].lead = i;
            }
        }
        double at = args.resilience_at_h;
        if (at < 0.0) {
            /* By default: 6 hours after the campaign's first post. */
            at = INFINITY;
            for (size_t i = 0; i < cfg.action_count; i++) {
                at = fmin(at, cfg.actions[i].at_h);
            }
            at = fmin(at + 6.0, cfg.duration_h / 2.0);
        }
        if (s == 0) {
            args.resilience_at_h = args.resilience_at_h < 0.0 ? at : args.resilience_at_h;
        }
        for (size_t k = 0; k < args.resilience_count && status == EXIT_OK; k++) {
            struct summary cut;
            status = run_side(sides[s].scenario, &args, args.resilience_k[k],
                              args.resilience_at_h, cfg.intervention_count, NULL, &cut, NULL);
            if (status == EXIT_OK) {
                double all = sides[s].sum.views.median;
                sides[s].left[k] = all > 0.0 ? cut.views.median / all : 1.0;
                summary_destroy(&cut);
            }
        }
        if (s == 0) {
            cfg_a = cfg;
        } else {
            config_destroy(&cfg);
        }
    }
    if (status == EXIT_OK && interrupt_requested()) {
        status = EXIT_INTERRUPTED;
    }
    if (status == EXIT_INTERRUPTED) {
        /* Each side's directory is written whole when that side has run;
         * compare.json, written last, marks a finished comparison. */
        if (written == 0) {
            fprintf(stderr, "amplisim: interrupted; nothing written\n");
        } else {
            fprintf(stderr,
                    "amplisim: interrupted; wrote only %s/a/%s (complete run director%s), "
                    "not the comparison\n",
                    dir, written == 2 ? " and b/" : "", written == 2 ? "ies" : "y");
        }
    }
    if (status == EXIT_OK) {
        struct compare_figure f[32];
        size_t n = collect(sides, &args, f);
        const char *names[2] = {sides[0].name, sides[1].name};
        const char *files[2] = {sides[0].scenario, sides[1].scenario};
        struct error err;
        error_clear(&err);
        if (results_write_compare(dir, names, files, cfg_a.replicates, cfg_a.seed,
                                  args.resilience_at_h, f, n, &err) != STATUS_OK) {
            fprintf(stderr, "amplisim: %s\n", err.message);
            status = EXIT_RUN_FAILURE;
        }
        if (status == EXIT_OK && !args.quiet) {
            print_figures(sides, f, n, dir);
        }
    }
    summary_destroy(&sides[0].sum);
    summary_destroy(&sides[1].sum);
    config_destroy(&cfg_a);
    return status;
}
