/* The parameter table: every scenario key declared once, per JSON object,
 * with its C field, type, range, default, unit and a one-line doc. From it
 * come config_init's defaults, config_check's ranges, the reader's checks and
 * key lists (io/scenario_read.c), the writer (io/scenario_write.c), and the
 * key tables of docs/scenario.md and docs/scenario.schema.json
 * (tests/tools/scenario_doc.c).
 * Plain data: the model parses no JSON (the schema fields are text for the
 * docs generator). Keys whose rules go beyond a type and
 * a range (a story's name, a reference to a story, per-community arrays,
 * nested objects) are declared here too, as CONFIG_PARAM_SPECIAL, object or
 * array entries, so that each table lists all its object's keys in the
 * order they are read and written; io/ reads and writes those by hand. */
#ifndef AMPLISIM_CONFIG_PARAMS_H
#define AMPLISIM_CONFIG_PARAMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/strbuf.h"
#include "config.h"

enum config_param_type {
    CONFIG_PARAM_NUMBER,  /* double, a finite number in range */
    CONFIG_PARAM_COUNT,   /* uint32_t, an integer in range */
    CONFIG_PARAM_SEED,    /* uint64_t, an integer in range */
    CONFIG_PARAM_BOOL,    /* bool */
    CONFIG_PARAM_CHOICE,  /* an enum, named by choices[value] */
    CONFIG_PARAM_ROLE,    /* int: a role, or -1 named by the word `none` */
    CONFIG_PARAM_SPECIAL, /* a value with rules of its own, read and written by io/ */
    CONFIG_PARAM_OBJECT,  /* a nested object, with a table of its own */
    CONFIG_PARAM_ARRAY    /* an array of objects, with a table of its own */
};

/* Allowed values of a number: lo and hi, each end open or closed; hi is
 * INFINITY when there is no upper bound. */
struct config_range {
    double lo;
    double hi;
    bool lo_open;
    bool hi_open;
};

struct config_param_table;

struct config_param {
    const char *key; /* the JSON key in its object */
    enum config_param_type type;
    size_t offset;              /* offsetof the field in the table's struct */
    struct config_range range;  /* NUMBER, COUNT, SEED */
    double fallback;            /* the default (a choice's index, 0 or 1 for BOOL) */
    const char *const *choices; /* CHOICE: the names, indexed by value */
    size_t choice_count;
    const char *none;  /* ROLE: the word for -1 ("auto", "any") */
    unsigned variants; /* bit v set when the key belongs to variant v: the
                          switch key's choice v, role v in a role's table, the
                          trigger's condition v; 0 for every variant */
    const char *unit;  /* "hours", "probability", ... or "" */
    const char *doc;   /* one line for docs/scenario.md (markdown) */
    /* For the docs and the schema only (tests/tools/scenario_doc.c); the
     * reader states these rules by hand, in io/. */
    const struct config_param_table *table; /* OBJECT, ARRAY: the table of its elements */
    unsigned required;        /* bit v set: required in choice v; CONFIG_PARAM_ALWAYS */
    const char *shape;        /* SPECIAL: its JSON type, as the docs say it */
    const char *allowed;      /* markdown: the rule a range or a choice list cannot say,
                                 the whole rule for SPECIAL, OBJECT and ARRAY */
    const char *default_text; /* markdown: the default, where the value cannot say it */
    const char *schema;       /* JSON Schema text: SPECIAL's whole schema, or keywords
                                 added to the generated one (minItems) */
};

/* A key required whatever the switch key's choice. */
#define CONFIG_PARAM_ALWAYS (~0u)

struct config_param_table {
    const char *path;       /* JSON pointer of the object, "<role>" standing for a role,
                               "<i>" for an index */
    const char *switch_key; /* the key choosing the variant ("dist", "kind"), or NULL */
    const struct config_param *params;
    size_t count;
};

extern const struct config_param_table config_params_root;         /* struct config */
extern const struct config_param_table config_params_population;   /* struct config */
extern const struct config_param_table config_params_graph;        /* struct graph_config */
extern const struct config_param_table config_params_communities;  /* struct config */
extern const struct config_param_table config_params_role;         /* struct role_config */
extern const struct config_param_table config_params_followers;    /* struct follower_dist */
extern const struct config_param_table config_params_platform;     /* struct config */
extern const struct config_param_table config_params_delay;        /* struct delay_config */
extern const struct config_param_table config_params_lifetime;     /* struct lifetime_config */
extern const struct config_param_table config_params_recommender;  /* struct recommender_config */
extern const struct config_param_table config_params_story;        /* struct story_config */
extern const struct config_param_table config_params_campaign;     /* struct config */
extern const struct config_param_table config_params_action;       /* struct action_config */
extern const struct config_param_table config_params_select;       /* struct select_config */
extern const struct config_param_table config_params_intervention; /* struct intervention_config */
extern const struct config_param_table config_params_trigger;      /* struct intervention_config */
extern const struct config_param_table config_params_output;       /* struct config */

/* Every table, in the order of docs/scenario.md, for the docs generator. */
extern const struct config_param_table *const config_params_all[];
extern const size_t config_params_all_count;

/* The defaults that differ per role: share_prob and the lognormal
 * follower distribution's median and sigma. */
struct config_params_role_default {
    double share_prob;
    double followers_median;
    double followers_sigma;
};
extern const struct config_params_role_default config_params_role_defaults[ROLE_COUNT];

/* Whether p belongs to switch choice variant (its object's switch key's value). */
bool config_params_in_variant(const struct config_param *p, int variant);

/* Whether p is a value the table reads, writes and checks by itself. */
bool config_params_is_scalar(const struct config_param *p);

/* Sets every scalar field of table's struct at base to its default. */
void config_params_set_defaults(const struct config_param_table *table, void *base);

/* Returns the entry of table named key, or NULL. */
const struct config_param *config_params_find(const struct config_param_table *table,
                                              const char *key);

/* The keys of table (of one variant, or all with variant -1), in table
 * order, into keys[0 .. return value). keys must hold table->count entries. */
size_t config_params_keys(const struct config_param_table *table, int variant, const char **keys);

/* Whether x lies in range (finite, and within each end as open or closed). */
bool config_params_in_range(double x, struct config_range range);

/* The scalar p's value in the struct at base, as a double (a choice's index,
 * a role or -1, 0 or 1). */
double config_params_get(const struct config_param *p, const void *base);

/* Checks the scalar fields of table's struct at base (those of variant, or
 * all with variant -1) against their ranges; on a violation appends
 * "<path>/<key> must be <rule>, got <value>" to why and returns false. */
bool config_params_check(const struct config_param_table *table, const char *path, int variant,
                         const void *base, struct strbuf *why);

/* Appends x in the fewest significant digits (15 to 17) that read back as x. */
void config_params_number(struct strbuf *sb, double x);

/* Appends the rule of a number: "a number in [0, 1]", "a number > 0";
 * plural gives "numbers ...". */
void config_params_describe_range(struct strbuf *sb, struct config_range range, bool plural);

#endif
