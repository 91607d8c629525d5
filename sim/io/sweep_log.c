/* Append-only run logs with per-line checksums. */
#define _DEFAULT_SOURCE /* DT_ */
#include "sweep_log.h"

#include <assert.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/hash.h"
#include "fileio.h"

#define LINE_MAX_BYTES 512

static char *log_dir(const char *dir)
{
    size_t n = strlen(dir) + 5;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/log", dir);
    return p;
}

int sweep_log_open(struct sweep_log *log, const char *dir, uint32_t rank, struct error *err)
{
    log->file.fd = -1;
    log->file.path = NULL;
    char *folder = log_dir(dir);
    int status = file_make_dirs(folder, err);
    size_t n = strlen(folder) + 32;
    char *path = xmalloc(n);
    snprintf(path, n, "%s/rank-%" PRIu32 ".csv", folder, rank);
    free(folder);
    if (status == STATUS_OK) {
        status = file_log_open(&log->file, path, "sweep", err);
    } else {
        log->file.path = xstrdup(path);
    }
    free(path);
    return status;
}

int sweep_log_append(struct sweep_log *log, const struct sweep_record *rec, struct error *err)
{
    char line[LINE_MAX_BYTES];
    const struct run_figures *f = &rec->f;
    int n = snprintf(line, sizeof line, "%" PRIu32 ",%" PRIu32 ",%.17g,%.17g,%.17g,%.17g,%.17g",
                     rec->point, rec->replicate, f->views, f->reach, f->shares, f->time_to_1e6_h,
                     f->peak_view_rate_per_h);
    assert(n > 0 && (size_t)n + 10 < sizeof line);
    n += snprintf(line + n, sizeof line - (size_t)n, ",%08" PRIx32 "\n",
                  hash_fnv32(line, (size_t)n));
    return file_log_append(&log->file, line, (size_t)n, err);
}

void sweep_log_close(struct sweep_log *log)
{
    file_log_close(&log->file);
}

/* Parses one complete line (without its newline); returns 0 or -1. */
static int parse_line(char *line, struct sweep_record *rec)
{
    if (!file_log_strip_checksum(line)) {
        return -1;
    }
    unsigned long long p, r;
    double v[5];
    char tail;
    int got = sscanf(line, "%llu,%llu,%lf,%lf,%lf,%lf,%lf%c", &p, &r, &v[0], &v[1], &v[2], &v[3],
                     &v[4], &tail);
    if (got != 7 || p > UINT32_MAX || r > UINT32_MAX) {
        return -1;
    }
    *rec = (struct sweep_record){(uint32_t)p, (uint32_t)r, {v[0], v[1], v[2], v[3], v[4]}};
    return 0;
}

static int read_one(const char *path, uint32_t points, uint32_t replicates,
                    struct sweep_record **out, size_t *count, size_t *cap, struct error *err)
{
    size_t len;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        return STATUS_FAILURE;
    }
    int status = STATUS_OK;
    size_t line_no = 0;
    for (char *line = text; status == STATUS_OK && line < text + len;) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        if (!nl) {
            break; /* cut short by a kill: the run is simply not recorded */
        }
        *nl = '\0';
        line_no++;
        struct sweep_record rec;
        if (parse_line(line, &rec) != 0) {
            status = error_set_status(err, STATUS_FAILURE,
                                      "%s:%zu: damaged record (bad format or checksum); remove "
                                      "the line to rerun that run",
                                      path, line_no);
        } else if (rec.point >= points || rec.replicate >= replicates) {
            status = error_set_status(err, STATUS_FAILURE,
                                      "%s:%zu: a run (point %" PRIu32 ", replicate %" PRIu32
                                      ") outside this sweep's %" PRIu32 " x %" PRIu32,
                                      path, line_no, rec.point, rec.replicate, points, replicates);
        } else {
            if (*count == *cap) {
                *cap = *cap ? 2 * *cap : 256;
                *out = xrealloc(*out, *cap * sizeof **out);
            }
            (*out)[(*count)++] = rec;
        }
        line = nl + 1;
    }
    free(text);
    return status;
}

static int by_run(const void *a, const void *b)
{
    const struct sweep_record *x = a, *y = b;
    if (x->point != y->point) {
        return x->point < y->point ? -1 : 1;
    }
    return (x->replicate > y->replicate) - (x->replicate < y->replicate);
}

int sweep_log_read_all(const char *dir, uint32_t points, uint32_t replicates,
                       struct sweep_record **out, size_t *count, struct error *err)
{
    *out = NULL;
    *count = 0;
    char *folder = log_dir(dir);
    DIR *d = opendir(folder);
    if (!d) {
        int status = errno == ENOENT
                         ? STATUS_OK
                         : error_set_status(err, STATUS_FAILURE, "%s: %s", folder, strerror(errno));
        free(folder);
        return status;
    }
    size_t cap = 0;
    int status = STATUS_OK;
    struct dirent *e;
    while (status == STATUS_OK && (e = readdir(d)) != NULL) {
        size_t n = strlen(e->d_name);
        if (strncmp(e->d_name, "rank-", 5) != 0 || n < 5 ||
            strcmp(e->d_name + n - 4, ".csv") != 0) {
            continue;
        }
        size_t m = strlen(folder) + n + 2;
        char *path = xmalloc(m);
        snprintf(path, m, "%s/%s", folder, e->d_name);
        status = read_one(path, points, replicates, out, count, &cap, err);
        free(path);
    }
    closedir(d);
    free(folder);
    if (status != STATUS_OK) {
        free(*out);
        *out = NULL;
        *count = 0;
        return status;
    }
    if (*count > 1) {
        qsort(*out, *count, sizeof **out, by_run);
        /* A run recorded twice (two ranks of a resumed sweep cannot both run
         * it, but a user may copy logs) is the same run: keep one. */
        size_t kept = 1;
        for (size_t i = 1; i < *count; i++) {
            if (by_run(&(*out)[i], &(*out)[kept - 1]) != 0) {
                (*out)[kept++] = (*out)[i];
            }
        }
        *count = kept;
    }
    return STATUS_OK;
}
