/* Allocation that cannot fail: running out of memory is not a recoverable
 * state for a simulator, so these print one line and abort (as Redis's
 * zmalloc does). Memory from xmalloc/xcalloc/xrealloc is released with free. */
#ifndef AMPLISIM_ALLOC_H
#define AMPLISIM_ALLOC_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t count, size_t size);
void *xrealloc(void *ptr, size_t size);
/* Like xmalloc, for large arrays read at random (per-account state): aligned
 * to 2 MiB and advised to use transparent huge pages where the kernel allows,
 * so random reads miss the TLB less. Release with free. */
void *xmalloc_huge(size_t size);
/* xmalloc_huge, zeroed. */
void *xcalloc_huge(size_t count, size_t size);
/* Grows (or shrinks) a block from xmalloc_huge to size bytes, keeping its
 * first old_size: a new huge block and a copy, as realloc would neither keep
 * the alignment nor the advice. */
void *xrealloc_huge(void *ptr, size_t old_size, size_t size);

/* Returns a copy of s that the caller frees. */
char *xstrdup(const char *s);

#endif
