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

/* Saltelli's scheme (Saltelli et al. 2010): `rows` points of GSL's Sobol
 * sequence in 2k dimensions after its first, the first k coordinates a row of A
 * and the last k the same row of B; then for each input i the row of A_B^i,
 * A's with coordinate i taken from B. Row j's k + 2 points are contiguous:
 * A, B, A_B^1 .. A_B^k. Refuses more than SWEEP_PARAMETERS_MAX / 2
 * parameters (the sequence's dimensions) and more than SWEEP_POINTS_MAX
 * points. */
static int expand_saltelli(struct json_reader *r, const struct json_where *top, struct sweep *sw,
                           const struct sweep_axis *axes, size_t rows, struct strbuf *pool,
                           size_t **offsets)
{
    size_t n = sw->parameter_count;
    struct json_where design = json_reader_child(top, "design");
    if (2 * n > SWEEP_PARAMETERS_MAX) {
        struct json_where parameters = json_reader_child(top, "parameters");
        return json_reader_fail(r, &parameters,
                                "a saltelli design samples A and B from one Sobol sequence of "
                                "twice as many dimensions: expected at most %d parameters, got "
                                "%zu",
                                SWEEP_PARAMETERS_MAX / 2, n);
    }
    if ((double)rows * (double)(n + 2) > SWEEP_POINTS_MAX) {
        struct json_where points = json_reader_child(&design, "points");
        return json_reader_fail(r, &points,
                                "a saltelli design runs points x (parameters + 2) points: "
                                "expected at most %u, got %zu x %zu = %.15g",
                                SWEEP_POINTS_MAX, rows, n + 2, (double)rows * (double)(n + 2));
    }
    gsl_qrng *q = json_write_need(gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(2 * n)));
    double u[SWEEP_PARAMETERS_MAX];
    size_t *a = xmalloc(n * sizeof *a), *b = xmalloc(n * sizeof *b);
    size_t block = n + 2;
    /* The sequence starts at the centre of the cube, where A's row and B's
     * would be the same point and every A_B^i row too: a row that says
     * nothing, so it is skipped. */
    gsl_qrng_get(q, u);
    *offsets = xmalloc(rows * block * n * sizeof **offsets);
    for (size_t j = 0; j < rows; j++) {
        gsl_qrng_get(q, u);
        for (size_t k = 0; k < n; k++) {
            a[k] = pool_add_sobol_value(pool, &axes[k], u[k]);
            b[k] = pool_add_sobol_value(pool, &axes[k], u[n + k]);
        }
        size_t *row = *offsets + j * block * n;
        for (size_t m = 0; m < block; m++) {
            for (size_t k = 0; k < n; k++) {
                bool from_b = m == 1 || (m >= 2 && k == m - 2);
                row[m * n + k] = from_b ? b[k] : a[k];
            }
        }
    }
    free(a);
    free(b);
    gsl_qrng_free(q);
    sw->saltelli_rows = rows;
    sw->point_count = rows * block;
    return STATUS_OK;
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
    if (sw->design == SWEEP_SALTELLI) {
        return expand_saltelli(r, top, sw, axes, sobol_points, pool, offsets);
    }
    struct json_where design = json_reader_child(top, "design");
    struct json_where path = json_reader_child(&design, "path");
    return sweep_design_expand(r, &path, file_label, sw, axes, pool, offsets);
}
