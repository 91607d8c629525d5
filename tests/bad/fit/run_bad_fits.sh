#!/usr/bin/env bash
# Every bad fit file in tests/bad/fit must be refused by amplisim fit, and
# by amplisim fit --check, with exit status 2, a message containing its
# expected fragment, and nothing written. Usage: run_bad_fits.sh AMPLISIM_BINARY
set -u
bin=$1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
while IFS=$'\t' read -r file fragment; do
    [ -z "$file" ] && continue
    case "$file" in \#*) continue ;; esac
    out="$tmp/out"
    (cd "$here" && "$bin" fit "$file" --out "$out" >"$tmp/stdout" 2>"$tmp/stderr")
    status=$?
    if [ $status -ne 2 ]; then
        echo "FAIL $file: exit status $status, expected 2"; fail=$((fail + 1)); continue
    fi
    if ! grep -qF -- "$fragment" "$tmp/stderr"; then
        echo "FAIL $file: stderr lacks \"$fragment\":"; sed 's/^/    /' "$tmp/stderr"
        fail=$((fail + 1)); continue
    fi
    if [ -e "$out" ]; then
        echo "FAIL $file: wrote $out"; fail=$((fail + 1)); rm -rf "$out"; continue
    fi
    # --check finds the same mistake, as it makes the same checks.
    (cd "$here" && "$bin" fit "$file" --check --out "$out" >"$tmp/stdout" 2>"$tmp/stderr")
    status=$?
    if [ $status -ne 2 ] || ! grep -qF -- "$fragment" "$tmp/stderr" || [ -e "$out" ]; then
        echo "FAIL $file --check: exit status $status:"; sed 's/^/    /' "$tmp/stderr"
        fail=$((fail + 1)); rm -rf "$out"; continue
    fi
    pass=$((pass + 1))
done <"$here/expected.tsv"
echo "bad fits: $pass passed, $fail failed"
[ $fail -eq 0 ] && [ $pass -gt 0 ]
