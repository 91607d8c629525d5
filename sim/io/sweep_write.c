/* Sweep files, written: the resolved sweep as pretty-printed JSON, every key
 * with its value or default and the expanded points listed one per line, so
 * a sweep's output directory records exactly what was run (as
 * scenario_write does for a scenario). */
#include <assert.h>
#include <cjson/cJSON.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "../base/strbuf.h"
#include "json_write.h"
#include "sweep_internal.h"

static cJSON *raw(const char *text)
{
    return json_write_need(cJSON_CreateRaw(text));
}

static cJSON *integer_or_null(bool set, uint64_t x)
{
    char text[32];
    if (!set) {
        return json_write_need(cJSON_CreateNull());
    }
    snprintf(text, sizeof text, "%" PRIu64, x);
    return raw(text);
}

char *sweep_to_json(const struct sweep *sw)
{
    cJSON *root = json_write_need(cJSON_CreateObject());
    json_write_add(root, "name", cJSON_CreateString(sw->name));
    json_write_add(root, "scenario", cJSON_CreateString(sw->scenario_path));
    json_write_add(root, "seed", integer_or_null(sw->seed_set, sw->seed));
    json_write_add(root, "replicates", integer_or_null(sw->replicates > 0, sw->replicates));
    json_write_add(root, "story", sw->story ? cJSON_CreateString(sw->story) : cJSON_CreateNull());
    /* Only when given, so that a sweep without outputs keeps its resolved
     * text, and its fingerprint, as before they existed. */
    if (sw->output_count > 0) {
        cJSON *outputs = json_write_add(root, "outputs", cJSON_CreateArray());
        for (size_t i = 0; i < sw->output_count; i++) {
            cJSON_AddItemToArray(outputs, json_write_need(cJSON_CreateString(sw->outputs[i])));
        }
    }
    if (sw->curve_count > 0) {
        cJSON *curve = json_write_add(root, "curve", cJSON_CreateObject());
        json_write_add(curve, "every_h", json_write_number(sw->curve_every_h));
        json_write_add(curve, "count", integer_or_null(true, sw->curve_count));
    }
    cJSON *set = json_write_add(root, "set", cJSON_CreateObject());
    for (size_t i = 0; i < sw->fixed_count; i++) {
        json_write_add(set, sw->fixed[i].path, raw(sw->fixed[i].value));
    }
    cJSON *design = json_write_add(root, "design", cJSON_CreateObject());
    json_write_add(design, "type", cJSON_CreateString(sweep_file_design_names[sw->design]));
    if (sw->design == SWEEP_SOBOL) {
        json_write_add(design, "points", integer_or_null(true, sw->point_count));
    } else if (sw->design == SWEEP_SALTELLI) {
        json_write_add(design, "points", integer_or_null(true, sw->saltelli_rows));
    } else if (sw->design == SWEEP_FILE) {
        json_write_add(design, "path", cJSON_CreateString(sw->design_path));
    }
    cJSON *parameters = json_write_add(root, "parameters", cJSON_CreateArray());
    for (size_t k = 0; k < sw->parameter_count; k++) {
        const struct sweep_parameter *parameter = &sw->parameters[k];
        cJSON *object = json_write_need(cJSON_CreateObject());
        cJSON_AddItemToArray(parameters, object);
        json_write_add(object, "name", cJSON_CreateString(parameter->name));
        if (parameter->path_count == 1) {
            json_write_add(object, "path", cJSON_CreateString(parameter->path));
        } else {
            cJSON *list = json_write_add(object, "paths", cJSON_CreateArray());
            for (size_t i = 0; i < parameter->path_count; i++) {
                cJSON_AddItemToArray(list,
                                     json_write_need(cJSON_CreateString(parameter->paths[i])));
            }
        }
        cJSON *spec = json_write_need(cJSON_Parse(parameter->spec));
        for (const cJSON *child = spec->child; child; child = child->next) {
            json_write_add(object, child->string, sweep_points_exact_copy(child));
        }
        cJSON_Delete(spec);
    }
    char *printed = json_write_need(cJSON_Print(root));
    cJSON_Delete(root);
    /* The points are listed one per line, which cJSON's printer (arrays on
     * one line) would not do, and without a tree of millions of nodes. */
    size_t len = strlen(printed);
    assert(len >= 2 && strcmp(printed + len - 2, "\n}") == 0);
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_append(&sb, printed, len - 2);
    cJSON_free(printed);
    strbuf_printf(&sb, ",\n\t\"points\": [");
    for (size_t p = 0; p < sw->point_count; p++) {
        strbuf_printf(&sb, "%s\n\t\t[", p ? "," : "");
        for (size_t k = 0; k < sw->parameter_count; k++) {
            strbuf_printf(&sb, "%s%s", k ? ", " : "", sweep_value(sw, p, k));
        }
        strbuf_printf(&sb, "]");
    }
    strbuf_printf(&sb, "\n\t]\n}");
    return sb.data;
}
