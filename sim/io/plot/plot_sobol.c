/* Bar charts of Sobol indices: for one figure of the runs (views, reach,
 * ...) a pair of bars per parameter, the first-order index (what it
 * explains alone) and the total index (with its interactions), each with
 * its 95 % bootstrap interval as an error bar. */
#include "plot_sobol.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../sweep_sobol.h"
#include "gnuplot.h"

static int write_chart(const struct sweep_sobol_table *t, size_t from, size_t to,
                       const char *caption, enum plot_format format, struct plot_set *set,
                       struct error *err)
{
    const char *figure = t->rows[from].figure;
    char name[PLOT_NAME_MAX], file[PLOT_NAME_MAX - 8];
    gnuplot_file_name(figure, file, sizeof file);
    snprintf(name, sizeof name, "sobol_%s", file);
    struct strbuf dat, gp, title;
    strbuf_init(&dat);
    strbuf_init(&gp);
    strbuf_init(&title);
    strbuf_printf(&dat, "# parameter first_order first_low first_high total total_low "
                        "total_high\n");
    for (size_t i = from; i < to; i++) {
        const struct sobol_index *x = &t->rows[i].index;
        strbuf_printf(&dat, "\"%s\"", t->rows[i].parameter);
        const double v[6] = {x->first, x->first_low, x->first_high,
                             x->total, x->total_low, x->total_high};
        for (int c = 0; c < 6; c++) {
            gnuplot_number_exact(&dat, v[c]);
        }
        strbuf_printf(&dat, "\n");
    }
    strbuf_printf(&title, "Sobol indices of the mean %s per point\n%s", figure, caption);
    gnuplot_preamble(&gp, format, name,
                     "first-order and total Sobol indices per parameter, with 95 % bootstrap "
                     "intervals",
                     "1 parameter, 2-4 first order with its interval, 5-7 total with its "
                     "interval",
                     title.data);
    strbuf_printf(&gp,
                  "set ylabel 'share of the variance of the mean %s'\n"
                  "set yrange [*:*]\nset grid ytics\nset key top right box opaque\n"
                  "set style data histograms\n"
                  "set style histogram errorbars gap 2 lw 1.5\n"
                  "set style fill solid 0.8 border -1\n"
                  "set xtics noenhanced\n"
                  "plot '%s.dat' using 2:3:4:xtic(1) lc rgb '%s' title 'first order (Saltelli "
                  "2010)', \\\n"
                  "  '' using 5:6:7 fillstyle pattern 4 border lc rgb '%s' lc rgb '%s' title "
                  "'total (Jansen 1999)'\n",
                  figure, name, gnuplot_palette(0), gnuplot_palette(1), gnuplot_palette(1));
    strbuf_destroy(&title);
    strbuf_init(&title);
    strbuf_printf(&title,
                  "Sobol indices of the %s (its mean over each point's replicates) for each "
                  "parameter: first order (solid bars: the share of its variance the "
                  "parameter explains alone; Saltelli et al. 2010) and total (hatched: with "
                  "every interaction; Jansen 1999), each with its 95 %% bootstrap percentile "
                  "interval (%u resamples of the rows, seed %llu). %s.",
                  figure, SWEEP_SOBOL_RESAMPLES, (unsigned long long)SWEEP_SOBOL_SEED, caption);
    int status = gnuplot_write_pair(set->dir, name, &dat, &gp, title.data, set, err);
    strbuf_destroy(&dat);
    strbuf_destroy(&gp);
    strbuf_destroy(&title);
    return status;
}

int plot_sobol_write(const char *sobol_csv, const char *caption, enum plot_format format,
                     struct plot_set *set, struct error *err)
{
    struct sweep_sobol_table t;
    int status = sweep_sobol_read(sobol_csv, &t, err);
    size_t from = 0;
    for (size_t i = 1; i <= t.count && status == STATUS_OK; i++) {
        if (i == t.count || strcmp(t.rows[i].figure, t.rows[from].figure) != 0) {
            status = write_chart(&t, from, i, caption, format, set, err);
            from = i;
        }
    }
    sweep_sobol_table_destroy(&t);
    return status;
}
