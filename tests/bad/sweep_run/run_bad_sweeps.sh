#!/usr/bin/env bash
# Every bad sweep in tests/bad/sweep and tests/bad/sweep_run must be refused
# by amplisim sweep with exit status 2, a message containing its expected
# fragment, and nothing written. Usage: run_bad_sweeps.sh AMPLISIM_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
for folder in sweep sweep_run; do
    while IFS=$'\t' read -r file fragment; do
        [ -z "$file" ] && continue
        case "$file" in \#*) continue ;; esac
        out="$tmp/out"
        (cd "$here/$folder" && "$bin" sweep "$file" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr")
        status=$?
        if [ $status -ne 2 ]; then
            echo "FAIL $folder/$file: exit status $status, expected 2"; fail=$((fail + 1)); continue
        fi
        if ! grep -qF -- "$fragment" "$tmp/stderr"; then
            echo "FAIL $folder/$file: stderr lacks \"$fragment\":"; sed 's/^/    /' "$tmp/stderr"
            fail=$((fail + 1)); continue
        fi
        if [ -e "$out" ]; then
            echo "FAIL $folder/$file: wrote $out"; fail=$((fail + 1)); rm -rf "$out"; continue
        fi
        pass=$((pass + 1))
    done <"$here/$folder/expected.tsv"
done
echo "bad sweeps: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
