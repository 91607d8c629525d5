"""Checks a run directory's runs.csv against its summary.json: the mean,
median, p05 and p95 of every figure the summary aggregates, recomputed from
the rows by GSL's rules (summary.c), must equal the summary's. Usage:
check_runs.py RUN_DIR"""
import csv
import json
import math
import sys


def gsl_mean(values):
    # gsl_stats_mean's running mean, so the sum rounds as it does in C.
    mean = 0.0
    for i, x in enumerate(values):
        mean += (x - mean) / (i + 1)
    return mean


def quantile(v, f):
    # gsl_stats_quantile_from_sorted_data, with summary.c's rule that an
    # interpolation touching +inf is +inf.
    index = f * (len(v) - 1)
    lo = math.floor(index)
    if index == lo:
        return v[lo]
    if math.isinf(v[lo]) or math.isinf(v[lo + 1]):
        return math.inf
    delta = index - lo
    return (1 - delta) * v[lo] + delta * v[lo + 1]


def stat4(values):
    v = sorted(values)
    mean = math.inf if math.isinf(v[-1]) else gsl_mean(v)
    return {"mean": mean, "median": quantile(v, 0.5), "p05": quantile(v, 0.05),
            "p95": quantile(v, 0.95)}


def same(expected, got, where):
    # summary.json writes null for infinity.
    for key in ("mean", "median", "p05", "p95"):
        e = expected[key]
        g = got[key]
        if e is None:
            assert math.isinf(g), (where, key, e, g)
        else:
            assert abs(e - g) <= 1e-12 * max(1.0, abs(e)), (where, key, e, g)


def main(run_dir):
    summary = json.load(open(run_dir + "/summary.json"))
    rows = list(csv.DictReader(open(run_dir + "/runs.csv")))
    reps = summary["replicates"]
    seed = str(summary["seed"])
    assert all(r["seed"] == seed for r in rows), "every row names the run's seed"
    groups = len(summary["stories"]) + 2
    assert len(rows) == reps * groups, (len(rows), reps, groups)

    def column(group, story, name):
        return [float(r[name]) for r in rows if r["group"] == group and r["story"] == story]

    checked = 0
    per_story = {"views": "views", "reach": "reach", "shares": "shares",
                 "campaign_posts": "campaign_posts", "peak_view_rate_per_h": "peak_view_rate_per_h",
                 "peak_time_h": "peak_time_h", "cascade_depth": "cascade_depth",
                 "structural_virality": "structural_virality",
                 "largest_cascade_posts": "largest_cascade_posts",
                 "communities_reached": "communities_reached"}
    for s in summary["stories"]:
        name = s["name"]
        for key, col in per_story.items():
            same(s[key], stat4(column("story", name, col)), (name, key))
            checked += 1
        for d in range(1, 10):
            values = column("story", name, "time_to_1e%d_h" % d)
            t = s["time_to_views_h"]["1e%d" % d]
            same(t, stat4(values), (name, d))
            reached = sum(1 for x in values if not math.isinf(x)) / reps
            # The summary forms the fraction by its own sequence of operations
            # (and prints it in shortest round-trip form): equal to within a
            # few units in the last place of a double, not bit for bit.
            assert abs(reached - t["reached_fraction"]) <= 1e-12, (name, d, reached, t["reached_fraction"])
            checked += 1
        days = sorted(k for k in rows[0] if k.startswith("views_day_"))
        last = column("story", name, "views_day_%d" % len(days))
        assert last == column("story", name, "views"), "the last day ends at the run's end"
    totals = {"campaign": summary["campaign"], "correction": summary["by_kind"]["correction"]}
    for group, expected in totals.items():
        for key in ("views", "reach", "shares"):
            same(expected[key], stat4(column(group, "", key)), (group, key))
            checked += 1
    for i, iv in enumerate(summary["interventions"]):
        times = [float(r["intervention_%d_time_h" % i]) for r in rows if r["group"] == "campaign"]
        same(iv["time_h"], stat4(times), ("intervention", i))
        prevented = [r["intervention_%d_views_prevented" % i] for r in rows
                     if r["group"] == "campaign"]
        if iv["views_prevented"] is None:
            assert all(p == "" for p in prevented)
        else:
            values = [float(p) for p in prevented]
            assert abs(gsl_mean(values) - iv["views_prevented"]) <= 1e-9 * max(
                1.0, abs(iv["views_prevented"])), (i, gsl_mean(values), iv["views_prevented"])
            paired = iv["views_prevented_paired"]
            assert abs(stat4(values)["median"] - paired["median"]) <= 1e-9 * max(
                1.0, abs(paired["median"])), (i, paired)
            lowered = sum(1 for p in values if p > 0) / reps
            assert lowered == paired["lowered_fraction"], (i, lowered, paired)
        checked += 1
    print("ok   %s: runs.csv gives summary.json's %d figures (%d rows)"
          % (summary["scenario"], checked, len(rows)))


if __name__ == "__main__":
    main(sys.argv[1])
