/* The studies' variants of a scenario, built by editing a copy of the config
 * (batch/study.c), equal what the same scenario loads with the matching
 * --set (the way compare and run built them before): the same resolved
 * scenario, so the same runs and bytes. And config_copy shares nothing. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/study.h"
#include "check.h"
#include "io/scenario.h"

/* Two stories, a correction, three interventions of different kinds, a
 * mixing matrix and a note: every owned array of struct config. */
static const char scenario[] =
    "{\"name\": \"study\", \"note\": \"a note\", \"seed\": 5, \"replicates\": 3,"
    " \"duration_h\": 48,"
    " \"population\": {\"accounts\": 2000,"
    "   \"communities\": {\"weights\": [2, 1], \"mixing\": [[0.9, 0.1], [0.2, 0.8]]},"
    "   \"roles\": {\"bot\": {\"count\": 20}, \"factchecker\": {\"count\": 3, \"followers\": "
    "{\"median\": 500}}}},"
    " \"platform\": {\"trust\": {\"bot\": [0.5, 1.5]}},"
    " \"stories\": [{\"name\": \"rumour\", \"appeal\": [1, 3]},"
    "   {\"name\": \"other\"}, {\"name\": \"debunk\", \"kind\": \"correction\"}],"
    " \"campaign\": {\"actions\": [{\"at_h\": 1, \"story\": \"other\","
    "   \"select\": {\"role\": \"bot\", \"count\": 5}}]},"
    " \"interventions\": ["
    "   {\"kind\": \"factcheck\", \"story\": \"other\", \"correction\": \"debunk\","
    "    \"trigger\": {\"views\": 100, \"delay_h\": 2}},"
    "   {\"kind\": \"takedown\", \"story\": \"other\", \"trigger\": {\"at_h\": 10}},"
    "   {\"kind\": \"suspend\", \"select\": {\"role\": \"bot\", \"count\": 4},"
    "    \"trigger\": {\"share_rate_per_h\": 2, \"story\": \"rumour\", \"window_h\": 3}}]}";

/* The same without interventions. */
static const char plain[] =
    "{\"name\": \"plain\", \"seed\": 5, \"replicates\": 3, \"duration_h\": 48,"
    " \"population\": {\"accounts\": 2000},"
    " \"stories\": [{\"name\": \"rumour\"}],"
    " \"campaign\": {\"actions\": [{\"at_h\": 1, \"story\": \"rumour\"}]}}";

static void load(const char *text, const struct scenario_override *o, size_t n,
                 struct config *cfg)
{
    struct error err;
    error_clear(&err);
    int status = scenario_parse(text, "test", o, n, cfg, &err);
    if (status != STATUS_OK) {
        fprintf(stderr, "  %s\n", err.message);
    }
    CHECK(status == STATUS_OK);
}

static bool same_select(const struct select_config *a, const struct select_config *b)
{
    return a->role == b->role && a->community == b->community && a->count == b->count &&
           a->pick == b->pick;
}

/* Every field, also those a scenario file leaves out (a timed trigger's
 * window, its story). */
static bool same_intervention(const struct intervention_config *a,
                              const struct intervention_config *b)
{
    return a->kind == b->kind && a->trigger == b->trigger && a->at_h == b->at_h &&
           a->trigger_story == b->trigger_story && a->threshold == b->threshold &&
           a->window_h == b->window_h && a->delay_h == b->delay_h && a->story == b->story &&
           a->correction == b->correction && same_select(&a->select, &b->select) &&
           a->label_factor == b->label_factor && a->factor == b->factor;
}

/* The two configs resolve to the same scenario file, byte for byte, and
 * their interventions agree in every field. */
static void check_same_scenario(const struct config *a, const struct config *b)
{
    char *ja = scenario_to_json(a), *jb = scenario_to_json(b);
    CHECK(strcmp(ja, jb) == 0);
    free(ja);
    free(jb);
    CHECK(a->intervention_count == b->intervention_count);
    for (size_t i = 0; i < a->intervention_count && i < b->intervention_count; i++) {
        CHECK(same_intervention(&a->interventions[i], &b->interventions[i]));
    }
}

static void config_copy_resolves_to_the_same_scenario(void)
{
    struct config cfg, copy;
    load(scenario, NULL, 0, &cfg);
    config_copy(&copy, &cfg);
    check_same_scenario(&cfg, &copy);
    config_destroy(&copy);
    config_destroy(&cfg);
}

static void config_copy_shares_no_array(void)
{
    struct config cfg, copy;
    load(scenario, NULL, 0, &cfg);
    config_copy(&copy, &cfg);
    CHECK(copy.note != cfg.note && copy.mixing != cfg.mixing && copy.trust != cfg.trust);
    CHECK(copy.community_weights != cfg.community_weights);
    CHECK(copy.stories != cfg.stories && copy.stories[0].appeal != cfg.stories[0].appeal);
    CHECK(copy.actions != cfg.actions && copy.interventions != cfg.interventions);
    /* Destroying the copy leaves the original whole. */
    char *before = scenario_to_json(&cfg);
    config_destroy(&copy);
    char *after = scenario_to_json(&cfg);
    CHECK(strcmp(before, after) == 0);
    free(before);
    free(after);
    config_destroy(&cfg);
}

/* What run's views-prevented rerun once loaded: intervention i replaced by
 * a demotion of the first story by 1 at 0 h. */
static void check_without(size_t i)
{
    struct config cfg, alt, ref;
    load(scenario, NULL, 0, &cfg);
    study_without_intervention(&alt, &cfg, i);
    char pointer[32];
    snprintf(pointer, sizeof pointer, "/interventions/%zu", i);
    struct scenario_override o = {
        pointer,
        "{\"kind\": \"demote\", \"story\": \"rumour\", \"factor\": 1, \"trigger\": {\"at_h\": 0}}",
        NULL};
    load(scenario, &o, 1, &ref);
    CHECK(alt.intervention_count == cfg.intervention_count);
    check_same_scenario(&alt, &ref);
    config_destroy(&ref);
    config_destroy(&alt);
    config_destroy(&cfg);
}

static void without_first_intervention_equals_the_override(void)
{
    check_without(0);
}

static void without_middle_intervention_equals_the_override(void)
{
    check_without(1);
}

static void without_last_intervention_equals_the_override(void)
{
    check_without(2);
}

static void without_intervention_leaves_the_original(void)
{
    struct config cfg, alt;
    load(scenario, NULL, 0, &cfg);
    char *before = scenario_to_json(&cfg);
    study_without_intervention(&alt, &cfg, 1);
    char *after = scenario_to_json(&cfg);
    CHECK(strcmp(before, after) == 0);
    CHECK(cfg.interventions[1].kind == INTERVENTION_TAKEDOWN);
    free(before);
    free(after);
    config_destroy(&alt);
    config_destroy(&cfg);
}

/* What compare's resilience runs once loaded: a suspension of the top k
 * appended, written with %.17g. */
static void with_suspension_appends_what_the_override_did(void)
{
    struct config cfg, alt, ref;
    load(scenario, NULL, 0, &cfg);
    double at_h = 7.0 / 3.0;
    study_with_suspension(&alt, &cfg, 10, at_h);
    char value[256];
    snprintf(value, sizeof value,
             "{\"kind\": \"suspend\", \"select\": {\"count\": 10, \"pick\": \"top\"}, "
             "\"trigger\": {\"at_h\": %.17g}}",
             at_h);
    struct scenario_override o = {"/interventions/3", value, NULL};
    load(scenario, &o, 1, &ref);
    CHECK(alt.intervention_count == 4);
    check_same_scenario(&alt, &ref);
    config_destroy(&ref);
    config_destroy(&alt);
    config_destroy(&cfg);
}

static void with_suspension_on_a_scenario_without_interventions(void)
{
    struct config cfg, alt, ref;
    load(plain, NULL, 0, &cfg);
    study_with_suspension(&alt, &cfg, 100, 6.0);
    struct scenario_override o[2] = {
        {"/interventions", "[]", NULL},
        {"/interventions/0",
         "{\"kind\": \"suspend\", \"select\": {\"count\": 100, \"pick\": "
         "\"top\"}, \"trigger\": {\"at_h\": 6}}",
         NULL}};
    load(plain, o, 2, &ref);
    CHECK(alt.intervention_count == 1);
    check_same_scenario(&alt, &ref);
    config_destroy(&ref);
    config_destroy(&alt);
    config_destroy(&cfg);
}

int main(void)
{
    RUN_CASE(config_copy_resolves_to_the_same_scenario);
    RUN_CASE(config_copy_shares_no_array);
    RUN_CASE(without_first_intervention_equals_the_override);
    RUN_CASE(without_middle_intervention_equals_the_override);
    RUN_CASE(without_last_intervention_equals_the_override);
    RUN_CASE(without_intervention_leaves_the_original);
    RUN_CASE(with_suspension_appends_what_the_override_did);
    RUN_CASE(with_suspension_on_a_scenario_without_interventions);
    return CHECK_EXIT();
}
