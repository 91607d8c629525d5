/* Studies: runs of variants of a scenario, compared on common random numbers
 * (the same seeds), so that a difference is the variant's, not noise. Each
 * variant is a copy of the loaded config edited in C (model/config.h), run
 * through batch/run.h. Nothing here prints: a failure is a status
 * (base/error.h) with its message in a struct error. */
#ifndef AMPLISIM_STUDY_H
#define AMPLISIM_STUDY_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../io/results.h"
#include "../model/config.h"
#include "../model/runs.h"
#include "../model/summary.h"
#include "run.h"

/* Makes alt a copy of cfg in which intervention i changes nothing: it
 * becomes a demotion of story 0 by a factor of 1 at 0 h, so the list keeps
 * its length and every other intervention its index. Release alt with
 * config_destroy. */
void study_without_intervention(struct config *alt, const struct config *cfg, size_t i);

/* Makes alt a copy of cfg with one more intervention, last: the suspension
 * of the top k accounts by followers (any role, any community) at at_h.
 * Release alt with config_destroy. */
void study_with_suspension(struct config *alt, const struct config *cfg, uint32_t k, double at_h);

/* The same with a suspension of listed accounts: in replicate r, the first
 * k (or fewer) of list[list_start[r] .. list_start[r + 1]), r < replicates.
 * The lists are copied. A scenario file cannot say this (select_config's
 * PICK_LIST). Release alt with config_destroy. */
void study_with_listed_suspension(struct config *alt, const struct config *cfg,
                                  const uint32_t *list, const uint32_t *list_start,
                                  uint32_t replicates, uint32_t k, double at_h);

/* The same with a suspension of every account of role `role` (count of
 * them, as many as the role may have), as a scenario file's
 * {"select": {"role": ..., "count": count}} does. Release alt with
 * config_destroy. */
void study_with_role_suspension(struct config *alt, const struct config *cfg, int role,
                                uint32_t count, double at_h);

/* How many accounts role `role` can have in cfg: its count for a generated
 * or implicit graph (0 if it has none), all accounts otherwise (the user
 * role, a file graph). */
uint32_t study_role_accounts(const struct config *cfg, int role);

/* Each replicate's ranked accounts from a run with attribution (run.h's
 * run_options.attribution): replicate r's are (*ranked)[(*ranked_start)[r]
 * .. (*ranked_start)[r + 1]), most views first, as
 * study_with_listed_suspension takes them. The caller frees both. */
void study_rank_lists(const struct run_result *result, uint32_t **ranked, uint32_t **ranked_start);

/* Runs cfg's replicates (run_replicates) and writes them whole as a run
 * directory at dir, timed as replicates alone (no graph time), as a study
 * keeps the runs it pairs against. Returns STATUS_OK, STATUS_INTERRUPTED
 * once *ro->stop is set (nothing written), or a failure with its message in
 * err. Release result with run_result_destroy in every case. */
int study_run_written(const char *label, const struct config *cfg, const struct run_options *ro,
                      const char *dir, struct run_result *result, struct error *err);

/* Measures every intervention's views prevented into sum->interventions:
 * the mean views of its target story (the campaign's stories for a suspension) in the
 * run without it (study_without_intervention) minus those in sum, the run
 * with it; and, when runs (the run with it, on the same seeds) is non-NULL,
 * each replicate's difference into runs->prevented and their paired figures
 * into sum->interventions[i].prevented. label names cfg's file in messages. Returns STATUS_OK,
 * STATUS_INTERRUPTED once *stop is set, or a world's failure. Cost: one
 * more run of cfg (graph and replicates) per intervention. */
int study_prevented(const char *label, const struct config *cfg, uint32_t threads,
                    const volatile sig_atomic_t *stop, struct summary *sum, struct runs_table *runs,
                    struct error *err);

#define STUDY_RESILIENCE_MAX 8
/* 12 figures, and 4 (mean, CI bounds, median) per resilience row. */
#define STUDY_FIGURES_MAX (12 + 4 * STUDY_RESILIENCE_MAX)

/* Whose accounts compare's resilience runs suspend. */
enum study_resilience_by {
    STUDY_BY_ATTRIBUTION, /* the top k of the accounts that posted in the side's own
                             baseline replicate, by the views their posts drew */
    STUDY_BY_FOLLOWERS,   /* the top k accounts by followers, whatever their role */
    STUDY_BY_ROLE         /* every account of one role */
};

/* A comparison of two scenarios, A and B, as `amplisim compare` runs it. */
struct study_compare_options {
    const char *scenario[2]; /* the scenario files A and B */
    const char *reps;        /* --reps as given, or NULL: A's replicates */
    const char *seed;        /* --seed as given, or NULL: A's seed */
    const char *dir;         /* the output directory */
    uint32_t threads;        /* >= 1 */
    double resilience_at_h;  /* < 0: six hours after A's first post, at most
                                half of A's duration */
    enum study_resilience_by resilience_by;
    int resilience_role;                         /* STUDY_BY_ROLE: the enum role suspended */
    uint32_t resilience_k[STUDY_RESILIENCE_MAX]; /* suspend the top k accounts, each k
                                                    (not for STUDY_BY_ROLE: one run) */
    size_t resilience_count;
    const char *story;                 /* --story: also pair this story's figures; NULL */
    const volatile sig_atomic_t *stop; /* polled; may be NULL */
};

/* One side's figures. */
struct study_side {
    char name[CONFIG_NAME_MAX];
    struct summary sum;
    size_t lead;                            /* the story with the most views (median) */
    double *views;                          /* [replicates] the campaign's views (every story
                                               but corrections) in each baseline replicate */
    uint32_t *ranked;                       /* attribution: each replicate's posting accounts,
                                               most views first, replicate after replicate */
    uint32_t *ranked_start;                 /* [replicates + 1] where each replicate's begin */
    double *left[STUDY_RESILIENCE_MAX];     /* [replicates] per row: views with the suspension
                                               / views without, replicate by replicate (paired) */
    double suspended[STUDY_RESILIENCE_MAX]; /* per row: accounts suspended, mean */
    struct runs_table runs;                 /* every baseline replicate's figures */
    int story;                              /* the --story story's index here, or -1 */
};

struct study_compare {
    struct study_side side[2];
    uint32_t replicates;    /* A's (or --reps), which both sides ran */
    uint64_t seed;          /* A's (or --seed), which both sides ran */
    double resilience_at_h; /* the time the suspensions were run at */
    size_t resilience_rows; /* resilience_count, or 1 by role */
    struct compare_resilience_row rows[STUDY_RESILIENCE_MAX]; /* their figures */
    int written; /* sides whose run directory (dir/a, dir/b) is whole */
    struct compare_figure figures[STUDY_FIGURES_MAX];
    size_t figure_count;
    struct compare_paired *paired; /* per group (campaign, correction, the --story
                                      story) each figure both sides' runs have, b - a
                                      replicate by replicate */
    size_t paired_count;
};

/* Loads and checks both scenarios before anything runs (B with A's
 * replicates unless reps is given), including that each fits in memory on
 * `threads` threads, that the resilience suspensions at resilience_at_h
 * (negative: the default, 6 h after A's first post) fall before each side's
 * end and that both have a story named `story` (when non-NULL), and gives
 * their names. Returns STATUS_OK or STATUS_BAD_INPUT with the message in
 * err. */
int study_compare_check(const char *const scenario[2], const char *reps, uint32_t threads,
                        double resilience_at_h, const char *story, char names[2][CONFIG_NAME_MAX],
                        struct error *err);

/* Runs A then B on A's seeds and replicates, each written whole as a run
 * directory (dir/a, dir/b), then each side's resilience runs (each the
 * side's scenario with one more suspension, on the same seeds, so replicate
 * r of the variant is paired with replicate r of the side: views left_r =
 * views with / views without), then writes compare.json and compare.csv
 * (io/results.h) into dir. Returns STATUS_OK;
 * STATUS_INTERRUPTED once *stop is set (out->written says which run
 * directories are whole; compare.json is not written); or a failure with its
 * message in err. Release out with study_compare_destroy in every case.
 * Cost: 1 + resilience_count runs per side. */
int study_compare_run(const struct study_compare_options *opt, struct study_compare *out,
                      struct error *err);
void study_compare_destroy(struct study_compare *c);

#endif
