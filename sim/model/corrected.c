/* The bitsets of the interventions that act on the people they reach, and
 * the per-story lists the view handler walks: which bitsets act on a story,
 * and which fact-checks a view of a correction marks (corrected.h). */
#include "corrected.h"

#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

/* Whether bitset holder iv acts on story s. */
static bool acts_on(const struct config *cfg, const struct intervention_config *iv, uint32_t s)
{
    if (iv->kind == INTERVENTION_FACTCHECK) {
        return iv->story == s;
    }
    return cfg->stories[s].kind == STORY_FABRICATED;
}

void corrected_init(struct corrected *c, const struct config *cfg, uint32_t accounts)
{
    size_t ivs = cfg->intervention_count, stories = cfg->story_count;
    memset(c, 0, sizeof *c);
    c->words = ((size_t)accounts + 63) / 64;
    c->bitset = xmalloc((ivs + 1) * sizeof *c->bitset);
    c->live = xcalloc(ivs + 1, 1);
    for (size_t i = 0; i < ivs; i++) {
        c->bitset[i] = corrected_needs_bits(&cfg->interventions[i]) ? c->count++ : CORRECTED_NONE;
    }
    c->bits = c->count ? xmalloc_huge(c->count * c->words * sizeof *c->bits) : NULL;
    /* Two passes over (story, intervention): count, then fill. */
    c->acts_start = xcalloc(stories + 1, sizeof *c->acts_start);
    c->marks_start = xcalloc(stories + 1, sizeof *c->marks_start);
    size_t acts = 0, marks = 0;
    for (uint32_t s = 0; s < stories; s++) {
        for (size_t i = 0; i < ivs; i++) {
            const struct intervention_config *iv = &cfg->interventions[i];
            if (c->bitset[i] == CORRECTED_NONE) {
                continue;
            }
            acts += acts_on(cfg, iv, s);
            marks += iv->kind == INTERVENTION_FACTCHECK && iv->correction == (int)s;
        }
        c->acts_start[s + 1] = (uint32_t)acts;
        c->marks_start[s + 1] = (uint32_t)marks;
    }
    c->acts = xmalloc((acts + 1) * sizeof *c->acts);
    c->acts_factor = xmalloc((acts + 1) * sizeof *c->acts_factor);
    c->marks = xmalloc((marks + 1) * sizeof *c->marks);
    acts = marks = 0;
    for (uint32_t s = 0; s < stories; s++) {
        for (size_t i = 0; i < ivs; i++) {
            const struct intervention_config *iv = &cfg->interventions[i];
            if (c->bitset[i] == CORRECTED_NONE) {
                continue;
            }
            if (acts_on(cfg, iv, s)) {
                c->acts[acts] = c->bitset[i];
                c->acts_factor[acts++] =
                    iv->kind == INTERVENTION_FACTCHECK ? iv->exposed_factor : iv->factor;
            }
            if (iv->kind == INTERVENTION_FACTCHECK && iv->correction == (int)s) {
                c->marks[marks++] = (uint32_t)i;
            }
        }
    }
}

void corrected_destroy(struct corrected *c)
{
    free(c->bits);
    free(c->bitset);
    free(c->live);
    free(c->acts_start);
    free(c->acts);
    free(c->acts_factor);
    free(c->marks_start);
    free(c->marks);
    memset(c, 0, sizeof *c);
}

void corrected_reset(struct corrected *c, const struct config *cfg)
{
    if (c->count) {
        memset(c->bits, 0, c->count * c->words * sizeof *c->bits);
    }
    memset(c->live, 0, cfg->intervention_count);
}

int corrected_check(const struct corrected *c, const struct config *cfg)
{
    for (size_t i = 0; i < cfg->intervention_count; i++) {
        if (c->bitset[i] == CORRECTED_NONE || c->live[i] ||
            cfg->interventions[i].kind != INTERVENTION_FACTCHECK) {
            continue;
        }
        const uint64_t *bits = corrected_bitset(c, c->bitset[i]);
        for (size_t w = 0; w < c->words; w++) {
            if (bits[w]) {
                return -1;
            }
        }
    }
    return 0;
}

uint64_t corrected_reached(const struct corrected *c, uint32_t i)
{
    if (c->bitset[i] == CORRECTED_NONE) {
        return 0;
    }
    const uint64_t *bits = corrected_bitset(c, c->bitset[i]);
    uint64_t n = 0;
    for (size_t w = 0; w < c->words; w++) {
        n += (uint64_t)__builtin_popcountll(bits[w]);
    }
    return n;
}
