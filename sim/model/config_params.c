/* The parameter table (see config_params.h): every scenario key once, and
 * the few functions that apply it to a struct. Over 450 lines of it are the
 * declarations themselves; each line of a table is one key. */
#include "config_params.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define COUNT_OF(array) (sizeof(array) / sizeof((array)[0]))

/* Enums are stored and read back as int. */
_Static_assert(sizeof(enum delay_kind) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum lifetime_kind) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum follower_dist_kind) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum targeting) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum policy) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum pick) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum story_kind) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum graph_source) == sizeof(int), "enums are int-sized");
_Static_assert(sizeof(enum intervention_kind) == sizeof(int), "enums are int-sized");

/* Ranges. */
#define ANY_NUMBER                                                                                 \
    {                                                                                              \
        -INFINITY, INFINITY, true, true                                                            \
    }
#define UNIT                                                                                       \
    {                                                                                              \
        0.0, 1.0, false, false                                                                     \
    }
#define POSITIVE                                                                                   \
    {                                                                                              \
        0.0, INFINITY, true, true                                                                  \
    }
#define NON_NEGATIVE                                                                               \
    {                                                                                              \
        0.0, INFINITY, false, true                                                                 \
    }
#define BEFORE_END                                                                                 \
    {                                                                                              \
        0.0, INFINITY, false, true                                                                 \
    } /* and < duration_h, which io/ checks */
#define UP_TO(hi)                                                                                  \
    {                                                                                              \
        0.0, (hi), true, false                                                                     \
    }
#define BETWEEN(lo, hi)                                                                            \
    {                                                                                              \
        (lo), (hi), false, false                                                                   \
    }
#define UP_TO_DURATION                                                                             \
    {                                                                                              \
        0.0, DURATION_MAX_H, false, false                                                          \
    } /* and within duration_h, which io/ checks */
#define INTEGERS(lo, hi)                                                                           \
    {                                                                                              \
        (double)(lo), (double)(hi), false, false                                                   \
    }

/* 2^53 − 1: every integer up to it is a distinct JSON (double) number, so a
 * larger seed, which would silently round to a neighbour (2^53 + 1 reads as
 * 2^53), is refused instead. */
#define SEED_MAX 9007199254740991.0
#define REPLICATES_MAX 100000
/* Ten years: the event loop counts its 1/64 h slices (WORLD_SLICE_H) in 32
 * bits, which would wrap past 2^26 h; ten years of slices (5.6M) and of
 * hourly bins are sizes a run can hold. */
#define DURATION_MAX_H 87600.0
/* One slice of the event loop (WORLD_SLICE_H, 1/64 h): events within a
 * slice are taken together, so a shorter tick could not advance the clock. */
#define TICK_MIN_H (1.0 / 64.0)

/* One entry of each type; S is the table's struct, V the variant bits. The
 * doc argument is a string, or DOC(string, .field = ...) to add the docs'
 * and the schema's fields (required, allowed, default_text, schema). */
#define DOC(text, ...) text, __VA_ARGS__
#define NUMBER(key_, S, field_, range_, def_, V, unit_, doc_)                                      \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_NUMBER, .offset = offsetof(S, field_), .range = range_,  \
        .fallback = def_, .variants = V, .unit = unit_, .doc = doc_                                \
    }
#define COUNT(key_, S, field_, lo, hi, def_, V, unit_, doc_)                                       \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_COUNT, .offset = offsetof(S, field_),                    \
        .range = INTEGERS(lo, hi), .fallback = def_, .variants = V, .unit = unit_, .doc = doc_     \
    }
#define SEED(key_, S, field_, lo, hi, def_, doc_)                                                  \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_SEED, .offset = offsetof(S, field_),                     \
        .range = INTEGERS(lo, hi), .fallback = def_, .unit = "", .doc = doc_                       \
    }
#define BOOL(key_, S, field_, def_, V, doc_)                                                       \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_BOOL, .offset = offsetof(S, field_),                     \
        .range = ANY_NUMBER, .fallback = def_, .variants = V, .unit = "", .doc = doc_              \
    }
#define CHOICE(key_, S, field_, names, def_, V, doc_)                                              \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_CHOICE, .offset = offsetof(S, field_),                   \
        .range = ANY_NUMBER, .fallback = def_, .choices = names, .choice_count = COUNT_OF(names),  \
        .variants = V, .unit = "", .doc = doc_                                                     \
    }
#define ROLE(key_, S, field_, none_, V, doc_)                                                      \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_ROLE, .offset = offsetof(S, field_),                     \
        .range = ANY_NUMBER, .fallback = -1, .none = none_, .variants = V, .unit = "", .doc = doc_ \
    }
/* shape_ is the value's JSON type as the docs say it, schema_ its JSON Schema. */
#define SPECIAL(key_, V, unit_, shape_, schema_, doc_)                                             \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_SPECIAL, .range = ANY_NUMBER, .variants = V,             \
        .unit = unit_, .shape = shape_, .schema = schema_, .doc = doc_                             \
    }
#define OBJECT(key_, V, table_, doc_)                                                              \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_OBJECT, .range = ANY_NUMBER, .variants = V, .unit = "",  \
        .table = table_, .doc = doc_                                                               \
    }
#define ARRAY(key_, table_, doc_)                                                                  \
    {                                                                                              \
        .key = key_, .type = CONFIG_PARAM_ARRAY, .range = ANY_NUMBER, .unit = "", .table = table_, \
        .doc = doc_                                                                                \
    }
#define TABLE(path, switch_key, params)                                                            \
    {                                                                                              \
        path, switch_key, params, COUNT_OF(params)                                                 \
    }

#define BIT(v) (1u << (v))
#define ALWAYS CONFIG_PARAM_ALWAYS

/* JSON Schemas of the SPECIAL values. */
#define STRING_SCHEMA "{\"type\": \"string\"}"
#define NUMBERS_SCHEMA(min) "{\"type\": \"array\", \"items\": {\"type\": \"number\", " min "}}"
#define PER_COMMUNITY_SCHEMA                                                                       \
    "{\"anyOf\": [{\"type\": \"number\", \"minimum\": 0}, " NUMBERS_SCHEMA("\"minimum\": 0") "]}"
#define ROLE_NAMES                                                                                 \
    "[\"user\", \"blogger\", \"influencer\", \"media\", \"site\", \"bot\", \"factchecker\"]"

static const char *const story_kind_names[] = {"fabricated", "genuine", "correction", "leak"};
static const char *const graph_source_names[] = {"generated", "implicit", "file"};
static const char *const intervention_kind_names[] = {"factcheck", "takedown", "suspend", "demote",
                                                      "prebunk"};

static const struct config_param root[] = {
    SPECIAL("name", 0, "", "string",
            "{\"type\": \"string\", \"pattern\": \"^[A-Za-z0-9_.-]{1,63}$\", "
            "\"not\": {\"enum\": [\".\", \"..\"]}}",
            DOC("Names the run's output directory (`results/<name>/`). When absent, characters "
                "of the file name outside the allowed set become `_`.",
                .allowed = "1–63 characters from `A-Z a-z 0-9 _ . -`; not `.` or `..`",
                .default_text = "file name without directory and `.json`")),
    SPECIAL("note", 0, "", "string", STRING_SCHEMA,
            DOC("Free text (sources of the numbers, caveats); carried into `scenario.json`.",
                .allowed = "any", .default_text = "none")),
    SEED("seed", struct config, seed, 0, SEED_MAX, 1,
         DOC("Master random seed; each replicate's seed is derived from it.",
             .allowed = "the upper end is 2^53 − 1: above it a JSON number no longer holds every integer, so a larger seed would be rounded")),
    COUNT("replicates", struct config, replicates, 1, REPLICATES_MAX, 10, 0, "",
          "Independent runs of the scenario."),
    NUMBER("duration_h", struct config, duration_h, UP_TO(DURATION_MAX_H), 168, 0, "hours",
           DOC("Simulated time.",
               .allowed = "at most 87,600 h, ten years: the event loop counts its 1/64 h slices "
                          "in 32 bits, which would wrap past 2^26 h, and a longer run is no "
                          "scenario of a story's spread")),
    OBJECT("population", 0, &config_params_population, "Who is on the platform."),
    OBJECT("platform", 0, &config_params_platform, "How the platform distributes posts."),
    OBJECT("recommender", 0, &config_params_recommender,
           "The platform's distribution: a budget of recommended impressions shared by all "
           "content."),
    ARRAY("stories", &config_params_story,
          DOC("The stories the campaign and the interventions publish.", .required = ALWAYS,
              .allowed = "1–65535 story objects",
              .schema = "{\"minItems\": 1, \"maxItems\": 65535}")),
    OBJECT("campaign", 0, &config_params_campaign,
           DOC("What the campaign does.", .required = ALWAYS)),
    ARRAY("interventions", &config_params_intervention,
          DOC("What the platform does against the stories.", .default_text = "empty",
              .allowed = "intervention objects")),
    OBJECT("output", 0, &config_params_output, "How results are binned and summarised."),
};

static const struct config_param population[] = {
    COUNT("accounts", struct config, accounts, 2, UINT32_MAX, 100000, 0, "accounts",
          DOC("Total accounts of all roles. A graph read from a file has as many accounts as the "
              "file has distinct ids.",
              .allowed = "**not allowed** with `graph.source` `file`")),
    OBJECT("graph", 0, &config_params_graph,
           DOC("Where the follower graph comes from.", .default_text = "`generated`")),
    OBJECT("communities", 0, &config_params_communities, "Community sizes and mixing."),
    OBJECT("roles", 0, &config_params_role,
           DOC("Per-role settings; a role left out keeps its defaults.",
               .allowed = "keys are role names")),
};

static const struct config_param graph[] = {
    CHOICE("source", struct graph_config, source, graph_source_names, GRAPH_GENERATED, 0,
           "Where the graph comes from."),
    SPECIAL("path", BIT(GRAPH_FILE), "", "string", STRING_SCHEMA,
            DOC("The edge list.", .required = BIT(GRAPH_FILE), .allowed = "a file path")),
    SPECIAL("attributes", BIT(GRAPH_FILE), "", "string", STRING_SCHEMA,
            DOC("Optional attribute file giving accounts' roles and communities.",
                .allowed = "a file path", .default_text = "none")),
    BOOL("undirected", struct graph_config, undirected, 0, BIT(GRAPH_FILE),
         "Every line `A B` also adds `B A` (friendship graphs)."),
    BOOL("reverse", struct graph_config, reverse, 0, BIT(GRAPH_FILE),
         "A line `A B` means A follows B (a following list), so B's posts reach A."),
};

static const struct config_param communities[] = {
    SPECIAL("count", 0, "", "integer",
            "{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 4096}",
            DOC("Number of communities (fault lines, countries, language groups). If both "
                "`count` and `weights` are given they must agree.",
                .allowed = "[1, 4096]: the mixing matrix holds `count`² numbers (128 MiB at "
                           "4,096), and so do the world's tables built from it",
                .default_text = "1, or the length of `weights`")),
    SPECIAL("weights", 0, "relative", "array of `count` numbers",
            "{\"type\": \"array\", \"minItems\": 1, \"maxItems\": 4096, "
            "\"items\": {\"type\": \"number\", \"exclusiveMinimum\": 0}}",
            DOC("Relative community sizes.", .allowed = "each > 0", .default_text = "all 1")),
    NUMBER("homophily", struct config, homophily, UNIT, 0, 0, "fraction",
           "Fraction of an account's followers drawn from its own community (the rest follow "
           "the community sizes). Used when `mixing` is absent."),
    SPECIAL("mixing", 0, "relative", "array of `count` arrays of `count` numbers",
            "{\"type\": \"array\", \"items\": " NUMBERS_SCHEMA("\"minimum\": 0") "}",
            DOC("Row `c`: where the followers of an account in community `c` come from. "
                "Overrides `homophily`.",
                .allowed = "each >= 0; every row has an entry > 0; **not allowed** with "
                           "`graph.source` `implicit`",
                .default_text = "absent (derived from `homophily`)")),
};

/* In a role's table the variant is the role: user takes no count. */
#define NOT_USER (BIT(ROLE_COUNT) - 1u - BIT(ROLE_USER))
static const struct config_param role[] = {
    SPECIAL("count", NOT_USER, "accounts", "integer",
            "{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 4294967295}",
            DOC("Accounts of this role. **Not allowed for `user`**: users are the accounts the "
                "other roles leave.",
                .allowed = "[0, `accounts`]; the counts of all roles but `user` sum to at most "
                           "`accounts` (for a file graph: to at most the accounts in the file, "
                           "checked when it is read; all 0 when an attribute file gives the roles)",
                .default_text = "0")),
    NUMBER("share_prob", struct role_config, share_prob, UNIT, NAN, 0, "probability",
           DOC("Base share probability of the role, before the appeal, trust, decay and other "
               "factors.",
               .default_text = "per role, see the table below")),
    NUMBER("share_sigma", struct role_config, share_sigma, BETWEEN(0.0, 5.0), 0, 0, "",
           DOC("Heterogeneity of the role's share propensity: each account's share probability "
               "is `share_prob` times its own propensity exp(sigma Z − sigma²/2), Z standard "
               "normal and fixed per account (the same in every replicate of a world), so the "
               "role's mean is `share_prob` and log-propensity has standard deviation sigma "
               "(docs/model.md §4). 0: every account of the role alike.",
               .allowed = "[0, 5]")),
    NUMBER("activity", struct role_config, activity, UNIT, 1, 0, "fraction",
           "Fraction of feed exposures the account actually sees."),
    OBJECT("followers", 0, &config_params_followers,
           DOC("Follower-count distribution.",
               .default_text = "lognormal, per role, see the table below")),
};

#define LOGNORMAL BIT(FOLLOWERS_LOGNORMAL)
#define PARETO BIT(FOLLOWERS_PARETO)
#define FIXED BIT(FOLLOWERS_FIXED)
static const struct config_param followers[] = {
    CHOICE("dist", struct follower_dist, kind, config_follower_dist_names, FOLLOWERS_LOGNORMAL, 0,
           "Distribution of follower counts."),
    NUMBER("median", struct follower_dist, median, NON_NEGATIVE, NAN, LOGNORMAL, "accounts",
           DOC("lognormal: median follower count.", .default_text = "role default",
               .allowed = "at most `accounts` − 1 when the role has accounts (no account can have "
                          "more followers; with a file graph the laws are not used)")),
    NUMBER("sigma", struct follower_dist, sigma, BETWEEN(0.0, 5.0), NAN, LOGNORMAL, "",
           DOC("lognormal: standard deviation of log(followers).", .default_text = "role default",
               .allowed = "at most 5: the law's mean, median × exp(σ²/2), is then at most 268,000 "
                          "× the median (measured sigmas are 1 to 3); a larger sigma overflows "
                          "it, and the memory estimate with it")),
    NUMBER("min", struct follower_dist, min, POSITIVE, 1, PARETO, "accounts",
           DOC("pareto: scale, the smallest count.",
               .allowed = "at most `accounts` − 1 when the role has accounts")),
    NUMBER("alpha", struct follower_dist, alpha, POSITIVE, 1.3, PARETO, "",
           "pareto: tail exponent, P(K > k) = (min / k)^alpha."),
    NUMBER("n", struct follower_dist, median, NON_NEGATIVE, NAN, FIXED, "accounts",
           DOC("fixed: every account of the role has exactly `n` followers.",
               .allowed = "at most `accounts` − 1 when the role has accounts",
               .default_text = "role's `median`")),
    COUNT("max", struct follower_dist, max, 0, UINT32_MAX, 0, 0, "accounts",
          "Hard cap on a follower count; 0 means no cap beyond `accounts` − 1 (which always "
          "applies)."),
};

static const struct config_param platform[] = {
    NUMBER("visibility", struct config, visibility, UNIT, 1, 0, "probability",
           "Chance that a follower's feed shows a given post."),
    NUMBER("lifetime_h", struct config, lifetime.h, POSITIVE, 24, 0, "hours",
           "A post stays in feeds this long: the fixed lifetime, shorthand for `lifetime` "
           "`{\"dist\": \"fixed\", \"h\": ...}`. Give `lifetime_h` or `lifetime`, not both."),
    OBJECT("lifetime", 0, &config_params_lifetime,
           DOC("How long one post stays in feeds, drawn per post: its followers' exposures "
               "happen only within it. With an exponential delay and an exponential lifetime "
               "the model is Markovian SIR on the follower graph (docs/model.md §9).",
               .default_text = "fixed, `lifetime_h` (24 h)")),
    OBJECT("delay", 0, &config_params_delay,
           DOC("How long after a post a follower's exposure happens.",
               .default_text = "exponential, half-life 80 min")),
    NUMBER("synthetic_boost", struct config, synthetic_boost, NON_NEGATIVE, 1, 0, "factor",
           "Share-probability factor for stories with `synthetic: true`."),
    NUMBER("reinforcement", struct config, reinforcement, POSITIVE, 1, 0, "factor",
           "Share-probability factor per previous exposure to the same story: r^(n−1) at the "
           "n-th exposure."),
    SPECIAL("trust", 0, "factor", "object",
            "{\"type\": \"object\", \"propertyNames\": {\"enum\": " ROLE_NAMES "}, "
            "\"additionalProperties\": " PER_COMMUNITY_SCHEMA "}",
            DOC("`trust[source][community]`: share-probability factor of a view of a post whose "
                "source (the account whose content it links) has that role, for viewers in each "
                "community.",
                .allowed = "keys are role names; each value a number >= 0 or an array of `count` "
                           "numbers >= 0",
                .default_text = "1 everywhere")),
    NUMBER("click_through", struct config, click_through, UNIT, 0.01, 0, "probability",
           "Chance that a view of a post linking a `site`'s article (on channel `followers` or "
           "`recommender`) also visits the article: one more view, on channel `site`. An "
           "assumption of the order of organic link click-through rates (docs/model.md §4)."),
};

static const struct config_param delay[] = {
    CHOICE("dist", struct delay_config, kind, config_delay_dist_names, DELAY_EXPONENTIAL, 0,
           "Distribution of the delay."),
    NUMBER("half_life_h", struct delay_config, half_life_h, POSITIVE, 80.0 / 60.0,
           BIT(DELAY_EXPONENTIAL), "hours", "exponential: median delay (80 min)."),
    NUMBER("median_h", struct delay_config, median_h, POSITIVE, 1, BIT(DELAY_LOGNORMAL), "hours",
           "lognormal: median delay."),
    NUMBER("sigma", struct delay_config, sigma, POSITIVE, 1, BIT(DELAY_LOGNORMAL), "",
           "lognormal: standard deviation of log(delay)."),
    NUMBER("max_h", struct delay_config, max_h, POSITIVE, 1, BIT(DELAY_UNIFORM), "hours",
           "uniform: delays are uniform on [0, `max_h`]."),
    NUMBER("flat_h", struct delay_config, flat_h, POSITIVE, 5.0 / 60.0, BIT(DELAY_POWERLAW),
           "hours",
           "powerlaw: the delay's density is flat up to `flat_h`, then falls as a power law "
           "(5 min: the reaction times of retweets, Zhao et al. 2015, SEISMIC)."),
    NUMBER("exponent", struct delay_config, exponent, BETWEEN(0.01, 10.0), 0.242,
           BIT(DELAY_POWERLAW), "",
           "powerlaw: theta, the tail's density falls as t^-(1 + theta) (0.242: SEISMIC's fit to "
           "Twitter, Zhao et al. 2015)."),
};

static const struct config_param lifetime[] = {
    CHOICE("dist", struct lifetime_config, kind, config_lifetime_dist_names, LIFETIME_FIXED, 0,
           "Distribution of a post's lifetime."),
    NUMBER("h", struct lifetime_config, h, POSITIVE, 24, BIT(LIFETIME_FIXED), "hours",
           "fixed: every post stays this long (as `lifetime_h`)."),
    NUMBER("mean_h", struct lifetime_config, mean_h, POSITIVE, 24, BIT(LIFETIME_EXPONENTIAL),
           "hours", "exponential: mean lifetime; the rate of leaving feeds is 1 / `mean_h`."),
    NUMBER("median_h", struct lifetime_config, median_h, POSITIVE, 24, BIT(LIFETIME_LOGNORMAL),
           "hours", "lognormal: median lifetime."),
    NUMBER("sigma", struct lifetime_config, sigma, POSITIVE, 1, BIT(LIFETIME_LOGNORMAL), "",
           "lognormal: standard deviation of log(lifetime)."),
};

static const struct config_param recommender[] = {
    BOOL("enabled", struct recommender_config, enabled, 0, 0, "Whether the recommender runs."),
    CHOICE("policy", struct recommender_config, policy, config_policy_names, POLICY_ENGAGEMENT, 0,
           "The ranking (docs/model.md §5): `chronological` (followees' posts only, no "
           "recommended impressions), `engagement` (score: decayed engagement × appeal × "
           "demotion), `credibility` (the same, engagement with posts whose source is a `site` "
           "or a `bot` weighted by `low_credibility_factor`)."),
    NUMBER("tick_h", struct recommender_config, tick_h, BETWEEN(TICK_MIN_H, DURATION_MAX_H), 0.25,
           0, "hours",
           DOC("How often the recommender hands out its budget among the stories.",
               .allowed = "at most `duration_h` (a longer tick never comes); at least 1/64 h, "
                          "one slice of the event loop, which takes a slice's events together: "
                          "a shorter tick could not advance the clock")),
    NUMBER("active_fraction", struct recommender_config, active_fraction, UNIT, 0.43, 0, "fraction",
           DOC("Daily active users as a fraction of `accounts` (the budget is `accounts` × "
               "`active_fraction` × `items_per_user_day` / 24 impressions an hour). Default: "
               "Weibo's 257M daily active users of 598M monthly active users in December 2023 "
               "(Weibo's fourth-quarter 2023 results, 14 March 2024).",
               .allowed = "the budget a tick, `accounts` × `active_fraction` × "
                          "`items_per_user_day` / 24 × `tick_h`, at most 1e9 impressions")),
    NUMBER("items_per_user_day", struct recommender_config, items_per_user_day, BETWEEN(0.0, 1e4),
           50, 0, "impressions",
           "Recommended items an active user sees a day (items from accounts it does not "
           "follow). An assumption: about half of an engagement-ranked feed comes from accounts "
           "the user does not follow (Ye, Luceri & Ferrara 2024), of a feed of about a hundred "
           "items a day."),
    NUMBER("background_engagement", struct recommender_config, background_engagement,
           BETWEEN(0.0, 1e6), 0.1, 0, "posts/user/day",
           "Posts and shares of all other content per active user a day: the background the "
           "stories compete with. Its score is the same decayed engagement at that steady rate, "
           "`accounts` × `active_fraction` × `background_engagement` / 24 × `half_life_h` / ln 2. "
           "In the model's units (posts and shares only); no measured figure: fit it per "
           "scenario (a post earns on average `items_per_user_day` / `background_engagement` "
           "recommended impressions while it is small against the background)."),
    NUMBER("half_life_h", struct recommender_config, half_life_h, BETWEEN(TICK_MIN_H, 1e6), 5.55, 0,
           "hours",
           "Half-life of the engagement (posts and shares) a score counts: a story keeps being "
           "recommended, its older posts resurfacing, for a few half-lives after its last "
           "share. Default: 24 / log2(20), so that 95 % of a post's weight falls within the "
           "day in which ~95 % of tweets get all their impressions (Pfeffer et al. 2023)."),
    NUMBER("low_credibility_factor", struct recommender_config, low_credibility_factor, UNIT, 0.2,
           0, "factor",
           "`credibility` policy: the weight of engagement with a post whose source is a `site` "
           "or a `bot` (1: none of it down-ranked). An assumption of the order of a platform's "
           "demotion of low-credibility content."),
    NUMBER("max_views_per_h", struct recommender_config, max_views_per_h, NON_NEGATIVE, 0, 0,
           "views/hour",
           DOC("An optional platform cap on one story's recommended impressions an hour; 0: no "
               "cap. What a capped story cannot take is not given to others.",
               .allowed = "`max_views_per_h` × `tick_h` <= 1e9 impressions a tick "
                          "(docs/model.md §5)")),
    CHOICE("targeting", struct recommender_config, targeting, config_targeting_names,
           TARGET_UNIFORM, 0,
           "Who gets recommended views: uniformly random accounts, or accounts weighted by the "
           "story's appeal × community size."),
    SPECIAL("daily_profile", 0, "relative", "array of 24 numbers",
            "{\"type\": \"array\", \"minItems\": 24, \"maxItems\": 24, "
            "\"items\": {\"type\": \"number\", \"minimum\": 0, \"maximum\": 1000000}}",
            DOC("The budget's weight in each hour of the day, hour 0 starting at time 0: the "
                "budget in hour `h` of every day is the mean budget × `daily_profile[h]` / "
                "mean(`daily_profile`) (normalised to mean 1, so only the shape matters; "
                "docs/model.md §5). Only the budget follows it: the background's score and "
                "the share rule do not.",
                .allowed = "24 numbers in [0, 1e6], at least one > 0; the busiest hour's "
                           "budget a tick at most 1e9 impressions",
                .default_text = "flat (all 1)")),
};

static const struct config_param story[] = {
    SPECIAL("name", 0, "", "string",
            "{\"type\": \"string\", \"pattern\": \"^[^\\\\u0000-\\\\u001f\\\\u007f]{1,63}$\"}",
            DOC("How actions and outputs refer to the story.", .required = ALWAYS,
                .allowed = "1–63 bytes without control characters, unique among stories")),
    CHOICE("kind", struct story_config, kind, story_kind_names, STORY_FABRICATED, 0,
           "What the story is: `fabricated` and `leak` (genuine material, selectively released; "
           "it cannot be fact-checked as false) are the campaign's; `genuine` and `correction` "
           "are not. Totals are reported per kind (docs/model.md §4)."),
    ROLE("origin", struct story_config, origin, "auto", 0,
         "Deprecated (use an action's `link`): the source role of the story's campaign posts "
         "and fact-check posts that link nothing; `auto` = the poster's own role. Reshares "
         "keep the source of what they reshare."),
    SPECIAL("appeal", 0, "factor", "number or array of `count` numbers", PER_COMMUNITY_SCHEMA,
            DOC("Share-probability factor per community.", .allowed = "each >= 0",
                .default_text = "1")),
    BOOL("synthetic", struct story_config, synthetic, 0, 0,
         "Synthetic media: multiplied by `platform.synthetic_boost`."),
    NUMBER("half_life_h", struct story_config, half_life_h, NON_NEGATIVE, 0, 0, "hours",
           "Attention decay: the story's share-probability factor is 2^(−(age / `half_life_h`)^mu), "
           "age the time since the story was first published and mu `decay_exponent`; it is 1/2 "
           "at age `half_life_h` (with mu 1 it halves every `half_life_h`); 0 means no decay."),
    NUMBER("decay_exponent", struct story_config, decay_exponent, UP_TO(1.0), 1.0, 0, "",
           DOC("The decay's stretching exponent mu: 1 is exponential decay; under 1 a stretched "
               "exponential, faster than the exponential before `half_life_h` and slower after "
               "(novelty of news stories fades with mu about 0.4: Wu & Huberman 2007; "
               "docs/model.md §4).",
               .allowed = "(0, 1]")),
    NUMBER("share_sigma", struct story_config, share_sigma, BETWEEN(0.0, 5.0), 0, 0, "",
           DOC("Heterogeneity of stories: each replicate draws the story's shareability "
               "exp(sigma Z − sigma²/2), Z standard normal (one draw per story and replicate, "
               "from the seed, the replicate and the story), which multiplies its share "
               "probability, so that the replicates stand for a population of stories of "
               "different appeal with mean 1 (docs/model.md §4). 0: the same story in every "
               "replicate.",
               .allowed = "[0, 5]")),
};

static const struct config_param campaign[] = {
    ARRAY("actions", &config_params_action,
          DOC("What the campaign does, in any order.", .required = ALWAYS, .allowed = "non-empty",
              .schema = "{\"minItems\": 1}")),
};

static const struct config_param action[] = {
    SPECIAL("at_h", 0, "hours", "number", "{\"type\": \"number\", \"minimum\": 0}",
            DOC("When the action fires.", .required = ALWAYS, .allowed = "[0, `duration_h`)")),
    SPECIAL("story", 0, "", "string", STRING_SCHEMA,
            DOC("What is published.", .required = ALWAYS, .allowed = "the `name` of a story")),
    OBJECT("select", 0, &config_params_select,
           DOC("Which accounts publish.", .default_text = "the defaults below")),
    NUMBER("jitter_h", struct action_config, jitter_h, UP_TO_DURATION, 0, 0, "hours",
           DOC("Spread of the publication times: each account publishes at `at_h` plus a uniform "
               "jitter in [0, `jitter_h`).",
               .allowed = "`at_h` + `jitter_h` <= `duration_h`: a jitter past the end would "
                          "publish posts after the run is over")),
    ROLE("link", struct action_config, link, "none", 0,
         DOC("The posts link content of an account of this role (bots posting a `site`'s "
             "article): the posts, and every reshare of them, carry that source's trust "
             "(`platform.trust`), and a linked site draws click-through views.",
             .allowed = "with a generated or implicit graph, a role some account has",
             .default_text = "`none` (the poster's own content, or the story's `origin`)")),
};

static const struct config_param selection[] = {
    ROLE("role", struct select_config, role, "any", 0, "Only accounts of this role."),
    SPECIAL("community", 0, "", "integer or string",
            "{\"anyOf\": [{\"type\": \"integer\", \"minimum\": 0, \"maximum\": 4095}, "
            "{\"const\": \"any\"}], \"default\": \"any\"}",
            DOC("Only accounts of this community (numbered from 0 in the order of `weights`).",
                .allowed = "an integer in [0, `count` − 1] or `any`", .default_text = "`any`")),
    SPECIAL("count", 0, "accounts", "integer or string",
            "{\"anyOf\": [{\"type\": \"integer\", \"minimum\": 1, \"maximum\": 4294967294}, "
            "{\"const\": \"all\"}], \"default\": 1}",
            DOC("How many of the matching accounts (of `role` in `community`); `all` selects "
                "every one of them.",
                .allowed = "an integer in [1, the matching accounts] or `all`: a count above the "
                           "accounts that match is refused (with a file graph, once it is read), "
                           "never silently cut",
                .default_text = "1")),
    CHOICE("pick", struct select_config, pick, config_pick_names, PICK_TOP, 0,
           "The accounts with the most followers (`top`), uniformly random ones (`random`), or "
           "random ones drawn with probability proportional to their followers, without "
           "replacement (`followers`: as the sources of observed cascades are, more often the "
           "accounts more people follow; never an account nobody follows; not with an implicit "
           "graph)."),
};

#define FACTCHECK BIT(INTERVENTION_FACTCHECK)
#define TAKEDOWN BIT(INTERVENTION_TAKEDOWN)
#define SUSPEND BIT(INTERVENTION_SUSPEND)
#define DEMOTE BIT(INTERVENTION_DEMOTE)
#define PREBUNK BIT(INTERVENTION_PREBUNK)
static const struct config_param intervention[] = {
    CHOICE("kind", struct intervention_config, kind, intervention_kind_names, INTERVENTION_TAKEDOWN,
           0,
           DOC("What the intervention does; each kind takes keys of its own.", .required = ALWAYS)),
    SPECIAL("story", FACTCHECK | TAKEDOWN | DEMOTE, "", "string", STRING_SCHEMA,
            DOC("The story acted on (the one checked, taken down or demoted).",
                .required = FACTCHECK | TAKEDOWN | DEMOTE, .allowed = "the `name` of a story")),
    OBJECT("trigger", 0, &config_params_trigger,
           DOC("When the intervention happens.", .required = ALWAYS)),
    SPECIAL("correction", FACTCHECK, "", "string", STRING_SCHEMA,
            DOC("The story the selected accounts publish when the factcheck fires.",
                .allowed = "the `name` of a story of `kind` `correction`, other than `story`",
                .default_text = "none (a label only)")),
    OBJECT("select", FACTCHECK | SUSPEND | PREBUNK, &config_params_select,
           DOC("`factcheck`: who publishes the correction; `suspend`: who is suspended; "
               "`prebunk`: who is inoculated (by community, role, at random or the top by "
               "followers). With a generated or implicit graph it must match at least one "
               "account (checked for a `suspend`, a `prebunk`, and for a `factcheck` with a "
               "`correction`).",
               .required = SUSPEND | PREBUNK, .allowed = "as an action's `select`",
               .default_text = "`factcheck`: role `factchecker`, community `any`, count 1, "
                               "pick `top`")),
    NUMBER("fraction", struct intervention_config, fraction, UNIT, 0, PREBUNK, "fraction",
           DOC("The share of the accounts `select` matches that the prebunk reaches, "
               "round(`fraction` × matching accounts), instead of `select`'s `count`.",
               .default_text = "0: `select`'s `count` accounts")),
    NUMBER("label_factor", struct intervention_config, label_factor, NON_NEGATIVE, 1, FACTCHECK,
           "factor",
           "The platform's label: multiplies the share probability of `story` on every view "
           "from the moment the factcheck fires, whoever the viewer (0: nobody shares it any "
           "more)."),
    NUMBER("exposed_factor", struct intervention_config, exposed_factor, NON_NEGATIVE, 0.753,
           FACTCHECK, "factor",
           "Multiplies the share probability of `story` for an account that has viewed the "
           "`correction` (from the moment it fires): fact-checker warnings cut sharing of "
           "false headlines by 24.7 % (Martel & Rand, Nat. Hum. Behav. 2024, 21 "
           "experiments). Costs a bit per account unless it is 1."),
    NUMBER("factor", struct intervention_config, factor, NON_NEGATIVE, 1, DEMOTE | PREBUNK,
           "factor",
           DOC("`demote`: multiplies the visibility of `story`'s posts in followers' feeds and "
               "its recommender rate (0: it reaches no feed). `prebunk`: multiplies the share "
               "probability of every `fabricated` story for the accounts it reached, from the "
               "moment it fires (no measured fraction to default to: meta-analyses report "
               "standardised effects on sharing intentions).",
               .required = DEMOTE | PREBUNK)),
};

/* A trigger's variant is its condition, the one of at_h, views and
 * share_rate_per_h it has: each is required in its own variant. */
#define AT BIT(TRIGGER_AT)
#define VIEWS BIT(TRIGGER_VIEWS)
#define SHARE_RATE BIT(TRIGGER_SHARE_RATE)
static const struct config_param trigger[] = {
    NUMBER("at_h", struct intervention_config, at_h, BEFORE_END, 0, AT, "hours",
           DOC("Fire at this time.", .required = AT, .allowed = "< `duration_h`")),
    NUMBER("views", struct intervention_config, threshold, POSITIVE, 0, VIEWS, "views",
           DOC("Fire when the watched story has been seen this many times in total.",
               .required = VIEWS)),
    NUMBER("share_rate_per_h", struct intervention_config, threshold, POSITIVE, 0, SHARE_RATE,
           "shares/hour",
           DOC("Fire when the watched story's shares over the last `window_h` reach this many "
               "per hour (`share_rate_per_h` × `window_h` shares in the window).",
               .required = SHARE_RATE)),
    SPECIAL("story", VIEWS | SHARE_RATE, "", "string", STRING_SCHEMA,
            DOC("The story whose views or shares the trigger watches; it may differ from the "
                "story acted on.",
                .allowed = "the `name` of a story; **required** for `suspend` (which has no story "
                           "of its own)",
                .default_text = "the intervention's `story`")),
    NUMBER("window_h", struct intervention_config, window_h, POSITIVE, 1, SHARE_RATE, "hours",
           "The window the share rate is measured over."),
    NUMBER("delay_h", struct intervention_config, delay_h, BEFORE_END, 0, 0, "hours",
           DOC("Hours from the trigger to the intervention (review time).",
               .allowed = "< `duration_h`; with `at_h`, `at_h` + `delay_h` < `duration_h`")),
};

static const struct config_param output[] = {
    NUMBER("bin_h", struct config, bin_h, POSITIVE, 1, 0, "hours",
           DOC("Width of a time-series bin.", .allowed = "`duration_h` / `bin_h` <= 1e6, and bins x stories x breakdowns (1 + 3 channels + 8 poster keys, the 7 roles and the platform, + communities) <= 1e7 rows of timeseries.csv")),
    NUMBER("community_reach_fraction", struct config, community_reach_fraction, UNIT, 0.01, 0,
           "fraction",
           "A community counts as reached when more than this fraction of it has seen the story."),
};

const struct config_param_table config_params_root = TABLE("", NULL, root);
const struct config_param_table config_params_population = TABLE("/population", NULL, population);
const struct config_param_table config_params_graph = TABLE("/population/graph", "source", graph);
const struct config_param_table config_params_communities =
    TABLE("/population/communities", NULL, communities);
const struct config_param_table config_params_role = TABLE("/population/roles/<role>", NULL, role);
const struct config_param_table config_params_followers =
    TABLE("/population/roles/<role>/followers", "dist", followers);
const struct config_param_table config_params_platform = TABLE("/platform", NULL, platform);
const struct config_param_table config_params_delay = TABLE("/platform/delay", "dist", delay);
const struct config_param_table config_params_lifetime =
    TABLE("/platform/lifetime", "dist", lifetime);
const struct config_param_table config_params_recommender =
    TABLE("/recommender", NULL, recommender);
const struct config_param_table config_params_story = TABLE("/stories/<i>", NULL, story);
const struct config_param_table config_params_campaign = TABLE("/campaign", NULL, campaign);
const struct config_param_table config_params_action = TABLE("/campaign/actions/<i>", NULL, action);
const struct config_param_table config_params_select =
    TABLE("/campaign/actions/<i>/select", NULL, selection);
const struct config_param_table config_params_intervention =
    TABLE("/interventions/<i>", "kind", intervention);
const struct config_param_table config_params_trigger =
    TABLE("/interventions/<i>/trigger", NULL, trigger);
const struct config_param_table config_params_output = TABLE("/output", NULL, output);

const struct config_param_table *const config_params_all[] = {
    &config_params_root,        &config_params_population, &config_params_communities,
    &config_params_graph,       &config_params_role,       &config_params_followers,
    &config_params_platform,    &config_params_delay,      &config_params_lifetime,
    &config_params_recommender, &config_params_story,      &config_params_campaign,
    &config_params_action,      &config_params_select,     &config_params_intervention,
    &config_params_trigger,     &config_params_output,
};
const size_t config_params_all_count = COUNT_OF(config_params_all);

const struct config_params_role_default config_params_role_defaults[ROLE_COUNT] = {
    [ROLE_USER] = {0.005, 50, 1.2},
    [ROLE_BLOGGER] = {0.05, 5000, 1},
    [ROLE_INFLUENCER] = {0.05, 100000, 1},
    [ROLE_MEDIA] = {0.02, 500000, 1},
    [ROLE_SITE] = {0, 20, 1},
    [ROLE_BOT] = {0, 20, 1},
    [ROLE_FACTCHECKER] = {0, 10000, 1},
};

/* ---- Applying a table ---- */

bool config_params_in_variant(const struct config_param *p, int variant)
{
    return variant < 0 || p->variants == 0 || (p->variants & (1u << variant)) != 0;
}

bool config_params_is_scalar(const struct config_param *p)
{
    return p->type <= CONFIG_PARAM_ROLE;
}

static void *field(const struct config_param *p, void *base)
{
    return (char *)base + p->offset;
}

double config_params_get(const struct config_param *p, const void *base)
{
    const void *at = (const char *)base + p->offset;
    switch (p->type) {
    case CONFIG_PARAM_NUMBER:
        return *(const double *)at;
    case CONFIG_PARAM_COUNT:
        return *(const uint32_t *)at;
    case CONFIG_PARAM_SEED:
        return (double)*(const uint64_t *)at;
    case CONFIG_PARAM_BOOL:
        return *(const bool *)at;
    case CONFIG_PARAM_CHOICE:
    case CONFIG_PARAM_ROLE:
        return *(const int *)at;
    default:
        return NAN;
    }
}

void config_params_set_defaults(const struct config_param_table *table, void *base)
{
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        void *at = field(p, base);
        switch (p->type) {
        case CONFIG_PARAM_NUMBER:
            /* NAN: set elsewhere (per role), or the same field as another key. */
            if (!isnan(p->fallback)) {
                *(double *)at = p->fallback;
            }
            break;
        case CONFIG_PARAM_COUNT:
            *(uint32_t *)at = (uint32_t)p->fallback;
            break;
        case CONFIG_PARAM_SEED:
            *(uint64_t *)at = (uint64_t)p->fallback;
            break;
        case CONFIG_PARAM_BOOL:
            *(bool *)at = p->fallback != 0;
            break;
        case CONFIG_PARAM_CHOICE:
        case CONFIG_PARAM_ROLE:
            *(int *)at = (int)p->fallback;
            break;
        default:
            break;
        }
    }
}

const struct config_param *config_params_find(const struct config_param_table *table,
                                              const char *key)
{
    for (size_t i = 0; i < table->count; i++) {
        if (strcmp(table->params[i].key, key) == 0) {
            return &table->params[i];
        }
    }
    return NULL;
}

size_t config_params_keys(const struct config_param_table *table, int variant, const char **keys)
{
    size_t n = 0;
    for (size_t i = 0; i < table->count; i++) {
        if (config_params_in_variant(&table->params[i], variant)) {
            keys[n++] = table->params[i].key;
        }
    }
    return n;
}

bool config_params_in_range(double x, struct config_range range)
{
    return isfinite(x) && (range.lo_open ? x > range.lo : x >= range.lo) &&
           (range.hi_open ? x < range.hi : x <= range.hi);
}

void config_params_number(struct strbuf *sb, double x)
{
    char text[32];
    for (int digits = 15; digits <= 17; digits++) {
        snprintf(text, sizeof text, "%.*g", digits, x);
        if (strtod(text, NULL) == x) {
            break;
        }
    }
    strbuf_printf(sb, "%s", text);
}

void config_params_describe_range(struct strbuf *sb, struct config_range range, bool plural)
{
    strbuf_printf(sb, "%s ", plural ? "numbers" : "a number");
    if (isinf(range.hi)) {
        strbuf_printf(sb, "%s ", range.lo_open ? ">" : ">=");
        config_params_number(sb, range.lo);
        return;
    }
    strbuf_printf(sb, "in %c", range.lo_open ? '(' : '[');
    config_params_number(sb, range.lo);
    strbuf_printf(sb, ", ");
    config_params_number(sb, range.hi);
    strbuf_printf(sb, "%c", range.hi_open ? ')' : ']');
}

bool config_params_check(const struct config_param_table *table, const char *path, int variant,
                         const void *base, struct strbuf *why)
{
    for (size_t i = 0; i < table->count; i++) {
        const struct config_param *p = &table->params[i];
        bool ranged = p->type == CONFIG_PARAM_NUMBER || p->type == CONFIG_PARAM_COUNT ||
                      p->type == CONFIG_PARAM_SEED;
        if (!ranged || !config_params_in_variant(p, variant)) {
            continue;
        }
        double x = config_params_get(p, base);
        if (!config_params_in_range(x, p->range)) {
            strbuf_printf(why, "%s/%s must be ", path, p->key);
            config_params_describe_range(why, p->range, false);
            strbuf_printf(why, ", got ");
            config_params_number(why, x);
            return false;
        }
    }
    return true;
}
