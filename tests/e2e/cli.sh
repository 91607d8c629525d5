#!/usr/bin/env bash
# The command line's contract: help and version, exit statuses (0 success,
# 1 failure while running, 2 bad usage or input), --set and --seed applied,
# messages that name the problem. Usage: cli.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
expect() { # expect STATUS FRAGMENT -- ARGS...
    local want=$1 fragment=$2; shift 3
    "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ $got -ne "$want" ]; then
        echo "FAIL amplisim $*: exit $got, expected $want"; cat "$tmp/stderr"; fail=$((fail + 1)); return
    fi
    if [ -n "$fragment" ] && ! cat "$tmp/stdout" "$tmp/stderr" | grep -qF -- "$fragment"; then
        echo "FAIL amplisim $*: output lacks \"$fragment\""; cat "$tmp/stderr"; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
expect 0 "usage: amplisim" -- --help
expect 0 "amplisim 0." -- --version
expect 2 "usage: amplisim" --
expect 2 'unknown command "frobnicate"' -- frobnicate
expect 2 "nonexistent.json: cannot open" -- run "$tmp/nonexistent.json"
expect 2 'unknown or incomplete option "--bogus"' -- run "$tiny" --bogus
expect 2 "--threads expects a whole number" -- run "$tiny" --threads 0
expect 2 "--set expects PATH=VALUE" -- run "$tiny" --set novalue
expect 2 "--reps 0: /replicates: expected an integer in [1, 100000]" -- run "$tiny" --reps 0 --out "$tmp/never"
expect 2 "--reps abc: /replicates: expected an integer" -- run "$tiny" --reps abc --out "$tmp/never"
expect 2 "--seed -3: /seed: expected an integer" -- run "$tiny" --seed -3 --out "$tmp/never"
expect 2 "--reps is given twice; give it once" -- run "$tiny" --reps 2 --reps 3 --out "$tmp/never"
expect 2 "--out is given twice; give it once" -- compare "$tiny" "$tiny" --out "$tmp/never" --out "$tmp/never"
# Seeds round-trip: written exactly in every JSON output, and one that a JSON
# number cannot hold (above 2^53 - 1) is refused, never rounded (issue 18, item 8).
expect 2 "--seed 9007199254740993: /seed: expected an integer in [0, 9007199254740991]" -- \
    run "$tiny" --seed 9007199254740993 --out "$tmp/never"
expect 0 "" -- run "$tiny" --reps 1 --seed 6000000000000001 --quiet --out "$tmp/seed"
for f in scenario.json summary.json; do
    grep -qE '"seed":[[:space:]]*6000000000000001,' "$tmp/seed/$f" && pass=$((pass + 1)) ||
        { echo "FAIL: $f does not hold the seed exactly:"; grep seed "$tmp/seed/$f"; fail=$((fail + 1)); }
done
# Story names with a comma or a formula's first character: the CSV stays
# well-formed (pandas and R read it), no cell starts a spreadsheet formula,
# and amplisim plot reads the names back as written (issue 18, item 5).
sed -e 's/"state"/"a,b"/g' -e 's/"local"/"=HYPERLINK(1)"/g' "$tiny" >"$tmp/names.json"
expect 0 "" -- run "$tmp/names.json" --reps 1 --quiet --out "$tmp/names"
python3 - "$tmp/names/timeseries.csv" <<'PY' && pass=$((pass + 1)) || fail=$((fail + 1))
import csv, sys
rows = list(csv.reader(open(sys.argv[1])))
width = len(rows[0])
assert all(len(r) == width for r in rows), "ragged rows"
stories = {r[1] for r in rows[1:]}
assert stories == {"a,b", "'=HYPERLINK(1)", "(campaign)"}, stories
PY
expect 0 "" -- plot "$tmp/names"
grep -q "title 'a,b'" "$tmp/names/plots/rate.gp" && grep -q "title '=HYPERLINK(1)'" "$tmp/names/plots/rate.gp" &&
    pass=$((pass + 1)) || { echo "FAIL: plot did not read the names back"; fail=$((fail + 1)); }
# Each command's --help prints its own usage on stdout, and nothing else runs.
for c in run validate compare sweep plot; do
    expect 0 "usage: amplisim $c " -- $c --help
done
expect 0 "usage: amplisim run " -- run "$tiny" --out "$tmp/never" -h
expect 2 "/platform/visibility: expected a number in [0, 1], got 2" -- validate "$tiny" --set platform.visibility=2
expect 2 "missing the SCENARIO" -- validate
expect 0 "valid" -- validate "$tiny"
[ -e "$tmp/never" ] && { echo "FAIL: a refused run wrote its directory"; fail=$((fail + 1)); }
# A directory that cannot be created is a failure while running: status 1.
expect 1 "cannot create directory" -- run "$tiny" --reps 1 --quiet --out /proc/amplisim-test/x
# --set and --seed reach the resolved scenario.
expect 0 "" -- run "$tiny" --reps 2 --seed 99 --set output.bin_h=24 --quiet --out "$tmp/set"
grep -qE '"seed":[[:space:]]*99,' "$tmp/set/scenario.json" && grep -qE '"bin_h":[[:space:]]*24,' "$tmp/set/scenario.json" &&
    [ "$(grep -c ',state,total,all,' "$tmp/set/timeseries.csv")" -eq 2 ] && pass=$((pass + 1)) ||
    { echo "FAIL: --seed/--set not applied"; fail=$((fail + 1)); }
# --quiet prints nothing; the default run prints the table with the results path.
[ ! -s "$tmp/stdout" ] && pass=$((pass + 1)) || { echo "FAIL: --quiet printed"; fail=$((fail + 1)); }
expect 0 "results in $tmp/table" -- run "$tiny" --reps 2 --out "$tmp/table"
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
