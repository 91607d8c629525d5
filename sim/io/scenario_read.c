/* Scenario files, read: JSON text to struct config. Reading applies the
 * --set overrides to the parsed tree (json_patch), then checks every key
 * against the rules in docs/scenario.md through the one checked-JSON reader
 * (json_reader) and stops at the first mistake with a one-line message
 * naming the place (FILE:LINE:COL, or the --set override responsible), the
 * JSON path, the rule and the value found. This file holds the schema only:
 * scalar keys are read from the parameter table (model/config_params.c);
 * what is here are the rules that tie keys together (community counts and
 * arrays, role counts against accounts, story references, triggers that can
 * fire), which is why it runs past 700 lines: splitting it would scatter
 * rules that refer to each other. */
#define _XOPEN_SOURCE 700 /* realpath, an XSI function */
#include "scenario.h"

#include <assert.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../model/config_params.h"
#include "../model/graph.h"
#include "json_locate.h"
#include "json_patch.h"
#include "json_reader.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define COMMUNITIES_MAX 65535u
#define STORIES_MAX 65535
#define BINS_MAX 1e6

/* Rejects keys that table does not declare. */
static int check_table_keys(struct json_reader *r, const struct json_where *object,
                            const struct config_param_table *table)
{
    const char *keys[16];
    assert(table->count <= COUNT_OF(keys));
    size_t n = config_params_keys(table, -1, keys);
    return json_reader_check_keys(r, object, keys, n, "key");
}

/* Rejects keys that belong to another choice of table's switch key, whose
 * value here is variant. */
static int check_variant_keys(struct json_reader *r, const struct json_where *object,
                              const struct config_param_table *table, int variant,
                              const char *choice)
{
    struct json_switch_keys allowed;
    assert(table->count <= COUNT_OF(allowed.keys));
    allowed.key_count = config_params_keys(table, variant, allowed.keys);
    return json_reader_check_switch_keys(r, object, table->switch_key, choice, &allowed);
}

static struct json_range range_of(const struct config_param *p)
{
    return (struct json_range){p->range.lo, p->range.hi, p->range.lo_open, p->range.hi_open};
}

/* A role name, or the word `none` ("auto", "any") that stands for -1. */
static int read_role(struct json_reader *r, const struct json_where *object, const char *key,
                     const char *none, int *role)
{
    const char *names[ROLE_COUNT + 1];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    names[ROLE_COUNT] = none;
    int choice = *role < 0 ? ROLE_COUNT : *role;
    if (json_reader_read_choice(r, object, key, names, ROLE_COUNT + 1, &choice)) {
        return STATUS_BAD_INPUT;
    }
    *role = choice == ROLE_COUNT ? -1 : choice;
    return STATUS_OK;
}

/* Reads the scalar key p of object, if present, into the struct at base,
 * with the type and range the table gives it. */
static int read_param(struct json_reader *r, const struct json_where *object,
                      const struct config_param *p, void *base)
{
    void *at = (char *)base + p->offset;
    struct json_where value = json_reader_child(object, p->key);
    uint64_t x = 0;
    switch (p->type) {
    case CONFIG_PARAM_NUMBER:
        return json_reader_read_number(r, object, p->key, range_of(p), at);
    case CONFIG_PARAM_COUNT:
        return json_reader_read_u32(r, object, p->key, (uint32_t)p->range.lo, (uint32_t)p->range.hi,
                                    at);
    case CONFIG_PARAM_SEED:
        if (value.item && json_reader_check_integer(r, &value, (uint64_t)p->range.lo,
                                                    (uint64_t)p->range.hi, &x)) {
            return STATUS_BAD_INPUT;
        }
        *(uint64_t *)at = value.item ? x : *(uint64_t *)at;
        return STATUS_OK;
    case CONFIG_PARAM_BOOL:
        return json_reader_read_bool(r, object, p->key, at);
    case CONFIG_PARAM_CHOICE:
        return json_reader_read_choice(r, object, p->key, p->choices, p->choice_count, at);
    case CONFIG_PARAM_ROLE:
        return read_role(r, object, p->key, p->none, at);
    default:
        return STATUS_OK;
    }
}

/* Reads the key of table named key (a scalar) into base. */
static int read_key(struct json_reader *r, const struct json_where *object,
                    const struct config_param_table *table, const char *key, void *base)
{
    const struct config_param *p = config_params_find(table, key);
    assert(p && config_params_is_scalar(p));
    return read_param(r, object, p, base);
}

/* Reads a key with rules of its own: p of object, for the struct at base. */
typedef int (*read_part)(struct json_reader *r, const struct json_where *object,
                         const struct config_param *p, void *base, struct config *cfg);

/* Reads the keys of table that belong to variant (-1: all), in table order:
 * scalars from the table, the others through part (NULL: none). The order
 * decides which of two mistakes is reported. */
static int read_table(struct json_reader *r, const struct json_where *object,
                      const struct config_param_table *table, int variant, void *base,
                      read_part part, struct config *cfg)
{
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        if (!config_params_in_variant(p, variant)) {
            continue;
        }
        int status = config_params_is_scalar(p) ? read_param(r, object, p, base)
                     : part                     ? part(r, object, p, base, cfg)
                                                : STATUS_OK;
        if (status != STATUS_OK) {
            return status;
        }
    }
    return STATUS_OK;
}

/* A switched object (a distribution): its keys, the switch key first, then
 * the keys of the chosen variant. *kind holds the default choice. */
static int read_switched(struct json_reader *r, const struct json_where *parent, const char *key,
                         const struct config_param_table *table, int *kind, void *base)
{
    struct json_where object;
    if (json_reader_object(r, parent, key, &object)) {
        return STATUS_BAD_INPUT;
    }
    if (!object.item) {
        return STATUS_OK;
    }
    const struct config_param *switch_param = config_params_find(table, table->switch_key);
    if (check_table_keys(r, &object, table) ||
        json_reader_read_choice(r, &object, table->switch_key, switch_param->choices,
                                switch_param->choice_count, kind) ||
        check_variant_keys(r, &object, table, *kind, switch_param->choices[*kind])) {
        return STATUS_BAD_INPUT;
    }
    return read_table(r, &object, table, *kind, base, NULL, NULL);
}

/* The ranges most numbers take. */
static const struct json_range positive = {0.0, INFINITY, true, true};
static const struct json_range non_negative = {0.0, INFINITY, false, true};

/* A value per community: one number for all of them, or an array with one
 * number per community. */
static int check_per_community(struct json_reader *r, const struct json_where *at,
                               uint32_t communities, struct json_range range, double *values)
{
    if (cJSON_IsNumber(at->item)) {
        double x = 0.0;
        if (json_reader_check_number(r, at, range, &x)) {
            return STATUS_BAD_INPUT;
        }
        for (uint32_t c = 0; c < communities; c++) {
            values[c] = x;
        }
        return STATUS_OK;
    }
    if (!cJSON_IsArray(at->item) || (uint32_t)cJSON_GetArraySize(at->item) != communities) {
        char one[128];
        char many[128];
        json_reader_describe_range(range, false, one, sizeof one);
        json_reader_describe_range(range, true, many, sizeof many);
        return json_reader_expected(r, at, "%s or an array of %" PRIu32 " %s (one per community)",
                                    one, communities, many);
    }
    size_t c = 0;
    for (const cJSON *item = at->item->child; item; item = item->next, c++) {
        struct json_where element = json_reader_element(at, c, item);
        if (json_reader_check_number(r, &element, range, &values[c])) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* ---- Reading the scenario, section by section ---- */

/* "name": the run's directory, by default the file's name. */
static int read_name(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where name = json_reader_child(top, "name");
    if (!name.item) {
        config_name_from_path(r->label, "scenario", cfg->name);
        return STATUS_OK;
    }
    if (!cJSON_IsString(name.item) || !config_name_valid(name.item->valuestring)) {
        return json_reader_expected(r, &name,
                                    "a name of 1 to 63 characters from A-Z a-z 0-9 _ . - "
                                    "(it names the output directory)");
    }
    snprintf(cfg->name, sizeof cfg->name, "%s", name.item->valuestring);
    return STATUS_OK;
}

static int read_note(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where note = json_reader_child(top, "note");
    if (note.item) {
        if (!cJSON_IsString(note.item)) {
            return json_reader_expected(r, &note, "a string");
        }
        cfg->note = xstrdup(note.item->valuestring);
    }
    return STATUS_OK;
}

/* The number of communities fixes the size of every per-community array, so
 * it is settled before anything else: from "count", else from the length of
 * "weights", else 1. */
static int read_community_count(struct json_reader *r, const struct json_where *communities,
                                uint32_t *count)
{
    struct json_where count_at = json_reader_child(communities, "count");
    struct json_where weights = json_reader_child(communities, "weights");
    uint64_t n = 1;
    if (count_at.item && json_reader_check_integer(r, &count_at, 1, COMMUNITIES_MAX, &n)) {
        return STATUS_BAD_INPUT;
    }
    if (weights.item) {
        size_t len = cJSON_IsArray(weights.item) ? (size_t)cJSON_GetArraySize(weights.item) : 0;
        if (count_at.item && len != n) {
            return json_reader_expected(
                r, &weights,
                "an array of %" PRIu64 " numbers > 0 (one per community, as count says)", n);
        }
        if (len < 1 || len > COMMUNITIES_MAX) {
            return json_reader_expected(r, &weights,
                                        "an array of 1 to %u numbers > 0 (one per community)",
                                        COMMUNITIES_MAX);
        }
        n = len;
    }
    *count = (uint32_t)n;
    return STATUS_OK;
}

static int read_mixing(struct json_reader *r, const struct json_where *communities,
                       struct config *cfg)
{
    struct json_where mixing = json_reader_child(communities, "mixing");
    uint32_t n = cfg->communities;
    if (!mixing.item) {
        return STATUS_OK;
    }
    if (cfg->graph.source == GRAPH_IMPLICIT) {
        return json_reader_fail(
            r, &mixing,
            "expected no mixing matrix with /population/graph/source \"implicit\": "
            "the implicit graph takes homophily, not a mixing matrix");
    }
    if (!cJSON_IsArray(mixing.item) || (uint32_t)cJSON_GetArraySize(mixing.item) != n) {
        return json_reader_expected(
            r, &mixing,
            "an array of %" PRIu32 " rows (one per community) of %" PRIu32 " numbers >= 0", n, n);
    }
    cfg->mixing = xmalloc((size_t)n * n * sizeof *cfg->mixing);
    size_t c = 0;
    for (const cJSON *item = mixing.item->child; item; item = item->next, c++) {
        struct json_where row = json_reader_element(&mixing, c, item);
        if (!cJSON_IsArray(item) || (uint32_t)cJSON_GetArraySize(item) != n) {
            return json_reader_expected(
                r, &row, "an array of %" PRIu32 " numbers >= 0 (one per community)", n);
        }
        double *values = &cfg->mixing[c * n];
        bool any_positive = false;
        size_t d = 0;
        for (const cJSON *entry = item->child; entry; entry = entry->next, d++) {
            struct json_where at = json_reader_element(&row, d, entry);
            if (json_reader_check_number(r, &at, non_negative, &values[d])) {
                return STATUS_BAD_INPUT;
            }
            any_positive = any_positive || values[d] > 0.0;
        }
        if (!any_positive) {
            return json_reader_fail(r, &row,
                                    "expected a row with at least one entry > 0, got only zeros");
        }
    }
    return STATUS_OK;
}

static int read_followers(struct json_reader *r, const struct json_where *role,
                          struct follower_dist *followers)
{
    return read_switched(r, role, "followers", &config_params_followers, (int *)&followers->kind,
                         followers);
}

static int read_roles(struct json_reader *r, const struct json_where *population,
                      struct config *cfg)
{
    const char *names[ROLE_COUNT];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    struct json_where roles;
    if (json_reader_object(r, population, "roles", &roles) ||
        json_reader_check_keys(r, &roles, names, ROLE_COUNT, "role")) {
        return STATUS_BAD_INPUT;
    }
    uint64_t special = 0; /* accounts of every role but user, which takes the rest */
    for (int i = 0; i < ROLE_COUNT; i++) {
        struct json_where role;
        if (json_reader_object(r, &roles, names[i], &role) ||
            check_table_keys(r, &role, &config_params_role)) {
            return STATUS_BAD_INPUT;
        }
        if (!role.item) {
            continue;
        }
        struct role_config *rc = &cfg->roles[i];
        struct json_where count = json_reader_child(&role, "count");
        if (count.item) {
            uint64_t n = 0;
            if (i == ROLE_USER) {
                return json_reader_expected(
                    r, &count,
                    "no count for role user (users are the accounts the other "
                    "roles leave)");
            }
            /* A file graph's size is known only once the file is read, so
             * graph_from_edges checks its counts against the file instead. */
            bool from_file = cfg->graph.source == GRAPH_FILE;
            if (json_reader_check_integer(r, &count, 0, from_file ? UINT32_MAX : cfg->accounts,
                                          &n)) {
                return STATUS_BAD_INPUT;
            }
            special += n;
            if (!from_file && special > cfg->accounts) {
                return json_reader_fail(r, &count,
                                        "expected role counts summing to at most %" PRIu32
                                        " (population/accounts), got %" PRIu64
                                        ", making the sum %" PRIu64,
                                        cfg->accounts, n, special);
            }
            rc->count = (uint32_t)n;
        }
        if (read_key(r, &role, &config_params_role, "share_prob", rc) ||
            read_key(r, &role, &config_params_role, "activity", rc) ||
            read_followers(r, &role, &rc->followers)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* Returns the file a scenario path names, for the caller to free. A
 * relative path is relative to the scenario file's directory (the label's),
 * or to the current directory when the label has none or the path came from
 * --set, as a path typed on the command line would. An existing file's path
 * is then made absolute with realpath: scenario.json is written to another
 * directory and read again from there, so only an absolute path names the
 * same file every time. A missing file keeps the joined path, for the
 * message that reading it gives. */
static char *resolve_path(const struct json_reader *r, const struct json_where *at,
                          const char *path)
{
    const char *slash = strrchr(r->label, '/');
    char *joined;
    if (path[0] == '/' || !slash || json_reader_from_override(r, at)) {
        joined = xstrdup(path);
    } else {
        size_t dir = (size_t)(slash - r->label) + 1;
        joined = xmalloc(dir + strlen(path) + 1);
        memcpy(joined, r->label, dir);
        strcpy(joined + dir, path);
    }
    char *absolute = realpath(joined, NULL);
    if (absolute) {
        free(joined);
        return absolute;
    }
    return joined;
}

/* Reads the file path at `at` into *path (resolved, owned by the config). */
static int read_path(struct json_reader *r, const struct json_where *at, char **path)
{
    if (!cJSON_IsString(at->item) || at->item->valuestring[0] == '\0') {
        return json_reader_expected(r, at, "a file path (a non-empty string)");
    }
    free(*path);
    *path = resolve_path(r, at, at->item->valuestring);
    return STATUS_OK;
}

/* Reads /population/graph: where the follower graph comes from. The keys
 * after "source" belong to file graphs only. */
static int graph_part(struct json_reader *r, const struct json_where *object,
                      const struct config_param *p, void *base, struct config *cfg)
{
    struct graph_config *graph = base;
    struct json_where at = json_reader_child(object, p->key);
    if (strcmp(p->key, "path") == 0) {
        return at.item ? read_path(r, &at, &graph->path) : json_reader_missing(r, object, "path");
    }
    return at.item ? read_path(r, &at, &graph->attributes) : STATUS_OK;
}

/* Reads /population/graph: where the follower graph comes from. The keys
 * after "source" belong to file graphs only. */
static int read_graph(struct json_reader *r, const struct json_where *population,
                      struct config *cfg)
{
    const struct config_param_table *table = &config_params_graph;
    struct graph_config *graph = &cfg->graph;
    struct json_where object;
    if (json_reader_object(r, population, "graph", &object) ||
        check_table_keys(r, &object, table) || read_key(r, &object, table, "source", graph)) {
        return STATUS_BAD_INPUT;
    }
    if (graph->source == GRAPH_FILE) {
        return read_table(r, &object, table, GRAPH_FILE, graph, graph_part, cfg);
    }
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        struct json_where at = json_reader_child(&object, p->key);
        if (p->variants != 0 && at.item) {
            char detail[256];
            snprintf(detail, sizeof detail,
                     "expected no \"%s\" with source \"%s\" (only source \"file\" reads an "
                     "edge list)",
                     p->key, graph_source_name(graph->source));
            return json_reader_report(r, &at, true, 0, detail);
        }
    }
    return STATUS_OK;
}

/* Reads the population; *communities was settled by read_community_count
 * and config_init already sized the arrays with it. */
static int read_population(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where population = json_reader_child(top, "population");
    struct json_where communities = json_reader_child(&population, "communities");
    struct json_where weights = json_reader_child(&communities, "weights");
    struct json_where accounts = json_reader_child(&population, "accounts");
    if (read_graph(r, &population, cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (cfg->graph.source == GRAPH_FILE) {
        cfg->accounts = 0; /* the edge list decides */
        if (accounts.item) {
            return json_reader_expected(
                r, &accounts,
                "no accounts with /population/graph/source \"file\" (the edge "
                "list decides how many there are)");
        }
    } else if (read_key(r, &population, &config_params_population, "accounts", cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (weights.item) {
        size_t c = 0;
        double sum = 0.0;
        for (const cJSON *item = weights.item->child; item; item = item->next, c++) {
            struct json_where at = json_reader_element(&weights, c, item);
            if (json_reader_check_number(r, &at, positive, &cfg->community_weights[c])) {
                return STATUS_BAD_INPUT;
            }
            sum += cfg->community_weights[c];
        }
        if (!isfinite(sum)) {
            return json_reader_fail(r, &weights,
                                    "expected numbers > 0 with a finite sum, got a sum too large "
                                    "to represent");
        }
    }
    if (read_key(r, &communities, &config_params_communities, "homophily", cfg) ||
        read_mixing(r, &communities, cfg) || read_roles(r, &population, cfg)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

static int read_delay(struct json_reader *r, const struct json_where *platform,
                      struct delay_config *delay)
{
    return read_switched(r, platform, "delay", &config_params_delay, (int *)&delay->kind, delay);
}

static int read_trust(struct json_reader *r, const struct json_where *platform, struct config *cfg)
{
    const char *names[ROLE_COUNT];
    for (int i = 0; i < ROLE_COUNT; i++) {
        names[i] = role_name((enum role)i);
    }
    struct json_where trust;
    if (json_reader_object(r, platform, "trust", &trust) ||
        json_reader_check_keys(r, &trust, names, ROLE_COUNT, "role")) {
        return STATUS_BAD_INPUT;
    }
    for (int i = 0; i < ROLE_COUNT; i++) {
        struct json_where at = json_reader_child(&trust, names[i]);
        double *row = &cfg->trust[(size_t)i * cfg->communities];
        if (at.item && check_per_community(r, &at, cfg->communities, non_negative, row)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

static int platform_part(struct json_reader *r, const struct json_where *object,
                         const struct config_param *p, void *base, struct config *cfg)
{
    if (strcmp(p->key, "delay") == 0) {
        return read_delay(r, object, &cfg->delay);
    }
    return read_trust(r, object, cfg);
}

/* The object at key of parent, every key read as its table says. */
static int read_section(struct json_reader *r, const struct json_where *parent, const char *key,
                        const struct config_param_table *table, void *base, read_part part,
                        struct config *cfg)
{
    struct json_where object;
    if (json_reader_object(r, parent, key, &object) || check_table_keys(r, &object, table)) {
        return STATUS_BAD_INPUT;
    }
    return read_table(r, &object, table, -1, base, part, cfg);
}

static int read_platform(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    return read_section(r, top, "platform", &config_params_platform, cfg, platform_part, cfg);
}

static int read_recommender(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    return read_section(r, top, "recommender", &config_params_recommender, &cfg->recommender, NULL,
                        cfg);
}

/* Story names appear in CSV headers and messages, so they must be printable. */
static bool is_valid_story_name(const char *name)
{
    size_t len = strlen(name);
    if (len < 1 || len >= CONFIG_NAME_MAX) {
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        if ((unsigned char)name[i] < 0x20 || name[i] == 0x7f) {
            return false;
        }
    }
    return true;
}

/* The name is read first, as it creates the story; then the appeal. */
static int story_part(struct json_reader *r, const struct json_where *object,
                      const struct config_param *p, void *base, struct config *cfg)
{
    struct story_config *story = base;
    struct json_where appeal = json_reader_child(object, p->key);
    if (strcmp(p->key, "appeal") != 0 || !appeal.item) {
        return STATUS_OK;
    }
    return check_per_community(r, &appeal, cfg->communities, non_negative, story->appeal);
}

static int read_story(struct json_reader *r, const struct json_where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return json_reader_expected(r, at, "a story object");
    }
    if (check_table_keys(r, at, &config_params_story)) {
        return STATUS_BAD_INPUT;
    }
    struct json_where name = json_reader_child(at, "name");
    if (!name.item) {
        return json_reader_missing(r, at, "name");
    }
    if (!cJSON_IsString(name.item) || !is_valid_story_name(name.item->valuestring)) {
        return json_reader_expected(r, &name,
                                    "a story name of 1 to %d bytes without control characters",
                                    CONFIG_NAME_MAX - 1);
    }
    int earlier = config_find_story(cfg, name.item->valuestring);
    if (earlier >= 0) {
        char got[96];
        message_describe(name.item, got, sizeof got);
        return json_reader_fail(
            r, &name, "expected a unique story name, got %s, already the name of /stories/%d", got,
            earlier);
    }
    struct story_config *story = config_add_story(cfg, name.item->valuestring);
    return read_table(r, at, &config_params_story, -1, story, story_part, cfg);
}

static int read_stories(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where stories = json_reader_child(top, "stories");
    if (!stories.item) {
        return json_reader_missing(r, top, "stories");
    }
    int n = cJSON_IsArray(stories.item) ? cJSON_GetArraySize(stories.item) : 0;
    if (n < 1 || n > STORIES_MAX) {
        return json_reader_expected(r, &stories, "a non-empty array of at most %d stories",
                                    STORIES_MAX);
    }
    size_t s = 0;
    for (const cJSON *item = stories.item->child; item; item = item->next, s++) {
        struct json_where at = json_reader_element(&stories, s, item);
        if (read_story(r, &at, cfg)) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

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

/* "community": an index or "any". */
static int select_part(struct json_reader *r, const struct json_where *object,
                       const struct config_param *p, void *base, struct config *cfg)
{
    struct select_config *select = base;
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
    return read_section(r, parent, "select", &config_params_select, select, select_part, cfg);
}

static int read_action(struct json_reader *r, const struct json_where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return json_reader_expected(r, at, "an action object");
    }
    if (check_table_keys(r, at, &config_params_action)) {
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
        read_key(r, at, &config_params_action, "jitter_h", action)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}

/* An action or intervention must be able to select someone: count the
 * accounts of the population layout (no graph needed) that match its role
 * and community. */
static int check_selectable(struct json_reader *r, const struct json_where *action,
                            const struct config *cfg, const uint32_t *cell,
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
    if (matches > 0) {
        return STATUS_OK;
    }
    struct json_where at = json_reader_child(action, "select");
    if (!at.item) {
        at = *action;
    }
    char community[40] = "any community";
    if (select->community >= 0) {
        snprintf(community, sizeof community, "community %d", select->community);
    }
    const char *role = select->role >= 0 ? role_name(select->role) : "any";
    return json_reader_fail(r, &at,
                            "expected at least one account with role %s in %s, got none (raise "
                            "/population/roles/%s/count)",
                            role, community, select->role >= 0 ? role : "user");
}

static int read_campaign(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where campaign;
    if (json_reader_object(r, top, "campaign", &campaign)) {
        return STATUS_BAD_INPUT;
    }
    if (!campaign.item) {
        return json_reader_missing(r, top, "campaign");
    }
    if (check_table_keys(r, &campaign, &config_params_campaign)) {
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
            status = check_selectable(r, &at, cfg, cell, &cfg->actions[a].select);
        }
    }
    free(cell);
    return status;
}

/* Reads an intervention's "trigger": exactly one condition, the story it
 * watches, the rate window and the delay. own_story tells whether the
 * intervention has a story the trigger can watch by default. */
/* Refuses a views or share-rate threshold the population can never reach,
 * so the intervention could never fire. Views come from posts and the
 * recommender: every account shares a story at most once, besides the
 * campaign's posts and each fact-check's, each post reaches each follower at most
 * once, and the recommender adds at most max_views_per_h an hour. Shares in
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
    for (size_t a = 0; a < cfg->action_count; a++) {
        posts += cfg->actions[a].select.count;
    }
    double most = posts * (accounts - 1.0);
    if (cfg->recommender.enabled) {
        most += cfg->recommender.max_views_per_h * (cfg->duration_h + cfg->recommender.tick_h);
    }
    if (iv->threshold > most) {
        message_number(most, bound, sizeof bound);
        return json_reader_expected(
            r, condition,
            "a number of views the scenario can reach: at most %s (%" PRIu32
            " accounts, each post seen at most once by each, plus the "
            "recommender's max_views_per_h), or the intervention never fires",
            bound, cfg->accounts);
    }
    return STATUS_OK;
}

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
    if (check_table_keys(r, &trigger, &config_params_trigger)) {
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
    if (json_reader_check_number(r, &condition, iv->trigger == TRIGGER_AT ? before_end : positive,
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
                "watches: a suspension has no story of its own)",
                iv->trigger == TRIGGER_VIEWS ? "views" : "share rate");
        }
    }
    if (read_key(r, &trigger, &config_params_trigger, "window_h", iv) ||
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
    if (check_table_keys(r, at, &config_params_intervention)) {
        return STATUS_BAD_INPUT;
    }
    const struct config_param *kinds = config_params_find(&config_params_intervention, "kind");
    struct json_where kind_at = json_reader_child(at, "kind");
    int kind = 0;
    if (!kind_at.item) {
        return json_reader_missing(r, at, "kind");
    }
    if (json_reader_check_choice(r, &kind_at, kinds->choices, kinds->choice_count, &kind) ||
        check_variant_keys(r, at, &config_params_intervention, kind, kinds->choices[kind])) {
        return STATUS_BAD_INPUT;
    }
    struct intervention_config *iv = config_add_intervention(cfg);
    iv->kind = (enum intervention_kind)kind;
    bool own_story = iv->kind != INTERVENTION_SUSPEND;
    if ((own_story && read_story_ref(r, at, "story", cfg, &iv->story)) ||
        read_trigger(r, at, cfg, own_story, iv)) {
        return STATUS_BAD_INPUT;
    }
    switch (iv->kind) {
    case INTERVENTION_FACTCHECK:
        iv->select.role = ROLE_FACTCHECKER;
        if (read_correction(r, at, cfg, iv) || read_select(r, at, cfg, &iv->select) ||
            read_key(r, at, &config_params_intervention, "label_factor", iv)) {
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
        if (read_key(r, at, &config_params_intervention, "factor", iv)) {
            return STATUS_BAD_INPUT;
        }
        break;
    }
    return STATUS_OK;
}

static int read_interventions(struct json_reader *r, const struct json_where *top,
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
        /* Only a suspension and a factcheck that publishes a correction select anyone. */
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->kind == INTERVENTION_SUSPEND ||
            (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0)) {
            status = check_selectable(r, &at, cfg, cell, &iv->select);
        }
    }
    free(cell);
    return status;
}

static int read_output(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where output = json_reader_child(top, "output");
    if (read_section(r, top, "output", &config_params_output, cfg, NULL, cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (cfg->duration_h / cfg->bin_h > BINS_MAX) {
        /* Blame bin_h if it was given, else the duration that outgrew the default bin. */
        struct json_where bin_h = json_reader_child(&output, "bin_h");
        char smallest[32];
        message_number(cfg->duration_h / BINS_MAX, smallest, sizeof smallest);
        if (bin_h.item) {
            return json_reader_expected(
                r, &bin_h, "a number >= %s (duration_h / bin_h must be at most 1e6 bins)",
                smallest);
        }
        struct json_where duration = json_reader_child(top, "duration_h");
        return json_reader_expected(r, &duration, "a number > 0 and at most 1e6 bins of bin_h");
    }
    return STATUS_OK;
}

/* The keys of the top level other than seed, replicates and duration_h. */
static int root_part(struct json_reader *r, const struct json_where *top,
                     const struct config_param *p, void *base, struct config *cfg)
{
    static const struct {
        const char *key;
        int (*read)(struct json_reader *r, const struct json_where *top, struct config *cfg);
    } parts[] = {
        {"name", read_name},
        {"note", read_note},
        {"population", read_population},
        {"platform", read_platform},
        {"recommender", read_recommender},
        {"stories", read_stories},
        {"campaign", read_campaign},
        {"interventions", read_interventions},
        {"output", read_output},
    };
    for (size_t i = 0; i < COUNT_OF(parts); i++) {
        if (strcmp(p->key, parts[i].key) == 0) {
            return parts[i].read(r, top, cfg);
        }
    }
    assert(!"a key of the root table without a reader");
    return STATUS_BAD_INPUT;
}

static int read_scenario(struct json_reader *r, const cJSON *root, struct config *cfg)
{
    struct json_where top = json_reader_root(root);
    struct json_where population;
    struct json_where communities;
    uint32_t community_count = 1;
    if (check_table_keys(r, &top, &config_params_root) ||
        json_reader_object(r, &top, "population", &population) ||
        check_table_keys(r, &population, &config_params_population) ||
        json_reader_object(r, &population, "communities", &communities) ||
        check_table_keys(r, &communities, &config_params_communities) ||
        read_community_count(r, &communities, &community_count)) {
        return STATUS_BAD_INPUT;
    }
    config_init(cfg, community_count);
    if (read_table(r, &top, &config_params_root, -1, cfg, root_part, cfg)) {
        return STATUS_BAD_INPUT;
    }
    struct error why;
    if (config_check(cfg, &why) != STATUS_OK) {
        return error_set(r->err, "%s: invalid scenario: %s", r->label, why.message);
    }
    return STATUS_OK;
}

/* ---- Public entry points ---- */

int scenario_parse(const char *text, const char *label, const struct scenario_override *overrides,
                   size_t override_count, struct config *cfg, struct error *err)
{
    memset(cfg, 0, sizeof *cfg);
    error_clear(err);
    struct json_reader r;
    json_reader_init(&r, text, label ? label : "scenario", err);
    cJSON *root = NULL;
    int status = json_reader_parse(&r, "an object holding the scenario", &root);
    for (size_t i = 0; i < override_count && status == STATUS_OK; i++) {
        status = json_patch_apply(&r, root, overrides[i].path, overrides[i].value);
    }
    if (status == STATUS_OK) {
        status = read_scenario(&r, root, cfg);
    }
    cJSON_Delete(root);
    json_reader_destroy(&r);
    if (status != STATUS_OK) {
        config_destroy(cfg);
        message_one_line(err);
    }
    return status;
}

int scenario_load(const char *path, const struct scenario_override *overrides,
                  size_t override_count, struct config *cfg, struct error *err)
{
    memset(cfg, 0, sizeof *cfg);
    char *text = json_locate_read_file(path, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    int status = scenario_parse(text, path, overrides, override_count, cfg, err);
    free(text);
    return status;
}
