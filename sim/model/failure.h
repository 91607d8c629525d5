/* Why the model refused a scenario, as data: a kind and the numbers that
 * locate the fault, never text. The model builds no user-facing message;
 * io/model_message.c turns a failure into one (with the JSON path and the
 * rule), given the config. Only world_init and graph_from_edges fail, and
 * only on what the parser cannot know before the graph exists. */
#ifndef AMPLISIM_FAILURE_H
#define AMPLISIM_FAILURE_H

#include <stdint.h>
#include <string.h>

#include "../base/error.h"

enum model_failure_kind {
    MODEL_FAILURE_NONE,
    MODEL_FAILURE_CONFIG,                        /* config_check refused it: reason */
    MODEL_FAILURE_ACTION_SELECTS_NOBODY,         /* index: the action */
    MODEL_FAILURE_INTERVENTION_SELECTS_NOBODY,   /* index: the intervention */
    MODEL_FAILURE_ACTION_SELECTS_TOO_MANY,       /* index: the action; value[0]: its count,
                                                    value[1]: the accounts that match */
    MODEL_FAILURE_INTERVENTION_SELECTS_TOO_MANY, /* index: the intervention; values as above */
    MODEL_FAILURE_ROLE_COUNT_WITH_ATTRIBUTES,    /* index: the role; value[0]: its count */
    MODEL_FAILURE_ROLE_COUNTS_EXCEED_FILE,       /* value[0]: the file's accounts;
                                                    value[1]: the counts' sum */
};

struct model_failure {
    enum model_failure_kind kind;
    uint32_t index;
    uint64_t value[2];
    char reason[ERROR_MESSAGE_MAX]; /* MODEL_FAILURE_CONFIG: config_check's words */
};

/* Records a failure in f (which may be NULL) and returns STATUS_BAD_INPUT,
 * so that a model function can `return model_failure_set(...)`. */
static inline int model_failure_set(struct model_failure *f, enum model_failure_kind kind,
                                    uint32_t index, uint64_t value0, uint64_t value1)
{
    if (f) {
        memset(f, 0, sizeof *f);
        f->kind = kind;
        f->index = index;
        f->value[0] = value0;
        f->value[1] = value1;
    }
    return STATUS_BAD_INPUT;
}

#endif
