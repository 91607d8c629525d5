/* --set PATH=VALUE: puts a value into a parsed JSON tree before it is
 * checked, so an overridden value is checked exactly like one in the file.
 * PATH is a JSON pointer ("/platform/visibility") or the same path with dots
 * ("platform.visibility"); VALUE is JSON text, or a bare word taken as a
 * string. Missing containers on the way are created. */
#ifndef AMPLISIM_JSON_PATCH_H
#define AMPLISIM_JSON_PATCH_H

#include "json_reader.h"

struct cJSON;

/* Applies path=value to the tree under root (an object) and records in r
 * the pointer of the topmost thing it added or replaced, so that later
 * messages about anything under it name the override instead of a position
 * in the text. path and value must outlive r. Returns STATUS_OK, or
 * STATUS_BAD_INPUT with r->err set ("--set PATH=VALUE: /json/path: ..."). flag,
 * when not NULL, is the option the user typed instead of --set ("--reps"),
 * and messages name it ("--reps VALUE: /replicates: ..."). */
int json_patch_apply(struct json_reader *r, struct cJSON *root, const char *path,
                     const char *value, const char *flag);

#endif
