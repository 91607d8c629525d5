/* Ctrl-C and kill: the first SIGINT or SIGTERM asks the run to stop (the
 * replicate pool polls the flag and stops taking replicates; the commands
 * then write nothing and exit 130); a second one ends the process at once,
 * with the signal's default action, so a user can always kill it. */
#ifndef AMPLISIM_INTERRUPT_H
#define AMPLISIM_INTERRUPT_H

#include <signal.h>
#include <stdbool.h>

/* Installs the SIGINT and SIGTERM handlers. Call once, before any threads
 * start (they inherit the handlers). */
void interrupt_install(void);

/* True once a first signal has arrived. */
bool interrupt_requested(void);

/* The flag the handler sets, for code outside cli/ that polls it
 * (replicates_run's `stop`). Never NULL. */
const volatile sig_atomic_t *interrupt_flag(void);

#endif
