/* A fit's outputs (fit_output.h): built in memory, then written as one set
 * (file_write_set), so a directory holds all of them or none. Numbers go
 * through json_write_number and %.17g, so they read back exactly and the
 * same fit gives the same bytes (wall_seconds aside). */
#include "fit_output.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../base/strbuf.h"
#include "csv.h"
#include "fileio.h"
#include "json_write.h"
#include "scenario.h"

static const char *const measure_names[] = {"views", "reach", "shares"};

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void put_number(struct strbuf *sb, double x)
{
    if (isfinite(x)) {
        strbuf_printf(sb, ",%.17g", x);
    } else if (isinf(x)) {
        strbuf_printf(sb, ",%s", x > 0 ? "inf" : "-inf");
    } else {
        strbuf_append(sb, ",", 1);
    }
}

static cJSON *number_or_null(double x)
{
    return json_write_number(x); /* null when not finite */
}

static cJSON *estimates_json(const struct fit *f, const struct fit_result *res)
{
    cJSON *out = json_write_need(cJSON_CreateArray());
    for (size_t k = 0; k < f->parameter_count; k++) {
        const struct fit_parameter *p = &f->parameters[k];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "name", json_write_need(cJSON_CreateString(p->name)));
        json_write_add(o, "path", json_write_need(cJSON_CreateString(p->path)));
        json_write_add(o, res->method == FIT_NM ? "estimate" : "posterior_median",
                       number_or_null(res->x[k]));
        json_write_add(o, "low_90", number_or_null(res->low[k]));
        json_write_add(o, "high_90", number_or_null(res->high[k]));
        if (res->method == FIT_NM) {
            json_write_add(o, "sd_transformed", number_or_null(res->sd_transformed[k]));
        }
        json_write_add(o, "lower", json_write_number(p->lower));
        json_write_add(o, "upper", json_write_number(p->upper));
        json_write_add(o, "scale",
                       json_write_need(cJSON_CreateString(p->scale == FIT_LOG ? "log" : "linear")));
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

static cJSON *statistics_json(const struct fit *f, const struct fit_result *res)
{
    cJSON *out = json_write_need(cJSON_CreateArray());
    for (size_t i = 0; i < f->statistic_count; i++) {
        const struct fit_statistic *s = &f->statistics[i];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "name", json_write_need(cJSON_CreateString(s->name)));
        json_write_add(o, "observed", json_write_number(s->observed));
        json_write_add(o, "sigma", json_write_number(s->sigma));
        json_write_add(o, "simulated", number_or_null(res->stats[i]));
        double z = (res->stats[i] - s->observed) / s->sigma;
        json_write_add(o, "standardised_difference", number_or_null(z));
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

static cJSON *generations_json(const struct fit_result *res)
{
    cJSON *out = json_write_need(cJSON_CreateArray());
    for (size_t g = 0; g < res->generation_count; g++) {
        const struct fit_generation *gen = &res->generations[g];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "generation", json_write_integer(g));
        json_write_add(o, "tolerance", number_or_null(gen->tolerance));
        json_write_add(o, "simulations", json_write_integer(gen->simulations));
        json_write_add(o, "proposals", json_write_integer(gen->proposals));
        json_write_add(o, "accepted", json_write_integer(gen->accepted));
        json_write_add(o, "acceptance_rate",
                       number_or_null((double)gen->accepted / (double)gen->simulations));
        json_write_add(o, "ess", json_write_number(gen->ess));
        cJSON_AddItemToArray(out, o);
    }
    return out;
}

static char *fit_json(const struct fit *f, const struct fit_result *res)
{
    cJSON *root = json_write_need(cJSON_CreateObject());
    json_write_add(root, "name", json_write_need(cJSON_CreateString(f->name)));
    json_write_add(root, "method",
                   json_write_need(cJSON_CreateString(fit_method_name(res->method))));
    json_write_add(root, "scenario", json_write_need(cJSON_CreateString(f->scenario_path)));
    json_write_add(root, "seed", json_write_integer(res->seed));
    json_write_add(root, "replicates", json_write_integer(res->replicates));
    json_write_add(root, "parameters", estimates_json(f, res));
    json_write_add(root, "objective", number_or_null(res->distance));
    json_write_add(root, "best_evaluated_objective", number_or_null(res->best_distance));
    json_write_add(root, "statistics", statistics_json(f, res));
    json_write_add(root, "evaluations", json_write_integer(res->evaluations));
    if (res->method == FIT_NM) {
        json_write_add(root, "curvature_positive_definite",
                       json_write_need(cJSON_CreateBool(res->curvature_ok)));
    } else {
        json_write_add(root, "generations", generations_json(res));
        json_write_add(
            root, "stop_reason",
            json_write_need(cJSON_CreateString(res->stop_reason ? res->stop_reason : "")));
    }
    char *settings_text = fit_to_json(f);
    cJSON *settings = json_write_need(cJSON_Parse(settings_text));
    free(settings_text);
    json_write_add(root, "nm", json_write_need(cJSON_DetachItemFromObject(settings, "nm")));
    json_write_add(root, "abc", json_write_need(cJSON_DetachItemFromObject(settings, "abc")));
    cJSON_Delete(settings);
    json_write_add(root, "wall_seconds", json_write_number(res->wall_seconds));
    char *text = json_write_need(cJSON_Print(root));
    cJSON_Delete(root);
    return text;
}

static char *evals_csv(const struct fit *f, const struct fit_result *res)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "eval,phase,round,accepted");
    for (size_t k = 0; k < f->parameter_count; k++) {
        strbuf_append(&sb, ",", 1);
        csv_write_text(&sb, f->parameters[k].name);
    }
    strbuf_printf(&sb, ",distance");
    for (size_t i = 0; i < f->statistic_count; i++) {
        strbuf_append(&sb, ",", 1);
        csv_write_text(&sb, f->statistics[i].name);
    }
    strbuf_append(&sb, "\n", 1);
    for (size_t e = 0; e < res->evaluations; e++) {
        const struct fit_eval_row *row = &res->evals[e];
        strbuf_printf(&sb, "%zu,%s,%d,", e, row->phase, (int)row->round);
        if (row->accepted >= 0) {
            strbuf_printf(&sb, "%d", (int)row->accepted);
        }
        for (size_t k = 0; k < f->parameter_count; k++) {
            put_number(&sb, row->x[k]);
        }
        put_number(&sb, row->distance);
        for (size_t i = 0; i < f->statistic_count; i++) {
            put_number(&sb, row->stats[i]);
        }
        strbuf_append(&sb, "\n", 1);
    }
    return sb.data;
}

static char *curves_csv(const struct fit *f, const struct fit_result *res)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "curve,measure,story,time_h,observed,median,p05,p95\n");
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        const struct fit_curve_band *b = &res->bands[i];
        for (size_t j = 0; j < b->count; j++) {
            strbuf_printf(&sb, "%zu,%s,", i, measure_names[c->measure]);
            csv_write_text(&sb, c->story ? c->story : "campaign");
            put_number(&sb, b->time_h[j]);
            put_number(&sb, b->observed[j]);
            put_number(&sb, b->median[j]);
            put_number(&sb, b->p05[j]);
            put_number(&sb, b->p95[j]);
            strbuf_append(&sb, "\n", 1);
        }
    }
    return sb.data;
}

static char *particles_csv(const struct fit *f, const struct fit_result *res)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "generation,particle");
    for (size_t k = 0; k < f->parameter_count; k++) {
        strbuf_append(&sb, ",", 1);
        csv_write_text(&sb, f->parameters[k].name);
    }
    strbuf_printf(&sb, ",weight,distance\n");
    size_t k = f->parameter_count;
    for (size_t g = 0; g < res->generation_count; g++) {
        const struct fit_generation *gen = &res->generations[g];
        for (size_t i = 0; i < gen->accepted; i++) {
            strbuf_printf(&sb, "%zu,%zu", g, i);
            for (size_t a = 0; a < k; a++) {
                put_number(&sb, gen->x[i * k + a]);
            }
            put_number(&sb, gen->weight[i]);
            put_number(&sb, gen->distance[i]);
            strbuf_append(&sb, "\n", 1);
        }
    }
    return sb.data;
}

int fit_output_write(const char *dir, const struct fit *f, const struct fit_result *res,
                     const struct config *fitted, struct error *err)
{
    const char *names[5];
    char *texts[5];
    size_t n = 0;
    names[n] = "fit.json";
    texts[n++] = fit_json(f, res);
    names[n] = "fitted_scenario.json";
    texts[n++] = scenario_to_json(fitted);
    names[n] = "evals.csv";
    texts[n++] = evals_csv(f, res);
    if (f->curve_count > 0) {
        names[n] = "curves.csv";
        texts[n++] = curves_csv(f, res);
    }
    if (res->method == FIT_ABC) {
        names[n] = "particles.csv";
        texts[n++] = particles_csv(f, res);
    }
    char *paths[5];
    for (size_t i = 0; i < n; i++) {
        paths[i] = join(dir, names[i]);
    }
    int status = file_write_set(n, (const char *const *)paths, (const char *const *)texts, err);
    for (size_t i = 0; i < n; i++) {
        free(paths[i]);
        free(texts[i]);
    }
    return status;
}

void fit_result_destroy(struct fit_result *res, size_t curves)
{
    free(res->x);
    free(res->low);
    free(res->high);
    free(res->sd_transformed);
    free(res->stats);
    for (size_t i = 0; res->bands && i < curves; i++) {
        struct fit_curve_band *b = &res->bands[i];
        free(b->time_h);
        free(b->median);
        free(b->p05);
        free(b->p95);
        free(b->observed);
    }
    free(res->bands);
    for (size_t e = 0; e < res->evaluations; e++) {
        free(res->evals[e].x);
        free(res->evals[e].stats);
    }
    free(res->evals);
    for (size_t g = 0; g < res->generation_count; g++) {
        free(res->generations[g].x);
        free(res->generations[g].weight);
        free(res->generations[g].distance);
    }
    free(res->generations);
    memset(res, 0, sizeof *res);
}
