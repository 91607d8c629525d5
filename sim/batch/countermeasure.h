/* Countermeasure studies (amplisim study): a campaign run against a list
 * of interventions, each at a list of delays after the campaign's first
 * post, every variant on the baseline's seeds (common random numbers), so
 * that the views each prevents are paired replicate by replicate
 * (model/paired.h). Each variant is the scenario's config with the
 * intervention added, edited in C as batch/study.h's variants are. Nothing
 * here prints: a failure is a status with its message in a struct error. */
#ifndef AMPLISIM_COUNTERMEASURE_H
#define AMPLISIM_COUNTERMEASURE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../io/results_study.h"
#include "../model/config.h"

/* What a study can do to the campaign, each added to the scenario as it
 * is (its own interventions stay). */
enum countermeasure_kind {
    COUNTERMEASURE_TAKEDOWN,  /* every campaign story taken down */
    COUNTERMEASURE_SUSPEND,   /* the campaign's own top k accounts suspended (attribution) */
    COUNTERMEASURE_FACTCHECK, /* every campaign story labelled (share x label_factor) */
    COUNTERMEASURE_DEMOTE,    /* every campaign story demoted (visibility and recommender x
                                 demote_factor) */
    COUNTERMEASURE_KINDS
};

/* "takedown", "suspend", "factcheck", "demote". */
const char *countermeasure_kind_name(enum countermeasure_kind kind);
/* The kind named name, or -1. */
int countermeasure_kind_from_name(const char *name);

#define COUNTERMEASURE_DELAYS_MAX 32

struct countermeasure_options {
    const char *scenario; /* the scenario file */
    const char *reps;     /* --reps as given, or NULL: the scenario's */
    const char *seed;     /* --seed as given, or NULL: the scenario's */
    const char *dir;      /* the output directory */
    uint32_t threads;     /* >= 1 */
    enum countermeasure_kind kinds[COUNTERMEASURE_KINDS];
    size_t kind_count;
    double delays_h[COUNTERMEASURE_DELAYS_MAX]; /* >= 0, increasing */
    size_t delay_count;
    uint32_t suspend_k;                /* >= 1 */
    double label_factor;               /* in [0, 1] */
    double demote_factor;              /* in [0, 1] */
    const volatile sig_atomic_t *stop; /* polled; may be NULL */
};

/* Loads and checks the scenario with --reps and --seed before anything
 * runs: it has campaign stories and actions publishing them, every delay
 * falls before its end, and it fits in memory on `threads` threads; gives
 * its name. Returns STATUS_OK or STATUS_BAD_INPUT with the message in err. */
int countermeasure_check(const struct countermeasure_options *opt, char name[CONFIG_NAME_MAX],
                         struct error *err);

/* Runs the baseline (written whole as a run directory, dir/baseline), then
 * each intervention at each delay on the same seeds, and writes study.json
 * and study.csv into dir (io/results_study.h); out holds their figures.
 * Returns STATUS_OK, STATUS_INTERRUPTED once *stop is set (study.json is not
 * written), or a failure with its message in err. Release out with
 * results_study_destroy in every case. Cost: 1 + kind_count x delay_count
 * runs of the scenario (graph and replicates). */
int countermeasure_run(const struct countermeasure_options *opt, struct results_study *out,
                       struct error *err);

#endif
