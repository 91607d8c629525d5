/* Whole-file reads, atomic writes, paths and append-only logs. A result
 * file is either complete or absent: writers go to a temporary file in the
 * same directory, flush and fsync it, then rename it over the target. */
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

/* base_dir joined with path (caller frees), unless path is absolute or
 * base_dir is NULL or empty: then a copy of path. */
char *file_join_path(const char *base_dir, const char *path);

/* An existing file's path made absolute (realpath), so that it names the
 * same file from another directory; a missing file keeps its path, for the
 * message that reading it gives. The caller frees the result. */
char *file_resolve_path(const char *path);

/* The folder of path ("a/b.json" gives "a", "/x.json" gives "/"), or NULL
 * when path has none; the caller frees it. */
char *file_folder(const char *path);

/* Writes n bytes to fd, retrying short writes and EINTR. Returns STATUS_OK
 * or STATUS_FAILURE with "path: reason" in err. */
int file_write_fully(int fd, const char *data, size_t n, const char *path, struct error *err);

/* Whether dir is a directory with no entries (false when it cannot be
 * opened). */
bool file_dir_is_empty(const char *dir);

/* An append-only log of lines (a sweep's runs, a fit's evaluations): each
 * line is written with one write(2), so a process killed at any moment
 * (kill -9 included) loses at most the line under way, and the file is
 * flushed to disk (fdatasync) at most once a second and when closed, so a
 * machine that loses power loses at most the last second's lines. */
struct file_log {
    int fd;          /* -1 when closed */
    char *path;
    double synced_s; /* monotonic time of the last fdatasync */
    size_t unsynced; /* lines written since */
};

/* Opens (creating) path for appending, locked against a second process
 * writing it (what names that process in the message: "sweep", "fit"),
 * with a last line cut short by a kill removed. Returns STATUS_OK or
 * STATUS_FAILURE with err set; release log with file_log_close either way. */
int file_log_open(struct file_log *log, const char *path, const char *what, struct error *err);

/* Appends n bytes (whole lines); flushes the file to disk when a second has
 * passed since the last flush. */
int file_log_append(struct file_log *log, const char *data, size_t n, struct error *err);

/* Whether a log line (without its newline) ends in ",XXXXXXXX", the
 * FNV-1a 32-bit checksum (base/hash.h) of what precedes the comma, in hex;
 * if so the checksum is cut off (the comma becomes the line's end). */
bool file_log_strip_checksum(char *line);

/* Flushes what is not yet on disk, closes the file and its lock; accepts a
 * log never opened. */
void file_log_close(struct file_log *log);

#endif
