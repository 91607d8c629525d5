/* Defaults, ownership and invariants of struct config. The defaults here are
 * the ones docs/scenario.md lists; change both together. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "config_params.h"

static const char *const role_names[ROLE_COUNT] = {
    "user", "blogger", "influencer", "media", "site", "bot", "factchecker",
};

const char *role_name(enum role role)
{
    return (role >= 0 && role < ROLE_COUNT) ? role_names[role] : "?";
}

int role_from_name(const char *name)
{
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (strcmp(name, role_names[r]) == 0) {
            return r;
        }
    }
    return -1;
}

const char *const config_follower_dist_names[3] = {[FOLLOWERS_LOGNORMAL] = "lognormal",
                                                   [FOLLOWERS_PARETO] = "pareto",
                                                   [FOLLOWERS_FIXED] = "fixed"};
const char *const config_delay_dist_names[4] = {[DELAY_EXPONENTIAL] = "exponential",
                                                [DELAY_LOGNORMAL] = "lognormal",
                                                [DELAY_UNIFORM] = "uniform",
                                                [DELAY_POWERLAW] = "powerlaw"};
const char *const config_lifetime_dist_names[3] = {[LIFETIME_FIXED] = "fixed",
                                                   [LIFETIME_EXPONENTIAL] = "exponential",
                                                   [LIFETIME_LOGNORMAL] = "lognormal"};
const char *const config_pick_names[3] = {
    [PICK_TOP] = "top", [PICK_RANDOM] = "random", [PICK_FOLLOWERS] = "followers"};
const char *const config_targeting_names[2] = {
    [TARGET_UNIFORM] = "uniform", [TARGET_APPEAL] = "appeal"};
const char *const config_policy_names[3] = {[POLICY_CHRONOLOGICAL] = "chronological",
                                            [POLICY_ENGAGEMENT] = "engagement",
                                            [POLICY_CREDIBILITY] = "credibility"};

double config_recommender_budget_h(const struct config *cfg)
{
    const struct recommender_config *rec = &cfg->recommender;
    return (double)cfg->accounts * rec->active_fraction * rec->items_per_user_day / 24.0;
}

double config_recommender_profile_peak(const struct config *cfg)
{
    const double *w = cfg->recommender.daily_profile;
    double sum = 0.0, peak = 0.0;
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        sum += w[h];
        peak = fmax(peak, w[h]);
    }
    return sum > 0.0 ? peak * CONFIG_PROFILE_HOURS / sum : 1.0;
}

double config_recommender_background(const struct config *cfg)
{
    /* A steady rate r of engagement decayed with half-life h sums to
     * r × h / ln 2. */
    const struct recommender_config *rec = &cfg->recommender;
    double rate_h =
        (double)cfg->accounts * rec->active_fraction * rec->background_engagement / 24.0;
    return rate_h * rec->half_life_h / log(2.0);
}

static const char *const graph_source_names[] = {"generated", "implicit", "file"};

const char *graph_source_name(enum graph_source source)
{
    return graph_source_names[source];
}

int graph_source_from_name(const char *name)
{
    for (int k = 0; k < 3; k++) {
        if (strcmp(name, graph_source_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

static const char *const intervention_kind_names[] = {"factcheck", "takedown", "suspend", "demote",
                                                      "prebunk"};

const char *intervention_kind_name(enum intervention_kind kind)
{
    return intervention_kind_names[kind];
}

int intervention_kind_from_name(const char *name)
{
    for (int k = 0; k <= INTERVENTION_PREBUNK; k++) {
        if (strcmp(name, intervention_kind_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

static const char *const story_kind_names[STORY_KIND_COUNT] = {"fabricated", "genuine",
                                                               "correction", "leak"};

const char *story_kind_name(enum story_kind kind)
{
    return story_kind_names[kind];
}

int story_kind_from_name(const char *name)
{
    for (int k = 0; k < STORY_KIND_COUNT; k++) {
        if (strcmp(name, story_kind_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

void config_init(struct config *cfg, uint32_t communities)
{
    if (communities < 1) {
        communities = 1;
    }
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->name, sizeof cfg->name, "%s", "scenario");
    const struct config_param_table *tables[] = {&config_params_root, &config_params_population,
                                                 &config_params_communities,
                                                 &config_params_platform, &config_params_output};
    for (size_t t = 0; t < sizeof tables / sizeof tables[0]; t++) {
        config_params_set_defaults(tables[t], cfg);
    }
    config_params_set_defaults(&config_params_graph, &cfg->graph);
    config_params_set_defaults(&config_params_delay, &cfg->delay);
    config_params_set_defaults(&config_params_lifetime, &cfg->lifetime);
    config_params_set_defaults(&config_params_recommender, &cfg->recommender);
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        cfg->recommender.daily_profile[h] = 1.0;
    }
    for (int r = 0; r < ROLE_COUNT; r++) {
        struct role_config *rc = &cfg->roles[r];
        const struct config_params_role_default *d = &config_params_role_defaults[r];
        config_params_set_defaults(&config_params_role, rc);
        config_params_set_defaults(&config_params_followers, &rc->followers);
        rc->share_prob = d->share_prob;
        rc->followers.median = d->followers_median;
        rc->followers.sigma = d->followers_sigma;
    }
    cfg->communities = communities;
    cfg->community_weights = xmalloc(communities * sizeof(double));
    for (uint32_t c = 0; c < communities; c++) {
        cfg->community_weights[c] = 1.0;
    }
    cfg->trust = xmalloc((size_t)ROLE_COUNT * communities * sizeof(double));
    for (size_t i = 0; i < (size_t)ROLE_COUNT * communities; i++) {
        cfg->trust[i] = 1.0;
    }
}

void config_destroy(struct config *cfg)
{
    if (!cfg) {
        return;
    }
    free(cfg->note);
    free(cfg->graph.path);
    free(cfg->graph.attributes);
    free(cfg->community_weights);
    free(cfg->mixing);
    free(cfg->trust);
    for (size_t s = 0; s < cfg->story_count; s++) {
        free(cfg->stories[s].appeal);
    }
    free(cfg->stories);
    free(cfg->actions);
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        free(cfg->interventions[i].select.list);
        free(cfg->interventions[i].select.list_start);
    }
    free(cfg->interventions);
    memset(cfg, 0, sizeof *cfg);
}

struct story_config *config_add_story(struct config *cfg, const char *name)
{
    cfg->stories = xrealloc(cfg->stories, (cfg->story_count + 1) * sizeof *cfg->stories);
    struct story_config *s = &cfg->stories[cfg->story_count++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    config_params_set_defaults(&config_params_story, s);
    s->appeal = xmalloc(cfg->communities * sizeof(double));
    for (uint32_t c = 0; c < cfg->communities; c++) {
        s->appeal[c] = 1.0;
    }
    return s;
}

/* Any community, one account; the rest from the table. */
static void select_init(struct select_config *select)
{
    config_params_set_defaults(&config_params_select, select);
    select->community = -1;
    select->count = 1;
}

struct action_config *config_add_action(struct config *cfg)
{
    cfg->actions = xrealloc(cfg->actions, (cfg->action_count + 1) * sizeof *cfg->actions);
    struct action_config *a = &cfg->actions[cfg->action_count++];
    memset(a, 0, sizeof *a);
    config_params_set_defaults(&config_params_action, a);
    select_init(&a->select);
    return a;
}

struct intervention_config *config_add_intervention(struct config *cfg)
{
    cfg->interventions =
        xrealloc(cfg->interventions, (cfg->intervention_count + 1) * sizeof *cfg->interventions);
    struct intervention_config *iv = &cfg->interventions[cfg->intervention_count++];
    memset(iv, 0, sizeof *iv);
    iv->trigger = TRIGGER_AT;
    config_params_set_defaults(&config_params_intervention, iv);
    config_params_set_defaults(&config_params_trigger, iv);
    iv->correction = -1;
    select_init(&iv->select);
    return iv;
}

int config_find_story(const struct config *cfg, const char *name)
{
    for (size_t s = 0; s < cfg->story_count; s++) {
        if (strcmp(cfg->stories[s].name, name) == 0) {
            return (int)s;
        }
    }
    return -1;
}

static int fail(struct error *err, const char *what)
{
    return error_set(err, "%s", what);
}

static bool is_pos(double x)
{
    return isfinite(x) && x > 0.0;
}

static bool is_nonneg(double x)
{
    return isfinite(x) && x >= 0.0;
}

/* The ranges of the table's keys (of one variant, or all with -1); the
 * message names the key, path being its object's JSON pointer. */
static int check_table(struct error *err, const struct config_param_table *table, const char *path,
                       int variant, const void *base)
{
    struct strbuf why;
    strbuf_init(&why);
    int status = STATUS_OK;
    if (!config_params_check(table, path, variant, base, &why)) {
        status = error_set(err, "%s", why.data);
    }
    strbuf_destroy(&why);
    return status;
}

/* The population: graph, sizes, roles, communities, mixing. */
static int check_population(const struct config *cfg, struct error *err)
{
    if (cfg->graph.source == GRAPH_FILE && !cfg->graph.path) {
        return fail(err, "a file graph needs a path");
    }
    if (cfg->graph.source == GRAPH_IMPLICIT && cfg->mixing) {
        return fail(err, "the implicit graph takes homophily, not a mixing matrix");
    }
    bool from_file = cfg->graph.source == GRAPH_FILE; /* the file decides the accounts */
    if (!from_file && cfg->accounts < 2) {
        return fail(err, "accounts must be at least 2");
    }
    if (cfg->communities < 1 || cfg->communities > CONFIG_COMMUNITIES_MAX) {
        return fail(err, "communities must be in [1, 4096]");
    }
    if (check_table(err, &config_params_communities, "/population/communities", -1, cfg)) {
        return STATUS_BAD_INPUT;
    }
    uint64_t special = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct role_config *rc = &cfg->roles[r];
        char path[64];
        snprintf(path, sizeof path, "/population/roles/%s", role_name((enum role)r));
        if (r != ROLE_USER) {
            special += rc->count;
        }
        if (check_table(err, &config_params_role, path, -1, rc)) {
            return STATUS_BAD_INPUT;
        }
        strcat(path, "/followers");
        if (check_table(err, &config_params_followers, path, (int)rc->followers.kind,
                        &rc->followers)) {
            return STATUS_BAD_INPUT;
        }
    }
    if (!from_file && special > cfg->accounts) {
        return fail(err, "role counts exceed the number of accounts");
    }
    double wsum = 0.0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        if (!is_pos(cfg->community_weights[c])) {
            return fail(err, "community weights must be positive");
        }
        wsum += cfg->community_weights[c];
    }
    if (!isfinite(wsum)) {
        return fail(err, "community weights overflow");
    }
    if (cfg->mixing) {
        for (uint32_t c = 0; c < cfg->communities; c++) {
            double row = 0.0;
            for (uint32_t d = 0; d < cfg->communities; d++) {
                double m = cfg->mixing[(size_t)c * cfg->communities + d];
                if (!is_nonneg(m)) {
                    return fail(err, "mixing entries must be >= 0");
                }
                row += m;
            }
            if (!(row > 0.0)) {
                return fail(err, "every mixing row needs a positive entry");
            }
        }
    }
    return STATUS_OK;
}

/* The platform's keys, its delay, trust and the recommender. */
static int check_platform(const struct config *cfg, struct error *err)
{
    if (check_table(err, &config_params_platform, "/platform", -1, cfg) ||
        check_table(err, &config_params_delay, "/platform/delay", (int)cfg->delay.kind,
                    &cfg->delay) ||
        check_table(err, &config_params_lifetime, "/platform/lifetime", (int)cfg->lifetime.kind,
                    &cfg->lifetime) ||
        check_table(err, &config_params_recommender, "/recommender", -1, &cfg->recommender)) {
        return STATUS_BAD_INPUT;
    }
    for (size_t i = 0; i < (size_t)ROLE_COUNT * cfg->communities; i++) {
        if (!is_nonneg(cfg->trust[i])) {
            return fail(err, "trust must be >= 0");
        }
    }
    return STATUS_OK;
}

static bool select_valid(const struct config *cfg, const struct select_config *select)
{
    return select->role >= -1 && select->role < ROLE_COUNT && select->community >= -1 &&
           select->community < (int)cfg->communities && select->count >= 1;
}

static int check_stories(const struct config *cfg, struct error *err)
{
    if (cfg->story_count < 1 || cfg->story_count > 65535) {
        return fail(err, "a scenario needs between 1 and 65535 stories");
    }
    for (size_t s = 0; s < cfg->story_count; s++) {
        const struct story_config *st = &cfg->stories[s];
        char path[32];
        snprintf(path, sizeof path, "/stories/%zu", s);
        if (check_table(err, &config_params_story, path, -1, st)) {
            return STATUS_BAD_INPUT;
        }
        if (st->origin < -1 || st->origin >= ROLE_COUNT) {
            return fail(err, "story half_life_h >= 0 and origin a role");
        }
        for (uint32_t c = 0; c < cfg->communities; c++) {
            if (!is_nonneg(st->appeal[c])) {
                return fail(err, "appeal must be >= 0");
            }
        }
    }
    return STATUS_OK;
}

static int check_actions(const struct config *cfg, struct error *err)
{
    if (cfg->action_count < 1) {
        return fail(err, "a campaign needs at least one action");
    }
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        char path[64];
        snprintf(path, sizeof path, "/campaign/actions/%zu", a);
        if (check_table(err, &config_params_action, path, -1, ac)) {
            return STATUS_BAD_INPUT;
        }
        strcat(path, "/select");
        if (check_table(err, &config_params_select, path, -1, &ac->select)) {
            return STATUS_BAD_INPUT;
        }
        if (!is_nonneg(ac->at_h) || ac->story >= cfg->story_count ||
            !select_valid(cfg, &ac->select) || ac->link < -1 || ac->link >= ROLE_COUNT) {
            return fail(err, "action fields out of range");
        }
    }
    return STATUS_OK;
}

static int check_interventions(const struct config *cfg, struct error *err)
{
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        char path[64];
        snprintf(path, sizeof path, "/interventions/%zu", i);
        if (check_table(err, &config_params_intervention, path, (int)iv->kind, iv)) {
            return STATUS_BAD_INPUT;
        }
        strcat(path, "/trigger");
        if (check_table(err, &config_params_trigger, path, (int)iv->trigger, iv)) {
            return STATUS_BAD_INPUT;
        }
        snprintf(path, sizeof path, "/interventions/%zu/select", i);
        if (check_table(err, &config_params_select, path, -1, &iv->select)) {
            return STATUS_BAD_INPUT;
        }
        if (iv->story >= cfg->story_count || iv->trigger_story >= cfg->story_count ||
            iv->correction < -1 || iv->correction >= (int)cfg->story_count ||
            !select_valid(cfg, &iv->select)) {
            return fail(err, "intervention fields out of range");
        }
        if (iv->kind == INTERVENTION_FACTCHECK && cfg->stories[iv->story].kind == STORY_LEAK) {
            return fail(err, "a fact-check cannot label a leak (genuine material) false");
        }
    }
    return STATUS_OK;
}

int config_check(const struct config *cfg, struct error *err)
{
    if (check_table(err, &config_params_root, "", -1, cfg) ||
        check_table(err, &config_params_output, "/output", -1, cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (cfg->duration_h / cfg->bin_h > 1e6) {
        return fail(err, "duration_h / bin_h must be at most 1e6 bins");
    }
    if (cfg->recommender.max_views_per_h * cfg->recommender.tick_h > CONFIG_TICK_VIEWS_MAX) {
        return fail(err, "recommender max_views_per_h x tick_h must be at most 1e9 views a tick");
    }
    double profile_sum = 0.0;
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        double w = cfg->recommender.daily_profile[h];
        if (!(w >= 0.0 && w <= CONFIG_PROFILE_WEIGHT_MAX)) {
            return fail(err, "recommender daily_profile weights must be in [0, 1e6]");
        }
        profile_sum += w;
    }
    if (!(profile_sum > 0.0)) {
        return fail(err, "recommender daily_profile needs a weight > 0");
    }
    if (cfg->recommender.enabled &&
        config_recommender_budget_h(cfg) * config_recommender_profile_peak(cfg) *
                cfg->recommender.tick_h >
            CONFIG_TICK_VIEWS_MAX) {
        return fail(err, "the recommender's budget a tick (accounts x active_fraction x "
                         "items_per_user_day / 24 x tick_h, x the daily profile's peak over "
                         "its mean) must be at most 1e9 impressions");
    }
    if (cfg->recommender.tick_h > cfg->duration_h) {
        return fail(err, "recommender tick_h must be at most duration_h");
    }
    for (size_t a = 0; a < cfg->action_count; a++) {
        if (cfg->actions[a].at_h + cfg->actions[a].jitter_h > cfg->duration_h) {
            return fail(err, "an action's at_h + jitter_h must be at most duration_h");
        }
    }
    if (check_population(cfg, err) || check_platform(cfg, err) || check_stories(cfg, err) ||
        check_actions(cfg, err) || check_interventions(cfg, err)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static bool name_char_valid(char c)
{
    return isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-';
}

bool config_name_valid(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len >= CONFIG_NAME_MAX || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if (!name_char_valid(name[i])) {
            return false;
        }
    }
    return true;
}

void config_name_from_path(const char *path, const char *fallback, char name[CONFIG_NAME_MAX])
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    size_t len = strlen(base);
    if (len > 5 && strcmp(base + len - 5, ".json") == 0) {
        len -= 5;
    }
    if (len >= CONFIG_NAME_MAX) {
        len = CONFIG_NAME_MAX - 1;
    }
    for (size_t i = 0; i < len; i++) {
        name[i] = name_char_valid(base[i]) ? base[i] : '_';
    }
    name[len] = '\0';
    if (!config_name_valid(name)) {
        snprintf(name, CONFIG_NAME_MAX, "%s", fallback);
    }
}

/* ---- Editing: copies for the studies' variants of a scenario ---- */

/* A copy of n doubles, or NULL for NULL. */
static double *copy_doubles(const double *src, size_t n)
{
    if (!src) {
        return NULL;
    }
    double *dst = xmalloc(n * sizeof *dst);
    memcpy(dst, src, n * sizeof *dst);
    return dst;
}

static char *copy_string(const char *src)
{
    return src ? xstrdup(src) : NULL;
}

/* A copy of n elements of size bytes each, or NULL when there are none:
 * what config_destroy frees, whatever the count. */
static void *copy_array(const void *src, size_t n, size_t size)
{
    if (!src || n == 0) {
        return NULL;
    }
    void *dst = xmalloc(n * size);
    memcpy(dst, src, n * size);
    return dst;
}

void config_copy(struct config *dst, const struct config *src)
{
    *dst = *src;
    size_t communities = src->communities;
    dst->note = copy_string(src->note);
    dst->graph.path = copy_string(src->graph.path);
    dst->graph.attributes = copy_string(src->graph.attributes);
    dst->community_weights = copy_doubles(src->community_weights, communities);
    dst->mixing = copy_doubles(src->mixing, communities * communities);
    dst->trust = copy_doubles(src->trust, (size_t)ROLE_COUNT * communities);
    dst->stories = copy_array(src->stories, src->story_count, sizeof *src->stories);
    for (size_t s = 0; s < src->story_count; s++) {
        dst->stories[s].appeal = copy_doubles(src->stories[s].appeal, communities);
    }
    dst->actions = copy_array(src->actions, src->action_count, sizeof *src->actions);
    dst->interventions =
        copy_array(src->interventions, src->intervention_count, sizeof *src->interventions);
    for (size_t i = 0; i < src->intervention_count; i++) {
        const struct select_config *from = &src->interventions[i].select;
        struct select_config *to = &dst->interventions[i].select;
        if (from->list_start) {
            to->list_start =
                copy_array(from->list_start, from->list_replicates + 1, sizeof *from->list_start);
            to->list = copy_array(from->list, from->list_start[from->list_replicates],
                                  sizeof *from->list);
        }
    }
}
