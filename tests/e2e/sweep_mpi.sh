#!/usr/bin/env bash
# Under mpirun the sweep spreads over ranks and writes the same bytes as on
# one thread. Exit 77 (a skip for ctest) when amplisim is built without MPI
# or mpirun is missing. Usage: sweep_mpi.sh AMPLISIM_BINARY SWEEP_DIR
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

"$bin" sweep "$dir/tiny_sweep.json" --threads 1 --quiet --out "$tmp/one"
mpi 2 "$bin" sweep "$dir/tiny_sweep.json" --threads 1 --quiet --out "$tmp/np2"
mpi 3 "$bin" sweep "$dir/tiny_sweep.json" --threads 2 --quiet --out "$tmp/np3"
for d in np2 np3; do
    for f in sweep.csv runs.csv sweep.json; do
        cmp "$tmp/one/$f" "$tmp/$d/$f" || fail "$f differs between 1 thread and $d"
    done
done
ls "$tmp/np2/log" | grep -q "rank-1.csv" || fail "rank 1 recorded nothing"
echo "ok   mpirun -np 2 and -np 3: sweep.csv, runs.csv identical to one thread"

# A saltelli design with outputs: its sobol.csv too.
"$bin" sweep "$dir/saltelli_sweep.json" --threads 1 --quiet --out "$tmp/s1"
mpi 2 "$bin" sweep "$dir/saltelli_sweep.json" --threads 1 --quiet --out "$tmp/s2"
for f in sweep.csv runs.csv sobol.csv curves.csv; do
    cmp "$tmp/s1/$f" "$tmp/s2/$f" || fail "saltelli $f differs between 1 thread and 2 ranks"
done
echo "ok   mpirun -np 2: a saltelli sweep's sobol.csv, outputs and curves identical to one thread"

# Half done on 3 ranks' logs, finished on 2 ranks: still the same bytes.
head -n 5 "$tmp/np3/log/rank-0.csv" >"$tmp/part.csv"
mkdir -p "$tmp/mixed/log" && cp "$tmp/np3/sweep.json" "$tmp/mixed/"
cp "$tmp/part.csv" "$tmp/mixed/log/rank-2.csv"
mpi 2 "$bin" sweep "$dir/tiny_sweep.json" --threads 1 --quiet --out "$tmp/mixed"
cmp "$tmp/one/sweep.csv" "$tmp/mixed/sweep.csv" || fail "a sweep resumed on other ranks differs"
echo "ok   a sweep begun on 3 ranks and finished on 2 gives the same bytes"
