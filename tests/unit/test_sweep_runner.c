/* The pieces of a sweep that decide its bytes: point seeds, the share of
 * runs each rank takes, the durable run log (exact round trip, a cut-off
 * last line, a damaged line), the per-run figures and the CI of the mean. */
#define _DEFAULT_SOURCE /* mkdtemp */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch/sweep_runner.h"
#include "check.h"
#include "io/sweep_log.h"
#include "model/summary.h"

static void point_seeds_fit_53_bits_and_differ(void)
{
    enum { N = 100000 };
    uint64_t *s = malloc(N * sizeof *s);
    for (uint32_t p = 0; p < N; p++) {
        s[p] = sweep_runner_point_seed(42, p);
        CHECK(s[p] < (UINT64_C(1) << 53));
    }
    int clash = 0;
    for (uint32_t p = 1; p < N; p++) {
        clash += s[p] == s[p - 1];
    }
    CHECK(clash == 0);
    CHECK(sweep_runner_point_seed(42, 7) == s[7]);
    CHECK(sweep_runner_point_seed(43, 7) != s[7]);
    free(s);
}

static void shares_cover_every_task_once_in_balanced_blocks(void)
{
    for (size_t count = 0; count < 60; count++) {
        for (uint32_t ranks = 1; ranks <= 7; ranks++) {
            size_t expect = 0;
            for (uint32_t r = 0; r < ranks; r++) {
                size_t b, e;
                sweep_runner_share(count, r, ranks, &b, &e);
                CHECK(b == expect);
                CHECK(e >= b);
                CHECK(e - b <= count / ranks + 1 && e - b >= count / ranks);
                expect = e;
            }
            CHECK(expect == count);
        }
    }
}

static char *temp_dir(void)
{
    static char dir[64];
    strcpy(dir, "/tmp/amplisim-test-XXXXXX");
    return mkdtemp(dir);
}

static void remove_dir(const char *dir)
{
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    CHECK(system(cmd) == 0);
}

static void log_reads_back_exactly_what_was_appended(void)
{
    char *dir = temp_dir();
    struct error err;
    error_clear(&err);
    struct sweep_log log;
    CHECK(sweep_log_open(&log, dir, 3, &err) == STATUS_OK);
    struct sweep_record a = {2, 1, {12345, 678, 9, INFINITY, 0.1 + 0.2, 0, NULL}};
    struct sweep_record b = {0, 4, {1e9 / 3, 1.0 / 7, 0, 12.345678901234567, 1e-300, 0, NULL}};
    CHECK(sweep_log_append(&log, &a, &err) == STATUS_OK);
    CHECK(sweep_log_append(&log, &b, &err) == STATUS_OK);
    sweep_log_close(&log);
    struct sweep_record *got;
    size_t n;
    CHECK(sweep_log_read_all(dir, 3, 5, &got, &n, &err) == STATUS_OK);
    CHECK(n == 2);
    if (n == 2) {
        /* sorted by (point, replicate), every double bit for bit */
        CHECK(memcmp(&got[0], &b, sizeof b) == 0);
        CHECK(memcmp(&got[1], &a, sizeof a) == 0);
    }
    free(got);
    remove_dir(dir);
}

static void log_reads_back_a_sweeps_outputs_after_the_five_figures(void)
{
    char *dir = temp_dir();
    struct error err;
    error_clear(&err);
    struct sweep_log log;
    CHECK(sweep_log_open(&log, dir, 0, &err) == STATUS_OK);
    const double outputs[3] = {7.25, INFINITY, 1.0 / 3};
    struct sweep_record a = {1, 0, {10, 5, 1, 2.5, 4, 3, outputs}};
    struct sweep_record b = {0, 0, {11, 6, 2, 3.5, 5, 3, outputs}};
    CHECK(sweep_log_append(&log, &a, &err) == STATUS_OK);
    CHECK(sweep_log_append(&log, &b, &err) == STATUS_OK);
    sweep_log_close(&log);
    struct sweep_record *got;
    size_t n;
    CHECK(sweep_log_read_all(dir, 2, 1, &got, &n, &err) == STATUS_OK);
    CHECK(n == 2);
    for (size_t i = 0; i < n && i < 2; i++) {
        /* sorted: b (point 0) first; the outputs bit for bit, after the records */
        const struct sweep_record *want = i == 0 ? &b : &a;
        CHECK(got[i].point == want->point && got[i].f.views == want->f.views);
        CHECK(got[i].f.extra_count == 3 && got[i].f.extra != outputs);
        CHECK(got[i].f.extra && memcmp(got[i].f.extra, outputs, sizeof outputs) == 0);
    }
    free(got);
    remove_dir(dir);
}

static void log_ignores_a_cut_off_line_and_drops_it_on_reopen(void)
{
    char *dir = temp_dir();
    struct error err;
    error_clear(&err);
    struct sweep_log log;
    CHECK(sweep_log_open(&log, dir, 0, &err) == STATUS_OK);
    struct sweep_record a = {1, 0, {10, 5, 1, 2.5, 4, 0, NULL}};
    CHECK(sweep_log_append(&log, &a, &err) == STATUS_OK);
    CHECK(write(log.file.fd, "1,1,99,", 7) == 7); /* a kill in the middle of a line */
    sweep_log_close(&log);
    struct sweep_record *got;
    size_t n;
    CHECK(sweep_log_read_all(dir, 2, 2, &got, &n, &err) == STATUS_OK);
    CHECK(n == 1);
    free(got);
    CHECK(sweep_log_open(&log, dir, 0, &err) == STATUS_OK);
    struct sweep_record b = {1, 1, {11, 6, 2, 3.5, 5, 0, NULL}};
    CHECK(sweep_log_append(&log, &b, &err) == STATUS_OK);
    sweep_log_close(&log);
    CHECK(sweep_log_read_all(dir, 2, 2, &got, &n, &err) == STATUS_OK);
    CHECK(n == 2);
    if (n == 2) {
        CHECK(memcmp(&got[1], &b, sizeof b) == 0);
    }
    free(got);
    remove_dir(dir);
}

static void log_reports_a_damaged_line_by_file_and_line(void)
{
    char *dir = temp_dir();
    struct error err;
    error_clear(&err);
    struct sweep_log log;
    CHECK(sweep_log_open(&log, dir, 0, &err) == STATUS_OK);
    struct sweep_record a = {0, 0, {10, 5, 1, 2.5, 4, 0, NULL}};
    CHECK(sweep_log_append(&log, &a, &err) == STATUS_OK);
    CHECK(write(log.file.fd, "0,1,10,5,1,2.5,4,00000000\n", 26) == 26);
    sweep_log_close(&log);
    struct sweep_record *got;
    size_t n;
    CHECK(sweep_log_read_all(dir, 1, 2, &got, &n, &err) != STATUS_OK);
    CHECK_CONTAINS(err.message, "log/rank-0.csv:2: damaged record");
    remove_dir(dir);
}

static void log_refuses_a_run_outside_the_sweep(void)
{
    char *dir = temp_dir();
    struct error err;
    error_clear(&err);
    struct sweep_log log;
    CHECK(sweep_log_open(&log, dir, 0, &err) == STATUS_OK);
    struct sweep_record a = {5, 0, {10, 5, 1, 2.5, 4, 0, NULL}};
    CHECK(sweep_log_append(&log, &a, &err) == STATUS_OK);
    sweep_log_close(&log);
    struct sweep_record *got;
    size_t n;
    CHECK(sweep_log_read_all(dir, 3, 2, &got, &n, &err) != STATUS_OK);
    CHECK_CONTAINS(err.message, "outside this sweep");
    remove_dir(dir);
}

static void run_figures_interpolate_the_time_to_a_million_within_its_bin(void)
{
    struct config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct story_config stories[2] = {{.kind = STORY_FABRICATED}, {.kind = STORY_LEAK}};
    cfg.stories = stories;
    cfg.story_count = 2;
    cfg.bin_h = 2.0;
    uint64_t counts[2][3][MEASURE_COUNT] = {
        {{300000, 0, 10}, {500000, 0, 20}, {0, 0, 0}},
        {{100000, 0, 1}, {300000, 0, 2}, {0, 0, 0}},
    };
    struct observation obs = {.stories = 2,
                              .bins = 3,
                              .keys = 1,
                              .counts = &counts[0][0][0],
                              .reach_any = 999,
                              .reach_campaign = 777};
    struct run_figures f;
    summary_run_figures(&cfg, &obs, -1, &f);
    CHECK(f.views == 1200000);
    CHECK(f.shares == 33);
    CHECK(f.reach == 777);
    /* 400k after bin 0, 800k more in bin 1: 10^6 at 600/800 of it */
    CHECK_NEAR(f.time_to_1e6_h, 2.0 * (1 + 0.75), 1e-12);
    CHECK_NEAR(f.peak_view_rate_per_h, 800000 / 2.0, 1e-9);
}

static void views_at_a_time_interpolate_within_its_bin(void)
{
    struct config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct story_config stories[2] = {{.kind = STORY_FABRICATED}, {.kind = STORY_CORRECTION}};
    cfg.stories = stories;
    cfg.story_count = 2;
    cfg.bin_h = 2.0;
    uint64_t counts[2][3][MEASURE_COUNT] = {
        {{300, 0, 10}, {500, 0, 20}, {100, 0, 0}},
        {{7, 0, 1}, {7, 0, 2}, {7, 0, 0}},
    };
    struct observation obs = {.stories = 2, .bins = 3, .keys = 1, .counts = &counts[0][0][0]};
    /* the campaign (story 0 alone here): 300 by 2 h, 800 by 4 h, 900 by 6 h */
    CHECK(summary_views_at(&cfg, &obs, -1, 0.0) == 0.0);
    CHECK_NEAR(summary_views_at(&cfg, &obs, -1, 1.0), 150.0, 1e-12);
    CHECK_NEAR(summary_views_at(&cfg, &obs, -1, 2.0), 300.0, 1e-12);
    CHECK_NEAR(summary_views_at(&cfg, &obs, -1, 3.5), 300.0 + 500.0 * 0.75, 1e-12);
    CHECK(summary_views_at(&cfg, &obs, -1, 6.0) == 900.0);
    CHECK(summary_views_at(&cfg, &obs, -1, 100.0) == 900.0); /* past the end: every view */
    CHECK_NEAR(summary_views_at(&cfg, &obs, 1, 3.0), 7.0 + 3.5, 1e-12); /* one story */
}

static void run_figures_of_the_campaign_leave_corrections_out(void)
{
    struct config cfg;
    memset(&cfg, 0, sizeof cfg);
    struct story_config stories[2] = {{.kind = STORY_FABRICATED}, {.kind = STORY_CORRECTION}};
    cfg.stories = stories;
    cfg.story_count = 2;
    cfg.bin_h = 2.0;
    uint64_t counts[2][3][MEASURE_COUNT] = {
        {{300000, 0, 10}, {500000, 0, 20}, {0, 0, 0}},
        {{100000, 0, 1}, {300000, 0, 2}, {0, 0, 0}},
    };
    struct observation obs = {.stories = 2,
                              .bins = 3,
                              .keys = 1,
                              .counts = &counts[0][0][0],
                              .reach_any = 999,
                              .reach_campaign = 777};
    struct run_figures f;
    summary_run_figures(&cfg, &obs, -1, &f);
    CHECK(f.views == 800000 && f.shares == 30 && f.reach == 777);
    CHECK(isinf(f.time_to_1e6_h));
}

static void ci95_of_the_mean_uses_students_t(void)
{
    double v[5] = {1, 2, 3, 4, 5};
    double lo, hi;
    summary_mean_ci95(v, 5, &lo, &hi);
    /* t(0.975, 4) = 2.7764451; s = sqrt(2.5) */
    double half = 2.7764451051977987 * sqrt(2.5) / sqrt(5.0);
    CHECK_NEAR(lo, 3 - half, 1e-9);
    CHECK_NEAR(hi, 3 + half, 1e-9);
    summary_mean_ci95(v, 1, &lo, &hi);
    CHECK(isnan(lo) && isnan(hi));
    v[2] = INFINITY;
    summary_mean_ci95(v, 5, &lo, &hi);
    CHECK(isnan(lo) && isnan(hi));
}

int main(void)
{
    RUN_CASE(point_seeds_fit_53_bits_and_differ);
    RUN_CASE(shares_cover_every_task_once_in_balanced_blocks);
    RUN_CASE(log_reads_back_exactly_what_was_appended);
    RUN_CASE(log_reads_back_a_sweeps_outputs_after_the_five_figures);
    RUN_CASE(log_ignores_a_cut_off_line_and_drops_it_on_reopen);
    RUN_CASE(log_reports_a_damaged_line_by_file_and_line);
    RUN_CASE(log_refuses_a_run_outside_the_sweep);
    RUN_CASE(run_figures_interpolate_the_time_to_a_million_within_its_bin);
    RUN_CASE(views_at_a_time_interpolate_within_its_bin);
    RUN_CASE(run_figures_of_the_campaign_leave_corrections_out);
    RUN_CASE(ci95_of_the_mean_uses_students_t);
    return CHECK_EXIT();
}
