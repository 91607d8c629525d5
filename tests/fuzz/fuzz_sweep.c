/* libFuzzer target for the sweep parser. The input is a sweep file's text.
 * A bug is a crash, a sanitizer report, a leak, or a broken promise of
 * sweep.h:
 *   - a sweep that parses has at least one point, a JSON value for every
 *     parameter at every point, overrides that number sweep_override_count,
 *     and writes out as the same bytes every time;
 *   - a refusal is one line that names its place (the sweep file, or the
 *     design file it names).
 * Build with -DFUZZ=ON (scripts/fuzz sweep). */
#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/sweep.h"

/* Writing a million points out is slow, not wrong: check the small ones. */
#define WRITE_POINTS_MAX 20000

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void broken(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz_sweep: %s: %s\n", what, detail ? detail : "");
    abort();
}

static void check_sweep(const struct sweep *sw)
{
    if (sw->point_count == 0 || sw->parameter_count == 0) {
        broken("a sweep without points or parameters was accepted", sw->label);
    }
    size_t n = sweep_override_count(sw);
    struct scenario_override *o = malloc(n * sizeof *o);
    for (size_t p = 0; p < sw->point_count && p < WRITE_POINTS_MAX; p++) {
        if (sweep_point_overrides(sw, p, o) != n) {
            broken("sweep_point_overrides disagrees with sweep_override_count", NULL);
        }
        for (size_t i = 0; i < n; i++) {
            cJSON *v = cJSON_Parse(o[i].value);
            if (!v || o[i].path[0] != '/') {
                broken("an override is not a JSON value at a pointer", o[i].value);
            }
            cJSON_Delete(v);
        }
    }
    free(o);
    if (sw->point_count <= WRITE_POINTS_MAX) {
        char *first = sweep_to_json(sw);
        char *second = sweep_to_json(sw);
        cJSON *parsed = cJSON_Parse(first);
        if (!parsed) {
            broken("the resolved sweep is not JSON", first);
        }
        if (strcmp(first, second) != 0) {
            broken("the resolved sweep differs between two writes", first);
        }
        cJSON_Delete(parsed);
        free(first);
        free(second);
    }
}

static void check_refusal(const struct error *err)
{
    const char *m = err->message;
    bool placed = strncmp(m, "fuzz_sweep.json", 15) == 0 || strstr(m, ".csv") != NULL;
    if (m[0] == '\0' || strchr(m, '\n') || !placed) {
        broken("refused with a bad message", m);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    struct sweep sw;
    struct error err;
    /* Design files are looked up in a folder that has none: the reader's
     * "cannot read" path is exercised, never the user's files. */
    if (sweep_parse(text, "fuzz_sweep.json", "/nonexistent-amplisim-fuzz", &sw, &err) ==
        STATUS_OK) {
        check_sweep(&sw);
        sweep_destroy(&sw);
    } else {
        check_refusal(&err);
    }
    free(text);
    return 0;
}
