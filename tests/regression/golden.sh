#!/usr/bin/env bash
# A tiny fixed-seed scenario against its committed expected output. If the
# model changes on purpose, regenerate with: golden.sh BIN DIR --update
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$dir/tiny.json" --threads 2 --out "$tmp/out" --quiet
if [ "${3:-}" = "--update" ]; then
    cp "$tmp/out/timeseries.csv" "$dir/tiny.expected.csv"
    grep -v -E '_seconds"|"events_per_second"' "$tmp/out/summary.json" >"$dir/tiny.expected.summary.json"
    exit 0
fi
diff -u "$dir/tiny.expected.csv" "$tmp/out/timeseries.csv" >"$tmp/diff" ||
    { head -40 "$tmp/diff"; echo "FAIL: timeseries.csv differs from the golden"; exit 1; }
grep -v -E '_seconds"|"events_per_second"' "$tmp/out/summary.json" |
    diff -u "$dir/tiny.expected.summary.json" - >"$tmp/diff" ||
    { head -40 "$tmp/diff"; echo "FAIL: summary.json differs from the golden"; exit 1; }
echo "ok   tiny scenario matches its golden output"
