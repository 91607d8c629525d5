#!/usr/bin/env bash
# The cascade export (run --cascades): the posts' parent links recompute the
# run's depth, largest tree and structural virality, replicate by replicate,
# and the summary's quantiles of them (check_cascades.py); the file is the
# same bytes on 1 and 2 threads, and a lone --replicate R gives replicate R's
# rows; --cascades-sample N keeps the first N
# replicates; a later run without --cascades removes the stale file; bad
# sample sizes are usage errors. Usage: cascades.sh AMPLISIM_BINARY SOURCE_DIR
set -eu
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$src/tests/regression/tiny.json" --reps 5 --threads 2 --cascades --quiet --out "$tmp/tiny"
python3 "$src/tests/e2e/check_cascades.py" "$tmp/tiny"
"$bin" run "$src/tests/regression/tiny.json" --reps 5 --threads 1 --cascades --quiet --out "$tmp/one"
cmp -s "$tmp/tiny/cascades.csv" "$tmp/one/cascades.csv" ||
    { echo "FAIL: the cascades differ between 1 and 2 threads"; exit 1; }
echo "ok   cascades.csv: the same bytes on 1 and 2 threads"
"$bin" run "$src/tests/regression/tiny.json" --replicate 3 --cascades --quiet --out "$tmp/three"
diff <(grep '^3,' "$tmp/tiny/cascades.csv") <(tail -n +2 "$tmp/three/cascades.csv") >/dev/null ||
    { echo "FAIL: run --replicate 3 --cascades differs from replicate 3's posts"; exit 1; }
echo "ok   run --replicate 3 --cascades: replicate 3's posts, as in the full run"
"$bin" run "$src/scenarios/decentralized_factcheck.json" --reps 3 --threads 2 --cascades-sample 2 \
    --quiet --out "$tmp/fc"
python3 "$src/tests/e2e/check_cascades.py" "$tmp/fc"
[ "$(cut -d, -f1 "$tmp/fc/cascades.csv" | sort -u | tr '\n' ' ')" = "0 1 replicate " ] ||
    { echo "FAIL: --cascades-sample 2 kept other replicates"; exit 1; }
echo "ok   --cascades-sample 2 keeps replicates 0 and 1"
"$bin" run "$src/tests/regression/tiny.json" --reps 5 --quiet --out "$tmp/tiny"
[ ! -e "$tmp/tiny/cascades.csv" ] || { echo "FAIL: a stale cascades.csv stayed"; exit 1; }
echo "ok   a run without --cascades removes the earlier run's cascades.csv"
for n in 0 x -1; do
    set +e
    "$bin" run "$src/tests/regression/tiny.json" --cascades-sample "$n" --quiet --out "$tmp/bad" 2>"$tmp/err"
    status=$?
    set -e
    [ $status -eq 2 ] && grep -q "^amplisim: --cascades-sample expects a whole number of replicates in \[1, 99999\], got \"$n\"" "$tmp/err" &&
        [ ! -e "$tmp/bad" ] || { echo "FAIL: --cascades-sample $n"; cat "$tmp/err"; exit 1; }
done
echo "ok   --cascades-sample 0, x, -1: usage errors"
