#!/usr/bin/env bash
# The bundled sweep (sites x bots on the decentralized campaign) runs end to
# end, and its answer has the shape its note describes: for every number of
# sites, median views rise with the bots (whose posts reach accounts directly).
# Its plots draw from the real output.
# Usage: bundled_sweep.sh AMPLISIM_BINARY SCENARIO_DIR
set -eu
bin=$1 dir=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" sweep "$dir/decentralized_sweep.json" --quiet --out "$tmp/sweep"
python3 - "$tmp/sweep/sweep.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 12, len(rows)
for s in ("1", "2", "4", "6"):
    views = [float(r["views_median"]) for r in rows if r["sites_per_community"] == s]
    assert views == sorted(views) and views[-1] > 4 * views[0], (s, views)
PY
echo "ok   decentralized_sweep: 12 points; views rise with bots at every number of sites"
"$bin" plot "$tmp/sweep" >/dev/null
for p in views_vs_sites_per_community views_vs_bots_per_variant heatmap_sites_per_community_bots_per_variant; do
    for ext in dat gp png; do
        [ -s "$tmp/sweep/plots/$p.$ext" ] || { echo "FAIL: plot $p.$ext missing"; exit 1; }
    done
done
echo "ok   amplisim plot draws the real sweep: views against each parameter and the heatmap"
