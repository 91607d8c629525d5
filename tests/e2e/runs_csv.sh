#!/usr/bin/env bash
# runs.csv against summary.json: every figure's quantiles recomputed from the
# rows (check_runs.py) are the summary's, for a scenario without and one with
# an intervention and a correction; and a row reruns alone: run --seed S
# --replicate R gives the same figures as row R of the full run.
# Usage: runs_csv.sh AMPLISIM_BINARY SOURCE_DIR
set -eu
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$src/tests/regression/tiny.json" --reps 7 --threads 2 --quiet --out "$tmp/tiny"
python3 "$src/tests/e2e/check_runs.py" "$tmp/tiny"
"$bin" run "$src/scenarios/decentralized_factcheck.json" --reps 5 --threads 2 --quiet --out "$tmp/fc"
python3 "$src/tests/e2e/check_runs.py" "$tmp/fc"
seed=$(awk -F, 'NR == 2 { print $2 }' "$tmp/tiny/runs.csv")
"$bin" run "$src/tests/regression/tiny.json" --seed "$seed" --replicate 3 --quiet --out "$tmp/one"
# The same figures; the lone run has no intervention columns to differ in.
diff <(grep '^3,' "$tmp/tiny/runs.csv") <(tail -n +2 "$tmp/one/runs.csv") ||
    { echo "FAIL: run --seed $seed --replicate 3 differs from row 3 of runs.csv"; exit 1; }
echo "ok   run --seed $seed --replicate 3 reproduces runs.csv's replicate 3"
