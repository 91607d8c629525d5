#!/usr/bin/env python3
"""The table of scripts/bench cascades: amplisim's SIR runs against igraph_sir
on the same Barabasi-Albert edge lists.

    cascades_report.py N DIR [N DIR ...]

reads, for each graph size N, what scripts/bench left in DIR: each amplisim
variant's sweep (runs.csv: one final size per replicate) and timed run
(summary.json: simulate_seconds over the same replicates, on one thread), and
igraph_sir's output (igraph_nN.txt). The definitions, as in docs/performance.md:

- final size: accounts ever infected in a run, the seed included: 1 + shares
  for amplisim (the seed's campaign post is not a share, and the seed never
  shares again), no_r at the end for igraph;
- major outbreak: a run whose final size exceeds MAJOR_FRACTION of the
  accounts;
- state changes: infections + recoveries = 2 x final size, summed over every
  run, minor ones included;
- time per major outbreak: the time of all runs (minor ones included, each
  program's per-run reset included, graph loading excluded) over the number
  of major outbreaks; state changes per second: all state changes over the
  same time.
"""
import csv
import json
import math
import sys

MAJOR_FRACTION = 0.01
VARIANTS = [("cascades_sir", "amplisim, fixed 1 h"), ("cascades_sir_markov", "amplisim, Markovian")]


def cpu_share(path):
    """(user + sys) / wall of a /usr/bin/time -f '%e %U %S' file: well under 1
    when the machine was busy and wall times are inflated."""
    wall, user, system = (float(x) for x in open(path).read().split()[-3:])
    return (user + system) / wall if wall > 0 else float("nan")


def stats(finals, n, seconds, cpu_seconds):
    majors = [f / n for f in finals if f > MAJOR_FRACTION * n]
    mean = sum(majors) / len(majors) if majors else float("nan")
    if len(majors) > 1:
        var = sum((a - mean) ** 2 for a in majors) / (len(majors) - 1)
        se = math.sqrt(var / len(majors))
    else:
        se = float("nan")
    changes = 2 * sum(finals)
    return {
        "runs": len(finals),
        "majors": len(majors),
        "attack": mean,
        "attack_se": se,
        "fraction": len(majors) / len(finals),
        "seconds": seconds,
        "ms_per_major": 1e3 * seconds / len(majors) if majors else float("nan"),
        "changes_per_s": changes / seconds if seconds > 0 else float("nan"),
        "cpu_ms_per_major": 1e3 * cpu_seconds / len(majors) if majors else float("nan"),
    }


def amplisim(directory, variant, n):
    runs = list(csv.DictReader(open("%s/%s_n%d.sweep/runs.csv" % (directory, variant, n))))
    finals = [1 + int(r["shares"]) for r in runs]
    summary = json.load(open("%s/%s_n%d/summary.json" % (directory, variant, n)))
    timed_mean = summary["stories"][0]["shares"]["mean"]
    if abs(timed_mean - (sum(finals) / len(finals) - 1)) > 1e-6 * max(1.0, timed_mean):
        sys.exit("%s n=%d: the timed run's mean shares %.3f differ from the sweep's" %
                 (variant, n, timed_mean))
    # amplisim reports wall times only: its replicates' CPU time is taken as
    # the process's CPU share of them (one thread, the load steady).
    share = cpu_share("%s/%s_n%d.time" % (directory, variant, n))
    s = stats(finals, n, summary["simulate_seconds"], share * summary["simulate_seconds"])
    s["load_s"] = summary["graph_seconds"]
    s["edges"] = summary["graph"]["edges"]
    s["cpu"] = share
    return s


def igraph(directory, n):
    lines = [line.split() for line in open("%s/igraph_n%d.txt" % (directory, n))]
    keys = {k: float(v) for k, v in lines if k != "final"}
    finals = [int(v) for k, v in lines if k == "final"]
    s = stats(finals, n, keys["sir_seconds"], keys["sir_cpu_seconds"])
    s["load_s"] = keys["read_seconds"]
    s["edges"] = int(keys["edges"])
    s["cpu"] = cpu_share("%s/igraph_n%d.time" % (directory, n))
    return s


def main():
    args = sys.argv[1:]
    print("major outbreak: final size > %g %% of the accounts; state changes = infections + "
          "recoveries = 2 x final size; times over all runs, per major outbreak" %
          (100 * MAJOR_FRACTION))
    print("(x/major, x/change: how many times faster than igraph_sir; cpu: CPU time over wall "
          "time, under 1 on a busy machine; cpu ms/major: CPU time per major outbreak, for "
          "amplisim its process's CPU share of the wall time)")
    print("%-9s %-21s %5s %6s %17s %10s %12s %9s %9s %7s %5s %12s" %
          ("n", "model", "runs", "major", "attack rate (se)", "ms/major", "changes/s",
           "x/major", "x/change", "load s", "cpu", "cpu ms/major"))
    for i in range(0, len(args), 2):
        n, directory = int(args[i]), args[i + 1]
        ref = igraph(directory, n)
        rows = [(label, amplisim(directory, v, n)) for v, label in VARIANTS]
        rows.append(("igraph_sir (gamma 1)", ref))
        for label, s in rows:
            # How many times faster than igraph_sir, per major outbreak and
            # per state change.
            per_major = ref["ms_per_major"] / s["ms_per_major"]
            per_change = s["changes_per_s"] / ref["changes_per_s"]
            print("%-9d %-21s %5d %6d %9.4f (%.4f) %10.1f %12.3g %9.2f %9.2f %7.2f %5.2f %12.1f" %
                  (n, label, s["runs"], s["majors"], s["attack"], s["attack_se"],
                   s["ms_per_major"], s["changes_per_s"], per_major, per_change, s["load_s"],
                   s["cpu"], s["cpu_ms_per_major"]))
        markov = rows[1][1]
        diff = markov["attack"] - ref["attack"]
        se = math.hypot(markov["attack_se"], ref["attack_se"])
        p1, p2 = markov["fraction"], ref["fraction"]
        pooled = (markov["majors"] + ref["majors"]) / (markov["runs"] + ref["runs"])
        fse = math.sqrt(pooled * (1 - pooled) * (1 / markov["runs"] + 1 / ref["runs"]))
        print("%-9d Markovian amplisim - igraph_sir: attack rate of major outbreaks %+.4f "
              "(%.1f se of the difference, se %.4f); share of runs major %.3f vs %.3f (%.1f se)" %
              (n, diff, diff / se if se > 0 else float("nan"), se, p1, p2,
               (p1 - p2) / fse if fse > 0 else float("nan")))


main()
