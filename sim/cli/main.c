/* amplisim's entry point: dispatches to a command. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "args.h"
#include "batch/ranks.h"
#include "cli.h"

/* Each command's usage, as `amplisim COMMAND --help` prints it and as the
 * general usage lists it. */
struct command_usage {
    const char *name;
    const char *text;
};

static const struct command_usage commands[] = {
    {"run", "  run SCENARIO [--reps R] [--seed S] [--set PATH=VALUE]... [--out DIR]\n"
            "               [--threads T] [--quiet] [--replicate I]\n"
            "               [--cascades] [--cascades-sample N]\n"
            "        run R replicates of a scenario file and write scenario.json,\n"
            "        timeseries.csv, summary.json and runs.csv to DIR (default\n"
            "        results/<name>/);\n"
            "        --replicate I runs replicate I alone (as runs.csv names it);\n"
            "        --cascades also writes every post (cascades.csv, .csv.gz when large),\n"
            "        --cascades-sample N those of the first N replicates\n"},
    {"validate", "  validate SCENARIO [--set PATH=VALUE]...\n"
                 "        check a scenario file without running it\n"},
    {"compare", "  compare A B [--reps R] [--seed S] [--out DIR] [--threads T]\n"
                "          [--resilience-at H] [--resilience-k 1,10,100]\n"
                "          [--resilience-by attribution|followers|role:ROLE] [--story NAME]\n"
                "          [--quiet]\n"
                "        run two scenarios (or the scenario.json of two run directories) on\n"
                "        the same seeds and write compare.json, compare.csv, paired.csv (each\n"
                "        figure b - a replicate by replicate: the campaign's, the corrections'\n"
                "        and --story NAME's) and each side's run (a/, b/)\n"},
    {"study", "  study SCENARIO [--interventions takedown,suspend,factcheck,demote]\n"
              "          [--delays 1,3,6,12,24,48] [--reps R] [--seed S] [--out DIR]\n"
              "          [--threads T] [--suspend-k K] [--label-factor F]\n"
              "          [--demote-factor F] [--quiet]\n"
              "        run a campaign against each intervention at each delay (hours after\n"
              "        its first post) on the baseline's seeds and write the views each\n"
              "        prevented, paired replicate by replicate, to study.json and study.csv\n"
              "        in DIR (default results/study-<name>/), the baseline run in baseline/\n"},
    {"sweep", "  sweep SWEEP [--out DIR] [--threads T] [--quiet]\n"
              "        run every point of a parameter sweep (under mpirun, over every rank);\n"
              "        write runs.csv and sweep.csv to DIR (default results/<sweep name>/);\n"
              "        rerun the same command to resume an interrupted sweep\n"},
    {"fit", "  fit FIT [--out DIR] [--threads T] [--method nm|abc] [--quiet] [--check]\n"
            "        calibrate a scenario to observed curves or statistics\n"
            "        (docs/calibration.md): a Nelder-Mead point estimate with an interval\n"
            "        from the curvature (nm), or an ABC-SMC posterior sample (abc); write\n"
            "        fit.json, fitted_scenario.json, evals.csv and curves.csv to DIR\n"
            "        (default results/<fit name>/); rerun the same command to resume;\n"
            "        --check: make every check of the fit file, its scenario and DIR that\n"
            "        comes before the first evaluation, write nothing, and stop\n"},
    {"plot",
     "  plot DIR [--format png|svg|pdf]\n"
     "        write the plots of a run, compare, study, sweep or fit directory into DIR/plots/:\n"
     "        data files, gnuplot scripts and images (default png)\n"},
};

static const char usage_head[] = "usage: amplisim COMMAND [ARGS]\n"
                                 "\n"
                                 "Simulates how fabricated stories are amplified on social media.\n"
                                 "\n"
                                 "commands:\n";

static const char usage_tail[] =
    "\n"
    "options:\n"
    "  --help       show this help (after a command: that command's usage)\n"
    "  --version    show the version\n"
    "\n"
    "Every option but --set is given at most once.\n"
    "exit status: 0 success, 1 failure while running, 2 bad usage or bad input,\n"
    "130 interrupted (Ctrl-C or SIGTERM: nothing written; a second one ends it at once)\n"
    "docs: README.md, docs/scenario.md (every key), docs/model.md (the equations)\n";

static void print_usage(FILE *out)
{
    fputs(usage_head, out);
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
        fputs(commands[c].text, out);
    }
    fputs(usage_tail, out);
}

/* The options that take a value: the word after one is its value, never an
 * option of its own. */
static bool takes_value(const char *option)
{
    static const char *const valued[] = {"--set",          "--reps",         "--seed",
                                         "--out",          "--threads",      "--replicate",
                                         "--format",       "--method",       "--resilience-at",
                                         "--resilience-k", "--resilience-by"};
    for (size_t k = 0; k < sizeof valued / sizeof *valued; k++) {
        if (strcmp(option, valued[k]) == 0) {
            return true;
        }
    }
    return false;
}

/* Whether the command's words ask for its usage (--help or -h, not as the
 * value of an option). */
static bool asks_help(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            return true;
        }
        if (takes_value(argv[i])) {
            i++;
        }
    }
    return false;
}

/* Refuses an option given twice (but --set, which is given once per value):
 * a second --reps would silently win over the first. */
static int refuse_repeats(int argc, char **argv)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        bool valued = takes_value(a);
        if (strncmp(a, "--", 2) == 0 && strcmp(a, "--set") != 0) {
            for (int j = 0; j < i; j++) {
                if (strcmp(argv[j], a) == 0) {
                    return cli_usage_error("%s is given twice; give it once", a);
                }
                if (takes_value(argv[j])) {
                    j++;
                }
            }
        }
        if (valued) {
            i++;
        }
    }
    return EXIT_OK;
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        print_usage(stderr);
        return EXIT_BAD_INPUT;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        print_usage(stdout);
        return EXIT_OK;
    }
    for (size_t c = 0; c < sizeof commands / sizeof *commands; c++) {
        if (strcmp(command, commands[c].name) == 0 && asks_help(argc - 2, argv + 2)) {
            printf("usage: amplisim %s", commands[c].text + 2);
            return EXIT_OK;
        }
    }
    if (refuse_repeats(argc - 2, argv + 2) != EXIT_OK) {
        return EXIT_BAD_INPUT;
    }
    if (strcmp(command, "--version") == 0) {
        printf("amplisim %s%s\n", AMPLISIM_VERSION, ranks_mpi_built() ? " (with MPI)" : "");
        return EXIT_OK;
    }
    if (strcmp(command, "run") == 0) {
        return cmd_run(argc - 2, argv + 2);
    }
    if (strcmp(command, "validate") == 0) {
        return cmd_validate(argc - 2, argv + 2);
    }
    if (strcmp(command, "compare") == 0) {
        return cmd_compare(argc - 2, argv + 2);
    }
    if (strcmp(command, "study") == 0) {
        return cmd_study(argc - 2, argv + 2);
    }
    if (strcmp(command, "fit") == 0) {
        /* A fit shares each evaluation's replicates over MPI ranks. */
        ranks_init(&argc, &argv);
        int status = cmd_fit(argc - 2, argv + 2);
        ranks_finalize();
        return status;
    }
    if (strcmp(command, "plot") == 0) {
        return cmd_plot(argc - 2, argv + 2);
    }
    if (strcmp(command, "sweep") == 0) {
        /* A sweep spreads its runs over MPI ranks, under mpirun. */
        ranks_init(&argc, &argv);
        int status = cmd_sweep(argc - 2, argv + 2);
        ranks_finalize();
        return status;
    }
    return cli_usage_error("unknown command \"%s\" (try amplisim --help)", command);
}
