/* The scenario as plain C structs: everything a simulation needs to know, with
 * no JSON in sight. io/scenario_read.c fills it from a file and
 * io/scenario_write.c writes it back; the model only reads it. docs/scenario.md documents every
 * field's key, unit and default; config_init sets those defaults. */
#ifndef AMPLISIM_CONFIG_H
#define AMPLISIM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"

enum role {
    ROLE_USER,
    ROLE_BLOGGER,
    ROLE_INFLUENCER,
    ROLE_MEDIA,
    ROLE_SITE,
    ROLE_BOT,
    ROLE_FACTCHECKER,
    ROLE_COUNT
};

/* Returns the scenario-file name of a role ("user", ...). */
const char *role_name(enum role role);
/* Returns the role named name, or -1 if there is none. */
int role_from_name(const char *name);

enum follower_dist_kind {
    FOLLOWERS_LOGNORMAL, /* median, sigma of log */
    FOLLOWERS_PARETO,    /* min, alpha: P(K > k) = (min / k)^alpha */
    FOLLOWERS_FIXED      /* exactly median followers */
};

struct follower_dist {
    enum follower_dist_kind kind;
    double median; /* lognormal median, or the fixed count */
    double sigma;  /* lognormal: standard deviation of log(followers) */
    double min;    /* pareto: scale (smallest count) */
    double alpha;  /* pareto: tail exponent of the survival function */
    uint32_t max;  /* hard cap; also capped at accounts - 1 */
};

struct role_config {
    uint32_t count;     /* accounts of this role; the user role takes the rest */
    double share_prob;  /* base[role]: share probability before the factors */
    double share_sigma; /* each account's share probability is share_prob times its
                           propensity exp(sigma Z - sigma^2 / 2), Z ~ N(0, 1) fixed per
                           account: mean 1, log-sd sigma; 0: every account alike */
    double activity;    /* fraction of feed exposures the account actually sees */
    struct follower_dist followers;
};

enum delay_kind {
    DELAY_EXPONENTIAL, /* half_life_h */
    DELAY_LOGNORMAL,   /* median_h, sigma */
    DELAY_UNIFORM,     /* uniform on [0, max_h]; used by tests and simple models */
    DELAY_POWERLAW     /* flat_h, exponent: flat, then a power-law tail (reaction times) */
};

/* How long after a post a follower's exposure to it happens. */
struct delay_config {
    enum delay_kind kind;
    double half_life_h; /* exponential: median delay, hours */
    double median_h;    /* lognormal: median delay, hours */
    double sigma;       /* lognormal: standard deviation of log(delay) */
    double max_h;       /* uniform: upper bound, hours */
    double flat_h;      /* powerlaw: where the flat density gives way to the tail, hours */
    double exponent;    /* powerlaw: theta, the tail's density falls as t^-(1 + theta) */
};

enum lifetime_kind {
    LIFETIME_FIXED,       /* h */
    LIFETIME_EXPONENTIAL, /* mean_h: rate 1 / mean_h */
    LIFETIME_LOGNORMAL    /* median_h, sigma */
};

/* How long one post stays in feeds: drawn per post (a fixed law draws nothing). */
struct lifetime_config {
    enum lifetime_kind kind;
    double h;        /* fixed: the lifetime, hours */
    double mean_h;   /* exponential: mean lifetime, hours */
    double median_h; /* lognormal: median lifetime, hours */
    double sigma;    /* lognormal: standard deviation of log(lifetime) */
};

/* What a story is (docs/model.md §4, "Story kinds"). The campaign's stories
 * are its fabrications and its leaks; totals are reported per kind and never
 * add a correction's views to the campaign's. */
enum story_kind { STORY_FABRICATED, STORY_GENUINE, STORY_CORRECTION, STORY_LEAK, STORY_KIND_COUNT };

/* Whether stories of this kind are the campaign's (fabricated or leaked). */
static inline bool story_kind_is_campaign(enum story_kind kind)
{
    return kind == STORY_FABRICATED || kind == STORY_LEAK;
}

const char *story_kind_name(enum story_kind kind);
int story_kind_from_name(const char *name);

/* The scenario-file names of the enums above, indexed by their values. */
extern const char *const config_follower_dist_names[3];
extern const char *const config_delay_dist_names[4];
extern const char *const config_lifetime_dist_names[3];
extern const char *const config_pick_names[3];
extern const char *const config_targeting_names[2];
extern const char *const config_policy_names[3];

#define CONFIG_NAME_MAX 64

/* The most communities: the mixing matrix, the world's cumulative mixing
 * and the per-(community, role) tables hold count² doubles, 128 MiB each at
 * 4,096; 65,535 would need 32 GiB and aborted after `validate` accepted it. */
#define CONFIG_COMMUNITIES_MAX 4096u

/* The most impressions the recommender gives in one tick (its budget, and
 * a per-story cap floor(max_views_per_h × tick_h)): a tick's impressions are
 * split by binomial draws, which take at most 2^32 - 1 trials, and a
 * story's share becomes one burst of at most 2^32 - 1 exposures
 * (docs/model.md §5). */
#define CONFIG_TICK_VIEWS_MAX 1e9

/* The recommender's daily profile: one weight per hour of the day. */
#define CONFIG_PROFILE_HOURS 24
/* The largest weight of the daily profile: relative weights, so any bound
 * serves; this one keeps their sum finite and exact enough. */
#define CONFIG_PROFILE_WEIGHT_MAX 1e6

struct story_config {
    char name[CONFIG_NAME_MAX];
    enum story_kind kind;
    int origin;            /* deprecated: the source role of the story's campaign posts
                              that link nothing, or -1: the poster's own role */
    double *appeal;        /* [communities] appeal per community, >= 0 */
    bool synthetic;        /* synthetic media: multiplied by platform synthetic_boost */
    double half_life_h;    /* attention decay half-life since first publication; 0 = none */
    double decay_exponent; /* the decay's stretching exponent mu in (0, 1]: 1 = exponential */
    double share_sigma;    /* spread of the story's shareability across replicates: each
                              replicate's is exp(sigma Z - sigma^2 / 2); 0 = the same in all */
};

/* PICK_LIST has no name in a scenario file: only the studies (batch/study.h)
 * set it, on a suspension, to suspend accounts they ranked in a baseline
 * run, so a config that uses it is never written out. */
enum pick { PICK_TOP, PICK_RANDOM, PICK_FOLLOWERS, PICK_LIST };

/* A selection's count of "all": every account that matches. A scenario's
 * count never exceeds the matching accounts (the reader refuses it, and
 * world_init for a file graph), so no explicit count is confused with it. */
#define SELECT_ALL UINT32_MAX

/* Which accounts an action uses. */
struct select_config {
    int role;       /* enum role, or -1 for any role */
    int community;  /* community index, or -1 for any community */
    uint32_t count; /* how many accounts, at most those that match, or SELECT_ALL */
    enum pick pick; /* top by followers, uniformly at random, or a list */
    bool up_to;     /* a study's selection: count, or all when fewer match (a
                       scenario's selection asking more is refused instead) */
    /* PICK_LIST (a suspension's select only): replicate r picks the accounts
     * list[list_start[r] .. list_start[r + 1]), at most count of them; a
     * replicate r >= list_replicates picks nobody. Owned by the config. */
    uint32_t *list;
    uint32_t *list_start; /* [list_replicates + 1] */
    uint32_t list_replicates;
};

/* A campaign action: the selected accounts publish a story at at_h plus a
 * uniform jitter in [0, jitter_h), each independently. */
struct action_config {
    double at_h;
    uint32_t story; /* index into config.stories */
    struct select_config select;
    double jitter_h;
    int link; /* enum role of the source whose content the posts link, or -1:
                 the poster's own content (or the story's origin) */
};

enum targeting { TARGET_UNIFORM, TARGET_APPEAL };

/* How the recommender ranks stories against each other and the background
 * (docs/model.md §5). */
enum policy {
    POLICY_CHRONOLOGICAL, /* followees' posts only: no recommended impressions */
    POLICY_ENGAGEMENT,    /* score: decayed engagement x appeal x demotion */
    POLICY_CREDIBILITY    /* the same, engagement with low-credibility sources down-weighted */
};

enum intervention_kind {
    INTERVENTION_FACTCHECK, /* a correction story published, plus a label on the target */
    INTERVENTION_TAKEDOWN,  /* the target story gets no further views */
    INTERVENTION_SUSPEND,   /* the selected accounts' pending and later posts stop */
    INTERVENTION_DEMOTE,    /* the target's visibility and recommender rate x factor */
    INTERVENTION_PREBUNK    /* the selected audience shares fabricated stories x factor */
};

const char *intervention_kind_name(enum intervention_kind kind);
int intervention_kind_from_name(const char *name);

enum trigger_kind {
    TRIGGER_AT,        /* at at_h */
    TRIGGER_VIEWS,     /* when trigger_story reaches threshold views */
    TRIGGER_SHARE_RATE /* when trigger_story's shares over the last window_h reach
                          threshold per hour */
};

/* An intervention fires once: at its time, or delay_h after its trigger. */
struct intervention_config {
    enum intervention_kind kind;
    enum trigger_kind trigger;
    double at_h;            /* TRIGGER_AT */
    uint32_t trigger_story; /* TRIGGER_VIEWS, TRIGGER_SHARE_RATE */
    double threshold;       /* views, or shares per hour */
    double window_h;        /* TRIGGER_SHARE_RATE: the window the rate is measured over */
    double delay_h;         /* from the trigger to the intervention */
    uint32_t story;         /* factcheck, takedown, demote: the target story */
    int correction;         /* factcheck: the correction story's index, or -1 for a label only */
    struct select_config select; /* factcheck: who publishes the correction; suspend: who;
                                    prebunk: the audience */
    double fraction;             /* prebunk: the share of the matching accounts selected,
                                    instead of select.count; 0 when not given */
    double label_factor;         /* factcheck: multiplies the target's share probability */
    double exposed_factor;       /* factcheck: multiplies it for accounts that viewed the
                                    correction */
    double factor;               /* demote: multiplies visibility and recommender rate;
                                    prebunk: the audience's share probability of fabricated
                                    stories */
};

/* The platform's attention market (docs/model.md §5): a budget of
 * recommended impressions an hour, accounts x active_fraction x
 * items_per_user_day / 24, split every tick among the stories and a
 * background of other content in proportion to their scores. */
struct recommender_config {
    bool enabled;
    enum policy policy;            /* the ranking */
    double tick_h;                 /* how often the recommender hands out its budget */
    double active_fraction;        /* daily active users / accounts */
    double items_per_user_day;     /* recommended items an active user sees a day */
    double background_engagement;  /* other content's posts and shares per active user a day */
    double half_life_h;            /* half-life of the engagement a score counts */
    double low_credibility_factor; /* credibility: weight of engagement with a site or bot
                                      source */
    double max_views_per_h;        /* optional platform cap on one story's impressions an hour;
                                      0: none */
    enum targeting targeting;      /* uniform accounts, or weighted by appeal x community size */
    double daily_profile[CONFIG_PROFILE_HOURS]; /* the budget's relative weight in each hour
                                                   of the day (hour 0 starts at t = 0), as
                                                   given; the model normalises it to mean 1.
                                                   All 1 (flat) by default */
};

enum graph_source {
    GRAPH_GENERATED, /* drawn from the role distributions and stored as CSR */
    GRAPH_IMPLICIT,  /* derived on demand from a hash; nothing stored per edge */
    GRAPH_FILE       /* read from an edge list */
};

const char *graph_source_name(enum graph_source source);
int graph_source_from_name(const char *name);

/* Where the follower graph comes from. */
struct graph_config {
    enum graph_source source;
    char *path;       /* file: the edge list ("A B" per line: B sees A's posts) */
    char *attributes; /* file: optional "id role [community]" lines; NULL if none */
    bool undirected;  /* file: every line also adds "B A" */
    bool reverse;     /* file: "A B" means A sees B's posts (a following list) */
};

struct config {
    char name[CONFIG_NAME_MAX];
    char *note; /* free text carried through to scenario.json; may be NULL */
    uint64_t seed;
    uint32_t replicates;
    double duration_h;

    /* population */
    uint32_t accounts;
    uint32_t communities;
    double *community_weights; /* [communities] relative sizes, > 0 */
    double homophily;          /* fraction of followers drawn from one's own community */
    double *mixing;            /* [communities * communities] row c: where followers of an
                                  account in c come from; NULL = derived from homophily */
    struct role_config roles[ROLE_COUNT];
    struct graph_config graph;

    /* platform */
    double visibility;               /* chance a follower's feed shows a given post */
    struct lifetime_config lifetime; /* how long a post stays in feeds */
    struct delay_config delay;
    double synthetic_boost; /* share factor for synthetic-media stories */
    double reinforcement;   /* share factor per previous exposure: r^(n-1) */
    double *trust;          /* [ROLE_COUNT * communities] trust[source role][community] */
    double click_through;   /* chance a view of a post linking a site also visits it */

    struct recommender_config recommender;

    size_t story_count;
    struct story_config *stories;
    size_t action_count;
    struct action_config *actions;
    size_t intervention_count;
    struct intervention_config *interventions;

    /* output */
    double bin_h;                    /* time-series bin width, hours */
    double community_reach_fraction; /* a community counts as reached above this */
};

/* The recommender's budget, in impressions an hour: its mean over the day
 * when a daily profile is given. */
double config_recommender_budget_h(const struct config *cfg);

/* The daily profile's largest weight over its mean (1 when flat): the
 * busiest hour's budget is budget_h times this. O(24). */
double config_recommender_profile_peak(const struct config *cfg);

/* The background's score: the decayed engagement of all other content, at
 * a steady rate of background_engagement per active user a day. */
double config_recommender_background(const struct config *cfg);

/* Sets every field to its documented default for a scenario with the given
 * number of communities (>= 1), with no stories and no actions. The config
 * owns its arrays; release them with config_destroy. */
void config_init(struct config *cfg, uint32_t communities);

/* Releases the arrays a config owns. Accepts a zeroed config. */
void config_destroy(struct config *cfg);

/* Appends a story with default fields (appeal 1 everywhere) and returns it. */
struct story_config *config_add_story(struct config *cfg, const char *name);

/* Appends an action with default fields and returns it. */
struct action_config *config_add_action(struct config *cfg);

/* Appends an intervention with default fields (a takedown of story 0 at 0 h,
 * factors 1, no correction, select any role, count 1, top) and returns it. */
struct intervention_config *config_add_intervention(struct config *cfg);

/* Returns the index of the story named name, or -1. */
int config_find_story(const struct config *cfg, const char *name);

/* Checks the invariants the model relies on (the ranges of the parameter
 * table, sizes, indices). Returns STATUS_OK when the config is usable, else
 * STATUS_BAD_INPUT with a description of the first violation in err (which
 * may be NULL). io/ reports user-facing errors with JSON paths before this;
 * this is the model's own guard. */
int config_check(const struct config *cfg, struct error *err);

/* The rule of scenario and sweep names, which become directory names:
 * letters, digits, '_', '.' and '-', 1 to CONFIG_NAME_MAX - 1 of them, not
 * "." or "..". */
bool config_name_valid(const char *name);

/* A name from a file path: its base name without ".json", with characters
 * the rule refuses replaced by '_'; `fallback` when nothing valid is left. */
void config_name_from_path(const char *path, const char *fallback, char name[CONFIG_NAME_MAX]);

/* Editing a scenario in C: the studies (batch/study.h) run variants of a
 * scenario by copying it and changing the copy, never by rewriting its JSON. */

/* Makes dst a deep copy of src (every array it owns copied, none shared).
 * Release dst with config_destroy. O(size of src). */
void config_copy(struct config *dst, const struct config *src);

#endif
