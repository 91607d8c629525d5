/* A countermeasure study's outputs (amplisim study): study.json and
 * study.csv, the views each intervention prevented at each delay, paired
 * replicate by replicate with the baseline on the same seeds; and
 * study.json read back for plots. Written as a set, atomically. */
#ifndef AMPLISIM_RESULTS_STUDY_H
#define AMPLISIM_RESULTS_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "../base/error.h"
#include "../model/config.h"

/* One intervention at one delay: its campaign views prevented, baseline
 * minus variant in each replicate (same seed), and their figures. */
struct results_study_row {
    char intervention[16];   /* "takedown", "suspend", "factcheck", "demote" */
    double delay_h;          /* after the campaign's first post */
    double at_h;             /* when it fired: first_post_h + delay_h */
    double median;           /* of the per-replicate views prevented */
    double mean;             /* and their mean, with its 95 % interval (Student's t, */
    double ci95_low;         /* replicates - 1 degrees of freedom); NaN with fewer than */
    double ci95_high;        /* two replicates */
    double lowered_fraction; /* replicates in which it prevented views (variant < baseline) */
    double *per_replicate;   /* [replicates] views prevented; owned; NULL when read back */
};

struct results_study {
    char scenario[CONFIG_NAME_MAX];
    char file[512]; /* the scenario file read */
    uint32_t replicates;
    uint64_t seed;
    double first_post_h;    /* the earliest campaign action's at_h */
    double baseline_median; /* the campaign's views without any added intervention */
    double baseline_mean;
    uint32_t suspend_k;             /* suspend: the top k of the campaign's own accounts */
    double label_factor;            /* factcheck: the label's share factor */
    double demote_factor;           /* demote: the visibility and recommender factor */
    struct results_study_row *rows; /* owned */
    size_t row_count;
};

/* Writes dir/study.json (everything above, per row its per-replicate
 * values) and dir/study.csv (one row per intervention and delay), both or
 * neither, creating dir. Returns STATUS_OK or STATUS_FAILURE. */
int results_write_study(const char *dir, const struct results_study *s, struct error *err);

/* Returns study.csv's text (caller frees). */
char *results_study_csv(const struct results_study *s);

/* Reads the study.json at path into s (rows without per_replicate).
 * Returns STATUS_OK, or STATUS_BAD_INPUT when it cannot be read, is not
 * JSON or has no rows; either way release s with results_study_destroy. */
int results_read_study(const char *path, struct results_study *s, struct error *err);

/* Releases what s owns; accepts NULL and a zeroed s. */
void results_study_destroy(struct results_study *s);

#endif
