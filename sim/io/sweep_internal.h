/* Inside io/: what the five files behind sweep.h share. sweep_file.c reads
 * the sweep schema (sweep_figures.c its outputs and curve); sweep_points.c
 * expands a design into points and spells each value's JSON text;
 * sweep_design.c reads design files (the rows of a CSV made by another
 * tool); sweep_write.c writes the resolved sweep. Not for use outside those
 * files. */
#ifndef AMPLISIM_SWEEP_INTERNAL_H
#define AMPLISIM_SWEEP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/strbuf.h"
#include "json_reader.h"
#include "sweep.h"

#define SWEEP_POINTS_MAX 1000000u
#define SWEEP_ROUNDED_MAX 9007199254740992.0 /* 2^53: larger numbers are not rounded exactly */
#define SWEEP_PARAMETERS_MAX 40              /* the largest dimension of GSL's Sobol generator */

struct cJSON;

/* The values one parameter takes: a list, or a range sampled at count
 * points (grid) or at the Sobol sequence's coordinates (sobol). */
struct sweep_axis {
    const struct cJSON *values; /* the "values" array, or NULL for a range */
    size_t count;               /* list length, or a grid range's "count" */
    double from;
    double to;
    bool log;
    bool integer; /* round to the nearest integer (ranges and design files) */
};

/* "grid", "sobol", "saltelli", "file", indexed by enum sweep_design (sweep_file.c). */
extern const char *const sweep_file_design_names[4];

/* ---- sweep_points.c ---- */

/* A deep copy of item whose numbers are raw text in their exact form, so
 * that a value is printed as the points spell it (cJSON's own printer
 * compares with a tolerance and may drop the last digit). Release with
 * cJSON_Delete. */
struct cJSON *sweep_points_exact_copy(const struct cJSON *item);

/* The compact JSON text of item, numbers exact, for the caller to free. */
char *sweep_points_compact_text(const struct cJSON *item);

/* Appends text and its NUL to the pool of point values and returns where
 * it starts. */
size_t sweep_points_pool_add(struct strbuf *pool, const char *text);

/* Appends the JSON text of x (rounded to an integer when integer). */
size_t sweep_points_pool_add_number(struct strbuf *pool, double x, bool integer);

/* Expands the design into (*offsets)[point * parameter_count + k], offsets
 * of the values' texts in pool, and sets sw->point_count: the full grid of
 * the axes, the first sobol_points points of the Sobol sequence, Saltelli's
 * matrices from sobol_points rows, or the rows of the design file
 * file_label. top is the sweep's root, for messages.
 * On failure r->err is set; *offsets is the caller's to free either way.
 * O(points x parameters). */
int sweep_points_expand(struct json_reader *r, const struct json_where *top, struct sweep *sw,
                        const struct sweep_axis *axes, size_t sobol_points, const char *file_label,
                        struct strbuf *pool, size_t **offsets);

/* ---- sweep_figures.c ---- */

/* Reads "outputs" and "curve" of the sweep at top into sw (both optional).
 * On failure r->err is set and what was read stays in sw for sweep_destroy. */
int sweep_figures_read(struct json_reader *r, const struct json_where *top, struct sweep *sw);

/* ---- sweep_design.c ---- */

/* Reads the design file named label (path_at: where /design/path sits, for
 * a file that cannot be read): one point per data row, each cell's JSON
 * text pooled, (*offsets)[point * parameter_count + k] its offset. Sets
 * sw->point_count. */
int sweep_design_expand(struct json_reader *r, const struct json_where *path_at, const char *label,
                        struct sweep *sw, const struct sweep_axis *axes, struct strbuf *pool,
                        size_t **offsets);

#endif
