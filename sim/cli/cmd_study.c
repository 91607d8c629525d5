/* amplisim study: a countermeasure study of one campaign, each
 * intervention of a list at each delay of a list after the campaign's first
 * post, on the baseline's seeds; the views prevented, paired replicate by
 * replicate. The runs and study.json are batch/countermeasure.h's; this file
 * parses, prints and picks the exit status. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "batch/countermeasure.h"
#include "batch/run.h"
#include "cli.h"
#include "interrupt.h"

/* The fact-check's label: a Community Note cuts reposts by 45.7 % right
 * after it is attached (Slaughter et al., PNAS 2025), as
 * scenarios/decentralized_factcheck.json's label; scenarios/interventions.md
 * cites it. */
#define STUDY_LABEL_FACTOR 0.543
/* The demotion: no measured figure; the same assumption as the
 * recommender's low_credibility_factor (docs/scenario.md), stated in
 * README.md and docs/comparison.md. */
#define STUDY_DEMOTE_FACTOR 0.2
#define STUDY_SUSPEND_K 10

struct study_args {
    struct countermeasure_options opt;
    const char *out_dir;
    bool quiet;
};

/* --interventions: names from countermeasure.h, each once. */
static int parse_kinds(const char *text, struct countermeasure_options *o)
{
    o->kind_count = 0;
    char buf[128];
    if (strlen(text) >= sizeof buf) {
        return -1;
    }
    snprintf(buf, sizeof buf, "%s", text);
    char *p = buf;
    for (;;) {
        char *comma = strchr(p, ',');
        if (comma) {
            *comma = '\0';
        }
        int k = countermeasure_kind_from_name(p);
        if (k < 0) {
            return -1;
        }
        for (size_t i = 0; i < o->kind_count; i++) {
            if ((int)o->kinds[i] == k) {
                return -1;
            }
        }
        o->kinds[o->kind_count++] = (enum countermeasure_kind)k;
        if (!comma) {
            return 0;
        }
        p = comma + 1;
    }
}

/* --delays: hours >= 0, increasing, at most COUNTERMEASURE_DELAYS_MAX. */
static int parse_delays(const char *text, struct countermeasure_options *o)
{
    o->delay_count = 0;
    const char *p = text;
    while (*p) {
        char *end;
        double d = strtod(p, &end);
        if (end == p || !isfinite(d) || d < 0.0 || (*end != ',' && *end != '\0') ||
            o->delay_count == COUNTERMEASURE_DELAYS_MAX ||
            (o->delay_count > 0 && d <= o->delays_h[o->delay_count - 1])) {
            return -1;
        }
        o->delays_h[o->delay_count++] = d;
        p = *end == ',' ? end + 1 : end;
        if (*end == ',' && *p == '\0') {
            return -1;
        }
    }
    return o->delay_count ? 0 : -1;
}

static int parse_factor(const char *opt, const char *value, double *out)
{
    char *end;
    double x = strtod(value, &end);
    if (end == value || *end || !(x >= 0.0 && x <= 1.0)) {
        return cli_usage_error("%s expects a factor in [0, 1], got \"%s\"", opt, value);
    }
    *out = x;
    return EXIT_OK;
}

static int parse_args(int argc, char **argv, struct study_args *a)
{
    memset(a, 0, sizeof *a);
    struct countermeasure_options *o = &a->opt;
    for (int k = 0; k < COUNTERMEASURE_KINDS; k++) {
        o->kinds[k] = (enum countermeasure_kind)k;
    }
    o->kind_count = COUNTERMEASURE_KINDS;
    static const double delays[] = {1, 3, 6, 12, 24, 48};
    memcpy(o->delays_h, delays, sizeof delays);
    o->delay_count = sizeof delays / sizeof *delays;
    o->suspend_k = STUDY_SUSPEND_K;
    o->label_factor = STUDY_LABEL_FACTOR;
    o->demote_factor = STUDY_DEMOTE_FACTOR;
    for (int i = 0; i < argc; i++) {
        const char *opt = argv[i], *value = i + 1 < argc ? argv[i + 1] : NULL;
        int status = EXIT_OK;
        if (strcmp(opt, "--reps") == 0 && value) {
            o->reps = value;
        } else if (strcmp(opt, "--seed") == 0 && value) {
            o->seed = value;
        } else if (strcmp(opt, "--out") == 0 && value) {
            a->out_dir = value;
        } else if (strcmp(opt, "--threads") == 0 && value) {
            uint64_t t;
            if (cli_parse_u64(value, 1024, &t) != 0 || t == 0) {
                return cli_usage_error("--threads expects a whole number in [1, 1024], got \"%s\"",
                                       value);
            }
            o->threads = (uint32_t)t;
        } else if (strcmp(opt, "--interventions") == 0 && value) {
            if (parse_kinds(value, o) != 0) {
                return cli_usage_error("--interventions expects some of takedown, suspend, "
                                       "factcheck, demote, each once, separated by commas, got "
                                       "\"%s\"",
                                       value);
            }
        } else if (strcmp(opt, "--delays") == 0 && value) {
            if (parse_delays(value, o) != 0) {
                return cli_usage_error("--delays expects up to %d hours >= 0 in increasing "
                                       "order, separated by commas, got \"%s\"",
                                       COUNTERMEASURE_DELAYS_MAX, value);
            }
        } else if (strcmp(opt, "--suspend-k") == 0 && value) {
            uint64_t k;
            if (cli_parse_u64(value, 100000000, &k) != 0 || k == 0) {
                return cli_usage_error("--suspend-k expects a whole number in [1, 100000000], "
                                       "got \"%s\"",
                                       value);
            }
            o->suspend_k = (uint32_t)k;
        } else if (strcmp(opt, "--label-factor") == 0 && value) {
            status = parse_factor(opt, value, &o->label_factor);
        } else if (strcmp(opt, "--demote-factor") == 0 && value) {
            status = parse_factor(opt, value, &o->demote_factor);
        } else if (strcmp(opt, "--quiet") == 0) {
            a->quiet = true;
            continue;
        } else if (opt[0] == '-' && opt[1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim study "
                                   "--help)",
                                   opt);
        } else if (!o->scenario) {
            o->scenario = opt;
            continue;
        } else {
            return cli_usage_error("study takes one scenario, got a second: \"%s\"", opt);
        }
        if (status != EXIT_OK) {
            return status;
        }
        i++;
    }
    if (!o->scenario) {
        return cli_usage_error("study needs a scenario (amplisim study SCENARIO)");
    }
    return EXIT_OK;
}

static void print_table(const struct results_study *s, const char *dir)
{
    printf("%s: campaign views without intervention, median %.6g, mean %.6g (%u replicates, "
           "seed %llu)\n",
           s->scenario, s->baseline_median, s->baseline_mean, s->replicates,
           (unsigned long long)s->seed);
    printf("views prevented, paired replicate by replicate: median, mean [95 %% CI, Student t], "
           "share of replicates lowered\n");
    printf("%-10s %8s %12s %12s %26s %8s\n", "", "delay_h", "median", "mean", "95 % CI", "lowered");
    for (size_t i = 0; i < s->row_count; i++) {
        const struct results_study_row *r = &s->rows[i];
        char ci[64];
        snprintf(ci, sizeof ci, "[%.6g, %.6g]", r->ci95_low, r->ci95_high);
        printf("%-10s %8g %12.6g %12.6g %26s %8.2f\n", r->intervention, r->delay_h, r->median,
               r->mean, ci, r->lowered_fraction);
    }
    printf("results in %s/ (study.json, study.csv; the baseline run in baseline/)\n", dir);
}

int cmd_study(int argc, char **argv)
{
    struct study_args args;
    int status = parse_args(argc, argv, &args);
    if (status != EXIT_OK) {
        return status;
    }
    struct countermeasure_options *o = &args.opt;
    if (o->threads == 0) {
        o->threads = cli_default_threads();
    }
    interrupt_install();
    o->stop = interrupt_flag();
    char name[CONFIG_NAME_MAX];
    struct error err;
    error_clear(&err);
    status = cli_report(countermeasure_check(o, name, &err), &err);
    if (status != EXIT_OK) {
        return status;
    }
    char default_dir[CONFIG_NAME_MAX + 16];
    snprintf(default_dir, sizeof default_dir, "results/study-%s", name);
    o->dir = args.out_dir ? args.out_dir : default_dir;
    struct config cfg;
    status = cli_report(run_load(o->scenario, NULL, 0, &cfg, &err), &err);
    if (status == EXIT_OK) {
        status = cli_report(run_check_out_dir(o->dir, &cfg, &err), &err);
        config_destroy(&cfg);
    }
    if (status != EXIT_OK) {
        return status;
    }
    struct results_study result;
    status = cli_report(countermeasure_run(o, &result, &err), &err);
    if (status == EXIT_INTERRUPTED) {
        fprintf(stderr, "amplisim: interrupted; the study was not written\n");
    } else if (status == EXIT_OK && !args.quiet) {
        print_table(&result, o->dir);
    }
    results_study_destroy(&result);
    return status;
}
