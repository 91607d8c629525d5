#!/usr/bin/env bash
# amplisim compare: a scenario against itself gives zero differences (common
# random numbers); run directories stand for their scenario.json; two
# campaigns give compare.json and compare.csv with every figure, and the
# centralized campaign loses views when its top 100 accounts are suspended. Usage: compare.sh AMPLISIM_BINARY SCENARIO_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" compare "$dir/centralized.json" "$dir/centralized.json" --reps 3 --quiet --out "$tmp/same"
if awk -F, 'NR > 1 && $4 != 0 { bad = 1 } END { exit !bad }' "$tmp/same/compare.csv"; then
    echo "FAIL: a scenario compared with itself differs:"; cat "$tmp/same/compare.csv"; exit 1
fi
echo "ok   compare A A: every difference is 0"
"$bin" run "$dir/decentralized.json" --reps 3 --quiet --out "$tmp/run_dec"
"$bin" compare "$dir/centralized.json" "$tmp/run_dec" --reps 3 --out "$tmp/two" >"$tmp/table"
grep -q "resilience_top100" "$tmp/table" || { echo "FAIL: table"; cat "$tmp/table"; exit 1; }
python3 - "$tmp/two/compare.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
assert c["a"]["scenario"] == "centralized" and c["b"]["scenario"] == "decentralized", c["a"]
f = c["figures"]
for name in ("campaign_views_median", "campaign_views_p05", "campaign_views_p95",
             "campaign_reach_median", "campaign_shares_median", "correction_views_median",
             "genuine_views_median", "time_to_1e6_views_h", "peak_view_rate_per_h", "communities_reached",
             "resilience_top1", "resilience_top10", "resilience_top100"):
    assert set(f[name]) == {"a", "b", "diff"}, name
# Views left after suspending the top accounts: a ratio of medians, so it can
# exceed 1 by noise where the suspension hardly matters (the decentralized
# side); the centralized campaign, carried by its largest accounts, loses much.
for k in (1, 10, 100):
    for side in "ab":
        assert f["resilience_top%d" % k][side] >= 0.0, (k, side)
assert f["resilience_top100"]["a"] < 0.9, f["resilience_top100"]
# Neither side has corrections or genuine stories: their views stand apart, 0.
assert f["correction_views_median"]["a"] == 0 and f["genuine_views_median"]["b"] == 0, f
v = f["campaign_views_median"]
assert abs(v["diff"] - (v["b"] - v["a"])) < 1e-6 * max(1.0, abs(v["a"]))
print("ok   compare centralized with a decentralized run directory: views %.0f vs %.0f"
      % (v["a"], v["b"]))
PY
set +e
"$bin" compare "$dir/centralized.json" >/dev/null 2>"$tmp/err"
status=$?
set -e
[ $status -eq 2 ] && grep -q "compare needs two" "$tmp/err" || { echo "FAIL: one argument"; exit 1; }
echo "ok   compare with one scenario is a usage error"
