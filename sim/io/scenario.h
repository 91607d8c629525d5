/* Scenario files: JSON <-> struct config, read by scenario_read.c (with
 * scenario_read_population.c and scenario_read_actions.c, through
 * io/json_reader) and written by scenario_write.c. Every user error is found
 * here, before any work, and reported with the file, line and column where known,
 * the JSON path (/campaign/actions/3/at_h) and what was expected. Messages
 * are one line:
 *     FILE:LINE:COL: /json/path: expected <rule>, got <value>
 *     FILE:LINE:COL: /json/path: missing required key "name"  (at the enclosing '{')
 *     FILE:LINE:COL: /json/path: unknown key "x"; did you mean "y"?
 *     FILE:LINE:COL: malformed JSON: <hint>
 *     --set PATH=VALUE: /json/path: expected <rule>, got <value>  (value from an override)
 * docs/scenario.md lists every key and its rule. */
#ifndef AMPLISIM_SCENARIO_H
#define AMPLISIM_SCENARIO_H

#include <stddef.h>

#include "../base/error.h"
#include "../model/config.h"

/* One --set PATH=VALUE override. path is a JSON pointer ("/platform/visibility"
 * or "platform.visibility"); value is JSON text, or a bare string. */
struct scenario_override {
    const char *path;
    const char *value;
    const char *flag; /* the option that stands for the path (--reps, --seed), named in
                         messages; NULL for --set and for a sweep's values */
};

/* Parses a scenario from text (label names it in messages, usually the file
 * name), applies the overrides in order, fills defaults and checks every key.
 * On success cfg is initialised and owned by the caller (config_destroy).
 * On failure cfg is left destroyed (nothing to free), err holds the message,
 * and STATUS_BAD_INPUT is returned. */
int scenario_parse(const char *text, const char *label, const struct scenario_override *overrides,
                   size_t override_count, struct config *cfg, struct error *err);

/* Reads the file at path and parses it as scenario_parse does. */
int scenario_load(const char *path, const struct scenario_override *overrides,
                  size_t override_count, struct config *cfg, struct error *err);

/* Returns the fully resolved scenario as pretty-printed JSON text (every key,
 * defaults filled, seed recorded, keys in a fixed order) that the caller
 * releases with free. Parsing it again gives an identical config, and writing
 * that gives the same bytes, so a run reproduces byte for byte. */
char *scenario_to_json(const struct config *cfg);

#endif
