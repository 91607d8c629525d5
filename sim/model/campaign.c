/* The campaign plan: account selection (top by followers, a uniform random
 * subset, or a study's list for the replicate) and the replicate's campaign posts and timed interventions,
 * drawn before the first slice from the replicate's stream. */
#include "campaign.h"

#include <string.h>

#include "../base/alloc.h"
#include "../engine/rng.h"
#include "../engine/sort.h"

/* Writes `want` distinct indices of [0, n), sorted, to picks: selection
 * sampling when they are a large share of n, else draws with replacement
 * topped up until distinct. */
static void pick_random(struct workspace *ws, uint32_t n, uint32_t want)
{
    uint32_t *out = ws->plan.picks;
    if ((uint64_t)want * 4 >= n) {
        uint32_t need = want, left = n, k = 0;
        for (uint32_t x = 0; x < n && need > 0; x++, left--) {
            if (rng_uniform(ws->rng) * left < need) {
                out[k++] = x;
                need--;
            }
        }
        return;
    }
    size_t have = 0;
    while (have < want) {
        for (size_t i = have; i < want; i++) {
            out[i] = rng_below(ws->rng, n);
        }
        sort_u32(out, want, ws->plan.picks_scratch);
        have = 1;
        for (size_t i = 1; i < want; i++) {
            if (out[i] != out[have - 1]) {
                out[have++] = out[i];
            }
        }
    }
}

/* Writes `want` distinct indices of [0, cand->total), sorted, to picks, each
 * drawn with probability proportional to its followers among those not yet
 * drawn (successive sampling). Batches of draws with replacement, topped up
 * until `want` are distinct, keep the first `want` distinct values of one
 * sequence of independent draws (a batch of want - have draws can reach
 * `want` only on its last), and rejecting repeats is exactly sampling without
 * replacement. The world checked that `want` accounts with followers exist. */
static void pick_by_followers(struct workspace *ws, const struct candidates *cand, uint32_t want)
{
    uint32_t *out = ws->plan.picks;
    size_t have = 0;
    while (have < want) {
        for (size_t i = have; i < want; i++) {
            out[i] = (uint32_t)gsl_ran_discrete(ws->rng, cand->by_followers);
        }
        sort_u32(out, want, ws->plan.picks_scratch);
        have = 1;
        for (size_t i = 1; i < want; i++) {
            if (out[i] != out[have - 1]) {
                out[have++] = out[i];
            }
        }
    }
}

uint32_t campaign_choose_accounts(struct workspace *ws, const struct candidates *cand,
                                  const struct select_config *sel)
{
    uint32_t *picks = ws->plan.picks;
    uint32_t want = sel->count < cand->total ? sel->count : cand->total;
    if (sel->pick == PICK_LIST) {
        /* The list was ranked in the baseline replicate with this number, so
         * the variant's replicate r suspends what baseline r ranked (paired). */
        uint32_t r = ws->replicate, from = 0, to = 0;
        if (r < sel->list_replicates) {
            from = sel->list_start[r];
            to = sel->list_start[r + 1];
        }
        want = to - from < sel->count ? to - from : sel->count;
        if (want > 0) {
            memcpy(picks, sel->list + from, want * sizeof *picks);
        }
        return want;
    }
    if (sel->pick == PICK_TOP) {
        memcpy(picks, cand->top, want * sizeof *picks);
        return want;
    }
    if (sel->pick == PICK_FOLLOWERS && want < cand->total) {
        pick_by_followers(ws, cand, want);
    } else {
        pick_random(ws, cand->total, want); /* all of them, when want is the total */
    }
    /* Picks are sorted indices into the ranges, so the ranges are walked once. */
    uint32_t range = 0, range_first = 0;
    for (uint32_t j = 0; j < want; j++) {
        uint32_t x = picks[j];
        while (x >= range_first + cand->range_length[range]) {
            range_first += cand->range_length[range++];
        }
        picks[j] = cand->range_start[range] + (x - range_first);
    }
    return want;
}

/* Room for n planned events; kept across replicates. */
static void reserve(struct plan *p, size_t n)
{
    if (n > p->capacity) {
        p->capacity = n;
        p->posts = xrealloc(p->posts, n * sizeof *p->posts);
        p->events = xrealloc(p->events, n * sizeof *p->events);
        p->scratch = xrealloc(p->scratch, n * sizeof *p->scratch);
    }
}

void campaign_plan(struct workspace *ws)
{
    const struct world *w = ws->world;
    const struct config *cfg = w->cfg;
    struct plan *p = &ws->plan;
    size_t n = cfg->intervention_count;
    for (size_t a = 0; a < cfg->action_count; a++) {
        uint32_t m = w->candidates[a].total;
        n += cfg->actions[a].select.count < m ? cfg->actions[a].select.count : m;
    }
    reserve(p, n);
    size_t i = 0;
    for (size_t a = 0; a < cfg->action_count; a++) {
        const struct action_config *ac = &cfg->actions[a];
        /* What the posts link: the action's source, else the story's
         * deprecated origin, else the poster's own content. */
        int source = ac->link >= 0 ? ac->link : cfg->stories[ac->story].origin;
        uint32_t chosen = campaign_choose_accounts(ws, &w->candidates[a], &ac->select);
        for (uint32_t j = 0; j < chosen; j++) {
            double jitter = ac->jitter_h > 0.0 ? ac->jitter_h * rng_uniform(ws->rng) : 0.0;
            p->posts[i] = (struct planned_post){p->picks[j], ac->story, source};
            p->events[i] = (struct event){
                .time_h = ac->at_h + jitter, .seq = 0, .kind = EVENT_ACTION, .id = (uint32_t)i};
            i++;
        }
    }
    for (size_t k = 0; k < cfg->intervention_count; k++) {
        const struct intervention_config *iv = &cfg->interventions[k];
        if (iv->trigger == TRIGGER_AT) {
            ws->triggers.armed[k] = 1;
            p->events[i++] = (struct event){.time_h = iv->at_h + iv->delay_h,
                                            .seq = 0,
                                            .kind = EVENT_INTERVENTION,
                                            .id = (uint32_t)k};
        }
    }
    p->count = i;
    p->next = 0;
    /* Actions can lie far ahead, beyond the calendar's reach: they wait in
     * time order and join the batch of their slice. */
    if (sort_events_by_time(p->events, i, p->scratch) != p->events) {
        struct event *sorted = p->scratch;
        p->scratch = p->events;
        p->events = sorted;
    }
}
