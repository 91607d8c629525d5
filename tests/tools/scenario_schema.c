/* docs/scenario.schema.json, built from the parameter table with cJSON: a
 * JSON Schema (draft-07, the draft editors support best) of the scenario
 * file. Each table becomes an object with additionalProperties false; a
 * switched object (followers and delay `dist`, graph `source`, intervention
 * `kind`) adds an if/then per choice that forbids the other choices' keys,
 * a trigger a oneOf over its conditions, and population.roles one object
 * per role with that role's defaults. Rules that tie keys together (story
 * references, counts against accounts, times before duration_h) are the
 * reader's alone: the schema checks types, ranges, names and keys. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "scenario_doc.h"

static cJSON *need(cJSON *item)
{
    if (!item) {
        doc_fail("out of memory", NULL);
    }
    return item;
}

static cJSON *object_schema(const struct config_param_table *table, int role);

/* The doc as plain text: editors show descriptions as they are. */
static cJSON *description(const struct config_param *p)
{
    size_t n = strlen(p->doc) + strlen(p->unit) + 16;
    char *text = malloc(n);
    if (!text) {
        doc_fail("out of memory", NULL);
    }
    size_t k = 0;
    for (const char *s = p->doc; *s; s++) {
        if (*s != '`' && strncmp(s, "**", 2) != 0) {
            text[k++] = *s;
        } else if (*s == '*') {
            s++;
        }
    }
    text[k] = '\0';
    if (p->unit[0]) {
        snprintf(text + k, n - k, " Unit: %s.", p->unit);
    }
    cJSON *item = need(cJSON_CreateString(text));
    free(text);
    return item;
}

static void add_range(cJSON *schema, struct config_range range)
{
    if (isfinite(range.lo)) {
        cJSON_AddNumberToObject(schema, range.lo_open ? "exclusiveMinimum" : "minimum", range.lo);
    }
    if (isfinite(range.hi)) {
        cJSON_AddNumberToObject(schema, range.hi_open ? "exclusiveMaximum" : "maximum", range.hi);
    }
}

static cJSON *string_enum(const char *const *names, size_t count, const char *extra)
{
    cJSON *list = need(cJSON_CreateArray());
    for (size_t i = 0; i < count; i++) {
        cJSON_AddItemToArray(list, need(cJSON_CreateString(names[i])));
    }
    if (extra) {
        cJSON_AddItemToArray(list, need(cJSON_CreateString(extra)));
    }
    return list;
}

static cJSON *scalar_schema(const struct config_param *p, int role)
{
    static const char *const types[] = {"number",  "integer", "integer",
                                        "boolean", "string",  "string"};
    cJSON *schema = need(cJSON_CreateObject());
    cJSON_AddStringToObject(schema, "type", types[p->type]);
    double x = doc_default(p, role);
    if (p->type == CONFIG_PARAM_CHOICE) {
        cJSON_AddItemToObject(schema, "enum", string_enum(p->choices, p->choice_count, NULL));
    } else if (p->type == CONFIG_PARAM_ROLE) {
        const char *names[ROLE_COUNT];
        for (int r = 0; r < ROLE_COUNT; r++) {
            names[r] = role_name((enum role)r);
        }
        cJSON_AddItemToObject(schema, "enum", string_enum(names, ROLE_COUNT, p->none));
    } else if (p->type != CONFIG_PARAM_BOOL) {
        add_range(schema, p->range);
    }
    if (doc_always_given(p) || isnan(x)) {
        return schema;
    }
    if (p->type == CONFIG_PARAM_BOOL) {
        cJSON_AddBoolToObject(schema, "default", x != 0);
    } else if (p->type == CONFIG_PARAM_CHOICE) {
        cJSON_AddStringToObject(schema, "default", p->choices[(int)x]);
    } else if (p->type == CONFIG_PARAM_ROLE) {
        cJSON_AddStringToObject(schema, "default", x < 0 ? p->none : role_name((enum role)x));
    } else {
        cJSON_AddNumberToObject(schema, "default", x);
    }
    return schema;
}

/* population.roles: one object per role, each with its role's defaults. */
static cJSON *roles_schema(const struct config_param_table *table)
{
    cJSON *schema = need(cJSON_CreateObject());
    cJSON_AddStringToObject(schema, "type", "object");
    cJSON_AddBoolToObject(schema, "additionalProperties", false);
    cJSON *properties = need(cJSON_AddObjectToObject(schema, "properties"));
    for (int r = 0; r < ROLE_COUNT; r++) {
        cJSON_AddItemToObject(properties, role_name((enum role)r), object_schema(table, r));
    }
    return schema;
}

/* Adds the keywords of the JSON text extra (a SPECIAL's schema, minItems) to schema. */
static void merge(cJSON *schema, const char *extra, const char *key)
{
    cJSON *parsed = cJSON_Parse(extra);
    if (!cJSON_IsObject(parsed)) {
        doc_fail("the schema text of this key is not a JSON object", key);
    }
    while (parsed->child) {
        cJSON *item = cJSON_DetachItemViaPointer(parsed, parsed->child);
        cJSON_AddItemToObject(schema, item->string, item);
    }
    cJSON_Delete(parsed);
}

static cJSON *param_schema(const struct config_param *p, int role)
{
    cJSON *schema;
    if (config_params_is_scalar(p)) {
        schema = scalar_schema(p, role);
    } else if (p->type == CONFIG_PARAM_OBJECT) {
        bool per_role = doc_switch_of(p->table) == DOC_PER_ROLE;
        schema = per_role ? roles_schema(p->table) : object_schema(p->table, role);
    } else if (p->type == CONFIG_PARAM_ARRAY) {
        schema = need(cJSON_CreateObject());
        cJSON_AddStringToObject(schema, "type", "array");
        cJSON_AddItemToObject(schema, "items", object_schema(p->table, -1));
    } else {
        schema = need(cJSON_CreateObject());
    }
    if (p->schema) {
        merge(schema, p->schema, p->key);
    }
    cJSON_AddItemToObject(schema, "description", description(p));
    return schema;
}

/* The keys of variant v: "required" those required there, the others of
 * other variants set to false (absent). Returns NULL when it says nothing. */
static cJSON *variant_rule(const struct config_param_table *table, int v)
{
    cJSON *rule = need(cJSON_CreateObject());
    cJSON *required = need(cJSON_CreateArray());
    cJSON *forbidden = need(cJSON_CreateObject());
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        if (!config_params_in_variant(p, v)) {
            cJSON_AddFalseToObject(forbidden, p->key);
        } else if (p->required != CONFIG_PARAM_ALWAYS && (p->required & (1u << v))) {
            cJSON_AddItemToArray(required, need(cJSON_CreateString(p->key)));
        }
    }
    cJSON_AddItemToObject(rule, "properties", forbidden);
    cJSON_AddItemToObject(rule, "required", required);
    if (!forbidden->child && !required->child) {
        cJSON_Delete(rule);
        return NULL;
    }
    if (!required->child) {
        cJSON_DeleteItemFromObject(rule, "required");
    }
    return rule;
}

/* if (switch key = choice v) then (its keys): one per choice. The default
 * choice's "if" also holds when the switch key is left out. */
static void add_switch_rules(cJSON *schema, const struct config_param_table *table)
{
    const struct config_param *sw = config_params_find(table, table->switch_key);
    cJSON *all = need(cJSON_AddArrayToObject(schema, "allOf"));
    for (int v = 0; v < doc_variant_count(table); v++) {
        cJSON *then = variant_rule(table, v);
        if (!then) {
            continue;
        }
        cJSON *rule = need(cJSON_CreateObject());
        cJSON *when = need(cJSON_AddObjectToObject(rule, "if"));
        cJSON *properties = need(cJSON_AddObjectToObject(when, "properties"));
        cJSON *value = need(cJSON_AddObjectToObject(properties, sw->key));
        cJSON_AddStringToObject(value, "const", sw->choices[v]);
        if (sw->required == CONFIG_PARAM_ALWAYS || v != (int)sw->fallback) {
            cJSON_AddItemToObject(when, "required", string_enum(&sw->key, 1, NULL));
        }
        cJSON_AddItemToObject(rule, "then", then);
        cJSON_AddItemToArray(all, rule);
    }
}

/* Exactly one condition, and only the keys of that condition. */
static void add_condition_rules(cJSON *schema, const struct config_param_table *table)
{
    cJSON *one = need(cJSON_AddArrayToObject(schema, "oneOf"));
    for (int v = 0; v < doc_variant_count(table); v++) {
        cJSON_AddItemToArray(one, variant_rule(table, v));
    }
}

static cJSON *object_schema(const struct config_param_table *table, int role)
{
    cJSON *schema = need(cJSON_CreateObject());
    cJSON_AddStringToObject(schema, "type", "object");
    cJSON_AddBoolToObject(schema, "additionalProperties", false);
    cJSON *properties = need(cJSON_AddObjectToObject(schema, "properties"));
    cJSON *required = need(cJSON_CreateArray());
    bool per_role = doc_switch_of(table) == DOC_PER_ROLE;
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        if (per_role && !config_params_in_variant(p, role)) {
            continue;
        }
        cJSON_AddItemToObject(properties, p->key, param_schema(p, role));
        if (p->required == CONFIG_PARAM_ALWAYS) {
            cJSON_AddItemToArray(required, need(cJSON_CreateString(p->key)));
        }
    }
    if (required->child) {
        cJSON_AddItemToObject(schema, "required", required);
    } else {
        cJSON_Delete(required);
    }
    if (doc_switch_of(table) == DOC_SWITCH_KEY) {
        add_switch_rules(schema, table);
    } else if (doc_switch_of(table) == DOC_CONDITION) {
        add_condition_rules(schema, table);
    }
    return schema;
}

cJSON *doc_schema(void)
{
    cJSON *root = object_schema(&config_params_root, -1);
    /* The header keywords go first, where a reader of the file looks. */
    cJSON *head = need(cJSON_CreateObject());
    cJSON_AddStringToObject(head, "$schema", "http://json-schema.org/draft-07/schema#");
    cJSON_AddStringToObject(head, "title", "amplisim scenario");
    cJSON_AddStringToObject(head, "description",
                            "A scenario file of amplisim (docs/scenario.md). Generated by "
                            "amplisim_doc from sim/model/config_params.c by scripts/gen-docs: "
                            "do not edit.");
    while (root->child) {
        cJSON *item = cJSON_DetachItemViaPointer(root, root->child);
        cJSON_AddItemToObject(head, item->string, item);
    }
    cJSON_Delete(root);
    return head;
}
