/* The command-line front end: one function per command, each parsing its
 * arguments, calling batch/, printing and choosing the exit status. Only
 * cli/ prints to the user and chooses exit status: 0 success, 1 failure
 * while running, 2 bad usage or bad input, 130 interrupted (nothing
 * written). The helpers the commands share are in args.h and progress.h. */
#ifndef AMPLISIM_CLI_H
#define AMPLISIM_CLI_H

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
int cmd_study(int argc, char **argv);
int cmd_fit(int argc, char **argv);

#endif
