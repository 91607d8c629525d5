/* The amplification model's entry points: campaign actions publish stories,
 * posts fan out to followers as lazy streams, views may trigger reshares,
 * and the recommender shares a budget of impressions among the stories in
 * proportion to their recent, decayed engagement. docs/model.md gives the equations; simulate.c's opening
 * comment states the event loop's invariants.
 *
 * Usage: world_init once per scenario (it builds the graph), workspace_init
 * once per thread, then simulate() per replicate. simulate is a pure function
 * of (world, seed, replicate): no globals, no hidden state, so replicates run
 * in parallel and reproduce exactly. This header includes world.h and
 * workspace.h, so callers need only it. */
#ifndef AMPLISIM_SIMULATE_H
#define AMPLISIM_SIMULATE_H

#include <stdint.h>

#include "observe.h"
#include "workspace.h"
#include "world.h"

/* Runs replicate `replicate` with master seed `seed` and fills obs (sized by
 * observation_init for the same config; cleared here). If ws->stop is set and
 * becomes non-zero the replicate is abandoned at the next time slice (within
 * 1/64 h of simulated time) and obs is left incomplete. O(events), each
 * O(1) but for the heap's O(log n) inside a slice. */
void simulate(struct workspace *ws, uint64_t seed, uint32_t replicate, struct observation *obs);

/* The share probability of docs/model.md §4 (share.h) for a viewer of role
 * `role` in community `community`, seeing published story s at time t_h after
 * n views (n >= 1) in a post whose source has role `source`: base x appeal x
 * decay x trust[source] x synthetic x label x reinforcement^(n-1), clamped to
 * [0, 1], for a viewer no correction or prebunk has reached (corrected = 1).
 * Exposed for tests. */
double simulate_share_probability(const struct workspace *ws, uint32_t story, int role,
                                  uint32_t community, uint32_t source, double t_h, uint32_t n);

#endif
