#!/usr/bin/env bash
# Nothing lost around --out (issue 18, item 6): an output path that cannot take
# the results is refused before the run, with status 1 and nothing written; a
# new run into an old directory leaves no stale plots of the old one, and
# clears the temporary files a killed run left (NAME.tmp.PID of a dead PID).
# Usage: out_dir.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { # check LABEL CONDITION...
    local label=$1; shift
    if "$@"; then pass=$((pass + 1)); else echo "FAIL $label"; cat "$tmp/stderr"; fail=$((fail + 1)); fi
}
touch "$tmp/a_file"
start=$(date +%s%N)
"$bin" run "$tiny" --reps 50 --quiet --out "$tmp/a_file" 2>"$tmp/stderr"
status=$?
took=$((($(date +%s%N) - start) / 1000000))
check "a file as --out: exit $status, expected 1" [ $status -eq 1 ]
check "a file as --out: message" grep -qF "$tmp/a_file: exists and is not a directory" "$tmp/stderr"
# 50 replicates take seconds; the refusal comes before any of them runs.
check "a file as --out: refused after ${took} ms, expected before the run" [ $took -lt 1500 ]
check "a file as --out: left as it was" [ ! -s "$tmp/a_file" ]

"$bin" run "$tiny" --reps 2 --quiet --out "$tmp/run" 2>"$tmp/stderr"
"$bin" plot "$tmp/run" >/dev/null 2>&1
check "plots drawn" [ -s "$tmp/run/plots/reach.gp" ]
# What a run killed with -9 while writing leaves: a temporary file of a
# process that no longer exists (PID 2^22 + 1 is above Linux's pid_max default).
echo partial >"$tmp/run/summary.json.tmp.4194305"
"$bin" run "$tiny" --reps 2 --seed 9 --quiet --out "$tmp/run" 2>"$tmp/stderr"
check "rerun: stale plots removed" [ ! -e "$tmp/run/plots" ]
check "rerun: a dead process's temporary file removed" [ ! -e "$tmp/run/summary.json.tmp.4194305" ]
check "rerun: results written" grep -q '"seed":[[:space:]]*9,' "$tmp/run/scenario.json"
echo "out_dir: $pass passed, $fail failed"
[ $fail -eq 0 ]
