/* Whole-file reads and atomic writes. A result file is either complete or
 * absent: writers go to a temporary file in the same directory, flush and
 * fsync it, then rename it over the target. */
#ifndef AMPLISIM_FILEIO_H
#define AMPLISIM_FILEIO_H

#include <stddef.h>

#include "../base/error.h"
#include "../base/strbuf.h"

/* Reads the whole file into a NUL-terminated buffer the caller frees; stores
 * its length (without the NUL) in *len if len is non-NULL. Returns NULL and
 * fills err when the file cannot be read. */
char *file_read_all(const char *path, size_t *len, struct error *err);

/* Writes len bytes to path atomically (temporary file, fsync, rename), with
 * SIGINT, SIGTERM and SIGHUP held back meanwhile so that no temporary file
 * outlives the call. Returns STATUS_OK or STATUS_FAILURE with err filled. */
int file_write_atomic(const char *path, const char *data, size_t len, struct error *err);

/* Creates dir and its missing parents (like mkdir -p). */
int file_make_dirs(const char *dir, struct error *err);

#endif
