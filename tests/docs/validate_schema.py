#!/usr/bin/env python3
"""docs/scenario.schema.json against the scenarios it describes: the schema is
a valid draft-07 schema; every bundled scenario, the regression scenarios,
the examples of docs/scenario.md and the fully resolved scenario.json that a
run writes (all four intervention kinds included) pass it; and bad inputs
that the schema can see (a range, a name, an unknown key, a key of another
choice, a trigger with two conditions) fail it. Skips (exit 77) without
Debian's python3-jsonschema, which scripts/setup installs.
usage: validate_schema.py SOURCE_DIR AMPLISIM_BIN"""
import glob, json, os, re, subprocess, sys, tempfile

try:
    import jsonschema
except ImportError:
    print("skip: python3-jsonschema is not installed (scripts/setup installs it)")
    sys.exit(77)

src, amplisim = sys.argv[1], sys.argv[2]
schema = json.load(open(os.path.join(src, "docs/scenario.schema.json")))
jsonschema.Draft7Validator.check_schema(schema)
scenario = jsonschema.Draft7Validator(schema)
intervention = jsonschema.Draft7Validator(schema["properties"]["interventions"]["items"])
failures = 0

def expect(validator, doc, name, valid=True):
    global failures
    errors = list(validator.iter_errors(doc))
    if valid and errors:
        failures += 1
        print(f"FAIL: {name} should pass the schema: {errors[0].message} at {list(errors[0].path)}")
    elif not valid and not errors:
        failures += 1
        print(f"FAIL: {name} should fail the schema")

files = sorted(glob.glob(os.path.join(src, "scenarios/*.json")))
files += sorted(glob.glob(os.path.join(src, "tests/regression/*.json")))
for path in files:
    if not path.endswith(("_sweep.json", "_fit.json", ".summary.json")):  # sweeps, fits, goldens
        expect(scenario, json.load(open(path)), os.path.relpath(path, src))

doc = open(os.path.join(src, "docs/scenario.md")).read()
for i, block in enumerate(re.findall(r"```json\n(.*?)```", doc, re.S)):
    value = json.loads(block)
    if "json.schemas" in value:
        continue  # the editor settings
    expect(scenario if "stories" in value else intervention, value, f"docs example {i}")

# What the writer writes: every key of every object, resolved.
kinds = [
    {"kind": "factcheck", "story": "state", "correction": "local", "trigger": {"views": 100}},
    {"kind": "takedown", "story": "state", "trigger": {"at_h": 24}},
    {"kind": "suspend", "select": {"role": "bot"}, "trigger": {"share_rate_per_h": 5, "story": "state"}},
    {"kind": "demote", "story": "state", "factor": 0.5, "trigger": {"share_rate_per_h": 5}},
]
with tempfile.TemporaryDirectory() as tmp:
    tiny = os.path.join(src, "tests/regression/tiny.json")
    subprocess.run([amplisim, "run", tiny, "--reps", "1", "--quiet", "--out", os.path.join(tmp, "run"),
                    "--set", "/stories/1/kind=correction", "--set", "/population/roles/factchecker/count=2", "--set", "/population/roles/factchecker/followers/median=500", "--set", "interventions=" + json.dumps(kinds)],
                   check=True, stdout=subprocess.DEVNULL)
    expect(scenario, json.load(open(os.path.join(tmp, "run", "scenario.json"))), "a run's scenario.json")

smallest = {"stories": [{"name": "rumour"}], "campaign": {"actions": [{"at_h": 0, "story": "rumour"}]}}
def changed(path, value):
    doc = json.loads(json.dumps(smallest))
    *parents, last = path
    node = doc
    for key in parents:
        node = node.setdefault(key, {}) if isinstance(key, str) else node[key]
    node[last] = value
    return doc
bad = {
    "visibility above 1": changed(["platform", "visibility"], 1.7),
    "an unknown key": changed(["platform", "visiblity"], 0.5),
    "a bad enum": changed(["recommender", "targeting"], "apeal"),
    "a key of another dist": changed(["platform", "delay"], {"dist": "uniform", "median_h": 2}),
    "a key of the default dist": changed(["platform", "delay"], {"median_h": 2}),
    "a bad role": changed(["population", "roles"], {"admin": {}}),
    "a count for users": changed(["population", "roles"], {"user": {"count": 3}}),
    "a path of a generated graph": changed(["population", "graph"], {"path": "g.txt"}),
    "a file graph without path": changed(["population", "graph"], {"source": "file"}),
    "no stories": {"campaign": smallest["campaign"]},
    "a seed of 2.5": changed(["seed"], 2.5),
}
for name, value in bad.items():
    expect(scenario, value, name, valid=False)
bad_interventions = {
    "no kind": {"story": "s", "trigger": {"at_h": 1}},
    "a key of another kind": {"kind": "takedown", "story": "s", "factor": 1, "trigger": {"at_h": 1}},
    "a demote without factor": {"kind": "demote", "story": "s", "trigger": {"at_h": 1}},
    "a suspend without select": {"kind": "suspend", "trigger": {"at_h": 1}},
    "two conditions": {"kind": "takedown", "story": "s", "trigger": {"at_h": 1, "views": 5}},
    "no condition": {"kind": "takedown", "story": "s", "trigger": {"delay_h": 1}},
    "a window without a share rate": {"kind": "takedown", "story": "s",
                                      "trigger": {"views": 5, "window_h": 1}},
}
for name, value in bad_interventions.items():
    expect(intervention, value, name, valid=False)

if failures:
    sys.exit(1)
print(f"ok: {len(files)} scenario files, the docs' examples, a written scenario.json and "
      f"{len(bad) + len(bad_interventions)} bad inputs against docs/scenario.schema.json")
