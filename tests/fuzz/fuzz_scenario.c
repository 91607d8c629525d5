/* libFuzzer target for the scenario parser. The input is a scenario's text,
 * optionally followed by NUL-separated "PATH=VALUE" overrides as --set gives
 * them. A bug is a crash, a sanitizer report, a leak, or a broken promise of
 * scenario.h: a scenario that parses must write out as JSON that parses again
 * and writes back to the same bytes. Build with -DFUZZ=ON (scripts/fuzz). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/scenario.h"

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
        overrides[override_count++] = (struct scenario_override){item, eq + 1};
    }

    struct config cfg;
    struct error err;
    if (scenario_parse(text, "fuzz.json", overrides, override_count, &cfg, &err) == STATUS_OK) {
        check_round_trip(&cfg);
        config_destroy(&cfg);
    } else if (err.message[0] == '\0' || strchr(err.message, '\n')) {
        /* scenario.h: a refusal always comes with a one-line message. */
        fprintf(stderr, "fuzz_scenario: refused with a bad message: \"%s\"\n", err.message);
        abort();
    }
    free(text);
    return 0;
}
