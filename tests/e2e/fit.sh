#!/usr/bin/env bash
# amplisim fit end to end: the same bytes on 1 and 2 threads; a fit killed
# with SIGKILL resumes from its log and ends with the same outputs; Ctrl-C
# exits 130 with the log kept; the fitted scenario reproduces the fit's
# final evaluation under `amplisim run`; a log of another fit is refused.
# Usage: fit.sh AMPLISIM_BINARY FIT_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
fit=$dir/e2e_fit.json
# fit.json is compared without its wall time.
same() {
    for f in evals.csv curves.csv fitted_scenario.json; do
        cmp "$1/$f" "$2/$f" || fail "$3: $f differs"
    done
    cmp <(grep -v wall_seconds "$1/fit.json") <(grep -v wall_seconds "$2/fit.json") ||
        fail "$3: fit.json differs"
}

for method in nm abc; do
    "$bin" fit "$fit" --method $method --threads 1 --quiet --out "$tmp/$method-1"
    "$bin" fit "$fit" --method $method --threads 2 --quiet --out "$tmp/$method-2"
    same "$tmp/$method-1" "$tmp/$method-2" "$method on 1 and 2 threads"
    echo "ok   $method: the same bytes on 1 and 2 threads"
done
[ -s "$tmp/abc-1/particles.csv" ] || fail "abc wrote no particles.csv"

# The fitted scenario reproduces the final evaluation: its mean shares, and
# the share of its replicates with at least 420 shares, are fit.json's
# simulated values.
"$bin" run "$tmp/nm-1/fitted_scenario.json" --quiet --out "$tmp/rerun"
python3 - "$tmp/nm-1/fit.json" "$tmp/rerun/runs.csv" <<'PY' || fail "fitted_scenario.json does not reproduce the fit"
import csv, json, sys
fit = json.load(open(sys.argv[1]))
rows = [r for r in csv.DictReader(open(sys.argv[2])) if r["group"] == "campaign"]
assert len(rows) == fit["replicates"], (len(rows), fit["replicates"])
mean = sum(float(r["shares"]) for r in rows) / len(rows)
simulated = fit["statistics"][0]["simulated"]
assert mean == simulated, (mean, simulated)
fraction = sum(float(r["shares"]) >= 420 for r in rows) / len(rows)
assert fit["statistics"][2]["name"] == "fraction_shares", fit["statistics"][2]
assert fraction == fit["statistics"][2]["simulated"], (fraction, fit["statistics"][2])
PY
echo "ok   fitted_scenario.json reproduces the final evaluation under amplisim run"

# Killed with SIGKILL once some evaluations are logged, then resumed.
total=$(($(wc -l <"$tmp/nm-1/evals.csv") - 1))
"$bin" fit "$fit" --threads 2 --quiet --out "$tmp/cut" &
pid=$!
for _ in $(seq 1 1000); do
    n=$(($(cat "$tmp/cut/evals.log" 2>/dev/null | wc -l) - 1))
    [ "$n" -ge 5 ] && break
    sleep 0.01
done
kill -9 $pid 2>/dev/null || true
wait $pid 2>/dev/null || true
n=$(($(wc -l <"$tmp/cut/evals.log") - 1))
[ "$n" -ge 1 ] && [ "$n" -lt "$total" ] || fail "killed after $n of $total evaluations; make the fit slower"
[ ! -e "$tmp/cut/fit.json" ] || fail "a killed fit wrote fit.json"
"$bin" fit "$fit" --threads 1 --out "$tmp/cut" >"$tmp/resume.out"
grep -q "$total evaluations ($n replayed from the log)" "$tmp/resume.out" ||
    fail "resume: $(tail -1 "$tmp/resume.out")"
same "$tmp/nm-1" "$tmp/cut" "resumed after SIGKILL"
echo "ok   killed after $n of $total evaluations, resumed from the log to the same outputs"

# Ctrl-C (SIGTERM here: a background job ignores SIGINT): exit 130, the log kept, nothing else written; the same command
# then finishes the fit.
"$bin" fit "$fit" --threads 2 --quiet --out "$tmp/int" 2>"$tmp/int.err" &
pid=$!
for _ in $(seq 1 1000); do
    [ "$(cat "$tmp/int/evals.log" 2>/dev/null | wc -l)" -ge 3 ] && break
    sleep 0.01
done
kill -TERM $pid
set +e
wait $pid
code=$?
set -e
if [ $code -eq 0 ]; then
    echo "note: the fit finished before SIGTERM arrived; nothing to check"
else
    [ $code -eq 130 ] || fail "SIGTERM: exit $code"
    grep -q "interrupted; every finished evaluation is recorded" "$tmp/int.err" ||
        fail "SIGTERM message: $(cat "$tmp/int.err")"
    [ ! -e "$tmp/int/fit.json" ] || fail "an interrupted fit wrote fit.json"
    echo "ok   Ctrl-C: exit 130 with the log kept"
fi
"$bin" fit "$fit" --threads 2 --quiet --out "$tmp/int"
same "$tmp/nm-1" "$tmp/int" "resumed after Ctrl-C"

# Another fit (here, another method) into the same directory is refused.
set +e
"$bin" fit "$fit" --method abc --quiet --out "$tmp/nm-1" 2>"$tmp/other.err"
code=$?
set -e
[ $code -eq 2 ] || fail "another fit's directory: exit $code"
grep -q "is the log of a different fit" "$tmp/other.err" || fail "another fit: $(cat "$tmp/other.err")"
echo "ok   a directory holding another fit's log is refused"

# The figures of a fit directory: the curve with its band and the trace;
# for ABC also the posterior marginals and the pairwise scatter.
"$bin" plot "$tmp/abc-1" >/dev/null || fail "plot of an abc fit"
for f in fit_curve_0 fit_trace posterior_user_share_prob posterior__platform_visibility \
    pairs_user_share_prob__platform_visibility; do
    [ -s "$tmp/abc-1/plots/$f.gp" ] && [ -s "$tmp/abc-1/plots/$f.dat" ] || fail "plot: no $f"
done
"$bin" plot "$tmp/nm-1" >/dev/null || fail "plot of an nm fit"
[ ! -e "$tmp/nm-1/plots/posterior_user_share_prob.gp" ] || fail "an nm fit has no posterior"
echo "ok   amplisim plot draws a fit directory's figures"
