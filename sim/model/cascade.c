/* The cascade forest's storage, its tree metrics (structural virality,
 * Goel et al. 2016, of each story's largest tree, measured once per
 * replicate from the parent links alone) and the attribution of views to
 * the accounts that posted. */
#include "cascade.h"

#include <stdlib.h>
#include <string.h>

void cascade_init(struct cascade *c, size_t capacity)
{
    memset(c, 0, sizeof *c);
    c->capacity = capacity;
    c->nodes = xmalloc_huge(capacity * sizeof *c->nodes);
    c->views = xcalloc_huge(capacity + 1, sizeof *c->views);
    c->time_h = xmalloc_huge(capacity * sizeof *c->time_h);
}

void cascade_destroy(struct cascade *c)
{
    if (!c) {
        return;
    }
    free(c->nodes);
    free(c->views);
    free(c->time_h);
    free(c->credit);
    free(c->tree_size);
    free(c->tree_root);
    free(c->tree_wiener);
    memset(c, 0, sizeof *c);
}

/* Structural virality: the mean distance between all pairs of posts in a
 * cascade tree, 2W / (n (n - 1)) with W the Wiener index, sum over edges of
 * size(subtree) x (n - size(subtree)). Reported for each story's largest
 * tree. */
void cascade_measure_trees(struct cascade *c, struct observation *obs)
{
    size_t n = c->count;
    if (n > c->tree_capacity) {
        c->tree_capacity = c->capacity;
        c->tree_size = xrealloc(c->tree_size, c->tree_capacity * sizeof *c->tree_size);
        c->tree_root = xrealloc(c->tree_root, c->tree_capacity * sizeof *c->tree_root);
        c->tree_wiener = xrealloc(c->tree_wiener, c->tree_capacity * sizeof *c->tree_wiener);
    }
    for (size_t i = 0; i < n; i++) {
        c->tree_size[i] = 1;
    }
    /* Parents precede children, so one backward pass sums subtree sizes and
     * one forward pass finds roots and sums each tree's Wiener index into its
     * root (zeroed when the root is met, before any of its descendants). */
    for (size_t i = n; i-- > 0;) {
        uint32_t p = c->nodes[i].parent;
        if (p != NO_NODE) {
            c->tree_size[p] += c->tree_size[i];
        }
    }
    for (size_t i = 0; i < n; i++) {
        uint32_t p = c->nodes[i].parent;
        if (p == NO_NODE) {
            c->tree_root[i] = (uint32_t)i;
            c->tree_wiener[i] = 0.0;
            continue;
        }
        uint32_t root = c->tree_root[p];
        c->tree_root[i] = root;
        double all = c->tree_size[root], sub = c->tree_size[i];
        c->tree_wiener[root] += sub * (all - sub);
    }
    for (uint32_t s = 0; s < obs->stories; s++) {
        obs->tree_root[s] = NO_NODE;
        obs->tree_seen[s] = 0;
    }
    for (size_t i = 0; i < n; i++) {
        if (c->tree_root[i] != i) {
            continue;
        }
        uint32_t s = c->nodes[i].story, size = c->tree_size[i];
        if (size > obs->largest_tree[s]) {
            obs->largest_tree[s] = size;
            obs->tree_root[s] = (uint32_t)i;
            obs->virality[s] =
                size > 1 ? 2.0 * c->tree_wiener[i] / ((double)size * (size - 1.0)) : 0.0;
        }
    }
    /* Times to half and to 90 % of each largest tree's final size: nodes are
     * added as posts are published, in time order, so the k-th node of a
     * tree is its k-th post. */
    for (size_t i = 0; i < n; i++) {
        uint32_t s = c->nodes[i].story, root = obs->tree_root[s];
        if (root == NO_NODE || c->tree_root[i] != root) {
            continue;
        }
        uint32_t k = ++obs->tree_seen[s], size = obs->largest_tree[s];
        double since = c->time_h[i] - c->time_h[root];
        if (2 * (uint64_t)k >= size && 2 * (uint64_t)(k - 1) < size) {
            obs->tree_t50[s] = since;
        }
        if (10 * (uint64_t)k >= 9 * (uint64_t)size && 10 * (uint64_t)(k - 1) < 9 * (uint64_t)size) {
            obs->tree_t90[s] = since;
        }
    }
}

static int by_account(const void *x, const void *y)
{
    uint32_t a = ((const struct cascade_credit *)x)->account;
    uint32_t b = ((const struct cascade_credit *)y)->account;
    return (a > b) - (a < b);
}

/* Most views first; equal views by account id, so the ranking is the same
 * whatever qsort does with equal keys. */
static int by_views_desc(const void *x, const void *y)
{
    const struct cascade_credit *a = x, *b = y;
    if (a->views != b->views) {
        return a->views < b->views ? 1 : -1;
    }
    return (a->account > b->account) - (a->account < b->account);
}

void cascade_attribute(struct cascade *c, const struct config *cfg, struct observation *obs)
{
    obs->attribution_count = 0;
    if (obs->attribution_capacity == 0) {
        return;
    }
    if (c->count > c->credit_capacity) {
        c->credit_capacity = c->capacity;
        c->credit = xrealloc(c->credit, c->credit_capacity * sizeof *c->credit);
    }
    size_t n = 0;
    for (size_t i = 0; i < c->count; i++) {
        const struct cascade_node *node = &c->nodes[i];
        if (story_kind_is_campaign(cfg->stories[node->story].kind)) {
            c->credit[n++] = (struct cascade_credit){node->account, c->views[i + 1]};
        }
    }
    /* An account posts several stories, so its posts are summed first. */
    qsort(c->credit, n, sizeof *c->credit, by_account);
    size_t accounts = 0;
    for (size_t i = 0; i < n; i++) {
        if (accounts > 0 && c->credit[accounts - 1].account == c->credit[i].account) {
            c->credit[accounts - 1].views += c->credit[i].views;
        } else {
            c->credit[accounts++] = c->credit[i];
        }
    }
    qsort(c->credit, accounts, sizeof *c->credit, by_views_desc);
    size_t keep = accounts < obs->attribution_capacity ? accounts : obs->attribution_capacity;
    for (size_t i = 0; i < keep; i++) {
        obs->attribution_accounts[i] = c->credit[i].account;
        obs->attribution_views[i] = c->credit[i].views;
    }
    obs->attribution_count = (uint32_t)keep;
}

int cascade_check(const struct cascade *c)
{
    if (c->count > c->capacity) {
        return -1;
    }
    for (size_t i = 0; i < c->count; i++) {
        uint32_t p = c->nodes[i].parent;
        if (p != NO_NODE && p >= i) {
            return -1;
        }
    }
    return 0;
}
