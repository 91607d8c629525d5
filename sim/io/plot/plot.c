/* amplisim's figures: finds what kind of directory it is given (a run, a
 * compare, a study or a sweep directory) and hands it to plot_run,
 * plot_compare, plot_study or plot_sweep, which write one gnuplot data file
 * and script per figure. */
#define _POSIX_C_SOURCE 200809L
#include "plot.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../base/alloc.h"
#include "gnuplot.h"
#include "plot_compare.h"
#include "plot_run.h"
#include "plot_study.h"
#include "plot_fit.h"
#include "plot_sweep.h"

int plot_format_parse(const char *text, enum plot_format *out)
{
    static const char *const names[3] = {"png", "svg", "pdf"};
    for (int i = 0; i < 3; i++) {
        if (strcmp(text, names[i]) == 0) {
            *out = (enum plot_format)i;
            return 0;
        }
    }
    return -1;
}

const char *plot_format_extension(enum plot_format format)
{
    return format == PLOT_SVG ? "svg" : format == PLOT_PDF ? "pdf" : "png";
}

static bool is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

int plot_write_scripts(const char *dir, enum plot_format format, struct plot_set *set,
                       struct error *err)
{
    memset(set, 0, sizeof *set);
    enum { FILES = 6 };
    static const char *const files[FILES] = {"timeseries.csv", "compare.json", "sweep.json",
                                             "sweep.csv",      "study.json",   "fit.json"};
    size_t size = strlen(dir) + 32;
    char *path[FILES];
    bool present[FILES];
    for (int i = 0; i < FILES; i++) {
        path[i] = xmalloc(size);
        snprintf(path[i], size, "%s/%s", dir, files[i]);
        present[i] = is_file(path[i]);
    }
    int status;
    if (present[0]) {
        status = plot_run_write(dir, format, set, err);
    } else if (present[1]) {
        status = plot_compare_write(dir, path[1], format, set, err);
    } else if (present[4]) {
        status = plot_study_write(dir, path[4], format, set, err);
    } else if (present[2] && present[3]) {
        status = plot_sweep_write(dir, path[2], path[3], format, set, err);
    } else if (present[5]) {
        status = plot_fit_write(dir, path[5], format, set, err);
    } else if (present[2]) {
        status = error_set(err, "%s: a sweep directory without sweep.csv (has the sweep finished?)",
                           dir);
    } else {
        status = error_set(err,
                           "%s: not a run, compare, study, sweep or fit directory (no "
                           "timeseries.csv, compare.json, study.json, sweep.json or fit.json)",
                           dir);
    }
    for (int i = 0; i < FILES; i++) {
        free(path[i]);
    }
    if (status == STATUS_OK && format == PLOT_PDF) {
        status = gnuplot_write_report(set, err);
        set->report = status == STATUS_OK;
    }
    if (status != STATUS_OK) {
        plot_set_destroy(set);
    }
    return status;
}

void plot_set_destroy(struct plot_set *set)
{
    if (!set) {
        return;
    }
    for (size_t i = 0; i < set->count; i++) {
        free(set->captions[i]);
    }
    free(set->dir);
    free(set->names);
    free(set->captions);
    memset(set, 0, sizeof *set);
}
