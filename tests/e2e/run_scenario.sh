#!/usr/bin/env bash
# Runs a bundled scenario through the command line, as a user would, and
# checks the run directory and the table. Usage: run_scenario.sh BIN SCENARIO [REPS]
set -eu
bin=$1 scenario=$2 reps=${3:-3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$scenario" --reps "$reps" --out "$tmp/out" >"$tmp/table" 2>"$tmp/stderr"
for f in scenario.json timeseries.csv summary.json; do
    [ -s "$tmp/out/$f" ] || { echo "FAIL: $f missing"; exit 1; }
done
# Progress goes to stderr only on a terminal: here it is a file, so empty.
[ ! -s "$tmp/stderr" ] || { echo "FAIL: stderr not empty:"; cat "$tmp/stderr"; exit 1; }
grep -q "results in $tmp/out" "$tmp/table" || { echo "FAIL: table lacks the results path"; cat "$tmp/table"; exit 1; }
# The header names the columns; every row has as many fields.
awk -F, 'NR == 1 { n = NF } NF != n { bad = 1 } END { exit bad }' "$tmp/out/timeseries.csv" ||
    { echo "FAIL: ragged timeseries.csv"; exit 1; }
# The campaign reached someone: median views of the first story > 0.
python3 - "$tmp/out/summary.json" "$reps" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["replicates"] == int(sys.argv[2]), s["replicates"]
c = s["campaign"]
for k in ("views", "reach", "shares"):
    assert set(c[k]) == {"mean", "median", "p05", "p95", "median_low_90", "median_high_90"}, c[k]
    # The median's 90 % interval needs 5 replicates (results/README.md).
    lo, hi = c[k]["median_low_90"], c[k]["median_high_90"]
    if s["replicates"] >= 5:
        assert lo <= c[k]["median"] <= hi, c[k]
    else:
        assert lo is None and hi is None, c[k]
assert c["views"]["median"] > 0, c["views"]
assert s["events"] > 0 and s["events_per_second"] > 0
# Totals by kind: the campaign is its fabricated and leaked stories, and
# each kind's views are the sum of its stories' (means add exactly).
assert c["kinds"] == ["fabricated", "leak"], c["kinds"]
by_kind = s["by_kind"]
assert set(by_kind) == {"fabricated", "genuine", "leak", "correction"}, by_kind
for kind, t in by_kind.items():
    mine = [st for st in s["stories"] if st["kind"] == kind]
    assert t["stories"] == len(mine), (kind, t)
    total = sum(st["views"]["mean"] for st in mine)
    assert abs(t["views"]["mean"] - total) <= 1e-9 * max(1.0, total), (kind, t, total)
campaign_mean = by_kind["fabricated"]["views"]["mean"] + by_kind["leak"]["views"]["mean"]
assert abs(c["views"]["mean"] - campaign_mean) <= 1e-9 * max(1.0, campaign_mean)
assert c["reach"]["median"] <= s["accounts_reached"]["median"]
for st in s["stories"]:
    assert st["reach"]["median"] <= st["views"]["median"]
print("ok   %s: campaign views median %.0f" % (s["scenario"], c["views"]["median"]))
PY
