/* The option helpers every command shares: the arguments of run and
 * validate, whole-number flags, the usage-error message and the default
 * thread count. Commands include this, never each other. */
#ifndef AMPLISIM_ARGS_H
#define AMPLISIM_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "io/scenario.h"

/* Prints "amplisim: <message>" to stderr and returns EXIT_BAD_INPUT. */
int cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

struct error;

/* The exit status of a batch or io status (base/error.h): STATUS_OK gives
 * EXIT_OK, STATUS_BAD_INPUT EXIT_BAD_INPUT, STATUS_INTERRUPTED
 * EXIT_INTERRUPTED, anything else EXIT_RUN_FAILURE. */
int cli_exit_status(int status);

/* Prints "amplisim: <err's message>" to stderr unless status is STATUS_OK or
 * STATUS_INTERRUPTED (which has no message), and returns cli_exit_status. */
int cli_report(int status, const struct error *err);

/* Parses a whole decimal unsigned number no larger than max; returns 0 on success. */
int cli_parse_u64(const char *text, uint64_t max, uint64_t *out);

/* Parses --threads' value: a whole number in [1, 1024] into *out. Returns
 * EXIT_OK, or EXIT_BAD_INPUT with the message printed. */
int cli_parse_threads(const char *value, uint32_t *out);

/* The arguments of run and validate. */
struct cli_args {
    const char *scenario;
    struct scenario_override *overrides; /* --set, then --reps and --seed */
    size_t override_count;
    const char *out_dir;
    uint32_t threads;                    /* 0: one per online core */
    bool one_replicate;                  /* --replicate: run replicate `replicate` alone */
    uint32_t replicate;
    uint32_t cascades;                   /* --cascades: export the posts of this many
                                            replicates (UINT32_MAX: all; --cascades-sample N:
                                            the first N); 0: none */
    bool quiet;
};

/* Parses argv for a command; run_flags allows --reps, --seed, --out,
 * --threads, --replicate, --cascades, --cascades-sample and --quiet. Returns EXIT_OK or EXIT_BAD_INPUT (message printed).
 * Release with cli_args_destroy. */
int cli_args_parse(int argc, char **argv, bool run_flags, struct cli_args *args);
void cli_args_destroy(struct cli_args *args);

/* The replicate threads a run uses unless told: one per online core, the
 * cores shared among the MPI ranks on this node (under mpirun). */
uint32_t cli_default_threads(void);

#endif
