#!/usr/bin/env bash
# Inputs that are not regular files (a FIFO with no writer, /dev/zero, a
# directory) are refused at once: exit 2, a message naming the path and what
# it is, nothing written, and no hang (each command runs under a timeout).
# Covers the scenario itself, an edge list, an attribute file, a sweep's base
# scenario and a sweep's design file, through validate, run and sweep.
# Usage: not_regular.sh AMPLISIM_BINARY SOURCE_DIR
set -u
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkfifo "$tmp/fifo"
mkdir "$tmp/dir"
pass=0 fail=0
expect() { # expect FRAGMENT -- ARGS...
    local fragment=$1; shift 2
    timeout 10 "$bin" "$@" >"$tmp/stdout" 2>"$tmp/stderr"
    local got=$?
    if [ $got -ne 2 ]; then
        echo "FAIL amplisim $*: exit $got, expected 2 (124 is a hang)"; cat "$tmp/stderr"
        fail=$((fail + 1)); return
    fi
    if ! grep -qF -- "$fragment" "$tmp/stderr"; then
        echo "FAIL amplisim $*: stderr lacks \"$fragment\":"; cat "$tmp/stderr"
        fail=$((fail + 1)); return
    fi
    if [ -e "$tmp/out" ]; then
        echo "FAIL amplisim $*: wrote $tmp/out"; rm -rf "$tmp/out"; fail=$((fail + 1)); return
    fi
    pass=$((pass + 1))
}
for p in "$tmp/fifo" /dev/zero "$tmp/dir"; do
    case $p in *fifo) what="a FIFO" ;; /dev/zero) what="a character device" ;; *) what="a directory" ;; esac
    expect "$p: not a regular file ($what)" -- validate "$p"
    expect "$p: not a regular file ($what)" -- run "$p" --quiet --out "$tmp/out"
    # An edge list and an attribute file named by a scenario.
    printf '{"name": "g", "population": {"graph": {"source": "file", "path": "%s"}},
      "stories": [{"name": "s"}], "campaign": {"actions": [{"at_h": 0, "story": "s",
      "select": {"role": "user", "count": 1}}]}}' "$p" >"$tmp/edges.json"
    expect "$p: not a regular file ($what)" -- validate "$tmp/edges.json"
    expect "$p: not a regular file ($what)" -- run "$tmp/edges.json" --quiet --out "$tmp/out"
    printf '{"name": "g", "population": {"graph": {"source": "file", "path": "%s", "attributes": "%s"}},
      "stories": [{"name": "s"}], "campaign": {"actions": [{"at_h": 0, "story": "s",
      "select": {"role": "user", "count": 1}}]}}' "$src/tests/data/edges_small.txt" "$p" >"$tmp/attr.json"
    expect "$p: not a regular file ($what)" -- validate "$tmp/attr.json"
    # A sweep's base scenario and its design file.
    printf '{"scenario": "%s", "replicates": 1, "parameters": [{"path": "/seed", "values": [1]}]}' \
        "$p" >"$tmp/sweep.json"
    expect "$p: not a regular file ($what)" -- sweep "$tmp/sweep.json" --quiet --out "$tmp/out"
    printf '{"scenario": "%s", "replicates": 1, "design": {"type": "file", "path": "%s"},
      "parameters": [{"name": "v", "path": "/platform/visibility"}]}' \
        "$src/tests/regression/tiny.json" "$p" >"$tmp/design.json"
    expect "$p: not a regular file ($what)" -- sweep "$tmp/design.json" --quiet --out "$tmp/out"
done
echo "not regular files: $pass passed, $fail failed"
[ $fail -eq 0 ]
