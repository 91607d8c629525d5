/* User-facing error reports. A failing boundary function fills a struct error
 * and returns a non-zero status; only cli/ prints the message and picks the
 * exit status. Every message is built by error_set, so one breakpoint there
 * catches them all. */
#ifndef AMPLISIM_ERROR_H
#define AMPLISIM_ERROR_H

#include <stddef.h>

#define ERROR_MESSAGE_MAX 1024

struct error {
    char message[ERROR_MESSAGE_MAX]; /* empty when no error has been set */
};

/* Status codes returned by boundary functions. */
enum status {
    STATUS_OK = 0,
    STATUS_BAD_INPUT = 2, /* the user's file, flag or value is wrong */
    STATUS_FAILURE = 1,   /* the run itself failed (I/O, resources) */
    STATUS_INTERRUPTED = 3, /* stopped on request (a signal); no message, nothing to report */
};

void error_clear(struct error *err);

/* Formats the message (printf-style) into err, which may be NULL. Returns
 * STATUS_BAD_INPUT so callers can write `return error_set(err, ...);`. */
int error_set(struct error *err, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Like error_set but returns the given status. */
int error_set_status(struct error *err, int status, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 3, 4)))
#endif
    ;

#endif
