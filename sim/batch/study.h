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
#include "../model/summary.h"

/* Makes alt a copy of cfg in which intervention i changes nothing: it
 * becomes a demotion of story 0 by a factor of 1 at 0 h, so the list keeps
 * its length and every other intervention its index. Release alt with
 * config_destroy. */
void study_without_intervention(struct config *alt, const struct config *cfg, size_t i);

/* Makes alt a copy of cfg with one more intervention, last: the suspension
 * of the top k accounts by followers (any role, any community) at at_h.
 * Release alt with config_destroy. */
void study_with_suspension(struct config *alt, const struct config *cfg, uint32_t k, double at_h);

/* Measures every intervention's views prevented into sum->interventions:
 * the mean views of its target story (the campaign's stories for a suspension) in the
 * run without it (study_without_intervention) minus those in sum, the run
 * with it. label names cfg's file in messages. Returns STATUS_OK,
 * STATUS_INTERRUPTED once *stop is set, or a world's failure. Cost: one
 * more run of cfg (graph and replicates) per intervention. */
int study_prevented(const char *label, const struct config *cfg, uint32_t threads,
                    const volatile sig_atomic_t *stop, struct summary *sum, struct error *err);

#define STUDY_RESILIENCE_MAX 8
#define STUDY_FIGURES_MAX 32

/* A comparison of two scenarios, A and B, as `amplisim compare` runs it. */
struct study_compare_options {
    const char *scenario[2];             /* the scenario files A and B */
    const char *reps;                    /* --reps as given, or NULL: A's replicates */
    const char *seed;                    /* --seed as given, or NULL: A's seed */
    const char *dir;                     /* the output directory */
    uint32_t threads;                    /* >= 1 */
    double resilience_at_h;              /* < 0: six hours after A's first post, at most
                                            half of A's duration */
    uint32_t resilience_k[STUDY_RESILIENCE_MAX]; /* suspend the top k accounts, each k */
    size_t resilience_count;
    const volatile sig_atomic_t *stop;   /* polled; may be NULL */
};

/* One side's figures. */
struct study_side {
    char name[CONFIG_NAME_MAX];
    struct summary sum;
    size_t lead;                         /* the story with the most views (median) */
    double left[STUDY_RESILIENCE_MAX];   /* share of views left with the top k suspended */
};

struct study_compare {
    struct study_side side[2];
    uint32_t replicates;                 /* A's (or --reps), which both sides ran */
    uint64_t seed;                       /* A's (or --seed), which both sides ran */
    double resilience_at_h;              /* the time the suspensions were run at */
    int written;                         /* sides whose run directory (dir/a, dir/b) is whole */
    struct compare_figure figures[STUDY_FIGURES_MAX];
    size_t figure_count;
};

/* Loads and checks both scenarios before anything runs (B with A's
 * replicates unless reps is given), including that each fits in memory on
 * `threads` threads, and gives their names. Returns STATUS_OK or
 * STATUS_BAD_INPUT with the message in err. */
int study_compare_check(const char *const scenario[2], const char *reps, uint32_t threads,
                        char names[2][CONFIG_NAME_MAX], struct error *err);

/* Runs A then B on A's seeds and replicates, each written whole as a run
 * directory (dir/a, dir/b), then each side's resilience runs, then writes
 * compare.json and compare.csv (io/results.h) into dir. Returns STATUS_OK;
 * STATUS_INTERRUPTED once *stop is set (out->written says which run
 * directories are whole; compare.json is not written); or a failure with its
 * message in err. Release out with study_compare_destroy in every case.
 * Cost: 1 + resilience_count runs per side. */
int study_compare_run(const struct study_compare_options *opt, struct study_compare *out,
                      struct error *err);
void study_compare_destroy(struct study_compare *c);

#endif
