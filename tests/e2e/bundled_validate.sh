#!/usr/bin/env bash
# Every bundled scenario passes `validate` (a sweep file its sweep's checks,
# a fit file `fit --check`, which writes nothing):
# a bundled file the reader's rules have moved past would otherwise fail only
# when a user runs it (decentralized_flood.json did, once selectors asking for
# more accounts than match were refused). Usage: bundled_validate.sh BIN SCENARIOS_DIR
set -u
bin=$1 dir=$2
fail=0
for f in "$dir"/*.json; do
    case "$f" in
        *_sweep.json) continue ;; # a sweep file: e2e.bundled_sweep runs it
        *_fit.json)
            if ! out=$("$bin" fit "$f" --check --out "$(mktemp -u)" 2>&1); then
                echo "FAIL: $(basename "$f") is refused: $out"
                fail=1
            fi
            continue ;;
    esac
    if ! out=$("$bin" validate "$f" 2>&1); then
        echo "FAIL: $(basename "$f") is refused: $out"
        fail=1
    fi
done
[ $fail -eq 0 ] && echo "every bundled scenario validates"
exit $fail
