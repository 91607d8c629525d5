/* Allocation wrappers that abort on exhaustion instead of returning NULL. */
#define _DEFAULT_SOURCE
#include "alloc.h"

#include <sys/mman.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void out_of_memory(size_t size)
{
    fprintf(stderr, "amplisim: out of memory allocating %zu bytes\n", size);
    abort();
}

void *xmalloc(size_t size)
{
    void *p = malloc(size ? size : 1);
    if (!p) {
        out_of_memory(size);
    }
    return p;
}

void *xcalloc(size_t count, size_t size)
{
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) {
        out_of_memory(count * size);
    }
    return p;
}

void *xrealloc(void *ptr, size_t size)
{
    void *p = realloc(ptr, size ? size : 1);
    if (!p) {
        out_of_memory(size);
    }
    return p;
}

void *xmalloc_huge(size_t size)
{
    const size_t huge = (size_t)2 << 20;
    void *p = NULL;
    if (size < huge) {
        /* A cache line at least: records of 64 bytes then sit in one line. */
        if (posix_memalign(&p, 64, size ? size : 1) != 0 || !p) {
            out_of_memory(size);
        }
        return p;
    }
    size_t rounded = (size + huge - 1) / huge * huge;
    if (posix_memalign(&p, huge, rounded) != 0 || !p) {
        out_of_memory(size);
    }
#ifdef MADV_HUGEPAGE
    /* Advice only: without transparent huge pages this changes nothing. */
    madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
}

void *xcalloc_huge(size_t count, size_t size)
{
    if (size && count > (size_t)-1 / size) {
        out_of_memory((size_t)-1);
    }
    void *p = xmalloc_huge(count * size);
    memset(p, 0, count * size);
    return p;
}

void *xrealloc_huge(void *ptr, size_t old_size, size_t size)
{
    void *p = xmalloc_huge(size);
    if (ptr) {
        memcpy(p, ptr, old_size < size ? old_size : size);
        free(ptr);
    }
    return p;
}

char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}
