#!/usr/bin/env bash
# amplisim compare: a scenario against itself gives zero differences (common
# random numbers); run directories stand for their scenario.json; two
# campaigns give compare.json and compare.csv with every figure, and the
# centralized campaign loses views when its top 100 accounts are suspended;
# views left come with an interval over paired replicates; suspending the
# decentralized campaign's own accounts (attribution) leaves far fewer views
# than suspending the largest accounts (followers), and suspending its bots
# leaves almost none; paired.csv holds each figure's difference replicate by
# replicate, infinite times classed, never nan, and --story adds a story.
# Usage: compare.sh AMPLISIM_BINARY SCENARIO_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" compare "$dir/centralized.json" "$dir/centralized.json" --reps 3 --quiet --out "$tmp/same"
# An empty difference is a time neither side reached (never a 0 nor nan).
if awk -F, 'NR > 1 && $4 != "" && $4 != 0 { bad = 1 } END { exit !bad }' "$tmp/same/compare.csv"; then
    echo "FAIL: a scenario compared with itself differs:"; cat "$tmp/same/compare.csv"; exit 1
fi
# Paired, replicate by replicate: every difference 0 (or both never), B
# never below A; each side's runs.csv is there.
python3 - "$tmp/same" <<'PY'
import csv, json, sys
d = sys.argv[1]
rows = list(csv.DictReader(open(d + "/paired.csv")))
assert {r["group"] for r in rows} == {"campaign", "correction"}, rows[0]
for r in rows:
    never = int(r["both_never"]) == int(r["pairs"]) == 3
    assert r["diff_median"] == ("" if never else "0"), r
    assert r["b_below_fraction"] == "0" and r["equal_fraction"] == "1", r
j = json.load(open(d + "/compare.json"))
assert j["paired"]["campaign"]["figures"]["views"]["median"] == 0, j["paired"]["campaign"]
assert j["figures"]["time_to_1e6_views_h"]["diff"] is None  # both never: no 0
for side in "ab":
    assert len(list(csv.DictReader(open("%s/%s/runs.csv" % (d, side))))) == 3 * 3
PY
echo "ok   compare A A: every difference is 0, replicate by replicate too"
"$bin" run "$dir/decentralized.json" --reps 3 --quiet --out "$tmp/run_dec"
"$bin" compare "$dir/centralized.json" "$tmp/run_dec" --reps 3 --out "$tmp/two" >"$tmp/table"
grep -q "views_left_top100_mean" "$tmp/table" || { echo "FAIL: table"; cat "$tmp/table"; exit 1; }
python3 - "$tmp/two/compare.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["a"]["scenario"] == "centralized" and c["b"]["scenario"] == "decentralized", c["a"]
f = c["figures"]
for name in ("campaign_views_median", "campaign_views_p05", "campaign_views_p95",
             "campaign_reach_median", "campaign_shares_median", "correction_views_median",
             "genuine_views_median", "time_to_1e6_views_h", "peak_view_rate_per_h",
             "communities_reached"):
    assert set(f[name]) == {"a", "b", "diff"}, name
res = c["resilience"]
assert res["by"] == c["resilience_by"] == "attribution" and res["at_h"] == c["resilience_at_h"]
assert [r["k"] for r in res["rows"]] == [1, 10, 100], res["rows"]
# Views left, replicate by replicate (paired on the seed), then their mean,
# a 95 % interval of the mean and their median; the figures repeat them.
for row in res["rows"]:
    for side in "ab":
        l = row[side]
        per = l["per_replicate"]
        assert len(per) == 3 and all(x >= 0.0 for x in per), l
        mean = sum(per) / len(per)
        assert abs(l["mean"] - mean) < 1e-12, l
        assert l["ci95_low"] <= mean <= l["ci95_high"], l
        assert l["median"] == sorted(per)[1], l
        for stat in ("mean", "ci95_low", "ci95_high", "median"):
            assert f["views_left_%s_%s" % (row["key"], stat)][side] == l[stat], (row, stat)
top100 = res["rows"][2]["a"]
# The centralized campaign is carried by its largest posters: suspending the
# hundred whose posts drew the most views removes most of them, so every
# replicate and the whole interval lie well below 1.
assert top100["ci95_high"] < 0.6 and max(top100["per_replicate"]) < 0.6, top100
# Neither side has corrections or genuine stories: their views stand apart, 0.
assert f["correction_views_median"]["a"] == 0 and f["genuine_views_median"]["b"] == 0, f
v = f["campaign_views_median"]
assert abs(v["diff"] - (v["b"] - v["a"])) < 1e-6 * max(1.0, abs(v["a"]))
print("ok   compare centralized with a decentralized run directory: views %.0f vs %.0f"
      % (v["a"], v["b"]))
PY
# The decentralized campaign: its own top 100 posters (attribution) against
# the platform's top 100 accounts (followers), and all its bots.
for by in attribution followers role:bot; do
    k="--resilience-k 100"
    [ "$by" = role:bot ] && k=""
    "$bin" compare "$dir/decentralized.json" "$dir/decentralized.json" --reps 3 --quiet \
        --resilience-by $by $k --out "$tmp/by_${by%%:*}"
done
python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
left = {}
for by in ("attribution", "followers", "role"):
    c = json.load(open("%s/by_%s/compare.json" % (d, by)))
    row = c["resilience"]["rows"][0]
    assert row["a"] == row["b"], by   # the same scenario on the same seeds
    left[by] = row["a"]
assert left["role"]["accounts_suspended"] == 1000, left["role"]
# Suspending the campaign's own accounts leaves far fewer views than
# suspending the largest accounts, which it never uses; its 1,000 bots carry
# it, and the bots' interval lies below 1 / 5. The two modes run on the same
# seeds, so the difference is judged per replicate (paired): the upper end of
# its 95 % Student t interval (3 replicates: t = 4.303 on 2 degrees of
# freedom) must lie below 0.
import statistics
diff = [x - y for x, y in zip(left["attribution"]["per_replicate"],
                              left["followers"]["per_replicate"])]
upper = statistics.mean(diff) + 4.303 * statistics.stdev(diff) / len(diff) ** 0.5
assert left["attribution"]["mean"] < left["followers"]["mean"] - 0.15, left
assert upper < 0.0, (diff, upper)
assert left["role"]["ci95_high"] < 0.2, left["role"]
print("ok   decentralized, views left: own top 100 %.3f, top 100 by followers %.3f, all bots %.3f"
      % (left["attribution"]["mean"], left["followers"]["mean"], left["role"]["mean"]))
PY
set +e
"$bin" compare "$dir/centralized.json" "$dir/decentralized.json" --resilience-by role:bot \
    --resilience-k 10 >/dev/null 2>"$tmp/err"
status=$?
set -e
[ $status -eq 2 ] && grep -q "does not apply to --resilience-by role" "$tmp/err" ||
    { echo "FAIL: --resilience-k with role"; cat "$tmp/err"; exit 1; }
"$bin" compare "$dir/centralized.json" "$dir/decentralized.json" --resilience-by site \
    >/dev/null 2>"$tmp/err" && { echo "FAIL: --resilience-by site accepted"; exit 1; }
grep -q "expects attribution, followers or role:ROLE" "$tmp/err" ||
    { echo "FAIL: --resilience-by message"; cat "$tmp/err"; exit 1; }
echo "ok   --resilience-by: bad values and --resilience-k with a role are usage errors"
# --resilience-at past either side's end is refused before anything runs,
# naming the flag (issue 18, item 9).
set +e
"$bin" compare "$dir/centralized.json" "$dir/decentralized.json" --resilience-at 1000 \
    --out "$tmp/late" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ $status -eq 2 ] && grep -q "^amplisim: --resilience-at 1000: the suspensions must come before the end of A" "$tmp/err" &&
    [ ! -e "$tmp/late" ] || { echo "FAIL: --resilience-at past the end"; cat "$tmp/err"; exit 1; }
echo "ok   --resilience-at past the end: refused before anything runs"
# Paired figures of two campaigns: the campaign's totals, the corrections'
# and, with --story, one story both sides have (B is the decentralized
# campaign with a fact-check of its "economy" story, on the same seeds).
"$bin" compare "$dir/decentralized.json" "$dir/decentralized_factcheck.json" --reps 4 --quiet \
    --resilience-k 1 --story economy --out "$tmp/fc"
python3 - "$tmp/fc" <<'PY'
import csv, json, math, sys
d = sys.argv[1]
text = open(d + "/paired.csv").read() + open(d + "/compare.csv").read()
assert "nan" not in text.lower(), "a paired or compared figure is nan"
rows = list(csv.DictReader(open(d + "/paired.csv")))
by = {(r["group"], r["story"], r["figure"]): r for r in rows}
a = list(csv.DictReader(open(d + "/a/runs.csv")))
b = list(csv.DictReader(open(d + "/b/runs.csv")))
# The story's views, replicate by replicate, recomputed from the sides' runs.csv.
va = [float(r["views"]) for r in a if r["story"] == "economy"]
vb = [float(r["views"]) for r in b if r["story"] == "economy"]
diff = sorted(y - x for x, y in zip(va, vb))
row = by[("story", "economy", "views")]
assert abs(float(row["diff_median"]) - (diff[1] + diff[2]) / 2) < 1e-9, (row, diff)
assert abs(float(row["diff_mean"]) - sum(diff) / 4) < 1e-9, (row, diff)
assert float(row["b_below_fraction"]) == sum(1 for x in diff if x < 0) / 4, row
# A has no correction, B's fact-check posts one: A never reached 10 views of
# corrections, B did in every replicate.
t = by[("correction", "", "time_to_1e1_h")]
assert t["a_never"] == "4" and t["diff_median"] == "-inf" and t["b_below_fraction"] == "1", t
j = json.load(open(d + "/compare.json"))
assert j["paired"]["story"]["name"] == "economy"
assert j["paired"]["correction"]["figures"]["time_to_1e1_h"]["median"] is None
print("ok   compare --story economy: paired views %s [%s, %s], B below A in %s of replicates"
      % (row["diff_mean"], row["diff_ci95_low"], row["diff_ci95_high"], row["b_below_fraction"]))
PY
set +e
"$bin" compare "$dir/centralized.json" "$dir/decentralized.json" --story nope \
    --out "$tmp/nostory" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ $status -eq 2 ] && grep -q '^amplisim: --story "nope": A (.*centralized.json) has no story of that name; its stories: "narrative"' "$tmp/err" &&
    [ ! -e "$tmp/nostory" ] || { echo "FAIL: --story nope"; cat "$tmp/err"; exit 1; }
echo "ok   --story naming no story of a side: refused before anything runs"
set +e
"$bin" compare "$dir/centralized.json" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ $status -eq 2 ] && grep -q "compare needs two" "$tmp/err" || { echo "FAIL: one argument"; exit 1; }
echo "ok   compare with one scenario is a usage error"
