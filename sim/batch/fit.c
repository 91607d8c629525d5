/* A fit's checks before any work, its preparation and its run (fit.h):
 * the evaluations themselves, the log's replay and the Monte Carlo error
 * at the estimate are in fit_eval.c, the methods that choose where to
 * evaluate in fit_search.c. */
#include "fit.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/hash.h"
#include "../base/strbuf.h"
#include "../io/fileio.h"
#include "../io/json_locate.h"
#include "../io/scenario.h"
#include "../model/runs.h"
#include "ranks.h"
#include "run.h"

double fit_to_unit(const struct fit_parameter *p, double x)
{
    if (p->scale == FIT_LOG) {
        return (log(x) - log(p->lower)) / (log(p->upper) - log(p->lower));
    }
    return (x - p->lower) / (p->upper - p->lower);
}

double fit_from_unit(const struct fit_parameter *p, double u)
{
    if (p->scale == FIT_LOG) {
        return exp(log(p->lower) + u * (log(p->upper) - log(p->lower)));
    }
    return p->lower + u * (p->upper - p->lower);
}

/* The start point: each parameter's "start", else the middle of its bounds
 * on its scale. */
static void start_point(const struct fit *f, double *x)
{
    for (size_t k = 0; k < f->parameter_count; k++) {
        const struct fit_parameter *p = &f->parameters[k];
        x[k] = p->start_set ? p->start : fit_from_unit(p, 0.5);
    }
}

int fit_point_config(const struct fit_driver *d, const double *x, struct config *cfg,
                     struct error *err)
{
    const struct fit *f = d->f;
    size_t n = f->parameter_count;
    struct scenario_override *o = xmalloc((n + 2) * sizeof *o);
    char(*text)[32] = xmalloc((n + 2) * sizeof *text);
    for (size_t k = 0; k < n; k++) {
        snprintf(text[k], sizeof text[k], "%.17g", x[k]);
        o[k] = (struct scenario_override){f->parameters[k].path, text[k], NULL};
    }
    snprintf(text[n], sizeof text[n], "%" PRIu64, d->seed);
    snprintf(text[n + 1], sizeof text[n + 1], "%" PRIu32, d->replicates);
    o[n] = (struct scenario_override){"/seed", text[n], NULL};
    o[n + 1] = (struct scenario_override){"/replicates", text[n + 1], NULL};
    int status = scenario_parse(d->base_text, f->scenario_path, o, n + 2, cfg, err);
    free(text);
    free(o);
    return status;
}

/* ---- Checks before any work ---- */

/* The group a target names: its story, or the campaign's total. */
static int resolve_group(const struct fit_driver *d, const char *story, const char *where,
                         uint32_t *group, struct error *err)
{
    if (!story) {
        *group = (uint32_t)d->base.story_count + RUNS_CAMPAIGN;
        return STATUS_OK;
    }
    int s = config_find_story(&d->base, story);
    if (s < 0) {
        return error_set(err, "%s/story: the scenario %s has no story named \"%s\"", where,
                         d->f->scenario_path, story);
    }
    *group = (uint32_t)s;
    return STATUS_OK;
}

/* A figure named in a statistic: one of runs.csv's columns. */
static int resolve_figure(const struct fit_driver *d, const struct runs_table *shape,
                          const char *name, const char *where, int *figure, struct error *err)
{
    *figure = runs_figure_find(shape, name);
    if (*figure >= 0) {
        return STATUS_OK;
    }
    (void)d;
    char day_last[48], buf[48];
    snprintf(day_last, sizeof day_last, "views_day_%u", shape->days);
    struct strbuf names;
    strbuf_init(&names);
    bool elided = false;
    for (uint32_t i = 0; i < shape->figures; i++) {
        runs_figure_name(shape, i, buf, sizeof buf);
        /* The middle days and decades are elided: their pattern is plain. */
        bool middle = (strncmp(buf, "views_day_", 10) == 0 && strcmp(buf, "views_day_1") != 0 &&
                       strcmp(buf, day_last) != 0) ||
                      (strncmp(buf, "time_to_1e", 10) == 0 && strcmp(buf, "time_to_1e1_h") != 0 &&
                       strcmp(buf, "time_to_1e9_h") != 0);
        if (middle) {
            if (!elided) {
                strbuf_printf(&names, " ..");
            }
            elided = true;
            continue;
        }
        elided = false;
        strbuf_printf(&names, "%s%s", names.len ? ", " : "", buf);
    }
    int status = error_set(err, "%s: expected a column of runs.csv (%s), got \"%s\"", where,
                           names.data, name);
    strbuf_destroy(&names);
    return status;
}

static int check_targets(struct fit_driver *d, struct error *err)
{
    const struct fit *f = d->f;
    d->curve_target = xcalloc(f->curve_count + 1, sizeof *d->curve_target);
    d->statistic_target = xcalloc(f->statistic_count + 1, sizeof *d->statistic_target);
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        if (resolve_group(d, c->story, c->where, &d->curve_target[i].group, err)) {
            return STATUS_BAD_INPUT;
        }
        double last = c->time_h[c->count - 1];
        if (last > d->base.duration_h) {
            return error_set(err,
                             "%s:%u:1: time_h: expected a time within the scenario's duration_h "
                             "(%g), got %g",
                             c->file, c->line[c->count - 1], d->base.duration_h, last);
        }
    }
    struct runs_table shape;
    runs_table_layout(&shape, &d->base);
    for (size_t i = 0; i < f->statistic_count; i++) {
        const struct fit_statistic *s = &f->statistics[i];
        struct fit_target *t = &d->statistic_target[i];
        t->condition = -1;
        if (resolve_group(d, s->story, s->where, &t->group, err) ||
            resolve_figure(d, &shape, s->figure, s->figure_where, &t->figure, err) ||
            (s->condition_figure &&
             resolve_figure(d, &shape, s->condition_figure, s->where, &t->condition, err))) {
            return STATUS_BAD_INPUT;
        }
    }
    return STATUS_OK;
}

/* Every parameter at its lower and its upper bound, the others at the start
 * point: a bound the scenario refuses is found before any run. */
static int check_bounds(struct fit_driver *d, struct error *err)
{
    const struct fit *f = d->f;
    double *x = xmalloc(f->parameter_count * sizeof *x);
    int status = STATUS_OK;
    for (size_t k = 0; k < f->parameter_count && status == STATUS_OK; k++) {
        for (int side = 0; side < 2 && status == STATUS_OK; side++) {
            start_point(f, x);
            x[k] = side ? f->parameters[k].upper : f->parameters[k].lower;
            struct config cfg;
            struct error inner;
            error_clear(&inner);
            if (fit_point_config(d, x, &cfg, &inner) != STATUS_OK) {
                status = error_set(err, "%s/%s: the scenario refuses this bound: %s",
                                   f->parameters[k].where, side ? "upper" : "lower", inner.message);
            } else {
                config_destroy(&cfg);
            }
        }
    }
    free(x);
    return status;
}

/* Whether dir can take this fit: absent, empty, or a fit's directory (its
 * log's fingerprint then decides). */
static bool dir_available(const char *dir)
{
    struct stat st;
    if (stat(dir, &st) != 0) {
        return true;
    }
    size_t n = strlen(dir) + 16;
    char *log = xmalloc(n);
    snprintf(log, n, "%s/evals.log", dir);
    bool has_log = stat(log, &st) == 0;
    free(log);
    return has_log || file_dir_is_empty(dir);
}

static void fingerprint(struct fit_driver *d)
{
    char *text = fit_to_json(d->f);
    uint64_t h = hash_fnv64(HASH_FNV64_START, text);
    free(text);
    char extra[96];
    snprintf(extra, sizeof extra, "seed=%" PRIu64 ",replicates=%" PRIu32 ",method=%s", d->seed,
             d->replicates, fit_method_name(d->method));
    h = hash_fnv64(h, extra);
    h = hash_fnv64(h, d->base_text);
    snprintf(d->fingerprint, sizeof d->fingerprint, "%016" PRIx64, h);
}

int fit_driver_prepare(struct fit_driver *d, const struct fit *f, enum fit_method method,
                       const char *dir, uint32_t threads, struct error *err)
{
    memset(d, 0, sizeof *d);
    d->f = f;
    d->dir = dir;
    d->threads = threads ? threads : 1;
    d->method = method;
    d->log.file.fd = -1;
    for (size_t i = 0; i < f->curve_count; i++) {
        d->points += f->curves[i].count;
    }
    d->residuals = d->points + f->statistic_count;
    struct error inner;
    error_clear(&inner);
    d->base_text = json_locate_read_file(f->scenario_path, &inner);
    if (!d->base_text) {
        return error_set(err, "%s: /scenario: %s", f->label, inner.message);
    }
    /* The base scenario as written gives the seed and replicates the fit
     * does not set. */
    if (scenario_parse(d->base_text, f->scenario_path, NULL, 0, &d->base, &inner) != STATUS_OK) {
        return error_set(err, "%s: /scenario: %s", f->label, inner.message);
    }
    d->seed = f->seed_set ? f->seed : d->base.seed;
    d->replicates = f->replicates ? f->replicates : d->base.replicates;
    config_destroy(&d->base);
    memset(&d->base, 0, sizeof d->base);
    int status = check_bounds(d, err);
    if (status != STATUS_OK) {
        return status;
    }
    double *x = xmalloc(f->parameter_count * sizeof *x);
    start_point(f, x);
    status = fit_point_config(d, x, &d->base, &inner);
    free(x);
    if (status != STATUS_OK) {
        memset(&d->base, 0, sizeof d->base);
        return error_set(err, "%s: at the start point the scenario is refused: %s", f->label,
                         inner.message);
    }
    if (status == STATUS_OK) {
        status = check_targets(d, err);
    }
    if (status == STATUS_OK) {
        status = run_check_memory(f->scenario_path, &d->base, d->threads, NULL, err);
    }
    if (status != STATUS_OK) {
        return status;
    }
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        return error_set(err, "%s exists and is not a directory; choose another --out", dir);
    }
    if (!dir_available(dir)) {
        return error_set(err,
                         "%s exists and is not a fit's output directory (it has files but no "
                         "evals.log); choose another --out",
                         dir);
    }
    fingerprint(d);
    status = fit_log_read(dir, d->fingerprint, f->parameter_count, f->statistic_count, d->points,
                          &d->replay, &d->replay_count, err);
    /* Every rank has read the log before rank 0 opens it to append. */
    return fit_agree(status, err);
}

void fit_driver_destroy(struct fit_driver *d)
{
    free(d->base_text);
    config_destroy(&d->base);
    free(d->curve_target);
    free(d->statistic_target);
    fit_log_records_free(d->replay, d->replay_count);
    fit_log_close(&d->log);
    fit_shared_graph_release(d);
    free(d->z_hat);
    free(d->jacobian);
    fit_table_free(d->final_table);
    memset(d, 0, sizeof *d);
}

/* ---- The run ---- */

int fit_driver_run(struct fit_driver *d, fit_progress_fn progress, void *context,
                   const volatile sig_atomic_t *stop, struct fit_result *res, struct error *err)
{
    const struct fit *f = d->f;
    double start = clock_seconds();
    memset(res, 0, sizeof *res);
    res->method = d->method;
    res->seed = d->seed;
    res->replicates = d->replicates;
    res->parameters = f->parameter_count;
    res->statistics = f->statistic_count;
    size_t k = f->parameter_count;
    res->x = xcalloc(k, sizeof *res->x);
    res->low = xcalloc(k, sizeof *res->low);
    res->high = xcalloc(k, sizeof *res->high);
    res->sd_transformed = xcalloc(k, sizeof *res->sd_transformed);
    res->stats = xcalloc(f->statistic_count + 1, sizeof *res->stats);
    res->bands = xcalloc(f->curve_count + 1, sizeof *res->bands);
    for (size_t j = 0; j < k; j++) {
        res->low[j] = res->high[j] = res->sd_transformed[j] = NAN;
    }
    d->res = res;
    d->progress = progress;
    d->context = context;
    d->stop = stop;
    d->err = err;
    int status = STATUS_OK;
    if (ranks_rank() == 0) {
        status = fit_log_open(&d->log, d->dir, d->fingerprint, f->parameter_count,
                              f->statistic_count, d->points, err);
    }
    status = fit_agree(status, err);
    if (status == STATUS_OK) {
        status = d->method == FIT_NM ? fit_search_nm(d) : fit_search_abc(d);
    }
    if (status == STATUS_OK && !d->final_done) {
        status = fit_final_evaluation(d);
    }
    fit_log_close(&d->log);
    if (status != STATUS_OK) {
        return status;
    }
    res->wall_seconds = clock_seconds() - start;
    struct config fitted;
    struct error inner;
    error_clear(&inner);
    if (fit_point_config(d, res->x, &fitted, &inner) != STATUS_OK) {
        return error_set_status(err, STATUS_FAILURE, "%s: %s", f->label, inner.message);
    }
    if (ranks_rank() == 0) {
        status = fit_output_write(d->dir, f, res, &fitted, err);
    }
    config_destroy(&fitted);
    return fit_agree(status, err);
}
