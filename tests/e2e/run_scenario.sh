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
for k in ("views", "reach", "shares"):
    assert set(s[k]) == {"mean", "median", "p05", "p95"}, s[k]
assert s["views"]["median"] > 0, s["views"]
assert s["events"] > 0 and s["events_per_second"] > 0
for st in s["stories"]:
    assert st["reach"]["median"] <= st["views"]["median"]
print("ok   %s: views median %.0f" % (s["scenario"], s["views"]["median"]))
PY
