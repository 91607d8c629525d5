/* Shared pieces of the JSON writers (see json_write.h). */
#include "json_write.h"

#include <cjson/cJSON.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "message.h"

void *json_write_need(void *allocated)
{
    if (!allocated) {
        fprintf(stderr, "amplisim: out of memory building JSON\n");
        abort();
    }
    return allocated;
}

cJSON *json_write_add(cJSON *object, const char *key, cJSON *item)
{
    json_write_need(item);
    if (!cJSON_AddItemToObject(object, key, item)) {
        json_write_need(NULL);
    }
    return item;
}

cJSON *json_write_number(double x)
{
    char text[32];
    if (!isfinite(x)) {
        return json_write_need(cJSON_CreateNull());
    }
    message_number(x, text, sizeof text);
    return json_write_need(cJSON_CreateRaw(text));
}

cJSON *json_write_integer(uint64_t x)
{
    char text[32];
    snprintf(text, sizeof text, "%" PRIu64, x);
    return json_write_need(cJSON_CreateRaw(text));
}
