/* Who the interventions that act on people have reached: a bit per account
 * for each fact-check, set when the account views its correction, and for
 * each prebunk, set for its audience when it fires; and the factor
 * corrected(v, s) those bits put on account v's share probability of story s
 * (docs/model.md §4 and §8). A fact-check's bit acts on the story it checks
 * (× exposed_factor), a prebunk's on every fabricated story (× factor).
 *
 * Only an intervention whose factor differs from 1 (and a fact-check with a
 * correction) gets bits, so a scenario without one allocates nothing and the
 * view handler pays one predictable branch (count == 0). Memory: accounts / 8
 * bytes per such intervention, 75 MB at 600M accounts.
 *
 * Invariant: a fact-check's bits are set only by views at or after it fires,
 * a prebunk's only when it fires, so nothing before an intervention fires
 * depends on it; corrected_check tests the first half. */
#ifndef AMPLISIM_CORRECTED_H
#define AMPLISIM_CORRECTED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "graph.h"

#define CORRECTED_NONE UINT32_MAX

struct corrected {
    uint32_t count;          /* bitsets; 0 when no intervention needs one */
    size_t words;            /* 64-bit words of one bitset */
    uint64_t *bits;          /* [count][words] */
    uint32_t *bitset;        /* [interventions] the intervention's bitset, or CORRECTED_NONE */
    uint8_t *live;           /* [interventions] a fact-check has fired: its views set bits */
    uint32_t *acts_start;    /* [stories + 1] story s's entries in acts and acts_factor */
    uint32_t *acts;          /* bitsets whose accounts share the story less */
    double *acts_factor;     /* the factor each puts on the share probability */
    uint32_t *marks_start;   /* [stories + 1] story s's entries in marks */
    uint32_t *marks;         /* fact-checks (intervention index) whose correction it is */
};

/* Whether intervention iv keeps a bit per account: a fact-check with a
 * correction and an exposed_factor other than 1, a prebunk with a factor
 * other than 1. memory.c counts them with the same rule. */
static inline bool corrected_needs_bits(const struct intervention_config *iv)
{
    return (iv->kind == INTERVENTION_FACTCHECK && iv->correction >= 0 &&
            iv->exposed_factor != 1.0) ||
           (iv->kind == INTERVENTION_PREBUNK && iv->factor != 1.0);
}

/* Sizes the bitsets (accounts / 8 bytes each) and the per-story lists from
 * cfg. Release with corrected_destroy. */
void corrected_init(struct corrected *c, const struct config *cfg, uint32_t accounts);
void corrected_destroy(struct corrected *c);

/* Clears every bit and every fact-check's live flag. O(count x accounts / 64). */
void corrected_reset(struct corrected *c, const struct config *cfg);

/* Returns 0 if no fact-check that has not fired has a bit set. O(count x
 * accounts / 64). */
int corrected_check(const struct corrected *c, const struct config *cfg);

/* Accounts intervention i has reached so far (0 without bits). O(accounts / 64). */
uint64_t corrected_reached(const struct corrected *c, uint32_t i);

static inline uint64_t *corrected_bitset(const struct corrected *c, uint32_t bitset)
{
    return c->bits + (size_t)bitset * c->words;
}

static inline void corrected_set(struct corrected *c, uint32_t bitset, account_id v)
{
    corrected_bitset(c, bitset)[v >> 6] |= UINT64_C(1) << (v & 63);
}

static inline bool corrected_test(const struct corrected *c, uint32_t bitset, account_id v)
{
    return (corrected_bitset(c, bitset)[v >> 6] >> (v & 63)) & 1u;
}

/* Account v views story s: if s is the correction of fact-checks that have
 * fired, v has now seen it. O(fact-checks whose correction is s). */
static inline void corrected_view(struct corrected *c, account_id v, uint32_t s)
{
    for (uint32_t k = c->marks_start[s]; k < c->marks_start[s + 1]; k++) {
        uint32_t i = c->marks[k];
        if (c->live[i]) {
            corrected_set(c, c->bitset[i], v);
        }
    }
}

/* corrected(v, s): the product of the factors of the bitsets acting on s
 * that hold v; 1 when none does. O(bitsets acting on s). */
static inline double corrected_factor(const struct corrected *c, account_id v, uint32_t s)
{
    double f = 1.0;
    for (uint32_t k = c->acts_start[s]; k < c->acts_start[s + 1]; k++) {
        if (corrected_test(c, c->acts[k], v)) {
            f *= c->acts_factor[k];
        }
    }
    return f;
}

#endif
