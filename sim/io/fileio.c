/* Whole-file reads, atomic writes, paths, and the append-only logs of sweeps and fits. */
#define _DEFAULT_SOURCE /* realpath, flock, fdatasync */
#include "fileio.h"

#include <dirent.h>
#include <errno.h>
#include <stdbool.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/clock.h"
#include "../base/hash.h"

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

/* PATH.tmp.PID, this process's temporary name for path (caller frees). */
static char *temp_name(const char *path)
{
    size_t size = strlen(path) + 32;
    char *tmp = xmalloc(size);
    snprintf(tmp, size, "%s.tmp.%ld", path, (long)getpid());
    return tmp;
}

char *file_temp_name(const char *path)
{
    return temp_name(path);
}

/* Writes data to tmp and flushes it to disk; on failure removes tmp. */
static int write_temp(const char *tmp, const char *path, const char *data, size_t len,
                      struct error *err)
{
    FILE *f = fopen(tmp, "wb");
    if (!f) {
        int e = errno;
        return error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", path, strerror(e));
    }
    int ok = fwrite(data, 1, len, f) == len;
    ok = (fflush(f) == 0) && ok;
    ok = (fsync(fileno(f)) == 0) && ok;
    ok = (fclose(f) == 0) && ok;
    if (!ok) {
        int e = errno;
        remove(tmp);
        return error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", path, strerror(e));
    }
    return STATUS_OK;
}

/* The body of file_write_set, run with the terminating signals blocked:
 * every file to its temporary name first, then the renames, so a failure
 * before the renames leaves every target as it was. */
static int write_set(size_t count, const char *const *paths, const char *const *texts,
                     const size_t *lens, struct error *err)
{
    char **tmp = xcalloc(count, sizeof *tmp);
    int status = STATUS_OK;
    size_t written = 0;
    for (; written < count && status == STATUS_OK; written++) {
        tmp[written] = temp_name(paths[written]);
        size_t len = lens ? lens[written] : strlen(texts[written]);
        status = write_temp(tmp[written], paths[written], texts[written], len, err);
    }
    for (size_t i = 0; i < count; i++) {
        if (status != STATUS_OK) {
            if (tmp[i] && i + 1 < written) {
                remove(tmp[i]); /* the failed one removed itself */
            }
        } else if (rename(tmp[i], paths[i]) != 0) {
            int e = errno;
            status = error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", paths[i],
                                      strerror(e));
            for (size_t j = i; j < count; j++) {
                remove(tmp[j]);
            }
            break;
        }
    }
    for (size_t i = 0; i < count; i++) {
        free(tmp[i]);
    }
    free(tmp);
    return status;
}

/* Holds back the signals that end the process (a second Ctrl-C) until
 * unblock_ending: a write waits until its temporary files are renamed or
 * removed, so none is left behind. */
static void block_ending(sigset_t *old)
{
    sigset_t block;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigaddset(&block, SIGHUP);
    pthread_sigmask(SIG_BLOCK, &block, old);
}

static void unblock_ending(const sigset_t *old)
{
    pthread_sigmask(SIG_SETMASK, old, NULL);
}

int file_write_set(size_t count, const char *const *paths, const char *const *texts,
                   struct error *err)
{
    sigset_t old;
    block_ending(&old);
    int status = write_set(count, paths, texts, NULL, err);
    unblock_ending(&old);
    return status;
}

int file_write_set_sized(size_t count, const char *const *paths, const char *const *data,
                         const size_t *lens, struct error *err)
{
    sigset_t old;
    block_ending(&old);
    int status = write_set(count, paths, data, lens, err);
    unblock_ending(&old);
    return status;
}

int file_write_atomic(const char *path, const char *data, size_t len, struct error *err)
{
    sigset_t old;
    block_ending(&old);
    char *tmp = temp_name(path);
    int status = write_temp(tmp, path, data, len, err);
    if (status == STATUS_OK && rename(tmp, path) != 0) {
        int e = errno;
        remove(tmp);
        status = error_set_status(err, STATUS_FAILURE, "%s: cannot write: %s", path, strerror(e));
    }
    free(tmp);
    unblock_ending(&old);
    return status;
}

void file_remove_matching(const char *dir, bool (*match)(const char *name))
{
    DIR *d = opendir(dir);
    if (!d) {
        return;
    }
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (match(e->d_name)) {
            size_t size = strlen(dir) + strlen(e->d_name) + 2;
            char *path = xmalloc(size);
            snprintf(path, size, "%s/%s", dir, e->d_name);
            remove(path);
            free(path);
        }
    }
    closedir(d);
}

/* NAME.tmp.PID of a process that no longer exists: a live one (this one
 * included) may still rename it. */
static bool is_dead_temp(const char *name)
{
    const char *mark = strstr(name, ".tmp.");
    char *end = NULL;
    long pid = mark ? strtol(mark + 5, &end, 10) : 0;
    if (!mark || pid <= 0 || *end != '\0' || pid == (long)getpid()) {
        return false;
    }
    return kill((pid_t)pid, 0) != 0 && errno == ESRCH;
}

void file_remove_stale_temps(const char *dir)
{
    file_remove_matching(dir, is_dead_temp);
}

int file_check_out_dir(const char *dir, double bytes, struct error *err)
{
    struct stat st;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
        return error_set_status(err, STATUS_FAILURE, "%s: exists and is not a directory", dir);
    }
    /* The directory, or the nearest ancestor that exists, must take files. */
    char *probe = xstrdup(dir);
    while (stat(probe, &st) != 0) {
        char *slash = strrchr(probe, '/');
        if (!slash) {
            strcpy(probe, ".");
            break;
        }
        if (slash == probe) {
            slash[1] = '\0';
            break;
        }
        *slash = '\0';
    }
    int status = STATUS_OK;
    struct statvfs fs;
    if (stat(probe, &st) != 0 || !S_ISDIR(st.st_mode)) {
        status = error_set_status(err, STATUS_FAILURE,
                                  "%s: cannot create directory: %s is not a directory", dir, probe);
    } else if (access(probe, W_OK | X_OK) != 0) {
        status = error_set_status(err, STATUS_FAILURE,
                                  "%s: cannot create directory: %s is not writable", dir, probe);
    } else if (statvfs(probe, &fs) == 0 && fs.f_blocks > 0 &&
               (double)fs.f_bavail * (double)fs.f_frsize < bytes) {
        /* (A pseudo file system such as /proc has no blocks: no figure.) */
        char have[32], need[32];
        snprintf(have, sizeof have, "%.1f MiB", (double)fs.f_bavail * fs.f_frsize / 1048576.0);
        snprintf(need, sizeof need, "%.1f MiB", bytes / 1048576.0);
        status = error_set_status(err, STATUS_FAILURE,
                                  "%s: the results need about %s but the disk has %s free", dir,
                                  need, have);
    }
    free(probe);
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

/* Cuts the file back to its last newline: a line without one was being
 * written when the process died. */
static int drop_partial_line(int fd, const char *path, struct error *err)
{
    struct stat st;
    if (fstat(fd, &st) != 0) {
        return error_set_status(err, STATUS_FAILURE, "%s: %s", path, strerror(errno));
    }
    off_t end = st.st_size;
    char c;
    while (end > 0) {
        if (pread(fd, &c, 1, end - 1) != 1) {
            return error_set_status(err, STATUS_FAILURE, "%s: %s", path, strerror(errno));
        }
        if (c == '\n') {
            break;
        }
        end--;
    }
    if (end != st.st_size && ftruncate(fd, end) != 0) {
        return error_set_status(err, STATUS_FAILURE, "%s: %s", path, strerror(errno));
    }
    return STATUS_OK;
}

bool file_dir_is_empty(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) {
        return false;
    }
    struct dirent *e;
    bool empty = true;
    while (empty && (e = readdir(d)) != NULL) {
        empty = strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0;
    }
    closedir(d);
    return empty;
}

char *file_join_path(const char *base_dir, const char *path)
{
    if (path[0] == '/' || !base_dir || base_dir[0] == '\0') {
        return xstrdup(path);
    }
    size_t dir = strlen(base_dir);
    bool slash = base_dir[dir - 1] == '/';
    char *joined = xmalloc(dir + 1 + strlen(path) + 1);
    memcpy(joined, base_dir, dir);
    if (!slash) {
        joined[dir++] = '/';
    }
    strcpy(joined + dir, path);
    return joined;
}

char *file_resolve_path(const char *path)
{
    char *absolute = realpath(path, NULL);
    return absolute ? absolute : xstrdup(path);
}

char *file_folder(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash) {
        return NULL;
    }
    size_t dir = slash == path ? 1 : (size_t)(slash - path);
    char *folder = xmalloc(dir + 1);
    memcpy(folder, path, dir);
    folder[dir] = '\0';
    return folder;
}

int file_write_fully(int fd, const char *data, size_t n, const char *path, struct error *err)
{
    for (size_t done = 0; done < n;) {
        ssize_t w = write(fd, data + done, n - done);
        if (w < 0 && errno == EINTR) {
            continue;
        }
        if (w <= 0) {
            return error_set_status(err, STATUS_FAILURE, "%s: %s", path, strerror(errno));
        }
        done += (size_t)w;
    }
    return STATUS_OK;
}

int file_log_open(struct file_log *log, const char *path, const char *what, struct error *err)
{
    log->fd = open(path, O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    log->path = xstrdup(path);
    log->synced_s = clock_seconds();
    log->unsynced = 0;
    if (log->fd < 0) {
        return error_set_status(err, STATUS_FAILURE, "%s: %s", path, strerror(errno));
    }
    if (flock(log->fd, LOCK_EX | LOCK_NB) != 0) {
        return error_set_status(err, STATUS_FAILURE,
                                "%s is being written by another amplisim %s; wait for it or "
                                "choose another --out",
                                path, what);
    }
    return drop_partial_line(log->fd, path, err);
}

int file_log_append(struct file_log *log, const char *data, size_t n, struct error *err)
{
    if (file_write_fully(log->fd, data, n, log->path, err) != STATUS_OK) {
        return STATUS_FAILURE;
    }
    log->unsynced++;
    double now = clock_seconds();
    if (now - log->synced_s >= 1.0) {
        log->synced_s = now;
        log->unsynced = 0;
        if (fdatasync(log->fd) != 0) {
            return error_set_status(err, STATUS_FAILURE, "%s: %s", log->path, strerror(errno));
        }
    }
    return STATUS_OK;
}

void file_log_close(struct file_log *log)
{
    if (log->fd >= 0) {
        if (log->unsynced > 0) {
            fdatasync(log->fd); /* best effort: every line is written already */
        }
        close(log->fd); /* releases the lock */
    }
    log->fd = -1;
    free(log->path);
    log->path = NULL;
}

bool file_log_strip_checksum(char *line)
{
    char *comma = strrchr(line, ',');
    if (!comma) {
        return false;
    }
    char *end;
    errno = 0;
    unsigned long sum = strtoul(comma + 1, &end, 16);
    if (errno || *end || end - (comma + 1) != 8 ||
        (uint32_t)sum != hash_fnv32(line, (size_t)(comma - line))) {
        return false;
    }
    *comma = '\0';
    return true;
}
