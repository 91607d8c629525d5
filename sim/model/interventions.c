/* Interventions: arming by trigger (views threshold, share rate), firing
 * (label, takedown, suspension, demotion, prebunk), and the sorted
 * suspension list.
 * The views watch lives here too: one comparison per view serves both the
 * time-to-10^k record and the views triggers. */
#include "interventions.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "campaign.h"

/* The views counts at which time_to_views records a decade. */
static const uint64_t decade_views[OBSERVE_DECADES] = {
    10u, 100u, 1000u, 10000u, 100000u, 1000000u, 10000000u, 100000000u, 1000000000u};

/* Sets story s's view_check: the next views count at which the view handler
 * must record a decade or look at the triggers. */
static void refresh_view_check(struct workspace *ws, size_t s)
{
    struct triggers *t = &ws->triggers;
    uint32_t decade = ws->story.next_decade[s];
    uint64_t next = decade < OBSERVE_DECADES ? decade_views[decade] : UINT64_MAX;
    t->view_check[s] = next < t->view_trigger[s] ? next : t->view_trigger[s];
}

void interventions_update_view_triggers(struct workspace *ws)
{
    const struct config *cfg = ws->world->cfg;
    struct triggers *t = &ws->triggers;
    for (size_t s = 0; s < cfg->story_count; s++) {
        t->view_trigger[s] = UINT64_MAX;
    }
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (iv->trigger == TRIGGER_VIEWS && !t->armed[i]) {
            uint64_t at = iv->threshold < 1.8e19 ? (uint64_t)ceil(iv->threshold) : UINT64_MAX;
            if (at < t->view_trigger[iv->trigger_story]) {
                t->view_trigger[iv->trigger_story] = at;
            }
        }
    }
    for (size_t s = 0; s < cfg->story_count; s++) {
        refresh_view_check(ws, s);
    }
}

/* Files intervention i to fire delay_h after its trigger at t_h. */
static void arm(struct workspace *ws, uint32_t i, double t_h)
{
    ws->triggers.armed[i] = 1;
    workspace_schedule(ws, t_h + ws->world->cfg->interventions[i].delay_h, EVENT_INTERVENTION, i);
}

static void arm_view_triggers(struct workspace *ws, uint32_t s, uint64_t views, double t_h)
{
    const struct config *cfg = ws->world->cfg;
    for (uint32_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (!ws->triggers.armed[i] && iv->trigger == TRIGGER_VIEWS && iv->trigger_story == s &&
            (double)views >= iv->threshold) {
            arm(ws, i, t_h);
        }
    }
    interventions_update_view_triggers(ws);
}

__attribute__((noinline)) void interventions_pass_view_check(struct workspace *ws,
                                                             struct observation *obs, uint32_t s,
                                                             uint64_t views, double t_h)
{
    uint32_t decade = ws->story.next_decade[s];
    if (decade < OBSERVE_DECADES && views >= decade_views[decade]) {
        obs->time_to_views[(size_t)s * OBSERVE_DECADES + decade] = t_h;
        ws->story.next_decade[s] = decade + 1;
    }
    if (views >= ws->triggers.view_trigger[s]) {
        arm_view_triggers(ws, s, views, t_h); /* refreshes every view_check */
    }
    refresh_view_check(ws, s);
}

void interventions_watch_share_rate(struct workspace *ws, uint32_t s, double t_h)
{
    const struct config *cfg = ws->world->cfg;
    struct triggers *t = &ws->triggers;
    for (uint32_t i = 0; i < cfg->intervention_count; i++) {
        const struct intervention_config *iv = &cfg->interventions[i];
        if (t->armed[i] || iv->trigger != TRIGGER_SHARE_RATE || iv->trigger_story != s) {
            continue;
        }
        double *ring = t->rate_ring[i];
        uint32_t size = t->rate_ring_size[i];
        while (t->rate_ring_count[i] > 0 && ring[t->rate_ring_head[i]] <= t_h - iv->window_h) {
            t->rate_ring_head[i] = (t->rate_ring_head[i] + 1) % size;
            t->rate_ring_count[i]--;
        }
        if (t->rate_ring_count[i] < size) {
            ring[(t->rate_ring_head[i] + t->rate_ring_count[i]) % size] = t_h;
            t->rate_ring_count[i]++;
        }
        if ((double)t->rate_ring_count[i] >= iv->threshold * iv->window_h) {
            arm(ws, i, t_h);
        }
    }
}

bool interventions_is_suspended(const struct workspace *ws, account_id a)
{
    const struct suspensions *sus = &ws->suspended;
    size_t lo = 0, hi = sus->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (sus->ids[mid] < a) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    return lo < sus->count && sus->ids[lo] == a;
}

static int compare_accounts(const void *a, const void *b)
{
    account_id x = *(const account_id *)a, y = *(const account_id *)b;
    return (x > y) - (x < y);
}

/* The chosen accounts join the suspended, whose posts stop: pending
 * exposures check their post's node. */
static void suspend(struct workspace *ws, uint32_t chosen)
{
    struct suspensions *sus = &ws->suspended;
    size_t need = sus->count + chosen;
    if (need > sus->capacity) {
        sus->capacity = 2 * need;
        sus->ids = xrealloc(sus->ids, sus->capacity * sizeof *sus->ids);
    }
    memcpy(sus->ids + sus->count, ws->plan.picks, chosen * sizeof *ws->plan.picks);
    sus->count = need;
    qsort(sus->ids, need, sizeof *sus->ids, compare_accounts);
    for (size_t k = 0; k < ws->cascade.count; k++) {
        if (interventions_is_suspended(ws, ws->cascade.nodes[k].account)) {
            ws->cascade.nodes[k].cancelled = 1;
        }
    }
}

/* Prebunk i reaches its audience: the top `want` candidates, or a uniform
 * random `want` of them by selection sampling, which marks them in id order
 * straight into the bitset (no list of picks, however large the audience).
 * O(want) for the top, O(candidates) draws for a random pick. */
static void prebunk(struct workspace *ws, uint32_t i)
{
    const struct candidates *cand = &ws->world->iv_candidates[i];
    uint32_t bitset = ws->corrected.bitset[i];
    if (bitset == CORRECTED_NONE) {
        return; /* a factor of 1 changes nobody */
    }
    if (ws->world->cfg->interventions[i].select.pick == PICK_TOP) {
        for (uint32_t j = 0; j < cand->top_count; j++) {
            corrected_set(&ws->corrected, bitset, cand->top[j]);
        }
        return;
    }
    uint32_t need = cand->want, left = cand->total;
    for (uint32_t r = 0; r < cand->range_count && need > 0; r++) {
        account_id end = cand->range_start[r] + cand->range_length[r];
        for (account_id a = cand->range_start[r]; a < end && need > 0; a++, left--) {
            /* When every account left is needed, no draw decides it. */
            if (need == left || rng_uniform(ws->rng) * left < need) {
                corrected_set(&ws->corrected, bitset, a);
                need--;
            }
        }
    }
}

uint32_t interventions_fire(struct workspace *ws, struct observation *obs, uint32_t i, double t_h)
{
    const struct world *w = ws->world;
    const struct intervention_config *iv = &w->cfg->interventions[i];
    obs->intervention_time[i] = t_h;
    switch (iv->kind) {
    case INTERVENTION_FACTCHECK:
        share_label(&ws->share, w->cfg, iv->story, iv->label_factor);
        ws->corrected.live[i] = 1; /* views of the correction mark their viewers from now */
        if (iv->correction < 0) {
            return 0;
        }
        return campaign_choose_accounts(ws, &w->iv_candidates[i], &iv->select);
    case INTERVENTION_TAKEDOWN:
        ws->story.taken_down[iv->story] = 1;
        break;
    case INTERVENTION_SUSPEND:
        suspend(ws, campaign_choose_accounts(ws, &w->iv_candidates[i], &iv->select));
        break;
    case INTERVENTION_DEMOTE:
        ws->story.demotion[iv->story] *= iv->factor;
        break;
    case INTERVENTION_PREBUNK:
        prebunk(ws, i);
        break;
    }
    return 0;
}
