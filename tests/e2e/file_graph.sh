#!/usr/bin/env bash
# A follower graph read from an edge list, end to end: a generated file of
# 5,000 accounts (sparse ids, mixed separators, comments), roles by follower
# count, a campaign from the top accounts; then a malformed line must be
# refused with its line number, exit status 2 and nothing written. The
# cascade export names the accounts by the file's ids.
# Usage: file_graph.sh AMPLISIM_BINARY SOURCE_DIR
set -eu
bin=$1 src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
awk 'BEGIN {
    srand(7); print "# generated for the test: A B means B sees A posts"
    for (i = 0; i < 60000; i++) {
        a = int(5000 * rand() ^ 3); b = int(5000 * rand())   # skewed sources
        if (i % 3 == 0) printf "%d,%d\n", a * 1000 + 7, b * 1000 + 7
        else printf "%d\t%d   # edge %d\n", a * 1000 + 7, b * 1000 + 7, i
    }
}' >"$tmp/edges.txt"
cat >"$tmp/file_graph.json" <<'JSON'
{
  "name": "file_graph",
  "duration_h": 72,
  "population": {
    "communities": {"count": 2},
    "graph": {"source": "file", "path": "edges.txt"},
    "roles": {
      "user": {"share_prob": 0.05},
      "influencer": {"count": 5, "share_prob": 0.1},
      "blogger": {"count": 50, "share_prob": 0.08},
      "bot": {"count": 20}
    }
  },
  "recommender": {"enabled": true},
  "stories": [{"name": "rumour", "half_life_h": 24}],
  "campaign": {"actions": [
    {"at_h": 1, "story": "rumour", "select": {"role": "influencer", "count": 2}},
    {"at_h": 2, "story": "rumour", "select": {"role": "bot", "count": 20, "pick": "random"}, "jitter_h": 4}
  ]}
}
JSON
"$bin" validate "$tmp/file_graph.json" | grep -q "file graph" || { echo "FAIL: validate"; exit 1; }
"$bin" run "$tmp/file_graph.json" --reps 3 --quiet --cascades --out "$tmp/out"
# The cascade export names accounts by the edge list's own ids.
python3 "$src/tests/e2e/check_cascades.py" "$tmp/out" "$tmp/edges.txt"
python3 - "$tmp/out/summary.json" "$tmp/out/scenario.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
assert s["graph"]["source"] == "file", s["graph"]
assert 4000 < s["graph"]["accounts"] <= 5000 and s["graph"]["edges"] > 40000, s["graph"]
assert s["campaign"]["views"]["median"] > 0, s["campaign"]
scenario = json.load(open(sys.argv[2]))
assert scenario["population"]["graph"]["path"].startswith("/"), "the resolved path is absolute"
print("ok   file graph: %d accounts, %d edges, views median %.0f"
      % (s["graph"]["accounts"], s["graph"]["edges"], s["campaign"]["views"]["median"]))
PY
# The resolved scenario reruns from its own directory to the same bytes.
"$bin" run "$tmp/out/scenario.json" --quiet --out "$tmp/again"
cmp -s "$tmp/out/timeseries.csv" "$tmp/again/timeseries.csv" || { echo "FAIL: rerun differs"; exit 1; }
echo "ok   file graph rerun from scenario.json, same bytes"
# A malformed line is an error with its line number; nothing is written.
printf '1 2\n3 x\n' >"$tmp/edges.txt"
set +e
"$bin" run "$tmp/file_graph.json" --quiet --out "$tmp/bad" 2>"$tmp/stderr"
status=$?
set -e
[ $status -eq 2 ] || { echo "FAIL: exit $status for a malformed edge list"; exit 1; }
grep -q "edges.txt:2:3: expected a second account id" "$tmp/stderr" || { echo "FAIL:"; cat "$tmp/stderr"; exit 1; }
[ ! -e "$tmp/bad" ] || { echo "FAIL: wrote output for a malformed edge list"; exit 1; }
echo "ok   malformed edge list refused with its line and column"
