#!/usr/bin/env python3
"""Statistics of the largest cascade tree per replicate, as real cascade
datasets report them: from one or more runs.csv files (the story rows of a
one-story run), the cascades of at least --min-posts posts, their number, and
the median size, depth, structural virality, time to half and to 90 % of the
final size and the ratio of the two, each with a 90 % bootstrap interval of
the median (2,000 resamples, fixed seed).

    scripts/cascade_stats.py [--min-posts N] LABEL=DIR/runs.csv ...
"""
import argparse
import csv
import random
import statistics
import sys

FIGURES = [("posts", "largest_cascade_posts"), ("depth", "cascade_depth"),
           ("virality", "structural_virality"), ("t50_h", "largest_cascade_t50_h"),
           ("t90_h", "largest_cascade_t90_h"), ("t90/t50", None)]


def interval(values, rng, resamples=2000):
    medians = sorted(statistics.median(rng.choices(values, k=len(values)))
                     for _ in range(resamples))
    return medians[int(0.05 * resamples)], medians[int(0.95 * resamples) - 1]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--min-posts", type=int, default=10)
    ap.add_argument("runs", nargs="+", help="LABEL=PATH of a runs.csv")
    args = ap.parse_args()
    print("| variant | cascades ≥ %d posts | " % args.min_posts +
          " | ".join(name for name, _ in FIGURES) + " |")
    print("|---" * (len(FIGURES) + 2) + "|")
    for spec in args.runs:
        label, _, path = spec.partition("=")
        with open(path, newline="") as f:
            rows = [r for r in csv.DictReader(f) if r["group"] == "story"]
        big = [r for r in rows if float(r["largest_cascade_posts"]) >= args.min_posts]
        cells = []
        rng = random.Random(2018)
        for name, column in FIGURES:
            if column:
                values = [float(r[column]) for r in big]
            else:
                values = [float(r["largest_cascade_t90_h"]) / float(r["largest_cascade_t50_h"])
                          for r in big if float(r["largest_cascade_t50_h"]) > 0]
            if not values:
                cells.append("–")
                continue
            lo, hi = interval(values, rng)
            cells.append("%.3g (%.3g–%.3g)" % (statistics.median(values), lo, hi))
        print("| %s | %d of %d | %s |" % (label, len(big), len(rows), " | ".join(cells)))


if __name__ == "__main__":
    sys.exit(main())
