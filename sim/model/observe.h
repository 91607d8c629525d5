/* What one replicate observed: counts per story, time bin and breakdown key,
 * and per-story figures that need event-level precision (time to 10^k views,
 * cascade depth, structural virality). Filled by simulate(); read by the
 * summary and the writers. */
#ifndef AMPLISIM_OBSERVE_H
#define AMPLISIM_OBSERVE_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"

enum channel { CHANNEL_FOLLOWERS, CHANNEL_SITE, CHANNEL_RECOMMENDER, CHANNEL_COUNT };

const char *channel_name(enum channel ch);

/* The poster "role" of a recommended view: the platform itself. */
#define POSTER_PLATFORM ROLE_COUNT

enum measure { MEASURE_VIEWS, MEASURE_REACH, MEASURE_SHARES, MEASURE_COUNT };

const char *measure_name(enum measure m);

/* Breakdown keys, in this order: the total; each channel; each poster role
 * (views and reach by the role of the account whose post was seen, shares by
 * the sharer's role) and the platform; each community (of the viewer, or the
 * sharer). */
enum dimension { DIMENSION_TOTAL, DIMENSION_CHANNEL, DIMENSION_ROLE, DIMENSION_COMMUNITY };

#define KEY_TOTAL 0u
#define KEY_CHANNEL(ch) (1u + (uint32_t)(ch))
#define KEY_ROLE(r) (1u + CHANNEL_COUNT + (uint32_t)(r))
#define KEY_COMMUNITY(c) (1u + CHANNEL_COUNT + ROLE_COUNT + 1u + (uint32_t)(c))

/* Time to 10^1, 10^2, ..., 10^9 views. */
#define OBSERVE_DECADES 9

struct observation {
    uint32_t stories;
    uint32_t bins;
    uint32_t keys;            /* KEY_COMMUNITY(communities) */
    uint64_t *counts;         /* [stories][bins][keys][MEASURE_COUNT] */
    double *time_to_views;    /* [stories][OBSERVE_DECADES] hours; INFINITY if never */
    uint32_t *max_depth;      /* [stories] deepest reshare chain (a seed post is depth 0) */
    double *virality;         /* [stories] structural virality of the largest cascade tree */
    uint32_t *largest_tree;   /* [stories] size (posts) of that tree */
    double *tree_t50;         /* [stories] hours from that tree's root post to the post that
                                 brings it to half its final size (posts, in order of
                                 publication): 0 for a lone post */
    double *tree_t90;         /* [stories] the same to 90 % of its final size */
    uint32_t *tree_root;      /* [stories] scratch: the node of that tree's root */
    uint32_t *tree_seen;      /* [stories] scratch: its posts counted so far */
    uint64_t *posts;          /* [stories] campaign posts (not counted as shares) */
    uint32_t interventions;
    double *intervention_time; /* [interventions] hours when each fired; INFINITY if never */
    uint64_t reach_any;       /* accounts that saw at least one story */
    uint64_t reach_kind[STORY_KIND_COUNT]; /* accounts that saw a story of each kind */
    uint64_t reach_campaign;  /* accounts that saw a fabricated or leaked story */
    uint64_t events;          /* events processed */
    /* Attribution (cascade_attribute), only when asked for with
     * observation_want_attribution: the posting accounts whose posts drew the
     * most views, most first. */
    uint32_t attribution_capacity; /* how many to rank; 0: none */
    uint32_t attribution_count;    /* ranked (fewer if fewer accounts posted) */
    uint32_t *attribution_accounts; /* [attribution_capacity] account ids */
    uint64_t *attribution_views;    /* [attribution_capacity] the views they drew */
};

/* Sizes the counters for cfg; release with observation_destroy. */
void observation_init(struct observation *obs, const struct config *cfg);
void observation_destroy(struct observation *obs);
/* Asks the replicate to rank the `capacity` posting accounts whose posts
 * drew the most views (observation.attribution_*). Released with obs. */
void observation_want_attribution(struct observation *obs, uint32_t capacity);
/* Zeroes every count, keeping the storage. */
void observation_clear(struct observation *obs);

static inline uint32_t observation_keys(uint32_t communities)
{
    return KEY_COMMUNITY(communities);
}

static inline uint64_t *observation_cell(const struct observation *obs, uint32_t story,
                                         uint32_t bin, uint32_t key)
{
    return obs->counts +
           (((size_t)story * obs->bins + bin) * obs->keys + key) * MEASURE_COUNT;
}

/* Returns the dimension of key and stores the key's index within it. */
enum dimension observation_key_dimension(uint32_t key, uint32_t *index);

/* The name of a key's dimension and of the key itself ("channel", "site").
 * Community keys are named by number; the caller formats them. */
const char *dimension_name(enum dimension dim);

/* Total of a measure over all bins for one story and key. */
uint64_t observation_total(const struct observation *obs, uint32_t story, uint32_t key,
                           enum measure m);

#endif
