#!/usr/bin/env bash
# Every bad scenario in tests/bad must be refused by validate, by run, and by
# run with --seed and --reps given (an override may change a value, never hide
# a mistake in the file), with exit status 2, a message containing its
# expected fragment, and nothing written. Usage: run_bad.sh AMPLISIM_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS=$'\t' read -r file fragment; do
    [ -z "$file" ] && continue
    case "$file" in \#*) continue ;; esac
    for cmd in validate run run-overridden; do
        out="$tmp/out-$cmd"
        if [ "$cmd" = run ]; then
            "$bin" run "$here/$file" --out "$out" --quiet >"$tmp/stdout" 2>"$tmp/stderr"
        elif [ "$cmd" = run-overridden ]; then
            "$bin" run "$here/$file" --seed 1 --reps 1 --out "$out" --quiet >"$tmp/stdout" 2>"$tmp/stderr"
        else
            "$bin" validate "$here/$file" >"$tmp/stdout" 2>"$tmp/stderr"
        fi
        status=$?
        if [ $status -ne 2 ]; then
            echo "FAIL $file ($cmd): exit status $status, expected 2"; fail=$((fail + 1)); continue
        fi
        if ! grep -qF -- "$fragment" "$tmp/stderr"; then
            echo "FAIL $file ($cmd): stderr lacks \"$fragment\":"; sed 's/^/    /' "$tmp/stderr"
            fail=$((fail + 1)); continue
        fi
        if [ -e "$out" ]; then
            echo "FAIL $file ($cmd): wrote $out"; fail=$((fail + 1)); continue
        fi
        pass=$((pass + 1))
    done
done <"$here/expected.tsv"
echo "bad inputs: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
