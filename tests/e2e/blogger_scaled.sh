#!/usr/bin/env bash
# blogger_168m at about 1/100 scale through the command line: 6 million
# accounts on the implicit graph, the elite layer scaled with it (the
# recommender's budget scales with the accounts by itself). Checks that it runs in seconds, that the post reaches its
# first thousand views within an hour, and that views and reach land in the
# range this scale gives (1/100 of 168M is 1.7M, but at this scale the top
# blogger has 30,000 followers, not 3M, and the cascade stays below critical:
# the median sits near 50k, the 95th percentile near 230k).
# Usage: blogger_scaled.sh AMPLISIM_BINARY SCENARIO
set -eu
bin=$1 scenario=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" run "$scenario" --reps 4 --threads 2 --quiet --out "$tmp/out" \
    --set population.accounts=6000000 \
    --set population.roles.blogger.count=5000 \
    --set population.roles.blogger.followers.max=30000 \
    --set population.roles.influencer.count=200 \
    --set population.roles.influencer.followers.median=10000
python3 - "$tmp/out/summary.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))
st = s["stories"][0]
views, reach = st["views"]["median"], st["reach"]["median"]
assert 2e4 < views < 5e6, views
assert reach <= views, (reach, views)
t3 = st["time_to_views_h"]["1e3"]["median"]
assert t3 is not None and 24.0 <= t3 < 25.0, t3
assert st["views_share_by_channel"]["recommender"] > 0.2, st["views_share_by_channel"]
print("ok   blogger_168m at 1/100: views median %.0f, reach %.0f, 1e3 views at %.2f h" % (views, reach, t3))
PY
