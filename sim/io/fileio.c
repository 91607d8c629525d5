/* Whole-file reads, atomic writes and an in-memory text buffer. */
#define _POSIX_C_SOURCE 200809L
#include "fileio.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"

static const char *file_kind(mode_t mode)
{
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a file";
}

FILE *file_open_read(const char *path, struct error *err)
{
    /* Non-blocking, so that opening a FIFO without a writer does not hang;
     * the mode is restored once the file is known to be regular. */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        error_set(err, "%s: cannot open: %s", path, strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        error_set(err, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
        return NULL;
    }
    if (!S_ISREG(st.st_mode)) {
        error_set(err, "%s: not a regular file (%s); expected a file to read", path,
                  file_kind(st.st_mode));
        close(fd);
        return NULL;
    }
    int flags = fcntl(fd, F_GETFL);
    FILE *f = flags < 0 || fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) != 0 ? NULL : fdopen(fd, "rb");
    if (!f) {
        error_set(err, "%s: cannot open: %s", path, strerror(errno));
        close(fd);
    }
    return f;
}

char *file_read_all(const char *path, size_t *len, struct error *err)
{
    FILE *f = file_open_read(path, err);
    if (!f) {
        return NULL;
    }
    struct strbuf sb;
    strbuf_init(&sb);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
        strbuf_append(&sb, chunk, n);
    }
    int failed = ferror(f);
    fclose(f);
    if (failed) {
        strbuf_destroy(&sb);
        error_set(err, "%s: read error", path);
        return NULL;
    }
    strbuf_append(&sb, "", 0);
    if (len) {
        *len = sb.len;
    }
    return sb.data;
}

/* The body of file_write_atomic, run with the terminating signals blocked. */
static int write_via_temp(const char *path, const char *data, size_t len, struct error *err)
{
    size_t plen = strlen(path);
    char *tmp = xmalloc(plen + 32);
    snprintf(tmp, plen + 32, "%s.tmp.%ld", path, (long)getpid());
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        free(tmp);
        return error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", path, strerror(e));
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok || rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        free(tmp);
        return error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", path, strerror(e));
    }
    free(tmp);
    return STATUS_OK;
}

int file_write_atomic(const char *path, const char *data, size_t len, struct error *err)
{
    /* A signal that ends the process (a second Ctrl-C) waits until the
     * temporary file is renamed or removed, so none is left behind. */
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, &old);
    int status = write_via_temp(path, data, len, err);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    return status;
}

int file_make_dirs(const char *dir, struct error *err)
{
    char *p = xstrdup(dir);
    size_t n = strlen(p);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char keep = p[i];
            p[i] = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                int e = errno;
                error_set_status(err, STATUS_FAILURE, "%s: cannot create directory: %s", p,
                                 strerror(e));
                free(p);
                return STATUS_FAILURE;
            }
            p[i] = keep;
        }
    }
    free(p);
    struct stat st;
    if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
        return error_set_status(err, STATUS_FAILURE, "%s: not a directory", dir);
    }
    return STATUS_OK;
}
