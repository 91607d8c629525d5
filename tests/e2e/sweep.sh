#!/usr/bin/env bash
# amplisim sweep: the same bytes on 1 and 2 threads; a single run reproduced
# alone with `run --seed S --replicate I`; a value out of range fails before
# any run and writes nothing; a directory of another sweep, or a non-empty
# one that is not a sweep's, is refused; a finished sweep rerun runs nothing;
# a sweep whose threads would need more memory than allowed is refused.
# Usage: sweep.sh AMPLISIM_BINARY SWEEP_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

"$bin" sweep "$dir/tiny_sweep.json" --threads 1 --out "$tmp/t1" >"$tmp/t1.out"
"$bin" sweep "$dir/tiny_sweep.json" --threads 2 --quiet --out "$tmp/t2"
for f in sweep.csv runs.csv sweep.json; do
    cmp "$tmp/t1/$f" "$tmp/t2/$f" || fail "$f differs between 1 and 2 threads"
done
echo "ok   sweep.csv, runs.csv and sweep.json identical on 1 and 2 threads"

python3 - "$tmp/t1" <<'PY'
import csv, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/sweep.csv")))
runs = list(csv.DictReader(open(d + "/runs.csv")))
assert len(rows) == 6 and len(runs) == 18, (len(rows), len(runs))
# grid order: the first parameter varies slowest; the log range ends exactly
assert [r["visibility"] for r in rows] == ["0.3"] * 3 + ["0.6"] * 3, rows
assert [r["items"] for r in rows[:3]] == ["1", "4.47213595499958", "20"], [r["items"] for r in rows[:3]]
for r in rows:
    assert r["runs"] == "3"
    for f in ("views", "reach", "shares", "peak_view_rate_per_h"):
        lo, mean, hi = float(r[f + "_ci95_low"]), float(r[f + "_mean"]), float(r[f + "_ci95_high"])
        p05, med, p95 = float(r[f + "_p05"]), float(r[f + "_median"]), float(r[f + "_p95"])
        assert lo <= mean <= hi and p05 <= med <= p95, (f, r)
    vals = sorted(float(x["views"]) for x in runs if x["point"] == r["point"])
    assert abs(float(r["views_median"]) - vals[1]) < 1e-9 * max(1, vals[1]), (r, vals)
# a larger visibility means more views (the same items, more of each feed seen)
for k in range(3):
    assert float(rows[k + 3]["views_mean"]) > float(rows[k]["views_mean"]), k
PY
echo "ok   sweep.csv: grid order, exact range ends, CI and quantiles consistent with runs.csv"

# Run (point 4, replicate 2) alone, from what runs.csv says.
read -r seed vis items views reach < <(awk -F, '$1 == 4 && $2 == 2 { print $3, $4, $5, $6, $7 }' "$tmp/t1/runs.csv")
"$bin" run "$dir/../regression/tiny.json" --set duration_h=24 --set platform.visibility="$vis" \
    --set recommender.items_per_user_day="$items" --seed "$seed" --replicate 2 --quiet --out "$tmp/one"
python3 - "$tmp/one/summary.json" "$views" "$reach" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["replicate"] == 2 and s["replicates"] == 1, s
c = s["campaign"]  # a sweep's figures are the campaign's, as summary.json's
assert c["views"]["median"] == float(sys.argv[2]), (c["views"], sys.argv[2])
assert c["reach"]["median"] == float(sys.argv[3]), (c["reach"], sys.argv[3])
PY
echo "ok   a sweep run reproduced alone with run --seed $seed --replicate 2"

before=$(cat "$tmp/t1"/log/*.csv | wc -l)
"$bin" sweep "$dir/tiny_sweep.json" --out "$tmp/t1" >"$tmp/again.out"
grep -q "(0 run now, 18 recorded before)" "$tmp/again.out" || fail "rerun: $(cat "$tmp/again.out")"
[ "$(cat "$tmp/t1"/log/*.csv | wc -l)" = "$before" ] || fail "a finished sweep ran again"
cmp "$tmp/t1/sweep.csv" "$tmp/t2/sweep.csv" || fail "rerun changed sweep.csv"
echo "ok   a finished sweep rerun runs nothing and writes the same sweep.csv"

set +e
"$bin" sweep "$dir/out_of_range.json" --out "$tmp/bad" 2>"$tmp/bad.err"
code=$?
set -e
[ $code -eq 2 ] || fail "out-of-range value: exit $code"
grep -q "point 1 (visibility=1.5)" "$tmp/bad.err" || fail "message: $(cat "$tmp/bad.err")"
grep -q "/platform/visibility" "$tmp/bad.err" || fail "message: $(cat "$tmp/bad.err")"
[ ! -e "$tmp/bad" ] || fail "a failing sweep wrote $tmp/bad"
echo "ok   a value out of range fails before any run: $(cat "$tmp/bad.err")"

set +e
"$bin" sweep "$dir/tiny_sweep_other.json" --out "$tmp/t1" 2>"$tmp/other.err"
code=$?
set -e
[ $code -eq 2 ] || fail "another sweep's directory: exit $code"
grep -q "different sweep" "$tmp/other.err" || fail "message: $(cat "$tmp/other.err")"
mkdir "$tmp/foreign" && echo hello >"$tmp/foreign/notes.txt"
set +e
"$bin" sweep "$dir/tiny_sweep.json" --out "$tmp/foreign" 2>"$tmp/foreign.err"
code=$?
set -e
[ $code -eq 2 ] || fail "foreign directory: exit $code"
grep -q "not a sweep's output directory" "$tmp/foreign.err" || fail "message: $(cat "$tmp/foreign.err")"
[ "$(ls "$tmp/foreign")" = "notes.txt" ] || fail "wrote into a foreign directory"
echo "ok   another sweep's directory and a foreign directory are refused"

set +e
AMPLISIM_MEMORY_LIMIT=1M "$bin" sweep "$dir/tiny_sweep.json" --threads 2 --out "$tmp/mem" 2>"$tmp/mem.err"
code=$?
set -e
[ $code -eq 2 ] || fail "memory refusal: exit $code"
grep -q "needs about .* (2 threads, each holding a world" "$tmp/mem.err" || fail "message: $(cat "$tmp/mem.err")"
[ ! -e "$tmp/mem" ] || fail "a refused sweep wrote $tmp/mem"
echo "ok   a sweep too large for the memory limit is refused up front"

"$bin" sweep "$dir/sobol_sweep.json" --quiet --out "$tmp/sobol"
"$bin" sweep "$dir/design_sweep.json" --quiet --out "$tmp/design"
python3 - "$tmp/sobol/sweep.csv" "$tmp/design/sweep.csv" <<'PY'
import csv, sys
sob = list(csv.DictReader(open(sys.argv[1])))
assert len(sob) == 6, len(sob)
for r in sob:
    assert 0.2 <= float(r["visibility"]) <= 0.8 and 1 <= float(r["items"]) <= 30, r
    assert r["targeting"] in ("appeal", "uniform") and r["runs"] == "2", r
assert len({r["visibility"] for r in sob}) == 6  # space-filling: no value twice
des = list(csv.DictReader(open(sys.argv[2])))
assert [(r["visibility"], r["bots"]) for r in des] == [("0.21", "4"), ("0.44", "9"), ("0.62", "1"), ("0.87", "6")], des
PY
echo "ok   a Sobol sample and a design file run end to end (bounds, categories, integer rounding)"
