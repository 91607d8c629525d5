/* Defaults, ownership and invariants of struct config. The defaults here are
 * the ones docs/scenario.md lists; change both together. */
#include "config.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

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

const char *const config_follower_dist_names[3] = {
    [FOLLOWERS_LOGNORMAL] = "lognormal", [FOLLOWERS_PARETO] = "pareto", [FOLLOWERS_FIXED] = "fixed"};
const char *const config_delay_dist_names[3] = {
    [DELAY_EXPONENTIAL] = "exponential", [DELAY_LOGNORMAL] = "lognormal", [DELAY_UNIFORM] = "uniform"};
const char *const config_pick_names[2] = {[PICK_TOP] = "top", [PICK_RANDOM] = "random"};
const char *const config_targeting_names[2] = {[TARGET_UNIFORM] = "uniform",
                                               [TARGET_APPEAL] = "appeal"};

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

static const char *const intervention_kind_names[] = {"factcheck", "takedown", "suspend", "demote"};

const char *intervention_kind_name(enum intervention_kind kind)
{
    return intervention_kind_names[kind];
}

int intervention_kind_from_name(const char *name)
{
    for (int k = 0; k < 4; k++) {
        if (strcmp(name, intervention_kind_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

static const char *const story_kind_names[] = {"fabricated", "genuine", "correction"};

const char *story_kind_name(enum story_kind kind)
{
    return story_kind_names[kind];
}

int story_kind_from_name(const char *name)
{
    for (int k = 0; k < 3; k++) {
        if (strcmp(name, story_kind_names[k]) == 0) {
            return k;
        }
    }
    return -1;
}

static struct role_config role_default(double share_prob, double followers_median,
                                       double followers_sigma)
{
    struct role_config rc = {
        .count = 0,
        .share_prob = share_prob,
        .activity = 1.0,
        .followers = {.kind = FOLLOWERS_LOGNORMAL,
                      .median = followers_median,
                      .sigma = followers_sigma,
                      .min = 1.0,
                      .alpha = 1.3,
                      .max = 0},
    };
    return rc;
}

void config_init(struct config *cfg, uint32_t communities)
{
    if (communities < 1) {
        communities = 1;
    }
    memset(cfg, 0, sizeof *cfg);
    snprintf(cfg->name, sizeof cfg->name, "%s", "scenario");
    cfg->note = NULL;
    cfg->seed = 1;
    cfg->replicates = 10;
    cfg->duration_h = 168.0;

    cfg->accounts = 100000;
    cfg->communities = communities;
    cfg->community_weights = xmalloc(communities * sizeof(double));
    for (uint32_t c = 0; c < communities; c++) {
        cfg->community_weights[c] = 1.0;
    }
    cfg->homophily = 0.0;
    cfg->mixing = NULL;

    cfg->roles[ROLE_USER] = role_default(0.005, 50.0, 1.2);
    cfg->roles[ROLE_BLOGGER] = role_default(0.05, 5000.0, 1.0);
    cfg->roles[ROLE_INFLUENCER] = role_default(0.05, 100000.0, 1.0);
    cfg->roles[ROLE_MEDIA] = role_default(0.02, 500000.0, 1.0);
    cfg->roles[ROLE_SITE] = role_default(0.0, 20.0, 1.0);
    cfg->roles[ROLE_BOT] = role_default(0.0, 20.0, 1.0);
    cfg->roles[ROLE_FACTCHECKER] = role_default(0.0, 10000.0, 1.0);

    cfg->visibility = 1.0;
    cfg->lifetime_h = 24.0;
    cfg->delay = (struct delay_config){.kind = DELAY_EXPONENTIAL,
                                       .half_life_h = 80.0 / 60.0,
                                       .median_h = 1.0,
                                       .sigma = 1.0,
                                       .max_h = 1.0};
    cfg->synthetic_boost = 1.0;
    cfg->reinforcement = 1.0;
    cfg->trust = xmalloc((size_t)ROLE_COUNT * communities * sizeof(double));
    for (size_t i = 0; i < (size_t)ROLE_COUNT * communities; i++) {
        cfg->trust[i] = 1.0;
    }

    cfg->recommender = (struct recommender_config){.enabled = false,
                                                   .tick_h = 0.25,
                                                   .gain = 10.0,
                                                   .max_views_per_h = 1e6,
                                                   .targeting = TARGET_UNIFORM};

    cfg->bin_h = 1.0;
    cfg->community_reach_fraction = 0.01;
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
    free(cfg->interventions);
    memset(cfg, 0, sizeof *cfg);
}

struct story_config *config_add_story(struct config *cfg, const char *name)
{
    cfg->stories = xrealloc(cfg->stories, (cfg->story_count + 1) * sizeof *cfg->stories);
    struct story_config *s = &cfg->stories[cfg->story_count++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    s->kind = STORY_FABRICATED;
    s->origin = -1;
    s->appeal = xmalloc(cfg->communities * sizeof(double));
    for (uint32_t c = 0; c < cfg->communities; c++) {
        s->appeal[c] = 1.0;
    }
    s->synthetic = false;
    s->half_life_h = 0.0;
    return s;
}

struct action_config *config_add_action(struct config *cfg)
{
    cfg->actions = xrealloc(cfg->actions, (cfg->action_count + 1) * sizeof *cfg->actions);
    struct action_config *a = &cfg->actions[cfg->action_count++];
    *a = (struct action_config){
        .at_h = 0.0,
        .story = 0,
        .select = {.role = -1, .community = -1, .count = 1, .pick = PICK_TOP},
        .jitter_h = 0.0,
    };
    return a;
}

struct intervention_config *config_add_intervention(struct config *cfg)
{
    cfg->interventions =
        xrealloc(cfg->interventions, (cfg->intervention_count + 1) * sizeof *cfg->interventions);
    struct intervention_config *iv = &cfg->interventions[cfg->intervention_count++];
    *iv = (struct intervention_config){
        .kind = INTERVENTION_TAKEDOWN,
        .trigger = TRIGGER_AT,
        .at_h = 0.0,
        .trigger_story = 0,
        .threshold = 0.0,
        .window_h = 1.0,
        .delay_h = 0.0,
        .story = 0,
        .correction = -1,
        .select = {.role = -1, .community = -1, .count = 1, .pick = PICK_TOP},
        .label_factor = 1.0,
        .factor = 1.0,
    };
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

static int fail(char *msg, size_t msg_size, const char *what)
{
    if (msg && msg_size) {
        snprintf(msg, msg_size, "%s", what);
    }
    return -1;
}

static bool is_prob(double x)
{
    return isfinite(x) && x >= 0.0 && x <= 1.0;
}

static bool is_pos(double x)
{
    return isfinite(x) && x > 0.0;
}

static bool is_nonneg(double x)
{
    return isfinite(x) && x >= 0.0;
}

int config_check(const struct config *cfg, char *msg, size_t msg_size)
{
    if (cfg->graph.source == GRAPH_FILE && !cfg->graph.path) {
        return fail(msg, msg_size, "a file graph needs a path");
    }
    if (cfg->graph.source == GRAPH_IMPLICIT && cfg->mixing) {
        return fail(msg, msg_size, "the implicit graph takes homophily, not a mixing matrix");
    }
    bool from_file = cfg->graph.source == GRAPH_FILE; /* the file decides the accounts */
    if (!from_file && cfg->accounts < 2) {
        return fail(msg, msg_size, "accounts must be at least 2");
    }
    if (cfg->communities < 1 || cfg->communities > 65535) {
        return fail(msg, msg_size, "communities must be in [1, 65535]");
    }
    if (cfg->replicates < 1) {
        return fail(msg, msg_size, "replicates must be at least 1");
    }
    if (!is_pos(cfg->duration_h) || !is_pos(cfg->bin_h)) {
        return fail(msg, msg_size, "duration_h and bin_h must be positive");
    }
    if (cfg->duration_h / cfg->bin_h > 1e6) {
        return fail(msg, msg_size, "duration_h / bin_h must be at most 1e6 bins");
    }
    if (!is_prob(cfg->homophily) || !is_prob(cfg->visibility) ||
        !is_prob(cfg->community_reach_fraction)) {
        return fail(msg, msg_size, "homophily, visibility, community_reach_fraction in [0, 1]");
    }
    if (!is_pos(cfg->lifetime_h) || !is_nonneg(cfg->synthetic_boost) ||
        !is_pos(cfg->reinforcement)) {
        return fail(msg, msg_size, "lifetime_h, reinforcement > 0, synthetic_boost >= 0");
    }
    uint64_t special = 0;
    for (int r = 0; r < ROLE_COUNT; r++) {
        const struct role_config *rc = &cfg->roles[r];
        if (r != ROLE_USER) {
            special += rc->count;
        }
        if (!is_prob(rc->share_prob) || !is_prob(rc->activity)) {
            return fail(msg, msg_size, "share_prob and activity must be in [0, 1]");
        }
        const struct follower_dist *f = &rc->followers;
        if (!is_nonneg(f->median) || !is_nonneg(f->sigma) || !is_pos(f->min) || !is_pos(f->alpha)) {
            return fail(msg, msg_size, "follower distribution parameters out of range");
        }
    }
    if (!from_file && special > cfg->accounts) {
        return fail(msg, msg_size, "role counts exceed the number of accounts");
    }
    double wsum = 0.0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        if (!is_pos(cfg->community_weights[c])) {
            return fail(msg, msg_size, "community weights must be positive");
        }
        wsum += cfg->community_weights[c];
    }
    if (!isfinite(wsum)) {
        return fail(msg, msg_size, "community weights overflow");
    }
    if (cfg->mixing) {
        for (uint32_t c = 0; c < cfg->communities; c++) {
            double row = 0.0;
            for (uint32_t d = 0; d < cfg->communities; d++) {
                double m = cfg->mixing[(size_t)c * cfg->communities + d];
                if (!is_nonneg(m)) {
                    return fail(msg, msg_size, "mixing entries must be >= 0");
                }
                row += m;
            }
            if (!(row > 0.0)) {
                return fail(msg, msg_size, "every mixing row needs a positive entry");
            }
        }
    }
    for (size_t i = 0; i < (size_t)ROLE_COUNT * cfg->communities; i++) {
        if (!is_nonneg(cfg->trust[i])) {
            return fail(msg, msg_size, "trust must be >= 0");
        }
    }
    const struct delay_config *d = &cfg->delay;
    if ((d->kind == DELAY_EXPONENTIAL && !is_pos(d->half_life_h)) ||
        (d->kind == DELAY_LOGNORMAL && (!is_pos(d->median_h) || !is_pos(d->sigma))) ||
        (d->kind == DELAY_UNIFORM && !is_pos(d->max_h))) {
        return fail(msg, msg_size, "delay parameters must be positive");
    }
    const struct recommender_config *rec = &cfg->recommender;
    if (!is_pos(rec->tick_h) || !is_nonneg(rec->gain) || !is_nonneg(rec->max_views_per_h)) {
        return fail(msg, msg_size, "recommender tick_h > 0, gain and max_views_per_h >= 0");
    }
    if (cfg->story_count < 1 || cfg->story_count > 65535) {
        return fail(msg, msg_size, "a scenario needs between 1 and 65535 stories");
    }
    for (size_t s = 0; s < cfg->story_count; s++) {
        const struct story_config *st = &cfg->stories[s];
        if (!is_nonneg(st->half_life_h) || st->origin < -1 || st->origin >= ROLE_COUNT) {
            return fail(msg, msg_size, "story half_life_h >= 0 and origin a role");
        }
        for (uint32_t c = 0; c < cfg->communities; c++) {
            if (!is_nonneg(st->appeal[c])) {
                return fail(msg, msg_size, "appeal must be >= 0");
            }
        }
    }
    if (cfg->action_count < 1) {
        return fail(msg, msg_size, "a campaign needs at least one action");
    }
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        if (!is_nonneg(ac->at_h) || !is_nonneg(ac->jitter_h) || ac->story >= cfg->story_count ||
            ac->select.role < -1 || ac->select.role >= ROLE_COUNT || ac->select.community < -1 ||
            ac->select.community >= (int)cfg->communities || ac->select.count < 1) {
            return fail(msg, msg_size, "action fields out of range");
        }
    }
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->story >= cfg->story_count || iv->trigger_story >= cfg->story_count ||
            iv->correction < -1 || iv->correction >= (int)cfg->story_count ||
            !is_nonneg(iv->at_h) || !is_nonneg(iv->delay_h) || !is_nonneg(iv->threshold) ||
            !is_pos(iv->window_h) || !is_nonneg(iv->label_factor) || !is_nonneg(iv->factor) ||
            iv->select.role < -1 || iv->select.role >= ROLE_COUNT || iv->select.community < -1 ||
            iv->select.community >= (int)cfg->communities || iv->select.count < 1) {
            return fail(msg, msg_size, "intervention fields out of range");
        }
    }
    return 0;
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
