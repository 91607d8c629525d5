#!/usr/bin/env bash
# A scenario needing more memory than allowed is refused before any work:
# exit 2, the estimate and what holds it, nothing written. AMPLISIM_MEMORY_LIMIT
# stands in for the machine's memory so the refusal is cheap to provoke.
# Usage: memory_limit.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
expect() { # expect STATUS FRAGMENT LIMIT -- ARGS...
    local want=$1 fragment=$2 limit=$3; shift 4
    AMPLISIM_MEMORY_LIMIT=$limit "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ $got -ne "$want" ]; then
        echo "FAIL AMPLISIM_MEMORY_LIMIT=$limit amplisim $*: exit $got, expected $want"
        cat "$tmp/stderr"; fail=$((fail + 1)); return
    fi
    if [ -n "$fragment" ] && ! cat "$tmp/stdout" "$tmp/stderr" | grep -qF -- "$fragment"; then
        echo "FAIL AMPLISIM_MEMORY_LIMIT=$limit amplisim $*: output lacks \"$fragment\""
        cat "$tmp/stderr"; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
refusal="needs about"
expect 2 "$refusal" 1M -- run "$tiny" --quiet --out "$tmp/run"
expect 2 "but AMPLISIM_MEMORY_LIMIT allows 1 MiB" 1M -- run "$tiny" --quiet --out "$tmp/run"
expect 2 "(graph " 1048576 -- validate "$tiny"
expect 2 "$refusal" 1M -- compare "$tiny" "$tiny" --reps 2 --quiet --out "$tmp/compare"
expect 2 "AMPLISIM_MEMORY_LIMIT expects bytes" lots -- run "$tiny" --quiet --out "$tmp/run"
expect 2 "AMPLISIM_MEMORY_LIMIT expects bytes" 5X -- validate "$tiny"
[ ! -e "$tmp/run" ] && [ ! -e "$tmp/compare" ] && pass=$((pass + 1)) ||
    { echo "FAIL: a refused run wrote its directory"; fail=$((fail + 1)); }
# Under a generous limit the same runs go ahead; validate reports the estimate.
expect 0 "needs about" 64G -- validate "$tiny"
expect 0 "" 64g -- run "$tiny" --reps 2 --quiet --out "$tmp/ok"
[ -e "$tmp/ok/summary.json" ] && pass=$((pass + 1)) || { echo "FAIL: no run under 64G"; fail=$((fail + 1)); }
# Per-thread state: more threads need more, and the advice says so.
expect 2 "--threads" 6M -- run "$tiny" --reps 8 --threads 8 --quiet --out "$tmp/threads"
# A sweep thread holds one replicate's counters at a time: 2,000 replicates
# of fine bins would need about 6.5 GiB as one run, and are refused as one
# under 1 GiB, but a sweep of them needs one replicate's worth per thread.
expect 2 "$refusal" 1G -- run "$tiny" --reps 2000 --set output.bin_h=0.01 --quiet --out "$tmp/fine"
tiny_abs=$(cd "$(dirname "$tiny")" && pwd)/$(basename "$tiny")
cat >"$tmp/fine_sweep.json" <<JSON
{"scenario": "$tiny_abs", "replicates": 2000, "set": {"/output/bin_h": 0.01, "/duration_h": 4,
 "/campaign/actions/2/at_h": 0, "/campaign/actions/3/at_h": 1,
 "/campaign/actions/1/jitter_h": 2, "/campaign/actions/3/jitter_h": 3},
 "parameters": [{"name": "visibility", "path": "/platform/visibility", "values": [0.5]}]}
JSON
expect 0 "" 1G -- sweep "$tmp/fine_sweep.json" --threads 2 --quiet --out "$tmp/fine_sweep"
[ -e "$tmp/fine_sweep/sweep.csv" ] && pass=$((pass + 1)) || { echo "FAIL: no sweep under 1G"; fail=$((fail + 1)); }
echo "memory_limit: $pass passed, $fail failed"
[ $fail -eq 0 ]
