#!/usr/bin/env bash
# amplisim plot on a compare directory: a tiny scenario compared with itself
# on another seed, plotted as PNG and SVG. Checks each image (PNG signature
# and at least 1200x800, SVG parses as XML), that every .dat and .gp is there,
# that resilience.dat holds compare.json's resilience rows and
# compare_reach.dat each side's last cumulative medians, and that a compare
# directory without its run directories is bad input (status 2).
# The compare directory is built by hand (two runs and a compare.json) when
# `amplisim compare` does not write DIR/a and DIR/b.
# Usage: plot_compare.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
cmp=$tmp/cmp
"$bin" compare "$tiny" "$tiny" --reps 3 --threads 2 --quiet --out "$cmp" >/dev/null 2>&1
if [ ! -s "$cmp/a/timeseries.csv" ] || [ ! -s "$cmp/b/timeseries.csv" ] || [ ! -s "$cmp/compare.json" ]; then
    rm -rf "$cmp"
    "$bin" run "$tiny" --reps 3 --threads 2 --quiet --out "$cmp/a" &&
        "$bin" run "$tiny" --reps 3 --threads 2 --seed 9 --quiet --out "$cmp/b" ||
        { echo "FAIL run"; exit 1; }
    python3 - "$cmp" "$tiny" <<'PY'
import json, sys
d, tiny = sys.argv[1], sys.argv[2]
def left(mean, low, high, median):
    return {"accounts_suspended": 1, "mean": mean, "ci95_low": low, "ci95_high": high,
            "median": median, "per_replicate": [mean] * 3}
rows = [{"key": "top1", "label": "top 1", "k": 1, "a": left(0.9, 0.8, 1.0, 0.9),
         "b": left(0.5, 0.25, 0.75, 0.5)},
        {"key": "top10", "label": "top 10", "k": 10, "a": left(0.5, 0.4, 0.6, 0.5),
         "b": left(0.25, None, None, 0.25)}]
json.dump({"a": {"scenario": "tiny", "file": tiny}, "b": {"scenario": "tiny", "file": tiny},
           "replicates": 3, "seed": 3, "resilience_at_h": 6, "resilience_by": "attribution",
           "figures": {"campaign_views_median": {"a": 1, "b": 2, "diff": 1}},
           "resilience": {"by": "attribution", "at_h": 6, "rows": rows}},
          open(d + "/compare.json", "w"), indent=1)
PY
fi
names="compare_reach resilience"
for fmt in png svg; do
    if "$bin" plot "$cmp" --format $fmt >"$tmp/out" 2>"$tmp/err"; then ok; else bad "plot --format $fmt"; cat "$tmp/err"; fi
    [ "$(wc -l <"$tmp/out")" -eq 2 ] && ok || bad "plot --format $fmt: expected 2 lines, got: $(cat "$tmp/out")"
    for n in $names; do
        for ext in dat gp $fmt; do
            [ -s "$cmp/plots/$n.$ext" ] && ok || bad "missing $n.$ext"
        done
    done
done
python3 - "$cmp" $names <<'PY' && ok || bad "image or data checks"
import csv, json, math, re, struct, sys, xml.etree.ElementTree as ET
d, names = sys.argv[1], sys.argv[2:]
for n in names:
    png = open(f"{d}/plots/{n}.png", "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", n
    w, h = struct.unpack(">II", png[16:24])
    assert w >= 1200 and h >= 800, (n, w, h)
    ET.parse(f"{d}/plots/{n}.svg")
    assert "gnuplot %s.gp" % n in open(f"{d}/plots/{n}.gp").read(), n
    assert open(f"{d}/plots/{n}.dat").read().startswith("#"), n
# resilience.dat: one row per resilience row, in order, with its label and
# each side's mean, interval and median exactly.
c = json.load(open(f"{d}/compare.json"))
want = c["resilience"]["rows"]
rows = [l for l in open(f"{d}/plots/resilience.dat") if l.strip() and l[0] != "#"]
assert len(rows) == len(want), (rows, want)
for i, (line, row) in enumerate(zip(rows, want)):
    label = line.split('"')[1]
    nums = line.split('"')[2].split()
    assert line.split()[0] == str(i + 1) and label == row["label"], line
    cols = [(0, "a", "mean"), (1, "a", "ci95_low"), (2, "a", "ci95_high"),
            (3, "b", "mean"), (4, "b", "ci95_low"), (5, "b", "ci95_high"),
            (6, "a", "median"), (7, "b", "median")]
    for col, side, stat in cols:
        v = row[side][stat]
        if v is None:
            assert math.isnan(float(nums[col])), (row, side, stat)
        else:
            assert float(nums[col]) == v, (row, side, stat, nums[col], v)
# compare_reach.dat: each (side, story) block ends at that side's last medians.
blocks = {}
for l in open(f"{d}/plots/compare_reach.dat"):
    if l.strip() and l[0] != "#":
        side, story, *nums = l.split()
        blocks[(side, story)] = [float(x) for x in nums]
for side in "ab":
    series = [r for r in csv.DictReader(open(f"{d}/{side}/timeseries.csv"))
              if r["dimension"] == "total" and r["key"] == "all"]
    for story in {r["story"] for r in series}:
        end = max((r for r in series if r["story"] == story), key=lambda r: float(r["time_h"]))
        got = blocks[(side, re.sub(r"[^A-Za-z0-9_.-]", "_", story))]
        assert got[0] == float(end["time_h"]), (side, story)
        for i, col in ((1, "cum_views_median"), (2, "cum_views_p05"), (3, "cum_views_p95")):
            assert got[i] == float(end[col]), (side, story, col, got[i], end[col])
assert c["a"]["scenario"] in open(f"{d}/plots/resilience.gp").read()
print("ok   plot compare: png %dx%d, svg; resilience.dat matches compare.json, "
      "compare_reach.dat the sides' timeseries.csv" % (w, h))
PY
# Every line of compare_reach its own colour: side A's blues, B's reds.
python3 - "$cmp/plots/compare_reach.gp" <<'PY' && ok || bad "compare_reach: two lines share a colour"
import re, sys
lines = re.findall(r"with lines lw ([0-9.]+) dt \S+ lc rgb '(#[0-9a-f]{6})' title '([AB]) ", open(sys.argv[1]).read())
assert len(lines) == 6, lines  # per side: two stories and the campaign's total
colours = [c for _, c, _ in lines]
assert len(set(colours)) == len(colours), colours
for width, colour, side in lines:
    r, b = int(colour[1:3], 16), int(colour[5:7], 16)
    assert (b > r) == (side == "A"), (side, colour)  # blues for A, reds for B
assert sorted(w for w, _, _ in lines).count("4") == 2, lines  # the totals bold
assert "floor1" not in open(sys.argv[1]).read()
print("ok   compare_reach: six lines, six colours, A blue and B red, totals bold")
PY
# A compare.json without the run directories beside it.
mkdir "$tmp/half"
cp "$cmp/compare.json" "$tmp/half/"
"$bin" plot "$tmp/half" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF "$tmp/half/a: not a run directory (no timeseries.csv)" "$tmp/err" && ok ||
    bad "compare directory without a/: $(cat "$tmp/err")"
echo "plot_compare: $pass passed, $fail failed"
[ $fail -eq 0 ]
