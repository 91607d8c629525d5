/* Scenario files, written: struct config to JSON text. Every key is written
 * with its resolved value in a fixed order, the order of the parameter
 * table (model/config_params.c), so a written scenario reads back to the
 * same config and writes back to the same bytes. Scalar keys are written
 * from the table; the hooks below write the keys with rules of their own. */
#include "scenario.h"

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "../model/config_params.h"
#include "json_write.h"

/* Writes the non-scalar key p of the object whose struct is at base. */
typedef void (*write_part)(cJSON *object, const struct config_param *p, const void *base,
                           const struct config *cfg);

static bool is(const struct config_param *p, const char *key)
{
    return strcmp(p->key, key) == 0;
}

static void write_param(cJSON *object, const struct config_param *p, const void *base)
{
    const void *at = (const char *)base + p->offset;
    cJSON *item = NULL;
    switch (p->type) {
    case CONFIG_PARAM_NUMBER:
        item = json_write_number(*(const double *)at);
        break;
    case CONFIG_PARAM_COUNT:
        item = json_write_integer(*(const uint32_t *)at);
        break;
    case CONFIG_PARAM_SEED:
        item = json_write_integer(*(const uint64_t *)at);
        break;
    case CONFIG_PARAM_BOOL:
        item = cJSON_CreateBool(*(const bool *)at);
        break;
    case CONFIG_PARAM_CHOICE:
        item = cJSON_CreateString(p->choices[*(const int *)at]);
        break;
    case CONFIG_PARAM_ROLE: {
        int role = *(const int *)at;
        item = cJSON_CreateString(role < 0 ? p->none : role_name((enum role)role));
        break;
    }
    default:
        return;
    }
    json_write_add(object, p->key, item);
}

/* Writes the keys of table that belong to variant (-1: all) in table order. */
static cJSON *write_table(const struct config_param_table *table, int variant, const void *base,
                          write_part part, const struct config *cfg)
{
    cJSON *object = json_write_need(cJSON_CreateObject());
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        if (!config_params_in_variant(p, variant)) {
            continue;
        }
        if (config_params_is_scalar(p)) {
            write_param(object, p, base);
        } else if (part) {
            part(object, p, base, cfg);
        }
    }
    return object;
}

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

static cJSON *story_ref(const struct config *cfg, uint32_t story)
{
    return cJSON_CreateString(story < cfg->story_count ? cfg->stories[story].name : "?");
}

static void graph_part(cJSON *object, const struct config_param *p, const void *base,
                       const struct config *cfg)
{
    const struct graph_config *graph = base;
    if (is(p, "path")) {
        json_write_add(object, "path", cJSON_CreateString(graph->path ? graph->path : ""));
    } else if (is(p, "attributes") && graph->attributes) {
        json_write_add(object, "attributes", cJSON_CreateString(graph->attributes));
    }
}

static void communities_part(cJSON *object, const struct config_param *p, const void *base,
                             const struct config *cfg)
{
    uint32_t n = cfg->communities;
    if (is(p, "count")) {
        json_write_add(object, "count", json_write_integer(n));
    } else if (is(p, "weights")) {
        cJSON *weights = json_write_add(object, "weights", cJSON_CreateArray());
        for (uint32_t c = 0; c < n; c++) {
            cJSON_AddItemToArray(weights, json_write_number(cfg->community_weights[c]));
        }
    } else if (is(p, "mixing") && cfg->mixing) {
        cJSON *mixing = json_write_add(object, "mixing", cJSON_CreateArray());
        for (uint32_t c = 0; c < n; c++) {
            cJSON *row = json_write_need(cJSON_CreateArray());
            for (uint32_t d = 0; d < n; d++) {
                cJSON_AddItemToArray(row, json_write_number(cfg->mixing[(size_t)c * n + d]));
            }
            cJSON_AddItemToArray(mixing, row);
        }
    }
}

/* The user role has no count: users are the accounts the others leave. */
static void role_part(cJSON *object, const struct config_param *p, const void *base,
                      const struct config *cfg)
{
    const struct role_config *rc = base;
    if (is(p, "count") && rc != &cfg->roles[ROLE_USER]) {
        json_write_add(object, "count", json_write_integer(rc->count));
    } else if (is(p, "followers")) {
        json_write_add(object, "followers",
                       write_table(&config_params_followers, (int)rc->followers.kind,
                                   &rc->followers, NULL, cfg));
    }
}

static cJSON *write_population(const struct config *cfg)
{
    cJSON *population = json_write_need(cJSON_CreateObject());
    if (cfg->graph.source != GRAPH_FILE) {
        write_param(population, config_params_find(&config_params_population, "accounts"), cfg);
    }
    json_write_add(
        population, "graph",
        write_table(&config_params_graph, (int)cfg->graph.source, &cfg->graph, graph_part, cfg));
    json_write_add(population, "communities",
                   write_table(&config_params_communities, -1, cfg, communities_part, cfg));
    cJSON *roles = json_write_add(population, "roles", cJSON_CreateObject());
    for (int i = 0; i < ROLE_COUNT; i++) {
        json_write_add(roles, role_name((enum role)i),
                       write_table(&config_params_role, -1, &cfg->roles[i], role_part, cfg));
    }
    return population;
}

static void platform_part(cJSON *object, const struct config_param *p, const void *base,
                          const struct config *cfg)
{
    if (is(p, "delay")) {
        json_write_add(
            object, "delay",
            write_table(&config_params_delay, (int)cfg->delay.kind, &cfg->delay, NULL, cfg));
    } else if (is(p, "lifetime") && cfg->lifetime.kind != LIFETIME_FIXED) {
        /* A fixed lifetime is written as lifetime_h alone, as before the law
         * existed; any other law as the object alone (the reader takes one). */
        cJSON_DeleteItemFromObjectCaseSensitive(object, "lifetime_h");
        json_write_add(object, "lifetime",
                       write_table(&config_params_lifetime, (int)cfg->lifetime.kind, &cfg->lifetime,
                                   NULL, cfg));
    } else if (is(p, "trust")) {
        cJSON *trust = json_write_add(object, "trust", cJSON_CreateObject());
        for (int i = 0; i < ROLE_COUNT; i++) {
            json_write_add(
                trust, role_name((enum role)i),
                per_community(&cfg->trust[(size_t)i * cfg->communities], cfg->communities));
        }
    }
}

/* The daily profile only when it is not flat: a flat one is the default,
 * and scenarios written before it existed stay the same bytes. */
static void recommender_part(cJSON *object, const struct config_param *p, const void *base,
                             const struct config *cfg)
{
    const struct recommender_config *rc = base;
    bool flat = true;
    (void)cfg;
    for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
        flat = flat && rc->daily_profile[h] == 1.0;
    }
    if (is(p, "daily_profile") && !flat) {
        cJSON *profile = json_write_add(object, "daily_profile", cJSON_CreateArray());
        for (int h = 0; h < CONFIG_PROFILE_HOURS; h++) {
            cJSON_AddItemToArray(profile, json_write_number(rc->daily_profile[h]));
        }
    }
}

static void story_part(cJSON *object, const struct config_param *p, const void *base,
                       const struct config *cfg)
{
    const struct story_config *st = base;
    if (is(p, "name")) {
        json_write_add(object, "name", cJSON_CreateString(st->name));
    } else if (is(p, "appeal")) {
        json_write_add(object, "appeal", per_community(st->appeal, cfg->communities));
    }
}

static void select_part(cJSON *object, const struct config_param *p, const void *base,
                        const struct config *cfg)
{
    const struct select_config *select = base;
    if (is(p, "count")) {
        json_write_add(object, "count",
                       select->count == SELECT_ALL ? cJSON_CreateString("all")
                                                   : json_write_integer(select->count));
        return;
    }
    json_write_add(object, "community",
                   select->community < 0 ? cJSON_CreateString("any")
                                         : json_write_integer((uint64_t)select->community));
}

static void action_part(cJSON *object, const struct config_param *p, const void *base,
                        const struct config *cfg)
{
    const struct action_config *ac = base;
    if (is(p, "at_h")) {
        json_write_add(object, "at_h", json_write_number(ac->at_h));
    } else if (is(p, "story")) {
        json_write_add(object, "story", story_ref(cfg, ac->story));
    } else if (is(p, "select")) {
        json_write_add(object, "select",
                       write_table(&config_params_select, -1, &ac->select, select_part, cfg));
    }
}

static void trigger_part(cJSON *object, const struct config_param *p, const void *base,
                         const struct config *cfg)
{
    const struct intervention_config *iv = base;
    json_write_add(object, "story", story_ref(cfg, iv->trigger_story));
}

/* Every key of each intervention's kind; "correction" only when there is one. */
static void intervention_part(cJSON *object, const struct config_param *p, const void *base,
                              const struct config *cfg)
{
    const struct intervention_config *iv = base;
    if (is(p, "story")) {
        json_write_add(object, "story", story_ref(cfg, iv->story));
    } else if (is(p, "trigger")) {
        json_write_add(
            object, "trigger",
            write_table(&config_params_trigger, (int)iv->trigger, iv, trigger_part, cfg));
    } else if (is(p, "correction") && iv->correction >= 0) {
        json_write_add(object, "correction", story_ref(cfg, (uint32_t)iv->correction));
    } else if (is(p, "select")) {
        json_write_add(object, "select",
                       write_table(&config_params_select, -1, &iv->select, select_part, cfg));
    }
}

static void campaign_part(cJSON *object, const struct config_param *p, const void *base,
                          const struct config *cfg)
{
    cJSON *actions = json_write_add(object, "actions", cJSON_CreateArray());
    for (size_t a = 0; a < cfg->action_count; a++) {
        cJSON_AddItemToArray(
            actions, write_table(&config_params_action, -1, &cfg->actions[a], action_part, cfg));
    }
}

static cJSON *write_list(const struct config *cfg, bool stories)
{
    cJSON *list = json_write_need(cJSON_CreateArray());
    size_t count = stories ? cfg->story_count : cfg->intervention_count;
    for (size_t i = 0; i < count; i++) {
        cJSON *item =
            stories ? write_table(&config_params_story, -1, &cfg->stories[i], story_part, cfg)
                    : write_table(&config_params_intervention, (int)cfg->interventions[i].kind,
                                  &cfg->interventions[i], intervention_part, cfg);
        cJSON_AddItemToArray(list, item);
    }
    return list;
}

static void root_part(cJSON *object, const struct config_param *p, const void *base,
                      const struct config *cfg)
{
    cJSON *item = NULL;
    if (is(p, "name")) {
        item = cJSON_CreateString(cfg->name);
    } else if (is(p, "note")) {
        item = cfg->note ? cJSON_CreateString(cfg->note) : NULL;
    } else if (is(p, "population")) {
        item = write_population(cfg);
    } else if (is(p, "platform")) {
        item = write_table(&config_params_platform, -1, cfg, platform_part, cfg);
    } else if (is(p, "recommender")) {
        item = write_table(&config_params_recommender, -1, &cfg->recommender, recommender_part, cfg);
    } else if (is(p, "stories") || is(p, "interventions")) {
        item = write_list(cfg, is(p, "stories"));
    } else if (is(p, "campaign")) {
        item = write_table(&config_params_campaign, -1, cfg, campaign_part, cfg);
    } else if (is(p, "output")) {
        item = write_table(&config_params_output, -1, cfg, NULL, cfg);
    }
    if (item) {
        json_write_add(object, p->key, item);
    }
}

char *scenario_to_json(const struct config *cfg)
{
    cJSON *root = write_table(&config_params_root, -1, cfg, root_part, cfg);
    char *text = json_write_need(cJSON_Print(root));
    cJSON_Delete(root);
    return text;
}
