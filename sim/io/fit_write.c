/* Fit files, written back: the resolved fit as compact JSON, every key with
 * its default filled and the observed curves' points included. What a fit's
 * fingerprint hashes and what fit.json repeats of the settings. */
#include "fit.h"

#include <cjson/cJSON.h>
#include <stdlib.h>

#include "json_write.h"

static cJSON *string_or_null(const char *s)
{
    return json_write_need(s ? cJSON_CreateString(s) : cJSON_CreateNull());
}

char *fit_to_json(const struct fit *f)
{
    cJSON *root = json_write_need(cJSON_CreateObject());
    json_write_add(root, "name", string_or_null(f->name));
    json_write_add(root, "scenario", string_or_null(f->scenario_path));
    json_write_add(root, "method", string_or_null(fit_method_name(f->method)));
    cJSON *parameters = json_write_add(root, "parameters", json_write_need(cJSON_CreateArray()));
    for (size_t k = 0; k < f->parameter_count; k++) {
        const struct fit_parameter *p = &f->parameters[k];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "path", string_or_null(p->path));
        json_write_add(o, "name", string_or_null(p->name));
        json_write_add(o, "lower", json_write_number(p->lower));
        json_write_add(o, "upper", json_write_number(p->upper));
        json_write_add(o, "scale", string_or_null(fit_scale_name(p->scale)));
        json_write_add(o, "start",
                       p->start_set ? json_write_number(p->start)
                                    : json_write_need(cJSON_CreateNull()));
        cJSON_AddItemToArray(parameters, o);
    }
    cJSON *targets = json_write_add(root, "targets", json_write_need(cJSON_CreateObject()));
    cJSON *curves = json_write_add(targets, "curves", json_write_need(cJSON_CreateArray()));
    for (size_t i = 0; i < f->curve_count; i++) {
        const struct fit_curve *c = &f->curves[i];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "file", string_or_null(c->file));
        json_write_add(o, "measure", string_or_null(measure_name(c->measure)));
        json_write_add(o, "story", string_or_null(c->story));
        json_write_add(o, "sigma", json_write_number(c->sigma));
        cJSON *t = json_write_add(o, "time_h", json_write_need(cJSON_CreateArray()));
        cJSON *v = json_write_add(o, "value", json_write_need(cJSON_CreateArray()));
        for (size_t j = 0; j < c->count; j++) {
            cJSON_AddItemToArray(t, json_write_number(c->time_h[j]));
            cJSON_AddItemToArray(v, json_write_number(c->value[j]));
        }
        cJSON_AddItemToArray(curves, o);
    }
    cJSON *statistics = json_write_add(targets, "statistics", json_write_need(cJSON_CreateArray()));
    for (size_t i = 0; i < f->statistic_count; i++) {
        const struct fit_statistic *s = &f->statistics[i];
        cJSON *o = json_write_need(cJSON_CreateObject());
        json_write_add(o, "name", string_or_null(s->name));
        json_write_add(o, "figure", string_or_null(s->figure));
        json_write_add(o, "story", string_or_null(s->story));
        json_write_add(o, "statistic", string_or_null(fit_statistic_name(s->kind)));
        if (s->kind == FIT_FRACTION) {
            json_write_add(o, "at_least", json_write_number(s->threshold));
        }
        if (s->condition_figure) {
            cJSON *c = json_write_add(o, "condition", json_write_need(cJSON_CreateObject()));
            json_write_add(c, "figure", string_or_null(s->condition_figure));
            json_write_add(c, "at_least", json_write_number(s->at_least));
        } else {
            json_write_add(o, "condition", json_write_need(cJSON_CreateNull()));
        }
        json_write_add(o, "observed", json_write_number(s->observed));
        json_write_add(o, "sigma", json_write_number(s->sigma));
        cJSON_AddItemToArray(statistics, o);
    }
    cJSON *nm = json_write_add(root, "nm", json_write_need(cJSON_CreateObject()));
    json_write_add(nm, "restarts", json_write_integer(f->nm.restarts));
    json_write_add(nm, "max_evaluations", json_write_integer(f->nm.max_evaluations));
    json_write_add(nm, "step", json_write_number(f->nm.step));
    json_write_add(nm, "tolerance", json_write_number(f->nm.tolerance));
    json_write_add(nm, "curvature_step", json_write_number(f->nm.curvature_step));
    cJSON *abc = json_write_add(root, "abc", json_write_need(cJSON_CreateObject()));
    json_write_add(abc, "particles", json_write_integer(f->abc.particles));
    json_write_add(abc, "generations", json_write_integer(f->abc.generations));
    json_write_add(abc, "quantile", json_write_number(f->abc.quantile));
    json_write_add(abc, "max_evaluations", json_write_integer(f->abc.max_evaluations));
    json_write_add(abc, "min_acceptance", json_write_number(f->abc.min_acceptance));
    char *text = json_write_need(cJSON_PrintUnformatted(root));
    cJSON_Delete(root);
    return text;
}
