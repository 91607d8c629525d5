/* The one place that builds user-facing error messages. */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>

void error_clear(struct error *err)
{
    if (err) {
        err->message[0] = '\0';
    }
}

static void format_into(struct error *err, const char *fmt, va_list ap)
{
    if (err) {
        vsnprintf(err->message, sizeof err->message, fmt, ap);
    }
}

int error_set(struct error *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_into(err, fmt, ap);
    va_end(ap);
    return STATUS_BAD_INPUT;
}

int error_set_status(struct error *err, int status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    format_into(err, fmt, ap);
    va_end(ap);
    return status;
}
