#!/usr/bin/env bash
# amplisim plot on sweep directories: hand-written fixtures (sweep.json and
# sweep.csv, no runs) copied to a temporary directory and plotted as PNG, SVG
# and PDF. sweep_grid is a full 3x4 grid of two numeric parameters (lines and
# a labelled heatmap), sweep_sobol 10 scattered points of two numeric and one
# categorical parameter (markers, a categorical axis, a scattered heatmap with
# a log colour scale), sweep_one a single parameter with a row whose
# time_to_1e6 cells are empty. Checks each image (PNG signature and at least
# 1200x800, SVG parses as XML, PDF header), that every .dat and .gp is there,
# that each .dat's medians are sweep.csv's views_median of the same point, and
# the errors: sweep.json without sweep.csv and a bad number (status 2),
# gnuplot not on PATH (status 1, scripts still written).
# Usage: plot_sweep.sh AMPLISIM_BINARY FIXTURE_DIR
set -u
bin=$1 fixtures=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL $*"; fail=$((fail + 1)); }
declare -A names=(
    [sweep_grid]="views_vs_sites_per_community views_vs_bots_per_story heatmap_sites_per_community_bots_per_story"
    [sweep_sobol]="views_vs_visibility views_vs_followers_sigma views_vs_followers_distribution heatmap_visibility_followers_sigma"
    [sweep_one]="views_vs_appeal"
)
for d in sweep_grid sweep_sobol sweep_one; do
    cp -r "$fixtures/$d" "$tmp/$d"
    set -- ${names[$d]}
    for fmt in png svg pdf; do
        if "$bin" plot "$tmp/$d" --format $fmt >"$tmp/out" 2>"$tmp/err"; then ok; else bad "$d --format $fmt"; cat "$tmp/err"; fi
        want=$#; [ $fmt = pdf ] && want=$((want + 1)) # and report.pdf
        [ "$(wc -l <"$tmp/out")" -eq $want ] && ok || bad "$d --format $fmt: expected $want lines, got: $(cat "$tmp/out")"
        for n in "$@"; do
            for ext in dat gp $fmt; do
                [ -s "$tmp/$d/plots/$n.$ext" ] && ok || bad "$d: missing $n.$ext"
            done
        done
    done
    python3 - "$tmp/$d" "$@" <<'PY' && ok || bad "$d: image or data checks"
import csv, math, struct, sys, xml.etree.ElementTree as ET
d, names = sys.argv[1], sys.argv[2:]
for n in names:
    png = open(f"{d}/plots/{n}.png", "rb").read()
    assert png[:8] == b"\x89PNG\r\n\x1a\n", n
    w, h = struct.unpack(">II", png[16:24])
    assert png[12:16] == b"IHDR" and w >= 1200 and h >= 800, (n, w, h)
    ET.parse(f"{d}/plots/{n}.svg")
    assert open(f"{d}/plots/{n}.pdf", "rb").read(5) == b"%PDF-", n
    assert "gnuplot %s.gp" % n in open(f"{d}/plots/{n}.gp").read(), n
# Each .dat's median against sweep.csv's views_median of the same point:
# views_vs_*: column 1 point, 3 views_median; heatmap_*: 5 views_median,
# 7 point (every cell of these fixtures holds one point).
want = {float(r["point"]): r["views_median"] for r in csv.DictReader(open(f"{d}/sweep.csv"))}
def same(got, cell):
    return math.isnan(got) if cell == "" else got == float(cell)
for n in names:
    rows = [l.split() for l in open(f"{d}/plots/{n}.dat") if l.strip() and l[0] != "#"]
    point, median = (0, 2) if n.startswith("views_vs_") else (6, 4)
    seen = sorted(float(r[point]) for r in rows)
    assert seen == sorted(want), (n, seen)
    for r in rows:
        assert same(float(r[median]), want[float(r[point])]), (n, r, want[float(r[point])])
gp = open(f"{d}/plots/{names[0]}.gp").read()
assert "replicates per point" in gp and "design" in gp, "caption"
print("ok   plot sweep %s: png %dx%d, svg, pdf; .dat medians match sweep.csv" % (d.rsplit("/", 1)[-1], w, h))
PY
done
# Log axes start at the smallest positive value drawn, never at a floor of 1;
# report.pdf has a page per figure.
! grep -q floor1 "$tmp"/sweep_*/plots/*.gp && ok || bad "a log axis floors zero to 1"
grep -q "pos(x) = (x > 0 ? x : NaN)" "$tmp/sweep_grid/plots/views_vs_sites_per_community.gp" &&
    grep -q "set yrange \[[0-9.e+]*:\*\]" "$tmp/sweep_grid/plots/views_vs_sites_per_community.gp" && ok ||
    bad "log views axis: zeros left out, range from the smallest positive value"
[ "$(grep -ac '/Type /Page\b' "$tmp/sweep_grid/plots/report.pdf")" -eq 3 ] && ok ||
    bad "sweep_grid report.pdf: expected 3 pages"
# What each kind of plot chose.
grep -q "with boxxyerror" "$tmp/sweep_grid/plots/heatmap_sites_per_community_bots_per_story.gp" &&
    grep -q "with labels" "$tmp/sweep_grid/plots/heatmap_sites_per_community_bots_per_story.gp" && ok ||
    bad "grid heatmap: cells with labels"
grep -q "pt 7 ps 2.5 lc palette" "$tmp/sweep_sobol/plots/heatmap_visibility_followers_sigma.gp" &&
    grep -q "set logscale cb" "$tmp/sweep_sobol/plots/heatmap_visibility_followers_sigma.gp" &&
    grep -q "the first two parameters only" "$tmp/sweep_sobol/plots/heatmap_visibility_followers_sigma.gp" && ok ||
    bad "scattered heatmap: markers, log colour scale, the caption on the third parameter"
grep -q "set logscale x" "$tmp/sweep_sobol/plots/views_vs_visibility.gp" &&
    grep -q "with yerrorbars pt 7" "$tmp/sweep_sobol/plots/views_vs_visibility.gp" && ok ||
    bad "sobol views: log x, markers"
grep -qF "set xtics ('pareto' 0, 'lognormal' 1)" "$tmp/sweep_sobol/plots/views_vs_followers_distribution.gp" && ok ||
    bad "categorical parameter: tics at 0..n-1"
[ "$(grep -c "with linespoints" "$tmp/sweep_grid/plots/views_vs_sites_per_community.gp")" -eq 4 ] &&
    grep -q "'bots_per_story = 200'" "$tmp/sweep_grid/plots/views_vs_sites_per_community.gp" && ok ||
    bad "grid views: one line per value of the other parameter"
grep -q "sweep sweep_sobol on centralized, 3 replicates per point, sobol design" \
    "$tmp/sweep_sobol/plots/views_vs_visibility.gp" && ok || bad "caption from the directory's name"
# Errors.
mkdir "$tmp/half"
cp "$fixtures/sweep_grid/sweep.json" "$tmp/half/"
"$bin" plot "$tmp/half" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF "$tmp/half: a sweep directory without sweep.csv" "$tmp/err" && ok ||
    bad "sweep.json without sweep.csv: $(cat "$tmp/err")"
cp "$fixtures/sweep_one/sweep.csv" "$tmp/half/"
sed -i '3s/^1,0.2,\([0-9]*\),3,[^,]*,/1,0.2,\1,3,many,/' "$tmp/half/sweep.csv"
"$bin" plot "$tmp/half" >/dev/null 2>"$tmp/err"
[ $? -eq 2 ] && grep -qF "$tmp/half/sweep.csv:3: expected a number or an empty cell in \"views_mean\", got \"many\"" "$tmp/err" && ok ||
    bad "bad number: $(cat "$tmp/err")"
rm -rf "$tmp/sweep_one/plots"
PATH=/nonexistent "$bin" plot "$tmp/sweep_one" >/dev/null 2>"$tmp/err"
[ $? -eq 1 ] && grep -qF "gnuplot not found: wrote the data and scripts to $tmp/sweep_one/plots/" "$tmp/err" &&
    [ -s "$tmp/sweep_one/plots/views_vs_appeal.gp" ] && [ -s "$tmp/sweep_one/plots/views_vs_appeal.dat" ] &&
    [ ! -e "$tmp/sweep_one/plots/views_vs_appeal.png" ] && ok ||
    bad "gnuplot missing: $(cat "$tmp/err")"
[ ! -e "$fixtures/sweep_grid/plots" ] && [ ! -e "$fixtures/sweep_sobol/plots" ] && [ ! -e "$fixtures/sweep_one/plots" ] &&
    ok || bad "plots written into the fixtures"
echo "plot_sweep: $pass passed, $fail failed"
[ $fail -eq 0 ]
