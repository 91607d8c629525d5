/* Messages for the model's typed failures, each naming the scenario key at
 * fault and the rule it breaks. */
#include "model_message.h"

#include <inttypes.h>
#include <stdio.h>

static const char *role_or_any(int role)
{
    return role >= 0 ? role_name((enum role)role) : "any";
}

/* "blogger 1, media 2, bot 3": the non-user roles given a count. */
static void list_role_counts(const struct config *cfg, char *out, size_t size)
{
    size_t w = 0;
    out[0] = '\0';
    for (int r = 0; r < ROLE_COUNT; r++) {
        if (r != ROLE_USER && cfg->roles[r].count > 0 && w < size) {
            w += (size_t)snprintf(out + w, size - w, "%s%s %" PRIu32, w ? ", " : "",
                                  role_name((enum role)r), cfg->roles[r].count);
        }
    }
}

int model_message_failure(const struct model_failure *f, const struct config *cfg,
                          struct error *err)
{
    switch (f->kind) {
    case MODEL_FAILURE_NONE:
        break;
    case MODEL_FAILURE_CONFIG:
        return error_set(err, "invalid scenario: %s", f->reason);
    case MODEL_FAILURE_ACTION_SELECTS_NOBODY:
        /* The parser checks this for generated graphs; a file graph's roles
         * are only known once it is read. */
        return error_set(err,
                         "/campaign/actions/%" PRIu32 "/select: expected at least one account "
                         "with role %s, got none in the graph",
                         f->index, role_or_any(cfg->actions[f->index].select.role));
    case MODEL_FAILURE_INTERVENTION_SELECTS_NOBODY:
        return error_set(err,
                         "/interventions/%" PRIu32 "/select: expected at least one account "
                         "with role %s, got none in the graph",
                         f->index, role_or_any(cfg->interventions[f->index].select.role));
    case MODEL_FAILURE_ACTION_SELECTS_TOO_MANY:
    case MODEL_FAILURE_INTERVENTION_SELECTS_TOO_MANY: {
        /* The parser's words (scenario_read_actions.c), once the file graph
         * tells how many accounts match. */
        bool action = f->kind == MODEL_FAILURE_ACTION_SELECTS_TOO_MANY;
        const struct select_config *sel =
            action ? &cfg->actions[f->index].select : &cfg->interventions[f->index].select;
        char community[40] = "any community";
        if (sel->community >= 0) {
            snprintf(community, sizeof community, "community %d", sel->community);
        }
        /* Picked by followers, only the accounts someone follows count. */
        const char *followed = sel->pick == PICK_FOLLOWERS ? " that someone follows" : "";
        return error_set(err,
                         "%s/%" PRIu32 "/select/count: expected an integer in [1, %" PRIu64
                         "] (%" PRIu64 " accounts with role %s in %s%s match) or \"all\" for "
                         "every one of them, got %" PRIu64,
                         action ? "/campaign/actions" : "/interventions", f->index, f->value[1],
                         f->value[1], role_or_any(sel->role), community, followed, f->value[0]);
    }
    case MODEL_FAILURE_ROLE_COUNT_WITH_ATTRIBUTES: {
        const char *attributes = cfg->graph.attributes ? cfg->graph.attributes : "";
        return error_set(err,
                         "/population/roles/%s/count: expected no count when roles come from "
                         "the attribute file%s%s, got %" PRIu64,
                         role_name((enum role)f->index), *attributes ? " " : "", attributes,
                         f->value[0]);
    }
    case MODEL_FAILURE_ROLE_COUNTS_EXCEED_FILE: {
        const char *file = cfg->graph.path ? cfg->graph.path : "the edge list";
        char counts[256];
        list_role_counts(cfg, counts, sizeof counts);
        return error_set(err,
                         "/population/roles: expected role counts summing to at most %" PRIu64
                         " (the accounts in %s), got %" PRIu64 " (%s)",
                         f->value[0], file, f->value[1], counts);
    }
    }
    return error_set(err, "the model refused the scenario (failure %d)", (int)f->kind);
}
