"""Checks a run directory's cascade export against runs.csv and
summary.json: from the parent links alone, each replicate's and story's
deepest reshare chain, largest tree and that tree's structural virality (the
mean distance between its posts, Goel et al. 2016) are recomputed and must
equal the run's, replicate by replicate, and their quantiles the summary's.
The depth column must agree with the links, every post's parent must come
before it, and on a file graph every account must be an edge list's id.
Usage: check_cascades.py RUN_DIR [EDGE_LIST]"""
import csv
import gzip
import io
import os
import sys
from collections import defaultdict

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from check_runs import same, stat4  # noqa: E402


def read_posts(run_dir):
    path = run_dir + "/cascades.csv"
    if os.path.exists(path):
        return list(csv.DictReader(open(path, newline="")))
    with gzip.open(path + ".gz", "rt", newline="") as f:
        return list(csv.DictReader(io.StringIO(f.read())))


def tree_figures(posts):
    """posts: one replicate's and story's rows in post order."""
    index = {int(p["post"]): i for i, p in enumerate(posts)}
    parent = [index[int(p["parent"])] if p["parent"] else -1 for p in posts]
    n = len(posts)
    size = [1] * n
    for i in range(n - 1, -1, -1):  # parents come first: children are summed into them
        if parent[i] >= 0:
            assert parent[i] < i, "a parent after its child"
            size[parent[i]] += size[i]
    root, depth, wiener = list(range(n)), [0] * n, defaultdict(float)
    for i in range(n):
        if parent[i] >= 0:
            root[i], depth[i] = root[parent[i]], depth[parent[i]] + 1
            wiener[root[i]] += size[i] * (size[root[i]] - size[i])
        assert depth[i] == int(posts[i]["depth"]), "the depth column differs from the links"
    largest, virality = 0, 0.0
    for i in range(n):  # the first largest tree, as the simulator picks it
        if parent[i] < 0 and size[i] > largest:
            largest = size[i]
            virality = 2.0 * wiener[i] / (largest * (largest - 1)) if largest > 1 else 0.0
    return max(depth), largest, virality


def main(run_dir, edge_list=None):
    posts = read_posts(run_dir)
    runs = list(csv.DictReader(open(run_dir + "/runs.csv")))
    import json
    summary = json.load(open(run_dir + "/summary.json"))
    groups = defaultdict(list)
    for p in posts:
        groups[(int(p["replicate"]), p["story"])].append(p)
    kept = sorted({r for r, _ in groups})
    checked = 0
    per_story = defaultdict(lambda: defaultdict(list))
    for row in runs:
        if row["group"] != "story":
            continue
        key = (int(row["replicate"]), row["story"])
        if key[0] not in kept:
            continue
        # A story with no post in a replicate has no rows: depth 0, no tree.
        depth, largest, virality = tree_figures(groups[key]) if key in groups else (0, 0, 0.0)
        assert depth == float(row["cascade_depth"]), (key, depth, row["cascade_depth"])
        assert largest == float(row["largest_cascade_posts"]), (key, largest)
        assert abs(virality - float(row["structural_virality"])) <= 1e-12 * max(1, virality), key
        figures = per_story[key[1]]
        figures["cascade_depth"].append(depth)
        figures["largest_cascade_posts"].append(largest)
        figures["structural_virality"].append(virality)
        checked += 1
    if len(kept) == summary["replicates"]:
        for s in summary["stories"]:
            for name, values in per_story[s["name"]].items():
                same(s[name], stat4(values), (s["name"], name))
    if edge_list:
        ids = set()
        for line in open(edge_list):
            line = line.split("#")[0].replace(",", " ").split()
            ids.update(line)
        assert all(p["account"] in ids for p in posts), "an account that is not the file's id"
    print("ok   %s: %d posts of %d replicates give the run's depth, largest tree and virality "
          "(%d replicate-stories)" % (summary["scenario"], len(posts), len(kept), checked))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else None)
