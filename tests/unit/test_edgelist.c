/* Unit tests for io/edgelist.c: reading edge lists and attribute files,
 * relabelling ids, and the line:column messages for each kind of mistake.
 * Small files come from tests/data; odd ones are written to /tmp. */
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fixture.h"
#include "io/edgelist.h"

static char scratch_path[256];       /* fixture_scratch_path, set in main */
static char scratch_attributes[256];

static void write_file(const char *path, const char *text, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fwrite(text, 1, len, f);
        fclose(f);
    }
}

/* Reads text as an edge list; returns the status. */
static int read_text(const char *text, bool undirected, bool reverse, struct edge_list *el,
                     struct error *err)
{
    write_file(scratch_path, text, strlen(text));
    return edgelist_read(scratch_path, undirected, reverse, el, err);
}

/* Reads text that must be refused and checks that the message holds
 * "<scratch path>:<where>: <what>". */
static void check_refused(const char *text, const char *where_and_what)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text(text, false, false, &el, &err) == STATUS_BAD_INPUT);
    char expected[512];
    snprintf(expected, sizeof expected, "%s:%s", scratch_path, where_and_what);
    CHECK_CONTAINS(err.message, expected);
    CHECK(el.from == NULL && el.original_id == NULL && el.edges == 0);
}

static bool has_edge(const struct edge_list *el, uint64_t from, uint64_t to)
{
    for (uint64_t e = 0; e < el->edges; e++) {
        if (el->original_id[el->from[e]] == from && el->original_id[el->to[e]] == to) {
            return true;
        }
    }
    return false;
}

/* ---- reading ---- */

static void edgelist_reads_blank_comma_and_comment_separated_lines(void)
{
    char path[1024];
    fixture_data_path("edges_small.txt", path, sizeof path);
    struct edge_list el;
    struct error err;
    CHECK(edgelist_read(path, false, false, &el, &err) == STATUS_OK);
    CHECK(el.vertices == 5 && el.edges == 7 && el.self_loops == 1);
    CHECK(has_edge(&el, 1000, 2000) && has_edge(&el, 1000, 3000) && has_edge(&el, 2000, 3000));
    CHECK(has_edge(&el, 3000, 1000) && has_edge(&el, 42, 1000) && has_edge(&el, 7, 42));
    CHECK(!has_edge(&el, 2000, 1000) && !has_edge(&el, 2000, 2000));
    CHECK(el.role == NULL && el.community == NULL);
    edge_list_destroy(&el);
}

static void edgelist_relabels_ids_densely_in_order_of_first_appearance(void)
{
    char path[1024];
    fixture_data_path("edges_small.txt", path, sizeof path);
    struct edge_list el;
    struct error err;
    CHECK(edgelist_read(path, false, false, &el, &err) == STATUS_OK);
    const uint64_t first_seen[] = {1000, 2000, 3000, 42, 7};
    for (uint32_t v = 0; v < 5 && v < el.vertices; v++) {
        CHECK(el.original_id[v] == first_seen[v]);
    }
    CHECK(el.from[0] == 0 && el.to[0] == 1); /* 1000 2000 */
    CHECK(el.from[6] == 4 && el.to[6] == 3); /* 7 42 */
    edge_list_destroy(&el);
}

static void edgelist_keeps_duplicate_edges_for_the_graph_to_drop(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("1 2\n1 2\n2 1\n", false, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == 3 && el.vertices == 2);
    edge_list_destroy(&el);
}

static void edgelist_undirected_adds_both_directions(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("10 20\n20 30\n30 30\n", true, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == 4 && el.self_loops == 1);
    CHECK(has_edge(&el, 10, 20) && has_edge(&el, 20, 10));
    CHECK(has_edge(&el, 20, 30) && has_edge(&el, 30, 20));
    edge_list_destroy(&el);
}

static void edgelist_reverse_reads_following_lists(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("10 20\n20 30\n", false, true, &el, &err) == STATUS_OK);
    CHECK(el.edges == 2);
    CHECK(has_edge(&el, 20, 10) && has_edge(&el, 30, 20) && !has_edge(&el, 10, 20));
    CHECK(el.original_id[0] == 10); /* numbering still follows the file */
    edge_list_destroy(&el);
}

static void edgelist_accepts_crlf_tabs_and_a_last_line_without_newline(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("1\t2\r\n\t 3 ,\t4 \r\n#c\r\n5,6", false, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == 3 && has_edge(&el, 3, 4) && has_edge(&el, 5, 6));
    edge_list_destroy(&el);
    CHECK(read_text("\xEF\xBB\xBF"
                    "8 9\n",
                    false, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == 1 && has_edge(&el, 8, 9));
    edge_list_destroy(&el);
}

static void edgelist_reads_ids_of_every_length_up_to_2_64_minus_1(void)
{
    struct edge_list el;
    struct error err;
    /* Lengths around the 8-digit steps of the fast parser, and the largest id. */
    CHECK(read_text("0 12345678\n"
                    "123456789 1234567890123456\n"
                    "12345678901234567 1234567890123456789\n"
                    "00000000000000000000000042 18446744073709551615\n",
                    false, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == 4);
    CHECK(has_edge(&el, 0, 12345678));
    CHECK(has_edge(&el, 123456789, UINT64_C(1234567890123456)));
    CHECK(has_edge(&el, UINT64_C(12345678901234567), UINT64_C(1234567890123456789)));
    CHECK(has_edge(&el, 42, UINT64_MAX));
    edge_list_destroy(&el);
}

static void edgelist_reads_lines_straddling_blocks_and_longer_than_a_block(void)
{
    /* Enough lines to span several 1 MiB blocks, then a comment longer than a
     * block, then one more edge. */
    size_t lines = 200000;
    size_t comment = (size_t)3 << 20;
    char *text = malloc(lines * 24 + comment + 64);
    size_t len = 0;
    for (size_t i = 0; i < lines; i++) {
        len += (size_t)sprintf(text + len, "%zu %zu\n", 1000000 + i, 7 * i + 3);
    }
    text[len++] = '#';
    memset(text + len, 'x', comment);
    len += comment;
    len += (size_t)sprintf(text + len, "\n5 1000000\n");
    write_file(scratch_path, text, len);
    free(text);
    struct edge_list el;
    struct error err;
    CHECK(edgelist_read(scratch_path, false, false, &el, &err) == STATUS_OK);
    CHECK(el.edges == lines + 1);
    bool all = el.edges == lines + 1;
    for (size_t i = 0; all && i < lines; i++) {
        all = el.original_id[el.from[i]] == 1000000 + i && el.original_id[el.to[i]] == 7 * i + 3;
    }
    CHECK(all);
    CHECK(has_edge(&el, 5, 1000000));
    edge_list_destroy(&el);
}

/* ---- refusing ---- */

static void edgelist_bad_first_id_names_line_column_and_text(void)
{
    check_refused("1 2\n\n-4 5\n", "3:1: expected an account id (a non-negative integer), "
                                   "got \"-4\"");
    check_refused("1 2\n  12x 5\n", "2:3: expected an account id (a non-negative integer), "
                                    "got \"12x\"");
    check_refused(",1 2\n", "1:1: expected an account id (a non-negative integer), got \",1\"");
}

static void edgelist_bad_second_id_names_line_column_and_text(void)
{
    check_refused("1 2\n3 4\n5 6\n7 8\n9 10\n11 12\n13 14\n15 16\n17 18\n10 11\n11 12\n"
                  "12 13\n13 14\n14 15\n15 16\n16 17\n1234x\n",
                  "17:1: expected an account id (a non-negative integer), got \"1234x\"");
    check_refused("1 2\n1234 x\n", "2:6: expected a second account id (a non-negative "
                                   "integer), got \"x\"");
    check_refused("12\n", "1:3: expected a second account id (a non-negative integer), got "
                          "the end of the line");
    check_refused("12,,3\n", "1:4: expected a second account id (a non-negative integer), got "
                             "\",3\"");
    check_refused("12 # 3\n", "1:4: expected a second account id (a non-negative integer), "
                              "got a comment");
    check_refused("1 2.5\n", "1:3: expected a second account id (a non-negative integer), "
                             "got \"2.5\"");
}

static void edgelist_text_after_two_ids_names_its_column(void)
{
    check_refused("1 2\n100 200 7\n", "2:9: expected the end of the line after two ids, "
                                      "got \"7\"");
    check_refused("1 2,\n", "1:4: expected the end of the line after two ids, got \",\"");
}

static void edgelist_id_above_2_64_minus_1_is_refused(void)
{
    check_refused("1 18446744073709551616\n",
                  "1:3: expected a second account id of at most 18446744073709551615, "
                  "got \"18446744073709551616\"");
    check_refused("99999999999999999999999 1\n",
                  "1:1: expected an account id of at most 18446744073709551615, got");
}

static void edgelist_message_escapes_control_bytes_and_shortens_long_text(void)
{
    check_refused("1 \x01\n", "1:3: expected a second account id (a non-negative integer), "
                              "got \"\\x01\"");
    check_refused("1 abcdefghijklmnopqrstuvwxyz0123456789\n",
                  "1:3: expected a second account id (a non-negative integer), "
                  "got \"abcdefghijklmnopqrstuvwx...\"");
}

static void edgelist_without_edges_is_refused(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("", false, false, &el, &err) == STATUS_BAD_INPUT);
    char expected[512];
    snprintf(expected, sizeof expected, "%s: no edges", scratch_path);
    CHECK(strcmp(err.message, expected) == 0);
    CHECK(read_text("# only a comment\n\n", false, false, &el, &err) == STATUS_BAD_INPUT);
    CHECK(strcmp(err.message, expected) == 0);
    CHECK(read_text("3 3\n", false, false, &el, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "no edges (only self-loops, which are dropped)");
}

static void edgelist_missing_file_is_the_users_error(void)
{
    struct edge_list el;
    struct error err;
    CHECK(edgelist_read("/nonexistent/dir/graph.txt", false, false, &el, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/nonexistent/dir/graph.txt: cannot open: ");
    CHECK(edgelist_read("/tmp", false, false, &el, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/tmp: not a regular file (a directory)");
}

/* ---- attribute files ---- */

static void attributes_give_roles_and_communities_and_default_the_rest(void)
{
    char edges[1024];
    char attributes[1024];
    fixture_data_path("edges_small.txt", edges, sizeof edges);
    fixture_data_path("attributes_small.txt", attributes, sizeof attributes);
    struct edge_list el;
    struct error err;
    CHECK(edgelist_read(edges, false, false, &el, &err) == STATUS_OK);
    CHECK(edgelist_read_attributes(attributes, &el, 2, &err) == STATUS_OK);
    CHECK(el.role != NULL && el.community != NULL);
    if (el.role && el.community) {
        /* Dense ids: 1000, 2000, 3000, 42, 7. */
        CHECK(el.role[0] == ROLE_MEDIA && el.community[0] == 1);
        CHECK(el.role[1] == ROLE_USER && el.community[1] == 0);
        CHECK(el.role[2] == ROLE_FACTCHECKER && el.community[2] == 0);
        CHECK(el.role[3] == ROLE_BOT && el.community[3] == 0);
        CHECK(el.role[4] == ROLE_USER && el.community[4] == 0);
    }
    edge_list_destroy(&el);
}

static void attributes_without_communities_leave_them_to_the_weights(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("1 2\n2 3\n", false, false, &el, &err) == STATUS_OK);
    const char *text = "3 bot\n1,influencer\n";
    write_file(scratch_attributes, text, strlen(text));
    CHECK(edgelist_read_attributes(scratch_attributes, &el, 4, &err) == STATUS_OK);
    CHECK(el.community == NULL && el.role != NULL);
    if (el.role) {
        CHECK(el.role[0] == ROLE_INFLUENCER && el.role[1] == ROLE_USER && el.role[2] == ROLE_BOT);
    }
    edge_list_destroy(&el);
}

/* Reads attribute text for the edges "1 2", "2 3" and checks the message. */
static void check_attributes_refused(const char *text, const char *where_and_what)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("1 2\n2 3\n", false, false, &el, &err) == STATUS_OK);
    write_file(scratch_attributes, text, strlen(text));
    CHECK(edgelist_read_attributes(scratch_attributes, &el, 2, &err) == STATUS_BAD_INPUT);
    char expected[512];
    snprintf(expected, sizeof expected, "%s:%s", scratch_attributes, where_and_what);
    CHECK_CONTAINS(err.message, expected);
    CHECK(el.role == NULL && el.community == NULL);
    edge_list_destroy(&el);
}

static void attributes_mistakes_name_line_column_and_rule(void)
{
    check_attributes_refused("1 user\n# comment\n99 bot\n",
                             "3:1: account 99 is not in the edge list");
    check_attributes_refused("1 admin\n", "1:3: expected a role name (one of \"user\", "
                                          "\"blogger\", \"influencer\", \"media\", \"site\", "
                                          "\"bot\", \"factchecker\"), got \"admin\"");
    check_attributes_refused("2\n", "1:2: expected a role name (one of \"user\"");
    check_attributes_refused("1 bot\n3 user\n1 media\n",
                             "3:1: account 1 is listed a second time; each account may appear "
                             "once");
    check_attributes_refused("1 bot 2\n", "1:7: expected a community (an integer in [0, 1]), "
                                          "got \"2\"");
    check_attributes_refused("1 bot 1 x\n", "1:9: expected the end of the line after the "
                                            "community, got \"x\"");
    check_attributes_refused("x bot\n", "1:1: expected an account id (a non-negative integer), "
                                        "got \"x\"");
}

static void attributes_missing_file_is_the_users_error(void)
{
    struct edge_list el;
    struct error err;
    CHECK(read_text("1 2\n", false, false, &el, &err) == STATUS_OK);
    CHECK(edgelist_read_attributes("/nonexistent/roles.txt", &el, 1, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/nonexistent/roles.txt: cannot open: ");
    CHECK(el.role == NULL && el.edges == 1);
    edge_list_destroy(&el);
}

int main(void)
{
    fixture_scratch_path("edgelist.txt", scratch_path, sizeof scratch_path);
    fixture_scratch_path("edgelist_attributes.txt", scratch_attributes, sizeof scratch_attributes);
    RUN_CASE(edgelist_reads_blank_comma_and_comment_separated_lines);
    RUN_CASE(edgelist_relabels_ids_densely_in_order_of_first_appearance);
    RUN_CASE(edgelist_keeps_duplicate_edges_for_the_graph_to_drop);
    RUN_CASE(edgelist_undirected_adds_both_directions);
    RUN_CASE(edgelist_reverse_reads_following_lists);
    RUN_CASE(edgelist_accepts_crlf_tabs_and_a_last_line_without_newline);
    RUN_CASE(edgelist_reads_ids_of_every_length_up_to_2_64_minus_1);
    RUN_CASE(edgelist_reads_lines_straddling_blocks_and_longer_than_a_block);
    RUN_CASE(edgelist_bad_first_id_names_line_column_and_text);
    RUN_CASE(edgelist_bad_second_id_names_line_column_and_text);
    RUN_CASE(edgelist_text_after_two_ids_names_its_column);
    RUN_CASE(edgelist_id_above_2_64_minus_1_is_refused);
    RUN_CASE(edgelist_message_escapes_control_bytes_and_shortens_long_text);
    RUN_CASE(edgelist_without_edges_is_refused);
    RUN_CASE(edgelist_missing_file_is_the_users_error);
    RUN_CASE(attributes_give_roles_and_communities_and_default_the_rest);
    RUN_CASE(attributes_without_communities_leave_them_to_the_weights);
    RUN_CASE(attributes_mistakes_name_line_column_and_rule);
    RUN_CASE(attributes_missing_file_is_the_users_error);
    remove(scratch_path);
    remove(scratch_attributes);
    return CHECK_EXIT();
}
