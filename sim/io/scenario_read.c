/* Scenario files, read: JSON text to struct config. Reading applies the
 * --set overrides to the parsed tree (json_patch), then checks every key
 * against the rules in docs/scenario.md through the one checked-JSON reader
 * (json_reader) and stops at the first mistake with a one-line message
 * naming the place (FILE:LINE:COL, or the --set override responsible), the
 * JSON path, the rule and the value found. These files hold the schema
 * only: scalar keys are read from the parameter table
 * (model/config_params.c) by the machinery here; what is left are the rules
 * that tie keys together. Each file holds the rules that refer to each
 * other: this one the top level, the platform, the recommender, the stories
 * and the output; scenario_read_population.c the community counts and
 * arrays, role counts against accounts and the graph's source;
 * scenario_read_actions.c the campaign and interventions (story references,
 * selections that must find someone, triggers that can fire). The sections
 * are read in the root table's order, so each may rely on those before it. */
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
#include "../model/observe.h"
#include "json_locate.h"
#include "json_patch.h"
#include "json_reader.h"
#include "message.h"
#include "scenario_read_internal.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

#define STORIES_MAX 65535
#define BINS_MAX 1e6
/* Rows of timeseries.csv (bins x stories x breakdowns) at most: 1e7 rows of
 * ~150 bytes is 1.5 GB of text, built in memory before it is written, and
 * more than pandas or gnuplot read comfortably. */
#define ROWS_MAX 1e7

int scenario_read_check_table_keys(struct json_reader *r, const struct json_where *object,
                                   const struct config_param_table *table)
{
    const char *keys[16];
    assert(table->count <= COUNT_OF(keys));
    size_t n = config_params_keys(table, -1, keys);
    return json_reader_check_keys(r, object, keys, n, "key");
}

int scenario_read_check_variant_keys(struct json_reader *r, const struct json_where *object,
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

int scenario_read_key(struct json_reader *r, const struct json_where *object,
                      const struct config_param_table *table, const char *key, void *base)
{
    const struct config_param *p = config_params_find(table, key);
    assert(p && config_params_is_scalar(p));
    return read_param(r, object, p, base);
}

int scenario_read_table(struct json_reader *r, const struct json_where *object,
                        const struct config_param_table *table, int variant, void *base,
                        scenario_read_part part, struct config *cfg)
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

int scenario_read_switched(struct json_reader *r, const struct json_where *parent, const char *key,
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
    if (scenario_read_check_table_keys(r, &object, table) ||
        json_reader_read_choice(r, &object, table->switch_key, switch_param->choices,
                                switch_param->choice_count, kind) ||
        scenario_read_check_variant_keys(r, &object, table, *kind, switch_param->choices[*kind])) {
        return STATUS_BAD_INPUT;
    }
    return scenario_read_table(r, &object, table, *kind, base, NULL, NULL);
}

int scenario_read_section(struct json_reader *r, const struct json_where *parent, const char *key,
                          const struct config_param_table *table, void *base,
                          scenario_read_part part, struct config *cfg)
{
    struct json_where object;
    if (json_reader_object(r, parent, key, &object) ||
        scenario_read_check_table_keys(r, &object, table)) {
        return STATUS_BAD_INPUT;
    }
    return scenario_read_table(r, &object, table, -1, base, part, cfg);
}

const struct json_range scenario_read_positive = {0.0, INFINITY, true, true};
const struct json_range scenario_read_non_negative = {0.0, INFINITY, false, true};

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

static int read_delay(struct json_reader *r, const struct json_where *platform,
                      struct delay_config *delay)
{
    return scenario_read_switched(r, platform, "delay", &config_params_delay, (int *)&delay->kind,
                                  delay);
}

/* "lifetime": the law of a post's lifetime; "lifetime_h" is its fixed
 * shorthand, so the two together would say the same thing twice. */
static int read_lifetime(struct json_reader *r, const struct json_where *platform,
                         struct lifetime_config *lifetime)
{
    struct json_where object = json_reader_child(platform, "lifetime");
    struct json_where shorthand = json_reader_child(platform, "lifetime_h");
    if (object.item && shorthand.item) {
        return json_reader_fail(r, &object,
                                "give lifetime_h (a fixed lifetime) or lifetime (a law), not both");
    }
    return scenario_read_switched(r, platform, "lifetime", &config_params_lifetime,
                                  (int *)&lifetime->kind, lifetime);
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
        if (at.item &&
            check_per_community(r, &at, cfg->communities, scenario_read_non_negative, row)) {
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
    if (strcmp(p->key, "lifetime") == 0) {
        return read_lifetime(r, object, &cfg->lifetime);
    }
    return read_trust(r, object, cfg);
}

static int read_platform(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    return scenario_read_section(r, top, "platform", &config_params_platform, cfg, platform_part,
                                 cfg);
}

/* The daily profile: exactly 24 weights, none negative, not all 0. Kept as
 * given (the model normalises), so that the resolved scenario written back
 * reads to the same numbers. */
static int recommender_part(struct json_reader *r, const struct json_where *object,
                            const struct config_param *p, void *base, struct config *cfg)
{
    struct recommender_config *rc = base;
    struct json_where at = json_reader_child(object, p->key);
    (void)cfg;
    if (!at.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsArray(at.item) || cJSON_GetArraySize(at.item) != CONFIG_PROFILE_HOURS) {
        return json_reader_expected(r, &at,
                                    "an array of 24 numbers in [0, 1e6] (one weight per hour "
                                    "of the day)");
    }
    const struct json_range weight = {0.0, CONFIG_PROFILE_WEIGHT_MAX, false, false};
    double sum = 0.0;
    size_t h = 0;
    for (const cJSON *item = at.item->child; item; item = item->next, h++) {
        struct json_where element = json_reader_element(&at, h, item);
        if (json_reader_check_number(r, &element, weight, &rc->daily_profile[h])) {
            return STATUS_BAD_INPUT;
        }
        sum += rc->daily_profile[h];
    }
    if (!(sum > 0.0)) {
        return json_reader_fail(r, &at,
                                "expected 24 weights with at least one > 0 (the profile is "
                                "normalised to mean 1), got all 0");
    }
    return STATUS_OK;
}

/* A tick longer than the run never comes. */
static int read_recommender(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    if (scenario_read_section(r, top, "recommender", &config_params_recommender, &cfg->recommender,
                              recommender_part, cfg)) {
        return STATUS_BAD_INPUT;
    }
    struct json_where recommender = json_reader_child(top, "recommender");
    char bound[32];
    if (cfg->recommender.max_views_per_h * cfg->recommender.tick_h > CONFIG_TICK_VIEWS_MAX) {
        struct json_where most = json_reader_child(&recommender, "max_views_per_h");
        message_number(CONFIG_TICK_VIEWS_MAX / cfg->recommender.tick_h, bound, sizeof bound);
        return json_reader_expected(r, most.item ? &most : &recommender,
                                    "a number in [0, %s] (max_views_per_h × tick_h must be at "
                                    "most 1e9 impressions a tick, the most a burst can hold)",
                                    bound);
    }
    double peak = config_recommender_profile_peak(cfg);
    if (cfg->recommender.enabled &&
        config_recommender_budget_h(cfg) * peak * cfg->recommender.tick_h > CONFIG_TICK_VIEWS_MAX) {
        double per_item =
            config_recommender_budget_h(cfg) * peak / cfg->recommender.items_per_user_day;
        struct json_where items = json_reader_child(&recommender, "items_per_user_day");
        message_number(CONFIG_TICK_VIEWS_MAX / (per_item * cfg->recommender.tick_h), bound,
                       sizeof bound);
        return json_reader_expected(
            r, items.item ? &items : &recommender,
            "a number in [0, %s] (the budget a tick, accounts × active_fraction × "
            "items_per_user_day / 24 × tick_h%s, must be at most 1e9 impressions)",
            bound, peak > 1.0 ? ", × the daily profile's peak over its mean" : "");
    }
    if (cfg->recommender.tick_h > cfg->duration_h) {
        struct json_where tick = json_reader_child(&recommender, "tick_h");
        message_number(cfg->duration_h, bound, sizeof bound);
        return json_reader_expected(
            r, tick.item ? &tick : &recommender,
            "a number in [0.015625, %s] (tick_h must be at most duration_h: a longer tick "
            "never comes)",
            bound);
    }
    return STATUS_OK;
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
    return check_per_community(r, &appeal, cfg->communities, scenario_read_non_negative,
                               story->appeal);
}

static int read_story(struct json_reader *r, const struct json_where *at, struct config *cfg)
{
    if (!cJSON_IsObject(at->item)) {
        return json_reader_expected(r, at, "a story object");
    }
    if (scenario_read_check_table_keys(r, at, &config_params_story)) {
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
    return scenario_read_table(r, at, &config_params_story, -1, story, story_part, cfg);
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

static int read_output(struct json_reader *r, const struct json_where *top, struct config *cfg)
{
    struct json_where output = json_reader_child(top, "output");
    if (scenario_read_section(r, top, "output", &config_params_output, cfg, NULL, cfg)) {
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
    double per_bin = (double)cfg->story_count * observation_keys(cfg->communities);
    double rows = ceil(cfg->duration_h / cfg->bin_h) * per_bin;
    if (rows > ROWS_MAX) {
        char smallest[32], got[32];
        message_number(cfg->duration_h * per_bin / ROWS_MAX, smallest, sizeof smallest);
        message_number(rows, got, sizeof got);
        struct json_where bin_h = json_reader_child(&output, "bin_h");
        struct json_where *at = bin_h.item ? &bin_h : &output;
        if (!at->item) {
            struct json_where duration = json_reader_child(top, "duration_h");
            return json_reader_expected(r, &duration,
                                        "a duration whose time series fits (bins x stories x "
                                        "breakdowns would be %s rows of timeseries.csv, above "
                                        "the 1e7 it may hold; or set output.bin_h >= %s)",
                                        got, smallest);
        }
        return json_reader_expected(r, at,
                                    "a number >= %s (bins x stories x breakdowns would be %s "
                                    "rows of timeseries.csv, above the 1e7, about 1.5 GB, it "
                                    "may hold)",
                                    smallest, got);
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
        {"population", scenario_read_population},
        {"platform", read_platform},
        {"recommender", read_recommender},
        {"stories", read_stories},
        {"campaign", scenario_read_actions_campaign},
        {"interventions", scenario_read_actions_interventions},
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
    if (scenario_read_check_table_keys(r, &top, &config_params_root) ||
        json_reader_object(r, &top, "population", &population) ||
        scenario_read_check_table_keys(r, &population, &config_params_population) ||
        json_reader_object(r, &population, "communities", &communities) ||
        scenario_read_check_table_keys(r, &communities, &config_params_communities) ||
        scenario_read_population_community_count(r, &communities, &community_count)) {
        return STATUS_BAD_INPUT;
    }
    config_init(cfg, community_count);
    if (scenario_read_table(r, &top, &config_params_root, -1, cfg, root_part, cfg)) {
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
    if (override_count > 0) {
        /* The file must stand on its own: an override may change a value,
         * never hide a mistake in the file as written. */
        int status = scenario_parse(text, label, NULL, 0, cfg, err);
        config_destroy(cfg);
        memset(cfg, 0, sizeof *cfg);
        if (status != STATUS_OK) {
            return status;
        }
    }
    struct json_reader r;
    json_reader_init(&r, text, label ? label : "scenario", err);
    cJSON *root = NULL;
    int status = json_reader_parse(&r, "an object holding the scenario", &root);
    for (size_t i = 0; i < override_count && status == STATUS_OK; i++) {
        status = json_patch_apply(&r, root, overrides[i].path, overrides[i].value, overrides[i].flag);
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
