/* Scenario files, read: the population. Every rule that ties the
 * population's keys together sits here: the number of communities (settled
 * first, as it sizes every per-community array), weights and the mixing
 * matrix, role counts against accounts, and the follower graph's source,
 * whose choice decides which other keys may appear. The table machinery is
 * scenario_read.c's (scenario_read_internal.h). */
#define _XOPEN_SOURCE 700 /* realpath, an XSI function */
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "message.h"
#include "scenario_read_internal.h"

#define COMMUNITIES_MAX CONFIG_COMMUNITIES_MAX

int scenario_read_population_community_count(struct json_reader *r,
                                             const struct json_where *communities, uint32_t *count)
{
    struct json_where count_at = json_reader_child(communities, "count");
    struct json_where weights = json_reader_child(communities, "weights");
    uint64_t n = 1;
    if (count_at.item && cJSON_IsNumber(count_at.item) &&
        count_at.item->valuedouble > COMMUNITIES_MAX) {
        return json_reader_expected(r, &count_at,
                                    "an integer in [1, %u] (the mixing matrix holds count² "
                                    "numbers: 128 MiB at %u)",
                                    COMMUNITIES_MAX, COMMUNITIES_MAX);
    }
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
            if (json_reader_check_number(r, &at, scenario_read_non_negative, &values[d])) {
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
    return scenario_read_switched(r, role, "followers", &config_params_followers,
                                  (int *)&followers->kind, followers);
}

/* A role's follower law cannot give its accounts more followers than there
 * are other accounts: every draw would be cut to accounts − 1, so a median
 * (or Pareto minimum) above that describes a graph the run does not build
 * (and 1e300 made every account follow every other, for minutes). Only roles
 * with accounts are checked: the defaults written back for a role with none
 * (a media median of 500,000 on a 1,000-account platform) describe nobody.
 * A file graph's followers come from its edges, not from these laws. */
static int check_followers_realisable(struct json_reader *r, const struct json_where *roles,
                                      const struct config *cfg)
{
    if (cfg->graph.source == GRAPH_FILE) {
        return STATUS_OK;
    }
    uint64_t others = 0;
    for (int i = 0; i < ROLE_COUNT; i++) {
        others += i == ROLE_USER ? 0 : cfg->roles[i].count;
    }
    double most = (double)cfg->accounts - 1.0;
    for (int i = 0; i < ROLE_COUNT; i++) {
        uint64_t members = i == ROLE_USER ? cfg->accounts - others : cfg->roles[i].count;
        const struct follower_dist *law = &cfg->roles[i].followers;
        bool pareto = law->kind == FOLLOWERS_PARETO;
        double value = pareto ? law->min : law->median;
        if (members == 0 || value <= most) {
            continue;
        }
        const char *key = pareto ? "min" : law->kind == FOLLOWERS_LOGNORMAL ? "median" : "n";
        const char *name = role_name((enum role)i);
        struct json_where role = json_reader_child(roles, name);
        struct json_where followers = json_reader_child(&role, "followers");
        struct json_where at = json_reader_child(&followers, key);
        char got[32], bound[32];
        message_number(value, got, sizeof got);
        message_number(most, bound, sizeof bound);
        return json_reader_fail(r, &at,
                                "expected a number in [0, %s] (an account has at most "
                                "population/accounts − 1 followers, and this law draws them "
                                "for the %" PRIu64 " %s accounts), got %s%s",
                                bound, members, name, got,
                                at.item ? "" : ", the role's default (set it lower)");
    }
    return STATUS_OK;
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
            scenario_read_check_table_keys(r, &role, &config_params_role)) {
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
        if (scenario_read_key(r, &role, &config_params_role, "share_prob", rc) ||
            scenario_read_key(r, &role, &config_params_role, "share_sigma", rc) ||
            scenario_read_key(r, &role, &config_params_role, "activity", rc) ||
            read_followers(r, &role, &rc->followers)) {
            return STATUS_BAD_INPUT;
        }
    }
    return check_followers_realisable(r, &roles, cfg);
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
        scenario_read_check_table_keys(r, &object, table) ||
        scenario_read_key(r, &object, table, "source", graph)) {
        return STATUS_BAD_INPUT;
    }
    if (graph->source == GRAPH_FILE) {
        return scenario_read_table(r, &object, table, GRAPH_FILE, graph, graph_part, cfg);
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

int scenario_read_population(struct json_reader *r, const struct json_where *top,
                             struct config *cfg)
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
    } else if (scenario_read_key(r, &population, &config_params_population, "accounts", cfg)) {
        return STATUS_BAD_INPUT;
    }
    if (weights.item) {
        size_t c = 0;
        double sum = 0.0;
        for (const cJSON *item = weights.item->child; item; item = item->next, c++) {
            struct json_where at = json_reader_element(&weights, c, item);
            if (json_reader_check_number(r, &at, scenario_read_positive,
                                         &cfg->community_weights[c])) {
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
    if (scenario_read_key(r, &communities, &config_params_communities, "homophily", cfg) ||
        read_mixing(r, &communities, cfg) || read_roles(r, &population, cfg)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}
