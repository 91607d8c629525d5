/* Whole-file reads and atomic writes. A result file is either complete or
 * absent: writers go to a temporary file in the same directory, flush and
 * fsync it, then rename it over the target. */
#ifndef AMPLISIM_FILEIO_H
#define AMPLISIM_FILEIO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "../base/error.h"
#include "../base/strbuf.h"

/* Opens path for reading, refusing at once (without blocking) what is not
 * a regular file: a directory, a FIFO, a device such as /dev/zero, a socket.
 * Returns NULL with err filled ("PATH: cannot open: REASON" or "PATH: not a
 * regular file (a FIFO); ..."); the caller fcloses the stream. */
FILE *file_open_read(const char *path, struct error *err);

/* Reads the whole file into a NUL-terminated buffer the caller frees; stores
 * its length (without the NUL) in *len if len is non-NULL. Returns NULL and
 * fills err when the file cannot be read or is not a regular file. */
char *file_read_all(const char *path, size_t *len, struct error *err);

/* Writes len bytes to path atomically (temporary file, fsync, rename), with
 * SIGINT, SIGTERM and SIGHUP held back meanwhile so that no temporary file
 * outlives the call. Returns STATUS_OK or STATUS_FAILURE with err filled. */
int file_write_atomic(const char *path, const char *data, size_t len, struct error *err);

/* PATH.tmp.PID: this process's temporary name for path (caller frees), for a
 * file another program writes (gnuplot's report.pdf) before the caller
 * renames it over path; file_remove_stale_temps clears it if the process
 * dies first. */
char *file_temp_name(const char *path);

/* Writes count files at once: each to a temporary file, then, only when all
 * are written and flushed, renamed over its target, so that a failure (a full
 * disk, a signal) leaves every target as it was rather than a lone first
 * file. texts are NUL-terminated. Returns STATUS_OK or STATUS_FAILURE. */
int file_write_set(size_t count, const char *const *paths, const char *const *texts,
                   struct error *err);

/* The same for data of given lengths, which may hold NUL bytes (a gzip
 * file). */
int file_write_set_sized(size_t count, const char *const *paths, const char *const *data,
                         const size_t *lens, struct error *err);

/* Removes the files of dir whose names match (not recursively). Best
 * effort: a file that cannot be removed stays. */
void file_remove_matching(const char *dir, bool (*match)(const char *name));

/* Removes dir's temporary files (NAME.tmp.PID) of processes that no longer
 * exist, as a kill -9 during a write leaves them. Best effort. */
void file_remove_stale_temps(const char *dir);

/* Checks, before any work, that results of about `bytes` can be written to
 * dir: it is a directory or can be created (its nearest existing ancestor is
 * a writable directory), and its disk has that much free. Creates nothing.
 * Returns STATUS_OK or STATUS_FAILURE with the reason. */
int file_check_out_dir(const char *dir, double bytes, struct error *err);

/* Creates dir and its missing parents (like mkdir -p). */
int file_make_dirs(const char *dir, struct error *err);

#endif
