/* Scenario files, read: the campaign and the interventions, the two lists
 * of things that act on stories at a time or on a condition. Their rules
 * refer to each other, so they sit together: both name stories
 * (read_story_ref) and select accounts that must exist (check_selectable),
 * and a trigger's threshold is checked against the views the campaign's
 * posts and the fact-checks can reach (check_reachable). The table
 * machinery is scenario_read.c's (scenario_read_internal.h). */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../model/graph.h"
#include "message.h"
#include "scenario_read_internal.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Reads the required story name object[key] into *story, the story's index;
 * the message for a name that is not there lists the names that are. */
static int read_story_ref(struct json_reader *r, const struct json_where *object, const char *key,
                          const struct config *cfg, uint32_t *story)
{
    struct json_where at = json_reader_child(object, key);
    if (!at.item) {
        return json_reader_missing(r, object, key);
    }
    int found = cJSON_IsString(at.item) ? config_find_story(cfg, at.item->valuestring) : -1;
    if (found >= 0) {
        *story = (uint32_t)found;
        return STATUS_OK;
    }
    const char **names = xmalloc(cfg->story_count * sizeof *names);
    for (size_t s = 0; s < cfg->story_count; s++) {
        names[s] = cfg->stories[s].name;
    }
    struct strbuf rule;
    strbuf_init(&rule);
    strbuf_printf(&rule, "the name of a story in /stories (");
    json_reader_list_names(&rule, names, cfg->story_count, 8);
    strbuf_printf(&rule, ")");
    char hint[96] = "";
    const char *guess = cJSON_IsString(at.item)
                            ? message_closest(at.item->valuestring, names, cfg->story_count)
                            : NULL;
    if (guess) {
        snprintf(hint, sizeof hint, "; did you mean \"%s\"?", guess);
    }
    int status = json_reader_expected_hint(r, &at, rule.data, hint);
    strbuf_destroy(&rule);
    free(names);
    return status;
}

/* "count": a positive integer or "all" (SELECT_ALL, which no integer
 * reaches); whether that many accounts match is check_selectable's rule. */
static int select_count(struct json_reader *r, const struct json_where *object,
                        struct select_config *select)
{
    struct json_where count = json_reader_child(object, "count");
    if (!count.item) {
        return STATUS_OK;
    }
    if (cJSON_IsString(count.item) && strcmp(count.item->valuestring, "all") == 0) {
        select->count = SELECT_ALL;
        return STATUS_OK;
    }
    double x = cJSON_IsNumber(count.item) ? count.item->valuedouble : NAN;
    if (!(x >= 1.0 && x < (double)SELECT_ALL && x == floor(x))) {
        return json_reader_expected(r, &count, "an integer in [1, %" PRIu32 "] or \"all\"",
                                    SELECT_ALL - 1);
    }
    select->count = (uint32_t)x;
    return STATUS_OK;
}

/* "community": an index or "any"; "count": see select_count. */
static int select_part(struct json_reader *r, const struct json_where *object,
                       const struct config_param *p, void *base, struct config *cfg)
{
    struct select_config *select = base;
    if (strcmp(p->key, "count") == 0) {
        return select_count(r, object, select);
    }
    struct json_where community = json_reader_child(object, "community");
    if (!community.item) {
        return STATUS_OK;
    }
    bool any = cJSON_IsString(community.item) && strcmp(community.item->valuestring, "any") == 0;
    double x = cJSON_IsNumber(community.item) ? community.item->valuedouble : NAN;
    if (!any && !(x >= 0.0 && x < (double)cfg->communities && x == floor(x))) {
        return json_reader_expected(r, &community, "an integer in [0, %" PRIu32 "] or \"any\"",
                                    cfg->communities - 1);
    }
    select->community = any ? -1 : (int)x;
    return STATUS_OK;
}

static int read_select(struct json_reader *r, const struct json_where *parent, struct config *cfg,
                       struct select_config *select)
{
    return scenario_read_section(r, parent, "select", &config_params_select, select, select_part,
                                 cfg);
}

static int read_action(struct json_reader *r, const struct json_where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return json_reader_expected(r, at, "an action object");
    }
    if (scenario_read_check_table_keys(r, at, &config_params_action)) {
        return STATUS_BAD_INPUT;
    }
    struct action_config *action = config_add_action(cfg);
    struct json_where at_h = json_reader_child(at, "at_h");
    if (!at_h.item) {
        return json_reader_missing(r, at, "at_h");
    }
    struct json_range before_end = {0.0, cfg->duration_h, false, true};
    if (json_reader_check_number(r, &at_h, before_end, &action->at_h) ||
        read_story_ref(r, at, "story", cfg, &action->story) ||
        read_select(r, at, cfg, &action->select) ||
        scenario_read_key(r, at, &config_params_action, "jitter_h", action) ||
        scenario_read_key(r, at, &config_params_action, "link", action)) {
        return STATUS_BAD_INPUT;
    }
    if (action->at_h + action->jitter_h > cfg->duration_h) {
        struct json_where jitter = json_reader_child(at, "jitter_h");
        char bound[32];
        message_number(cfg->duration_h - action->at_h, bound, sizeof bound);
        return json_reader_expected(r, &jitter,
                                    "a number in [0, %s] (at_h + jitter_h must be at most "
                                    "duration_h, or posts are published after the run is over)",
                                    bound);
    }
    return STATUS_OK;
}

/* A link names the role of an account whose content the posts link: some
 * account must have it (with a file graph, roles are known only once it is
 * read, and a role nobody has still gives its trust). */
static int check_linkable(struct json_reader *r, const struct json_where *action,
                          const struct config *cfg, const uint32_t *cell, int link)
{
    if (link < 0) {
        return STATUS_OK;
    }
    uint64_t matches = 0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        matches += cell[(size_t)c * ROLE_COUNT + (size_t)link];
    }
    if (matches > 0) {
        return STATUS_OK;
    }
    struct json_where at = json_reader_child(action, "link");
    return json_reader_fail(r, &at,
                            "expected a role some account has, got \"%s\", a role with no "
                            "accounts (raise /population/roles/%s/count)",
                            role_name(link), role_name(link));
}

/* The accounts of the population layout (no graph needed) that match a
 * selection's role and community. */
static uint64_t select_matches(const struct config *cfg, const uint32_t *cell,
                               const struct select_config *select)
{
    uint64_t matches = 0;
    for (uint32_t c = 0; c < cfg->communities; c++) {
        for (int role = 0; role < ROLE_COUNT; role++) {
            if ((select->community < 0 || (uint32_t)select->community == c) &&
                (select->role < 0 || select->role == role)) {
                matches += cell[(size_t)c * ROLE_COUNT + role];
            }
        }
    }
    return matches;
}

/* An action or intervention must be able to select someone, and no more
 * accounts than match: a count above them would be cut silently, so the
 * scenario says "all" when it means every one. counted tells whether the
 * count is used (a prebunk's fraction replaces it). */
static int check_selectable(struct json_reader *r, const struct json_where *action,
                            const struct config *cfg, const uint32_t *cell,
                            const struct select_config *select, bool counted)
{
    uint64_t matches = select_matches(cfg, cell, select);
    struct json_where at = json_reader_child(action, "select");
    if (!at.item) {
        at = *action;
    }
    char community[40] = "any community";
    if (select->community >= 0) {
        snprintf(community, sizeof community, "community %d", select->community);
    }
    const char *role = select->role >= 0 ? role_name(select->role) : "any";
    if (select->pick == PICK_FOLLOWERS && cfg->graph.source == GRAPH_IMPLICIT) {
        struct json_where pick = json_reader_child(&at, "pick");
        return json_reader_expected(r, pick.item ? &pick : &at,
                                    "\"top\" or \"random\" with an implicit graph (\"followers\" "
                                    "weighs every matching account, which an implicit graph "
                                    "never lists)");
    }
    if (matches == 0) {
        return json_reader_fail(r, &at,
                                "expected at least one account with role %s in %s, got none "
                                "(raise /population/roles/%s/count)",
                                role, community, select->role >= 0 ? role : "user");
    }
    if (!counted || select->count == SELECT_ALL || select->count <= matches) {
        return STATUS_OK;
    }
    struct json_where count = json_reader_child(&at, "count");
    return json_reader_expected(r, &count,
                                "an integer in [1, %" PRIu64 "] (%" PRIu64
                                " accounts with role %s in %s match) or \"all\" for every "
                                "one of them",
                                matches, matches, role, community);
}

int scenario_read_actions_campaign(struct json_reader *r, const struct json_where *top,
                                   struct config *cfg)
{
    struct json_where campaign;
    if (json_reader_object(r, top, "campaign", &campaign)) {
        return STATUS_BAD_INPUT;
    }
    if (!campaign.item) {
        return json_reader_missing(r, top, "campaign");
    }
    if (scenario_read_check_table_keys(r, &campaign, &config_params_campaign)) {
        return STATUS_BAD_INPUT;
    }
    struct json_where actions = json_reader_child(&campaign, "actions");
    if (!actions.item) {
        return json_reader_missing(r, &campaign, "actions");
    }
    if (!cJSON_IsArray(actions.item) || cJSON_GetArraySize(actions.item) < 1) {
        return json_reader_expected(r, &actions, "a non-empty array of actions");
    }
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    if (cfg->graph.source != GRAPH_FILE) {
        graph_cell_counts(cfg, cfg->accounts, cell);
    }
    size_t a = 0;
    int status = STATUS_OK;
    for (const cJSON *item = actions.item->child; item && status == STATUS_OK;
         item = item->next, a++) {
        struct json_where at = json_reader_element(&actions, a, item);
        status = read_action(r, &at, cfg);
        /* A file graph's roles are known only once it is read (world_init). */
        if (status == STATUS_OK && cfg->graph.source != GRAPH_FILE) {
            status = check_selectable(r, &at, cfg, cell, &cfg->actions[a].select, true) ||
                             check_linkable(r, &at, cfg, cell, cfg->actions[a].link)
                         ? STATUS_BAD_INPUT
                         : STATUS_OK;
        }
    }
    free(cell);
    return status;
}

/* Refuses a views or share-rate threshold the population can never reach,
 * so the intervention could never fire. Views come from posts and the
 * recommender: every account shares a story at most once, besides the
 * campaign's posts and each fact-check's, each post reaches each follower at most
 * once, and the recommender adds at most its budget an hour. Shares in
 * any window are at most one per account. (A file graph's size is known only
 * once it is read; it is not checked here.) */
static int check_reachable(struct json_reader *r, const struct json_where *condition,
                           const struct config *cfg, const struct intervention_config *iv)
{
    double accounts = (double)cfg->accounts;
    char bound[32];
    if (iv->trigger == TRIGGER_SHARE_RATE) {
        double window = iv->window_h;
        struct json_where at = json_reader_child(condition->up, "window_h");
        if (at.item && cJSON_IsNumber(at.item)) {
            window = at.item->valuedouble;
        }
        if (window > 0.0 && iv->threshold * window > accounts) {
            message_number(accounts / window, bound, sizeof bound);
            return json_reader_expected(
                r, condition,
                "a share rate the population can reach: at most %s per hour "
                "(%" PRIu32 " accounts, each sharing once, over window_h), or the "
                "intervention never fires",
                bound, cfg->accounts);
        }
        return STATUS_OK;
    }
    /* Fact-checks not read yet may each have every account post a correction. */
    const struct json_where *array = condition->up->up->up;
    double checks = array && cJSON_IsArray(array->item) ? cJSON_GetArraySize(array->item) : 1.0;
    double posts = accounts * (1.0 + checks);
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    graph_cell_counts(cfg, cfg->accounts, cell);
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct select_config *select = &cfg->actions[a].select;
        uint64_t matches = select_matches(cfg, cell, select);
        posts += (double)(select->count < matches ? select->count : matches);
    }
    free(cell);
    double most = posts * (accounts - 1.0);
    if (cfg->recommender.enabled) {
        most += config_recommender_budget_h(cfg) * (cfg->duration_h + cfg->recommender.tick_h);
    }
    if (iv->threshold > most) {
        message_number(most, bound, sizeof bound);
        return json_reader_expected(r, condition,
                                    "a number of views the scenario can reach: at most %s (%" PRIu32
                                    " accounts, each post seen at most once by each, plus the "
                                    "recommender's budget), or the intervention never fires",
                                    bound, cfg->accounts);
    }
    return STATUS_OK;
}

/* Reads an intervention's "trigger": exactly one condition, the story it
 * watches, the rate window and the delay. own_story tells whether the
 * intervention has a story the trigger can watch by default. */
static int read_trigger(struct json_reader *r, const struct json_where *intervention,
                        const struct config *cfg, bool own_story, struct intervention_config *iv)
{
    struct json_where trigger;
    if (json_reader_object(r, intervention, "trigger", &trigger)) {
        return STATUS_BAD_INPUT;
    }
    if (!trigger.item) {
        return json_reader_missing(r, intervention, "trigger");
    }
    if (scenario_read_check_table_keys(r, &trigger, &config_params_trigger)) {
        return STATUS_BAD_INPUT;
    }
    const char *const conditions[] = {"at_h", "views", "share_rate_per_h"};
    const enum trigger_kind kinds[] = {TRIGGER_AT, TRIGGER_VIEWS, TRIGGER_SHARE_RATE};
    size_t found = 0;
    size_t which = 0;
    const char *given[COUNT_OF(conditions)];
    for (size_t i = 0; i < COUNT_OF(conditions); i++) {
        if (json_reader_child(&trigger, conditions[i]).item) {
            given[found++] = conditions[i];
            which = i;
        }
    }
    if (found != 1) {
        struct strbuf got;
        strbuf_init(&got);
        if (found == 0) {
            strbuf_printf(&got, "none");
        }
        for (size_t i = 0; i < found; i++) {
            const char *separator = i + 1 == found ? " and " : ", ";
            strbuf_printf(&got, "%s\"%s\"", i == 0 ? "" : separator, given[i]);
        }
        int status =
            json_reader_fail(r, &trigger,
                             "expected exactly one of \"at_h\", \"views\", \"share_rate_per_h\", "
                             "got %s",
                             got.data);
        strbuf_destroy(&got);
        return status;
    }
    iv->trigger = kinds[which];
    struct json_where condition = json_reader_child(&trigger, conditions[which]);
    struct json_range before_end = {0.0, cfg->duration_h, false, true};
    if (json_reader_check_number(r, &condition,
                                 iv->trigger == TRIGGER_AT ? before_end : scenario_read_positive,
                                 iv->trigger == TRIGGER_AT ? &iv->at_h : &iv->threshold)) {
        return STATUS_BAD_INPUT;
    }
    /* A timed trigger watches nothing, and only a rate has a window. */
    struct json_where story = json_reader_child(&trigger, "story");
    struct json_where window = json_reader_child(&trigger, "window_h");
    const struct json_where *stray = NULL;
    const char *why = NULL;
    if (iv->trigger == TRIGGER_AT && story.item) {
        stray = &story;
        why = "a trigger at a time watches no story";
    } else if (iv->trigger != TRIGGER_SHARE_RATE && window.item) {
        stray = &window;
        why = "only \"share_rate_per_h\" is measured over a window";
    }
    if (stray) {
        char detail[256];
        snprintf(detail, sizeof detail, "expected no \"%s\" with \"%s\" (%s)", stray->key,
                 conditions[which], why);
        return json_reader_report(r, stray, true, 0, detail);
    }
    iv->trigger_story = iv->story;
    if (iv->trigger != TRIGGER_AT) {
        if (story.item) {
            if (read_story_ref(r, &trigger, "story", cfg, &iv->trigger_story)) {
                return STATUS_BAD_INPUT;
            }
        } else if (!own_story) {
            return json_reader_fail(
                r, &trigger,
                "missing required key \"story\" (the story whose %s the trigger "
                "watches: a %s has no story of its own)",
                iv->trigger == TRIGGER_VIEWS ? "views" : "share rate",
                iv->kind == INTERVENTION_PREBUNK ? "prebunk" : "suspension");
        }
    }
    if (scenario_read_key(r, &trigger, &config_params_trigger, "window_h", iv) ||
        json_reader_read_number(r, &trigger, "delay_h", before_end, &iv->delay_h)) {
        return STATUS_BAD_INPUT;
    }
    if (iv->trigger != TRIGGER_AT && cfg->graph.source != GRAPH_FILE &&
        check_reachable(r, &condition, cfg, iv)) {
        return STATUS_BAD_INPUT;
    }
    if (iv->trigger == TRIGGER_AT && !(iv->at_h + iv->delay_h < cfg->duration_h)) {
        struct json_where delay = json_reader_child(&trigger, "delay_h");
        char limit[32];
        message_number(cfg->duration_h - iv->at_h, limit, sizeof limit);
        return json_reader_expected(
            r, &delay,
            "a number in [0, %s) (at_h + delay_h must be before duration_h, or the "
            "intervention never happens)",
            limit);
    }
    return STATUS_OK;
}

/* A fact-check labels its story false: a leak is genuine material, so it is
 * refused (docs/model.md §4, story kinds). */
static int check_checkable(struct json_reader *r, const struct json_where *intervention,
                           const struct config *cfg, const struct intervention_config *iv)
{
    const struct story_config *story = &cfg->stories[iv->story];
    if (story->kind != STORY_LEAK) {
        return STATUS_OK;
    }
    struct json_where at = json_reader_child(intervention, "story");
    char got[96];
    message_describe(at.item, got, sizeof got);
    return json_reader_fail(r, &at,
                            "expected a story a fact-check can label false, got %s, a story of "
                            "kind \"leak\" (genuine material, selectively released: true, so "
                            "it cannot be labelled false; demote it or take it down instead)",
                            got);
}

/* Reads a factcheck's optional "correction": a story of kind correction
 * other than the one checked. */
static int read_correction(struct json_reader *r, const struct json_where *intervention,
                           const struct config *cfg, struct intervention_config *iv)
{
    struct json_where at = json_reader_child(intervention, "correction");
    uint32_t correction = 0;
    if (!at.item) {
        return STATUS_OK;
    }
    if (read_story_ref(r, intervention, "correction", cfg, &correction)) {
        return STATUS_BAD_INPUT;
    }
    const struct story_config *story = &cfg->stories[correction];
    char got[96];
    message_describe(at.item, got, sizeof got);
    if (story->kind != STORY_CORRECTION) {
        return json_reader_fail(
            r, &at,
            "expected the name of a story of kind \"correction\", got %s, a story of "
            "kind \"%s\"",
            got, story_kind_name(story->kind));
    }
    if (correction == iv->story) {
        return json_reader_fail(
            r, &at,
            "expected a story other than the one fact-checked (\"story\"), got %s for "
            "both",
            got);
    }
    iv->correction = (int)correction;
    return STATUS_OK;
}

static int read_intervention(struct json_reader *r, const struct json_where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return json_reader_expected(r, at, "an intervention object");
    }
    if (scenario_read_check_table_keys(r, at, &config_params_intervention)) {
        return STATUS_BAD_INPUT;
    }
    const struct config_param *kinds = config_params_find(&config_params_intervention, "kind");
    struct json_where kind_at = json_reader_child(at, "kind");
    int kind = 0;
    if (!kind_at.item) {
        return json_reader_missing(r, at, "kind");
    }
    if (json_reader_check_choice(r, &kind_at, kinds->choices, kinds->choice_count, &kind) ||
        scenario_read_check_variant_keys(r, at, &config_params_intervention, kind,
                                         kinds->choices[kind])) {
        return STATUS_BAD_INPUT;
    }
    struct intervention_config *iv = config_add_intervention(cfg);
    iv->kind = (enum intervention_kind)kind;
    bool own_story = iv->kind != INTERVENTION_SUSPEND && iv->kind != INTERVENTION_PREBUNK;
    if ((own_story && read_story_ref(r, at, "story", cfg, &iv->story)) ||
        read_trigger(r, at, cfg, own_story, iv)) {
        return STATUS_BAD_INPUT;
    }
    switch (iv->kind) {
    case INTERVENTION_FACTCHECK:
        iv->select.role = ROLE_FACTCHECKER;
        if (check_checkable(r, at, cfg, iv) || read_correction(r, at, cfg, iv) ||
            read_select(r, at, cfg, &iv->select) ||
            scenario_read_key(r, at, &config_params_intervention, "label_factor", iv) ||
            scenario_read_key(r, at, &config_params_intervention, "exposed_factor", iv)) {
            return STATUS_BAD_INPUT;
        }
        break;
    case INTERVENTION_TAKEDOWN:
        break;
    case INTERVENTION_SUSPEND:
        if (!json_reader_child(at, "select").item) {
            return json_reader_missing(r, at, "select");
        }
        if (read_select(r, at, cfg, &iv->select)) {
            return STATUS_BAD_INPUT;
        }
        break;
    case INTERVENTION_DEMOTE:
        /* A demotion by the default factor of 1 would change nothing. */
        if (!json_reader_child(at, "factor").item) {
            return json_reader_missing(r, at, "factor");
        }
        if (scenario_read_key(r, at, &config_params_intervention, "factor", iv)) {
            return STATUS_BAD_INPUT;
        }
        break;
    case INTERVENTION_PREBUNK:
        /* No study gives a factor to default to, and 1 would change nothing. */
        if (!json_reader_child(at, "select").item) {
            return json_reader_missing(r, at, "select");
        }
        if (!json_reader_child(at, "factor").item) {
            return json_reader_missing(r, at, "factor");
        }
        if (read_select(r, at, cfg, &iv->select) ||
            scenario_read_key(r, at, &config_params_intervention, "fraction", iv) ||
            scenario_read_key(r, at, &config_params_intervention, "factor", iv)) {
            return STATUS_BAD_INPUT;
        }
        break;
    }
    return STATUS_OK;
}

int scenario_read_actions_interventions(struct json_reader *r, const struct json_where *top,
                                        struct config *cfg)
{
    struct json_where interventions = json_reader_child(top, "interventions");
    if (!interventions.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsArray(interventions.item)) {
        return json_reader_expected(r, &interventions, "an array of interventions");
    }
    uint32_t *cell = xmalloc((size_t)cfg->communities * ROLE_COUNT * sizeof *cell);
    if (cfg->graph.source != GRAPH_FILE) {
        graph_cell_counts(cfg, cfg->accounts, cell);
    }
    size_t i = 0;
    int status = STATUS_OK;
    for (const cJSON *item = interventions.item->child; item && status == STATUS_OK;
         item = item->next, i++) {
        struct json_where at = json_reader_element(&interventions, i, item);
        status = read_intervention(r, &at, cfg);
        if (status != STATUS_OK || cfg->graph.source == GRAPH_FILE) {
            continue; /* a file graph's roles are known only once it is read */
        }
        /* Only a suspension, a prebunk and a factcheck that publishes a correction
         * select anyone. */
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->kind == INTERVENTION_SUSPEND || iv->kind == INTERVENTION_PREBUNK ||
            (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0)) {
            bool counted = !(iv->kind == INTERVENTION_PREBUNK && iv->fraction > 0.0);
            status = check_selectable(r, &at, cfg, cell, &iv->select, counted);
        }
    }
    free(cell);
    return status;
}
