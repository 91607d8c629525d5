/* The messages of the model's typed failures: the model says what went
 * wrong as data (model/failure.h), this file says it to the user, with the
 * scenario's JSON path and the rule, as error_set formats every message. */
#ifndef AMPLISIM_MODEL_MESSAGE_H
#define AMPLISIM_MODEL_MESSAGE_H

#include "../base/error.h"
#include "../model/config.h"
#include "../model/failure.h"

/* Writes failure f of a model function called with cfg into err and
 * returns the status to report (STATUS_BAD_INPUT). */
int model_message_failure(const struct model_failure *f, const struct config *cfg,
                          struct error *err);

#endif
