#!/usr/bin/env python3
"""blogger_168m's targets (issue 14, item 5), read off a run's outputs:
the median over replicates of the views at the run's end (with a 90 %
bootstrap interval of that median: 2,000 resamples, seed 1), when the median
curve passes 10^8 views (days after the first post), the share of the views
that falls in the last day (on the median curve, and the median of the
per-replicate shares), and the recommender's share of all views (ratio of
the mean curves). One story, the campaign's first.

    scripts/reach_targets.py DIR [--post-h 24] [--target 168e6]
"""
import argparse
import csv
import random
import statistics


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("dir")
    ap.add_argument("--post-h", type=float, default=24.0)
    ap.add_argument("--target", type=float, default=168e6)
    args = ap.parse_args()
    runs = [r for r in csv.DictReader(open(f"{args.dir}/runs.csv")) if r["group"] == "story"]
    story = runs[0]["story"]
    runs = [r for r in runs if r["story"] == story]
    views = [float(r["views"]) for r in runs]
    days = sorted(int(k.split("_")[-1]) for k in runs[0] if k.startswith("views_day_"))
    last_full = max(d for d in days if any(float(r[f"views_day_{d}"]) != float(r["views"]) for r in runs)) \
        if len(days) > 1 else days[0]
    rng = random.Random(1)
    boot = sorted(statistics.median(rng.choices(views, k=len(views))) for _ in range(2000))
    curve, rec, total = {}, 0.0, 0.0
    for row in csv.DictReader(open(f"{args.dir}/timeseries.csv")):
        if row["story"] != story:
            continue
        if row["dimension"] == "total":
            curve[float(row["time_h"])] = float(row["cum_views_median"])
            total += float(row["views_mean"])
        elif row["dimension"] == "channel" and row["key"] == "recommender":
            rec += float(row["views_mean"])
    end = max(curve)
    passes = next((t for t in sorted(curve) if curve[t] >= 1e8), None)
    day_before = curve[end - 24.0]
    shares = [(float(r["views"]) - float(r[f"views_day_{last_full}"])) / float(r["views"])
              for r in runs if float(r["views"]) > 0]
    lo, hi = boot[int(0.05 * len(boot))], boot[int(0.95 * len(boot)) - 1]
    med = statistics.median(views)
    print(f"replicates {len(views)}; views at the end, median {med / 1e6:.1f}M "
          f"(90 % bootstrap {lo / 1e6:.1f}-{hi / 1e6:.1f}M; mean {statistics.mean(views) / 1e6:.1f}M), "
          f"target {args.target / 1e6:.0f}M +- 15 %: {'met' if abs(med / args.target - 1) <= 0.15 else 'missed'}")
    print("sorted (M): " + ", ".join(f"{v / 1e6:.1f}" for v in sorted(views)))
    when = "never" if passes is None else f"{(passes - args.post_h) / 24:.2f} days after the post ({passes:g} h)"
    print(f"median curve passes 1e8 views: {when}")
    print(f"last day's share: median curve {100 * (curve[end] - day_before) / curve[end]:.2f} %, "
          f"per replicate median {100 * statistics.median(shares):.2f} % "
          f"({sum(s >= 0.03 for s in shares)} of {len(shares)} at 3 % or more)")
    print(f"recommender's share of views: {100 * rec / total:.1f} %")
    print("median curve (M) at each day after the post: " +
          ", ".join(f"{(t - args.post_h) / 24:g}: {curve[t] / 1e6:.1f}"
                    for t in sorted(curve) if (t - args.post_h) > 0 and (t - args.post_h) % 24 == 0))


if __name__ == "__main__":
    main()
