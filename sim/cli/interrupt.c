/* The signal handlers of interrupt.h: a flag for the first signal, the
 * default action for the second. */
#define _POSIX_C_SOURCE 200809L
#include "interrupt.h"

#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t requested;

static void on_signal(int sig)
{
    if (requested) {
        /* The second signal: whatever is running, end now. */
        signal(sig, SIG_DFL);
        raise(sig);
        return;
    }
    requested = 1;
    /* write() is async-signal-safe; stdio is not. */
    static const char note[] = "\namplisim: stopping (interrupt again to end at once)\n";
    ssize_t ignored = write(STDERR_FILENO, note, sizeof note - 1);
    (void)ignored;
}

void interrupt_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    /* Interrupted reads and writes resume; the run notices the flag itself. */
    sa.sa_flags = SA_RESTART;
    static const int signals[] = {SIGINT, SIGTERM};
    for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
        /* A signal ignored on entry (nohup, a shell's background job) stays ignored. */
        struct sigaction old;
        if (sigaction(signals[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) {
            continue;
        }
        sigaction(signals[i], &sa, NULL);
    }
}

bool interrupt_requested(void)
{
    return requested != 0;
}

const volatile sig_atomic_t *interrupt_flag(void)
{
    return &requested;
}
