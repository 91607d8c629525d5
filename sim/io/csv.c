/* The one CSV reader (see csv.h for the rules): rows are read one at a time
 * from a borrowed text, cells copied out trimmed and unquoted, each located
 * by line and column for messages. */
#include "csv.h"

/* What a spreadsheet would read as the start of a formula (OWASP's list, and
 * the guard character itself, so that guarding round-trips exactly). */
#define FORMULA_STARTS "=+-@\t\r'"

#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

static bool is_blank(char c)
{
    return c == ' ' || c == '\t';
}

/* The line and column of offset, counted as json_locate_offset counts them.
 * The cursor only moves forward, so a whole file is counted once. */
static void locate(struct csv *c, size_t offset, unsigned *line, unsigned *column)
{
    assert(offset >= c->cursor && offset <= c->len);
    for (; c->cursor < offset; c->cursor++) {
        char ch = c->text[c->cursor];
        if (ch == '\n') {
            c->cursor_line++;
            c->cursor_column = 1;
        } else if (((unsigned char)ch & 0xC0) != 0x80) {
            c->cursor_column++;
        }
    }
    *line = c->cursor_line;
    *column = c->cursor_column;
}

int csv_init(struct csv *c, const char *label, const char *text, size_t len, unsigned options,
             struct error *err)
{
    memset(c, 0, sizeof *c);
    c->label = label;
    c->text = text;
    c->len = len;
    c->options = options;
    /* Editors do not show the mark, so columns on line 1 start after it. */
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        c->at = 3;
    }
    c->cursor = c->at;
    c->cursor_line = 1;
    c->cursor_column = 1;
    strbuf_init(&c->values);
    const char *nul = memchr(text, '\0', len);
    if (nul) {
        unsigned line, column;
        locate(c, (size_t)(nul - text), &line, &column);
        return csv_fail(c, err, line, column, "a NUL byte in the text");
    }
    return STATUS_OK;
}

/* Whether the line at start holds nothing to read: only blanks, or a comment. */
static bool is_skipped_line(const struct csv *c, size_t start, size_t *next)
{
    const char *text = c->text;
    size_t end = start;
    while (end < c->len && text[end] != '\n') {
        end++;
    }
    *next = end < c->len ? end + 1 : end;
    if (end > start && text[end - 1] == '\r') {
        end--;
    }
    size_t first = start;
    while (first < end && is_blank(text[first])) {
        first++;
    }
    return first == end || text[first] == '#';
}

/* Whether offset is where a line ends: LF, CRLF, or the end of the text. */
static bool is_line_end(const struct csv *c, size_t offset, size_t *stop)
{
    const char *text = c->text;
    size_t at = offset;
    if (at < c->len && text[at] == '\r' && (at + 1 == c->len || text[at + 1] == '\n')) {
        at++;
    }
    *stop = at;
    return at == c->len || text[at] == '\n';
}

/* Reads the quoted cell whose opening quote is at open into the values;
 * *stop becomes the offset of the comma or line end after it. */
static int read_quoted(struct csv *c, size_t open, size_t *stop, struct error *err)
{
    const char *text = c->text;
    size_t at = open + 1;
    for (;;) {
        const char *quote = memchr(text + at, '"', c->len - at);
        if (!quote) {
            unsigned line, column;
            locate(c, open, &line, &column);
            return csv_fail(c, err, line, column, "a quoted cell without its closing quote");
        }
        size_t q = (size_t)(quote - text);
        strbuf_append(&c->values, text + at, q - at);
        if (q + 1 < c->len && text[q + 1] == '"') {
            strbuf_append(&c->values, "\"", 1);
            at = q + 2;
            continue;
        }
        at = q + 1;
        break;
    }
    while ((c->options & CSV_TRIM) && at < c->len && is_blank(text[at])) {
        at++;
    }
    if (!(at < c->len && text[at] == ',') && !is_line_end(c, at, stop)) {
        unsigned line, column;
        locate(c, at, &line, &column);
        return csv_fail(c, err, line, column,
                        "expected a comma or the line's end after a quoted cell's closing quote");
    }
    if (at < c->len && text[at] == ',') {
        *stop = at;
    }
    return STATUS_OK;
}

/* Reads the cell that starts at offset at into cell and the values; *stop
 * becomes the offset of the comma or line end after it. */
static int read_cell(struct csv *c, size_t at, struct csv_cell *cell, size_t *stop,
                     struct error *err)
{
    const char *text = c->text;
    size_t first = at;
    while ((c->options & CSV_TRIM) && first < c->len && is_blank(text[first])) {
        first++;
    }
    size_t value_start = c->values.len;
    if ((c->options & CSV_QUOTES) && first < c->len && text[first] == '"') {
        cell->offset = first;
        locate(c, first, &cell->line, &cell->column);
        int status = read_quoted(c, first, stop, err);
        if (status != STATUS_OK) {
            return status;
        }
    } else {
        size_t end = first;
        while (end < c->len && text[end] != ',' && text[end] != '\n') {
            end++;
        }
        *stop = end;
        size_t last = end;
        if (last > first && text[last - 1] == '\r' && (end == c->len || text[end] == '\n')) {
            last--;
        }
        while ((c->options & CSV_TRIM) && last > first && is_blank(text[last - 1])) {
            last--;
        }
        /* An empty cell is placed where it starts, right after its comma. */
        cell->offset = first == last ? at : first;
        locate(c, cell->offset, &cell->line, &cell->column);
        strbuf_append(&c->values, text + first, last - first);
    }
    cell->len = c->values.len - value_start;
    char *value = c->values.data + value_start;
    if ((c->options & CSV_QUOTES) && cell->len >= 2 && value[0] == '\'' &&
        strchr(FORMULA_STARTS, value[1])) {
        /* csv_write_text's guard against spreadsheet formulas: drop it. */
        memmove(value, value + 1, cell->len - 1);
        cell->len--;
        c->values.len--;
    }
    strbuf_append(&c->values, "", 1);
    return STATUS_OK;
}

void csv_write_text(struct strbuf *sb, const char *text)
{
    bool quote = strpbrk(text, ",\"\n\r") != NULL;
    if (quote) {
        strbuf_append(sb, "\"", 1);
    }
    if (text[0] != '\0' && strchr(FORMULA_STARTS, text[0])) {
        strbuf_append(sb, "'", 1);
    }
    for (const char *c = text; *c; c++) {
        strbuf_append(sb, *c == '"' ? "\"\"" : c, *c == '"' ? 2 : 1);
    }
    if (quote) {
        strbuf_append(sb, "\"", 1);
    }
}

int csv_next_row(struct csv *c, struct csv_row *row, struct error *err)
{
    unsigned column;
    size_t next;
    while (c->at < c->len && is_skipped_line(c, c->at, &next)) {
        c->at = next;
    }
    row->cells = c->cells;
    row->count = 0;
    row->offset = c->at;
    locate(c, c->at, &row->line, &column);
    if (c->at >= c->len) {
        return STATUS_OK;
    }
    c->values.len = 0;
    size_t at = c->at;
    for (;;) {
        if (row->count == c->cell_capacity) {
            c->cell_capacity = c->cell_capacity ? 2 * c->cell_capacity : 16;
            c->cells = xrealloc(c->cells, c->cell_capacity * sizeof *c->cells);
        }
        size_t stop = c->len;
        int status = read_cell(c, at, &c->cells[row->count], &stop, err);
        if (status != STATUS_OK) {
            return status;
        }
        row->count++;
        at = stop + 1;
        if (stop == c->len || c->text[stop] != ',') {
            break;
        }
    }
    c->at = at < c->len ? at : c->len;
    /* The values are complete, so their addresses no longer move. */
    const char *value = c->values.data;
    for (size_t i = 0; i < row->count; i++) {
        c->cells[i].text = value;
        value += c->cells[i].len + 1;
    }
    row->cells = c->cells;
    return STATUS_OK;
}

int csv_fail(const struct csv *c, struct error *err, unsigned line, unsigned column,
             const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    if (line == 0) {
        return error_set(err, "%s: %s", c->label, detail);
    }
    if (column == 0) {
        return error_set(err, "%s:%u: %s", c->label, line, detail);
    }
    return error_set(err, "%s:%u:%u: %s", c->label, line, column, detail);
}

void csv_destroy(struct csv *c)
{
    if (!c) {
        return;
    }
    strbuf_destroy(&c->values);
    free(c->cells);
    c->cells = NULL;
    c->cell_capacity = 0;
}
