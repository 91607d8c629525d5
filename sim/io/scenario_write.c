/* Scenario files, written: struct config to JSON text. Every key is written
 * with its resolved value in a fixed order, so a written scenario reads back
 * to the same config and writes back to the same bytes. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>

#include "json_write.h"

/* One number when every community has the same value, else an array. */
static cJSON *per_community(const double *values, uint32_t communities)
{
    bool uniform = true;
    for (uint32_t c = 1; c < communities; c++) {
        uniform = uniform && values[c] == values[0];
    }
    if (uniform) {
        return json_write_number(values[0]);
    }
    cJSON *array = json_write_need(cJSON_CreateArray());
    for (uint32_t c = 0; c < communities; c++) {
        cJSON_AddItemToArray(array, json_write_number(values[c]));
    }
    return array;
}

static cJSON *write_followers(const struct follower_dist *followers)
{
    cJSON *object = json_write_need(cJSON_CreateObject());
    json_write_add(object, "dist", cJSON_CreateString(config_follower_dist_names[followers->kind]));
    switch (followers->kind) {
    case FOLLOWERS_LOGNORMAL:
        json_write_add(object, "median", json_write_number(followers->median));
        json_write_add(object, "sigma", json_write_number(followers->sigma));
        break;
    case FOLLOWERS_PARETO:
        json_write_add(object, "min", json_write_number(followers->min));
        json_write_add(object, "alpha", json_write_number(followers->alpha));
        break;
    case FOLLOWERS_FIXED:
        json_write_add(object, "n", json_write_number(followers->median));
        break;
    }
    json_write_add(object, "max", json_write_integer(followers->max));
    return object;
}

static cJSON *write_graph(const struct graph_config *graph)
{
    cJSON *object = json_write_need(cJSON_CreateObject());
    json_write_add(object, "source", cJSON_CreateString(graph_source_name(graph->source)));
    if (graph->source == GRAPH_FILE) {
        json_write_add(object, "path", cJSON_CreateString(graph->path ? graph->path : ""));
        if (graph->attributes) {
            json_write_add(object, "attributes", cJSON_CreateString(graph->attributes));
        }
        json_write_add(object, "undirected", cJSON_CreateBool(graph->undirected));
        json_write_add(object, "reverse", cJSON_CreateBool(graph->reverse));
    }
    return object;
}

static cJSON *write_population(const struct config *cfg)
{
    uint32_t n = cfg->communities;
    cJSON *population = json_write_need(cJSON_CreateObject());
    if (cfg->graph.source != GRAPH_FILE) {
        json_write_add(population, "accounts", json_write_integer(cfg->accounts));
    }
    json_write_add(population, "graph", write_graph(&cfg->graph));
    cJSON *communities = json_write_add(population, "communities", cJSON_CreateObject());
    json_write_add(communities, "count", json_write_integer(n));
    cJSON *weights = json_write_add(communities, "weights", cJSON_CreateArray());
    for (uint32_t c = 0; c < n; c++) {
        cJSON_AddItemToArray(weights, json_write_number(cfg->community_weights[c]));
    }
    json_write_add(communities, "homophily", json_write_number(cfg->homophily));
    if (cfg->mixing) {
        cJSON *mixing = json_write_add(communities, "mixing", cJSON_CreateArray());
        for (uint32_t c = 0; c < n; c++) {
            cJSON *row = json_write_need(cJSON_CreateArray());
            for (uint32_t d = 0; d < n; d++) {
                cJSON_AddItemToArray(row, json_write_number(cfg->mixing[(size_t)c * n + d]));
            }
            cJSON_AddItemToArray(mixing, row);
        }
    }
    cJSON *roles = json_write_add(population, "roles", cJSON_CreateObject());
    for (int i = 0; i < ROLE_COUNT; i++) {
        const struct role_config *rc = &cfg->roles[i];
        cJSON *role = json_write_add(roles, role_name((enum role)i), cJSON_CreateObject());
        if (i != ROLE_USER) {
            json_write_add(role, "count", json_write_integer(rc->count));
        }
        json_write_add(role, "share_prob", json_write_number(rc->share_prob));
        json_write_add(role, "activity", json_write_number(rc->activity));
        json_write_add(role, "followers", write_followers(&rc->followers));
    }
    return population;
}

static cJSON *write_platform(const struct config *cfg)
{
    cJSON *platform = json_write_need(cJSON_CreateObject());
    json_write_add(platform, "visibility", json_write_number(cfg->visibility));
    json_write_add(platform, "lifetime_h", json_write_number(cfg->lifetime_h));
    cJSON *delay = json_write_add(platform, "delay", cJSON_CreateObject());
    json_write_add(delay, "dist", cJSON_CreateString(config_delay_dist_names[cfg->delay.kind]));
    switch (cfg->delay.kind) {
    case DELAY_EXPONENTIAL:
        json_write_add(delay, "half_life_h", json_write_number(cfg->delay.half_life_h));
        break;
    case DELAY_LOGNORMAL:
        json_write_add(delay, "median_h", json_write_number(cfg->delay.median_h));
        json_write_add(delay, "sigma", json_write_number(cfg->delay.sigma));
        break;
    case DELAY_UNIFORM:
        json_write_add(delay, "max_h", json_write_number(cfg->delay.max_h));
        break;
    }
    json_write_add(platform, "synthetic_boost", json_write_number(cfg->synthetic_boost));
    json_write_add(platform, "reinforcement", json_write_number(cfg->reinforcement));
    cJSON *trust = json_write_add(platform, "trust", cJSON_CreateObject());
    for (int i = 0; i < ROLE_COUNT; i++) {
        json_write_add(trust, role_name((enum role)i),
                       per_community(&cfg->trust[(size_t)i * cfg->communities], cfg->communities));
    }
    return platform;
}

static cJSON *write_recommender(const struct recommender_config *rec)
{
    cJSON *object = json_write_need(cJSON_CreateObject());
    json_write_add(object, "enabled", cJSON_CreateBool(rec->enabled));
    json_write_add(object, "tick_h", json_write_number(rec->tick_h));
    json_write_add(object, "gain", json_write_number(rec->gain));
    json_write_add(object, "max_views_per_h", json_write_number(rec->max_views_per_h));
    json_write_add(object, "targeting", cJSON_CreateString(config_targeting_names[rec->targeting]));
    return object;
}

static cJSON *write_stories(const struct config *cfg)
{
    cJSON *stories = json_write_need(cJSON_CreateArray());
    for (size_t s = 0; s < cfg->story_count; s++) {
        const struct story_config *st = &cfg->stories[s];
        cJSON *story = json_write_need(cJSON_CreateObject());
        json_write_add(story, "name", cJSON_CreateString(st->name));
        json_write_add(story, "kind", cJSON_CreateString(story_kind_name(st->kind)));
        json_write_add(
            story, "origin",
            cJSON_CreateString(st->origin < 0 ? "auto" : role_name((enum role)st->origin)));
        json_write_add(story, "appeal", per_community(st->appeal, cfg->communities));
        json_write_add(story, "synthetic", cJSON_CreateBool(st->synthetic));
        json_write_add(story, "half_life_h", json_write_number(st->half_life_h));
        cJSON_AddItemToArray(stories, story);
    }
    return stories;
}

static cJSON *write_select(const struct select_config *select)
{
    cJSON *object = json_write_need(cJSON_CreateObject());
    json_write_add(
        object, "role",
        cJSON_CreateString(select->role < 0 ? "any" : role_name((enum role)select->role)));
    json_write_add(object, "community",
                   select->community < 0 ? cJSON_CreateString("any")
                                         : json_write_integer((uint64_t)select->community));
    json_write_add(object, "count", json_write_integer(select->count));
    json_write_add(object, "pick", cJSON_CreateString(config_pick_names[select->pick]));
    return object;
}

static cJSON *story_ref(const struct config *cfg, uint32_t story)
{
    return cJSON_CreateString(story < cfg->story_count ? cfg->stories[story].name : "?");
}

static cJSON *write_campaign(const struct config *cfg)
{
    cJSON *campaign = json_write_need(cJSON_CreateObject());
    cJSON *actions = json_write_add(campaign, "actions", cJSON_CreateArray());
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        cJSON *action = json_write_need(cJSON_CreateObject());
        json_write_add(action, "at_h", json_write_number(ac->at_h));
        json_write_add(action, "story", story_ref(cfg, ac->story));
        json_write_add(action, "select", write_select(&ac->select));
        json_write_add(action, "jitter_h", json_write_number(ac->jitter_h));
        cJSON_AddItemToArray(actions, action);
    }
    return campaign;
}

static cJSON *write_trigger(const struct config *cfg, const struct intervention_config *iv)
{
    cJSON *trigger = json_write_need(cJSON_CreateObject());
    switch (iv->trigger) {
    case TRIGGER_AT:
        json_write_add(trigger, "at_h", json_write_number(iv->at_h));
        break;
    case TRIGGER_VIEWS:
        json_write_add(trigger, "views", json_write_number(iv->threshold));
        json_write_add(trigger, "story", story_ref(cfg, iv->trigger_story));
        break;
    case TRIGGER_SHARE_RATE:
        json_write_add(trigger, "share_rate_per_h", json_write_number(iv->threshold));
        json_write_add(trigger, "story", story_ref(cfg, iv->trigger_story));
        json_write_add(trigger, "window_h", json_write_number(iv->window_h));
        break;
    }
    json_write_add(trigger, "delay_h", json_write_number(iv->delay_h));
    return trigger;
}

/* Every key of each intervention's kind, in the order of intervention_keys;
 * "correction" only when there is one. */
static cJSON *write_interventions(const struct config *cfg)
{
    cJSON *interventions = json_write_need(cJSON_CreateArray());
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        cJSON *object = json_write_need(cJSON_CreateObject());
        json_write_add(object, "kind", cJSON_CreateString(intervention_kind_name(iv->kind)));
        if (iv->kind != INTERVENTION_SUSPEND) {
            json_write_add(object, "story", story_ref(cfg, iv->story));
        }
        json_write_add(object, "trigger", write_trigger(cfg, iv));
        if (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0) {
            json_write_add(object, "correction", story_ref(cfg, (uint32_t)iv->correction));
        }
        if (iv->kind == INTERVENTION_FACTCHECK || iv->kind == INTERVENTION_SUSPEND) {
            json_write_add(object, "select", write_select(&iv->select));
        }
        if (iv->kind == INTERVENTION_FACTCHECK) {
            json_write_add(object, "label_factor", json_write_number(iv->label_factor));
        }
        if (iv->kind == INTERVENTION_DEMOTE) {
            json_write_add(object, "factor", json_write_number(iv->factor));
        }
        cJSON_AddItemToArray(interventions, object);
    }
    return interventions;
}

char *scenario_to_json(const struct config *cfg)
{
    cJSON *root = json_write_need(cJSON_CreateObject());
    json_write_add(root, "name", cJSON_CreateString(cfg->name));
    if (cfg->note) {
        json_write_add(root, "note", cJSON_CreateString(cfg->note));
    }
    json_write_add(root, "seed", json_write_integer(cfg->seed));
    json_write_add(root, "replicates", json_write_integer(cfg->replicates));
    json_write_add(root, "duration_h", json_write_number(cfg->duration_h));
    json_write_add(root, "population", write_population(cfg));
    json_write_add(root, "platform", write_platform(cfg));
    json_write_add(root, "recommender", write_recommender(&cfg->recommender));
    json_write_add(root, "stories", write_stories(cfg));
    json_write_add(root, "campaign", write_campaign(cfg));
    json_write_add(root, "interventions", write_interventions(cfg));
    cJSON *output = json_write_add(root, "output", cJSON_CreateObject());
    json_write_add(output, "bin_h", json_write_number(cfg->bin_h));
    json_write_add(output, "community_reach_fraction",
                   json_write_number(cfg->community_reach_fraction));
    char *text = json_write_need(cJSON_Print(root));
    cJSON_Delete(root);
    return text;
}
