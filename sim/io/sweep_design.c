/* Sweep design files: the rows of a CSV made by another tool, one point per
 * row, matched to the parameters by the header's column names. Messages
 * name the cell as FILE:LINE:COL: column "name": rule and value. (This is
 * the design-file reader that sweep.c held, moved as one block; io/csv will
 * take its place.) */
#include "sweep_design.h"

#include <assert.h>
#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "fileio.h"
#include "json_locate.h"
#include "message.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

struct csv {
    const char *label; /* the design file's path, as joined */
    const char *text;
    struct error *err;
};

struct cell {
    size_t offset; /* of the trimmed text, or of the cell when it is empty */
    size_t len;
};

/* Sets the error for the design file at offset: FILE:LINE:COL when column,
 * else FILE:LINE. */
static int csv_fail(const struct csv *c, size_t offset, bool column, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int csv_fail(const struct csv *c, size_t offset, bool column, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    struct json_position pos;
    json_locate_offset(c->text, offset, &pos);
    if (column) {
        return error_set(c->err, "%s:%u:%u: %s", c->label, pos.line, pos.column, detail);
    }
    return error_set(c->err, "%s:%u: %s", c->label, pos.line, detail);
}

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* Splits text[start, end) at commas into trimmed cells; returns their number. */
static size_t split_cells(const char *text, size_t start, size_t end, struct cell **cells,
                          size_t *capacity)
{
    size_t count = 0;
    size_t at = start;
    for (;;) {
        size_t stop = at;
        while (stop < end && text[stop] != ',') {
            stop++;
        }
        size_t first = at;
        size_t last = stop;
        while (first < last && is_blank(text[first])) {
            first++;
        }
        while (last > first && is_blank(text[last - 1])) {
            last--;
        }
        if (count == *capacity) {
            *capacity = *capacity ? 2 * *capacity : 16;
            *cells = xrealloc(*cells, *capacity * sizeof **cells);
        }
        (*cells)[count++] = (struct cell){first == last ? at : first, last - first};
        if (stop == end) {
            return count;
        }
        at = stop + 1;
    }
}

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
static int read_cell(const struct csv *c, const struct cell *cell, const char *column,
                     const struct sweep_axis *axis, struct strbuf *pool, size_t *offset)
{
    const char *s = c->text + cell->offset;
    size_t len = cell->len;
    if (is_json_number(s, len)) {
        char *copy = xmalloc(len + 1);
        memcpy(copy, s, len);
        copy[len] = '\0';
        double x = strtod(copy, NULL);
        free(copy);
        if (isfinite(x) && (!axis->integer || fabs(x) <= SWEEP_ROUNDED_MAX)) {
            *offset = sweep_file_pool_add_number(pool, x, axis->integer);
            return STATUS_OK;
        }
    } else if (!axis->integer && ((len == 4 && memcmp(s, "true", 4) == 0) ||
                                  (len == 5 && memcmp(s, "false", 5) == 0))) {
        *offset = sweep_file_pool_add(pool, len == 4 ? "true" : "false");
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
        return csv_fail(c, cell->offset, true, "column \"%s\": expected %s, got an empty cell",
                        column, rule);
    }
    size_t shown = len;
    if (shown > 40) {
        shown = 40;
        while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) {
            shown--;
        }
    }
    return csv_fail(c, cell->offset, true, "column \"%s\": expected %s, got \"%.*s%s\"", column,
                    rule, (int)shown, s, shown < len ? "..." : "");
}

/* Matches the header's cells to the parameters' names: each parameter
 * exactly once, nothing else. column_of[j] is the parameter of cell j. */
static int read_header(const struct csv *c, const struct sweep *sw, size_t line_start,
                       const struct cell *cells, size_t cell_count, size_t *column_of)
{
    size_t n = sw->parameter_count;
    const char **names = xmalloc(n * sizeof *names);
    bool *seen = xcalloc(n, sizeof *seen);
    for (size_t k = 0; k < n; k++) {
        names[k] = sw->parameters[k].name;
    }
    int status = STATUS_OK;
    for (size_t j = 0; j < cell_count && status == STATUS_OK; j++) {
        char *name = xmalloc(cells[j].len + 1);
        memcpy(name, c->text + cells[j].offset, cells[j].len);
        name[cells[j].len] = '\0';
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
                status = csv_fail(c, cells[j].offset, true,
                                  "unknown column \"%.64s\"; did you mean \"%s\"?", name, guess);
            } else {
                status = csv_fail(c, cells[j].offset, true,
                                  "unknown column \"%.64s\"; expected the parameters' names %s",
                                  name, valid.data);
            }
            strbuf_destroy(&valid);
        } else if (seen[k]) {
            status = csv_fail(c, cells[j].offset, true,
                              "duplicate column \"%.64s\"; each parameter's column may appear "
                              "only once",
                              name);
        } else {
            /* Cells 0..j-1 matched j distinct parameters, so j < n. */
            assert(j < n);
            seen[k] = true;
            column_of[j] = k;
        }
        free(name);
    }
    for (size_t k = 0; k < n && status == STATUS_OK; k++) {
        if (!seen[k]) {
            status = csv_fail(c, line_start, false,
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
 * one point per line. Comment lines start with '#'; blank lines are skipped;
 * cells are trimmed; CRLF line ends and a byte order mark are accepted. */
static int read_csv(const struct csv *c, size_t text_len, struct sweep *sw,
                    const struct sweep_axis *axes, struct strbuf *pool, size_t **offsets)
{
    const char *text = c->text;
    size_t n = sw->parameter_count;
    size_t at = 0;
    if (text_len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        at = 3;
    }
    struct cell *cells = NULL;
    size_t cell_capacity = 0;
    size_t *column_of = xmalloc(n * sizeof *column_of);
    bool have_header = false;
    size_t header_start = 0;
    size_t rows = 0;
    size_t row_capacity = 0;
    int status = STATUS_OK;
    while (at < text_len && status == STATUS_OK) {
        size_t start = at;
        size_t end = start;
        while (end < text_len && text[end] != '\n') {
            end++;
        }
        at = end < text_len ? end + 1 : end;
        if (end > start && text[end - 1] == '\r') {
            end--;
        }
        size_t first = start;
        while (first < end && is_blank(text[first])) {
            first++;
        }
        if (first == end || text[first] == '#') {
            continue;
        }
        size_t count = split_cells(text, start, end, &cells, &cell_capacity);
        if (!have_header) {
            /* A header of the wrong width has an unknown, repeated or missing
             * column, which read_header names. */
            status = read_header(c, sw, start, cells, count, column_of);
            have_header = true;
            header_start = start;
            continue;
        }
        if (count != n) {
            struct strbuf names;
            strbuf_init(&names);
            list_columns(&names, sw, column_of, n);
            status =
                csv_fail(c, start, false, "expected %zu cells (%s), got %zu", n, names.data, count);
            strbuf_destroy(&names);
            break;
        }
        if (rows == SWEEP_POINTS_MAX) {
            status = csv_fail(c, start, false, "expected at most %u data rows (points)",
                              SWEEP_POINTS_MAX);
            break;
        }
        if (rows == row_capacity) {
            row_capacity = row_capacity ? 2 * row_capacity : 64;
            *offsets = xrealloc(*offsets, row_capacity * n * sizeof **offsets);
        }
        for (size_t j = 0; j < n && status == STATUS_OK; j++) {
            size_t k = column_of[j];
            status = read_cell(c, &cells[j], sw->parameters[k].name, &axes[k], pool,
                               &(*offsets)[rows * n + k]);
        }
        rows++;
    }
    if (status == STATUS_OK && !have_header) {
        struct strbuf names;
        strbuf_init(&names);
        for (size_t k = 0; k < n; k++) {
            strbuf_printf(&names, "%s%s", k ? ", " : "", sw->parameters[k].name);
        }
        status =
            csv_fail(c, text_len, false,
                     "expected a header line naming the columns (%s), got no lines", names.data);
        strbuf_destroy(&names);
    } else if (status == STATUS_OK && rows == 0) {
        status =
            csv_fail(c, header_start, false, "expected at least one data row after the header");
    }
    free(column_of);
    free(cells);
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
    struct csv c = {label, text, r->err};
    int status;
    size_t text_len = strlen(text);
    if (text_len < len) {
        status = csv_fail(&c, text_len, true, "a NUL byte in the text");
    } else {
        status = read_csv(&c, text_len, sw, axes, pool, offsets);
    }
    free(text);
    return status;
}
