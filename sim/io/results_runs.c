/* runs.csv: one row per replicate and group (each story, then the
 * campaign's and the corrections' totals) with every per-replicate figure
 * (model/runs.h); and a comparison's paired.csv, one row per group and
 * figure compared replicate by replicate. Numbers are written so that
 * they read back to the same double, so quantiles recomputed from the file
 * are the summary's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "../base/alloc.h"
#include "csv.h"
#include "results.h"

void results_csv_number(struct strbuf *sb, double x)
{
    /* A time never reached is "inf", which pandas, R and numpy read as
     * infinity; NaN (a figure not measured) is an empty cell. */
    if (isnan(x)) {
        return;
    }
    if (isinf(x)) {
        strbuf_printf(sb, "%s", x > 0 ? "inf" : "-inf");
        return;
    }
    char text[32];
    snprintf(text, sizeof text, "%.15g", x);
    if (strtod(text, NULL) != x) {
        snprintf(text, sizeof text, "%.17g", x);
    }
    strbuf_printf(sb, "%s", text);
}

char *results_runs_csv(const struct config *cfg, const struct runs_table *t)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "replicate,seed,group,story,kind");
    char name[48];
    for (uint32_t f = 0; f < t->figures; f++) {
        runs_figure_name(t, f, name, sizeof name);
        strbuf_printf(&sb, ",%s", name);
    }
    for (uint32_t i = 0; i < t->interventions; i++) {
        strbuf_printf(&sb, ",intervention_%u_time_h,intervention_%u_views_prevented", i, i);
    }
    strbuf_printf(&sb, "\n");
    for (uint32_t r = 0; r < t->replicates; r++) {
        for (uint32_t g = 0; g < runs_groups(t); g++) {
            const char *total = runs_total_name(t, g);
            strbuf_printf(&sb, "%u,%llu,%s,", t->first_replicate + r, (unsigned long long)t->seed,
                          total ? total : "story");
            if (!total) {
                csv_write_text(&sb, cfg->stories[g].name);
            }
            strbuf_printf(&sb, ",%s",
                          !total                            ? story_kind_name(cfg->stories[g].kind)
                          : g - t->stories == RUNS_CAMPAIGN ? "fabricated+leak"
                                                            : "correction");
            for (uint32_t f = 0; f < t->figures; f++) {
                strbuf_printf(&sb, ",");
                results_csv_number(&sb, runs_value(t, r, g, f));
            }
            /* Replicate-level figures, the same on every row of the replicate. */
            for (uint32_t i = 0; i < t->interventions; i++) {
                size_t at = (size_t)r * t->interventions + i;
                strbuf_printf(&sb, ",");
                results_csv_number(&sb, t->intervention_time[at]);
                strbuf_printf(&sb, ",");
                results_csv_number(&sb, t->prevented[at]);
            }
            strbuf_printf(&sb, "\n");
        }
    }
    return sb.data;
}

char *results_paired_csv(const struct compare_paired *paired, size_t count)
{
    struct strbuf sb;
    strbuf_init(&sb);
    strbuf_printf(&sb, "group,story,figure,pairs,a_median,b_median,diff_median,diff_mean,"
                       "diff_ci95_low,diff_ci95_high,b_below_fraction,equal_fraction,"
                       "finite_pairs,both_never,a_never,b_never\n");
    for (size_t i = 0; i < count; i++) {
        const struct compare_paired *cp = &paired[i];
        const struct paired *p = &cp->p;
        strbuf_printf(&sb, "%s,", cp->group);
        csv_write_text(&sb, cp->story);
        strbuf_printf(&sb, ",%s,%u", cp->figure, p->pairs);
        const double numbers[8] = {p->a_median, p->b_median,  p->median, p->mean,
                                   p->ci95_low, p->ci95_high, p->below,  p->equal};
        for (int k = 0; k < 8; k++) {
            strbuf_printf(&sb, ",");
            results_csv_number(&sb, numbers[k]);
        }
        strbuf_printf(&sb, ",%u,%u,%u,%u\n", p->finite, p->both_never, p->a_never, p->b_never);
    }
    return sb.data;
}
