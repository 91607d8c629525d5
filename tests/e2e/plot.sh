#!/usr/bin/env bash
# amplisim plot: a tiny run plotted as PNG, SVG and PDF. Checks each image's
# format (PNG signature and at least 1200x800, SVG parses as XML, PDF header),
# that every .dat and .gp is there, that the reach data match the run's
# timeseries.csv, and the errors: not a run, compare, study, sweep or fit directory and a bad --format
# (status 2), gnuplot not on PATH (status 1, scripts still written).
# Usage: plot.sh AMPLISIM_BINARY TINY_SCENARIO
set -u
bin=$1 tiny=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
"$bin" run "$tiny" --reps 3 --threads 2 --quiet --out "$tmp/run" || { echo "FAIL run"; exit 1; }
names="reach rate channels_state roles_state channels_local roles_local"
for fmt in png svg pdf; do
    if "$bin" plot "$tmp/run" --format $fmt >"$tmp/out" 2>"$tmp/err"; then ok; else bad "plot --format $fmt"; cat "$tmp/err"; fi
    want=6; [ $fmt = pdf ] && want=7 # and report.pdf
    [ "$(wc -l <"$tmp/out")" -eq $want ] && ok || bad "plot --format $fmt: expected $want lines, got: $(cat "$tmp/out")"
    for n in $names; do
        for ext in dat gp $fmt; do
            [ -s "$tmp/run/plots/$n.$ext" ] && ok || bad "missing $n.$ext"
        done
    done
done
python3 - "$tmp/run" $names <<'PY' && ok || bad "image or data checks"
import csv, struct, sys, xml.etree.ElementTree as ET
run, names = sys.argv[1], sys.argv[2:]
for n in names:
    png = open(f"{run}/plots/{n}.png", "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", n
    w, h = struct.unpack(">II", png[16:24])
    assert w >= 1200 and h >= 800, (n, w, h)
    ET.parse(f"{run}/plots/{n}.svg")
    assert open(f"{run}/plots/{n}.pdf", "rb").read(5) == b"%PDF-", n
    assert "gnuplot %s.gp" % n in open(f"{run}/plots/{n}.gp").read(), n
# The reach data's last row against the run's last cumulative medians.
lines = open(f"{run}/plots/reach.dat").read().split("\n")
header = lines[0].lstrip("#").split()
last = [float(x) for x in [l for l in lines if l.strip()][-1].split()]
rows = [r for r in csv.DictReader(open(f"{run}/timeseries.csv"))
        if r["dimension"] == "total" and r["key"] == "all"]
for story in ("state", "local"):
    mine = [r for r in rows if r["story"] == story]
    end = max(mine, key=lambda r: float(r["time_h"]))
    for col in ("cum_views_median", "cum_reach_median", "cum_views_p95"):
        got = last[header.index(f"{story}_{col}")]
        assert got == float(end[col]), (story, col, got, end[col])
    assert last[0] == float(end["time_h"])
print("ok   plot: png %dx%d, svg, pdf; reach.dat matches timeseries.csv" % (w, h))
PY
# timeseries.csv's campaign total: each replicate's views summed over the
# stories, so its mean is the sum of the stories' means exactly (counts over
# 3 replicates: mean x 3 is an integer, which the 10 digits keep), and its
# end is summary.json's campaign views; its reach cells are empty.
python3 - "$tmp/run" <<'PY' && ok || bad "timeseries.csv campaign total"
import csv, json, sys
run = sys.argv[1]
rows = list(csv.DictReader(open(f"{run}/timeseries.csv")))
total = {r["time_h"]: r for r in rows if r["story"] == "(campaign)"}
assert total and all(r["dimension"] == "total" and r["key"] == "all"
                     for r in rows if r["story"] == "(campaign)")
stories = [r for r in rows if r["story"] in ("state", "local")
           and r["dimension"] == "total" and r["key"] == "all"]
for col in ("views_mean", "cum_views_mean", "shares_mean", "cum_shares_mean"):
    for t, tot in total.items():
        parts = [round(3 * float(r[col])) for r in stories if r["time_h"] == t]
        assert len(parts) == 2 and sum(parts) == round(3 * float(tot[col])), (col, t, parts, tot[col])
for tot in total.values():
    assert all(tot[c] == "" for c in tot if "reach" in c), tot
end = total[max(total, key=float)]
summary = json.load(open(f"{run}/summary.json"))["campaign"]["views"]
for q in ("mean", "median", "p05", "p95"):
    assert abs(float(end["cum_views_" + q]) - summary[q]) <= 1e-9 * summary[q], (q, end, summary)
print("ok   timeseries.csv: (campaign) is the per-replicate sum of its stories")
PY
# Figures a report can use: no two lines alike, log axes from the first
# nonzero value, the total bold, and report.pdf a page per figure.
gp=$tmp/run/plots/reach.gp
! grep -q floor1 "$tmp"/run/plots/*.gp && grep -q "pos(x) = (x > 0 ? x : NaN)" "$gp" && ok ||
    bad "a log axis floors zero to 1"
grep -q "lw 4 dt 1 lc rgb '#000000' title 'campaign total: views'" "$gp" && ok || bad "campaign total not bold"
[ "$(grep -o "with lines lw [0-9.]* dt [0-9]* lc rgb '#[0-9a-f]*'" "$gp" | sort | uniq -d | wc -l)" -eq 0 ] && ok ||
    bad "two lines of reach.gp alike"
pdf=$tmp/run/plots/report.pdf
[ "$(head -c 5 "$pdf")" = "%PDF-" ] && [ "$(grep -ac '/Type /Page\b' "$pdf")" -eq 6 ] && ok ||
    bad "report.pdf: expected a PDF of 6 pages"
[ -z "$(ls "$tmp/run/plots" | grep '\.tmp\.')" ] && grep -q "load 'rate.gp'" "$tmp/run/plots/report.gp" && ok ||
    bad "report.gp, or a temporary left"
# Interventions marked: centralized_takedown's takedown at its median time.
scenarios=$(dirname "$tiny")/../../scenarios
"$bin" run "$scenarios/centralized_takedown.json" --reps 2 --threads 2 --quiet --out "$tmp/take" &&
    "$bin" plot "$tmp/take" >/dev/null || bad "takedown run and plot"
median=$(python3 -c "import json,sys; print('%.17g' % json.load(open(sys.argv[1]))['interventions'][0]['time_h']['median'])" "$tmp/take/summary.json")
for n in reach rate channels_narrative; do
    grep -q "set arrow from $median, graph 0 to $median, graph 1" "$tmp/take/plots/$n.gp" &&
        grep -q "set label 'takedown of narrative, median" "$tmp/take/plots/$n.gp" && ok ||
        bad "$n: the takedown at $median h not marked"
done
# Errors.
"$bin" plot "$tmp/nonexistent" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF "$tmp/nonexistent: not a run, compare, study, sweep or fit directory (no timeseries.csv, compare.json, study.json, sweep.json or fit.json)" "$tmp/err" && ok ||
    bad "missing directory: $(cat "$tmp/err")"
mkdir "$tmp/empty"
"$bin" plot "$tmp/empty" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF "not a run, compare, study, sweep or fit directory (no timeseries.csv, compare.json, study.json, sweep.json or fit.json)" "$tmp/err" && ok || bad "empty directory"
"$bin" plot "$tmp/run" --format gif >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF -- "--format expects png, svg or pdf" "$tmp/err" && ok || bad "bad --format"
rm -rf "$tmp/run/plots"
PATH=/nonexistent "$bin" plot "$tmp/run" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "gnuplot not found: wrote the data and scripts to $tmp/run/plots/" "$tmp/err" &&
    [ -s "$tmp/run/plots/reach.gp" ] && [ -s "$tmp/run/plots/reach.dat" ] && [ ! -e "$tmp/run/plots/reach.png" ] && ok ||
    bad "gnuplot missing: $(cat "$tmp/err")"
echo "plot: $pass passed, $fail failed"
[ $fail -eq 0 ]
