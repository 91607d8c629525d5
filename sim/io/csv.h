/* The one CSV reader: splits a text into rows of cells, each cell knowing its
 * line and column, so that every CSV file amplisim reads (the files a run or
 * a sweep writes, and hand-written design files) follows one set of rules and
 * names the place of a mistake the same way.
 *
 * The rules: lines end at LF or CRLF; a UTF-8 byte order mark is skipped;
 * blank lines (nothing but spaces and tabs) and lines whose first non-blank
 * character is '#' are skipped; cells are separated by commas. Two options
 * choose the rest, since a hand-written file and a written one differ:
 * CSV_TRIM drops spaces and tabs around each cell, and CSV_QUOTES reads a
 * cell that starts with '"' as RFC 4180 quoted text (it may hold commas,
 * line ends and "" for a quote); without CSV_QUOTES '"' is a plain
 * character. A NUL byte in the text is refused.
 *
 * Text cells amplisim writes go through csv_write_text: quoted per RFC 4180
 * when they hold a comma, a quote or a line end, and, when they start with a
 * character a spreadsheet takes for a formula (= + - @ tab CR, or '), led by a
 * ' so that opening the file cannot run one. CSV_QUOTES reading drops that
 * guard again, so a story named "=x" or "a,b" reads back as written. */
#ifndef AMPLISIM_CSV_H
#define AMPLISIM_CSV_H

#include <stddef.h>

#include "../base/error.h"
#include "../base/strbuf.h"

enum csv_option {
    CSV_TRIM = 1u << 0,   /* spaces and tabs around a cell are not part of it */
    CSV_QUOTES = 1u << 1, /* a cell in double quotes is RFC 4180 quoted text */
};

/* One cell of a row. */
struct csv_cell {
    const char *text; /* NUL-terminated: trimmed and unquoted as the options say */
    size_t len;       /* bytes in text */
    size_t offset;    /* the cell's first byte in the file's text: after trimming, the
                         opening quote of a quoted cell, the cell's start when it is empty */
    unsigned line;    /* of offset, 1-based */
    unsigned column;  /* of offset, 1-based, in characters (UTF-8 code points; a tab is one),
                         as json_locate_offset counts them */
};

/* One row; at the end of the text, a row of no cells whose line is the one
 * where the text ends (for "expected ..., got no lines"). */
struct csv_row {
    const struct csv_cell *cells; /* valid until the next csv_next_row or csv_destroy */
    size_t count;                 /* 0 at the end of the text */
    size_t offset;                /* the first byte of the row's first line */
    unsigned line;                /* 1-based */
};

/* A reader over a text the caller keeps until csv_destroy. */
struct csv {
    const char *label; /* names the file in messages, usually its path */
    const char *text;  /* borrowed */
    size_t len;
    unsigned options;     /* enum csv_option bits */
    size_t at;            /* the next row's first byte */
    size_t cursor;        /* a byte whose line and column are known: rows and cells are */
    unsigned cursor_line; /* located in order, so locating them all costs one pass */
    unsigned cursor_column;
    struct strbuf values; /* the row's cell texts, each NUL-terminated */
    struct csv_cell *cells;
    size_t cell_capacity;
};

/* Starts reading text[0, len) labelled label (both kept, not copied).
 * Returns STATUS_OK, or STATUS_BAD_INPUT with "LABEL:LINE:COLUMN: a NUL byte
 * in the text" in err; either way release c with csv_destroy. */
int csv_init(struct csv *c, const char *label, const char *text, size_t len, unsigned options,
             struct error *err);

/* Reads the next row into row, skipping blank and comment lines. Returns
 * STATUS_OK with row->count > 0, or with row->count == 0 at the end of the
 * text; STATUS_BAD_INPUT with a located message in err for a quoted cell
 * without its closing quote or with text after it. O(length of the row). */
int csv_next_row(struct csv *c, struct csv_row *row, struct error *err);

/* Sets err to "LABEL:LINE:COLUMN: DETAIL", or "LABEL:LINE: DETAIL" when
 * column is 0, or "LABEL: DETAIL" when line is 0 too; returns
 * STATUS_BAD_INPUT. Every message about a CSV file's contents is built here. */
int csv_fail(const struct csv *c, struct error *err, unsigned line, unsigned column,
             const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Releases the reader's memory (not the text); accepts NULL. */
void csv_destroy(struct csv *c);

/* Appends text as one CSV cell, quoted and formula-guarded as described
 * above. */
void csv_write_text(struct strbuf *sb, const char *text);

#endif
