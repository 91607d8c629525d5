/* Countermeasure studies (countermeasure.h): the baseline, then one run per
 * intervention and delay, each the baseline's config with interventions
 * appended at first post + delay. An intervention fired at a time draws
 * nothing from a replicate's stream, so up to that time a variant's
 * replicate is the baseline's, event for event; what differs after it is
 * the intervention's doing plus a fresh draw of the same process. */
#include "countermeasure.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../io/message.h"
#include "../model/paired.h"
#include "run.h"
#include "study.h"

static const char *const kind_names[COUNTERMEASURE_KINDS] = {"takedown", "suspend", "factcheck",
                                                             "demote"};

const char *countermeasure_kind_name(enum countermeasure_kind kind)
{
    return kind_names[kind];
}

int countermeasure_kind_from_name(const char *name)
{
    for (int k = 0; k < COUNTERMEASURE_KINDS; k++) {
        if (strcmp(name, kind_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

/* The scenario with --reps and --seed applied. */
static int load(const struct countermeasure_options *opt, struct config *cfg, struct error *err)
{
    struct scenario_override o[2];
    size_t n = 0;
    if (opt->reps) {
        o[n++] = (struct scenario_override){"/replicates", opt->reps, "--reps"};
    }
    if (opt->seed) {
        o[n++] = (struct scenario_override){"/seed", opt->seed, "--seed"};
    }
    return run_load(opt->scenario, o, n, cfg, err);
}

/* The earliest at_h of an action publishing a campaign story (fabricated
 * or leaked): the delays count from it. +INFINITY when there is none. */
static double first_post_h(const struct config *cfg)
{
    double first = INFINITY;
    for (size_t i = 0; i < cfg->action_count; i++) {
        if (story_kind_is_campaign(cfg->stories[cfg->actions[i].story].kind)) {
            first = fmin(first, cfg->actions[i].at_h);
        }
    }
    return first;
}

int countermeasure_check(const struct countermeasure_options *opt, char name[CONFIG_NAME_MAX],
                         struct error *err)
{
    struct config cfg;
    int status = load(opt, &cfg, err);
    if (status != STATUS_OK) {
        return status;
    }
    snprintf(name, CONFIG_NAME_MAX, "%s", cfg.name);
    double first = first_post_h(&cfg);
    if (isinf(first)) {
        status = error_set(err,
                           "%s: a study needs a campaign to act on: no action publishes a "
                           "fabricated or leaked story",
                           opt->scenario);
    }
    for (size_t d = 0; d < opt->delay_count && status == STATUS_OK; d++) {
        if (first + opt->delays_h[d] >= cfg.duration_h) {
            char delay[32], start[32], end[32], most[32];
            message_number(opt->delays_h[d], delay, sizeof delay);
            message_number(first, start, sizeof start);
            message_number(cfg.duration_h, end, sizeof end);
            message_number(cfg.duration_h - first, most, sizeof most);
            status = error_set(err,
                               "--delays %s: the campaign's first post is at %s h and %s ends at "
                               "%s h (duration_h), so an intervention %s h later never acts; "
                               "give delays below %s h",
                               delay, start, opt->scenario, end, delay, most);
        }
    }
    if (status == STATUS_OK) {
        status = run_check_memory(opt->scenario, &cfg, opt->threads, NULL, err);
    }
    config_destroy(&cfg);
    return status;
}

/* The replicates' ranked accounts, for the suspension: the baseline's. */
struct ranking {
    uint32_t *ranked;
    uint32_t *start;
};

/* alt: cfg with intervention `kind` at at_h, on every campaign story (one
 * intervention each) or, for a suspension, on the campaign's own top k
 * accounts of each replicate. */
static void variant(const struct countermeasure_options *opt, enum countermeasure_kind kind,
                    const struct config *cfg, const struct ranking *rank, double at_h,
                    struct config *alt)
{
    if (kind == COUNTERMEASURE_SUSPEND) {
        study_with_listed_suspension(alt, cfg, rank->ranked, rank->start, cfg->replicates,
                                     opt->suspend_k, at_h);
        return;
    }
    config_copy(alt, cfg);
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        if (!story_kind_is_campaign(cfg->stories[s].kind)) {
            continue;
        }
        struct intervention_config *iv = config_add_intervention(alt);
        iv->trigger = TRIGGER_AT;
        iv->at_h = at_h;
        iv->story = s;
        iv->trigger_story = s;
        switch (kind) {
        case COUNTERMEASURE_TAKEDOWN:
            iv->kind = INTERVENTION_TAKEDOWN;
            break;
        case COUNTERMEASURE_FACTCHECK:
            /* A label alone: no correction story, so nobody is marked as
             * having seen one. */
            iv->kind = INTERVENTION_FACTCHECK;
            iv->correction = -1;
            iv->label_factor = opt->label_factor;
            iv->exposed_factor = 1.0;
            break;
        case COUNTERMEASURE_DEMOTE:
            iv->kind = INTERVENTION_DEMOTE;
            iv->factor = opt->demote_factor;
            break;
        case COUNTERMEASURE_SUSPEND:
        case COUNTERMEASURE_KINDS:
            break;
        }
    }
}

/* Each replicate's campaign views (runs.csv's campaign row, "views"). */
static void campaign_views(const struct runs_table *t, double *views)
{
    int f = runs_figure_find(t, "views");
    for (uint32_t r = 0; r < t->replicates; r++) {
        views[r] = f < 0 ? 0.0 : runs_value(t, r, t->stories + RUNS_CAMPAIGN, (uint32_t)f);
    }
}

/* Row i's figures from the baseline's and the variant's views, paired on
 * the seed: prevented = baseline - variant, so paired.h's b - a with a the
 * variant. */
static void fill_row(struct results_study_row *row, const double *base, const double *with,
                     uint32_t n)
{
    row->per_replicate = xmalloc((n ? n : 1) * sizeof *row->per_replicate);
    uint32_t lowered = 0;
    for (uint32_t r = 0; r < n; r++) {
        row->per_replicate[r] = base[r] - with[r];
        lowered += with[r] < base[r];
    }
    struct paired p;
    paired_compute(with, base, n, &p);
    row->median = p.median;
    row->mean = p.mean;
    row->ci95_low = p.ci95_low;
    row->ci95_high = p.ci95_high;
    row->lowered_fraction = n ? (double)lowered / n : NAN;
}

/* The baseline: run, written to dir/baseline, its views and (for a
 * suspension) its ranked accounts kept. */
static int run_baseline(const struct countermeasure_options *opt, const struct config *cfg,
                        double *views, struct ranking *rank, struct results_study *out,
                        struct error *err)
{
    bool suspend = false;
    for (size_t k = 0; k < opt->kind_count; k++) {
        suspend |= opt->kinds[k] == COUNTERMEASURE_SUSPEND;
    }
    struct run_options ro = {
        .threads = opt->threads, .attribution = suspend ? opt->suspend_k : 0, .stop = opt->stop};
    struct run_result result;
    size_t size = strlen(opt->dir) + 16;
    char *dir = xmalloc(size);
    snprintf(dir, size, "%s/baseline", opt->dir);
    int status = study_run_written(opt->scenario, cfg, &ro, dir, &result, err);
    free(dir);
    if (status == STATUS_OK) {
        campaign_views(&result.runs, views);
        study_rank_lists(&result, &rank->ranked, &rank->start);
        out->baseline_median = result.sum.views.median;
        out->baseline_mean = result.sum.views.mean;
    }
    run_result_destroy(&result);
    return status;
}

int countermeasure_run(const struct countermeasure_options *opt, struct results_study *out,
                       struct error *err)
{
    memset(out, 0, sizeof *out);
    struct config cfg;
    int status = load(opt, &cfg, err);
    if (status != STATUS_OK) {
        return status;
    }
    uint32_t n = cfg.replicates;
    snprintf(out->scenario, sizeof out->scenario, "%s", cfg.name);
    snprintf(out->file, sizeof out->file, "%s", opt->scenario);
    out->replicates = n;
    out->seed = cfg.seed;
    out->first_post_h = first_post_h(&cfg);
    out->suspend_k = opt->suspend_k;
    out->label_factor = opt->label_factor;
    out->demote_factor = opt->demote_factor;
    out->rows = xcalloc(opt->kind_count * opt->delay_count + 1, sizeof *out->rows);
    double *base = xmalloc((n ? n : 1) * sizeof *base);
    double *with = xmalloc((n ? n : 1) * sizeof *with);
    struct ranking rank = {NULL, NULL};
    status = run_baseline(opt, &cfg, base, &rank, out, err);
    for (size_t k = 0; k < opt->kind_count && status == STATUS_OK; k++) {
        for (size_t d = 0; d < opt->delay_count && status == STATUS_OK; d++) {
            struct results_study_row *row = &out->rows[out->row_count];
            snprintf(row->intervention, sizeof row->intervention, "%s", kind_names[opt->kinds[k]]);
            row->delay_h = opt->delays_h[d];
            row->at_h = out->first_post_h + opt->delays_h[d];
            struct config alt;
            variant(opt, opt->kinds[k], &cfg, &rank, row->at_h, &alt);
            struct summary sum;
            struct runs_table runs;
            memset(&sum, 0, sizeof sum);
            memset(&runs, 0, sizeof runs);
            status = run_summarise(opt->scenario, &alt, opt->threads, opt->stop, &sum, &runs, err);
            if (status == STATUS_OK && opt->stop && *opt->stop) {
                status = STATUS_INTERRUPTED;
            }
            if (status == STATUS_OK) {
                campaign_views(&runs, with);
                fill_row(row, base, with, n);
                out->row_count++;
            }
            runs_table_destroy(&runs);
            summary_destroy(&sum);
            config_destroy(&alt);
        }
    }
    free(base);
    free(with);
    free(rank.ranked);
    free(rank.start);
    config_destroy(&cfg);
    if (status == STATUS_OK) {
        status = results_write_study(opt->dir, out, err);
    }
    return status;
}
