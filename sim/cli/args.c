/* The option helpers of args.h, shared by every command. */
#define _POSIX_C_SOURCE 200809L
#include "args.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/alloc.h"
#include "base/error.h"
#include "cli.h"

int cli_usage_error(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("amplisim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return EXIT_BAD_INPUT;
}

int cli_exit_status(int status)
{
    switch (status) {
    case STATUS_OK:
        return EXIT_OK;
    case STATUS_BAD_INPUT:
        return EXIT_BAD_INPUT;
    case STATUS_INTERRUPTED:
        return EXIT_INTERRUPTED;
    default:
        return EXIT_RUN_FAILURE;
    }
}

int cli_report(int status, const struct error *err)
{
    if (status != STATUS_OK && status != STATUS_INTERRUPTED) {
        fprintf(stderr, "amplisim: %s\n", err->message);
    }
    return cli_exit_status(status);
}

int cli_parse_u64(const char *text, uint64_t max, uint64_t *out)
{
    if (!text || !*text) {
        return -1;
    }
    uint64_t v = 0;
    for (const char *p = text; *p; p++) {
        if (*p < '0' || *p > '9') {
            return -1;
        }
        uint64_t d = (uint64_t)(*p - '0');
        if (v > (max - d) / 10) {
            return -1;
        }
        v = v * 10 + d;
    }
    *out = v;
    return 0;
}

uint32_t cli_default_threads(void)
{
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    /* MPI ranks sharing a node share its cores. */
    const char *local = getenv("OMPI_COMM_WORLD_LOCAL_SIZE");
    long ranks_here = local ? atol(local) : 1;
    long t = cores > 0 ? cores / (ranks_here > 0 ? ranks_here : 1) : 1;
    return t > 0 ? (uint32_t)t : 1;
}

static void add_override(struct cli_args *args, const char *path, const char *value,
                         const char *flag)
{
    args->overrides = xrealloc(args->overrides, (args->override_count + 1) * sizeof *args->overrides);
    args->overrides[args->override_count++] = (struct scenario_override){path, value, flag};
}

/* Reads the value of a flag that takes one (argv[*i + 1]); returns
 * EXIT_OK, or EXIT_BAD_INPUT with the message printed. */
static int parse_valued(struct cli_args *args, const char *flag, char *value, const char **reps,
                        const char **seed)
{
    if (strcmp(flag, "--set") == 0) {
        char *eq = strchr(value, '=');
        if (!eq || eq == value) {
            return cli_usage_error("--set expects PATH=VALUE, got \"%s\"", value);
        }
        /* Split in place: argv strings are writable and live until exit. */
        *eq = '\0';
        add_override(args, value, eq + 1, NULL);
    } else if (strcmp(flag, "--reps") == 0) {
        *reps = value;
    } else if (strcmp(flag, "--seed") == 0) {
        *seed = value;
    } else if (strcmp(flag, "--out") == 0) {
        args->out_dir = value;
    } else if (strcmp(flag, "--threads") == 0) {
        return cli_parse_threads(value, &args->threads);
    } else if (strcmp(flag, "--cascades-sample") == 0) {
        uint64_t n;
        if (cli_parse_u64(value, 99999, &n) != 0 || n == 0) {
            return cli_usage_error(
                "--cascades-sample expects a whole number of replicates in [1, 99999], got \"%s\"",
                value);
        }
        args->cascades = (uint32_t)n;
    } else {
        uint64_t r;
        if (cli_parse_u64(value, 99999, &r) != 0) {
            return cli_usage_error("--replicate expects a whole number in [0, 99999], got \"%s\"",
                                   value);
        }
        args->one_replicate = true;
        args->replicate = (uint32_t)r;
    }
    return EXIT_OK;
}

/* The flags that take a value: --set always, the others with run_flags. */
static bool takes_value(const char *flag, bool run_flags)
{
    static const char *const run_only[] = {"--reps",      "--seed",           "--out",
                                           "--threads",   "--cascades-sample",
                                           "--replicate"};
    if (strcmp(flag, "--set") == 0) {
        return true;
    }
    for (size_t k = 0; run_flags && k < sizeof run_only / sizeof *run_only; k++) {
        if (strcmp(flag, run_only[k]) == 0) {
            return true;
        }
    }
    return false;
}

static int parse_words(int argc, char **argv, bool run_flags, struct cli_args *args,
                       const char **reps, const char **seed)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (i + 1 < argc && takes_value(a, run_flags)) {
            int status = parse_valued(args, a, argv[++i], reps, seed);
            if (status != EXIT_OK) {
                return status;
            }
        } else if (run_flags && strcmp(a, "--quiet") == 0) {
            args->quiet = true;
        } else if (run_flags && strcmp(a, "--cascades") == 0) {
            if (args->cascades == 0) {
                args->cascades = UINT32_MAX; /* every replicate, unless a sample says */
            }
        } else if (a[0] == '-' && a[1] != '\0') {
            return cli_usage_error("unknown or incomplete option \"%s\" (try amplisim --help)", a);
        } else if (!args->scenario) {
            args->scenario = a;
        } else {
            return cli_usage_error("unexpected argument \"%s\" (one scenario file)", a);
        }
    }
    return EXIT_OK;
}

int cli_args_parse(int argc, char **argv, bool run_flags, struct cli_args *args)
{
    memset(args, 0, sizeof *args);
    const char *reps = NULL, *seed = NULL;
    int status = parse_words(argc, argv, run_flags, args, &reps, &seed);
    if (status == EXIT_OK && !args->scenario) {
        status = cli_usage_error("missing the SCENARIO file (try amplisim --help)");
    }
    if (status == EXIT_OK && args->one_replicate && reps) {
        status = cli_usage_error("--replicate runs one replicate: it cannot be given with --reps");
    }
    if (status != EXIT_OK) {
        cli_args_destroy(args);
        return status;
    }
    if (args->one_replicate) {
        reps = "1";
    }
    /* --reps and --seed are overrides like any other, validated by the same rules. */
    if (reps) {
        add_override(args, "/replicates", reps, "--reps");
    }
    if (seed) {
        add_override(args, "/seed", seed, "--seed");
    }
    return EXIT_OK;
}

void cli_args_destroy(struct cli_args *args)
{
    free(args->overrides);
    args->overrides = NULL;
    args->override_count = 0;
}

int cli_parse_threads(const char *value, uint32_t *out)
{
    uint64_t t;
    if (cli_parse_u64(value, 1024, &t) != 0 || t == 0) {
        return cli_usage_error("--threads expects a whole number in [1, 1024], got \"%s\"",
                               value);
    }
    *out = (uint32_t)t;
    return EXIT_OK;
}
