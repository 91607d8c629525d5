/* Sweep points: a grid or sobol design expanded into points, and the JSON
 * text each value is spelled in. A point is a row of offsets into one pool
 * of NUL-terminated texts, so a grid's points share each axis value and a
 * million points cost one allocation per pool growth, not one per value.
 * Numbers are spelled here once, for the points and for sweep_to_json
 * alike, so the resolved sweep lists exactly the values that are run. */
#include <assert.h>
#include <cjson/cJSON.h>
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "json_write.h"
#include "message.h"
#include "sweep_internal.h"

/* ---- Value texts ---- */

/* The JSON text of a number: integers up to 10^15 without a decimal point,
 * others in the shortest form that reads back exactly. */
static void number_text(double x, char *out, size_t size)
{
    if (x == floor(x) && fabs(x) < 1e15) {
        snprintf(out, size, "%lld", (long long)x);
    } else {
        message_number(x, out, size);
    }
}

cJSON *sweep_points_exact_copy(const cJSON *item)
{
    if (cJSON_IsNumber(item)) {
        char text[32];
        number_text(item->valuedouble, text, sizeof text);
        return json_write_need(cJSON_CreateRaw(text));
    }
    if (cJSON_IsArray(item) || cJSON_IsObject(item)) {
        cJSON *copy =
            json_write_need(cJSON_IsArray(item) ? cJSON_CreateArray() : cJSON_CreateObject());
        for (const cJSON *child = item->child; child; child = child->next) {
            if (cJSON_IsArray(item)) {
                cJSON_AddItemToArray(copy, sweep_points_exact_copy(child));
            } else {
                json_write_add(copy, child->string, sweep_points_exact_copy(child));
            }
        }
        return copy;
    }
    return json_write_need(cJSON_Duplicate(item, false));
}

char *sweep_points_compact_text(const cJSON *item)
{
    cJSON *copy = sweep_points_exact_copy(item);
    char *printed = json_write_need(cJSON_PrintUnformatted(copy));
    char *text = xstrdup(printed);
    cJSON_free(printed);
    cJSON_Delete(copy);
    return text;
}

/* ---- Expanding the design ---- */

size_t sweep_points_pool_add(struct strbuf *pool, const char *text)
{
    size_t at = pool->len;
    strbuf_append(pool, text, strlen(text) + 1);
    return at;
}

size_t sweep_points_pool_add_number(struct strbuf *pool, double x, bool integer)
{
    char text[32];
    if (integer) {
        snprintf(text, sizeof text, "%lld", llround(x));
    } else {
        number_text(x, text, sizeof text);
    }
    return sweep_points_pool_add(pool, text);
}

/* Appends a "values" element: a finite number, a string or a literal. */
static size_t pool_add_value(struct strbuf *pool, const cJSON *item)
{
    if (cJSON_IsNumber(item)) {
        return sweep_points_pool_add_number(pool, item->valuedouble, false);
    }
    char *text = sweep_points_compact_text(item);
    size_t at = sweep_points_pool_add(pool, text);
    free(text);
    return at;
}

/* Value i of a grid axis. The last point of a range is `to` itself, not
 * what the arithmetic rounds to. */
static size_t pool_add_grid_value(struct strbuf *pool, const struct sweep_axis *axis, size_t i)
{
    if (axis->values) {
        return pool_add_value(pool, cJSON_GetArrayItem(axis->values, (int)i));
    }
    double x = axis->from;
    if (axis->count > 1 && i == axis->count - 1) {
        x = axis->to;
    } else if (i > 0) {
        double steps = (double)(axis->count - 1);
        if (axis->log) {
            x = axis->from * pow(axis->to / axis->from, (double)i / steps);
        } else {
            x = axis->from + (axis->to - axis->from) * (double)i / steps;
        }
    }
    return sweep_points_pool_add_number(pool, x, axis->integer);
}

/* Value of a sobol axis at coordinate u in [0, 1). */
static size_t pool_add_sobol_value(struct strbuf *pool, const struct sweep_axis *axis, double u)
{
    if (axis->values) {
        size_t i = (size_t)floor(u * (double)axis->count);
        if (i >= axis->count) {
            i = axis->count - 1;
        }
        return pool_add_value(pool, cJSON_GetArrayItem(axis->values, (int)i));
    }
    double x = axis->log ? axis->from * pow(axis->to / axis->from, u)
                         : axis->from + (axis->to - axis->from) * u;
    return sweep_points_pool_add_number(pool, x, axis->integer);
}

/* The full factorial: the first parameter varies slowest, as nested loops
 * in the listed order. Each axis's texts are pooled once and shared. */
static int expand_grid(struct json_reader *r, const struct json_where *top, struct sweep *sw,
                       const struct sweep_axis *axes, struct strbuf *pool, size_t **offsets)
{
    size_t n = sw->parameter_count;
    double product = 1.0;
    for (size_t k = 0; k < n; k++) {
        product *= (double)axes[k].count;
    }
    if (product > SWEEP_POINTS_MAX) {
        struct strbuf sizes;
        strbuf_init(&sizes);
        for (size_t k = 0; k < n; k++) {
            strbuf_printf(&sizes, "%s%zu", k ? " x " : "", axes[k].count);
        }
        struct json_where parameters = json_reader_child(top, "parameters");
        int status = json_reader_fail(r, &parameters,
                                      "expected at most %u points, got a grid of "
                                      "%s = %.15g points",
                                      SWEEP_POINTS_MAX, sizes.data, product);
        strbuf_destroy(&sizes);
        return status;
    }
    size_t points = (size_t)product;
    size_t **axis_text = xcalloc(n, sizeof *axis_text);
    for (size_t k = 0; k < n; k++) {
        axis_text[k] = xmalloc(axes[k].count * sizeof **axis_text);
        for (size_t i = 0; i < axes[k].count; i++) {
            axis_text[k][i] = pool_add_grid_value(pool, &axes[k], i);
        }
    }
    *offsets = xmalloc(points * n * sizeof **offsets);
    for (size_t p = 0; p < points; p++) {
        size_t rest = p;
        for (size_t k = n; k-- > 0;) {
            (*offsets)[p * n + k] = axis_text[k][rest % axes[k].count];
            rest /= axes[k].count;
        }
    }
    for (size_t k = 0; k < n; k++) {
        free(axis_text[k]);
    }
    free(axis_text);
    sw->point_count = points;
    return STATUS_OK;
}

/* The first `points` points of GSL's Sobol sequence in as many dimensions
 * as there are parameters, each coordinate mapped to its parameter. */
static void expand_sobol(struct sweep *sw, const struct sweep_axis *axes, size_t points,
                         struct strbuf *pool, size_t **offsets)
{
    size_t n = sw->parameter_count;
    assert(n >= 1 && n <= SWEEP_PARAMETERS_MAX);
    gsl_qrng *q = json_write_need(gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)n));
    double u[SWEEP_PARAMETERS_MAX];
    *offsets = xmalloc(points * n * sizeof **offsets);
    for (size_t p = 0; p < points; p++) {
        gsl_qrng_get(q, u);
        for (size_t k = 0; k < n; k++) {
            (*offsets)[p * n + k] = pool_add_sobol_value(pool, &axes[k], u[k]);
        }
    }
    gsl_qrng_free(q);
    sw->point_count = points;
}

int sweep_points_expand(struct json_reader *r, const struct json_where *top, struct sweep *sw,
                        const struct sweep_axis *axes, size_t sobol_points, const char *file_label,
                        struct strbuf *pool, size_t **offsets)
{
    if (sw->design == SWEEP_GRID) {
        return expand_grid(r, top, sw, axes, pool, offsets);
    }
    if (sw->design == SWEEP_SOBOL) {
        expand_sobol(sw, axes, sobol_points, pool, offsets);
        return STATUS_OK;
    }
    struct json_where design = json_reader_child(top, "design");
    struct json_where path = json_reader_child(&design, "path");
    return sweep_design_expand(r, &path, file_label, sw, axes, pool, offsets);
}
