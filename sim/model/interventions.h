/* Interventions in a replicate: the triggers that arm them (a story's views
 * crossing a threshold, its share rate over a window), what each does when it
 * fires (label, takedown, suspension, demotion, prebunk) and the suspension
 * lookup.
 * Invariant: an intervention fires at most once, and nothing before it fires
 * depends on it (a run with a takedown at T has the same counts before T). */
#ifndef AMPLISIM_INTERVENTIONS_H
#define AMPLISIM_INTERVENTIONS_H

#include <stdbool.h>
#include <stdint.h>

#include "observe.h"
#include "workspace.h"

/* Recomputes each story's lowest views threshold among unarmed triggers,
 * and each story's view_check. O(stories + interventions). */
void interventions_update_view_triggers(struct workspace *ws);

/* Story s's views reached its view_check at t_h: records the time to the
 * next 10^k views and arms the views triggers it crossed. The view handler
 * compares one number per view and calls this rarely. */
void interventions_pass_view_check(struct workspace *ws, struct observation *obs, uint32_t s,
                                   uint64_t views, double t_h);

/* A share of s at t_h: each share-rate trigger on s keeps the times of the
 * shares in its window and arms once they reach threshold x window.
 * O(interventions) plus the shares leaving the window. */
void interventions_watch_share_rate(struct workspace *ws, uint32_t s, double t_h);

/* Intervention i takes effect at t_h (its time recorded in obs). Returns how
 * many accounts, left in ws->plan.picks, are to publish a fact-check's
 * correction now; 0 for any other intervention. A suspension costs O(nodes),
 * a random prebunk O(matching accounts). */
uint32_t interventions_fire(struct workspace *ws, struct observation *obs, uint32_t i, double t_h);

/* Whether account a has been suspended. O(log suspended). */
bool interventions_is_suspended(const struct workspace *ws, account_id a);

/* The same, free while nobody is suspended: the hot paths' form. */
static inline bool interventions_suspends(const struct workspace *ws, account_id a)
{
    return ws->suspended.count > 0 && interventions_is_suspended(ws, a);
}

#endif
