/* A growable text buffer for building files and messages in memory. */
#ifndef AMPLISIM_STRBUF_H
#define AMPLISIM_STRBUF_H

#include <stddef.h>

/* Initialise with strbuf_init, release with strbuf_destroy; data is always
 * NUL-terminated. Out of memory aborts (base/alloc.h). */
struct strbuf {
    char *data;
    size_t len;
    size_t cap;
};

void strbuf_init(struct strbuf *sb);
void strbuf_destroy(struct strbuf *sb);
void strbuf_printf(struct strbuf *sb, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;
void strbuf_append(struct strbuf *sb, const char *s, size_t n);

#endif
