/* Inside io/: what the three files that read a scenario share.
 * scenario_read.c holds the entry points, the top level and the smaller
 * sections, and the table machinery every section reads its scalar keys
 * with (model/config_params.c's tables); scenario_read_population.c reads
 * /population; scenario_read_actions.c reads /campaign and /interventions.
 * Not for use outside those files. */
#ifndef AMPLISIM_SCENARIO_READ_INTERNAL_H
#define AMPLISIM_SCENARIO_READ_INTERNAL_H

#include "../model/config.h"
#include "../model/config_params.h"
#include "json_reader.h"

/* ---- scenario_read.c: the table machinery ---- */

/* The ranges most numbers take. */
extern const struct json_range scenario_read_positive;     /* > 0 */
extern const struct json_range scenario_read_non_negative; /* >= 0 */

/* Reads a key with rules of its own: p of object, for the struct at base. */
typedef int (*scenario_read_part)(struct json_reader *r, const struct json_where *object,
                                  const struct config_param *p, void *base, struct config *cfg);

/* Rejects keys that table does not declare. */
int scenario_read_check_table_keys(struct json_reader *r, const struct json_where *object,
                                   const struct config_param_table *table);

/* Rejects keys that belong to another choice of table's switch key, whose
 * value here is variant. */
int scenario_read_check_variant_keys(struct json_reader *r, const struct json_where *object,
                                     const struct config_param_table *table, int variant,
                                     const char *choice);

/* Reads the key of table named key (a scalar) into base. */
int scenario_read_key(struct json_reader *r, const struct json_where *object,
                      const struct config_param_table *table, const char *key, void *base);

/* Reads the keys of table that belong to variant (-1: all), in table order:
 * scalars from the table, the others through part (NULL: none). The order
 * decides which of two mistakes is reported. */
int scenario_read_table(struct json_reader *r, const struct json_where *object,
                        const struct config_param_table *table, int variant, void *base,
                        scenario_read_part part, struct config *cfg);

/* A switched object (a distribution): its keys, the switch key first, then
 * the keys of the chosen variant. *kind holds the default choice. */
int scenario_read_switched(struct json_reader *r, const struct json_where *parent, const char *key,
                           const struct config_param_table *table, int *kind, void *base);

/* The object at key of parent, every key read as its table says. */
int scenario_read_section(struct json_reader *r, const struct json_where *parent, const char *key,
                          const struct config_param_table *table, void *base,
                          scenario_read_part part, struct config *cfg);

/* ---- scenario_read_population.c ---- */

/* The number of communities fixes the size of every per-community array, so
 * it is settled before anything else (before config_init): from "count",
 * else from the length of "weights", else 1. */
int scenario_read_population_community_count(struct json_reader *r,
                                             const struct json_where *communities, uint32_t *count);

/* Reads /population; the community count was settled by
 * scenario_read_population_community_count and config_init already sized
 * the arrays with it. */
int scenario_read_population(struct json_reader *r, const struct json_where *top,
                             struct config *cfg);

/* ---- scenario_read_actions.c ---- */

/* Reads /campaign: its actions, each naming a story and selecting accounts
 * that exist. Reads after /population and /stories. */
int scenario_read_actions_campaign(struct json_reader *r, const struct json_where *top,
                                   struct config *cfg);

/* Reads /interventions, each with a trigger that can fire. Reads after
 * /campaign, whose posts bound the views a trigger can wait for. */
int scenario_read_actions_interventions(struct json_reader *r, const struct json_where *top,
                                        struct config *cfg);

#endif
