#!/usr/bin/env bash
# Same scenario and seed give the same bytes: twice on one thread, on two
# threads, and rerun from the resolved scenario.json the run wrote. Only the
# two timing figures of summary.json (the *_seconds timings and events_per_second) may
# differ. Usage: determinism.sh AMPLISIM_BINARY SCENARIO
set -eu
bin=$1 scenario=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
strip_timing() { grep -v -E '_seconds"|"events_per_second"' "$1"; }
same() {
    for f in scenario.json timeseries.csv runs.csv; do
        cmp -s "$1/$f" "$2/$f" || { echo "FAIL: $1/$f and $2/$f differ"; exit 1; }
    done
    cmp -s <(strip_timing "$1/summary.json") <(strip_timing "$2/summary.json") ||
        { echo "FAIL: $1/summary.json and $2/summary.json differ"; exit 1; }
}
"$bin" run "$scenario" --reps 4 --seed 7 --threads 1 --out "$tmp/a" --quiet
"$bin" run "$scenario" --reps 4 --seed 7 --threads 1 --out "$tmp/b" --quiet
same "$tmp/a" "$tmp/b"
echo "ok   same seed, same bytes"
"$bin" run "$scenario" --reps 4 --seed 7 --threads 2 --out "$tmp/c" --quiet
same "$tmp/a" "$tmp/c"
echo "ok   1 and 2 threads, same bytes"
"$bin" run "$tmp/a/scenario.json" --threads 2 --out "$tmp/d" --quiet
same "$tmp/a" "$tmp/d"
echo "ok   rerun of the resolved scenario.json, same bytes"
"$bin" run "$scenario" --reps 4 --seed 8 --threads 1 --out "$tmp/e" --quiet
if cmp -s "$tmp/a/timeseries.csv" "$tmp/e/timeseries.csv"; then
    echo "FAIL: a different seed gave the same timeseries"; exit 1
fi
echo "ok   a different seed, different bytes"
