/* amplisim compare: two campaigns on common random numbers (the same seeds
 * for both), side by side, with their resilience: the share of views left
 * when the campaign's own accounts (by default the top k by the views their
 * posts drew; --resilience-by followers or role:ROLE otherwise) are
 * suspended at a given time; and every figure paired replicate by replicate
 * (the campaign's, the corrections', --story NAME's). The runs and
 * compare.json are batch/study.h's;
 * this file parses, prints and picks the exit status. */
#define _POSIX_C_SOURCE 200809L
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "args.h"
#include "batch/run.h"
#include "batch/study.h"
#include "cli.h"
#include "interrupt.h"

#define RESILIENCE_MAX STUDY_RESILIENCE_MAX

struct compare_args {
    const char *path[2];
    const char *reps;
    const char *seed;
    const char *out_dir;
    uint32_t threads;
    double resilience_at_h;
    uint32_t resilience_k[RESILIENCE_MAX];
    size_t resilience_count;
    bool k_given;
    enum study_resilience_by resilience_by;
    int resilience_role;
    const char *story;
    bool quiet;
};

/* --resilience-by: attribution, followers or role:ROLE. */
static int parse_by(const char *text, struct compare_args *a)
{
    static const char role[] = "role:";
    if (strcmp(text, "attribution") == 0) {
        a->resilience_by = STUDY_BY_ATTRIBUTION;
    } else if (strcmp(text, "followers") == 0) {
        a->resilience_by = STUDY_BY_FOLLOWERS;
    } else if (strncmp(text, role, sizeof role - 1) == 0 &&
               role_from_name(text + sizeof role - 1) >= 0) {
        a->resilience_by = STUDY_BY_ROLE;
        a->resilience_role = role_from_name(text + sizeof role - 1);
    } else {
        return -1;
    }
    return 0;
}

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
            if (cli_parse_threads(value, &a->threads) != EXIT_OK) {
                return EXIT_BAD_INPUT;
            }
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
            a->k_given = true;
            i++;
        } else if (strcmp(opt, "--resilience-by") == 0 && value) {
            if (parse_by(value, a) != 0) {
                return cli_usage_error("--resilience-by expects attribution, followers or "
                                       "role:ROLE (user, blogger, influencer, media, site, bot, "
                                       "factchecker), got \"%s\"",
                                       value);
            }
            i++;
        } else if (strcmp(opt, "--story") == 0 && value) {
            a->story = value;
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
    if (a->k_given && a->resilience_by == STUDY_BY_ROLE) {
        return cli_usage_error("--resilience-k does not apply to --resilience-by role:ROLE, "
                               "which suspends every account of the role");
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

/* A difference for the table: a number, or which side never got there. */
static void difference(double d, char *buf, size_t size)
{
    if (isnan(d)) {
        snprintf(buf, size, "both never");
    } else if (isinf(d)) {
        snprintf(buf, size, "%s never", d > 0 ? "b" : "a");
    } else {
        snprintf(buf, size, "%.4g", d);
    }
}

/* The campaign's headline figures, paired: for eyes; paired.csv has all. */
static void print_paired(const struct study_compare *c)
{
    static const char *const shown[] = {
        "views", "reach", "shares", "time_to_1e6_h", "peak_view_rate_per_h", "cascade_depth"};
    printf("\npaired, b - a on the same seeds (%u replicates): median, mean [95 %% CI, Student "
           "t], share of replicates with b < a\n",
           c->replicates);
    for (size_t i = 0; i < c->paired_count; i++) {
        const struct compare_paired *cp = &c->paired[i];
        bool show = false;
        for (size_t k = 0; k < sizeof shown / sizeof *shown; k++) {
            show |= strcmp(cp->figure, shown[k]) == 0;
        }
        if (!show || strcmp(cp->group, "correction") == 0) {
            continue;
        }
        char label[128], median[24], mean[72];
        snprintf(label, sizeof label, "%s %s", cp->story[0] ? cp->story : cp->group, cp->figure);
        difference(cp->p.median, median, sizeof median);
        if (cp->p.finite >= 2) {
            snprintf(mean, sizeof mean, "%.4g [%.4g, %.4g]", cp->p.mean, cp->p.ci95_low,
                     cp->p.ci95_high);
        } else {
            snprintf(mean, sizeof mean, "- (%u pairs both finite)", cp->p.finite);
        }
        printf("%-34s %16s %-36s %5.2f\n", label, median, mean, cp->p.below);
    }
}

static void print_figures(const struct study_compare *c, const char *dir)
{
    printf("%-34s %16s %16s %16s\n", "figure", c->side[0].name, c->side[1].name, "b - a");
    for (size_t i = 0; i < c->figure_count; i++) {
        const struct compare_figure *f = &c->figures[i];
        char diff[24];
        difference(compare_difference(f), diff, sizeof diff);
        printf("%-34s %16.4g %16.4g %16s\n", f->name, f->a, f->b, diff);
    }
    print_paired(c);
    printf("results in %s/ (compare.json, compare.csv, paired.csv)\n", dir);
}

/* Each side's directory is written whole when that side has run;
 * compare.json, written last, marks a finished comparison. */
static void report_interrupt(const char *dir, int written)
{
    if (written == 0) {
        fprintf(stderr, "amplisim: interrupted; nothing written\n");
    } else {
        fprintf(stderr,
                "amplisim: interrupted; wrote only %s/a/%s (complete run director%s), "
                "not the comparison\n",
                dir, written == 2 ? " and b/" : "", written == 2 ? "ies" : "y");
    }
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
    char scenario[2][512]; /* the scenario files actually read */
    for (int s = 0; s < 2; s++) {
        scenario_of(args.path[s], scenario[s], sizeof scenario[s]);
    }
    struct study_compare_options opt = {.scenario = {scenario[0], scenario[1]},
                                        .reps = args.reps,
                                        .seed = args.seed,
                                        .threads = args.threads,
                                        .resilience_at_h = args.resilience_at_h,
                                        .resilience_by = args.resilience_by,
                                        .resilience_role = args.resilience_role,
                                        .resilience_count = args.resilience_count,
                                        .story = args.story,
                                        .stop = interrupt_flag()};
    memcpy(opt.resilience_k, args.resilience_k, sizeof opt.resilience_k);
    /* Both scenarios are checked, and named, before anything runs. */
    char names[2][CONFIG_NAME_MAX];
    struct error err;
    error_clear(&err);
    status = cli_report(study_compare_check(opt.scenario, args.reps, args.threads,
                                            args.resilience_at_h, args.story, names, &err),
                        &err);
    if (status != EXIT_OK) {
        return status;
    }
    /* The whole path, however long: a cut one would write somewhere else. */
    char default_dir[2 * CONFIG_NAME_MAX + 32];
    snprintf(default_dir, sizeof default_dir, "results/compare-%s-%s", names[0], names[1]);
    const char *dir = args.out_dir ? args.out_dir : default_dir;
    opt.dir = dir;
    struct config side;
    /* Both sides' results go under dir: room for twice A's (B's is alike). */
    status = cli_report(run_load(opt.scenario[0], NULL, 0, &side, &err), &err);
    if (status == EXIT_OK) {
        status = cli_report(run_check_out_dir(dir, &side, &err), &err);
        config_destroy(&side);
    }
    if (status != EXIT_OK) {
        return status;
    }
    struct study_compare result;
    status = cli_report(study_compare_run(&opt, &result, &err), &err);
    if (status == EXIT_INTERRUPTED) {
        report_interrupt(dir, result.written);
    } else if (status == EXIT_OK && !args.quiet) {
        print_figures(&result, dir);
    }
    study_compare_destroy(&result);
    return status;
}
