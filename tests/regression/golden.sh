#!/usr/bin/env bash
# A tiny fixed-seed scenario against its committed expected output
# (NAME.expected.csv, NAME.expected.summary.json). If the model changes on
# purpose, regenerate with: golden.sh BIN DIR NAME --update, and commit the
# new goldens on their own, saying why.
# Usage: golden.sh AMPLISIM_BINARY DIR NAME [--update]
set -eu
bin=$1 dir=$2 name=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$dir/$name.json" --threads 2 --out "$tmp/out" --quiet
if [ "${4:-}" = "--update" ]; then
    cp "$tmp/out/timeseries.csv" "$dir/$name.expected.csv"
    grep -v -E '_seconds"|"events_per_second"' "$tmp/out/summary.json" >"$dir/$name.expected.summary.json"
    exit 0
fi
diff -u "$dir/$name.expected.csv" "$tmp/out/timeseries.csv" >"$tmp/diff" ||
    { head -40 "$tmp/diff"; echo "FAIL: $name timeseries.csv differs from the golden"; exit 1; }
grep -v -E '_seconds"|"events_per_second"' "$tmp/out/summary.json" |
    diff -u "$dir/$name.expected.summary.json" - >"$tmp/diff" ||
    { head -40 "$tmp/diff"; echo "FAIL: $name summary.json differs from the golden"; exit 1; }
echo "ok   $name scenario matches its golden output"
