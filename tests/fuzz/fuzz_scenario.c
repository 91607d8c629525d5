/* libFuzzer target for the scenario parser. The input is a scenario's text,
 * optionally followed by NUL-separated "PATH=VALUE" overrides as --set gives
 * them. A bug is a crash, a sanitizer report, a leak, or a broken promise of
 * scenario.h:
 *   - a scenario that parses writes out as JSON that parses again and writes
 *     back to the same bytes;
 *   - a refusal is one line that names its place (the file, or the --set
 *     override), and comes from the parser's own checks, not from the
 *     model's last-resort config_check ("invalid scenario");
 *   - a small generated or implicit scenario that parses also builds its
 *     world: the parser, not world_init, refuses what cannot be laid out;
 *   - and runs: its first simulated hour (64 slices) finishes, with the
 *     workspace's invariants holding, so that hangs and overflows in the
 *     model are reachable from a scenario file (libFuzzer's -timeout catches
 *     a hang; UBSan an overflow).
 * Build with -DFUZZ=ON (scripts/fuzz). */
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/model_message.h"
#include "io/scenario.h"
#include "model/memory.h"
#include "model/simulate.h"

#define OVERRIDES_MAX 4

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Prints both texts and aborts, so libFuzzer keeps the input. */
static void round_trip_failed(const char *what, const char *first, const char *second)
{
    fprintf(stderr, "fuzz_scenario: %s\n--- first\n%s\n--- second\n%s\n", what, first,
            second ? second : "(none)");
    abort();
}

static void check_round_trip(const struct config *cfg)
{
    char *first = scenario_to_json(cfg);
    struct config again;
    struct error err;
    if (scenario_parse(first, "fuzz.json", NULL, 0, &again, &err) != STATUS_OK) {
        round_trip_failed("the written scenario does not parse again", first, err.message);
    }
    char *second = scenario_to_json(&again);
    if (strcmp(first, second) != 0) {
        round_trip_failed("the written scenario writes back to other bytes", first, second);
    }
    free(second);
    config_destroy(&again);
    free(first);
}

/* Builds the world of a parsed scenario when that is cheap. */
static void check_world(const struct config *cfg)
{
    struct memory_estimate est;
    memory_estimate(cfg, 1, 0, &est);
    if (cfg->graph.source == GRAPH_FILE || cfg->accounts > 20000 || est.graph > 16e6) {
        return;
    }
    struct world world;
    struct model_failure failure;
    struct error err;
    error_clear(&err);
    if (world_init(&world, cfg, NULL, &failure) != STATUS_OK) {
        model_message_failure(&failure, cfg, &err);
        fprintf(stderr, "fuzz_scenario: the parser accepted a scenario world_init refuses: %s\n",
                err.message);
        abort();
    }
    /* An hour of a dense world (8,962 accounts all following 543 bloggers)
     * takes seconds under the fuzzer's instrumentation, which libFuzzer
     * reports as a hang (found in the first 30-minute run): simulate the
     * smaller worlds only. */
    if (cfg->accounts > 4000 || est.graph > 2e6) {
        world_destroy(&world);
        return;
    }
    struct workspace ws;
    workspace_init(&ws, &world);
    ws.slice_limit = 64;
    struct observation obs;
    observation_init(&obs, cfg);
    simulate(&ws, cfg->seed, 0, &obs);
    if (workspace_check(&ws) != 0) {
        fprintf(stderr, "fuzz_scenario: the workspace's invariants broke after an hour\n");
        abort();
    }
    observation_destroy(&obs);
    workspace_destroy(&ws);
    world_destroy(&world);
}

/* scenario.h: one line, starting with the place. */
static void check_refusal(const struct error *err)
{
    const char *m = err->message;
    bool placed = strncmp(m, "fuzz.json", 9) == 0 || strncmp(m, "--set ", 6) == 0;
    if (m[0] == '\0' || strchr(m, '\n') || !placed ||
        strncmp(m, "fuzz.json: invalid scenario: ", 29) == 0) {
        fprintf(stderr, "fuzz_scenario: refused with a bad message: \"%s\"\n", m);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    /* A NUL-terminated copy: the scenario, then up to OVERRIDES_MAX overrides. */
    char *text = malloc(size + 1);
    if (!text) {
        return 0;
    }
    memcpy(text, data, size);
    text[size] = '\0';
    struct scenario_override overrides[OVERRIDES_MAX];
    size_t override_count = 0;
    size_t at = strlen(text) + 1;
    while (at < size && override_count < OVERRIDES_MAX) {
        char *item = text + at;
        at += strlen(item) + 1;
        char *eq = strchr(item, '=');
        if (!eq || eq == item) {
            continue;
        }
        *eq = '\0';
        overrides[override_count++] = (struct scenario_override){item, eq + 1, NULL};
    }

    struct config cfg;
    struct error err;
    if (scenario_parse(text, "fuzz.json", overrides, override_count, &cfg, &err) == STATUS_OK) {
        check_round_trip(&cfg);
        check_world(&cfg);
        config_destroy(&cfg);
    } else {
        check_refusal(&err);
    }
    free(text);
    return 0;
}
