/* Sweep design files: the rows of a CSV made by another tool, one point per
 * row, matched to the parameters by the header's column names. io/csv splits
 * the rows (trimmed cells, no quoting, as docs/sweep.md says); this file
 * checks each cell against its parameter. Messages name the cell as
 * FILE:LINE:COL: column "name": rule and value. */
#include "sweep_internal.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "csv.h"
#include "fileio.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Whether s[0, len) is a number as JSON writes one. */
static bool is_json_number(const char *s, size_t len)
{
    size_t i = 0;
    if (i < len && s[i] == '-') {
        i++;
    }
    if (i < len && s[i] == '0') {
        i++;
    } else if (i < len && s[i] >= '1' && s[i] <= '9') {
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
    } else {
        return false;
    }
    if (i < len && s[i] == '.') {
        size_t digits = ++i;
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
        if (i == digits) {
            return false;
        }
    }
    if (i < len && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < len && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        size_t digits = i;
        while (i < len && isdigit((unsigned char)s[i])) {
            i++;
        }
        if (i == digits) {
            return false;
        }
    }
    return i == len;
}

/* A bare word that becomes a JSON string: a letter or '_', then letters,
 * digits, '_', '.' or '-'. Words that stand for missing or non-finite
 * numbers in other tools' files are refused rather than taken as strings. */
static bool is_word(const char *s, size_t len)
{
    static const char *const not_words[] = {"nan", "inf", "infinity", "null", "na"};
    if (len == 0 || !(isalpha((unsigned char)s[0]) || s[0] == '_')) {
        return false;
    }
    for (size_t i = 1; i < len; i++) {
        char c = s[i];
        if (!(isalnum((unsigned char)c) || c == '_' || c == '.' || c == '-')) {
            return false;
        }
    }
    for (size_t i = 0; i < COUNT_OF(not_words); i++) {
        size_t n = strlen(not_words[i]);
        bool same = n == len;
        for (size_t j = 0; same && j < n; j++) {
            same = tolower((unsigned char)s[j]) == not_words[i][j];
        }
        if (same) {
            return false;
        }
    }
    return true;
}

/* Checks one data cell and pools its JSON text. */
static int read_cell(const struct csv *c, struct error *err, const struct csv_cell *cell,
                     const char *column, const struct sweep_axis *axis, struct strbuf *pool,
                     size_t *offset)
{
    const char *s = cell->text;
    size_t len = cell->len;
    if (is_json_number(s, len)) {
        double x = strtod(s, NULL);
        if (isfinite(x) && (!axis->integer || fabs(x) <= SWEEP_ROUNDED_MAX)) {
            *offset = sweep_points_pool_add_number(pool, x, axis->integer);
            return STATUS_OK;
        }
    } else if (!axis->integer && ((len == 4 && memcmp(s, "true", 4) == 0) ||
                                  (len == 5 && memcmp(s, "false", 5) == 0))) {
        *offset = sweep_points_pool_add(pool, len == 4 ? "true" : "false");
        return STATUS_OK;
    } else if (!axis->integer && is_word(s, len)) {
        *offset = pool->len;
        strbuf_printf(pool, "\"%.*s\"", (int)len, s);
        strbuf_append(pool, "", 1);
        return STATUS_OK;
    }
    const char *rule = axis->integer ? "a number within +-2^53 (the parameter rounds to integers)"
                                     : "a number, true, false or a word";
    if (len == 0) {
        return csv_fail(c, err, cell->line, cell->column,
                        "column \"%s\": expected %s, got an empty cell", column, rule);
    }
    size_t shown = len;
    if (shown > 40) {
        shown = 40;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) {
            shown--;
        }
    }
    return csv_fail(c, err, cell->line, cell->column, "column \"%s\": expected %s, got \"%.*s%s\"",
                    column, rule, (int)shown, s, shown < len ? "..." : "");
}

/* Matches the header's cells to the parameters' names: each parameter
 * exactly once, nothing else. column_of[j] is the parameter of cell j;
 * line is the header's, for a missing column. */
static int read_header(const struct csv *c, struct error *err, const struct sweep *sw,
                       unsigned line, const struct csv_cell *cells, size_t cell_count,
                       size_t *column_of)
{
    size_t n = sw->parameter_count;
    const char **names = xmalloc(n * sizeof *names);
    bool *seen = xcalloc(n, sizeof *seen);
    for (size_t k = 0; k < n; k++) {
        names[k] = sw->parameters[k].name;
    }
    int status = STATUS_OK;
    for (size_t j = 0; j < cell_count && status == STATUS_OK; j++) {
        const struct csv_cell *cell = &cells[j];
        const char *name = cell->text;
        size_t k = 0;
        while (k < n && strcmp(names[k], name) != 0) {
            k++;
        }
        if (k == n) {
            const char *guess = message_closest(name, names, n);
            struct strbuf valid;
            strbuf_init(&valid);
            json_reader_list_names(&valid, names, n, n);
            if (guess) {
                status = csv_fail(c, err, cell->line, cell->column,
                                  "unknown column \"%.64s\"; did you mean \"%s\"?", name, guess);
            } else {
                status = csv_fail(c, err, cell->line, cell->column,
                                  "unknown column \"%.64s\"; expected the parameters' names %s",
                                  name, valid.data);
            }
            strbuf_destroy(&valid);
        } else if (seen[k]) {
            status = csv_fail(c, err, cell->line, cell->column,
                              "duplicate column \"%.64s\"; each parameter's column may appear "
                              "only once",
                              name);
        } else {
            /* Cells 0..j-1 matched j distinct parameters, so j < n. */
            assert(j < n);
            seen[k] = true;
            column_of[j] = k;
        }
    }
    for (size_t k = 0; k < n && status == STATUS_OK; k++) {
        if (!seen[k]) {
            status = csv_fail(c, err, line, 0,
                              "missing column \"%s\" (the name of /parameters/%zu); the header "
                              "names every parameter's column",
                              names[k], k);
        }
    }
    free(seen);
    free(names);
    return status;
}

/* "sites, bots": the header's names for a message about a row. */
static void list_columns(struct strbuf *sb, const struct sweep *sw, const size_t *column_of,
                         size_t count)
{
    for (size_t j = 0; j < count; j++) {
        strbuf_printf(sb, "%s%s", j ? ", " : "", sw->parameters[column_of[j]].name);
    }
}

/* Reads the rows of a CSV design file: a header naming each parameter, then
 * one point per row. */
static int read_csv(struct csv *c, struct error *err, struct sweep *sw,
                    const struct sweep_axis *axes, struct strbuf *pool, size_t **offsets)
{
    size_t n = sw->parameter_count;
    size_t *column_of = xmalloc(n * sizeof *column_of);
    bool have_header = false;
    unsigned header_line = 0;
    size_t rows = 0;
    size_t row_capacity = 0;
    struct csv_row row;
    int status;
    while ((status = csv_next_row(c, &row, err)) == STATUS_OK && row.count > 0) {
        if (!have_header) {
            /* A header of the wrong width has an unknown, repeated or missing
             * column, which read_header names. */
            status = read_header(c, err, sw, row.line, row.cells, row.count, column_of);
            if (status != STATUS_OK) {
                break;
            }
            have_header = true;
            header_line = row.line;
            continue;
        }
        if (row.count != n) {
            struct strbuf names;
            strbuf_init(&names);
            list_columns(&names, sw, column_of, n);
            status = csv_fail(c, err, row.line, 0, "expected %zu cells (%s), got %zu", n,
                              names.data, row.count);
            strbuf_destroy(&names);
            break;
        }
        if (rows == SWEEP_POINTS_MAX) {
            status = csv_fail(c, err, row.line, 0, "expected at most %u data rows (points)",
                              SWEEP_POINTS_MAX);
            break;
        }
        if (rows == row_capacity) {
            row_capacity = row_capacity ? 2 * row_capacity : 64;
            *offsets = xrealloc(*offsets, row_capacity * n * sizeof **offsets);
        }
        for (size_t j = 0; j < n && status == STATUS_OK; j++) {
            size_t k = column_of[j];
            status = read_cell(c, err, &row.cells[j], sw->parameters[k].name, &axes[k], pool,
                               &(*offsets)[rows * n + k]);
        }
        rows++;
        if (status != STATUS_OK) {
            break;
        }
    }
    if (status == STATUS_OK && !have_header) {
        struct strbuf names;
        strbuf_init(&names);
        for (size_t k = 0; k < n; k++) {
            strbuf_printf(&names, "%s%s", k ? ", " : "", sw->parameters[k].name);
        }
        status =
            csv_fail(c, err, row.line, 0,
                     "expected a header line naming the columns (%s), got no lines", names.data);
        strbuf_destroy(&names);
    } else if (status == STATUS_OK && rows == 0) {
        status =
            csv_fail(c, err, header_line, 0, "expected at least one data row after the header");
    }
    free(column_of);
    sw->point_count = rows;
    return status;
}

int sweep_design_expand(struct json_reader *r, const struct json_where *path_at, const char *label,
                        struct sweep *sw, const struct sweep_axis *axes, struct strbuf *pool,
                        size_t **offsets)
{
    struct error read_err;
    size_t len = 0;
    char *text = file_read_all(label, &len, &read_err);
    if (!text) {
        return json_reader_fail(r, path_at, "cannot read the design file: %s", read_err.message);
    }
    struct csv c;
    int status = csv_init(&c, label, text, len, CSV_TRIM, r->err);
    if (status == STATUS_OK) {
        status = read_csv(&c, r->err, sw, axes, pool, offsets);
    }
    csv_destroy(&c);
    free(text);
    return status;
}
