/* Fit files and the fit's log: the defaults docs/calibration.md states, and
 * the durable log a resumed fit replays (an exact round trip, a line cut
 * short by a kill, a damaged line, another fit's log). The bad files and
 * their messages are the corpus in tests/bad/fit. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "io/fit.h"
#include "io/fit_log.h"

static const char minimal[] =
    "{\"scenario\": \"s.json\", \"parameters\": [{\"path\": \"/platform/visibility\", "
    "\"lower\": 0.1, \"upper\": 0.9}], \"targets\": {\"statistics\": [{\"figure\": \"shares\", "
    "\"observed\": 10, \"sigma\": 2}]}}";

static void fit_file_fills_the_documented_defaults(void)
{
    struct fit f;
    struct error err;
    CHECK(fit_parse(minimal, "my_fit.json", NULL, &f, &err) == STATUS_OK);
    CHECK(strcmp(f.name, "my_fit") == 0);
    CHECK(f.method == FIT_NM && !f.seed_set && f.replicates == 0);
    CHECK(f.parameters[0].scale == FIT_LINEAR && !f.parameters[0].start_set);
    CHECK(strcmp(f.parameters[0].name, "/platform/visibility") == 0);
    CHECK(f.statistics[0].kind == FIT_MEDIAN && !f.statistics[0].condition_figure);
    CHECK(strcmp(f.statistics[0].name, "median_shares") == 0);
    CHECK(f.nm.restarts == 2 && f.nm.max_evaluations == 200 && f.nm.step == 1.0 &&
          f.nm.tolerance == 1e-3 && f.nm.curvature_step == 0.1);
    CHECK(f.abc.particles == 100 && f.abc.generations == 5 && f.abc.quantile == 0.5 &&
          f.abc.max_evaluations == 10000 && f.abc.min_acceptance == 0.01);
    fit_destroy(&f);
}

static void fit_file_reads_a_fraction_with_its_threshold(void)
{
    static const char text[] =
        "{\"scenario\": \"s.json\", \"parameters\": [{\"path\": \"/platform/visibility\", "
        "\"lower\": 0.1, \"upper\": 0.9}], \"targets\": {\"statistics\": [{\"figure\": "
        "\"largest_cascade_posts\", \"statistic\": \"fraction\", \"at_least\": 1000, "
        "\"observed\": 0.01, \"sigma\": 0.005}]}}";
    struct fit f;
    struct error err;
    CHECK(fit_parse(text, "f.json", NULL, &f, &err) == STATUS_OK);
    CHECK(f.statistics[0].kind == FIT_FRACTION && f.statistics[0].threshold == 1000.0);
    CHECK(strcmp(f.statistics[0].name, "fraction_largest_cascade_posts") == 0);
    fit_destroy(&f);
}

static void make_dir(char *dir)
{
    strcpy(dir, "/tmp/amplisim-fitlog-XXXXXX");
    CHECK(mkdtemp(dir) != NULL);
}

static void remove_dir(const char *dir)
{
    char path[256];
    snprintf(path, sizeof path, "%s/evals.log", dir);
    unlink(path);
    rmdir(dir);
}

/* Appends n records of 2 parameters and 1 statistic with awkward doubles. */
static void append_records(const char *dir, size_t first, size_t n)
{
    struct fit_log log;
    struct error err;
    CHECK(fit_log_open(&log, dir, "0123456789abcdef", 2, 1, 0, &err) == STATUS_OK);
    for (size_t i = first; i < first + n; i++) {
        double x[2] = {1.0 / 3.0 + (double)i, 1e-300};
        double stats[1] = {INFINITY};
        struct fit_log_record rec = {.x = x, .distance = 0.1 * (double)i, .stats = stats};
        snprintf(rec.phase, sizeof rec.phase, "%s", i % 2 ? "abc" : "nm");
        CHECK(fit_log_append(&log, i, &rec, &err) == STATUS_OK);
    }
    fit_log_close(&log);
}

static void fit_log_reads_back_exactly_what_it_appended(void)
{
    char dir[64];
    make_dir(dir);
    append_records(dir, 0, 2);
    append_records(dir, 2, 1); /* reopened: appended after the first two */
    struct fit_log_record *rec;
    size_t count;
    struct error err;
    CHECK(fit_log_read(dir, "0123456789abcdef", 2, 1, 0, &rec, &count, &err) == STATUS_OK);
    CHECK(count == 3);
    for (size_t i = 0; i < count; i++) {
        CHECK(rec[i].x[0] == 1.0 / 3.0 + (double)i && rec[i].x[1] == 1e-300);
        CHECK(rec[i].distance == 0.1 * (double)i && isinf(rec[i].stats[0]));
        CHECK(strcmp(rec[i].phase, i % 2 ? "abc" : "nm") == 0);
    }
    fit_log_records_free(rec, count);
    remove_dir(dir);
}

static void fit_log_keeps_the_curve_points_of_curvature_records_only(void)
{
    char dir[64];
    make_dir(dir);
    struct fit_log log;
    struct error err;
    CHECK(fit_log_open(&log, dir, "0123456789abcdef", 1, 1, 3, &err) == STATUS_OK);
    double x[1] = {0.5}, stats[1] = {2.0}, points[3] = {1.0 / 3.0, 0.0, 1e300};
    struct fit_log_record rec = {.x = x, .distance = 1.0, .stats = stats, .points = points};
    snprintf(rec.phase, sizeof rec.phase, "nm");
    CHECK(fit_log_append(&log, 0, &rec, &err) == STATUS_OK);
    snprintf(rec.phase, sizeof rec.phase, "curvature");
    CHECK(fit_log_append(&log, 1, &rec, &err) == STATUS_OK);
    fit_log_close(&log);
    struct fit_log_record *back;
    size_t count;
    CHECK(fit_log_read(dir, "0123456789abcdef", 1, 1, 3, &back, &count, &err) == STATUS_OK);
    CHECK(count == 2);
    if (count == 2) {
        CHECK(back[0].points == NULL);
        CHECK(back[1].points && back[1].points[0] == 1.0 / 3.0 && back[1].points[1] == 0.0 &&
              back[1].points[2] == 1e300);
    }
    fit_log_records_free(back, count);
    remove_dir(dir);
}

static void fit_log_drops_a_line_cut_short_by_a_kill(void)
{
    char dir[64], path[128];
    make_dir(dir);
    append_records(dir, 0, 2);
    snprintf(path, sizeof path, "%s/evals.log", dir);
    int fd = open(path, O_WRONLY | O_APPEND);
    CHECK(write(fd, "2,nm,0.5", 8) == 8);
    close(fd);
    struct fit_log_record *rec;
    size_t count;
    struct error err;
    CHECK(fit_log_read(dir, "0123456789abcdef", 2, 1, 0, &rec, &count, &err) == STATUS_OK);
    CHECK(count == 2);
    fit_log_records_free(rec, count);
    append_records(dir, 2, 1); /* reopening cuts the partial line first */
    CHECK(fit_log_read(dir, "0123456789abcdef", 2, 1, 0, &rec, &count, &err) == STATUS_OK);
    CHECK(count == 3 && rec[2].x[0] == 1.0 / 3.0 + 2.0);
    fit_log_records_free(rec, count);
    remove_dir(dir);
}

static void fit_log_refuses_a_damaged_line_and_another_fits_log(void)
{
    char dir[64], path[128];
    make_dir(dir);
    append_records(dir, 0, 1);
    struct fit_log_record *rec;
    size_t count;
    struct error err;
    CHECK(fit_log_read(dir, "fedcba9876543210", 2, 1, 0, &rec, &count, &err) == STATUS_BAD_INPUT);
    CHECK_CONTAINS(err.message, "is the log of a different fit");
    snprintf(path, sizeof path, "%s/evals.log", dir);
    int fd = open(path, O_WRONLY | O_APPEND);
    CHECK(write(fd, "1,nm,0.5,0.5,1,2,00000000\n", 26) == 26);
    close(fd);
    CHECK(fit_log_read(dir, "0123456789abcdef", 2, 1, 0, &rec, &count, &err) == STATUS_FAILURE);
    CHECK_CONTAINS(err.message, "evals.log:3: damaged record");
    remove_dir(dir);
}

int main(void)
{
    RUN_CASE(fit_file_fills_the_documented_defaults);
    RUN_CASE(fit_file_reads_a_fraction_with_its_threshold);
    RUN_CASE(fit_log_reads_back_exactly_what_it_appended);
    RUN_CASE(fit_log_keeps_the_curve_points_of_curvature_records_only);
    RUN_CASE(fit_log_drops_a_line_cut_short_by_a_kill);
    RUN_CASE(fit_log_refuses_a_damaged_line_and_another_fits_log);
    return CHECK_EXIT();
}
