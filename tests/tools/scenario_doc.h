/* What the two halves of amplisim_doc share: how a parameter table's
 * variants are named and counted, and what a key's default is. The docs
 * generator is a test tool, not an amplisim command: it turns the parameter
 * table (sim/model/config_params.c) into the key tables of docs/scenario.md
 * (scenario_doc.c) and into docs/scenario.schema.json (scenario_schema.c). */
#ifndef AMPLISIM_SCENARIO_DOC_H
#define AMPLISIM_SCENARIO_DOC_H

#include <cjson/cJSON.h>
#include <stdbool.h>

#include "model/config_params.h"

/* How a table's variants are chosen: by its switch key's value, by the role
 * whose settings it holds, by which of its condition keys is present (a
 * trigger), or not at all. */
enum doc_switch { DOC_NO_VARIANTS, DOC_SWITCH_KEY, DOC_PER_ROLE, DOC_CONDITION };

enum doc_switch doc_switch_of(const struct config_param_table *table);

/* The number of variants of table, and the name of variant v: a choice of
 * the switch key, a role, or a condition key. */
int doc_variant_count(const struct config_param_table *table);
const char *doc_variant_name(const struct config_param_table *table, int v);

/* Whether p is the condition key that chooses its own variant (a
 * trigger's at_h, views or share_rate_per_h). */
bool doc_is_condition(const struct config_param_table *table, const struct config_param *p);

/* Whether p has no default because it is required wherever it is allowed. */
bool doc_always_given(const struct config_param *p);

/* The default of the scalar p for role (-1: no role), NAN when it has none
 * of its own; the per-role defaults come from config_params_role_defaults. */
double doc_default(const struct config_param *p, int role);

/* The JSON Schema document; the caller frees it with cJSON_Delete. */
cJSON *doc_schema(void);

/* Prints message to stderr and exits 1: the generator's inputs are the
 * committed table and doc, so any mistake is fixed in them. */
void doc_fail(const char *message, const char *detail);

#endif
