/* Unit tests for io/csv.c (the one CSV reader): cells, their lines and
 * columns, trimming, quoting, skipped lines, line ends and located errors. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "io/csv.h"

/* Reads all of text with options; the cells of each row joined as
 * "a|b|c", rows separated by ';'. Returns the status of the last call. */
static int read_all(const char *text, unsigned options, char *out, size_t size, struct error *err)
{
    struct csv c;
    out[0] = '\0';
    int status = csv_init(&c, "t.csv", text, strlen(text), options, err);
    struct csv_row row;
    while (status == 0 && (status = csv_next_row(&c, &row, err)) == 0 && row.count > 0) {
        size_t used = strlen(out);
        snprintf(out + used, size - used, "%s", used ? ";" : "");
        for (size_t i = 0; i < row.count; i++) {
            used = strlen(out);
            snprintf(out + used, size - used, "%s%s", i ? "|" : "", row.cells[i].text);
        }
    }
    csv_destroy(&c);
    return status;
}

static void csv_splits_rows_into_cells_at_commas(void)
{
    char out[256];
    struct error err;
    CHECK(read_all("a,b,c\n1,,3\n", 0, out, sizeof out, &err) == STATUS_OK);
    CHECK(strcmp(out, "a|b|c;1||3") == 0);
}

static void csv_locates_each_cell_by_line_and_column(void)
{
    /* "é" is two bytes and one column; a tab is one column. */
    const char *text = "x,y\n\xC3\xA9,\tz\n";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), 0, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    CHECK(row.line == 1 && row.cells[1].line == 1 && row.cells[1].column == 3);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    CHECK(row.line == 2 && row.offset == 4);
    CHECK(row.cells[0].line == 2 && row.cells[0].column == 1 && row.cells[0].len == 2);
    CHECK(row.cells[1].column == 3 && row.cells[1].offset == 7);
    CHECK(strcmp(row.cells[1].text, "\tz") == 0);
    csv_destroy(&c);
}

static void csv_trims_spaces_and_tabs_around_cells_with_csv_trim(void)
{
    const char *text = "a , \tb\n1,  \n";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), CSV_TRIM, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    CHECK(strcmp(row.cells[0].text, "a") == 0 && row.cells[0].len == 1);
    CHECK(strcmp(row.cells[1].text, "b") == 0 && row.cells[1].column == 6);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    /* An empty cell is placed right after its comma, as design files' messages say. */
    CHECK(row.cells[1].len == 0 && row.cells[1].line == 2 && row.cells[1].column == 3);
    csv_destroy(&c);
}

static void csv_reads_quoted_cells_with_commas_quotes_and_line_ends(void)
{
    const char *text = "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\",x\nnext,\"\"\n";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), CSV_QUOTES, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 4);
    CHECK(strcmp(row.cells[0].text, "a,b") == 0);
    CHECK(strcmp(row.cells[1].text, "say \"hi\"") == 0 && row.cells[1].column == 7);
    CHECK(strcmp(row.cells[2].text, "two\nlines") == 0);
    CHECK(strcmp(row.cells[3].text, "x") == 0 && row.cells[3].line == 2 &&
          row.cells[3].column == 8);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    CHECK(row.line == 3 && row.cells[1].len == 0);
    csv_destroy(&c);
}

static void csv_takes_quotes_as_plain_characters_without_csv_quotes(void)
{
    char out[256];
    struct error err;
    CHECK(read_all("\"a,b\"\n", CSV_TRIM, out, sizeof out, &err) == STATUS_OK);
    CHECK(strcmp(out, "\"a|b\"") == 0);
}

static void csv_skips_blank_and_comment_lines(void)
{
    const char *text = "# made by hand\n\n  \t\n a,b\n   # not a row\n\r\n1,2\n";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), CSV_TRIM, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2 && row.line == 4);
    CHECK(row.cells[0].column == 2);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2 && row.line == 7);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 0);
    csv_destroy(&c);
}

static void csv_reads_a_last_line_without_its_line_end(void)
{
    char out[256];
    struct error err;
    CHECK(read_all("a,b\n1,2", 0, out, sizeof out, &err) == STATUS_OK);
    CHECK(strcmp(out, "a|b;1|2") == 0);
    CHECK(read_all("a,\n1,", 0, out, sizeof out, &err) == STATUS_OK);
    CHECK(strcmp(out, "a|;1|") == 0);
}

static void csv_accepts_crlf_line_ends_and_a_byte_order_mark(void)
{
    const char *text = "\xEF\xBB\xBFx,\"y\"\r\n1,2\r\n3,4\r";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), CSV_QUOTES, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 2);
    CHECK(strcmp(row.cells[0].text, "x") == 0 && row.cells[0].column == 1);
    CHECK(strcmp(row.cells[1].text, "y") == 0);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && strcmp(row.cells[1].text, "2") == 0);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && strcmp(row.cells[1].text, "4") == 0);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 0);
    csv_destroy(&c);
}

static void csv_end_of_text_is_a_row_of_no_cells_at_the_last_line(void)
{
    const char *text = "# nothing\n";
    struct csv c;
    struct error err;
    struct csv_row row;
    CHECK(csv_init(&c, "t.csv", text, strlen(text), CSV_TRIM, &err) == STATUS_OK);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 0 && row.line == 2);
    CHECK(csv_next_row(&c, &row, &err) == STATUS_OK && row.count == 0 && row.line == 2);
    csv_destroy(&c);
}

static void csv_refuses_a_quoted_cell_without_its_closing_quote_at_its_opening(void)
{
    char out[256];
    struct error err;
    CHECK(read_all("a,b\n1,\"open\n", CSV_QUOTES, out, sizeof out, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "t.csv:2:3: a quoted cell without its closing quote") == 0);
    CHECK(read_all("\"a\"b\n", CSV_QUOTES, out, sizeof out, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "t.csv:1:4: expected a comma or the line's end after a quoted "
                              "cell's closing quote") == 0);
}

static void csv_refuses_a_nul_byte_at_its_place(void)
{
    struct csv c;
    struct error err;
    CHECK(csv_init(&c, "t.csv", "ab\ncd\0e", 7, 0, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "t.csv:2:3: a NUL byte in the text") == 0);
    csv_destroy(&c);
}

static void csv_fail_names_the_file_line_and_column_given(void)
{
    struct csv c;
    struct error err;
    CHECK(csv_init(&c, "t.csv", "", 0, 0, &err) == STATUS_OK);
    CHECK(csv_fail(&c, &err, 3, 5, "bad %s", "cell") == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, "t.csv:3:5: bad cell") == 0);
    csv_fail(&c, &err, 3, 0, "bad row");
    CHECK(strcmp(err.message, "t.csv:3: bad row") == 0);
    csv_fail(&c, &err, 0, 0, "no data rows");
    CHECK(strcmp(err.message, "t.csv: no data rows") == 0);
    csv_destroy(&c);
}

/* What csv_write_text writes reads back as the same text, and no cell it
 * writes starts with what a spreadsheet takes for a formula. */
static void csv_write_text_quotes_guards_and_reads_back(void)
{
    static const char *const texts[] = {"plain", "a,b", "say \"hi\"", "two\nlines",
                                        "=HYPERLINK(1)", "+1", "-x", "@sum", "'=quoted", "'", "-"};
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        struct strbuf sb;
        strbuf_init(&sb);
        csv_write_text(&sb, texts[i]);
        const char *first = sb.data[0] == '"' ? sb.data + 1 : sb.data;
        CHECK(!strchr("=+-@", first[0]));
        strbuf_append(&sb, ",end\n", 5);
        char out[256];
        struct error err;
        CHECK(read_all(sb.data, CSV_QUOTES, out, sizeof out, &err) == STATUS_OK);
        char want[256];
        snprintf(want, sizeof want, "%s|end", texts[i]);
        CHECK(strcmp(out, want) == 0);
        strbuf_destroy(&sb);
    }
}

int main(void)
{
    RUN_CASE(csv_splits_rows_into_cells_at_commas);
    RUN_CASE(csv_locates_each_cell_by_line_and_column);
    RUN_CASE(csv_trims_spaces_and_tabs_around_cells_with_csv_trim);
    RUN_CASE(csv_reads_quoted_cells_with_commas_quotes_and_line_ends);
    RUN_CASE(csv_takes_quotes_as_plain_characters_without_csv_quotes);
    RUN_CASE(csv_skips_blank_and_comment_lines);
    RUN_CASE(csv_reads_a_last_line_without_its_line_end);
    RUN_CASE(csv_accepts_crlf_line_ends_and_a_byte_order_mark);
    RUN_CASE(csv_end_of_text_is_a_row_of_no_cells_at_the_last_line);
    RUN_CASE(csv_refuses_a_quoted_cell_without_its_closing_quote_at_its_opening);
    RUN_CASE(csv_refuses_a_nul_byte_at_its_place);
    RUN_CASE(csv_fail_names_the_file_line_and_column_given);
    RUN_CASE(csv_write_text_quotes_guards_and_reads_back);
    return CHECK_EXIT();
}
