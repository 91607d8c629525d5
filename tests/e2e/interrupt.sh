#!/usr/bin/env bash
# Ctrl-C: an interrupted run, compare or plot exits 130, says so, and leaves
# no results, no half-written image and no temporary files; a second signal
# ends it at once.
# Usage: interrupt.sh AMPLISIM_BINARY SCENARIOS_DIR
set -u
set -m # job control: background jobs get SIGINT as a terminal's foreground would
bin=$1 scenarios=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # check LABEL CONDITION...
    local label=$1; shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL $label"; sed 's/^/    /' "$tmp/stderr"; fail=$((fail + 1)); fi
}
# stop SIGNAL: signals the job $pid, waits for it and sets $status; records
# the longest time from a signal to the exit. A stop is judged by that time,
# not the script's, which setup runs and the machine's load lengthen.
slowest_ms=0
stop() {
    local t0=$(date +%s%N)
    kill -"$1" $pid
    wait $pid
    status=$?
    local ms=$((($(date +%s%N) - t0) / 1000000))
    [ $ms -gt $slowest_ms ] && slowest_ms=$ms
    return 0
}
nothing_left() { # nothing_left DIR: no results, no temporary files anywhere under tmp
    [ ! -e "$1/summary.json" ] && [ ! -e "$1/timeseries.csv" ] && [ ! -e "$1/compare.json" ] &&
        [ -z "$(find "$tmp" -name '*.tmp.*')" ]
}
# Many replicates of a campaign scaled to 60k accounts (a graph built in a
# fraction of a second, even under the sanitizers; no fewer, or the media's
# median of 50,000 followers could not be realised): ten seconds or more if
# not stopped.
sed 's/"accounts": 200000/"accounts": 60000/' "$scenarios/decentralized.json" >"$tmp/decentralized.json"
sed 's/"accounts": 200000/"accounts": 60000/' "$scenarios/centralized.json" >"$tmp/centralized.json"
grep -q '"accounts": 60000' "$tmp/decentralized.json" || { echo "FAIL: could not scale the scenario"; exit 1; }
scenarios=$tmp
long=(--reps 400 --threads 2 --quiet)

"$bin" run "$scenarios/decentralized.json" "${long[@]}" --out "$tmp/run" 2>"$tmp/stderr" &
pid=$!
sleep 1
stop INT
check "run: exit status $status, expected 130" [ $status -eq 130 ]
check "run: message" grep -qF "amplisim: interrupted; nothing written" "$tmp/stderr"
check "run: left results or temporary files" nothing_left "$tmp/run"
check "run: wrote its directory" [ ! -e "$tmp/run" ]

# SIGTERM is an interrupt too.
"$bin" run "$scenarios/decentralized.json" "${long[@]}" --out "$tmp/term" 2>"$tmp/stderr" &
pid=$!
sleep 1
stop TERM
check "run (SIGTERM): exit status $status, expected 130" [ $status -eq 130 ]
check "run (SIGTERM): left results" nothing_left "$tmp/term"

# compare: interrupted while running side A, before anything is written.
"$bin" compare "$scenarios/decentralized.json" "$scenarios/centralized.json" "${long[@]}" \
    --out "$tmp/compare" 2>"$tmp/stderr" &
pid=$!
sleep 1
stop INT
check "compare: exit status $status, expected 130" [ $status -eq 130 ]
check "compare: message" grep -qF "amplisim: interrupted; nothing written" "$tmp/stderr"
check "compare: left results" nothing_left "$tmp/compare"
check "compare: left side directories" [ ! -e "$tmp/compare/a/summary.json" ]

# A second signal ends the process at once, by the signal.
"$bin" run "$scenarios/decentralized.json" "${long[@]}" --out "$tmp/twice" 2>"$tmp/stderr" &
pid=$!
sleep 1
kill -INT $pid
sleep 0.1
stop INT
check "run (twice): exit status $status, expected 130 (killed by SIGINT)" [ $status -eq 130 ]
check "run (twice): left results" nothing_left "$tmp/twice"

# plot: SIGTERM while gnuplot draws. A stand-in gnuplot writes half an image
# and waits, so the signal lands mid-image: exit 130, the message, the data and
# scripts complete, and no image left half-written.
mkdir -p "$tmp/fakebin"
cat >"$tmp/fakebin/gnuplot" <<'SH'
#!/bin/sh
name=$(basename "$1" .gp)
echo partial >"$name.png"
sleep 3
echo done >>"$name.png"
SH
chmod +x "$tmp/fakebin/gnuplot"
"$bin" run "$scenarios/centralized.json" --reps 1 --quiet --out "$tmp/plotted" 2>/dev/null
PATH="$tmp/fakebin:$PATH" "$bin" plot "$tmp/plotted" >/dev/null 2>"$tmp/stderr" &
pid=$!
sleep 1
stop TERM
check "plot: exit status $status, expected 130" [ $status -eq 130 ]
check "plot: message" grep -qF "amplisim: interrupted; the data and scripts in" "$tmp/stderr"
check "plot: scripts written" [ -s "$tmp/plotted/plots/reach.gp" ]
check "plot: left a half-drawn image" [ -z "$(find "$tmp/plotted/plots" -name '*.png')" ]
check "plot: left temporary files" [ -z "$(find "$tmp" -name '*.tmp.*')" ]

# Uninterrupted, each job above takes 10 s or more (the plot 12 s of fake
# gnuplot); a stop must come well before, at the next slice or image.
check "slowest stop took ${slowest_ms} ms, expected under 8000" [ $slowest_ms -lt 8000 ]
echo "interrupt: $pass passed, $fail failed (slowest stop ${slowest_ms} ms)"
[ $fail -eq 0 ]
