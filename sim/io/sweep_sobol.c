/* sobol.csv (sweep_sobol.h): each point's output is a figure's mean over
 * its replicates, so that the indices apportion the variance of the
 * expected figure, not the replicates' own noise; the points are laid out
 * as sweep_points.c's saltelli expansion writes them, row j's A, B and
 * A_B^1 .. A_B^k at j (k + 2) + 0, 1, 2 .. k + 1. */
#include "sweep_sobol.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"
#include "results.h"
#include "sweep_output.h"

/* The mean of figure k over point p's replicates. */
static double point_mean(const struct sweep_record *records, uint32_t replicates, size_t p, int k)
{
    double sum = 0.0;
    for (uint32_t r = 0; r < replicates; r++) {
        sum += sweep_output_figure(&records[p * replicates + r].f, k);
    }
    return sum / replicates;
}

void sweep_sobol_csv(struct strbuf *sb, const struct sweep *sw, uint32_t replicates,
                     const struct sweep_record *records)
{
    strbuf_printf(sb, "figure,parameter,first_order,first_order_ci95_low,first_order_ci95_high,"
                      "total,total_ci95_low,total_ci95_high,rows,resamples,bootstrap_seed\n");
    size_t n = sw->saltelli_rows, k = sw->parameter_count, block = k + 2;
    double *fa = xmalloc(n * sizeof *fa), *fb = xmalloc(n * sizeof *fb);
    double *fab = xmalloc(n * k * sizeof *fab);
    struct sobol_index *idx = xmalloc(k * sizeof *idx);
    for (int f = 0; f < sweep_output_figure_count(sw); f++) {
        bool finite = true;
        for (size_t j = 0; j < n; j++) {
            fa[j] = point_mean(records, replicates, j * block, f);
            fb[j] = point_mean(records, replicates, j * block + 1, f);
            finite = finite && isfinite(fa[j]) && isfinite(fb[j]);
            for (size_t i = 0; i < k; i++) {
                fab[i * n + j] = point_mean(records, replicates, j * block + 2 + i, f);
                finite = finite && isfinite(fab[i * n + j]);
            }
        }
        if (!finite) {
            continue;
        }
        sobol_indices(fa, fb, fab, n, k, SWEEP_SOBOL_RESAMPLES, SWEEP_SOBOL_SEED, idx);
        if (isnan(idx[0].first)) {
            continue; /* the same at every point: no variance to apportion */
        }
        for (size_t i = 0; i < k; i++) {
            const double cells[6] = {idx[i].first, idx[i].first_low, idx[i].first_high,
                                     idx[i].total, idx[i].total_low, idx[i].total_high};
            strbuf_printf(sb, "%s,", sweep_output_figure_name(sw, f));
            csv_write_text(sb, sw->parameters[i].name);
            for (int c = 0; c < 6; c++) {
                strbuf_printf(sb, ",");
                results_csv_number(sb, cells[c]);
            }
            strbuf_printf(sb, ",%zu,%u,%llu\n", n, SWEEP_SOBOL_RESAMPLES,
                          (unsigned long long)SWEEP_SOBOL_SEED);
        }
    }
    free(fa);
    free(fb);
    free(fab);
    free(idx);
}

/* A cell as a number: empty (NaN written) reads as NaN. */
static int read_number(const struct csv *c, const struct csv_cell *cell, double *out,
                       struct error *err)
{
    char *end;
    if (cell->len == 0) {
        *out = NAN;
        return STATUS_OK;
    }
    *out = strtod(cell->text, &end);
    if (end == cell->text || *end != '\0') {
        return csv_fail(c, err, cell->line, cell->column, "expected a number, got \"%s\"",
                        cell->text);
    }
    return STATUS_OK;
}

int sweep_sobol_read(const char *path, struct sweep_sobol_table *t, struct error *err)
{
    memset(t, 0, sizeof *t);
    size_t len = 0;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    struct csv c;
    struct csv_row row;
    size_t capacity = 0;
    bool header = true;
    int status = csv_init(&c, path, text, len, CSV_QUOTES, err);
    while (status == STATUS_OK && (status = csv_next_row(&c, &row, err)) == STATUS_OK &&
           row.count > 0) {
        if (row.count < 8) {
            status =
                csv_fail(&c, err, row.line, 0, "expected at least 8 fields, got %zu", row.count);
            break;
        }
        if (header) {
            header = false;
            continue;
        }
        if (t->count == capacity) {
            capacity = capacity ? 2 * capacity : 16;
            t->rows = xrealloc(t->rows, capacity * sizeof *t->rows);
        }
        struct sweep_sobol_row *r = &t->rows[t->count];
        snprintf(r->figure, sizeof r->figure, "%s", row.cells[0].text);
        snprintf(r->parameter, sizeof r->parameter, "%s", row.cells[1].text);
        double *v[6] = {&r->index.first, &r->index.first_low, &r->index.first_high,
                        &r->index.total, &r->index.total_low, &r->index.total_high};
        for (int i = 0; i < 6 && status == STATUS_OK; i++) {
            status = read_number(&c, &row.cells[2 + i], v[i], err);
        }
        t->count += status == STATUS_OK;
    }
    csv_destroy(&c);
    free(text);
    return status;
}

void sweep_sobol_table_destroy(struct sweep_sobol_table *t)
{
    if (!t) {
        return;
    }
    free(t->rows);
    memset(t, 0, sizeof *t);
}
