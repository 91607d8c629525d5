/* Pieces of the one-line user messages that the readers of scenario and
 * sweep files build (the messages themselves are set with error_set). */
#ifndef AMPLISIM_MESSAGE_H
#define AMPLISIM_MESSAGE_H

#include <stddef.h>

#include "../base/error.h"

struct cJSON;

/* Prints x with 15, 16 or 17 significant digits, the fewest that read back
 * as exactly x (15 keeps 0.1 as "0.1"; 17 always suffices). */
void message_number(double x, char *out, size_t size);

/* Writes a short description of a JSON value (NULL: "nothing") for the
 * "got ..." part of a message: numbers in their shortest exact form,
 * literals as written, strings quoted (shortened if long), containers by
 * kind and size. */
void message_describe(const struct cJSON *item, char *out, size_t size);

/* Returns the candidate closest to word when it is close enough to be a
 * plausible typo (about one edit per four letters, at most three), else
 * NULL: the "did you mean" of a message. */
const char *message_closest(const char *word, const char *const *candidates, size_t count);

/* Escapes newlines, tabs and other control characters in err's message
 * (keys, strings, file names and --set values can hold them), so that it
 * stays on one line. err may be NULL. */
void message_one_line(struct error *err);

#endif
