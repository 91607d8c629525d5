#!/usr/bin/env bash
# Fails when a committed generated file differs from what the parameter table
# (sim/model/config_params.c) gives today.
#   check_generated.sh AMPLISIM_DOC markdown docs/scenario.md
#   check_generated.sh AMPLISIM_DOC schema docs/scenario.schema.json
set -uo pipefail
doc=$1 mode=$2 file=$3
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
if [ "$mode" = markdown ]; then
    "$doc" markdown <"$file" >"$tmp" || exit 1
else
    "$doc" schema >"$tmp" || exit 1
fi
if ! diff -u "$file" "$tmp"; then
    echo "FAIL: $file differs from sim/model/config_params.c; run scripts/gen-docs and commit the result"
    exit 1
fi
echo "ok: $file is what the parameter table says"
