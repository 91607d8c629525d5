/* --set overrides (see json_patch.h): split the path, walk or build the
 * containers along it, put the value, and tell the reader what came from
 * where. */
#include "json_patch.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "json_locate.h"
#include "json_reader.h"
#include "json_write.h"
#include "message.h"

/* The override being applied, for its messages. */
struct patch {
    struct json_reader *r;
    const char *path;
    const char *value;
    const char *flag; /* the option typed instead of --set, or NULL */
};

/* Splits an override path ("/a/b~1c" or "a.b") into components, undoing
 * the pointer escapes. Returns the number of components (0 for a malformed
 * path); parts point into buffer, which the caller frees. */
static size_t split_path(const char *path, char **buffer, char ***parts)
{
    bool pointer = path[0] == '/';
    char separator = pointer ? '/' : '.';
    char *copy = xstrdup(pointer ? path + 1 : path);
    size_t count = 1;
    for (const char *p = copy; *p; p++) {
        count += *p == separator;
    }
    char **list = xmalloc(count * sizeof *list);
    char *start = copy;
    for (size_t i = 0; i < count; i++) {
        char *end = strchr(start, separator);
        if (end) {
            *end = '\0';
        }
        list[i] = start;
        if (pointer) {
            char *out = start;
            for (const char *in = start; *in; in++) {
                if (in[0] == '~' && (in[1] == '0' || in[1] == '1')) {
                    *out++ = in[1] == '0' ? '~' : '/';
                    in++;
                } else {
                    *out++ = *in;
                }
            }
            *out = '\0';
        }
        if (list[i][0] == '\0') {
            count = 0; /* an empty component is a typo, not a key */
            break;
        }
        start = end ? end + 1 : start + strlen(start);
    }
    *buffer = copy;
    *parts = list;
    return count;
}

/* Reads an array index component: decimal without leading zeros, or "-"
 * for one past the end (RFC 6901). */
static bool parse_index(const char *component, size_t size, size_t *index)
{
    if (strcmp(component, "-") == 0) {
        *index = size;
        return true;
    }
    size_t len = strlen(component);
    if (len == 0 || len > 9 || (len > 1 && component[0] == '0')) {
        return false;
    }
    size_t value = 0;
    for (size_t i = 0; i < len; i++) {
        if (!isdigit((unsigned char)component[i])) {
            return false;
        }
        value = value * 10 + (size_t)(component[i] - '0');
    }
    *index = value;
    return true;
}

static int patch_error(const struct patch *o, const char *pointer, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

static int patch_error(const struct patch *o, const char *pointer, const char *fmt, ...)
{
    char detail[ERROR_MESSAGE_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(detail, sizeof detail, fmt, ap);
    va_end(ap);
    char typed[ERROR_MESSAGE_MAX / 2];
    json_reader_override_text(o->flag, o->path, o->value, typed, sizeof typed);
    return error_set(o->r->err, "%s: %s: %s", typed, pointer[0] ? pointer : "/", detail);
}

/* Puts value at the path parts[0..count) below root, creating missing
 * containers on the way (an array when the next component is an index).
 * Takes ownership of value. Fills *pointer with the JSON pointer of the
 * path and *added with the pointer of the first container it created. */
static int put_value(const struct patch *o, cJSON *root, char **parts, size_t count, cJSON *value,
                     struct strbuf *pointer, char **added)
{
    cJSON *node = root;
    for (size_t i = 0; i < count; i++) {
        const char *component = parts[i];
        size_t size = cJSON_IsArray(node) ? (size_t)cJSON_GetArraySize(node) : 0;
        size_t at = 0;
        cJSON *child = NULL;
        if (cJSON_IsObject(node)) {
            child = cJSON_GetObjectItemCaseSensitive(node, component);
        } else if (cJSON_IsArray(node)) {
            if (!parse_index(component, size, &at) || at > size) {
                json_reader_append_component(pointer, component);
                cJSON_Delete(value);
                return patch_error(o, pointer->data,
                                   "expected an array index in [0, %zu] (%zu appends), "
                                   "got \"%s\"",
                                   size, size, component);
            }
            child = at < size ? cJSON_GetArrayItem(node, (int)at) : NULL;
        } else {
            char got[96];
            message_describe(node, got, sizeof got);
            cJSON_Delete(value);
            return patch_error(o, pointer->data,
                               "expected an object or an array to hold \"%s\", got %s", component,
                               got);
        }
        json_reader_append_component(pointer, component);
        if (i + 1 == count) {
            if (cJSON_IsObject(node) && child) {
                cJSON_ReplaceItemInObjectCaseSensitive(node, component, value);
            } else if (cJSON_IsObject(node)) {
                cJSON_AddItemToObject(node, component, value);
            } else if (child) {
                cJSON_ReplaceItemInArray(node, (int)at, value);
            } else {
                cJSON_AddItemToArray(node, value);
            }
            return STATUS_OK;
        }
        if (!child) {
            size_t unused;
            child = parse_index(parts[i + 1], 0, &unused) ? json_write_need(cJSON_CreateArray())
                                                          : json_write_need(cJSON_CreateObject());
            if (cJSON_IsObject(node)) {
                cJSON_AddItemToObject(node, component, child);
            } else {
                cJSON_AddItemToArray(node, child);
            }
            if (!*added) {
                *added = xstrdup(pointer->data);
            }
        }
        node = child;
    }
    cJSON_Delete(value);
    return STATUS_OK;
}

int json_patch_apply(struct json_reader *r, cJSON *root, const char *path, const char *value,
                     const char *flag)
{
    if (!path || !value) {
        return error_set(r->err, "--set %s: expected PATH=VALUE", path ? path : "");
    }
    const struct patch o = {r, path, value, flag};
    char *buffer;
    char **parts;
    size_t count = split_path(path, &buffer, &parts);
    int status;
    if (count == 0) {
        status = error_set(r->err,
                           "--set %s=%s: expected a path such as /platform/visibility or "
                           "platform.visibility, got \"%s\"",
                           path, value, path);
    } else {
        size_t open;
        char why[160];
        cJSON *parsed = NULL;
        if (json_locate_raw_control(value, &open, why, sizeof why)) {
            /* The same rules as in a file: no \u0000, UTF-8 only. */
            free(buffer);
            free(parts);
            char typed[ERROR_MESSAGE_MAX / 2];
            json_reader_override_text(flag, path, value, typed, sizeof typed);
            /* The hint speaks of a string in a file; here it is the value. */
            const char *what =
                strncmp(why, "the string that starts here ", 28) == 0 ? why + 28 : why;
            return error_set(r->err, "%s: the value %s", typed, what);
        }
        parsed = cJSON_ParseWithOpts(value, NULL, true);
        if (!parsed) {
            parsed = json_write_need(cJSON_CreateString(value)); /* a bare word is a string */
        }
        struct strbuf pointer;
        strbuf_init(&pointer);
        char *added = NULL;
        status = put_value(&o, root, parts, count, parsed, &pointer, &added);
        if (status == STATUS_OK) {
            json_reader_add_override(r, path, value, flag, added ? added : pointer.data);
        }
        free(added);
        strbuf_destroy(&pointer);
    }
    free(parts);
    free(buffer);
    return status;
}
