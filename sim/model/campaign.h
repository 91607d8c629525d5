/* The campaign plan of a replicate: which accounts each action (and each
 * fact-check or suspension) selects, and the campaign posts and timed
 * interventions, sorted by time, waiting for their slice. Invariant: the
 * plan is drawn at the start of the replicate, before any event, so it
 * depends on (world, seed, replicate) alone. */
#ifndef AMPLISIM_CAMPAIGN_H
#define AMPLISIM_CAMPAIGN_H

#include <stdint.h>

#include "workspace.h"

/* Chooses up to sel->count accounts among cand into ws->plan.picks (the top
 * ones, a uniform random subset in id order, or for PICK_LIST the list of
 * ws->replicate, cand unused) and returns how many.
 * O(count log count) for a random pick of a small share. */
uint32_t campaign_choose_accounts(struct workspace *ws, const struct candidates *cand,
                                  const struct select_config *sel);

/* Expands each action into posts by its selected accounts, each an ACTION
 * event whose id indexes ws->plan.posts, and adds the interventions that fire
 * at a fixed time (arming them); sorts them by time. O(posts). */
void campaign_plan(struct workspace *ws);

#endif
