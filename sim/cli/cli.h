/* The command-line front end: one function per command. Only cli/ prints to
 * the user and chooses exit status: 0 success, 1 failure while running,
 * 2 bad usage or bad input, 130 interrupted (nothing written). */
#ifndef AMPLISIM_CLI_H
#define AMPLISIM_CLI_H

#include <stdint.h>

enum exit_status {
    EXIT_OK = 0,
    EXIT_RUN_FAILURE = 1,
    EXIT_BAD_INPUT = 2,
    EXIT_INTERRUPTED = 130 /* 128 + SIGINT, as shells report a process ended by Ctrl-C */
};

int cmd_run(int argc, char **argv);
int cmd_validate(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_plot(int argc, char **argv);
int cmd_sweep(int argc, char **argv);

/* Prints "amplisim: <message>" to stderr and returns EXIT_BAD_INPUT. */
int cli_usage_error(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* Parses a whole decimal unsigned number no larger than max; returns 0 on success. */
int cli_parse_u64(const char *text, uint64_t max, uint64_t *out);


#include <stdbool.h>
#include <stddef.h>

#include "io/scenario.h"

/* The arguments of run and validate. */
struct cli_args {
    const char *scenario;
    struct scenario_override *overrides; /* --set, then --reps and --seed */
    size_t override_count;
    const char *out_dir;
    uint32_t threads;                    /* 0: one per online core */
    bool one_replicate;                  /* --replicate: run replicate `replicate` alone */
    uint32_t replicate;
    bool quiet;
};

/* Parses argv for a command; run_flags allows --reps, --seed, --out,
 * --threads and --quiet. Returns EXIT_OK or EXIT_BAD_INPUT (message printed).
 * Release with cli_args_destroy. */
int cli_args_parse(int argc, char **argv, bool run_flags, struct cli_args *args);
void cli_args_destroy(struct cli_args *args);

struct world;

/* Builds the world of cfg: reads the edge-list (and attribute) files of a
 * file graph, then lays out accounts and builds the graph. Prints any error;
 * returns EXIT_OK, EXIT_BAD_INPUT or EXIT_RUN_FAILURE. On success the caller
 * releases w with world_destroy; on failure there is nothing to release. */
int cli_build_world(const char *scenario, const struct config *cfg, struct world *w);

/* Loads and checks the scenario the arguments name, printing any error.
 * Returns EXIT_OK with cfg initialised, or EXIT_BAD_INPUT. */
int cli_load_scenario(const struct cli_args *args, struct config *cfg);

/* The memory a run may use: AMPLISIM_MEMORY_LIMIT (bytes, or with a K, M, G
 * or T suffix) if set, else the machine's physical memory. *source says which
 * in words for a message. Returns EXIT_OK, or EXIT_BAD_INPUT (message printed)
 * when the variable cannot be read. */
int cli_memory_limit(double *bytes, const char **source);

struct memory_estimate;

/* Refuses a scenario whose estimated peak memory (model/memory.h) on
 * `threads` replicate threads exceeds the limit: prints the estimate, what
 * holds it and what to change, and returns EXIT_BAD_INPUT; else EXIT_OK.
 * Stores the estimate in *out when out is non-NULL. */
int cli_check_memory(const char *scenario, const struct config *cfg, uint32_t threads,
                     struct memory_estimate *out);

/* Formats a byte count for a message: "820 MiB", "1.5 GiB". */
void cli_format_bytes(double bytes, char *out, size_t size);

/* The replicate threads a run uses unless told: one per online core. */
uint32_t cli_default_threads(void);

#endif
