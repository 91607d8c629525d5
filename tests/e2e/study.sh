#!/usr/bin/env bash
# amplisim study: a countermeasure study of the tiny scenario. Each row's
# views prevented are, replicate by replicate, the baseline's campaign views
# minus those of the same scenario with the intervention written into its
# file (run separately on the same seed); the median, mean and Student-t
# interval are those of the per-replicate values; an early takedown
# prevents more than a late one; the bytes do not depend on the threads;
# `plot` draws one line per intervention; bad options and a delay past the
# end are refused with status 2 and nothing written.
# Usage: study.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }

"$bin" study "$tiny" --interventions takedown,suspend,demote,factcheck --delays 1,20 --reps 3 \
    --threads 2 --quiet --out "$tmp/s2" || { echo "FAIL study"; exit 1; }
"$bin" study "$tiny" --interventions takedown,suspend,demote,factcheck --delays 1,20 --reps 3 \
    --threads 1 --quiet --out "$tmp/s1" || { echo "FAIL study"; exit 1; }
cmp -s "$tmp/s1/study.json" "$tmp/s2/study.json" && cmp -s "$tmp/s1/study.csv" "$tmp/s2/study.csv" &&
    ok || bad "study.json or study.csv differ between 1 and 2 threads"

# The takedown at 20 h, written into the scenario file, run on the same
# seed: the study's per-replicate figures must be baseline - this, exactly.
python3 - "$tiny" "$tmp/takedown.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
first = min(a["at_h"] for a in s["campaign"]["actions"])
s["interventions"] = [{"kind": "takedown", "story": st["name"], "trigger": {"at_h": first + 20}}
                      for st in s["stories"]]
json.dump(s, open(sys.argv[2], "w"))
PY
"$bin" run "$tmp/takedown.json" --reps 3 --quiet --out "$tmp/takedown" >/dev/null ||
    { echo "FAIL run takedown"; exit 1; }
python3 - "$tmp/s2" "$tmp/takedown/runs.csv" <<'PY' && ok || bad "study figures"
import csv, json, math, statistics, sys
d, variant_runs = sys.argv[1], sys.argv[2]
j = json.load(open(d + "/study.json"))
def campaign_views(path):
    return [float(r["views"]) for r in csv.DictReader(open(path)) if r["group"] == "campaign"]
base = campaign_views(d + "/baseline/runs.csv")
assert len(base) == 3 == j["replicates"], base
assert j["baseline_views"]["median"] == statistics.median(base), j["baseline_views"]
rows = j["rows"]
assert [(r["intervention"], r["delay_h"]) for r in rows] == [
    (k, t) for k in ("takedown", "suspend", "demote", "factcheck") for t in (1, 20)], rows
late = [r for r in rows if r["intervention"] == "takedown" and r["delay_h"] == 20][0]
with_it = campaign_views(variant_runs)
per = late["views_prevented"]["per_replicate"]
assert per == [b - w for b, w in zip(base, with_it)], (per, base, with_it)
# Student's t with 2 degrees of freedom: t(0.975, 2) = 4.302652729749464.
for r in rows:
    p = r["views_prevented"]
    v = p["per_replicate"]
    mean, sd = statistics.mean(v), statistics.stdev(v)
    half = 4.302652729749464 * sd / math.sqrt(3)
    assert math.isclose(p["mean"], mean, rel_tol=1e-12), p
    assert math.isclose(p["ci95_low"], mean - half, rel_tol=1e-9, abs_tol=1e-6), p
    assert math.isclose(p["ci95_high"], mean + half, rel_tol=1e-9, abs_tol=1e-6), p
    assert p["median"] == statistics.median(v), p
    assert p["lowered_fraction"] == sum(x > 0 for x in v) / 3, p
early = [r for r in rows if r["intervention"] == "takedown" and r["delay_h"] == 1][0]
assert early["views_prevented"]["mean"] > late["views_prevented"]["mean"] > 0, (early, late)
lines = list(csv.DictReader(open(d + "/study.csv")))
assert len(lines) == len(rows) and float(lines[0]["prevented_mean"]) == rows[0]["views_prevented"]["mean"]
PY

"$bin" plot "$tmp/s2" >/dev/null 2>&1
gp=$tmp/s2/plots/prevented_vs_delay.gp
[ -s "$gp" ] && [ "$(grep -c "with linespoints" "$gp")" -eq 4 ] &&
    [ "$(grep -c "with filledcurves" "$gp")" -eq 4 ] && grep -q "title 'takedown'" "$gp" &&
    ok || bad "plot: prevented_vs_delay.gp should draw four interventions with bands"

# Bad options: status 2, one message, nothing written.
expect_bad() {
    local what=$1 pattern=$2
    shift 2
    "$bin" study "$tiny" --out "$tmp/bad" "$@" >/dev/null 2>"$tmp/err"
    local status=$?
    if [ $status -eq 2 ] && grep -qF -- "$pattern" "$tmp/err" && [ ! -e "$tmp/bad" ]; then
        ok
    else
        bad "$what: status $status, stderr: $(cat "$tmp/err")"
    fi
}
expect_bad "unknown intervention" '--interventions expects some of takedown, suspend, factcheck, demote, each once, separated by commas, got "takedown,ban"' --interventions takedown,ban
expect_bad "repeated intervention" 'got "demote,demote"' --interventions demote,demote
expect_bad "decreasing delays" '--delays expects up to 32 hours >= 0 in increasing order, separated by commas, got "6,3"' --delays 6,3
expect_bad "empty delay" 'got "1,"' --delays 1,
expect_bad "delay past the end" "--delays 48: the campaign's first post is at 0 h and $tiny ends at 48 h (duration_h), so an intervention 48 h later never acts; give delays below 48 h" --delays 1,48
expect_bad "factor" '--demote-factor expects a factor in [0, 1], got "1.5"' --demote-factor 1.5
expect_bad "suspend k" '--suspend-k expects a whole number in [1, 100000000], got "0"' --suspend-k 0
expect_bad "bad reps" '--reps 0: /replicates: expected an integer in [1, 100000], got 0' --reps 0

echo "study: $pass passed, $fail failed"
[ $fail -eq 0 ]
