/* The figures of a fit directory (fit.json beside evals.csv): per observed
 * curve the observations against the simulated median at the estimate with
 * its 5-95 % band (fit_curve_N), the objective's trace over the evaluations
 * (fit_trace) and, for ABC, each parameter's posterior marginal and the
 * pairwise scatter of the last generation's particles (posterior_PARAM,
 * pairs_P1_P2). The data come from the directory's CSV files, read through
 * the one CSV reader. */
#include "plot_fit.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../base/alloc.h"
#include "../csv.h"
#include "../fileio.h"
#include "gnuplot.h"

#define HISTOGRAM_BINS 20
#define PAIRS_PARAMETERS_MAX 6 /* 15 scatter plots; more would bury the report */

/* A CSV file read whole: its header and its rows of numbers (NaN where a
 * cell is empty or not a number). */
struct table {
    size_t columns, rows;
    char **names;  /* [columns] */
    double *cells; /* [rows][columns] */
};

static void table_destroy(struct table *t)
{
    for (size_t c = 0; c < t->columns; c++) {
        free(t->names[c]);
    }
    free(t->names);
    free(t->cells);
    memset(t, 0, sizeof *t);
}

static int table_read(const char *path, struct table *t, struct error *err)
{
    memset(t, 0, sizeof *t);
    size_t len;
    char *text = file_read_all(path, &len, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    struct csv c;
    int status = csv_init(&c, path, text, len, CSV_QUOTES, err);
    struct csv_row row;
    size_t cap = 0;
    while (status == STATUS_OK && (status = csv_next_row(&c, &row, err)) == STATUS_OK &&
           row.count > 0) {
        if (!t->names) {
            t->columns = row.count;
            t->names = xmalloc(row.count * sizeof *t->names);
            for (size_t i = 0; i < row.count; i++) {
                t->names[i] = xstrdup(row.cells[i].text);
            }
            continue;
        }
        if (row.count != t->columns) {
            status = csv_fail(&c, err, row.line, 0, "expected %zu cells, got %zu", t->columns,
                              row.count);
            break;
        }
        if (t->rows == cap) {
            cap = cap ? 2 * cap : 64;
            t->cells = xrealloc(t->cells, cap * t->columns * sizeof *t->cells);
        }
        for (size_t i = 0; i < row.count; i++) {
            char *end;
            double x = strtod(row.cells[i].text, &end);
            t->cells[t->rows * t->columns + i] = row.cells[i].len > 0 && *end == '\0' ? x : NAN;
        }
        t->rows++;
    }
    if (status == STATUS_OK && !t->names) {
        status = error_set(err, "%s: expected a header line", path);
    }
    csv_destroy(&c);
    free(text);
    if (status != STATUS_OK) {
        table_destroy(t);
    }
    return status;
}

static int column(const struct table *t, const char *name)
{
    for (size_t c = 0; c < t->columns; c++) {
        if (strcmp(t->names[c], name) == 0) {
            return (int)c;
        }
    }
    return -1;
}

static double cell(const struct table *t, size_t r, int c)
{
    return c < 0 ? NAN : t->cells[r * t->columns + (size_t)c];
}

/* What every caption ends with. */
struct fit_facts {
    char caption[512];
    size_t parameters;
    char (*names)[PLOT_LABEL_MAX];
};

static int read_facts(const char *fit_json, struct fit_facts *facts, struct error *err)
{
    memset(facts, 0, sizeof *facts);
    char *text = file_read_all(fit_json, NULL, err);
    if (!text) {
        return STATUS_BAD_INPUT;
    }
    cJSON *root = cJSON_Parse(text);
    free(text);
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(root, "name");
    const cJSON *method = cJSON_GetObjectItemCaseSensitive(root, "method");
    const cJSON *reps = cJSON_GetObjectItemCaseSensitive(root, "replicates");
    const cJSON *evals = cJSON_GetObjectItemCaseSensitive(root, "evaluations");
    const cJSON *parameters = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    if (!cJSON_IsString(name) || !cJSON_IsString(method) || !cJSON_IsNumber(reps) ||
        !cJSON_IsNumber(evals) || !cJSON_IsArray(parameters)) {
        cJSON_Delete(root);
        return error_set(err, "%s: not a fit.json amplisim wrote", fit_json);
    }
    snprintf(facts->caption, sizeof facts->caption,
             "Fit %s (%s), %d replicates per evaluation, %d evaluations", name->valuestring,
             method->valuestring, reps->valueint, evals->valueint);
    facts->parameters = (size_t)cJSON_GetArraySize(parameters);
    facts->names = xcalloc(facts->parameters + 1, sizeof *facts->names);
    size_t k = 0;
    for (const cJSON *p = parameters->child; p; p = p->next, k++) {
        const cJSON *pn = cJSON_GetObjectItemCaseSensitive(p, "name");
        snprintf(facts->names[k], PLOT_LABEL_MAX, "%s", cJSON_IsString(pn) ? pn->valuestring : "?");
    }
    cJSON_Delete(root);
    return STATUS_OK;
}

/* The observed points against the simulated median and band, per curve. */
static int write_curves(const char *dir, const struct fit_facts *facts, enum plot_format format,
                        struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 16;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/curves.csv", dir);
    FILE *probe = fopen(path, "r");
    if (!probe) {
        free(path);
        return STATUS_OK; /* a fit to statistics only */
    }
    fclose(probe);
    struct table t;
    int status = table_read(path, &t, err);
    free(path);
    if (status != STATUS_OK) {
        return status;
    }
    int c_curve = column(&t, "curve"), c_time = column(&t, "time_h"),
        c_obs = column(&t, "observed"), c_med = column(&t, "median"), c_lo = column(&t, "p05"),
        c_hi = column(&t, "p95");
    size_t curves = 0;
    for (size_t r = 0; r < t.rows; r++) {
        double i = cell(&t, r, c_curve);
        curves = isfinite(i) && (size_t)i + 1 > curves ? (size_t)i + 1 : curves;
    }
    for (size_t i = 0; i < curves && status == STATUS_OK; i++) {
        struct strbuf dat, gp, what;
        strbuf_init(&dat);
        strbuf_init(&gp);
        strbuf_init(&what);
        char name[PLOT_NAME_MAX];
        snprintf(name, sizeof name, "fit_curve_%zu", i);
        strbuf_printf(&dat, "# time_h median p05 p95 observed\n");
        double min_positive = NAN;
        for (size_t r = 0; r < t.rows; r++) {
            if (cell(&t, r, c_curve) != (double)i) {
                continue;
            }
            int cols[5] = {c_time, c_med, c_lo, c_hi, c_obs};
            for (int k = 0; k < 5; k++) {
                gnuplot_number_exact(&dat, cell(&t, r, cols[k]));
                if (k > 0) {
                    min_positive = gnuplot_min_positive(min_positive, cell(&t, r, cols[k]));
                }
            }
            strbuf_printf(&dat, "\n");
        }
        strbuf_printf(&what,
                      "curve %zu: observed against the simulated median at the estimate, "
                      "shaded 5-95 %% of replicates",
                      i);
        gnuplot_preamble(&gp, format, name, what.data,
                         "1 time_h, 2 median, 3 p05, 4 p95, 5 observed (NaN where none)",
                         what.data);
        strbuf_printf(&gp, "set xlabel 'hours'\nset ylabel 'cumulative count, log scale'\n"
                           "set key top left box opaque\nset grid\n");
        gnuplot_log_y(&gp, min_positive);
        strbuf_printf(&gp,
                      "set style fill transparent solid 0.2 noborder\nplot \\\n"
                      "  '%s.dat' using 1:(pos($3)):(pos($4)) with filledcurves lc rgb '%s' "
                      "title '5-95 %%', \\\n"
                      "  '%s.dat' using 1:(pos($2)) with lines lw 2 lc rgb '%s' title 'simulated "
                      "median', \\\n"
                      "  '%s.dat' using 1:(pos($5)) with points pt 7 ps 1.3 lc rgb '%s' title "
                      "'observed'\n",
                      name, gnuplot_palette(0), name, gnuplot_palette(0), name,
                      GNUPLOT_CAMPAIGN_COLOUR);
        strbuf_printf(&what, ". %s.", facts->caption);
        status = gnuplot_write_pair(set->dir, name, &dat, &gp, what.data, set, err);
        strbuf_destroy(&dat);
        strbuf_destroy(&gp);
        strbuf_destroy(&what);
    }
    table_destroy(&t);
    return status;
}

/* The distance of every evaluation in order, and its running minimum. */
static int write_trace(const char *dir, const struct fit_facts *facts, enum plot_format format,
                       struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 16;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/evals.csv", dir);
    struct table t;
    int status = table_read(path, &t, err);
    free(path);
    if (status != STATUS_OK) {
        return status;
    }
    int c_eval = column(&t, "eval"), c_dist = column(&t, "distance");
    struct strbuf dat, gp, what;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&what);
    strbuf_printf(&dat, "# eval distance best_so_far\n");
    double best = INFINITY, min_positive = NAN;
    for (size_t r = 0; r < t.rows; r++) {
        double d = cell(&t, r, c_dist);
        best = d < best ? d : best;
        gnuplot_number_exact(&dat, cell(&t, r, c_eval));
        gnuplot_number_exact(&dat, d);
        gnuplot_number_exact(&dat, best);
        strbuf_printf(&dat, "\n");
        min_positive = gnuplot_min_positive(min_positive, d);
    }
    strbuf_printf(&what, "the objective's trace: the distance of each evaluation and the best so "
                         "far");
    gnuplot_preamble(&gp, format, "fit_trace", what.data, "1 eval, 2 distance, 3 best_so_far",
                     what.data);
    strbuf_printf(&gp, "set xlabel 'evaluation'\nset ylabel 'distance, log scale'\n"
                       "set key top right box opaque\nset grid\n");
    gnuplot_log_y(&gp, min_positive);
    strbuf_printf(&gp,
                  "plot 'fit_trace.dat' using 1:(pos($2)) with points pt 7 ps 0.6 lc rgb '%s' "
                  "title 'distance', \\\n"
                  "  'fit_trace.dat' using 1:(pos($3)) with steps lw 2 lc rgb '%s' title 'best "
                  "so far'\n",
                  gnuplot_palette(0), GNUPLOT_CAMPAIGN_COLOUR);
    strbuf_printf(&what, " (zero distances are left out of the log axis). %s.", facts->caption);
    status = gnuplot_write_pair(set->dir, "fit_trace", &dat, &gp, what.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&what);
    table_destroy(&t);
    return status;
}

/* ABC: each parameter's weighted histogram and each pair's scatter, from
 * the last generation of particles.csv. */
static int write_posterior(const char *dir, const struct fit_facts *facts, enum plot_format format,
                           struct plot_set *set, struct error *err)
{
    size_t size = strlen(dir) + 20;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/particles.csv", dir);
    struct table t;
    int status = table_read(path, &t, err);
    free(path);
    if (status != STATUS_OK) {
        return status;
    }
    int c_gen = column(&t, "generation"), c_w = column(&t, "weight");
    double last = -1.0;
    for (size_t r = 0; r < t.rows; r++) {
        last = fmax(last, cell(&t, r, c_gen));
    }
    size_t k = facts->parameters < t.columns - 4 ? facts->parameters : t.columns - 4;
    for (size_t a = 0; a < k && status == STATUS_OK; a++) {
        int c = (int)(2 + a);
        double lo = INFINITY, hi = -INFINITY;
        for (size_t r = 0; r < t.rows; r++) {
            if (cell(&t, r, c_gen) == last) {
                lo = fmin(lo, cell(&t, r, c));
                hi = fmax(hi, cell(&t, r, c));
            }
        }
        double width = hi > lo ? (hi - lo) / HISTOGRAM_BINS : 1.0;
        double mass[HISTOGRAM_BINS] = {0};
        for (size_t r = 0; r < t.rows; r++) {
            if (cell(&t, r, c_gen) == last) {
                int b = (int)((cell(&t, r, c) - lo) / width);
                b = b < 0 ? 0 : b >= HISTOGRAM_BINS ? HISTOGRAM_BINS - 1 : b;
                mass[b] += cell(&t, r, c_w);
            }
        }
        struct strbuf dat, gp, what;
        strbuf_init(&dat);
        strbuf_init(&gp);
        strbuf_init(&what);
        char file[PLOT_LABEL_MAX], name[PLOT_NAME_MAX];
        gnuplot_file_name(facts->names[a], file, sizeof file);
        snprintf(name, sizeof name, "posterior_%s", file);
        strbuf_printf(&dat, "# bin_centre weight\n");
        for (int b = 0; b < HISTOGRAM_BINS; b++) {
            gnuplot_number_exact(&dat, lo + (b + 0.5) * width);
            gnuplot_number_exact(&dat, mass[b]);
            strbuf_printf(&dat, "\n");
        }
        strbuf_printf(&what, "posterior of %s: the last generation's weighted particles",
                      facts->names[a]);
        gnuplot_preamble(&gp, format, name, what.data, "1 bin_centre, 2 weight", what.data);
        strbuf_printf(&gp, "set xlabel ");
        gnuplot_quote(&gp, facts->names[a]);
        strbuf_printf(&gp,
                      "\nset ylabel 'posterior weight'\nset grid\nset yrange [0:*]\n"
                      "set boxwidth %.17g\nset style fill solid 0.5\n"
                      "plot '%s.dat' using 1:2 with boxes lc rgb '%s' notitle\n",
                      width, name, gnuplot_palette(a));
        strbuf_printf(&what, ", %d bins. %s.", HISTOGRAM_BINS, facts->caption);
        status = gnuplot_write_pair(set->dir, name, &dat, &gp, what.data, set, err);
        strbuf_destroy(&dat);
        strbuf_destroy(&gp);
        strbuf_destroy(&what);
    }
    size_t paired = k < PAIRS_PARAMETERS_MAX ? k : PAIRS_PARAMETERS_MAX;
    for (size_t a = 0; a < paired && status == STATUS_OK; a++) {
        for (size_t b = a + 1; b < paired && status == STATUS_OK; b++) {
            struct strbuf dat, gp, what;
            strbuf_init(&dat);
            strbuf_init(&gp);
            strbuf_init(&what);
            char fa[PLOT_LABEL_MAX], fb[PLOT_LABEL_MAX], name[PLOT_NAME_MAX];
            gnuplot_file_name(facts->names[a], fa, sizeof fa);
            gnuplot_file_name(facts->names[b], fb, sizeof fb);
            snprintf(name, sizeof name, "pairs_%.40s_%.40s", fa, fb);
            strbuf_printf(&dat, "# x y weight\n");
            for (size_t r = 0; r < t.rows; r++) {
                if (cell(&t, r, c_gen) == last) {
                    gnuplot_number_exact(&dat, cell(&t, r, (int)(2 + a)));
                    gnuplot_number_exact(&dat, cell(&t, r, (int)(2 + b)));
                    gnuplot_number_exact(&dat, cell(&t, r, c_w));
                    strbuf_printf(&dat, "\n");
                }
            }
            strbuf_printf(&what,
                          "posterior particles, %s against %s (the last generation; "
                          "marker area by weight)",
                          facts->names[b], facts->names[a]);
            gnuplot_preamble(&gp, format, name, what.data, "1 x, 2 y, 3 weight", what.data);
            strbuf_printf(&gp, "set xlabel ");
            gnuplot_quote(&gp, facts->names[a]);
            strbuf_printf(&gp, "\nset ylabel ");
            gnuplot_quote(&gp, facts->names[b]);
            strbuf_printf(&gp,
                          "\nset grid\nstats '%s.dat' using 3 nooutput\n"
                          "plot '%s.dat' using 1:2:(sqrt($3 / STATS_max) * 2) with points pt 7 "
                          "ps variable lc rgb '%s' notitle\n",
                          name, name, gnuplot_palette(0));
            strbuf_printf(&what, ". %s.", facts->caption);
            status = gnuplot_write_pair(set->dir, name, &dat, &gp, what.data, set, err);
            strbuf_destroy(&dat);
            strbuf_destroy(&gp);
            strbuf_destroy(&what);
        }
    }
    table_destroy(&t);
    return status;
}

int plot_fit_write(const char *dir, const char *fit_json, enum plot_format format,
                   struct plot_set *set, struct error *err)
{
    struct fit_facts facts;
    int status = read_facts(fit_json, &facts, err);
    if (status != STATUS_OK) {
        return status;
    }
    status = gnuplot_make_dir(dir, set, err);
    if (status == STATUS_OK) {
        status = write_curves(dir, &facts, format, set, err);
    }
    if (status == STATUS_OK) {
        status = write_trace(dir, &facts, format, set, err);
    }
    size_t size = strlen(dir) + 20;
    char *path = xmalloc(size);
    snprintf(path, size, "%s/particles.csv", dir);
    FILE *probe = fopen(path, "r");
    free(path);
    if (probe) {
        fclose(probe);
        if (status == STATUS_OK) {
            status = write_posterior(dir, &facts, format, set, err);
        }
    }
    free(facts.names);
    return status;
}
