/* amplisim's entry point: dispatches to a command. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch/ranks.h"
#include "args.h"
#include "cli.h"

static const char usage[] =
    "usage: amplisim COMMAND [ARGS]\n"
    "\n"
    "Simulates how fabricated stories are amplified on social media.\n"
    "\n"
    "commands:\n"
    "  run SCENARIO [--reps R] [--seed S] [--set PATH=VALUE]... [--out DIR]\n"
    "               [--threads T] [--quiet] [--replicate I]\n"
    "        run R replicates of a scenario file and write scenario.json,\n"
    "        timeseries.csv and summary.json to DIR (default results/<name>/);\n"
    "        --replicate I runs replicate I alone (as a sweep's runs.csv names it)\n"
    "  validate SCENARIO [--set PATH=VALUE]...\n"
    "        check a scenario file without running it\n"
    "  compare A B [--reps R] [--seed S] [--out DIR] [--threads T]\n"
    "          [--resilience-at H] [--resilience-k 1,10,100]\n"
    "          [--resilience-by attribution|followers|role:ROLE] [--quiet]\n"
    "        run two scenarios (or the scenario.json of two run directories) on\n"
    "        the same seeds and write compare.json, compare.csv and each side's run (a/, b/)\n"
    "  sweep SWEEP [--out DIR] [--threads T] [--quiet]\n"
    "        run every point of a parameter sweep (under mpirun, over every rank);\n"
    "        write runs.csv and sweep.csv to DIR (default results/<sweep name>/);\n"
    "        rerun the same command to resume an interrupted sweep\n"
    "  plot DIR [--format png|svg|pdf]\n"
    "        write the plots of a run, compare or sweep directory into DIR/plots/:\n"
    "        data files, gnuplot scripts and images (default png)\n"
    "\n"
    "options:\n"
    "  --help       show this help\n"
    "  --version    show the version\n"
    "\n"
    "exit status: 0 success, 1 failure while running, 2 bad usage or bad input,\n"
    "130 interrupted (Ctrl-C or SIGTERM: nothing written; a second one ends it at once)\n"
    "docs: README.md, docs/scenario.md (every key), docs/model.md (the equations)\n";

int main(int argc, char **argv)
{
    if (argc < 2) {
        fputs(usage, stderr);
        return EXIT_BAD_INPUT;
    }
    const char *command = argv[1];
    if (strcmp(command, "--help") == 0 || strcmp(command, "-h") == 0 ||
        strcmp(command, "help") == 0) {
        fputs(usage, stdout);
        return EXIT_OK;
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
    if (strcmp(command, "plot") == 0) {
        return cmd_plot(argc - 2, argv + 2);
    }
    if (strcmp(command, "sweep") == 0) {
        /* Only a sweep spreads over MPI ranks, and only under mpirun. */
        ranks_init(&argc, &argv);
        int status = cmd_sweep(argc - 2, argv + 2);
        ranks_finalize();
        return status;
    }
    return cli_usage_error("unknown command \"%s\" (try amplisim --help)", command);
}
