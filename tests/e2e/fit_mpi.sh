#!/usr/bin/env bash
# Under mpirun a fit shares each evaluation's replicates over the ranks and
# writes the same bytes as on one thread, for both methods; a fit begun on
# one rank count and resumed on another ends the same too. Exit 77 (a skip
# for ctest) when amplisim is built without MPI or mpirun is missing.
# Usage: fit_mpi.sh AMPLISIM_BINARY FIT_DIR
set -eu
bin=$1 dir=$2
if ! "$bin" --version | grep -q "with MPI" || ! command -v mpirun >/dev/null; then
    echo "skip: amplisim built without MPI, or no mpirun"
    exit 77
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
# Root may run mpirun here (a container or CI runner); Open MPI asks for both.
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
mpi() { mpirun --oversubscribe -np "$1" "${@:2}"; }
fit=$dir/e2e_fit.json
# fit.json is compared without its wall time.
same() {
    for f in evals.csv evals.log curves.csv fitted_scenario.json; do
        cmp "$1/$f" "$2/$f" || fail "$3: $f differs"
    done
    cmp <(grep -v wall_seconds "$1/fit.json") <(grep -v wall_seconds "$2/fit.json") ||
        fail "$3: fit.json differs"
}

# e2e_fit.json has 6 replicates: 3 a rank on 2 ranks, 2 on 3.
for method in nm abc; do
    "$bin" fit "$fit" --method $method --threads 1 --quiet --out "$tmp/$method-1"
    mpi 2 "$bin" fit "$fit" --method $method --threads 1 --quiet --out "$tmp/$method-np2"
    mpi 3 "$bin" fit "$fit" --method $method --threads 2 --quiet --out "$tmp/$method-np3"
    same "$tmp/$method-1" "$tmp/$method-np2" "$method on 1 thread and 2 ranks"
    same "$tmp/$method-1" "$tmp/$method-np3" "$method on 1 thread and 3 ranks"
    echo "ok   $method: mpirun -np 2 and -np 3 write the same bytes as one thread"
done

# Half the evaluations logged on one rank, the rest on 2 ranks.
mkdir "$tmp/resumed"
lines=$(wc -l <"$tmp/nm-1/evals.log")
head -n $((lines / 2)) "$tmp/nm-1/evals.log" >"$tmp/resumed/evals.log"
mpi 2 "$bin" fit "$fit" --method nm --threads 1 --quiet --out "$tmp/resumed"
same "$tmp/nm-1" "$tmp/resumed" "a fit begun on 1 rank and finished on 2"
echo "ok   a fit begun on one rank and finished on 2 gives the same bytes"
