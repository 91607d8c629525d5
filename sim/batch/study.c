/* Studies (study.h): views prevented by each intervention, and a comparison
 * of two scenarios with their resilience to suspensions. Every variant is a
 * copy of a loaded config, edited through model/config.h; the variants equal
 * what the scenario file with the matching --set would load, field for
 * field, so their runs give the same bytes. */
#include "study.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../io/message.h"
#include "run.h"

void study_without_intervention(struct config *alt, const struct config *cfg, size_t i)
{
    config_copy(alt, cfg);
    /* config_add_intervention gives the defaults a scenario file's
     * intervention starts from; move the no-op into slot i over the one it
     * replaces, and drop the slot it was appended in. */
    struct intervention_config *noop = config_add_intervention(alt);
    noop->kind = INTERVENTION_DEMOTE;
    noop->story = 0;
    noop->trigger_story = 0;
    noop->factor = 1.0;
    alt->interventions[i] = *noop;
    alt->intervention_count--;
}

void study_with_suspension(struct config *alt, const struct config *cfg, uint32_t k, double at_h)
{
    config_copy(alt, cfg);
    struct intervention_config *cut = config_add_intervention(alt);
    cut->kind = INTERVENTION_SUSPEND;
    cut->trigger = TRIGGER_AT;
    cut->at_h = at_h;
    cut->select.count = k;
    cut->select.pick = PICK_TOP;
}

/* Intervention iv's views prevented: on the story it targets (a fact-check's
 * correction adds views of its own); a suspension targets the whole campaign. */
static double prevented(const struct intervention_config *iv, const struct summary *without,
                        const struct summary *with)
{
    if (iv->kind == INTERVENTION_SUSPEND) {
        return without->views.mean - with->views.mean;
    }
    return without->stories[iv->story].views.mean - with->stories[iv->story].views.mean;
}

int study_prevented(const char *label, const struct config *cfg, uint32_t threads,
                    const volatile sig_atomic_t *stop, struct summary *sum, struct error *err)
{
    int status = STATUS_OK;
    for (size_t i = 0; i < cfg->intervention_count && status == STATUS_OK; i++) {
        struct config alt;
        study_without_intervention(&alt, cfg, i);
        struct summary other;
        status = run_summarise(label, &alt, threads, stop, &other, err);
        if (status == STATUS_OK) {
            sum->interventions[i].views_prevented =
                prevented(&cfg->interventions[i], &other, sum);
        }
        summary_destroy(&other);
        config_destroy(&alt);
    }
    return status;
}

/* Side s's scenario with the common replicates and seed: --reps and --seed
 * when given, else (for B) A's. */
static int load_side(const struct study_compare_options *opt, int s, const struct config *a,
                     struct config *cfg, struct error *err)
{
    char reps[16], seed[24];
    const char *r = opt->reps, *sd = opt->seed;
    if (s == 1 && !r) {
        snprintf(reps, sizeof reps, "%u", a->replicates);
        r = reps;
    }
    if (s == 1 && !sd) {
        snprintf(seed, sizeof seed, "%llu", (unsigned long long)a->seed);
        sd = seed;
    }
    struct scenario_override o[2];
    size_t n = 0;
    if (r) {
        o[n++] = (struct scenario_override){"/replicates", r};
    }
    if (sd) {
        o[n++] = (struct scenario_override){"/seed", sd};
    }
    return run_load(opt->scenario[s], o, n, cfg, err);
}

int study_compare_check(const char *const scenario[2], const char *reps, uint32_t threads,
                        char names[2][CONFIG_NAME_MAX], struct error *err)
{
    char reps_a[16] = "";
    for (int s = 0; s < 2; s++) {
        /* B runs with A's replicates unless --reps says: check it with them. */
        struct scenario_override o = {"/replicates", reps ? reps : reps_a};
        struct config cfg;
        int status = run_load(scenario[s], &o, reps || s == 1 ? 1 : 0, &cfg, err);
        if (status != STATUS_OK) {
            return status;
        }
        snprintf(names[s], CONFIG_NAME_MAX, "%s", cfg.name);
        snprintf(reps_a, sizeof reps_a, "%u", cfg.replicates);
        status = run_check_memory(scenario[s], &cfg, threads, NULL, err);
        config_destroy(&cfg);
        if (status != STATUS_OK) {
            return status;
        }
    }
    return STATUS_OK;
}

/* Runs cfg's replicates into side's summary and writes them as a run
 * directory (scenario.json, timeseries.csv, summary.json) at dir/a or dir/b,
 * so a compare directory holds both sides' curves for plotting. */
static int run_side(const struct study_compare_options *opt, int s, const struct config *cfg,
                    struct study_side *side, struct error *err)
{
    struct run_options ro = {.threads = opt->threads, .stop = opt->stop};
    struct run_result result;
    int status = run_replicates(opt->scenario[s], cfg, &ro, &result, err);
    if (status == STATUS_OK && opt->stop && *opt->stop) {
        status = STATUS_INTERRUPTED;
    }
    if (status == STATUS_OK) {
        /* The figures of a side are its replicates alone: no graph time. */
        result.facts.graph_seconds = 0.0;
        result.facts.wall_seconds = result.facts.simulate_seconds;
        size_t size = strlen(opt->dir) + 3;
        char *run_dir = xmalloc(size);
        snprintf(run_dir, size, "%s/%s", opt->dir, s ? "b" : "a");
        status = results_write(run_dir, cfg, result.obs, result.count, &result.sum,
                               &result.facts, err);
        free(run_dir);
    }
    if (status == STATUS_OK) {
        side->sum = result.sum;
        memset(&result.sum, 0, sizeof result.sum); /* now the side's */
    }
    run_result_destroy(&result);
    return status;
}

/* By default the suspensions come 6 hours after A's first post (within the
 * first half of its duration). */
static double default_resilience_at(const struct config *a)
{
    double at = INFINITY;
    for (size_t i = 0; i < a->action_count; i++) {
        at = fmin(at, a->actions[i].at_h);
    }
    return fmin(at + 6.0, a->duration_h / 2.0);
}

/* A suspension at or after the end never happens. The message is the one a
 * scenario file's --set of that suspension gives, word for word, as compare
 * once built the variant that way. */
static int check_resilience_at(const struct config *cfg, uint32_t k, double at_h,
                               struct error *err)
{
    if (at_h < cfg->duration_h) {
        return STATUS_OK;
    }
    char limit[32], got[32];
    message_number(cfg->duration_h, limit, sizeof limit);
    message_number(at_h, got, sizeof got);
    size_t i = cfg->intervention_count;
    return error_set(err,
                     "--set /interventions/%zu={\"kind\": \"suspend\", \"select\": {\"count\": %u, "
                     "\"pick\": \"top\"}, \"trigger\": {\"at_h\": %.17g}}: "
                     "/interventions/%zu/trigger/at_h: expected a number in [0, %s), got %s",
                     i, k, at_h, i, limit, got);
}

/* The share of side's views left with the top k accounts suspended at at_h,
 * for each k. */
static int run_resilience(const struct study_compare_options *opt, int s, const struct config *cfg,
                          double at_h, struct study_side *side, struct error *err)
{
    int status = STATUS_OK;
    for (size_t j = 0; j < opt->resilience_count && status == STATUS_OK; j++) {
        uint32_t k = opt->resilience_k[j];
        status = check_resilience_at(cfg, k, at_h, err);
        if (status != STATUS_OK) {
            break;
        }
        struct config alt;
        study_with_suspension(&alt, cfg, k, at_h);
        struct summary cut;
        status = run_summarise(opt->scenario[s], &alt, opt->threads, opt->stop, &cut, err);
        if (status == STATUS_OK) {
            double all = side->sum.views.median;
            side->left[j] = all > 0.0 ? cut.views.median / all : 1.0;
        }
        summary_destroy(&cut);
        config_destroy(&alt);
    }
    return status;
}

/* The campaign's story with the most views (any story when it has none). */
static size_t lead_story(const struct summary *sum)
{
    size_t lead = 0;
    double best = -1.0;
    for (size_t i = 0; i < sum->story_count; i++) {
        bool counts = sum->campaign_stories == 0 || story_kind_is_campaign(sum->stories[i].kind);
        if (counts && sum->stories[i].views.median > best) {
            best = sum->stories[i].views.median;
            lead = i;
        }
    }
    return lead;
}

static double lead_time_to_1e6(const struct study_side *s)
{
    return s->sum.stories[s->lead].time_to_views[5].median;
}

static double communities_reached(const struct study_side *s)
{
    double best = 0.0;
    for (size_t i = 0; i < s->sum.story_count; i++) {
        if (story_kind_is_campaign(s->sum.stories[i].kind)) {
            best = fmax(best, s->sum.stories[i].communities_reached.median);
        }
    }
    return best;
}

static void add_figure(struct study_compare *c, const char *name, double a, double b)
{
    struct compare_figure *f = &c->figures[c->figure_count++];
    snprintf(f->name, sizeof f->name, "%s", name);
    f->a = a;
    f->b = b;
}

/* compare.json's figures, in its order. */
static void collect(const struct study_compare_options *opt, struct study_compare *c)
{
    const struct study_side *sa = &c->side[0], *sb = &c->side[1];
    const struct stat4 *stats[3][2] = {
        {&sa->sum.views, &sb->sum.views},
        {&sa->sum.reach, &sb->sum.reach},
        {&sa->sum.shares, &sb->sum.shares},
    };
    /* The campaign's totals (fabricated and leaked stories), then the
     * corrections' and genuine stories' views, never summed with them. */
    static const char *const names[3] = {"campaign_views", "campaign_reach", "campaign_shares"};
    char name[48];
    for (int m = 0; m < 3; m++) {
        snprintf(name, sizeof name, "%s_median", names[m]);
        add_figure(c, name, stats[m][0]->median, stats[m][1]->median);
        snprintf(name, sizeof name, "%s_p05", names[m]);
        add_figure(c, name, stats[m][0]->p05, stats[m][1]->p05);
        snprintf(name, sizeof name, "%s_p95", names[m]);
        add_figure(c, name, stats[m][0]->p95, stats[m][1]->p95);
    }
    add_figure(c, "correction_views_median", sa->sum.kinds[STORY_CORRECTION].views.median,
               sb->sum.kinds[STORY_CORRECTION].views.median);
    add_figure(c, "genuine_views_median", sa->sum.kinds[STORY_GENUINE].views.median,
               sb->sum.kinds[STORY_GENUINE].views.median);
    add_figure(c, "time_to_1e6_views_h", lead_time_to_1e6(sa), lead_time_to_1e6(sb));
    add_figure(c, "peak_view_rate_per_h", sa->sum.stories[sa->lead].peak_view_rate_per_h.median,
               sb->sum.stories[sb->lead].peak_view_rate_per_h.median);
    add_figure(c, "communities_reached", communities_reached(sa), communities_reached(sb));
    for (size_t k = 0; k < opt->resilience_count; k++) {
        snprintf(name, sizeof name, "resilience_top%u", opt->resilience_k[k]);
        add_figure(c, name, sa->left[k], sb->left[k]);
    }
}

/* Side s: its run, written, then its resilience runs. a is A's config (for
 * B's seeds and the default suspension time); NULL while running A. */
static int compare_side(const struct study_compare_options *opt, int s, struct config *cfg,
                        const struct config *a, struct study_compare *out, struct error *err)
{
    int status = load_side(opt, s, a, cfg, err);
    if (status != STATUS_OK) {
        return status;
    }
    struct study_side *side = &out->side[s];
    status = run_side(opt, s, cfg, side, err);
    if (status != STATUS_OK) {
        return status;
    }
    out->written = s + 1;
    snprintf(side->name, sizeof side->name, "%s", cfg->name);
    side->lead = lead_story(&side->sum);
    if (s == 0) {
        out->replicates = cfg->replicates;
        out->seed = cfg->seed;
        out->resilience_at_h =
            opt->resilience_at_h < 0.0 ? default_resilience_at(cfg) : opt->resilience_at_h;
    }
    return run_resilience(opt, s, cfg, out->resilience_at_h, side, err);
}

int study_compare_run(const struct study_compare_options *opt, struct study_compare *out,
                      struct error *err)
{
    memset(out, 0, sizeof *out);
    struct config cfg[2];
    memset(cfg, 0, sizeof cfg);
    int status = compare_side(opt, 0, &cfg[0], NULL, out, err);
    if (status == STATUS_OK) {
        status = compare_side(opt, 1, &cfg[1], &cfg[0], out, err);
    }
    config_destroy(&cfg[0]);
    config_destroy(&cfg[1]);
    if (status == STATUS_OK && opt->stop && *opt->stop) {
        status = STATUS_INTERRUPTED;
    }
    if (status != STATUS_OK) {
        return status;
    }
    collect(opt, out);
    const char *names[2] = {out->side[0].name, out->side[1].name};
    return results_write_compare(opt->dir, names, opt->scenario, out->replicates, out->seed,
                                 out->resilience_at_h, out->figures, out->figure_count, err);
}

void study_compare_destroy(struct study_compare *c)
{
    summary_destroy(&c->side[0].sum);
    summary_destroy(&c->side[1].sum);
}
