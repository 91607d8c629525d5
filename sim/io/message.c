/* Pieces of the one-line messages that the scenario and sweep readers build:
 * values described for the "got ..." part, numbers in their shortest exact
 * form, "did you mean" guesses, and escaping that keeps a message on one line. */
#include "message.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void message_number(double x, char *out, size_t size)
{
    for (int precision = 15; precision <= 17; precision++) {
        snprintf(out, size, "%.*g", precision, x);
        if (strtod(out, NULL) == x) {
            return;
        }
    }
}

void message_describe(const cJSON *item, char *out, size_t size)
{
    if (!item) {
        snprintf(out, size, "nothing");
    } else if (cJSON_IsNumber(item)) {
        if (isfinite(item->valuedouble)) {
            message_number(item->valuedouble, out, size);
        } else {
            snprintf(out, size, "a number too large to represent");
        }
    } else if (cJSON_IsString(item)) {
        const char *s = item->valuestring;
        size_t len = strlen(s);
        size_t shown = len;
        if (len > 40) {
            shown = 40;
            /* Cut at a character boundary so the message stays valid UTF-8. */
            while (shown > 0 && ((unsigned char)s[shown] & 0xC0) == 0x80) {
                shown--;
            }
        }
        snprintf(out, size, "\"%.*s%s\"", (int)shown, s, shown < len ? "..." : "");
    } else if (cJSON_IsBool(item)) {
        snprintf(out, size, "%s", cJSON_IsTrue(item) ? "true" : "false");
    } else if (cJSON_IsNull(item)) {
        snprintf(out, size, "null");
    } else if (cJSON_IsArray(item)) {
        int n = cJSON_GetArraySize(item);
        if (n == 0) {
            snprintf(out, size, "an empty array");
        } else {
            snprintf(out, size, "an array of %d element%s", n, n == 1 ? "" : "s");
        }
    } else {
        snprintf(out, size, "an object");
    }
}

/* Edit distance with adjacent transpositions (optimal string alignment), so
 * that "visiblity" is one edit from "visibility". Words longer than 63 bytes
 * are never close to anything. */
static size_t edit_distance(const char *a, const char *b)
{
    enum { WORD_MAX = 63 };
    size_t la = strlen(a);
    size_t lb = strlen(b);
    if (la > WORD_MAX || lb > WORD_MAX) {
        return SIZE_MAX;
    }
    size_t before[WORD_MAX + 1];
    size_t previous[WORD_MAX + 1];
    size_t current[WORD_MAX + 1];
    for (size_t j = 0; j <= lb; j++) {
        previous[j] = j;
        before[j] = j;
    }
    for (size_t i = 1; i <= la; i++) {
        current[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            size_t best = previous[j - 1] + cost;
            if (previous[j] + 1 < best) {
                best = previous[j] + 1;
            }
            if (current[j - 1] + 1 < best) {
                best = current[j - 1] + 1;
            }
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] &&
                before[j - 2] + 1 < best) {
                best = before[j - 2] + 1;
            }
            current[j] = best;
        }
        memcpy(before, previous, sizeof before);
        memcpy(previous, current, sizeof previous);
    }
    return previous[lb];
}

const char *message_closest(const char *word, const char *const *candidates, size_t count)
{
    const char *best = NULL;
    size_t best_distance = SIZE_MAX;
    for (size_t i = 0; i < count; i++) {
        size_t limit = 1 + strlen(candidates[i]) / 4;
        if (limit > 3) {
            limit = 3;
        }
        size_t distance = edit_distance(word, candidates[i]);
        if (distance <= limit && distance < best_distance) {
            best = candidates[i];
            best_distance = distance;
        }
    }
    return best;
}

void message_one_line(struct error *err)
{
    if (!err) {
        return;
    }
    char escaped[ERROR_MESSAGE_MAX];
    size_t len = 0;
    for (const char *c = err->message; *c && len + 5 < sizeof escaped; c++) {
        unsigned char byte = (unsigned char)*c;
        if (byte == '\n' || byte == '\t') {
            escaped[len++] = '\\';
            escaped[len++] = byte == '\n' ? 'n' : 't';
        } else if (byte < 0x20 || byte == 0x7f) {
            len += (size_t)snprintf(escaped + len, sizeof escaped - len, "\\x%02x", byte);
        } else {
            escaped[len++] = (char)byte;
        }
    }
    escaped[len] = '\0';
    memcpy(err->message, escaped, len + 1);
}
