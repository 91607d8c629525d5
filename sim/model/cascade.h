/* The cascade forest of a replicate: one node per post (a campaign post, a
 * reshare, a correction), each pointing to the post whose view led to it and
 * counting the views it drew, and what is measured on it at the end: the
 * tree metrics (depth, structural virality) and, when asked, the accounts
 * whose posts drew the most views (attribution, for resilience studies).
 * Invariant: a node's parent precedes it (parents are published first), so
 * one pass in either direction visits every tree in order. */
#ifndef AMPLISIM_CASCADE_H
#define AMPLISIM_CASCADE_H

#include <stddef.h>
#include <stdint.h>

#include "../base/alloc.h"
#include "observe.h"

#define NO_NODE UINT32_MAX

/* A node of the cascade forest: one post (a campaign post or a reshare). */
struct cascade_node {
    uint32_t parent;  /* the post whose view led to this one, or NO_NODE */
    uint32_t account; /* who posted it */
    uint16_t story;
    uint16_t depth;    /* reshare distance from the tree's root */
    uint8_t cancelled; /* its poster was suspended: no further exposures */
    int8_t source;     /* the role of the source it links, or -1: its poster's own
                          (in the padding: a node stays 16 bytes) */
};

/* An account and the views its posts drew: attribution's scratch. */
struct cascade_credit {
    uint32_t account;
    uint64_t views;
};

struct cascade {
    struct cascade_node *nodes;
    size_t count;
    size_t capacity;
    /* [capacity + 1] views drawn by node i at views[i + 1]. Slot 0 takes the
     * views of no post (recommended ones, node NO_NODE): NO_NODE + 1 wraps to
     * 0 in 32 bits, so the view handler counts without a branch. */
    uint32_t *views;
    double *time_h;                /* [capacity] when node i was posted (for the export) */
    struct cascade_credit *credit; /* scratch for cascade_attribute */
    size_t credit_capacity;
    uint32_t *tree_size; /* scratch for structural virality, per node */
    uint32_t *tree_root;
    double *tree_wiener;
    size_t tree_capacity;
};

/* Sizes the forest for `capacity` posts (it grows by doubling); release
 * with cascade_destroy. */
void cascade_init(struct cascade *c, size_t capacity);
void cascade_destroy(struct cascade *c);

/* Adds a post of story by account under parent (or NO_NODE) at t_h,
 * linking a source of role source (-1: the poster's own), and returns its
 * node. Amortised O(1). */
static inline uint32_t cascade_add(struct cascade *c, uint32_t parent, uint32_t account,
                                   uint32_t story, double t_h, int source)
{
    if (c->count == c->capacity) {
        size_t old = c->capacity;
        c->capacity *= 2;
        c->nodes = xrealloc_huge(c->nodes, old * sizeof *c->nodes, c->capacity * sizeof *c->nodes);
        c->views = xrealloc_huge(c->views, (old + 1) * sizeof *c->views,
                                 (c->capacity + 1) * sizeof *c->views);
        c->time_h =
            xrealloc_huge(c->time_h, old * sizeof *c->time_h, c->capacity * sizeof *c->time_h);
    }
    uint32_t node = (uint32_t)c->count++;
    uint16_t depth = 0;
    if (parent != NO_NODE) {
        uint16_t pd = c->nodes[parent].depth;
        depth = pd < UINT16_MAX ? (uint16_t)(pd + 1) : pd;
    }
    c->nodes[node] = (struct cascade_node){.parent = parent,
                                           .account = account,
                                           .story = (uint16_t)story,
                                           .depth = depth,
                                           .cancelled = 0,
                                           .source = (int8_t)source};
    c->views[node + 1] = 0;
    c->time_h[node] = t_h;
    return node;
}

/* One view of post `node` (NO_NODE: of no post). A post draws fewer views
 * than its poster has followers, so 32 bits hold them. O(1), no branch. */
static inline void cascade_count_view(struct cascade *c, uint32_t node)
{
    c->views[(uint32_t)(node + 1u)]++;
}

/* Writes each story's largest tree and its structural virality into obs.
 * O(nodes). */
void cascade_measure_trees(struct cascade *c, struct observation *obs);

/* Attribution: the views each account's posts drew (its campaign posts and
 * reshares; recommended views belong to no post, corrections' posts are not
 * the campaign's), summed per account, and the obs->attribution_capacity
 * accounts with the most, most first (ties by account id), into obs's
 * attribution arrays. Does nothing when the capacity is 0. Allocates only
 * past the high-water mark. O(nodes log nodes). */
void cascade_attribute(struct cascade *c, const struct config *cfg, struct observation *obs);

/* Returns 0 when every parent precedes its child. O(nodes). */
int cascade_check(const struct cascade *c);

#endif
