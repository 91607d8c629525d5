/* Unit tests for io/sweep_file.c, sweep_points.c, sweep_design.c and
 * sweep_write.c (sweep files: keys, designs expanded into points, design
 * files, the resolved sweep, messages). Sweep texts are written with single
 * quotes for readability; text() turns them into JSON. The first argument is
 * the folder of bad sweep files (tests/bad/sweep) with their expected.tsv. */
#define _XOPEN_SOURCE 700 /* mkdtemp, realpath */
#include <gsl/gsl_qrng.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/fileio.h"
#include "io/sweep.h"

static const char *bad_dir;

/* Returns a copy of quoted with every ' turned into ", which the caller frees. */
static char *text(const char *quoted)
{
    size_t n = strlen(quoted);
    char *json = malloc(n + 1);
    for (size_t i = 0; i <= n; i++) {
        json[i] = quoted[i] == '\'' ? '"' : quoted[i];
    }
    return json;
}

/* Parses a single-quoted sweep labelled "sw.json" in folder base_dir. */
static int parse_in(const char *quoted, const char *base_dir, struct sweep *sw, struct error *err)
{
    char *json = text(quoted);
    int status = sweep_parse(json, "sw.json", base_dir, sw, err);
    free(json);
    return status;
}

static int parse(const char *quoted, struct sweep *sw, struct error *err)
{
    return parse_in(quoted, NULL, sw, err);
}

static bool is_all_zero(const void *p, size_t size)
{
    const unsigned char *bytes = p;
    for (size_t i = 0; i < size; i++) {
        if (bytes[i]) {
            return false;
        }
    }
    return true;
}

/* Parses a sweep that must be rejected, checks that nothing is left to
 * release, and leaves the message in err. */
static void parse_bad(const char *quoted, struct error *err)
{
    struct sweep sw;
    CHECK(parse(quoted, &sw, err) == STATUS_BAD_INPUT);
    CHECK(is_all_zero(&sw, sizeof sw));
}

static void write_file(const char *path, const char *contents)
{
    FILE *f = fopen(path, "wb");
    CHECK(f != NULL);
    if (f) {
        fputs(contents, f);
        fclose(f);
    }
}

/* A fresh folder under /tmp for files a case writes; remove_dir cleans up. */
static char *make_dir(void)
{
    char *dir = strdup("/tmp/amplisim_test_sweep_XXXXXX");
    if (!mkdtemp(dir)) {
        perror("mkdtemp");
        abort();
    }
    return dir;
}

static void remove_in(const char *dir, const char *name)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    remove(path);
}

/* ---- designs ---- */

static void sweep_grid_varies_the_first_parameter_slowest(void)
{
    struct sweep sw;
    struct error err;
    int status = parse("{'scenario': 'base.json', 'parameters': ["
                       " {'path': '/a', 'values': [1, 2]},"
                       " {'path': '/b', 'values': ['x', 'y', 'z']}]}",
                       &sw, &err);
    CHECK(status == STATUS_OK);
    if (status) {
        fprintf(stderr, "  %s\n", err.message);
        return;
    }
    CHECK(sw.design == SWEEP_GRID);
    CHECK(sw.point_count == 6);
    CHECK(sw.parameter_count == 2);
    const char *expected[6][2] = {{"1", "\"x\""}, {"1", "\"y\""}, {"1", "\"z\""},
                                  {"2", "\"x\""}, {"2", "\"y\""}, {"2", "\"z\""}};
    for (size_t p = 0; p < 6; p++) {
        CHECK(strcmp(sweep_value(&sw, p, 0), expected[p][0]) == 0);
        CHECK(strcmp(sweep_value(&sw, p, 1), expected[p][1]) == 0);
    }
    sweep_destroy(&sw);
    CHECK(is_all_zero(&sw, sizeof sw));
}

static void sweep_linear_range_ends_exactly_at_from_and_to(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'parameters': ["
                " {'path': '/v', 'from': 0.1, 'to': 0.7, 'count': 7}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.point_count == 7);
    CHECK(strcmp(sweep_value(&sw, 0, 0), "0.1") == 0);
    CHECK(strcmp(sweep_value(&sw, 6, 0), "0.7") == 0);
    for (size_t i = 1; i < 6; i++) {
        double want = 0.1 + (0.7 - 0.1) * (double)i / 6.0;
        CHECK(strtod(sweep_value(&sw, i, 0), NULL) == want);
    }
    sweep_destroy(&sw);
    /* One point is just `from`; integral values are written without a point. */
    CHECK(parse("{'scenario': 'b.json', 'parameters': ["
                " {'path': '/v', 'from': 3, 'to': 9, 'count': 1},"
                " {'path': '/w', 'from': 0, 'to': 10, 'count': 3}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.point_count == 3);
    CHECK(strcmp(sweep_value(&sw, 0, 0), "3") == 0);
    CHECK(strcmp(sweep_value(&sw, 1, 1), "5") == 0);
    CHECK(strcmp(sweep_value(&sw, 2, 1), "10") == 0);
    sweep_destroy(&sw);
}

static void sweep_log_range_spaces_values_by_equal_factors(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'parameters': ["
                " {'path': '/v', 'from': 1, 'to': 1000, 'count': 4, 'scale': 'log'}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.point_count == 4);
    CHECK(strcmp(sweep_value(&sw, 0, 0), "1") == 0);
    CHECK(strcmp(sweep_value(&sw, 3, 0), "1000") == 0);
    CHECK(strtod(sweep_value(&sw, 1, 0), NULL) == pow(1000.0, 1.0 / 3.0));
    CHECK(strtod(sweep_value(&sw, 2, 0), NULL) == pow(1000.0, 2.0 / 3.0));
    CHECK_NEAR(strtod(sweep_value(&sw, 1, 0), NULL), 10.0, 1e-12);
    CHECK_NEAR(strtod(sweep_value(&sw, 2, 0), NULL), 100.0, 1e-12);
    sweep_destroy(&sw);
}

static void sweep_integer_range_rounds_and_keeps_repeats(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'parameters': ["
                " {'path': '/n', 'from': 1, 'to': 3, 'count': 5, 'integer': true}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.point_count == 5);
    /* 1, 1.5, 2, 2.5, 3 round (half away from zero) to 1, 2, 2, 3, 3. */
    const char *want[] = {"1", "2", "2", "3", "3"};
    for (size_t i = 0; i < 5; i++) {
        CHECK(strcmp(sweep_value(&sw, i, 0), want[i]) == 0);
    }
    sweep_destroy(&sw);
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'path': '/n', 'from': 10, 'to': 1000,"
                " 'count': 3, 'scale': 'log', 'integer': true}]}",
                &sw, &err) == STATUS_OK);
    CHECK(strcmp(sweep_value(&sw, 1, 0), "100") == 0);
    sweep_destroy(&sw);
}

static void sweep_values_lists_keep_strings_booleans_and_exact_numbers(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'path': '/x', 'values':"
                " ['lognormal', true, false, 0.1, 2e20, -7, 'say \\'hi\\'']}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.point_count == 7);
    const char *want[] = {"\"lognormal\"",     "true", "false", "0.1", "2e+20", "-7",
                          "\"say \\\"hi\\\"\""};
    for (size_t i = 0; i < 7; i++) {
        CHECK(strcmp(sweep_value(&sw, i, 0), want[i]) == 0);
    }
    sweep_destroy(&sw);
}

static void sweep_sobol_points_follow_gsl_and_stay_in_range(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'design': {'type': 'sobol', 'points': 100},"
                " 'parameters': ["
                "  {'path': '/a', 'from': 0.2, 'to': 0.4},"
                "  {'path': '/b', 'from': 1, 'to': 100, 'scale': 'log'},"
                "  {'path': '/c', 'from': -5, 'to': 5, 'integer': true}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.design == SWEEP_SOBOL);
    CHECK(sw.point_count == 100);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 3);
    double u[3];
    for (size_t p = 0; p < sw.point_count; p++) {
        gsl_qrng_get(q, u);
        double a = strtod(sweep_value(&sw, p, 0), NULL);
        double b = strtod(sweep_value(&sw, p, 1), NULL);
        const char *c = sweep_value(&sw, p, 2);
        CHECK(a == 0.2 + (0.4 - 0.2) * u[0]);
        CHECK(b == 1.0 * pow(100.0, u[1]));
        CHECK(strtoll(c, NULL, 10) == llround(-5.0 + 10.0 * u[2]));
        CHECK(strchr(c, '.') == NULL);
        CHECK(a >= 0.2 && a <= 0.4 && b >= 1.0 && b <= 100.0);
    }
    gsl_qrng_free(q);
    /* GSL's sequence starts at the centre of the cube. */
    CHECK(strcmp(sweep_value(&sw, 0, 0), "0.30000000000000004") == 0 ||
          strcmp(sweep_value(&sw, 0, 0), "0.3") == 0);
    sweep_destroy(&sw);
}

static void sweep_saltelli_builds_a_b_and_a_with_each_column_from_b(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'design': {'type': 'saltelli', 'points': 5},"
                " 'parameters': ["
                "  {'path': '/a', 'from': 0, 'to': 1},"
                "  {'path': '/b', 'from': 1, 'to': 100, 'scale': 'log'}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sw.design == SWEEP_SALTELLI && sw.saltelli_rows == 5);
    CHECK(sw.point_count == 5 * (2 + 2)); /* N (k + 2) */
    /* Row j of A is the first k coordinates of point j + 1 of the
     * 2k-dimensional sequence, row j of B its last k. */
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 4);
    double u[4];
    gsl_qrng_get(q, u); /* the centre, where A and B would coincide, is skipped */
    for (size_t j = 0; j < 5; j++) {
        gsl_qrng_get(q, u);
        const double a[2] = {u[0], pow(100.0, u[1])}, b[2] = {u[2], pow(100.0, u[3])};
        for (size_t m = 0; m < 4; m++) {
            for (size_t k = 0; k < 2; k++) {
                bool from_b = m == 1 || (m >= 2 && k == m - 2); /* B, or A_B^k */
                CHECK(strtod(sweep_value(&sw, j * 4 + m, k), NULL) == (from_b ? b[k] : a[k]));
            }
        }
    }
    gsl_qrng_free(q);
    /* The resolved sweep gives N, not the points it expands to. */
    char *text = sweep_to_json(&sw);
    CHECK_CONTAINS(text, "\"type\":\t\"saltelli\"");
    CHECK_CONTAINS(text, "\"points\":\t5");
    free(text);
    sweep_destroy(&sw);
}

static void sweep_sobol_picks_listed_values_by_coordinate(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'design': {'type': 'sobol', 'points': 16},"
                " 'parameters': [{'path': '/k', 'values': ['a', 'b', 'c', 'd']}]}",
                &sw, &err) == STATUS_OK);
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, 1);
    const char *names[] = {"\"a\"", "\"b\"", "\"c\"", "\"d\""};
    size_t seen[4] = {0};
    for (size_t p = 0; p < sw.point_count; p++) {
        double u;
        gsl_qrng_get(q, &u);
        size_t i = (size_t)floor(u * 4.0);
        CHECK(strcmp(sweep_value(&sw, p, 0), names[i]) == 0);
        seen[i]++;
    }
    gsl_qrng_free(q);
    /* The first 16 points of a one-dimensional Sobol sequence fill the four
     * quarters equally. */
    CHECK(seen[0] == 4 && seen[1] == 4 && seen[2] == 4 && seen[3] == 4);
    sweep_destroy(&sw);
}

static void sweep_design_file_reads_comments_crlf_and_spaces(void)
{
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/design.csv", dir);
    write_file(path, "# made by a spreadsheet\r\n"
                     "\r\n"
                     " bots , kind,visibility\r\n"
                     "10, fabricated , 0.25\r\n"
                     "   # a comment between rows\r\n"
                     "20.4,genuine,true\r\n"
                     "30,x-1.b,1e-3");
    struct sweep sw;
    struct error err;
    int status = parse_in("{'scenario': 'b.json', 'design': {'type': 'file', 'path': 'design.csv'},"
                          " 'parameters': ["
                          "  {'path': '/visibility', 'name': 'visibility'},"
                          "  {'path': '/bots', 'name': 'bots', 'integer': true},"
                          "  {'path': '/kind', 'name': 'kind'}]}",
                          dir, &sw, &err);
    CHECK(status == STATUS_OK);
    if (status == STATUS_OK) {
        CHECK(sw.design == SWEEP_FILE);
        CHECK(sw.point_count == 3);
        char *resolved = realpath(path, NULL);
        CHECK(resolved && strcmp(sw.design_path, resolved) == 0);
        free(resolved);
        /* Values are stored in the parameters' order, whatever the columns'. */
        const char *want[3][3] = {{"0.25", "10", "\"fabricated\""},
                                  {"true", "20", "\"genuine\""},
                                  {"0.001", "30", "\"x-1.b\""}};
        for (size_t p = 0; p < 3; p++) {
            for (size_t k = 0; k < 3; k++) {
                CHECK(strcmp(sweep_value(&sw, p, k), want[p][k]) == 0);
            }
        }
        sweep_destroy(&sw);
    } else {
        fprintf(stderr, "  %s\n", err.message);
    }
    remove_in(dir, "design.csv");
    rmdir(dir);
    free(dir);
}

static void sweep_design_file_mistakes_name_line_column_and_rule(void)
{
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/d.csv", dir);
    char label[512];
    snprintf(label, sizeof label, "%s/d.csv", dir);
    const char *sweep = "{'scenario': 'b.json', 'design': {'type': 'file', 'path': 'd.csv'},"
                        " 'parameters': [{'path': '/s', 'name': 'sites', 'integer': true},"
                        " {'path': '/b', 'name': 'bots'}]}";
    struct {
        const char *csv;
        const char *message;
    } cases[] = {
        {"sites,bots\n1,2\n3, 4,5\n", "d.csv:3: expected 2 cells (sites, bots), got 3"},
        {"sites,bots\n1,2\n3,  1.2.3\n",
         "d.csv:3:5: column \"bots\": expected a number, true, false or a word, got \"1.2.3\""},
        {"sites,bots\n1,\n", "d.csv:2:3: column \"bots\": expected a number, true, false or a "
                             "word, got an empty cell"},
        {"sites,bots\nmany,2\n",
         "d.csv:2:1: column \"sites\": expected a number within +-2^53 (the parameter "
         "rounds to integers), got \"many\""},
        {"sites,bots\nNaN,2\n", "column \"sites\": expected a number"},
        {"sites,bots\n1,nan\n", "column \"bots\": expected a number, true, false or a word, got "
                                "\"nan\""},
        {"sites,bot\n1,2\n", "d.csv:1:7: unknown column \"bot\"; did you mean \"bots\"?"},
        {"sites,bots,sites\n", "d.csv:1:12: duplicate column \"sites\""},
        {"# only\nsites\n1\n", "d.csv:2: missing column \"bots\" (the name of /parameters/1)"},
        {"sites,bots\n", "d.csv:1: expected at least one data row after the header"},
        {"# nothing\n", "d.csv:2: expected a header line naming the columns (sites, bots)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        write_file(path, cases[i].csv);
        struct sweep sw;
        struct error err;
        CHECK(parse_in(sweep, dir, &sw, &err) == STATUS_BAD_INPUT);
        CHECK_CONTAINS(err.message, cases[i].message);
        CHECK_CONTAINS(err.message, label);
        CHECK(is_all_zero(&sw, sizeof sw));
    }
    remove_in(dir, "d.csv");
    struct sweep sw;
    struct error err;
    CHECK(parse_in(sweep, dir, &sw, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "sw.json:1:59: /design/path: cannot read the design file: ");
    CHECK_CONTAINS(err.message, "d.csv: cannot open");
    rmdir(dir);
    free(dir);
}

/* ---- what the runner reads ---- */

static void sweep_point_overrides_put_the_fixed_ones_first(void)
{
    struct sweep sw;
    struct error err;
    CHECK(
        parse("{'scenario': 'b.json', 'set': {'/platform/visibility': 0.1,"
              " '/stories/0/appeal': [1.5, 0.25]},"
              " 'parameters': [{'path': '/a', 'values': [1, 2]}, {'path': '/b', 'values': ['x']}]}",
              &sw, &err) == STATUS_OK);
    CHECK(sw.fixed_count == 2);
    struct scenario_override out[4];
    size_t n = sweep_point_overrides(&sw, 1, out);
    CHECK(n == 4);
    CHECK(strcmp(out[0].path, "/platform/visibility") == 0 && strcmp(out[0].value, "0.1") == 0);
    CHECK(strcmp(out[1].path, "/stories/0/appeal") == 0 && strcmp(out[1].value, "[1.5,0.25]") == 0);
    CHECK(strcmp(out[2].path, "/a") == 0 && strcmp(out[2].value, "2") == 0);
    CHECK(strcmp(out[3].path, "/b") == 0 && strcmp(out[3].value, "\"x\"") == 0);
    sweep_destroy(&sw);
}

static void paths_set_one_value_at_every_pointer(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse("{'scenario': 'b.json', 'set': {'/x': 1},"
                " 'parameters': [{'name': 'sites', 'paths': ['/a/0', '/a/1'], 'values': [3, 4]}]}",
                &sw, &err) == STATUS_OK);
    CHECK(sweep_override_count(&sw) == 3);
    struct scenario_override out[3];
    CHECK(sweep_point_overrides(&sw, 1, out) == 3);
    CHECK(strcmp(out[1].path, "/a/0") == 0 && strcmp(out[1].value, "4") == 0);
    CHECK(strcmp(out[2].path, "/a/1") == 0 && strcmp(out[2].value, "4") == 0);
    char *json = sweep_to_json(&sw);
    CHECK_CONTAINS(json, "\"paths\":");
    free(json);
    sweep_destroy(&sw);
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'paths': ['/a', '/b'], 'values': [1]}]}",
                &sw, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/parameters/0: missing required key \"name\"");
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'name': 'n', 'paths': ['/a', '/a'],"
                " 'values': [1]}]}",
                &sw, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "duplicate path \"/a\"");
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'name': 'n', 'paths': ['/a', 'b'],"
                " 'values': [1]}]}",
                &sw, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/parameters/0/paths/1: expected a JSON pointer");
}

static const char full_sweep[] =
    "{\n"
    "  'name': 'visibility_by_bots',\n"
    "  'scenario': 'base.json',\n"
    "  'seed': 7,\n"
    "  'replicates': 20,\n"
    "  'story': 'fabricated_claim',\n"
    "  'set': {'/platform/lifetime_h': 24},\n"
    "  'design': {'type': 'grid'},\n"
    "  'parameters': [\n"
    "    {'path': '/platform/visibility', 'name': 'visibility',\n"
    "     'from': 0.1, 'to': 0.30000000000000004, 'count': 3},\n"
    "    {'path': '/population/roles/bot/count', 'name': 'bots', 'values': [0, 1000]}\n"
    "  ]\n"
    "}\n";

static void sweep_reads_every_key_and_defaults_the_rest(void)
{
    struct sweep sw;
    struct error err;
    CHECK(parse_in(full_sweep, "studies", &sw, &err) == STATUS_OK);
    CHECK(strcmp(sw.label, "sw.json") == 0);
    CHECK(strcmp(sw.name, "visibility_by_bots") == 0);
    CHECK(sw.seed_set && sw.seed == 7);
    CHECK(sw.replicates == 20);
    CHECK(sw.story && strcmp(sw.story, "fabricated_claim") == 0);
    CHECK(strcmp(sw.parameters[1].name, "bots") == 0);
    CHECK(strcmp(sw.parameters[1].path, "/population/roles/bot/count") == 0);
    CHECK(strcmp(sw.parameters[0].where, "sw.json:10:5") == 0);
    CHECK(strcmp(sw.parameters[1].where, "sw.json:12:5") == 0);
    CHECK(sw.point_count == 6);
    sweep_destroy(&sw);
    CHECK(parse("{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [1]}]}", &sw,
                &err) == STATUS_OK);
    CHECK(strcmp(sw.name, "sw") == 0);
    CHECK(!sw.seed_set && sw.replicates == 0 && sw.story == NULL);
    CHECK(sw.design == SWEEP_GRID && sw.design_path == NULL);
    CHECK(sw.fixed_count == 0);
    CHECK(strcmp(sw.parameters[0].name, "/a") == 0);
    sweep_destroy(&sw);
}

static void sweep_to_json_is_deterministic_and_lists_the_points(void)
{
    struct sweep a;
    struct sweep b;
    struct error err;
    CHECK(parse_in(full_sweep, "studies", &a, &err) == STATUS_OK);
    CHECK(parse_in(full_sweep, "studies", &b, &err) == STATUS_OK);
    char *ja = sweep_to_json(&a);
    char *jb = sweep_to_json(&b);
    CHECK(strcmp(ja, jb) == 0);
    const char *keys[] = {"\"name\"",       "\"scenario\"",   "\"seed\"",
                          "\"replicates\"", "\"story\"",      "\"set\"",
                          "\"design\"",     "\"parameters\"", "\"points\""};
    const char *last = ja;
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        const char *at = strstr(last, keys[i]);
        CHECK(at != NULL);
        last = at ? at : last;
    }
    CHECK_CONTAINS(ja, "\"scenario\":\t\"studies/base.json\"");
    CHECK_CONTAINS(ja, "\"set\":\t{\n\t\t\"/platform/lifetime_h\":\t24\n\t}");
    CHECK_CONTAINS(ja, "\"from\":\t0.1,\n\t\t\t\"to\":\t0.30000000000000004,");
    CHECK_CONTAINS(ja, "\"points\": [\n\t\t[0.1, 0],\n\t\t[0.1, 1000],\n\t\t[0.2, 0],\n");
    CHECK_CONTAINS(ja, "\t\t[0.30000000000000004, 1000]\n\t]\n}");
    free(ja);
    free(jb);
    sweep_destroy(&a);
    sweep_destroy(&b);
    /* Unset keys are written as null. */
    CHECK(parse("{'scenario': '/abs/b.json', 'design': {'type': 'sobol', 'points': 2},"
                " 'parameters': [{'path': '/a', 'from': 0, 'to': 1}]}",
                &a, &err) == STATUS_OK);
    ja = sweep_to_json(&a);
    CHECK_CONTAINS(ja, "\"seed\":\tnull,\n\t\"replicates\":\tnull,\n\t\"story\":\tnull");
    CHECK_CONTAINS(ja, "\"design\":\t{\n\t\t\"type\":\t\"sobol\",\n\t\t\"points\":\t2\n\t}");
    free(ja);
    sweep_destroy(&a);
}

static void sweep_scenario_path_is_relative_to_the_sweep_file(void)
{
    const char *minimal =
        "{'scenario': 'base.json', 'parameters': [{'path': '/a', 'values': [1]}]}";
    struct sweep sw;
    struct error err;
    /* The files do not exist, so the joined paths are kept as they are. */
    CHECK(parse_in(minimal, "studies/x", &sw, &err) == STATUS_OK);
    CHECK(strcmp(sw.scenario_path, "studies/x/base.json") == 0);
    sweep_destroy(&sw);
    CHECK(parse_in(minimal, "studies/", &sw, &err) == STATUS_OK);
    CHECK(strcmp(sw.scenario_path, "studies/base.json") == 0);
    sweep_destroy(&sw);
    CHECK(parse_in(minimal, NULL, &sw, &err) == STATUS_OK);
    CHECK(strcmp(sw.scenario_path, "base.json") == 0);
    sweep_destroy(&sw);
    CHECK(parse_in("{'scenario': '/nonexistent/base.json',"
                   " 'parameters': [{'path': '/a', 'values': [1]}]}",
                   "studies", &sw, &err) == STATUS_OK);
    CHECK(strcmp(sw.scenario_path, "/nonexistent/base.json") == 0);
    sweep_destroy(&sw);
    /* sweep_load resolves against the file's folder; an existing scenario
     * becomes an absolute path. */
    char *dir = make_dir();
    char path[512];
    snprintf(path, sizeof path, "%s/base.json", dir);
    write_file(path, "{}");
    snprintf(path, sizeof path, "%s/my sweep.json", dir);
    char *json = text(minimal);
    write_file(path, json);
    free(json);
    CHECK(sweep_load(path, &sw, &err) == STATUS_OK);
    snprintf(path, sizeof path, "%s/base.json", dir);
    char *resolved = realpath(path, NULL);
    CHECK(resolved && strcmp(sw.scenario_path, resolved) == 0);
    CHECK(strcmp(sw.name, "my_sweep") == 0);
    free(resolved);
    sweep_destroy(&sw);
    remove_in(dir, "base.json");
    remove_in(dir, "my sweep.json");
    rmdir(dir);
    free(dir);
}

/* ---- mistakes ---- */

static void sweep_mistakes_name_place_rule_and_value(void)
{
    struct error err;
    struct {
        const char *sweep;
        const char *message;
    } cases[] = {
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [1]}],}",
         "sw.json:1:69: malformed JSON: trailing comma before '}'"},
        {"[1]", "sw.json:1:1: /: expected an object holding the sweep, got an array of 1 element"},
        {"{'scenario': 'b.json', 'parameter': []}",
         "sw.json:1:24: /parameter: unknown key \"parameter\"; did you mean \"parameters\"?"},
        {"{'scenario': 'b.json', 'scenario': 'c.json', 'parameters': []}",
         "sw.json:1:24: /scenario: duplicate key \"scenario\"; each key may appear only once"},
        {"{'parameters': [{'path': '/a', 'values': [1]}]}",
         "sw.json:1:1: /: missing required key \"scenario\""},
        {"{'scenario': 'b.json'}", "sw.json:1:1: /: missing required key \"parameters\""},
        {"{'scenario': 'b.json', 'parameters': []}",
         "sw.json:1:38: /parameters: expected an array of 1 to 40 parameter objects, got an "
         "empty array"},
        {"{'scenario': 'b.json', 'seed': 1.5, 'parameters': [{'path': '/a', 'values': [1]}]}",
         "sw.json:1:32: /seed: expected an integer in [0, 9007199254740991], got 1.5"},
        {"{'scenario': 'b.json', 'replicates': 0, 'parameters': [{'path': '/a', 'values': [1]}]}",
         "/replicates: expected an integer in [1, 100000], got 0"},
        {"{'scenario': 'b.json', 'name': 'a b', 'parameters': [{'path': '/a', 'values': [1]}]}",
         "/name: expected a name of 1 to 63 characters"},
        {"{'scenario': 'b.json', 'design': {'type': 'sobl'}, 'parameters': []}",
         "/design/type: expected one of \"grid\", \"sobol\", \"saltelli\", \"file\", got "
         "\"sobl\"; did you mean \"sobol\"?"},
        {"{'scenario': 'b.json', 'design': {'type': 'grid', 'points': 3}, 'parameters': []}",
         "/design/points: expected a key of type \"grid\" (type), got \"points\""},
        {"{'scenario': 'b.json', 'design': {'type': 'sobol'}, 'parameters': []}",
         "/design: missing required key \"points\""},
        {"{'scenario': 'b.json', 'set': {'platform/visibility': 1},"
         " 'parameters': [{'path': '/a', 'values': [1]}]}",
         "/set/platform~1visibility: expected a JSON pointer starting with '/'"},
        {"{'scenario': 'b.json', 'set': {'/a': 1}, 'parameters': [{'path': '/a', 'values': [1]}]}",
         "/parameters/0/path: \"/a\" is fixed by /set and cannot also vary"},
        {"{'scenario': 'b.json', 'parameters': [{'path': 'a', 'values': [1]}]}",
         "/parameters/0/path: expected a JSON pointer into the scenario starting with '/'"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'vales': [1]}]}",
         "/parameters/0/vales: unknown key \"vales\"; did you mean \"values\"?"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a'}]}",
         "sw.json:1:39: /parameters/0: missing required key \"values\" (or a range: \"from\", "
         "\"to\", \"count\")"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [1], 'from': 0}]}",
         "/parameters/0/from: \"from\" cannot go with \"values\""},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [[1]]}]}",
         "/parameters/0/values/0: expected a number, a string, true or false, got an array of 1 "
         "element"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [1], 'integer': true}]}",
         "/parameters/0/integer: \"integer\" applies to a range"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'from': 0, 'to': 1}]}",
         "/parameters/0: missing required key \"count\" (a range needs \"from\", \"to\" and "
         "\"count\")"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'from': 0, 'to': 1, 'count': 0}]}",
         "/parameters/0/count: expected an integer in [1, 1000000], got 0"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'from': 1, 'to': 2, 'count': 2,"
         " 'scale': 'logarithmic'}]}",
         "/parameters/0/scale: expected one of \"linear\", \"log\", got \"logarithmic\""},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'from': 1, 'to': -2, 'count': 2,"
         " 'scale': 'log'}]}",
         "/parameters/0/to: expected a number > 0 (a log scale needs from > 0 and to > 0), got -2"},
        {"{'scenario': 'b.json', 'design': {'type': 'sobol', 'points': 4},"
         " 'parameters': [{'path': '/a', 'from': 1, 'to': 2, 'count': 2}]}",
         "/parameters/0/count: count belongs to a grid design"},
        {"{'scenario': 'b.json', 'design': {'type': 'file', 'path': 'd.csv'},"
         " 'parameters': [{'path': '/a', 'values': [1]}]}",
         "/parameters/0/values: \"values\" belongs to a grid or sobol design"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'values': [1]},"
         " {'path': '/a', 'values': [2]}]}",
         "sw.json:1:79: /parameters/1/path: duplicate path \"/a\"; /parameters/0 already varies "
         "it"},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'name': 'x', 'values': [1]},"
         " {'path': '/b', 'name': 'x', 'values': [2]}]}",
         "/parameters/1/name: duplicate name \"x\""},
        {"{'scenario': 'b.json', 'parameters': [{'path': '/a', 'name': 'x,y', 'values': [1]}]}",
         "/parameters/0/name: expected a column name"},
        {"{'scenario': 'b.json', 'parameters': ["
         " {'path': '/a', 'from': 0, 'to': 1, 'count': 1000},"
         " {'path': '/b', 'from': 0, 'to': 1, 'count': 1001}]}",
         "sw.json:1:38: /parameters: expected at most 1000000 points, got a grid of 1000 x 1001 = "
         "1001000 points"},
        {"{'scenario': 'b.json', 'replicates': 100, 'parameters': ["
         " {'path': '/a', 'from': 0, 'to': 1, 'count': 100001}]}",
         "/replicates: expected at most 10000000 runs (points x replicates), got 100001 points x "
         "100 replicates = 10000100 runs"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        parse_bad(cases[i].sweep, &err);
        CHECK_CONTAINS(err.message, cases[i].message);
    }
}

/* Each file in tests/bad/sweep/expected.tsv is refused with its fragment. */
static void sweep_bad_files_give_their_messages(void)
{
    CHECK(bad_dir != NULL);
    if (!bad_dir) {
        return;
    }
    char path[1024];
    snprintf(path, sizeof path, "%s/expected.tsv", bad_dir);
    struct error err;
    char *table = file_read_all(path, NULL, &err);
    CHECK(table != NULL);
    if (!table) {
        return;
    }
    size_t files = 0;
    char *save = NULL;
    for (char *line = strtok_r(table, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char *tab = strchr(line, '\t');
        if (line[0] == '#' || !tab) {
            continue;
        }
        *tab = '\0';
        snprintf(path, sizeof path, "%s/%s", bad_dir, line);
        struct sweep sw;
        int status = sweep_load(path, &sw, &err);
        if (status != STATUS_BAD_INPUT || !strstr(err.message, tab + 1)) {
            fprintf(stderr, "  %s: status %d, message: %s\n", line, status, err.message);
        }
        CHECK(status == STATUS_BAD_INPUT);
        CHECK_CONTAINS(err.message, tab + 1);
        CHECK(is_all_zero(&sw, sizeof sw));
        files++;
    }
    CHECK(files >= 11);
    free(table);
}

static void sweep_load_reports_a_missing_file(void)
{
    struct sweep sw;
    struct error err;
    CHECK(sweep_load("/nonexistent/dir/sweep.json", &sw, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "/nonexistent/dir/sweep.json: cannot open");
    CHECK(is_all_zero(&sw, sizeof sw));
    sweep_destroy(NULL);
}

int main(int argc, char **argv)
{
    bad_dir = argc > 1 ? argv[1] : NULL;
    RUN_CASE(sweep_grid_varies_the_first_parameter_slowest);
    RUN_CASE(sweep_linear_range_ends_exactly_at_from_and_to);
    RUN_CASE(sweep_log_range_spaces_values_by_equal_factors);
    RUN_CASE(sweep_integer_range_rounds_and_keeps_repeats);
    RUN_CASE(sweep_values_lists_keep_strings_booleans_and_exact_numbers);
    RUN_CASE(sweep_sobol_points_follow_gsl_and_stay_in_range);
    RUN_CASE(sweep_saltelli_builds_a_b_and_a_with_each_column_from_b);
    RUN_CASE(sweep_sobol_picks_listed_values_by_coordinate);
    RUN_CASE(sweep_design_file_reads_comments_crlf_and_spaces);
    RUN_CASE(sweep_design_file_mistakes_name_line_column_and_rule);
    RUN_CASE(sweep_point_overrides_put_the_fixed_ones_first);
    RUN_CASE(paths_set_one_value_at_every_pointer);
    RUN_CASE(sweep_reads_every_key_and_defaults_the_rest);
    RUN_CASE(sweep_to_json_is_deterministic_and_lists_the_points);
    RUN_CASE(sweep_scenario_path_is_relative_to_the_sweep_file);
    RUN_CASE(sweep_mistakes_name_place_rule_and_value);
    RUN_CASE(sweep_bad_files_give_their_messages);
    RUN_CASE(sweep_load_reports_a_missing_file);
    return CHECK_EXIT();
}
