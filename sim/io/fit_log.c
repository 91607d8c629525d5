/* The append-only log of a fit's evaluations, with per-line checksums
 * (fit_log.h); sweep_log.c keeps a sweep's runs the same way. */
#define _POSIX_C_SOURCE 200809L /* access, lseek */
#include "fit_log.h"

#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../base/alloc.h"
#include "../base/hash.h"
#include "../base/strbuf.h"
#include "fileio.h"

static const char header_prefix[] = "# amplisim fit ";

static char *log_path(const char *dir)
{
    size_t n = strlen(dir) + 16;
    char *p = xmalloc(n);
    snprintf(p, n, "%s/evals.log", dir);
    return p;
}

/* Parses one complete line (without its newline) into rec, whose arrays
 * are allocated here; returns 0, or -1 with nothing allocated. */
bool fit_log_phase_has_points(const char *phase)
{
    return strcmp(phase, "curvature") == 0;
}

static int parse_line(char *line, size_t parameters, size_t statistics, size_t points,
                      size_t expected_index, struct fit_log_record *rec)
{
    if (!file_log_strip_checksum(line)) {
        return -1;
    }
    char *end;
    errno = 0;
    unsigned long long index = strtoull(line, &end, 10);
    if (errno || *end != ',' || index != expected_index) {
        return -1;
    }
    char *phase = end + 1;
    char *phase_end = strchr(phase, ',');
    if (!phase_end || phase_end == phase || (size_t)(phase_end - phase) >= FIT_LOG_PHASE_MAX) {
        return -1;
    }
    memset(rec, 0, sizeof *rec);
    memcpy(rec->phase, phase, (size_t)(phase_end - phase));
    rec->x = xmalloc((parameters + 1) * sizeof *rec->x);
    rec->stats = xmalloc((statistics + 1) * sizeof *rec->stats);
    if (!fit_log_phase_has_points(rec->phase)) {
        points = 0;
    } else {
        rec->points = xmalloc((points + 1) * sizeof *rec->points);
    }
    char *p = phase_end;
    size_t fields = parameters + 1 + statistics + points;
    for (size_t i = 0; i < fields; i++) {
        if (*p != ',') {
            break;
        }
        double v = strtod(p + 1, &end);
        if (end == p + 1) {
            break;
        }
        if (i < parameters) {
            rec->x[i] = v;
        } else if (i == parameters) {
            rec->distance = v;
        } else if (i <= parameters + statistics) {
            rec->stats[i - parameters - 1] = v;
        } else {
            rec->points[i - parameters - 1 - statistics] = v;
        }
        p = end;
        if (i + 1 == fields && *p == '\0') {
            return 0;
        }
    }
    free(rec->x);
    free(rec->stats);
    free(rec->points);
    return -1;
}

void fit_log_records_free(struct fit_log_record *rec, size_t count)
{
    for (size_t i = 0; rec && i < count; i++) {
        free(rec[i].x);
        free(rec[i].stats);
        free(rec[i].points);
    }
    free(rec);
}

int fit_log_read(const char *dir, const char *fingerprint, size_t parameters, size_t statistics,
                 size_t points, struct fit_log_record **out, size_t *count, struct error *err)
{
    *out = NULL;
    *count = 0;
    char *path = log_path(dir);
    if (access(path, F_OK) != 0) {
        free(path);
        return STATUS_OK;
    }
    size_t len;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        free(path);
        return STATUS_FAILURE;
    }
    int status = STATUS_OK;
    size_t cap = 0, line_no = 0;
    for (char *line = text; status == STATUS_OK && line < text + len;) {
        char *nl = memchr(line, '\n', (size_t)(text + len - line));
        if (!nl) {
            break; /* cut short by a kill: that evaluation is simply not recorded */
        }
        *nl = '\0';
        line_no++;
        if (line_no == 1) {
            size_t n = strlen(header_prefix);
            if (strncmp(line, header_prefix, n) != 0 || strcmp(line + n, fingerprint) != 0) {
                status = error_set(err,
                                   "%s is the log of a different fit (its file, its base "
                                   "scenario, its seed, replicates or method differ); choose "
                                   "another --out, or delete %s to start over",
                                   path, dir);
            }
        } else {
            if (*count == cap) {
                cap = cap ? 2 * cap : 256;
                *out = xrealloc(*out, cap * sizeof **out);
            }
            if (parse_line(line, parameters, statistics, points, *count, &(*out)[*count]) != 0) {
                status = error_set_status(err, STATUS_FAILURE,
                                          "%s:%zu: damaged record (bad format or checksum); "
                                          "remove it and the lines after it to rerun those "
                                          "evaluations",
                                          path, line_no);
            } else {
                (*count)++;
            }
        }
        line = nl + 1;
    }
    free(text);
    free(path);
    if (status != STATUS_OK) {
        fit_log_records_free(*out, *count);
        *out = NULL;
        *count = 0;
    }
    return status;
}

int fit_log_open(struct fit_log *log, const char *dir, const char *fingerprint, size_t parameters,
                 size_t statistics, size_t points, struct error *err)
{
    memset(log, 0, sizeof *log);
    log->file.fd = -1;
    log->parameters = parameters;
    log->statistics = statistics;
    log->points = points;
    if (file_make_dirs(dir, err) != STATUS_OK) {
        return STATUS_FAILURE;
    }
    char *path = log_path(dir);
    int status = file_log_open(&log->file, path, "fit", err);
    free(path);
    if (status == STATUS_OK && lseek(log->file.fd, 0, SEEK_END) == 0) {
        char line[128];
        int n = snprintf(line, sizeof line, "%s%s\n", header_prefix, fingerprint);
        status = file_log_append(&log->file, line, (size_t)n, err);
    }
    return status;
}

int fit_log_append(struct fit_log *log, size_t index, const struct fit_log_record *rec,
                   struct error *err)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "%zu,%s", index, rec->phase);
    for (size_t k = 0; k < log->parameters; k++) {
        strbuf_printf(&sb, ",%.17g", rec->x[k]);
    }
    strbuf_printf(&sb, ",%.17g", rec->distance);
    for (size_t i = 0; i < log->statistics; i++) {
        strbuf_printf(&sb, ",%.17g", rec->stats[i]);
    }
    if (fit_log_phase_has_points(rec->phase)) {
        for (size_t i = 0; i < log->points; i++) {
            strbuf_printf(&sb, ",%.17g", rec->points[i]);
        }
    }
    strbuf_printf(&sb, ",%08" PRIx32 "\n", hash_fnv32(sb.data, sb.len));
    int status = file_log_append(&log->file, sb.data, sb.len, err);
    strbuf_destroy(&sb);
    return status;
}

void fit_log_close(struct fit_log *log)
{
    file_log_close(&log->file);
}
