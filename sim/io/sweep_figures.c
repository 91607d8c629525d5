/* What a sweep records for each run beyond its five figures: "outputs"
 * (figures of runs.csv by name) and "curve" (cumulative views at regular
 * times), read and checked here; sweep_runner.c computes them and
 * sweep_output.c writes them. */
#include <cjson/cJSON.h>
#include <string.h>

#include "../base/alloc.h"
#include "../model/runs.h"
#include "../model/summary.h"
#include "json_reader.h"
#include "sweep_internal.h"

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

static const char *const curve_keys[] = {"every_h", "count"};

/* The five figures every sweep records; "outputs" adds others. */
static const char *const standard_figures[] = {"views", "reach", "shares", "time_to_1e6_h",
                                               "peak_view_rate_per_h"};

/* "outputs": figures of runs.csv by name, recorded for every run beside the
 * five standard ones; "correction." before a name takes it from the
 * corrections' total row instead of the sweep's story or campaign. */
static int read_outputs(struct json_reader *r, const struct json_where *top, struct sweep *sw)
{
    struct json_where outputs = json_reader_child(top, "outputs");
    if (!outputs.item) {
        return STATUS_OK;
    }
    size_t n = cJSON_IsArray(outputs.item) ? (size_t)cJSON_GetArraySize(outputs.item) : 0;
    if (!cJSON_IsArray(outputs.item) || n > RUN_FIGURES_OUTPUTS_MAX) {
        return json_reader_fail(r, &outputs,
                                "expected an array of at most %d figure names of runs.csv "
                                "(\"views_day_3\", \"time_to_1e8_h\", \"cascade_depth\"...)",
                                RUN_FIGURES_OUTPUTS_MAX);
    }
    sw->outputs = xcalloc(n ? n : 1, sizeof *sw->outputs);
    for (size_t i = 0; i < n; i++) {
        struct json_where at =
            json_reader_element(&outputs, i, cJSON_GetArrayItem(outputs.item, (int)i));
        const char *name = cJSON_IsString(at.item) ? at.item->valuestring : NULL;
        bool correction =
            name && strncmp(name, RUNS_CORRECTION_PREFIX, strlen(RUNS_CORRECTION_PREFIX)) == 0;
        const char *figure = correction ? name + strlen(RUNS_CORRECTION_PREFIX) : name;
        if (!name || !runs_figure_name_valid(figure)) {
            return json_reader_expected(r, &at,
                                        "a figure of runs.csv: views, reach, shares, "
                                        "campaign_posts, views_day_N, time_to_1eK_h (K 1 to 9), "
                                        "peak_view_rate_per_h, peak_time_h, cascade_depth, "
                                        "structural_virality, largest_cascade_posts or "
                                        "communities_reached, optionally after \"correction.\" "
                                        "(the corrections' total)");
        }
        for (size_t k = 0; k < COUNT_OF(standard_figures) && !correction; k++) {
            if (strcmp(name, standard_figures[k]) == 0) {
                return json_reader_fail(r, &at,
                                        "\"%s\" is recorded by every sweep already; outputs "
                                        "adds other figures",
                                        name);
            }
        }
        for (size_t k = 0; k < sw->output_count; k++) {
            if (strcmp(name, sw->outputs[k]) == 0) {
                return json_reader_fail(r, &at, "\"%s\" is listed twice", name);
            }
        }
        sw->outputs[sw->output_count++] = xstrdup(name);
    }
    return STATUS_OK;
}

/* "curve": {"every_h": H, "count": K}: each run's cumulative views at H,
 * 2H, ... KH, so that curves.csv can give each point's median curve. They
 * share the log line with the outputs. */
static int read_curve(struct json_reader *r, const struct json_where *top, struct sweep *sw)
{
    struct json_where curve = json_reader_child(top, "curve");
    if (!curve.item) {
        return STATUS_OK;
    }
    if (!cJSON_IsObject(curve.item)) {
        return json_reader_expected(r, &curve, "an object such as {\"every_h\": 6, \"count\": 28}");
    }
    if (json_reader_check_keys(r, &curve, curve_keys, COUNT_OF(curve_keys), "key")) {
        return STATUS_BAD_INPUT;
    }
    struct json_where every = json_reader_child(&curve, "every_h");
    struct json_where count = json_reader_child(&curve, "count");
    if (!every.item) {
        return json_reader_missing(r, &curve, "every_h");
    }
    if (!count.item) {
        return json_reader_missing(r, &curve, "count");
    }
    uint64_t k = 0;
    if (json_reader_check_number(r, &every, (struct json_range){0.0, 1e6, true, false},
                                 &sw->curve_every_h) ||
        json_reader_check_integer(r, &count, 1, RUN_FIGURES_CURVE_MAX, &k)) {
        return STATUS_BAD_INPUT;
    }
    sw->curve_count = (size_t)k;
    return STATUS_OK;
}

int sweep_figures_read(struct json_reader *r, const struct json_where *top, struct sweep *sw)
{
    if (read_outputs(r, top, sw) || read_curve(r, top, sw)) {
        return STATUS_BAD_INPUT;
    }
    return STATUS_OK;
}
