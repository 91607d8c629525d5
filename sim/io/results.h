/* Result files of a run: timeseries.csv (tidy: one row per story, dimension,
 * key and time bin, with mean, median, p05 and p95 over replicates of each
 * per-bin and cumulative count) and summary.json, and a comparison's
 * compare.json and compare.csv. Each is built in memory and written
 * atomically; the readers beside the writers read them back for plots, so
 * each format is defined in this one module. */
#ifndef AMPLISIM_RESULTS_H
#define AMPLISIM_RESULTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../base/strbuf.h"
#include "../model/config.h"
#include "../model/observe.h"
#include "../model/paired.h"
#include "../model/runs.h"
#include "../model/summary.h"
#include "cascades.h"

/* Facts about the run beside the per-replicate figures: the graph's size
 * (reproducible) and the timings (not reproducible). */
struct run_facts {
    uint64_t accounts;       /* accounts in the graph */
    uint64_t edges;          /* stored follower edges (0 for an implicit graph) */
    double wall_seconds;     /* the whole run: graph, replicates, summary */
    double graph_seconds;    /* building the world (population and graph) */
    double simulate_seconds; /* the replicates */
    bool one_replicate;      /* the run was replicate `replicate` alone (run --replicate) */
    uint32_t replicate;
};

/* The story names of timeseries.csv's kind totals: the campaign's fabricated
 * and leaked stories, and the corrections, each summed per replicate (views
 * and shares; reach is left empty, as an account reached by two stories
 * counts once). Story names are [A-Za-z0-9_.-], so these cannot collide. */
#define RESULTS_CAMPAIGN_TOTAL "(campaign)"
#define RESULTS_CORRECTIONS_TOTAL "(corrections)"

/* Returns timeseries.csv's text (caller frees): every story's rows, then
 * those of the kind totals (RESULTS_CAMPAIGN_TOTAL when the scenario has
 * campaign stories, RESULTS_CORRECTIONS_TOTAL when it has corrections;
 * dimension total, key all only). Deterministic: a function of the
 * observations alone. */
char *results_timeseries_csv(const struct config *cfg, const struct observation *obs,
                             size_t replicates);

/* Returns summary.json's text (caller frees). Every figure but the *_seconds
 * and events_per_second timings is deterministic. */
char *results_summary_json(const struct config *cfg, const struct summary *sum,
                           const struct run_facts *facts);

/* Returns runs.csv's text (caller frees): a header, then per replicate one
 * row per story and one per total (campaign, correction) with the seed and
 * replicate that rerun it, every figure of t, and per intervention its time
 * and views prevented. Deterministic. */
char *results_runs_csv(const struct config *cfg, const struct runs_table *t);

/* Appends x as runs.csv writes numbers: the shortest of %.15g and %.17g
 * that reads back to x, "inf" or "-inf", nothing for NaN. */
void results_csv_number(struct strbuf *sb, double x);

/* Writes scenario.json, timeseries.csv, summary.json and runs.csv into dir
 * (created if missing), and with a cascade export that keeps replicates
 * (cascades non-NULL, keep > 0) its file, cascades.csv or cascades.csv.gz:
 * all or none. A cascade file of an earlier run that this one does not
 * write is removed, as are stale plots. Returns STATUS_OK or
 * STATUS_FAILURE. */
int results_write(const char *dir, const struct config *cfg, const struct observation *obs,
                  size_t replicates, const struct summary *sum, const struct run_facts *facts,
                  const struct runs_table *runs, const struct cascades_export *cascades,
                  struct error *err);

/* One compared figure: its name and each side's value (INFINITY where a
 * threshold was never reached). */
struct compare_figure {
    char name[48];
    double a;
    double b;
};

/* The difference b - a of two figures: NaN (written empty, or null) where
 * both are infinite (a threshold neither side reached: no difference is
 * defined); +INFINITY where only b is (B never reached it), -INFINITY where
 * only a is. */
double compare_difference(const struct compare_figure *f);

/* One figure of one group compared replicate by replicate on the common
 * seeds (model/paired.h): b - a per replicate, then its median, mean and
 * interval, and the fraction of replicates in which B is below A. */
struct compare_paired {
    char group[16];              /* "campaign", "correction" or "story" */
    char story[CONFIG_NAME_MAX]; /* the story of group "story"; "" for a total */
    char figure[48];             /* runs.csv's column: "views", "time_to_1e6_h"... */
    struct paired p;
};

/* Views left by one suspension on one side: views with it / views without
 * it, per replicate (paired on the seed), and over the replicates their
 * mean with its 95 % confidence interval (Student's t) and their median. */
struct compare_left {
    double mean, ci95_low, ci95_high, median;
    double suspended;            /* accounts suspended, mean over replicates */
    const double *per_replicate; /* [replicates]; not owned */
};

/* One resilience run per side: what was suspended and what was left. */
struct compare_resilience_row {
    char key[40];   /* names its figures views_left_<key>_<stat>: "top10",
                       "top10_by_followers", "all_bot" */
    char label[40]; /* for plots and tables: "top 10", "all bot" */
    double k;       /* accounts ranked (the top k), NaN for a whole role */
    struct compare_left side[2];
};

/* compare.json's resilience object. */
struct compare_resilience {
    const char *by; /* "attribution", "followers" or "role:<role>" */
    double at_h;    /* when the suspensions happened */
    uint32_t replicates;
    const struct compare_resilience_row *rows;
    size_t count;
};

/* Writes compare.json (sides, replicates, seed, resilience time and mode,
 * per figure an object with a, b and diff, null where not finite; the
 * resilience rows with their per-replicate values; and the paired figures,
 * per group), compare.csv (figure,a,b,diff) and paired.csv (one row per
 * paired figure) into dir, all three or none. Returns STATUS_OK or
 * STATUS_FAILURE. */
int results_write_compare(const char *dir, const char *const names[2], const char *const files[2],
                          uint32_t replicates, uint64_t seed, const struct compare_resilience *res,
                          const struct compare_figure *f, size_t n,
                          const struct compare_paired *paired, size_t paired_count,
                          struct error *err);

/* Returns paired.csv's text (caller frees). */
char *results_paired_csv(const struct compare_paired *paired, size_t count);

/* ---- Reading a run and a comparison back ---- */

/* The columns of timeseries.csv read back, found by header name. */
enum results_column {
    RESULTS_VIEWS_MEDIAN,
    RESULTS_CUM_VIEWS_MEDIAN,
    RESULTS_CUM_VIEWS_P05,
    RESULTS_CUM_VIEWS_P95,
    RESULTS_CUM_REACH_MEDIAN,
    RESULTS_CUM_REACH_P05,
    RESULTS_CUM_REACH_P95,
    RESULTS_COLUMN_COUNT
};

#define RESULTS_NAME_MAX 64

/* One (dimension, key) pair of timeseries.csv: ("total", "all"), ("channel", "site")... */
struct results_series {
    char dimension[RESULTS_NAME_MAX];
    char key[RESULTS_NAME_MAX];
};

struct results_story {
    char name[RESULTS_NAME_MAX];
    bool correction;     /* summary.json gives its kind as "correction" */
    bool campaign;       /* summary.json gives its kind as "fabricated" or "leak" */
    bool kind_total;     /* a kind total's rows ("(campaign)", "(corrections)"):
                            no reach, and no breakdown by channel, role or community */
    bool of_corrections; /* the kind total is the corrections' */
};

/* One intervention of summary.json's list, as plots mark it. */
struct results_intervention {
    char kind[24];                /* "takedown", "factcheck", ... */
    char story[RESULTS_NAME_MAX]; /* its target story; "" for none (suspend, prebunk) */
    double fired_fraction;        /* replicates in which it fired */
    double time_h_median;         /* NaN when null (it fired in half the replicates or fewer) */
};

/* A run directory read back: value[((story * series_count) + series) *
 * time_count + time][column], NaN where timeseries.csv has no row. Names
 * longer than the fields are cut. */
struct results_run {
    char scenario[RESULTS_NAME_MAX * 2]; /* "(unnamed)" when summary.json has none */
    double replicates;                   /* NaN when summary.json has none */
    struct results_story *stories;       /* in order of first appearance */
    size_t story_count;
    struct results_series *series; /* in order of first appearance */
    size_t series_count;
    double *times; /* the distinct time_h values (bin ends), ascending */
    size_t time_count;
    double (*value)[RESULTS_COLUMN_COUNT];
    struct results_intervention *interventions; /* summary.json's, in its order */
    size_t intervention_count;
};

/* Reads dir/timeseries.csv (columns found by header name, cells as csv.h's
 * CSV_QUOTES reads them) and dir/summary.json (scenario, replicates, each
 * story's kind, the interventions) into run. Stories come in the file's
 * order, the kind totals after every story; a kind total's empty cells
 * (its reach) read as NaN, and are refused anywhere else. Returns STATUS_OK, or STATUS_BAD_INPUT with a
 * message naming the file, line and rule ("not a run directory (no
 * timeseries.csv)", "expected 28 fields like the header, got 29"...); either
 * way release run with results_run_destroy. O(rows log rows). */
int results_read_run(const char *dir, struct results_run *run, struct error *err);

/* The figures of one (story, series, time): RESULTS_COLUMN_COUNT values. */
const double *results_run_cell(const struct results_run *run, size_t story, size_t series,
                               size_t time);

/* Releases the run's memory; accepts NULL and a zeroed run. */
void results_run_destroy(struct results_run *run);

/* A resilience row read back: NaN for a null or absent number. */
struct results_left_row {
    char label[40];
    double k;
    double mean[2], ci95_low[2], ci95_high[2], median[2]; /* sides a and b */
};

/* compare.json read back, as far as plots need it. */
struct results_compare {
    char name[2][RESULTS_NAME_MAX * 2]; /* the scenarios of sides a and b ("a", "b" if none) */
    double replicates;                  /* NaN when absent */
    double resilience_at_h;             /* NaN when absent or null */
    char resilience_by[40];             /* "attribution", ...; "" when absent */
    struct results_left_row *rows;      /* /resilience/rows, in their order */
    size_t row_count;
};

/* Reads and parses a JSON file amplisim wrote; NULL with err filled
 * (STATUS_BAD_INPUT) if it cannot be read or parsed. The caller frees the
 * tree with cJSON_Delete. */
struct cJSON;
struct cJSON *results_read_json(const char *path, struct error *err);

/* Reads the compare.json at path into c. Returns STATUS_OK, or
 * STATUS_BAD_INPUT when it cannot be read or is not JSON; either way release
 * c with results_compare_destroy. */
int results_read_compare(const char *path, struct results_compare *c, struct error *err);

/* Releases c's memory; accepts NULL and a zeroed c. */
void results_compare_destroy(struct results_compare *c);

#endif
