/* A sweep directory as its figures need it: sweep.csv and sweep.json, read
 * by io/sweep_output, made into axes (each parameter's distinct values, in
 * order), each point's place on them, and the figures' captions. */
#include "plot_sweep_table.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "../../base/strbuf.h"
#include "../sweep_output.h"
#include "gnuplot.h"

static int compare_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void plot_sweep_table_destroy(struct plot_sweep_table *t)
{
    for (size_t k = 0; k < t->axis_count; k++) {
        free(t->axes[k].level_value);
        free(t->axes[k].level_text);
    }
    free(t->axes);
    free(t->point);
    free(t->level);
    free(t->views);
}

size_t plot_sweep_table_level(const struct plot_sweep_table *t, size_t point, size_t k)
{
    return t->level[point * t->axis_count + k];
}

/* Where parameter k of the point sits on its axis: the value, or the level's
 * index for a categorical parameter. */
double plot_sweep_table_x(const struct plot_sweep_table *t, size_t point, size_t k)
{
    return t->axes[k].level_value[plot_sweep_table_level(t, point, k)];
}

/* Parses the whole of text as a finite number. */
static bool parse_finite(const char *text, double *out)
{
    char *end;
    *out = strtod(text, &end);
    return end != text && *end == '\0' && isfinite(*out);
}

/* Finds the distinct values of parameter k among the points' cells (texts,
 * [point * axis_count + k]) and each point's level. Numbers are sorted
 * ascending; anything else (a word, true, false) is categorical and keeps the
 * order of first appearance. */
static void sweep_find_levels(struct plot_sweep_table *t, size_t k, char *const *texts)
{
    struct plot_sweep_axis *a = &t->axes[k];
    size_t n = t->point_count;
    double *values = xmalloc((n + 1) * sizeof *values);
    a->numeric = n > 0;
    for (size_t p = 0; p < n && a->numeric; p++) {
        a->numeric = parse_finite(texts[p * t->axis_count + k], &values[p]);
    }
    a->level_value = xmalloc((n + 1) * sizeof *a->level_value);
    a->level_text = xmalloc((n + 1) * sizeof *a->level_text);
    a->level_count = 0;
    if (a->numeric) {
        qsort(values, n, sizeof *values, compare_double);
        for (size_t p = 0; p < n; p++) {
            if (a->level_count == 0 || a->level_value[a->level_count - 1] != values[p]) {
                a->level_value[a->level_count] = values[p];
                snprintf(a->level_text[a->level_count], PLOT_LABEL_MAX, "%g", values[p]);
                a->level_count++;
            }
        }
        for (size_t p = 0; p < n; p++) {
            double x;
            parse_finite(texts[p * t->axis_count + k], &x);
            size_t lo = 0, hi = a->level_count - 1;
            while (lo < hi) {
                size_t mid = lo + (hi - lo) / 2;
                if (a->level_value[mid] < x) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            t->level[p * t->axis_count + k] = lo;
        }
    } else {
        for (size_t p = 0; p < n; p++) {
            const char *text = texts[p * t->axis_count + k];
            char shown[PLOT_LABEL_MAX];
            snprintf(shown, sizeof shown, "%s", *text ? text : "(empty)");
            size_t i = 0;
            while (i < a->level_count && strcmp(a->level_text[i], shown) != 0) {
                i++;
            }
            if (i == a->level_count) {
                a->level_value[i] = (double)i;
                memcpy(a->level_text[i], shown, sizeof shown);
                a->level_count++;
            }
            t->level[p * t->axis_count + k] = i;
        }
    }
    free(values);
}

/* Reads sweep.csv into t: its points and figures, an axis per parameter
 * and each point's level on it. */
static int read_sweep_csv(const char *path, struct plot_sweep_table *t, struct error *err)
{
    struct sweep_output_table csv;
    int status = sweep_output_read_csv(path, &csv, err);
    if (status == STATUS_OK) {
        t->axis_count = csv.parameter_count;
        t->axes = xcalloc(t->axis_count, sizeof *t->axes);
        for (size_t k = 0; k < t->axis_count; k++) {
            struct plot_sweep_axis *a = &t->axes[k];
            snprintf(a->name, sizeof a->name, "%s", csv.parameter[k]);
            /* A name that is a JSON path would start every file name with '_'. */
            const char *start = a->name;
            while (*start == '/') {
                start++;
            }
            gnuplot_file_name(start, a->file_name, sizeof a->file_name);
            snprintf(a->label, sizeof a->label, "%s", a->name);
        }
        /* The table takes the points and figures over. */
        t->point_count = csv.point_count;
        t->point = csv.point;
        t->views = csv.views;
        csv.point = NULL;
        csv.views = NULL;
        t->level = xmalloc(t->point_count * t->axis_count * sizeof *t->level);
        for (size_t k = 0; k < t->axis_count; k++) {
            sweep_find_levels(t, k, csv.value);
        }
    }
    sweep_output_table_destroy(&csv);
    return status;
}

/* The last component of a path without a trailing slash or the extension
 * given (e.g. ".json"). */
static void base_name(const char *path, const char *extension, char *out, size_t size)
{
    size_t end = strlen(path);
    while (end > 1 && path[end - 1] == '/') {
        end--;
    }
    size_t start = end;
    while (start > 0 && path[start - 1] != '/') {
        start--;
    }
    size_t ext = extension ? strlen(extension) : 0;
    if (ext && end - start > ext && strncmp(path + end - ext, extension, ext) == 0) {
        end -= ext;
    }
    snprintf(out, size, "%.*s", (int)(end - start), path + start);
}

/* Reads sweep.json for the caption (the sweep's name, base scenario,
 * replicates and design), what the views count (the sweep's story) and each
 * parameter's JSON path. Missing keys fall back to the directory's name and
 * to leaving the item out. */
static int read_sweep_json(const char *dir, const char *path, struct plot_sweep_table *t,
                           struct error *err)
{
    struct sweep_output_about about;
    int status = sweep_output_read_json(path, &about, err);
    if (status != STATUS_OK) {
        sweep_output_about_destroy(&about);
        return status;
    }
    char sweep_name[PLOT_LABEL_MAX], scenario_name[PLOT_LABEL_MAX];
    if (about.name && *about.name) {
        snprintf(sweep_name, sizeof sweep_name, "%s", about.name);
    } else {
        base_name(dir, NULL, sweep_name, sizeof sweep_name);
    }
    struct strbuf caption;
    strbuf_init(&caption);
    strbuf_printf(&caption, "sweep %s", sweep_name);
    if (about.scenario) {
        base_name(about.scenario, ".json", scenario_name, sizeof scenario_name);
        strbuf_printf(&caption, " on %s", scenario_name);
    }
    if (about.replicates > 0) {
        strbuf_printf(&caption, ", %.0f replicates per point", about.replicates);
    }
    if (about.design) {
        strbuf_printf(&caption, ", %s design", about.design);
    }
    snprintf(t->caption, sizeof t->caption, "%s", caption.data);
    strbuf_destroy(&caption);
    if (about.story) {
        snprintf(t->views_label, sizeof t->views_label, "views of story %s per run", about.story);
    } else {
        snprintf(t->views_label, sizeof t->views_label, "views per run (the campaign's stories)");
    }
    for (size_t j = 0; j < about.parameter_count; j++) {
        for (size_t k = 0; k < t->axis_count; k++) {
            struct plot_sweep_axis *a = &t->axes[k];
            if (strcmp(a->name, about.parameter_name[j]) == 0 &&
                strcmp(a->name, about.parameter_path[j]) != 0) {
                snprintf(a->label, sizeof a->label, "%s (%.*s)", a->name, PLOT_LABEL_MAX,
                         about.parameter_path[j]);
            }
        }
    }
    sweep_output_about_destroy(&about);
    return STATUS_OK;
}

int plot_sweep_table_read(const char *dir, const char *sweep_json, const char *sweep_csv,
                          struct plot_sweep_table *t, struct error *err)
{
    memset(t, 0, sizeof *t);
    int status = read_sweep_csv(sweep_csv, t, err);
    if (status == STATUS_OK) {
        status = read_sweep_json(dir, sweep_json, t, err);
    }
    return status;
}
