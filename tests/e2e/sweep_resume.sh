#!/usr/bin/env bash
# A sweep killed with SIGKILL in the middle, then started again with the
# same command, runs only what is missing and ends with the same sweep.csv
# as an uninterrupted sweep. Usage: sweep_resume.sh AMPLISIM_BINARY SWEEP_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
sweep=$dir/slow_sweep.json
total=36

"$bin" sweep "$sweep" --threads 2 --quiet --out "$tmp/whole"

"$bin" sweep "$sweep" --threads 2 --quiet --out "$tmp/cut" &
pid=$!
# Kill it once some runs are recorded and before all are.
for _ in $(seq 1 600); do
    n=$(cat "$tmp/cut"/log/*.csv 2>/dev/null | wc -l)
    [ "$n" -ge 4 ] && break
    sleep 0.02
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
n=$(cat "$tmp/cut"/log/*.csv | wc -l)
[ "$n" -ge 1 ] && [ "$n" -lt $total ] || fail "killed after $n of $total runs; make the sweep slower"
[ ! -e "$tmp/cut/sweep.csv" ] || fail "a killed sweep wrote sweep.csv"
echo "ok   killed with SIGKILL after $n of $total runs"

"$bin" sweep "$sweep" --threads 1 --out "$tmp/cut" >"$tmp/resume.out"
grep -q "($((total - n)) run now, $n recorded before)" "$tmp/resume.out" ||
    fail "resume: $(tail -1 "$tmp/resume.out")"
cmp "$tmp/whole/sweep.csv" "$tmp/cut/sweep.csv" || fail "resumed sweep.csv differs"
cmp "$tmp/whole/runs.csv" "$tmp/cut/runs.csv" || fail "resumed runs.csv differs"
echo "ok   resumed: ran the $((total - n)) missing runs; sweep.csv and runs.csv identical"

# Ctrl-C: the runs under way finish and are recorded, the sweep says how to
# go on and exits 130; the same command then finishes it.
"$bin" sweep "$sweep" --threads 2 --quiet --out "$tmp/int" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 1 600); do
    [ "$(cat "$tmp/int"/log/*.csv 2>/dev/null | wc -l)" -ge 2 ] && break
    sleep 0.02
done
kill -INT $pid
set +e
wait $pid
code=$?
set -e
n=$(cat "$tmp/int"/log/*.csv | wc -l)
if [ $code -eq 0 ]; then
    echo "note: the sweep finished before SIGINT arrived; nothing to check"
else
    [ $code -eq 130 ] || fail "SIGINT: exit $code"
    grep -q "interrupted; every finished run is recorded" "$tmp/int.err" || fail "SIGINT message: $(cat "$tmp/int.err")"
    [ ! -e "$tmp/int/sweep.csv" ] || fail "an interrupted sweep wrote sweep.csv"
    echo "ok   Ctrl-C: exit 130 after $n of $total runs, with a message saying how to finish"
fi
"$bin" sweep "$sweep" --threads 2 --quiet --out "$tmp/int"
cmp "$tmp/whole/sweep.csv" "$tmp/int/sweep.csv" || fail "sweep.csv after Ctrl-C and resume differs"
echo "ok   finished after Ctrl-C: sweep.csv identical"
