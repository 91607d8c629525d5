/* Small pieces the writers of scenario and sweep files share: out of memory
 * while building a cJSON tree is fatal, as in xmalloc, and numbers are
 * written as raw text so that they read back exactly. */
#ifndef AMPLISIM_JSON_WRITE_H
#define AMPLISIM_JSON_WRITE_H

#include <stdint.h>

struct cJSON;

/* Returns allocated, aborting with a message when it is NULL (cJSON returns
 * NULL when malloc fails). */
void *json_write_need(void *allocated);

/* Adds item to object under key and returns it. */
struct cJSON *json_write_add(struct cJSON *object, const char *key, struct cJSON *item);

/* x in the fewest digits that read back exactly (cJSON's own printer
 * compares with a tolerance); null when x is not finite. */
struct cJSON *json_write_number(double x);

/* x in full, never in exponent form (a seed of 2^53 included). */
struct cJSON *json_write_integer(uint64_t x);

#endif
