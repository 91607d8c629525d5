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

#define LINE_MAX_BYTES 4096

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
    assert(n > 0);
    for (size_t i = 0; i < f->extra_count; i++) {
        n += snprintf(line + n, sizeof line - (size_t)n, ",%.17g", f->extra[i]);
    }
    assert((size_t)n + 10 < sizeof line);
    n += snprintf(line + n, sizeof line - (size_t)n, ",%08" PRIx32 "\n",
                  hash_fnv32(line, (size_t)n));
    return file_log_append(&log->file, line, (size_t)n, err);
}

void sweep_log_close(struct sweep_log *log)
{
    file_log_close(&log->file);
}

/* The outputs of the records read so far, in the order read. While the
 * logs are read a record's f.extra holds the offset of its outputs here
 * (cast, never dereferenced); once the records are sorted and deduplicated
 * the outputs are copied behind them, in the same allocation, and the
 * pointers set (fix_extras), so the caller's one free releases both. */
struct extras {
    double *values;
    size_t count, cap;
};

/* Parses one complete line (without its newline), its outputs appended to
 * pool; returns 0 or -1. */
static int parse_line(char *line, struct sweep_record *rec, struct extras *pool)
{
    if (!file_log_strip_checksum(line)) {
        return -1;
    }
    unsigned long long p, r;
    double v[5];
    int used = 0;
    int got = sscanf(line, "%llu,%llu,%lf,%lf,%lf,%lf,%lf%n", &p, &r, &v[0], &v[1], &v[2], &v[3],
                     &v[4], &used);
    if (got != 7 || p > UINT32_MAX || r > UINT32_MAX) {
        return -1;
    }
    /* Then the sweep's outputs, if it has any. */
    double extra[RUN_FIGURES_EXTRA_MAX];
    size_t n = 0;
    for (const char *at = line + used; *at;) {
        char *stop;
        if (*at != ',' || n == RUN_FIGURES_EXTRA_MAX) {
            return -1;
        }
        extra[n++] = strtod(at + 1, &stop);
        if (stop == at + 1) {
            return -1;
        }
        at = stop;
    }
    if (pool->count + n > pool->cap) {
        pool->cap = 2 * (pool->count + n) + 256;
        pool->values = xrealloc(pool->values, pool->cap * sizeof *pool->values);
    }
    *rec = (struct sweep_record){
        (uint32_t)p, (uint32_t)r, {v[0], v[1], v[2], v[3], v[4], n, (const double *)pool->count}};
    if (n > 0) { /* a sweep without outputs never allocates the pool */
        memcpy(pool->values + pool->count, extra, n * sizeof *extra);
        pool->count += n;
    }
    return 0;
}

static int read_one(const char *path, uint32_t points, uint32_t replicates,
                    struct sweep_record **out, size_t *count, size_t *cap, struct extras *pool,
                    struct error *err)
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
        if (parse_line(line, &rec, pool) != 0) {
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

/* Copies the kept records' outputs from pool behind the records, in their
 * allocation, and points each record's f.extra at its own. */
static void fix_extras(struct sweep_record **out, size_t count, const struct extras *pool)
{
    size_t total = 0;
    for (size_t i = 0; i < count; i++) {
        total += (*out)[i].f.extra_count;
    }
    if (total == 0) {
        for (size_t i = 0; i < count; i++) {
            (*out)[i].f.extra = NULL;
        }
        return;
    }
    /* struct sweep_record's size is a multiple of its alignment, which
     * doubles share, so the values after the records are aligned. */
    *out = xrealloc(*out, count * sizeof **out + total * sizeof(double));
    double *tail = (double *)(void *)(*out + count);
    for (size_t i = 0; i < count; i++) {
        struct sweep_record *rec = &(*out)[i];
        size_t at = (size_t)(uintptr_t)rec->f.extra;
        memcpy(tail, pool->values + at, rec->f.extra_count * sizeof *tail);
        rec->f.extra = rec->f.extra_count > 0 ? tail : NULL;
        tail += rec->f.extra_count;
    }
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
    struct extras pool = {NULL, 0, 0};
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
        status = read_one(path, points, replicates, out, count, &cap, &pool, err);
        free(path);
    }
    closedir(d);
    free(folder);
    if (status != STATUS_OK) {
        free(pool.values);
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
    fix_extras(out, *count, &pool);
    free(pool.values);
    return STATUS_OK;
}
