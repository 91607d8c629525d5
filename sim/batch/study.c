/* Studies (study.h): views prevented by each intervention, and a comparison
 * of two scenarios with their resilience to suspensions of their own
 * accounts (attribution), of the largest ones, or of a role. Every variant is a
 * copy of a loaded config, edited through model/config.h; the variants equal
 * what the scenario file with the matching --set would load, field for
 * field, so their runs give the same bytes. */
#include "study.h"

#include <assert.h>
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
    /* A study's k may exceed the accounts (a file graph's are known only
     * once it is read): it suspends what there is. */
    cut->select.count = k;
    cut->select.up_to = true;
    cut->select.pick = PICK_TOP;
}

void study_with_listed_suspension(struct config *alt, const struct config *cfg,
                                  const uint32_t *list, const uint32_t *list_start,
                                  uint32_t replicates, uint32_t k, double at_h)
{
    study_with_suspension(alt, cfg, k, at_h);
    struct select_config *sel = &alt->interventions[alt->intervention_count - 1].select;
    sel->pick = PICK_LIST;
    sel->list_replicates = replicates;
    sel->list_start = xmalloc((replicates + 1) * sizeof *sel->list_start);
    memcpy(sel->list_start, list_start, (replicates + 1) * sizeof *sel->list_start);
    size_t n = list_start[replicates];
    sel->list = xmalloc((n ? n : 1) * sizeof *sel->list);
    if (n > 0) {
        memcpy(sel->list, list, n * sizeof *sel->list);
    }
}

void study_with_role_suspension(struct config *alt, const struct config *cfg, int role,
                                uint32_t count, double at_h)
{
    /* The top `count` of the role by followers is all of it, and picking
     * the top draws nothing from the replicate's stream. */
    study_with_suspension(alt, cfg, count, at_h);
    alt->interventions[alt->intervention_count - 1].select.role = role;
}

uint32_t study_role_accounts(const struct config *cfg, int role)
{
    if (role == ROLE_USER || cfg->graph.source == GRAPH_FILE) {
        return cfg->accounts;
    }
    return cfg->roles[role].count;
}

/* Intervention iv's views prevented: on the story it targets (a fact-check's
 * correction adds views of its own); a suspension or a prebunk targets the
 * whole campaign. */
static double prevented(const struct intervention_config *iv, const struct summary *without,
                        const struct summary *with)
{
    if (iv->kind == INTERVENTION_SUSPEND || iv->kind == INTERVENTION_PREBUNK) {
        return without->views.mean - with->views.mean;
    }
    return without->stories[iv->story].views.mean - with->stories[iv->story].views.mean;
}

/* Replicate by replicate, intervention i's target views without it (the
 * run `without`) and with it (runs): each replicate's views prevented into
 * runs->prevented, and their paired figures into *out. */
static void prevented_per_replicate(const struct config *cfg, size_t i,
                                    const struct runs_table *without, struct runs_table *runs,
                                    struct paired *out)
{
    uint32_t n = runs->replicates;
    double *a = xmalloc((n ? n : 1) * sizeof *a), *b = xmalloc((n ? n : 1) * sizeof *b);
    for (uint32_t r = 0; r < n; r++) {
        a[r] = runs_intervention_target(without, &cfg->interventions[i], r);
        b[r] = runs_intervention_target(runs, &cfg->interventions[i], r);
        runs->prevented[(size_t)r * runs->interventions + i] = a[r] - b[r];
    }
    if (n > 0) {
        paired_compute(a, b, n, out);
    }
    free(a);
    free(b);
}

int study_prevented(const char *label, const struct config *cfg, uint32_t threads,
                    const volatile sig_atomic_t *stop, struct summary *sum, struct runs_table *runs,
                    struct error *err)
{
    int status = STATUS_OK;
    for (size_t i = 0; i < cfg->intervention_count && status == STATUS_OK; i++) {
        struct config alt;
        study_without_intervention(&alt, cfg, i);
        struct summary other;
        struct runs_table other_runs;
        status = run_summarise(label, &alt, threads, stop, &other, &other_runs, err);
        if (status == STATUS_OK) {
            sum->interventions[i].views_prevented = prevented(&cfg->interventions[i], &other, sum);
            if (runs && runs->replicates == other_runs.replicates) {
                prevented_per_replicate(cfg, i, &other_runs, runs,
                                        &sum->interventions[i].prevented);
            }
        }
        runs_table_destroy(&other_runs);
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
        o[n++] = (struct scenario_override){"/replicates", r, opt->reps ? "--reps" : NULL};
    }
    if (sd) {
        o[n++] = (struct scenario_override){"/seed", sd, opt->seed ? "--seed" : NULL};
    }
    return run_load(opt->scenario[s], o, n, cfg, err);
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

/* The index of the story named name in cfg, or -1. */
static int find_story(const struct config *cfg, const char *name)
{
    for (size_t i = 0; name && i < cfg->story_count; i++) {
        if (strcmp(cfg->stories[i].name, name) == 0) {
            return (int)i;
        }
    }
    return -1;
}

/* --story NAME must name a story of side s: says which ones it has. */
static int check_story(const struct config *cfg, int s, const char *file, const char *story,
                       struct error *err)
{
    if (!story || find_story(cfg, story) >= 0) {
        return STATUS_OK;
    }
    char list[512] = "";
    size_t at = 0;
    for (size_t i = 0; i < cfg->story_count && at < sizeof list; i++) {
        at += (size_t)snprintf(list + at, sizeof list - at, "%s\"%s\"", i ? ", " : "",
                               cfg->stories[i].name);
    }
    return error_set(err, "--story \"%s\": %s (%s) has no story of that name; its stories: %s",
                     story, s ? "B" : "A", file, list);
}

int study_compare_check(const char *const scenario[2], const char *reps, uint32_t threads,
                        double resilience_at_h, const char *story, char names[2][CONFIG_NAME_MAX],
                        struct error *err)
{
    char reps_a[16] = "";
    double at_h = resilience_at_h; /* A's default once A is read */
    for (int s = 0; s < 2; s++) {
        /* B runs with A's replicates unless --reps says: check it with them. */
        struct scenario_override o = {"/replicates", reps ? reps : reps_a, reps ? "--reps" : NULL};
        struct config cfg;
        int status = run_load(scenario[s], &o, reps || s == 1 ? 1 : 0, &cfg, err);
        if (status != STATUS_OK) {
            return status;
        }
        snprintf(names[s], CONFIG_NAME_MAX, "%s", cfg.name);
        snprintf(reps_a, sizeof reps_a, "%u", cfg.replicates);
        if (at_h < 0.0) {
            at_h = default_resilience_at(&cfg);
        }
        if (at_h >= cfg.duration_h) {
            /* Both sides suspend at the same time: it must fall in both runs. */
            char at[32], end[32];
            message_number(at_h, at, sizeof at);
            message_number(cfg.duration_h, end, sizeof end);
            status = error_set(err,
                               "--resilience-at %s%s: the suspensions must come before the end "
                               "of %s (%s: duration_h %s h); give --resilience-at in [0, %s)",
                               at, resilience_at_h < 0.0 ? " (the default, from A)" : "",
                               s ? "B" : "A", scenario[s], end, end);
        }
        if (status == STATUS_OK) {
            status = check_story(&cfg, s, scenario[s], story, err);
        }
        if (status == STATUS_OK) {
            status = run_check_memory(scenario[s], &cfg, threads, NULL, err);
        }
        config_destroy(&cfg);
        if (status != STATUS_OK) {
            return status;
        }
    }
    return STATUS_OK;
}

/* The campaign's views in one replicate: its fabricated and leaked stories,
 * as summary.json's campaign totals count them (never a correction's or a
 * genuine story's views). */
static double campaign_views(const struct config *cfg, const struct observation *obs)
{
    double views = 0.0;
    for (uint32_t s = 0; s < cfg->story_count; s++) {
        if (story_kind_is_campaign(cfg->stories[s].kind)) {
            views += (double)observation_total(obs, s, KEY_TOTAL, MEASURE_VIEWS);
        }
    }
    return views;
}

/* The largest k of the options: how many accounts attribution ranks. */
static uint32_t largest_k(const struct study_compare_options *opt)
{
    uint32_t k = 0;
    for (size_t j = 0; j < opt->resilience_count; j++) {
        k = opt->resilience_k[j] > k ? opt->resilience_k[j] : k;
    }
    return k;
}

void study_rank_lists(const struct run_result *result, uint32_t **ranked, uint32_t **ranked_start)
{
    uint32_t n = result->count;
    uint32_t *start = xmalloc((n + 1) * sizeof *start);
    size_t total = 0;
    for (uint32_t r = 0; r < n; r++) {
        start[r] = (uint32_t)total;
        total += result->obs[r].attribution_count;
    }
    start[n] = (uint32_t)total;
    uint32_t *list = xmalloc((total ? total : 1) * sizeof *list);
    for (uint32_t r = 0; r < n; r++) {
        const struct observation *o = &result->obs[r];
        if (o->attribution_count > 0) {
            memcpy(list + start[r], o->attribution_accounts, o->attribution_count * sizeof *list);
        }
    }
    *ranked = list;
    *ranked_start = start;
}

/* Keeps what the resilience runs need of the side's replicates: their
 * views, and with attribution their ranked accounts. */
static void keep_replicates(const struct config *cfg, const struct run_result *result,
                            struct study_side *side)
{
    uint32_t n = result->count;
    side->views = xmalloc((n ? n : 1) * sizeof *side->views);
    for (uint32_t r = 0; r < n; r++) {
        side->views[r] = campaign_views(cfg, &result->obs[r]);
    }
    study_rank_lists(result, &side->ranked, &side->ranked_start);
}

int study_run_written(const char *label, const struct config *cfg, const struct run_options *ro,
                      const char *dir, struct run_result *result, struct error *err)
{
    int status = run_replicates(label, cfg, ro, result, err);
    if (status == STATUS_OK && ro->stop && *ro->stop) {
        status = STATUS_INTERRUPTED;
    }
    if (status == STATUS_OK) {
        /* The figures of a study's run are its replicates alone: no graph time. */
        result->facts.graph_seconds = 0.0;
        result->facts.wall_seconds = result->facts.simulate_seconds;
        status = results_write(dir, cfg, result->obs, result->count, &result->sum, &result->facts,
                               &result->runs, NULL, err);
    }
    return status;
}

/* Runs cfg's replicates into side's summary and writes them as a run
 * directory (scenario.json, timeseries.csv, summary.json) at dir/a or dir/b,
 * so a compare directory holds both sides' curves for plotting. */
static int run_side(const struct study_compare_options *opt, int s, const struct config *cfg,
                    struct study_side *side, struct error *err)
{
    struct run_options ro = {.threads = opt->threads,
                             .attribution =
                                 opt->resilience_by == STUDY_BY_ATTRIBUTION ? largest_k(opt) : 0,
                             .stop = opt->stop};
    struct run_result result;
    size_t size = strlen(opt->dir) + 3;
    char *run_dir = xmalloc(size);
    snprintf(run_dir, size, "%s/%s", opt->dir, s ? "b" : "a");
    int status = study_run_written(opt->scenario[s], cfg, &ro, run_dir, &result, err);
    free(run_dir);
    if (status == STATUS_OK) {
        side->sum = result.sum;
        memset(&result.sum, 0, sizeof result.sum); /* now the side's */
        side->runs = result.runs;
        memset(&result.runs, 0, sizeof result.runs);
        keep_replicates(cfg, &result, side);
    }
    run_result_destroy(&result);
    return status;
}

/* Row j's variant of cfg: the suspension the mode asks for at at_h. Sets
 * *suspended to the accounts it suspends (the mean over replicates). */
static void resilience_variant(const struct study_compare_options *opt, size_t j,
                               const struct config *cfg, const struct study_side *side, double at_h,
                               struct config *alt, double *suspended)
{
    uint32_t k = opt->resilience_k[j];
    switch (opt->resilience_by) {
    case STUDY_BY_ATTRIBUTION: {
        double sum = 0.0;
        for (uint32_t r = 0; r < cfg->replicates; r++) {
            uint32_t ranked = side->ranked_start[r + 1] - side->ranked_start[r];
            sum += ranked < k ? ranked : k;
        }
        *suspended = cfg->replicates ? sum / cfg->replicates : 0.0;
        study_with_listed_suspension(alt, cfg, side->ranked, side->ranked_start, cfg->replicates, k,
                                     at_h);
        break;
    }
    case STUDY_BY_FOLLOWERS:
        *suspended = k < cfg->accounts ? k : cfg->accounts;
        study_with_suspension(alt, cfg, k, at_h);
        break;
    case STUDY_BY_ROLE:
        *suspended = study_role_accounts(cfg, opt->resilience_role);
        study_with_role_suspension(alt, cfg, opt->resilience_role,
                                   study_role_accounts(cfg, opt->resilience_role), at_h);
        break;
    }
}

/* The views left in each replicate with each row's suspension at at_h:
 * views with it / views without it on the same seed (1 where the side drew
 * no views). A role with no accounts leaves everything, without a run. */
static int run_resilience(const struct study_compare_options *opt, int s, const struct config *cfg,
                          double at_h, size_t rows, struct study_side *side, struct error *err)
{
    int status = STATUS_OK;
    uint32_t n = cfg->replicates;
    for (size_t j = 0; j < rows && status == STATUS_OK; j++) {
        side->left[j] = xmalloc((n ? n : 1) * sizeof *side->left[j]);
        for (uint32_t r = 0; r < n; r++) {
            side->left[j][r] = 1.0;
        }
        struct config alt;
        resilience_variant(opt, j, cfg, side, at_h, &alt, &side->suspended[j]);
        /* study_compare_check refused a time past either side's end, and the
         * default lies within A's first half. */
        assert(at_h < cfg->duration_h);
        if (side->suspended[j] > 0.0) {
            struct run_options ro = {.threads = opt->threads, .stop = opt->stop};
            struct run_result cut;
            status = run_replicates(opt->scenario[s], &alt, &ro, &cut, err);
            for (uint32_t r = 0; r < n && status == STATUS_OK; r++) {
                if (side->views[r] > 0.0) {
                    side->left[j][r] = campaign_views(cfg, &cut.obs[r]) / side->views[r];
                }
            }
            run_result_destroy(&cut);
        }
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
    for (size_t j = 0; j < c->resilience_rows; j++) {
        const struct compare_resilience_row *row = &c->rows[j];
        static const char *const stat_names[4] = {"mean", "ci95_low", "ci95_high", "median"};
        for (int m = 0; m < 4; m++) {
            double v[2];
            for (int s = 0; s < 2; s++) {
                const struct compare_left *l = &row->side[s];
                const double all[4] = {l->mean, l->ci95_low, l->ci95_high, l->median};
                v[s] = all[m];
            }
            snprintf(name, sizeof name, "views_left_%s_%s", row->key, stat_names[m]);
            add_figure(c, name, v[0], v[1]);
        }
    }
}

/* Row j's name and its figures over the paired replicates. */
static void resilience_row(const struct study_compare_options *opt, struct study_compare *c,
                           size_t j)
{
    struct compare_resilience_row *row = &c->rows[j];
    uint32_t k = opt->resilience_k[j];
    switch (opt->resilience_by) {
    case STUDY_BY_ATTRIBUTION:
        snprintf(row->key, sizeof row->key, "top%u", k);
        snprintf(row->label, sizeof row->label, "top %u", k);
        row->k = k;
        break;
    case STUDY_BY_FOLLOWERS:
        snprintf(row->key, sizeof row->key, "top%u_by_followers", k);
        snprintf(row->label, sizeof row->label, "top %u by followers", k);
        row->k = k;
        break;
    case STUDY_BY_ROLE:
        snprintf(row->key, sizeof row->key, "all_%s", role_name(opt->resilience_role));
        snprintf(row->label, sizeof row->label, "all %s", role_name(opt->resilience_role));
        row->k = NAN;
        break;
    }
    uint32_t n = c->replicates;
    double *sorted = xmalloc((n ? n : 1) * sizeof *sorted);
    for (int s = 0; s < 2; s++) {
        struct compare_left *l = &row->side[s];
        const double *left = c->side[s].left[j];
        memcpy(sorted, left, n * sizeof *sorted);
        struct stat4 st;
        summary_stat4(sorted, n, &st);
        l->mean = st.mean;
        l->median = st.median;
        summary_mean_ci95(left, n, &l->ci95_low, &l->ci95_high);
        l->suspended = c->side[s].suspended[j];
        l->per_replicate = left;
    }
    free(sorted);
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
    side->story = find_story(cfg, opt->story);
    side->lead = lead_story(&side->sum);
    if (s == 0) {
        out->replicates = cfg->replicates;
        out->seed = cfg->seed;
        out->resilience_at_h =
            opt->resilience_at_h < 0.0 ? default_resilience_at(cfg) : opt->resilience_at_h;
    }
    return run_resilience(opt, s, cfg, out->resilience_at_h, out->resilience_rows, side, err);
}

/* Group ga of A against group gb of B: every figure of A's runs.csv that
 * B's has too (their day columns differ when their durations do), paired
 * replicate by replicate. */
static void pair_group(struct study_compare *c, const char *group, const char *story, uint32_t ga,
                       uint32_t gb)
{
    const struct runs_table *ta = &c->side[0].runs, *tb = &c->side[1].runs;
    uint32_t n = c->replicates;
    double *a = xmalloc((n ? n : 1) * sizeof *a), *b = xmalloc((n ? n : 1) * sizeof *b);
    c->paired = xrealloc(c->paired, (c->paired_count + ta->figures) * sizeof *c->paired);
    for (uint32_t f = 0; f < ta->figures && n > 0; f++) {
        struct compare_paired *cp = &c->paired[c->paired_count];
        runs_figure_name(ta, f, cp->figure, sizeof cp->figure);
        int fb = runs_figure_find(tb, cp->figure);
        if (fb < 0) {
            continue;
        }
        for (uint32_t r = 0; r < n; r++) {
            a[r] = runs_value(ta, r, ga, f);
            b[r] = runs_value(tb, r, gb, (uint32_t)fb);
        }
        snprintf(cp->group, sizeof cp->group, "%s", group);
        snprintf(cp->story, sizeof cp->story, "%s", story);
        paired_compute(a, b, n, &cp->p);
        c->paired_count++;
    }
    free(a);
    free(b);
}

/* The paired figures: the campaign's and the corrections' totals, then the
 * --story story. */
static void pair_sides(const struct study_compare_options *opt, struct study_compare *c)
{
    const struct runs_table *ta = &c->side[0].runs, *tb = &c->side[1].runs;
    pair_group(c, "campaign", "", ta->stories + RUNS_CAMPAIGN, tb->stories + RUNS_CAMPAIGN);
    pair_group(c, "correction", "", ta->stories + RUNS_CORRECTIONS, tb->stories + RUNS_CORRECTIONS);
    if (opt->story && c->side[0].story >= 0 && c->side[1].story >= 0) {
        pair_group(c, "story", opt->story, (uint32_t)c->side[0].story, (uint32_t)c->side[1].story);
    }
}

static const char *resilience_by_name(const struct study_compare_options *opt, char *buf,
                                      size_t size)
{
    switch (opt->resilience_by) {
    case STUDY_BY_ATTRIBUTION:
        return "attribution";
    case STUDY_BY_FOLLOWERS:
        return "followers";
    case STUDY_BY_ROLE:
        break;
    }
    snprintf(buf, size, "role:%s", role_name(opt->resilience_role));
    return buf;
}

int study_compare_run(const struct study_compare_options *opt, struct study_compare *out,
                      struct error *err)
{
    memset(out, 0, sizeof *out);
    out->resilience_rows = opt->resilience_by == STUDY_BY_ROLE ? 1 : opt->resilience_count;
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
    for (size_t j = 0; j < out->resilience_rows; j++) {
        resilience_row(opt, out, j);
    }
    collect(opt, out);
    pair_sides(opt, out);
    const char *names[2] = {out->side[0].name, out->side[1].name};
    char by[40];
    struct compare_resilience res = {.by = resilience_by_name(opt, by, sizeof by),
                                     .at_h = out->resilience_at_h,
                                     .replicates = out->replicates,
                                     .rows = out->rows,
                                     .count = out->resilience_rows};
    return results_write_compare(opt->dir, names, opt->scenario, out->replicates, out->seed, &res,
                                 out->figures, out->figure_count, out->paired, out->paired_count,
                                 err);
}

void study_compare_destroy(struct study_compare *c)
{
    for (int s = 0; s < 2; s++) {
        struct study_side *side = &c->side[s];
        summary_destroy(&side->sum);
        free(side->views);
        free(side->ranked);
        free(side->ranked_start);
        runs_table_destroy(&side->runs);
        for (size_t j = 0; j < STUDY_RESILIENCE_MAX; j++) {
            free(side->left[j]);
        }
    }
    free(c->paired);
    memset(c, 0, sizeof *c);
}
