/* Storage and indexing of one replicate's observations. */
#include "observe.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "../base/alloc.h"

static const char *const channel_names[CHANNEL_COUNT] = {"followers", "site", "recommender"};
static const char *const measure_names[MEASURE_COUNT] = {"views", "reach", "shares"};
static const char *const dimension_names[] = {"total", "channel", "role", "community"};

const char *channel_name(enum channel ch)
{
    return channel_names[ch];
}

const char *measure_name(enum measure m)
{
    return measure_names[m];
}

const char *dimension_name(enum dimension dim)
{
    return dimension_names[dim];
}

void observation_init(struct observation *obs, const struct config *cfg)
{
    memset(obs, 0, sizeof *obs);
    obs->stories = (uint32_t)cfg->story_count;
    obs->bins = (uint32_t)ceil(cfg->duration_h / cfg->bin_h - 1e-9);
    if (obs->bins == 0) {
        obs->bins = 1;
    }
    obs->keys = observation_keys(cfg->communities);
    size_t cells = (size_t)obs->stories * obs->bins * obs->keys * MEASURE_COUNT;
    obs->counts = xcalloc(cells, sizeof *obs->counts);
    obs->time_to_views = xmalloc((size_t)obs->stories * OBSERVE_DECADES * sizeof(double));
    obs->max_depth = xcalloc(obs->stories, sizeof *obs->max_depth);
    obs->virality = xcalloc(obs->stories, sizeof *obs->virality);
    obs->largest_tree = xcalloc(obs->stories, sizeof *obs->largest_tree);
    obs->tree_t50 = xcalloc(obs->stories, sizeof *obs->tree_t50);
    obs->tree_t90 = xcalloc(obs->stories, sizeof *obs->tree_t90);
    obs->tree_root = xcalloc(obs->stories, sizeof *obs->tree_root);
    obs->tree_seen = xcalloc(obs->stories, sizeof *obs->tree_seen);
    obs->posts = xcalloc(obs->stories, sizeof *obs->posts);
    obs->interventions = (uint32_t)cfg->intervention_count;
    obs->intervention_time = xcalloc(obs->interventions + 1, sizeof *obs->intervention_time);
    observation_clear(obs);
}

void observation_destroy(struct observation *obs)
{
    if (!obs) {
        return;
    }
    free(obs->counts);
    free(obs->time_to_views);
    free(obs->max_depth);
    free(obs->virality);
    free(obs->largest_tree);
    free(obs->tree_t50);
    free(obs->tree_t90);
    free(obs->tree_root);
    free(obs->tree_seen);
    free(obs->posts);
    free(obs->intervention_time);
    free(obs->attribution_accounts);
    free(obs->attribution_views);
    memset(obs, 0, sizeof *obs);
}

void observation_want_attribution(struct observation *obs, uint32_t capacity)
{
    obs->attribution_capacity = capacity;
    obs->attribution_count = 0;
    obs->attribution_accounts =
        xrealloc(obs->attribution_accounts, (capacity ? capacity : 1) * sizeof(uint32_t));
    obs->attribution_views =
        xrealloc(obs->attribution_views, (capacity ? capacity : 1) * sizeof(uint64_t));
}

void observation_clear(struct observation *obs)
{
    size_t cells = (size_t)obs->stories * obs->bins * obs->keys * MEASURE_COUNT;
    memset(obs->counts, 0, cells * sizeof *obs->counts);
    for (size_t i = 0; i < (size_t)obs->stories * OBSERVE_DECADES; i++) {
        obs->time_to_views[i] = INFINITY;
    }
    memset(obs->max_depth, 0, obs->stories * sizeof *obs->max_depth);
    memset(obs->virality, 0, obs->stories * sizeof *obs->virality);
    memset(obs->largest_tree, 0, obs->stories * sizeof *obs->largest_tree);
    memset(obs->tree_t50, 0, obs->stories * sizeof *obs->tree_t50);
    memset(obs->tree_t90, 0, obs->stories * sizeof *obs->tree_t90);
    memset(obs->posts, 0, obs->stories * sizeof *obs->posts);
    for (uint32_t i = 0; i < obs->interventions; i++) {
        obs->intervention_time[i] = INFINITY;
    }
    obs->reach_any = 0;
    memset(obs->reach_kind, 0, sizeof obs->reach_kind);
    obs->reach_campaign = 0;
    obs->events = 0;
    obs->attribution_count = 0;
}

enum dimension observation_key_dimension(uint32_t key, uint32_t *index)
{
    if (key == KEY_TOTAL) {
        *index = 0;
        return DIMENSION_TOTAL;
    }
    if (key < KEY_ROLE(0)) {
        *index = key - KEY_CHANNEL(0);
        return DIMENSION_CHANNEL;
    }
    if (key < KEY_COMMUNITY(0)) {
        *index = key - KEY_ROLE(0);
        return DIMENSION_ROLE;
    }
    *index = key - KEY_COMMUNITY(0);
    return DIMENSION_COMMUNITY;
}

uint64_t observation_total(const struct observation *obs, uint32_t story, uint32_t key,
                           enum measure m)
{
    uint64_t sum = 0;
    for (uint32_t b = 0; b < obs->bins; b++) {
        sum += observation_cell(obs, story, b, key)[m];
    }
    return sum;
}
