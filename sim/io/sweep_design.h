/* Inside io/: what sweep_file.c (the sweep schema and its grid and sobol
 * designs) and sweep_design.c (design files: the rows of a CSV made by
 * another tool) share. Not for use outside those two files. */
#ifndef AMPLISIM_SWEEP_DESIGN_H
#define AMPLISIM_SWEEP_DESIGN_H

#include <stdbool.h>
#include <stddef.h>

#include "../base/strbuf.h"
#include "json_reader.h"
#include "sweep.h"

#define SWEEP_POINTS_MAX 1000000u
#define SWEEP_ROUNDED_MAX 9007199254740992.0 /* 2^53: larger numbers are not rounded exactly */

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

/* Appends text and its NUL to the pool of point values and returns where
 * it starts. */
size_t sweep_file_pool_add(struct strbuf *pool, const char *text);

/* Appends the JSON text of x (rounded to an integer when integer). */
size_t sweep_file_pool_add_number(struct strbuf *pool, double x, bool integer);

/* Reads the design file named label (path_at: where /design/path sits, for
 * a file that cannot be read): one point per data row, each cell's JSON
 * text pooled, (*offsets)[point * parameter_count + k] its offset. Sets
 * sw->point_count. */
int sweep_design_expand(struct json_reader *r, const struct json_where *path_at, const char *label,
                        struct sweep *sw, const struct sweep_axis *axes, struct strbuf *pool,
                        size_t **offsets);

#endif
