#!/usr/bin/env bash
# amplisim sweep with a saltelli design: N (k + 2) points laid out as
# Saltelli's A, B and A_B^i rows (A_B^i is A with parameter i from B);
# sobol.csv holds, per figure and parameter, the first-order (Saltelli 2010)
# and total (Jansen 1999) indices of the point means, which the test
# recomputes from sweep.csv, with bootstrap intervals around them; the same
# bytes on 1 and 2 threads; `plot` draws the bar charts; a saltelli design
# of one row, or with a grid's count, is refused. The sweep's "outputs"
# (runs.csv figures by name) are columns of runs.csv equal to those of the
# run rerun alone (a "correction." one its corrections' total row), have
# their statistics in sweep.csv and indices in sobol.csv; an unknown figure is refused. "curve" gives curves.csv, each
# point's median cumulative views at 6, 12, 18 and 24 h: rising, and at the
# end the point's median views.
# Usage: sweep_saltelli.sh AMPLISIM_BINARY SWEEP_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" sweep "$dir/saltelli_sweep.json" --threads 1 --quiet --out "$tmp/t1"
"$bin" sweep "$dir/saltelli_sweep.json" --threads 2 --quiet --out "$tmp/t2"
for f in sweep.csv runs.csv sobol.csv curves.csv sweep.json; do
    cmp "$tmp/t1/$f" "$tmp/t2/$f" || fail "$f differs between 1 and 2 threads"
done
echo "ok   sweep.csv, runs.csv, sobol.csv, curves.csv identical on 1 and 2 threads"

python3 - "$tmp/t1" <<'PY'
import csv, json, math, sys
d = sys.argv[1]
params = ["visibility", "items", "targeting"]
k, n = len(params), 8
rows = list(csv.DictReader(open(d + "/sweep.csv")))
assert len(rows) == n * (k + 2), len(rows)
assert json.load(open(d + "/sweep.json"))["sweep"]["design"] == {"type": "saltelli", "points": n}
for j in range(n):
    a, b = rows[j * (k + 2)], rows[j * (k + 2) + 1]
    assert any(a[p] != b[p] for p in params), (a, b)
    for i, p in enumerate(params):
        ab = rows[j * (k + 2) + 2 + i]
        for q in params:
            assert ab[q] == (b[q] if q == p else a[q]), (j, p, q, a, b, ab)
sobol = list(csv.DictReader(open(d + "/sobol.csv")))
figures = [r["figure"] for r in sobol]
# tiny never reaches 10^6 views: no rows for that time; an output has rows
# when its point means are finite everywhere.
outputs = ["views_day_1", "time_to_1e3_h", "cascade_depth", "correction.views"]
for o in outputs:
    for s in ("mean", "median", "p05", "p95", "ci95_low", "ci95_high"):
        assert o + "_" + s in rows[0], o
finite = [o for o in outputs if all(math.isfinite(float(x[o + "_mean"] or "inf")) for x in rows)]
assert "views_day_1" in finite and "cascade_depth" in finite, finite
# tiny has no correction: its views are 0 everywhere, nothing to apportion.
assert all(float(x["correction.views_mean"]) == 0 for x in rows)
finite.remove("correction.views")
expected = ["views", "reach", "shares", "peak_view_rate_per_h"] + finite
assert figures == [f for f in expected for _ in params], figures
runs = list(csv.DictReader(open(d + "/runs.csv")))
assert all(r["views_day_1"] == r["views"] for r in runs), "a 24 h run's day 1 is all its views"
for r in sobol:
    f = r["figure"]
    y = [float(x[f + "_mean"]) for x in rows]
    fa = [y[j * (k + 2)] for j in range(n)]
    fb = [y[j * (k + 2) + 1] for j in range(n)]
    both = fa + fb
    m = sum(both) / len(both)
    v = sum((x - m) ** 2 for x in both) / (len(both) - 1)
    i = params.index(r["parameter"])
    fi = [y[j * (k + 2) + 2 + i] for j in range(n)]
    first = sum(fb[j] * (fi[j] - fa[j]) for j in range(n)) / n / v
    total = sum((fa[j] - fi[j]) ** 2 for j in range(n)) / (2 * n) / v
    assert math.isclose(float(r["first_order"]), first, rel_tol=1e-9, abs_tol=1e-12), (r, first)
    assert math.isclose(float(r["total"]), total, rel_tol=1e-9, abs_tol=1e-12), (r, total)
    assert float(r["first_order_ci95_low"]) <= float(r["first_order_ci95_high"]), r
    assert float(r["total_ci95_low"]) <= float(r["total_ci95_high"]), r
    assert (r["rows"], r["resamples"], r["bootstrap_seed"]) == ("8", "1000", "2010"), r
PY
echo "ok   the A, B and A_B^i rows, and sobol.csv's indices recomputed from sweep.csv"

# Run (point 5, replicate 1) alone: the outputs are its runs.csv's campaign figures.
read -r seed vis items tgt < <(awk -F, '$1 == 5 && $2 == 1 { print $3, $4, $5, $6 }' "$tmp/t1/runs.csv")
"$bin" run "$dir/../regression/tiny.json" --set duration_h=24 --set platform.visibility="$vis" \
    --set recommender.items_per_user_day="$items" --set recommender.targeting="$tgt" \
    --seed "$seed" --replicate 1 --quiet --out "$tmp/alone"
python3 - "$tmp/t1/runs.csv" "$tmp/alone/runs.csv" <<'PY'
import csv, math, sys
sweep = [r for r in csv.DictReader(open(sys.argv[1])) if r["point"] == "5" and r["replicate"] == "1"][0]
alone_rows = list(csv.DictReader(open(sys.argv[2])))
alone = [r for r in alone_rows if r["group"] == "campaign"][0]
correction = [r for r in alone_rows if r["group"] == "correction"][0]
for o in ("views", "views_day_1", "time_to_1e3_h", "cascade_depth"):
    # runs.csv of a sweep has 10 significant digits; a run's, every digit.
    assert math.isclose(float(sweep[o]), float(alone[o]), rel_tol=1e-9), (o, sweep[o], alone[o])
assert float(sweep["correction.views"]) == float(correction["views"]), (sweep, correction)
PY
echo "ok   a run's outputs equal its runs.csv figures when rerun alone"

python3 - "$tmp/t1" <<'PY'
import csv, sys
d = sys.argv[1]
points = {r["point"]: r for r in csv.DictReader(open(d + "/sweep.csv"))}
curves = list(csv.DictReader(open(d + "/curves.csv")))
assert len(curves) == 4 * len(points), len(curves)
for p, row in points.items():
    c = [r for r in curves if r["point"] == p]
    assert [r["time_h"] for r in c] == ["6", "12", "18", "24"], c
    med = [float(r["cum_views_median"]) for r in c]
    assert med == sorted(med), (p, med)
    assert c[-1]["cum_views_median"] == row["views_median"], (p, c[-1], row["views_median"])
    assert c[-1]["visibility"] == row["visibility"], (c[-1], row)
PY
echo "ok   curves.csv: each point's median cumulative views, rising to its median views"

"$bin" plot "$tmp/t1" >/dev/null 2>&1 || fail "plot of a saltelli sweep failed"
gp=$tmp/t1/plots/sobol_views.gp
[ -s "$gp" ] && grep -q "histogram errorbars" "$gp" && grep -q "title 'total (Jansen 1999)'" "$gp" ||
    fail "plot: no sobol_views bar chart"
[ "$(wc -l <"$tmp/t1/plots/sobol_views.dat")" -eq 4 ] || fail "sobol_views.dat: a header and 3 parameters"
echo "ok   plot draws sobol_views"

python3 - "$dir/saltelli_sweep.json" "$tmp" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
s["scenario"] = sys.argv[1].rsplit("/", 1)[0] + "/" + s["scenario"]
s["design"]["points"] = 1
json.dump(s, open(sys.argv[2] + "/one.json", "w"))
s["design"]["points"] = 8
s["parameters"][0]["count"] = 3
json.dump(s, open(sys.argv[2] + "/count.json", "w"))
del s["parameters"][0]["count"]
s["outputs"] = ["views_day_1", "time_to_1e3"]
json.dump(s, open(sys.argv[2] + "/outputs.json", "w"))
s["outputs"] = ["views_day_1"]
s["curve"] = {"every_h": 6, "count": 65}
json.dump(s, open(sys.argv[2] + "/curve.json", "w"))
PY
set +e
"$bin" sweep "$tmp/one.json" --out "$tmp/one" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '/design/points: expected an integer in \[2, 1000000\], got 1' "$tmp/err" && [ ! -e "$tmp/one" ] ||
    fail "points 1: $(cat "$tmp/err")"
"$bin" sweep "$tmp/count.json" --out "$tmp/count" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q 'count belongs to a grid design; a saltelli design takes its number of points from /design/points' "$tmp/err" ||
    fail "count: $(cat "$tmp/err")"
echo "ok   a saltelli design of one row, or with a count, is refused"
"$bin" sweep "$tmp/outputs.json" --out "$tmp/outputs" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '/outputs/1: expected a figure of runs.csv: views, reach, shares, campaign_posts, views_day_N, time_to_1eK_h (K 1 to 9), .*got "time_to_1e3"' "$tmp/err" ||
    fail "outputs: $(cat "$tmp/err")"
echo "ok   an output that is no figure of runs.csv is refused"
"$bin" sweep "$tmp/curve.json" --out "$tmp/curve" 2>"$tmp/err"
[ $? -eq 2 ] && grep -q '/curve/count: expected an integer in \[1, 64\], got 65' "$tmp/err" ||
    fail "curve: $(cat "$tmp/err")"
echo "ok   a curve of more than 64 times is refused"
