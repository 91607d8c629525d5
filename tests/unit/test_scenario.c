/* Unit tests for io/scenario_read.c (with scenario_read_population.c and
 * scenario_read_actions.c) and scenario_write.c (scenario JSON <-> struct
 * config, overrides, messages) and io/json_locate.c (positions of values in
 * JSON text). Scenario texts are written with single quotes for
 * readability; text() turns them into JSON. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "io/fileio.h"
#include "io/json_locate.h"
#include "io/scenario.h"

/* Every key of the format with a non-default value somewhere; docs/scenario.md
 * shows the same scenario. */
static const char full_example[] =
    "{\n"
    "  'name': 'example',\n"
    "  'note': 'A state outlet seeds a story, bots amplify it, a fact-checker answers.',\n"
    "  'seed': 42,\n"
    "  'replicates': 20,\n"
    "  'duration_h': 72,\n"
    "  'population': {\n"
    "    'accounts': 200000,\n"
    "    'communities': {\n"
    "      'weights': [3, 1],\n"
    "      'homophily': 0.8,\n"
    "      'mixing': [[0.9, 0.1], [0.3, 0.7]]\n"
    "    },\n"
    "    'roles': {\n"
    "      'user': {'share_prob': 0.004, 'activity': 0.6},\n"
    "      'blogger': {'count': 400, 'share_prob': 0.04},\n"
    "      'influencer': {\n"
    "        'count': 40,\n"
    "        'followers': {'dist': 'pareto', 'min': 10000, 'alpha': 1.5, 'max': 5000000}\n"
    "      },\n"
    "      'media': {\n"
    "        'count': 5, 'share_prob': 0.03, 'followers': {'dist': 'fixed', 'n': 150000}\n"
    "      },\n"
    "      'site': {'count': 20},\n"
    "      'bot': {'count': 2000, 'share_prob': 0.5, 'followers': {'median': 30, 'sigma': 0.8}},\n"
    "      'factchecker': {'count': 3}\n"
    "    }\n"
    "  },\n"
    "  'platform': {\n"
    "    'visibility': 0.3,\n"
    "    'lifetime_h': 48,\n"
    "    'delay': {'dist': 'lognormal', 'median_h': 1.5, 'sigma': 1.1},\n"
    "    'synthetic_boost': 1.4,\n"
    "    'reinforcement': 1.2,\n"
    "    'trust': {'media': [1.5, 0.4], 'site': 1.2, 'factchecker': [0.8, 0.2]},\n"
    "    'click_through': 0.02\n"
    "  },\n"
    "  'recommender': {\n"
    "    'enabled': true, 'policy': 'credibility', 'tick_h': 0.5,\n"
    "    'background_engagement': 0.5, 'half_life_h': 6,\n"
    "    'max_views_per_h': 2e6, 'targeting': 'appeal'\n"
    "  },\n"
    "  'stories': [\n"
    "    {\n"
    "      'name': 'fabricated_claim', 'origin': 'media', 'appeal': [1.2, 0.3],\n"
    "      'synthetic': true, 'half_life_h': 24, 'decay_exponent': 0.4, 'share_sigma': 1.5\n"
    "    },\n"
    "    {'name': 'fact_check', 'kind': 'correction', 'origin': 'factchecker', 'appeal': 0.6}\n"
    "  ],\n"
    "  'campaign': {\n"
    "    'actions': [\n"
    "      {'at_h': 0, 'story': 'fabricated_claim', 'select': {'role': 'media', 'count': 1}},\n"
    "      {\n"
    "        'at_h': 2, 'story': 'fabricated_claim', 'jitter_h': 3,\n"
    "        'select': {'role': 'bot', 'community': 1, 'count': 200, 'pick': 'random'},\n"
    "        'link': 'site'\n"
    "      },\n"
    "      {'at_h': 12, 'story': 'fact_check', 'select': {'role': 'factchecker', 'count': 3}}\n"
    "    ]\n"
    "  },\n"
    "  'interventions': [\n"
    "    {\n"
    "      'kind': 'factcheck', 'story': 'fabricated_claim', 'correction': 'fact_check',\n"
    "      'trigger': {'views': 50000, 'delay_h': 2},\n"
    "      'select': {'role': 'factchecker', 'count': 3}, 'label_factor': 0.5\n"
    "    },\n"
    "    {\n"
    "      'kind': 'demote', 'story': 'fabricated_claim', 'factor': 0.2,\n"
    "      'trigger': {'share_rate_per_h': 500, 'window_h': 2}\n"
    "    },\n"
    "    {\n"
    "      'kind': 'suspend',\n"
    "      'select': {'role': 'bot', 'community': 1, 'count': 100, 'pick': 'random'},\n"
    "      'trigger': {'share_rate_per_h': 200, 'story': 'fabricated_claim', 'delay_h': 6}\n"
    "    },\n"
    "    {'kind': 'takedown', 'story': 'fabricated_claim', 'trigger': {'at_h': 48}}\n"
    "  ],\n"
    "  'output': {'bin_h': 0.5, 'community_reach_fraction': 0.05}\n"
    "}\n";

/* A graph read from tests/data/edges_small.txt, named relative to a scenario
 * in tests/unit (see unit_label). */
static const char file_graph_example[] =
    "{\n"
    "  'name': 'file_graph',\n"
    "  'population': {\n"
    "    'graph': {'source': 'file', 'path': '../data/edges_small.txt',\n"
    "              'attributes': '../data/attributes_small.txt', 'reverse': true},\n"
    "    'communities': {'weights': [1, 1]},\n"
    "    'roles': {'user': {'share_prob': 0.01}}\n"
    "  },\n"
    "  'stories': [{'name': 's'}],\n"
    "  'campaign': {'actions': [{'at_h': 0, 'story': 's', 'select': {'role': 'media'}}]}\n"
    "}\n";

static const char minimal_example[] = "{'stories': [{'name': 'rumour'}],\n"
                                      " 'campaign': {'actions': [{'at_h': 0, 'story': 'rumour'}]}}";

/* Returns a copy of quoted with every ' turned into ", which the caller frees. */
static char *text(const char *quoted)
{
    size_t n = strlen(quoted);
    char *json = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) {
        json[i] = quoted[i] == '\'' ? '"' : quoted[i];
    }
    return json;
}

/* Parses a single-quoted scenario; returns the status. */
static int parse(const char *quoted, const struct scenario_override *overrides, size_t count,
                 struct config *cfg, struct error *err)
{
    char *json = text(quoted);
    int status = scenario_parse(json, "test.json", overrides, count, cfg, err);
    free(json);
    return status;
}

/* Parses a scenario that must be rejected and returns nothing; the message
 * is left in err. */
static void parse_bad(const char *quoted, struct error *err)
{
    struct config cfg;
    int status = parse(quoted, NULL, 0, &cfg, err);
    CHECK(status == STATUS_BAD_INPUT);
    config_destroy(&cfg);
}

/* A scenario label in this file's directory (tests/unit), so that relative
 * paths in a scenario reach tests/data from any working directory. */
static void unit_label(const char *name, char *out, size_t size)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    if (slash) {
        snprintf(out, size, "%.*s/%s", (int)(slash - file), file, name);
    } else {
        snprintf(out, size, "%s", name);
    }
}

static bool same_string(const char *a, const char *b)
{
    return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static bool same_doubles(const double *a, const double *b, size_t n)
{
    if (!a || !b) {
        return a == b;
    }
    for (size_t i = 0; i < n; i++) {
        if (!(a[i] == b[i])) {
            return false;
        }
    }
    return true;
}

/* Field-by-field equality of two configs, with exact comparison of doubles. */
static bool same_config(const struct config *a, const struct config *b)
{
    size_t n = a->communities;
    bool same =
        strcmp(a->name, b->name) == 0 &&
        ((!a->note && !b->note) || (a->note && b->note && !strcmp(a->note, b->note))) &&
        a->seed == b->seed && a->replicates == b->replicates && a->duration_h == b->duration_h &&
        a->accounts == b->accounts && a->communities == b->communities &&
        same_doubles(a->community_weights, b->community_weights, n) &&
        a->homophily == b->homophily && same_doubles(a->mixing, b->mixing, n * n) &&
        a->visibility == b->visibility && a->lifetime.kind == b->lifetime.kind &&
        a->lifetime.h == b->lifetime.h && a->delay.kind == b->delay.kind &&
        a->delay.half_life_h == b->delay.half_life_h && a->delay.median_h == b->delay.median_h &&
        a->delay.sigma == b->delay.sigma && a->delay.max_h == b->delay.max_h &&
        a->synthetic_boost == b->synthetic_boost && a->reinforcement == b->reinforcement &&
        same_doubles(a->trust, b->trust, (size_t)ROLE_COUNT * n) &&
        a->click_through == b->click_through && a->recommender.enabled == b->recommender.enabled &&
        a->recommender.tick_h == b->recommender.tick_h &&
        a->recommender.policy == b->recommender.policy &&
        a->recommender.background_engagement == b->recommender.background_engagement &&
        a->recommender.half_life_h == b->recommender.half_life_h &&
        a->recommender.max_views_per_h == b->recommender.max_views_per_h &&
        a->recommender.targeting == b->recommender.targeting && a->story_count == b->story_count &&
        a->action_count == b->action_count && a->intervention_count == b->intervention_count &&
        a->bin_h == b->bin_h && a->community_reach_fraction == b->community_reach_fraction &&
        a->graph.source == b->graph.source && same_string(a->graph.path, b->graph.path) &&
        same_string(a->graph.attributes, b->graph.attributes) &&
        a->graph.undirected == b->graph.undirected && a->graph.reverse == b->graph.reverse;
    for (int r = 0; same && r < ROLE_COUNT; r++) {
        const struct role_config *x = &a->roles[r];
        const struct role_config *y = &b->roles[r];
        same = x->count == y->count && x->share_prob == y->share_prob &&
               x->activity == y->activity && x->followers.kind == y->followers.kind &&
               x->followers.median == y->followers.median &&
               x->followers.sigma == y->followers.sigma && x->followers.min == y->followers.min &&
               x->followers.alpha == y->followers.alpha && x->followers.max == y->followers.max;
    }
    for (size_t s = 0; same && s < a->story_count; s++) {
        const struct story_config *x = &a->stories[s];
        const struct story_config *y = &b->stories[s];
        same = strcmp(x->name, y->name) == 0 && x->kind == y->kind && x->origin == y->origin &&
               same_doubles(x->appeal, y->appeal, n) && x->synthetic == y->synthetic &&
               x->half_life_h == y->half_life_h && x->decay_exponent == y->decay_exponent &&
               x->share_sigma == y->share_sigma;
    }
    for (size_t i = 0; same && i < a->action_count; i++) {
        const struct action_config *x = &a->actions[i];
        const struct action_config *y = &b->actions[i];
        same = x->at_h == y->at_h && x->story == y->story && x->select.role == y->select.role &&
               x->select.community == y->select.community && x->select.count == y->select.count &&
               x->select.pick == y->select.pick && x->jitter_h == y->jitter_h && x->link == y->link;
    }
    for (size_t i = 0; same && i < a->intervention_count; i++) {
        const struct intervention_config *x = &a->interventions[i];
        const struct intervention_config *y = &b->interventions[i];
        same = x->kind == y->kind && x->trigger == y->trigger && x->at_h == y->at_h &&
               x->trigger_story == y->trigger_story && x->threshold == y->threshold &&
               x->window_h == y->window_h && x->delay_h == y->delay_h && x->story == y->story &&
               x->correction == y->correction && x->select.role == y->select.role &&
               x->select.community == y->select.community && x->select.count == y->select.count &&
               x->select.pick == y->select.pick && x->label_factor == y->label_factor &&
               x->factor == y->factor;
    }
    return same;
}

static bool is_all_zero(const void *p, size_t size)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < size; i++) {
        if (bytes[i]) {
            return false;
        }
    }
    return true;
}

/* ---- json_locate ---- */

static void json_locate_finds_nested_value_line_and_column(void)
{
    const char *json = "{\n  \"a\": {\"b\": [10, 20,\n    30]}\n}";
    struct json_position pos;
    CHECK(json_locate_value(json, "/a/b/2", &pos));
    CHECK(pos.line == 3 && pos.column == 5);
    CHECK(json_locate_value(json, "/a/b/1", &pos));
    CHECK(pos.line == 2 && pos.column == 19);
    CHECK(json_locate_value(json, "", &pos));
    CHECK(pos.line == 1 && pos.column == 1 && pos.offset == 0);
}

static void json_locate_finds_key_and_its_repeats(void)
{
    const char *json = "{\"x\": 1, \"y\": 2, \"x\": 3}";
    struct json_position pos;
    CHECK(json_locate_key(json, "/x", 0, &pos));
    CHECK(pos.column == 2);
    CHECK(json_locate_key(json, "/x", 1, &pos));
    CHECK(pos.column == 18);
    CHECK(json_locate_value(json, "/y", &pos));
    CHECK(pos.column == 15);
}

static void json_locate_decodes_escaped_keys_and_pointer_escapes(void)
{
    const char *json = "{\"a/b\": 1, \"t~\": 2, \"\\u00e9t\\u00e9\": 3, \"q\\\"\": 4}";
    struct json_position pos;
    CHECK(json_locate_value(json, "/a~1b", &pos));
    CHECK(pos.column == 9);
    CHECK(json_locate_value(json, "/t~0", &pos));
    CHECK(pos.column == 18);
    CHECK(json_locate_value(json, "/\xc3\xa9t\xc3\xa9", &pos));
    CHECK(json[pos.offset] == '3');
    CHECK(json_locate_value(json, "/q\"", &pos));
    CHECK(json[pos.offset] == '4');
}

static void json_locate_skips_strings_holding_brackets_and_quotes(void)
{
    const char *json =
        "{\"s\": \"}]{[\\\"\", \"n\": [\"]\", {\"k\": \"}\"}, -1.5e3, true], \"z\": null}";
    struct json_position pos;
    CHECK(json_locate_value(json, "/z", &pos));
    CHECK(strncmp(json + pos.offset, "null", 4) == 0);
    CHECK(json_locate_value(json, "/n/2", &pos));
    CHECK(strncmp(json + pos.offset, "-1.5e3", 6) == 0);
    CHECK(json_locate_value(json, "/n/3", &pos));
    CHECK(strncmp(json + pos.offset, "true", 4) == 0);
}

static void json_locate_missing_key_gives_enclosing_object(void)
{
    const char *json = "{\"a\": [1, {\"b\": 2}]}";
    struct json_position pos;
    CHECK(!json_locate_value(json, "/a/1/c", &pos));
    CHECK(pos.column == 11);
    CHECK(!json_locate_value(json, "/a/5", &pos));
    CHECK(pos.column == 7);
    CHECK(!json_locate_value(json, "/a/01", &pos));
    CHECK(!json_locate_value(json, "/a/0/x", &pos)); /* a path through a number */
    CHECK(pos.column == 8);
}

static void json_locate_counts_columns_in_characters(void)
{
    const char *json = "\xef\xbb\xbf{\"\xc3\xa9\xc3\xa9\": 1}"; /* BOM, then {"éé": 1} */
    struct json_position pos;
    CHECK(json_locate_value(json, "/\xc3\xa9\xc3\xa9", &pos));
    CHECK(pos.line == 1 && pos.column == 8);
}

static void json_locate_unclosed_finds_innermost_open_thing(void)
{
    struct json_position pos;
    CHECK(json_locate_unclosed("{\"a\": [1, {\"b\": 2}", 18, &pos));
    CHECK(pos.column == 7);
    CHECK(json_locate_unclosed("{\"a\": \"x}", 9, &pos));
    CHECK(pos.column == 7);
    CHECK(!json_locate_unclosed("{\"a\": [\"]\"]}", 12, &pos));
}

/* ---- reading ---- */

static void scenario_minimal_file_gets_documented_defaults(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(minimal_example, NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(strcmp(cfg.name, "test") == 0);
    CHECK(cfg.note == NULL);
    CHECK(cfg.seed == 1 && cfg.replicates == 10 && cfg.duration_h == 168.0);
    CHECK(cfg.accounts == 100000 && cfg.communities == 1 && cfg.community_weights[0] == 1.0);
    CHECK(cfg.homophily == 0.0 && cfg.mixing == NULL);
    CHECK(cfg.roles[ROLE_USER].share_prob == 0.005 && cfg.roles[ROLE_USER].count == 0);
    CHECK(cfg.roles[ROLE_MEDIA].followers.kind == FOLLOWERS_LOGNORMAL);
    CHECK(cfg.roles[ROLE_MEDIA].followers.median == 500000.0);
    CHECK(cfg.visibility == 1.0 && cfg.lifetime.h == 24.0);
    CHECK(cfg.delay.kind == DELAY_EXPONENTIAL && cfg.delay.half_life_h == 80.0 / 60.0);
    CHECK(cfg.trust[ROLE_BOT] == 1.0);
    CHECK(!cfg.recommender.enabled && cfg.recommender.tick_h == 0.25);
    CHECK(cfg.story_count == 1 && cfg.stories[0].kind == STORY_FABRICATED);
    CHECK(cfg.stories[0].origin == -1 && cfg.stories[0].appeal[0] == 1.0);
    CHECK(cfg.action_count == 1 && cfg.actions[0].select.role == -1);
    CHECK(cfg.actions[0].select.community == -1 && cfg.actions[0].select.count == 1);
    CHECK(cfg.bin_h == 1.0 && cfg.community_reach_fraction == 0.01);
    CHECK(cfg.graph.source == GRAPH_GENERATED && cfg.graph.path == NULL);
    CHECK(cfg.graph.attributes == NULL && !cfg.graph.undirected && !cfg.graph.reverse);
    CHECK(cfg.intervention_count == 0 && cfg.interventions == NULL);
    config_destroy(&cfg);
}

static void scenario_full_example_reads_every_key(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(full_example, NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(strcmp(cfg.name, "example") == 0 && cfg.note != NULL);
    CHECK(cfg.seed == 42 && cfg.replicates == 20 && cfg.duration_h == 72.0);
    CHECK(cfg.accounts == 200000 && cfg.communities == 2);
    CHECK(cfg.community_weights[0] == 3.0 && cfg.community_weights[1] == 1.0);
    CHECK(cfg.mixing != NULL && cfg.mixing[2] == 0.3);
    CHECK(cfg.roles[ROLE_USER].activity == 0.6);
    CHECK(cfg.roles[ROLE_INFLUENCER].followers.kind == FOLLOWERS_PARETO);
    CHECK(cfg.roles[ROLE_INFLUENCER].followers.min == 10000.0);
    CHECK(cfg.roles[ROLE_INFLUENCER].followers.max == 5000000);
    CHECK(cfg.roles[ROLE_MEDIA].followers.kind == FOLLOWERS_FIXED);
    CHECK(cfg.roles[ROLE_MEDIA].followers.median == 150000.0);
    CHECK(cfg.roles[ROLE_BOT].count == 2000 && cfg.roles[ROLE_BOT].followers.sigma == 0.8);
    CHECK(cfg.delay.kind == DELAY_LOGNORMAL && cfg.delay.median_h == 1.5);
    CHECK(cfg.trust[ROLE_MEDIA * 2 + 0] == 1.5 && cfg.trust[ROLE_MEDIA * 2 + 1] == 0.4);
    CHECK(cfg.trust[ROLE_SITE * 2 + 1] == 1.2 && cfg.trust[ROLE_USER * 2] == 1.0);
    CHECK(cfg.recommender.enabled && cfg.recommender.targeting == TARGET_APPEAL);
    CHECK(cfg.recommender.max_views_per_h == 2e6);
    CHECK(cfg.story_count == 2 && cfg.stories[0].origin == ROLE_MEDIA);
    CHECK(cfg.stories[0].synthetic && cfg.stories[0].appeal[1] == 0.3);
    CHECK(cfg.stories[1].kind == STORY_CORRECTION && cfg.stories[1].appeal[1] == 0.6);
    CHECK(cfg.stories[0].decay_exponent == 0.4 && cfg.stories[1].decay_exponent == 1.0);
    CHECK(cfg.stories[0].share_sigma == 1.5 && cfg.stories[1].share_sigma == 0.0);
    CHECK(cfg.action_count == 3 && cfg.actions[1].story == 0 && cfg.actions[2].story == 1);
    CHECK(cfg.actions[1].select.role == ROLE_BOT && cfg.actions[1].select.community == 1);
    CHECK(cfg.actions[1].select.pick == PICK_RANDOM && cfg.actions[1].jitter_h == 3.0);
    CHECK(cfg.intervention_count == 4);
    CHECK(cfg.bin_h == 0.5 && cfg.community_reach_fraction == 0.05);
    config_destroy(&cfg);
}

/* The cascade mechanisms' keys (docs/model.md §3, §4, §7) reach the config. */
static void scenario_reads_propensity_power_law_delay_and_pick_by_followers(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse("{'population': {'roles': {'user': {'share_prob': 0.02, 'share_sigma': 1.5}}},\n"
                " 'platform': {'delay': {'dist': 'powerlaw', 'flat_h': 0.1, 'exponent': 0.5}},\n"
                " 'stories': [{'name': 'rumour'}],\n"
                " 'campaign': {'actions': [{'at_h': 0, 'story': 'rumour',\n"
                "                           'select': {'role': 'user', 'pick': 'followers'}}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.roles[ROLE_USER].share_sigma == 1.5 && cfg.roles[ROLE_BOT].share_sigma == 0.0);
    CHECK(cfg.delay.kind == DELAY_POWERLAW && cfg.delay.flat_h == 0.1 && cfg.delay.exponent == 0.5);
    CHECK(cfg.actions[0].select.pick == PICK_FOLLOWERS);
    config_destroy(&cfg);
}

static void scenario_name_defaults_to_file_name_without_json(void)
{
    struct config cfg;
    struct error err;
    char *json = text(minimal_example);
    CHECK(scenario_parse(json, "scenarios/sub/x-1.json", NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(strcmp(cfg.name, "x-1") == 0);
    config_destroy(&cfg);
    CHECK(scenario_parse(json, "my run (2).json", NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(strcmp(cfg.name, "my_run__2_") == 0);
    config_destroy(&cfg);
    free(json);
}

static void scenario_community_count_comes_from_weights(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse("{'population': {'communities': {'weights': [1, 2, 5]}},"
                " 'stories': [{'name': 's', 'appeal': [0, 1, 2]}],"
                " 'campaign': {'actions': [{'at_h': 1, 'story': 's',"
                " 'select': {'community': 2}}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.communities == 3 && cfg.community_weights[2] == 5.0);
    CHECK(cfg.stories[0].appeal[2] == 2.0 && cfg.actions[0].select.community == 2);
    config_destroy(&cfg);
}

static void scenario_followers_dist_switch_keeps_unset_parameters(void)
{
    struct config cfg;
    struct error err;
    CHECK(
        parse("{'population': {'roles': {'bot': {'followers': {'dist': 'pareto', 'alpha': 2}}}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.roles[ROLE_BOT].followers.kind == FOLLOWERS_PARETO);
    CHECK(cfg.roles[ROLE_BOT].followers.alpha == 2.0 && cfg.roles[ROLE_BOT].followers.min == 1.0);
    config_destroy(&cfg);
}

static void scenario_file_graph_reads_its_keys_and_leaves_accounts_to_the_file(void)
{
    struct config cfg;
    struct error err;
    char label[1024];
    unit_label("x.json", label, sizeof label);
    char *json =
        text("{'population': {'graph': {'source': 'file', 'path': '../data/edges_small.txt',"
             " 'undirected': true}, 'roles': {'bot': {'count': 4000000000}}},"
             " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0,"
             " 'story': 's', 'select': {'role': 'bot'}}]}}");
    CHECK(scenario_parse(json, label, NULL, 0, &cfg, &err) == STATUS_OK);
    free(json);
    CHECK(cfg.graph.source == GRAPH_FILE && cfg.accounts == 0);
    CHECK(cfg.graph.undirected && !cfg.graph.reverse && cfg.graph.attributes == NULL);
    CHECK(cfg.roles[ROLE_BOT].count == 4000000000u);
    /* An existing file's path is made absolute and canonical. */
    CHECK(cfg.graph.path && cfg.graph.path[0] == '/' && !strstr(cfg.graph.path, "/../"));
    CHECK_CONTAINS(cfg.graph.path, "/tests/data/edges_small.txt");
    config_destroy(&cfg);
}

/* Parses a file-graph scenario whose graph path is `path`, labelled label,
 * and returns the resolved path (freed by the caller). */
static char *resolved_path(const char *label, const char *path,
                           const struct scenario_override *overrides, size_t count)
{
    char quoted[1024];
    snprintf(quoted, sizeof quoted,
             "{'population': {'graph': {'source': 'file', 'path': '%s'}},"
             " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
             path);
    char *json = text(quoted);
    struct config cfg;
    struct error err;
    CHECK(scenario_parse(json, label, overrides, count, &cfg, &err) == STATUS_OK);
    char *resolved = cfg.graph.path;
    cfg.graph.path = NULL;
    free(json);
    config_destroy(&cfg);
    return resolved;
}

static void scenario_graph_paths_are_relative_to_the_scenario_file(void)
{
    /* The files do not exist, so the joined paths are kept as they are. */
    char *path = resolved_path("scenarios/x.json", "data/g.txt", NULL, 0);
    CHECK(path && strcmp(path, "scenarios/data/g.txt") == 0);
    free(path);
    path = resolved_path("x.json", "data/g.txt", NULL, 0);
    CHECK(path && strcmp(path, "data/g.txt") == 0);
    free(path);
    path = resolved_path("scenarios/x.json", "/nonexistent/g.txt", NULL, 0);
    CHECK(path && strcmp(path, "/nonexistent/g.txt") == 0);
    free(path);
    /* A path given by --set is typed relative to the current directory. */
    const struct scenario_override set[] = {{"population.graph.path", "other/g.txt", NULL}};
    path = resolved_path("scenarios/x.json", "data/g.txt", set, 1);
    CHECK(path && strcmp(path, "other/g.txt") == 0);
    free(path);
}

static void scenario_graph_mistakes_name_the_key_and_the_rule(void)
{
    struct error err;
    parse_bad("{'population': {'accounts': 500, 'graph': {'source': 'file', 'path': 'g.txt'}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "test.json:1:29: /population/accounts: expected no accounts with "
                                "/population/graph/source \"file\" (the edge list decides how "
                                "many there are), got 500");
    parse_bad("{'population': {'graph': {'source': 'implicit'},"
              " 'communities': {'mixing': [[1]]}}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/communities/mixing: expected no mixing matrix with "
                                "/population/graph/source \"implicit\": the implicit graph takes "
                                "homophily, not a mixing matrix");
    parse_bad("{'population': {'graph': {'path': 'g.txt'}}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "test.json:1:27: /population/graph/path: expected no \"path\" "
                                "with source \"generated\" (only source \"file\" reads an edge "
                                "list)");
    parse_bad("{'population': {'graph': {'source': 'implicit', 'reverse': false}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/graph/reverse: expected no \"reverse\" with source "
                                "\"implicit\"");
    parse_bad("{'population': {'graph': {'source': 'csv'}}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/graph/source: expected one of \"generated\", "
                                "\"implicit\", \"file\", got \"csv\"");
    parse_bad("{'population': {'graph': {'source': 'file'}}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "test.json:1:26: /population/graph: missing required key "
                                "\"path\"");
    parse_bad("{'population': {'graph': {'source': 'file', 'path': ''}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/graph/path: expected a file path (a non-empty "
                                "string), got \"\"");
    parse_bad("{'population': {'graph': {'source': 'file', 'path': 'g', 'undirected': 1}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/graph/undirected: expected true or false, got 1");
}

/* ---- interventions ---- */

/* A scenario of 100 hours with two communities, bots and fact-checkers, a
 * fabricated story, a correction and another story, and the interventions
 * given. */
#define WITH_INTERVENTIONS(list)                                                                   \
    "{'duration_h': 100, 'population': {'accounts': 1000, 'communities': {'weights': [1, 1]},"     \
    " 'roles': {'bot': {'count': 50},"                                                             \
    " 'factchecker': {'count': 2, 'followers': {'median': 99}}}},"                                 \
    " 'stories': [{'name': 'rumour'}, {'name': 'debunk', 'kind': 'correction'},"                   \
    " {'name': 'other'}], 'campaign': {'actions': [{'at_h': 0, 'story': 'rumour'}]},"              \
    " 'interventions': [" list "]}"

static void scenario_factcheck_reads_target_correction_select_and_label(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(WITH_INTERVENTIONS("{'kind': 'factcheck', 'story': 'rumour', 'correction': "
                                   "'debunk', 'trigger': {'views': 5000}, 'label_factor': 0.3},"
                                   " {'kind': 'factcheck', 'story': 'other', 'trigger': "
                                   "{'at_h': 10}, 'select': {'role': 'any', 'count': 4}}"),
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.intervention_count == 2);
    const struct intervention_config *iv = &cfg.interventions[0];
    CHECK(iv->kind == INTERVENTION_FACTCHECK && iv->story == 0 && iv->correction == 1);
    CHECK(iv->trigger == TRIGGER_VIEWS && iv->threshold == 5000.0 && iv->trigger_story == 0);
    CHECK(iv->delay_h == 0.0 && iv->window_h == 1.0 && iv->label_factor == 0.3);
    CHECK(iv->select.role == ROLE_FACTCHECKER && iv->select.community == -1);
    CHECK(iv->select.count == 1 && iv->select.pick == PICK_TOP && iv->factor == 1.0);
    iv = &cfg.interventions[1];
    CHECK(iv->kind == INTERVENTION_FACTCHECK && iv->story == 2 && iv->correction == -1);
    CHECK(iv->trigger == TRIGGER_AT && iv->at_h == 10.0 && iv->label_factor == 1.0);
    CHECK(iv->select.role == -1 && iv->select.count == 4);
    config_destroy(&cfg);
}

static void scenario_takedown_reads_a_timed_trigger_and_delay(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'other', 'trigger': "
                                   "{'at_h': 12.5, 'delay_h': 3}}"),
                NULL, 0, &cfg, &err) == STATUS_OK);
    const struct intervention_config *iv = &cfg.interventions[0];
    CHECK(cfg.intervention_count == 1 && iv->kind == INTERVENTION_TAKEDOWN && iv->story == 2);
    CHECK(iv->trigger == TRIGGER_AT && iv->at_h == 12.5 && iv->delay_h == 3.0);
    config_destroy(&cfg);
}

static void scenario_suspend_reads_select_and_the_story_its_trigger_watches(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(WITH_INTERVENTIONS("{'kind': 'suspend', 'select': {'role': 'bot', 'community': 1,"
                                   " 'count': 20, 'pick': 'random'}, 'trigger': "
                                   "{'share_rate_per_h': 40, 'story': 'other', 'window_h': 0.5}}"),
                NULL, 0, &cfg, &err) == STATUS_OK);
    const struct intervention_config *iv = &cfg.interventions[0];
    CHECK(iv->kind == INTERVENTION_SUSPEND && iv->trigger == TRIGGER_SHARE_RATE);
    CHECK(iv->threshold == 40.0 && iv->trigger_story == 2 && iv->window_h == 0.5);
    CHECK(iv->select.role == ROLE_BOT && iv->select.community == 1);
    CHECK(iv->select.count == 20 && iv->select.pick == PICK_RANDOM);
    config_destroy(&cfg);
}

static void scenario_demote_reads_its_factor_and_a_watched_story(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(WITH_INTERVENTIONS("{'kind': 'demote', 'story': 'rumour', 'factor': 0.25,"
                                   " 'trigger': {'views': 100, 'story': 'other', 'delay_h': 1}}"),
                NULL, 0, &cfg, &err) == STATUS_OK);
    const struct intervention_config *iv = &cfg.interventions[0];
    CHECK(iv->kind == INTERVENTION_DEMOTE && iv->story == 0 && iv->factor == 0.25);
    CHECK(iv->trigger == TRIGGER_VIEWS && iv->threshold == 100.0 && iv->trigger_story == 2);
    CHECK(iv->delay_h == 1.0);
    config_destroy(&cfg);
}

static void scenario_intervention_mistakes_name_the_key_and_the_rule(void)
{
    struct error err;
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'at_h': 100}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/at_h: expected a number in [0, 100), "
                                "got 100");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'at_h': 90, 'delay_h': 20}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/delay_h: expected a number in [0, 10) "
                                "(at_h + delay_h must be before duration_h");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'views': 10, 'delay_h': 100}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/delay_h: expected a number in [0, 100), "
                                "got 100");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'views': 0}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/views: expected a number > 0, got 0");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'at_h': 1, 'views': 2, 'share_rate_per_h': 3}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger: expected exactly one of \"at_h\", "
                                "\"views\", \"share_rate_per_h\", got \"at_h\", \"views\" and "
                                "\"share_rate_per_h\"");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'at_h': 1, 'story': 'other'}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/story: expected no \"story\" with "
                                "\"at_h\" (a trigger at a time watches no story)");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour', 'trigger': "
                                 "{'views': 1, 'window_h': 2}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/trigger/window_h: expected no \"window_h\" with "
                                "\"views\" (only \"share_rate_per_h\" is measured over a window)");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'factcheck', 'story': 'debunk', 'correction': "
                                 "'debunk', 'trigger': {'at_h': 1}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/correction: expected a story other than the one "
                                "fact-checked (\"story\"), got \"debunk\" for both");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'demote', 'story': 'rumour', 'trigger': {'at_h': 1}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0: missing required key \"factor\"");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'factcheck', 'story': 'rumour', 'trigger': "
                                 "{'at_h': 1}, 'labl_factor': 0.5}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/labl_factor: unknown key \"labl_factor\"; did "
                                "you mean \"label_factor\"?");
    parse_bad(WITH_INTERVENTIONS("{'story': 'rumour', 'trigger': {'at_h': 1}}"), &err);
    CHECK_CONTAINS(err.message, "/interventions/0: missing required key \"kind\"");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumour'}"), &err);
    CHECK_CONTAINS(err.message, "/interventions/0: missing required key \"trigger\"");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'takedown', 'story': 'rumor', 'trigger': {'at_h': 1}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/story: expected the name of a story in /stories "
                                "(\"rumour\", \"debunk\", \"other\"), got \"rumor\"; did you mean "
                                "\"rumour\"?");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'suspend', 'select': {'role': 'media'}, 'trigger': "
                                 "{'at_h': 1}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/select: expected at least one account with role "
                                "media in any community, got none");
    parse_bad(WITH_INTERVENTIONS("{'kind': 'factcheck', 'story': 'rumour', 'correction': "
                                 "'debunk', 'select': {'role': 'site'}, 'trigger': {'at_h': 1}}"),
              &err);
    CHECK_CONTAINS(err.message, "/interventions/0/select: expected at least one account with role "
                                "site in any community, got none");
    parse_bad("{'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]},"
              " 'interventions': {'kind': 'takedown'}}",
              &err);
    CHECK_CONTAINS(err.message, "/interventions: expected an array of interventions, got an "
                                "object");
    parse_bad(WITH_INTERVENTIONS("'takedown'"), &err);
    CHECK_CONTAINS(err.message, "/interventions/0: expected an intervention object, got "
                                "\"takedown\"");
}

/* A factcheck without a correction publishes nothing, so it needs nobody to
 * select; and an empty array is the same as none. */
static void scenario_label_only_factcheck_needs_no_factchecker(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse("{'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]},"
                " 'interventions': [{'kind': 'factcheck', 'story': 's', 'trigger': {'at_h': 1}}]}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.intervention_count == 1 && cfg.interventions[0].correction == -1);
    config_destroy(&cfg);
    CHECK(parse("{'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]},"
                " 'interventions': []}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.intervention_count == 0);
    config_destroy(&cfg);
}

/* A count above the accounts that match would be cut silently: it is
 * refused with the number that match, and "all" says every one. */
static void scenario_select_count_all_takes_every_match_and_more_is_refused(void)
{
    struct config cfg;
    struct error err;
    const char *all = "{'population': {'accounts': 1000, 'roles': {'bot': {'count': 10}}},"
                      " 'stories': [{'name': 's'}],"
                      " 'campaign': {'actions': [{'at_h': 0, 'story': 's',"
                      " 'select': {'role': 'bot', 'count': 'all'}}]}}";
    CHECK(parse(all, NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.actions[0].select.count == SELECT_ALL);
    char *written = scenario_to_json(&cfg);
    CHECK(strstr(written, "\"count\":\t\"all\"") != NULL);
    struct config again;
    CHECK(scenario_parse(written, "again.json", NULL, 0, &again, &err) == STATUS_OK);
    CHECK(again.actions[0].select.count == SELECT_ALL);
    free(written);
    config_destroy(&again);
    config_destroy(&cfg);

    parse_bad("{'population': {'accounts': 1000, 'roles': {'bot': {'count': 10}}},"
              " 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's',"
              " 'select': {'role': 'bot', 'count': 11}}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/campaign/actions/0/select/count: expected an integer in "
                                "[1, 10] (10 accounts with role bot in any community match) or "
                                "\"all\" for every one of them, got 11");
    parse_bad("{'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's',"
              " 'select': {'count': 'every'}}]}}",
              &err);
    CHECK_CONTAINS(err.message, "expected an integer in [1, 4294967294] or \"all\", got \"every\"");
    /* A prebunk's fraction replaces its count, which is then not checked. */
    CHECK(parse("{'population': {'accounts': 1000, 'roles': {'bot': {'count': 10}}},"
                " 'stories': [{'name': 's'}],"
                " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]},"
                " 'interventions': [{'kind': 'prebunk', 'factor': 0.5, 'fraction': 0.5,"
                " 'trigger': {'at_h': 1}, 'select': {'role': 'bot', 'count': 20}}]}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    config_destroy(&cfg);
}

/* A follower law's median (or Pareto minimum) above accounts − 1 cannot be
 * realised, but only roles with accounts are held to it: the defaults of a
 * role with none (media's 500,000 on 1,000 accounts) are written back and
 * must read again. */
static void scenario_follower_median_above_the_accounts_is_refused_for_roles_with_accounts(void)
{
    struct config cfg;
    struct error err;
    const char *small = "{'population': {'accounts': 1000}, 'stories': [{'name': 's'}],"
                        " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}";
    CHECK(parse(small, NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.roles[ROLE_MEDIA].followers.median > 999.0);
    char *written = scenario_to_json(&cfg);
    struct config again;
    CHECK(scenario_parse(written, "again.json", NULL, 0, &again, &err) == STATUS_OK);
    free(written);
    config_destroy(&again);
    config_destroy(&cfg);

    parse_bad("{'population': {'accounts': 1000, 'roles': {'user': {'followers':"
              " {'median': 1e300}}}}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/population/roles/user/followers/median: expected a number in "
                                "[0, 999]");
    parse_bad("{'population': {'accounts': 1000, 'roles': {'media': {'count': 1}}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "got 500000, the role's default");
    /* Exactly accounts − 1 can be realised. */
    CHECK(parse("{'population': {'accounts': 1000, 'roles': {'bot': {'count': 3, 'followers':"
                " {'dist': 'fixed', 'n': 999}}}}, 'stories': [{'name': 's'}],"
                " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    config_destroy(&cfg);
}

/* ---- writing ---- */

static void scenario_written_json_reads_back_byte_for_byte(void)
{
    /* The file graph's written paths are absolute, so reading them back
     * from another directory names the same files. */
    char label[1024];
    unit_label("x.json", label, sizeof label);
    const char *examples[] = {full_example, file_graph_example};
    for (size_t i = 0; i < 2; i++) {
        struct config first;
        struct config second;
        struct error err;
        char *json = text(examples[i]);
        CHECK(scenario_parse(json, label, NULL, 0, &first, &err) == STATUS_OK);
        free(json);
        char *written = scenario_to_json(&first);
        CHECK(scenario_parse(written, "results/other/scenario.json", NULL, 0, &second, &err) ==
              STATUS_OK);
        char *rewritten = scenario_to_json(&second);
        CHECK(strcmp(written, rewritten) == 0);
        CHECK(same_config(&first, &second));
        free(written);
        free(rewritten);
        config_destroy(&first);
        config_destroy(&second);
    }
}

static void scenario_writer_gives_the_graph_and_omits_accounts_of_file_graphs(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(minimal_example, NULL, 0, &cfg, &err) == STATUS_OK);
    char *written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"accounts\":\t100000,\n\t\t\"graph\":\t{\n\t\t\t\"source\":\t"
                            "\"generated\"\n\t\t},");
    free(written);
    config_destroy(&cfg);
    char label[1024];
    unit_label("x.json", label, sizeof label);
    char *json = text(file_graph_example);
    CHECK(scenario_parse(json, label, NULL, 0, &cfg, &err) == STATUS_OK);
    free(json);
    written = scenario_to_json(&cfg);
    CHECK(strstr(written, "\"accounts\"") == NULL);
    CHECK_CONTAINS(written, "\"source\":\t\"file\",\n\t\t\t\"path\":\t\"/");
    CHECK_CONTAINS(written, "/tests/data/edges_small.txt\",\n\t\t\t\"attributes\":\t\"/");
    CHECK_CONTAINS(written, "/tests/data/attributes_small.txt\",\n\t\t\t\"undirected\":\tfalse,"
                            "\n\t\t\t\"reverse\":\ttrue\n");
    free(written);
    config_destroy(&cfg);
}

static void scenario_written_json_keeps_awkward_numbers_exact(void)
{
    struct config first;
    struct config second;
    struct error err;
    CHECK(parse("{'seed': 9007199254740991, 'duration_h': 0.30000000000000004,"
                " 'population': {'accounts': 4294967295, 'communities': {'homophily': 1e-300}},"
                " 'platform': {'lifetime_h': 123456789.123456789},"
                " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]},"
                " 'output': {'bin_h': 0.1}}",
                NULL, 0, &first, &err) == STATUS_OK);
    char *written = scenario_to_json(&first);
    CHECK_CONTAINS(written, "\"seed\":\t9007199254740991,");
    CHECK_CONTAINS(written, "\"accounts\":\t4294967295,");
    CHECK_CONTAINS(written, "\"duration_h\":\t0.30000000000000004,");
    CHECK(scenario_parse(written, "w.json", NULL, 0, &second, &err) == STATUS_OK);
    CHECK(same_config(&first, &second));
    free(written);
    config_destroy(&first);
    config_destroy(&second);
}

static void scenario_writer_uses_arrays_only_when_communities_differ(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(full_example, NULL, 0, &cfg, &err) == STATUS_OK);
    char *written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"media\":\t[1.5, 0.4]");
    CHECK_CONTAINS(written, "\"site\":\t1.2,");
    CHECK_CONTAINS(written, "\"appeal\":\t0.6,");
    CHECK_CONTAINS(written, "\"origin\":\t\"media\"");
    CHECK_CONTAINS(written, "\"community\":\t\"any\"");
    CHECK(strstr(written, "\"note\"") != NULL);
    free(written);
    free(cfg.note);
    cfg.note = NULL;
    written = scenario_to_json(&cfg);
    CHECK(strstr(written, "\"note\"") == NULL);
    free(written);
    config_destroy(&cfg);
}

static void scenario_daily_profile_is_kept_as_given_and_written_only_when_not_flat(void)
{
    /* The weights as given (the model normalises them), so that the written
     * scenario reads back to the same numbers; a flat profile, the default,
     * is not written. */
    struct config cfg;
    struct error err;
    CHECK(parse("{'recommender': {'enabled': true, 'daily_profile': [0, 0, 0, 0, 0, 0, 3, 3, 3, 3, "
                "3, 3, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.5]}, 'stories': [{'name': 's'}], "
                "'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.recommender.daily_profile[0] == 0.0 && cfg.recommender.daily_profile[6] == 3.0 &&
          cfg.recommender.daily_profile[23] == 0.5);
    CHECK(fabs(config_recommender_profile_peak(&cfg) - 3.0 * 24 / 29.5) < 1e-12);
    char *written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"daily_profile\":\t[0, 0, 0, 0, 0, 0, 3, 3, 3, 3, 3, 3, 1, 1, 1, 1, "
                            "1, 1, 1, 1, 1, 1, 1, 0.5]");
    free(written);
    config_destroy(&cfg);
    CHECK(parse("{'recommender': {'enabled': true}, 'stories': [{'name': 's'}], "
                "'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(config_recommender_profile_peak(&cfg) == 1.0);
    written = scenario_to_json(&cfg);
    CHECK(strstr(written, "daily_profile") == NULL);
    free(written);
    config_destroy(&cfg);
}

static void scenario_lifetime_law_reads_its_dist_and_keys(void)
{
    struct config cfg;
    struct error err;
    CHECK(
        parse("{'platform': {'lifetime': {'dist': 'lognormal', 'median_h': 6, 'sigma': 0.5}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.lifetime.kind == LIFETIME_LOGNORMAL);
    CHECK(cfg.lifetime.median_h == 6.0 && cfg.lifetime.sigma == 0.5);
    config_destroy(&cfg);
}

static void scenario_lifetime_h_is_the_fixed_lifetime(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse("{'platform': {'lifetime_h': 7}, 'stories': [{'name': 's'}],"
                " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
                NULL, 0, &cfg, &err) == STATUS_OK);
    CHECK(cfg.lifetime.kind == LIFETIME_FIXED && cfg.lifetime.h == 7.0);
    config_destroy(&cfg);
}

static void scenario_lifetime_and_lifetime_h_together_are_rejected(void)
{
    struct error err;
    parse_bad("{'platform': {'lifetime_h': 7, 'lifetime': {'dist': 'exponential'}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/platform/lifetime: give lifetime_h (a fixed lifetime) or "
                                "lifetime (a law), not both");
    parse_bad("{'platform': {'lifetime': {'dist': 'exponential', 'h': 3}},"
              " 'stories': [{'name': 's'}], 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/platform/lifetime");
}

static void scenario_writer_gives_a_fixed_lifetime_as_lifetime_h_and_a_law_as_lifetime(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(full_example, NULL, 0, &cfg, &err) == STATUS_OK);
    char *written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"lifetime_h\":\t48");
    CHECK(strstr(written, "\"lifetime\":") == NULL);
    free(written);
    cfg.lifetime.kind = LIFETIME_EXPONENTIAL;
    cfg.lifetime.mean_h = 12.0;
    written = scenario_to_json(&cfg);
    CHECK(strstr(written, "\"lifetime_h\"") == NULL);
    CHECK_CONTAINS(written, "\"dist\":\t\"exponential\",\n\t\t\t\"mean_h\":\t12");
    struct config back;
    CHECK(scenario_parse(written, "back.json", NULL, 0, &back, &err) == STATUS_OK);
    CHECK(back.lifetime.kind == LIFETIME_EXPONENTIAL && back.lifetime.mean_h == 12.0);
    config_destroy(&back);
    free(written);
    config_destroy(&cfg);
}

static void scenario_writer_gives_each_intervention_the_keys_of_its_kind(void)
{
    struct config cfg;
    struct error err;
    CHECK(parse(full_example, NULL, 0, &cfg, &err) == STATUS_OK);
    char *written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"kind\":\t\"takedown\",\n\t\t\t\"story\":\t\"fabricated_claim\",\n"
                            "\t\t\t\"trigger\":\t{\n\t\t\t\t\"at_h\":\t48,\n"
                            "\t\t\t\t\"delay_h\":\t0\n\t\t\t}\n\t\t}]");
    CHECK_CONTAINS(written, "\"kind\":\t\"suspend\",\n\t\t\t\"trigger\":\t{\n"
                            "\t\t\t\t\"share_rate_per_h\":\t200,\n"
                            "\t\t\t\t\"story\":\t\"fabricated_claim\",\n\t\t\t\t\"window_h\":\t1,\n"
                            "\t\t\t\t\"delay_h\":\t6\n\t\t\t},\n\t\t\t\"select\":\t{");
    CHECK_CONTAINS(written, "\"views\":\t50000,\n\t\t\t\t\"story\":\t\"fabricated_claim\",\n"
                            "\t\t\t\t\"delay_h\":\t2\n\t\t\t},\n"
                            "\t\t\t\"correction\":\t\"fact_check\",\n");
    CHECK_CONTAINS(written, "\"label_factor\":\t0.5,\n\t\t\t\"exposed_factor\":\t0.753\n");
    CHECK_CONTAINS(written, "\"factor\":\t0.2\n");
    free(written);
    /* Without a correction a factcheck only labels, and writes no "correction". */
    cfg.interventions[0].correction = -1;
    written = scenario_to_json(&cfg);
    CHECK(strstr(written, "\"correction\":") == NULL);
    free(written);
    config_destroy(&cfg);
    CHECK(parse(minimal_example, NULL, 0, &cfg, &err) == STATUS_OK);
    written = scenario_to_json(&cfg);
    CHECK_CONTAINS(written, "\"interventions\":\t[],\n\t\"output\":");
    free(written);
    config_destroy(&cfg);
}

/* ---- rejecting ---- */

static void scenario_malformed_json_reports_line_and_column(void)
{
    struct error err;
    parse_bad("{\n  'seed': 1,\n  'x': [1, 2,, 3]\n}", &err);
    CHECK_CONTAINS(err.message, "test.json:3:14: malformed JSON: ");
    parse_bad("{\n  'seed': 1\n  'replicates': 2\n}", &err);
    CHECK_CONTAINS(err.message, "test.json:3:3: malformed JSON: missing ',' before this value");
    parse_bad("{'seed': 1, 'note': 'abc}", &err);
    CHECK_CONTAINS(err.message,
                   "test.json:1:21: malformed JSON: the string that starts here is never");
    parse_bad("", &err);
    CHECK_CONTAINS(err.message, "test.json:1:1: malformed JSON: the text is empty");
    parse_bad("{'seed' 1}", &err);
    CHECK_CONTAINS(err.message, "test.json:1:9: malformed JSON: missing ':' after the key");
}

static void scenario_wrong_type_names_path_rule_and_value(void)
{
    struct error err;
    parse_bad("{'stories': [{'name': 's', 'appeal': {'x': 1}}],\n"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "test.json:1:38: /stories/0/appeal: expected a number >= 0 or an "
                                "array of 1 numbers >= 0 (one per community), got an object");
}

static void scenario_unknown_key_suggests_the_closest_key(void)
{
    struct error err;
    parse_bad("{'platform': {'visibilty': 0.5}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "test.json:1:15: /platform/visibilty: unknown key \"visibilty\"; "
                                "did you mean \"visibility\"?");
}

static void scenario_missing_required_key_points_at_enclosing_object(void)
{
    struct error err;
    parse_bad("{'stories': [{'name': 's'}],\n 'campaign': {'actions': [\n  {'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message,
                   "test.json:3:3: /campaign/actions/0: missing required key \"at_h\"");
    parse_bad("{'stories': [{'name': 's'}], 'campaign': {}}", &err);
    CHECK_CONTAINS(err.message, "test.json:1:42: /campaign: missing required key \"actions\"");
}

static void scenario_numbers_must_be_finite_and_integers_integral(void)
{
    struct error err;
    parse_bad("{'replicates': 2.5, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/replicates: expected an integer in [1, 100000], got 2.5");
    parse_bad("{'platform': {'lifetime_h': -1e400}, 'stories': [{'name': 's'}],"
              " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
              &err);
    CHECK_CONTAINS(err.message, "/platform/lifetime_h: expected a number > 0, got a number too");
}

static void scenario_rejected_config_is_left_zeroed(void)
{
    struct config cfg;
    struct error err;
    char *json = text("{'seed': 1, 'stories': [{'name': 's'}, {'name': 's'}],"
                      " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}");
    CHECK(scenario_parse(json, "z.json", NULL, 0, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK(is_all_zero(&cfg, sizeof cfg));
    CHECK(strchr(err.message, '\n') == NULL);
    free(json);
}

static void scenario_load_reports_unreadable_file(void)
{
    struct config cfg;
    struct error err;
    CHECK(scenario_load("/nonexistent/dir/none.json", NULL, 0, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/nonexistent/dir/none.json: cannot open");
    CHECK(is_all_zero(&cfg, sizeof cfg));
}

static void scenario_load_rejects_a_nul_byte(void)
{
    const char *path = "/tmp/amplisim_test_scenario_nul.json";
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (!f) {
        return;
    }
    fwrite("{\n \"seed\": 1\0}", 1, 14, f);
    fclose(f);
    struct config cfg;
    struct error err;
    CHECK(scenario_load(path, NULL, 0, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, ":2:11: malformed JSON: a NUL byte");
    remove(path);
}

/* ---- overrides ---- */

static void scenario_override_by_pointer_and_dotted_path(void)
{
    struct config cfg;
    struct error err;
    const struct scenario_override set[] = {
        {"/platform/visibility", "0.25", NULL},
        {"stories.0.appeal", "[2, 3]", NULL},
        {"campaign.actions.1.select.role", "bot", NULL},
        {"/seed", "7", NULL},
    };
    CHECK(parse(full_example, set, 4, &cfg, &err) == STATUS_OK);
    CHECK(cfg.visibility == 0.25);
    CHECK(cfg.stories[0].appeal[0] == 2.0 && cfg.stories[0].appeal[1] == 3.0);
    CHECK(cfg.actions[1].select.role == ROLE_BOT);
    CHECK(cfg.seed == 7);
    config_destroy(&cfg);
}

static void scenario_override_bare_word_becomes_a_string(void)
{
    struct config cfg;
    struct error err;
    const struct scenario_override set[] = {{"name", "run-2", NULL}, {"note", "two words", NULL}};
    CHECK(parse(minimal_example, set, 2, &cfg, &err) == STATUS_OK);
    CHECK(strcmp(cfg.name, "run-2") == 0);
    CHECK(cfg.note && strcmp(cfg.note, "two words") == 0);
    config_destroy(&cfg);
}

static void scenario_override_creates_missing_objects_and_appends(void)
{
    struct config cfg;
    struct error err;
    const struct scenario_override set[] = {
        {"recommender.enabled", "true", NULL},
        {"/population/roles/bot/followers/dist", "\"fixed\"", NULL},
        {"stories.1", "{\"name\": \"second\"}", NULL},
        {"/campaign/actions/-", "{\"at_h\": 5, \"story\": \"second\"}", NULL},
    };
    CHECK(parse(minimal_example, set, 4, &cfg, &err) == STATUS_OK);
    CHECK(cfg.recommender.enabled);
    CHECK(cfg.roles[ROLE_BOT].followers.kind == FOLLOWERS_FIXED);
    CHECK(cfg.story_count == 2 && strcmp(cfg.stories[1].name, "second") == 0);
    CHECK(cfg.action_count == 2 && cfg.actions[1].story == 1 && cfg.actions[1].at_h == 5.0);
    config_destroy(&cfg);
}

static void scenario_bad_override_value_names_the_override(void)
{
    struct error err;
    struct config cfg;
    const struct scenario_override set[] = {{"/platform/visibility", "1.7", NULL}};
    CHECK(parse(minimal_example, set, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "--set /platform/visibility=1.7: /platform/visibility: expected a "
                              "number in [0, 1], got 1.7") == 0);
    const struct scenario_override created[] = {{"stories.1", "{\"kind\": \"genuine\"}", NULL}};
    CHECK(parse(minimal_example, created, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "--set stories.1={\"kind\": \"genuine\"}: /stories/1: missing "
                                "required key \"name\"");
    const struct scenario_override seed[] = {{"seed", "soon", NULL}};
    CHECK(parse(minimal_example, seed, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "--set seed=soon: /seed: expected an integer");
}

static void scenario_file_values_keep_file_positions_with_overrides(void)
{
    struct error err;
    struct config cfg;
    const struct scenario_override set[] = {{"/seed", "3", NULL},
                                            {"stories.0.kind", "genuine", NULL}};
    CHECK(parse("{'platform': {'visibility': 7},\n 'stories': [{'name': 's'}],"
                " 'campaign': {'actions': [{'at_h': 0, 'story': 's'}]}}",
                set, 2, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "test.json:1:29: /platform/visibility: expected a number");
}

static void scenario_override_path_errors_name_the_override(void)
{
    struct error err;
    struct config cfg;
    const struct scenario_override past_end[] = {{"stories.3.name", "x", NULL}};
    CHECK(parse(minimal_example, past_end, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "--set stories.3.name=x: /stories/3: expected an array index in "
                                "[0, 1] (1 appends), got \"3\"");
    const struct scenario_override scalar[] = {{"stories.0.name.x", "1", NULL}};
    CHECK(parse(minimal_example, scalar, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "--set stories.0.name.x=1: /stories/0/name: expected an object or "
                                "an array to hold \"x\", got \"rumour\"");
    const struct scenario_override empty[] = {{"platform..visibility", "1", NULL}};
    CHECK(parse(minimal_example, empty, 1, &cfg, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "--set platform..visibility=1: expected a path such as");
    CHECK(is_all_zero(&cfg, sizeof cfg));
}

/* ---- the bad-input corpus ---- */

/* tests/bad, found from this file's own path so that the test runs from any
 * working directory of a build that compiled it with an absolute path. */
static void corpus_dir(char *out, size_t size)
{
    const char *file = __FILE__;
    const char *slash = strrchr(file, '/');
    if (slash) {
        snprintf(out, size, "%.*s/../bad", (int)(slash - file), file);
    } else {
        snprintf(out, size, "../bad");
    }
}

static void bad_corpus_files_give_their_expected_messages(void)
{
    char dir[1024];
    corpus_dir(dir, sizeof dir);
    char tsv[1100];
    snprintf(tsv, sizeof tsv, "%s/expected.tsv", dir);
    struct error err;
    char *table = file_read_all(tsv, NULL, &err);
    CHECK(table != NULL);
    if (!table) {
        fprintf(stderr, "  %s\n", err.message);
        return;
    }
    int files = 0;
    for (char *line = strtok(table, "\n"); line; line = strtok(NULL, "\n")) {
        if (strncmp(line, "# after-parse:", 14) == 0) {
            break; /* the rest are refused by the command line, not the parser */
        }
        if (line[0] == '#') {
            continue; /* a comment, as run_bad.sh allows */
        }
        char *tab = strchr(line, '\t');
        CHECK(tab != NULL);
        if (!tab) {
            continue;
        }
        *tab = '\0';
        char path[2200];
        snprintf(path, sizeof path, "%s/%s", dir, line);
        struct config cfg;
        int status = scenario_load(path, NULL, 0, &cfg, &err);
        CHECK(status == STATUS_BAD_INPUT);
        CHECK_CONTAINS(err.message, tab + 1);
        CHECK(strchr(err.message, '\n') == NULL);
        files++;
    }
    CHECK(files >= 12);
    free(table);
}

int main(void)
{
    RUN_CASE(json_locate_finds_nested_value_line_and_column);
    RUN_CASE(json_locate_finds_key_and_its_repeats);
    RUN_CASE(json_locate_decodes_escaped_keys_and_pointer_escapes);
    RUN_CASE(json_locate_skips_strings_holding_brackets_and_quotes);
    RUN_CASE(json_locate_missing_key_gives_enclosing_object);
    RUN_CASE(json_locate_counts_columns_in_characters);
    RUN_CASE(json_locate_unclosed_finds_innermost_open_thing);
    RUN_CASE(scenario_minimal_file_gets_documented_defaults);
    RUN_CASE(scenario_full_example_reads_every_key);
    RUN_CASE(scenario_reads_propensity_power_law_delay_and_pick_by_followers);
    RUN_CASE(scenario_name_defaults_to_file_name_without_json);
    RUN_CASE(scenario_community_count_comes_from_weights);
    RUN_CASE(scenario_followers_dist_switch_keeps_unset_parameters);
    RUN_CASE(scenario_file_graph_reads_its_keys_and_leaves_accounts_to_the_file);
    RUN_CASE(scenario_graph_paths_are_relative_to_the_scenario_file);
    RUN_CASE(scenario_graph_mistakes_name_the_key_and_the_rule);
    RUN_CASE(scenario_factcheck_reads_target_correction_select_and_label);
    RUN_CASE(scenario_takedown_reads_a_timed_trigger_and_delay);
    RUN_CASE(scenario_suspend_reads_select_and_the_story_its_trigger_watches);
    RUN_CASE(scenario_demote_reads_its_factor_and_a_watched_story);
    RUN_CASE(scenario_intervention_mistakes_name_the_key_and_the_rule);
    RUN_CASE(scenario_label_only_factcheck_needs_no_factchecker);
    RUN_CASE(scenario_select_count_all_takes_every_match_and_more_is_refused);
    RUN_CASE(scenario_follower_median_above_the_accounts_is_refused_for_roles_with_accounts);
    RUN_CASE(scenario_written_json_reads_back_byte_for_byte);
    RUN_CASE(scenario_written_json_keeps_awkward_numbers_exact);
    RUN_CASE(scenario_writer_gives_the_graph_and_omits_accounts_of_file_graphs);
    RUN_CASE(scenario_writer_uses_arrays_only_when_communities_differ);
    RUN_CASE(scenario_writer_gives_each_intervention_the_keys_of_its_kind);
    RUN_CASE(scenario_daily_profile_is_kept_as_given_and_written_only_when_not_flat);
    RUN_CASE(scenario_lifetime_law_reads_its_dist_and_keys);
    RUN_CASE(scenario_lifetime_h_is_the_fixed_lifetime);
    RUN_CASE(scenario_lifetime_and_lifetime_h_together_are_rejected);
    RUN_CASE(scenario_writer_gives_a_fixed_lifetime_as_lifetime_h_and_a_law_as_lifetime);
    RUN_CASE(scenario_malformed_json_reports_line_and_column);
    RUN_CASE(scenario_wrong_type_names_path_rule_and_value);
    RUN_CASE(scenario_unknown_key_suggests_the_closest_key);
    RUN_CASE(scenario_missing_required_key_points_at_enclosing_object);
    RUN_CASE(scenario_numbers_must_be_finite_and_integers_integral);
    RUN_CASE(scenario_rejected_config_is_left_zeroed);
    RUN_CASE(scenario_load_reports_unreadable_file);
    RUN_CASE(scenario_load_rejects_a_nul_byte);
    RUN_CASE(scenario_override_by_pointer_and_dotted_path);
    RUN_CASE(scenario_override_bare_word_becomes_a_string);
    RUN_CASE(scenario_override_creates_missing_objects_and_appends);
    RUN_CASE(scenario_bad_override_value_names_the_override);
    RUN_CASE(scenario_file_values_keep_file_positions_with_overrides);
    RUN_CASE(scenario_override_path_errors_name_the_override);
    RUN_CASE(bad_corpus_files_give_their_expected_messages);
    return CHECK_EXIT();
}
