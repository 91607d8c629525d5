#!/usr/bin/env python3
"""The expected reach curve of a one-post scenario on an implicit graph (such
as scenarios/blogger_168m.json), from the renewal equation of its note: what
the simulation's median gives when the cascade is large, in a fraction of a
second, so that the plane of two fitted numbers can be mapped before
replicates are spent on it.

    scripts/reach_meanfield.py SCENARIO [--set PATH=VALUE]... [--map B1,B2,.. H1,H2,..]

The equation (scenarios/blogger_168m.md, "Why day 7 holds under 3 %"): a view
at story age a is shared with probability share_prob[role] x decay(a), the
viewer's role drawn in proportion to the roles' counts (followers and
recommended impressions alike go to accounts at random); a share by role r
shows the story to visibility x E[followers_r] followers with the feed's
exponential delay, cut at the post's lifetime, and adds one post to the
story's score, which earns items_per_user_day / background_engagement
recommended impressions over the score's exponential memory (docs/model.md
§5, while the story is small against the budget: the script says when it is
not). Expectations only: no extinction, no takeoff luck, each role's mean
follower count (a lognormal's mean under its cap). The seed is the campaign's
one post by the account with the most followers of its role (pick top): the
role's cap, or the quantile a largest draw of `count` reaches.

Prints the cumulative views at each day after the post, the time to 10^8
views, the share of views in the last day, and the recommender's share; with
--map, one line per (background_engagement, stories/0/half_life_h) pair.
"""
import argparse
import json
import math
import sys

ROLE_DEFAULT_COUNTS = {"user": None}


def mean_followers(law):
    """Mean of a lognormal follower law under its cap: E[min(X, max)]."""
    if law.get("dist", "lognormal") != "lognormal":
        sys.exit("reach_meanfield: only lognormal follower laws are supported")
    mu, s = math.log(law["median"]), law["sigma"]
    cap = law.get("max", math.inf)
    phi = lambda z: 0.5 * (1 + math.erf(z / math.sqrt(2)))
    if cap == math.inf:
        return math.exp(mu + s * s / 2)
    z = (math.log(cap) - mu) / s
    return math.exp(mu + s * s / 2) * phi(z - s) + cap * (1 - phi(z))


def largest_followers(law, count):
    """Followers of the largest of `count` draws (pick top): the quantile
    1 - 1/(2 count), under the cap."""
    p = 1 - 1 / (2 * count)
    # inverse normal CDF by bisection (no SciPy needed)
    lo, hi = -10.0, 10.0
    for _ in range(100):
        mid = (lo + hi) / 2
        if 0.5 * (1 + math.erf(mid / math.sqrt(2))) < p:
            lo = mid
        else:
            hi = mid
    x = math.exp(math.log(law["median"]) + law["sigma"] * lo)
    return min(x, law.get("max", math.inf))


def set_path(doc, path, value):
    keys = [k for k in path.strip("/").split("/")]
    node = doc
    for k in keys[:-1]:
        node = node[int(k)] if isinstance(node, list) else node.setdefault(k, {})
    last = keys[-1]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value


def model(sc):
    pop, plat, rec = sc["population"], sc.get("platform", {}), sc.get("recommender", {})
    story = sc["stories"][0]
    accounts = pop["accounts"]
    roles = pop["roles"]
    counts = {r: cfg.get("count", 0) for r, cfg in roles.items() if r != "user"}
    counts["user"] = accounts - sum(counts.values())
    out = {"roles": []}
    for r, cfg in roles.items():
        out["roles"].append((counts[r] / accounts, cfg.get("share_prob", 0.0) * cfg.get("activity", 1.0),
                             mean_followers(cfg["followers"])))
    delay = plat.get("delay", {"dist": "exponential", "half_life_h": 80 / 60})
    if delay.get("dist", "exponential") != "exponential":
        sys.exit("reach_meanfield: only an exponential feed delay is supported")
    out["rate"] = math.log(2) / delay.get("half_life_h", 80 / 60)
    out["lifetime"] = plat.get("lifetime_h", 24.0)
    out["visibility"] = plat.get("visibility", 1.0)
    out["rec"] = rec.get("enabled", False) and rec.get("policy", "engagement") != "chronological"
    out["rec_half_life"] = rec.get("half_life_h", 5.55)
    out["items"] = rec.get("items_per_user_day", 50.0)
    out["background"] = rec.get("background_engagement", 0.31)
    out["budget_h"] = accounts * rec.get("active_fraction", 0.43) * out["items"] / 24
    out["half_life"] = story.get("half_life_h", 0.0)
    out["mu"] = story.get("decay_exponent", 1.0)
    actions = sc["campaign"]["actions"]
    if len(actions) != 1 or actions[0].get("select", {}).get("pick", "top") != "top":
        sys.exit("reach_meanfield: one campaign action picking the top account is supported")
    act = actions[0]
    role = act.get("select", {}).get("role", "user")
    out["post_h"] = act["at_h"]
    out["seed_followers"] = largest_followers(roles[role]["followers"], counts[role])
    out["end_h"] = sc["duration_h"]
    return out


def curve(m, dt=0.25):
    """Views and recommended views in each step [i dt, (i + 1) dt) after the
    post. Posts made within a step are placed at its middle and each kernel
    is integrated exactly over the steps, so the scheme converges in dt (a
    kernel sampled at the steps' ends would not: at dt 0.25 h it loses a
    third of the views); a step's views that its own posts bring are solved
    for (V = A + c V)."""
    n = int(round((m["end_h"] - m["post_h"]) / dt))
    rate, life, hl = m["rate"], m["lifetime"], m["rec_half_life"]
    gain = m["items"] / (m["background"] * hl / math.log(2)) if m["rec"] else 0.0
    feed = lambda u: 1 - math.exp(-rate * min(max(u, 0.0), life))  # P(delay <= u), cut at the lifetime
    score = lambda u: gain * hl / math.log(2) * (1 - 2 ** (-max(u, 0.0) / hl))  # impressions by age u
    mf = [feed((k + 0.5) * dt) - feed((k - 0.5) * dt) for k in range(n)]
    mr = [score((k + 0.5) * dt) - score((k - 0.5) * dt) for k in range(n)]
    h, mu = m["half_life"], m["mu"]
    decay = lambda a: 2 ** (-((a / h) ** mu)) if h > 0 else 1.0
    seed_reach = m["visibility"] * m["seed_followers"]
    posts, reach = [0.0] * n, [0.0] * n  # posts made in step i, their visible followers
    views, rec_views = [0.0] * n, [0.0] * n
    most_rec = 0.0
    for i in range(n):
        vf = seed_reach * (feed((i + 1) * dt) - feed(i * dt))
        vr = score((i + 1) * dt) - score(i * dt)
        for j in range(i):
            vf += reach[j] * mf[i - j]
            vr += posts[j] * mr[i - j]
        d = decay((i + 0.5) * dt)
        p = sum(w * q * d for w, q, _ in m["roles"])            # posts per view
        r = sum(w * q * d * m["visibility"] * f for w, q, f in m["roles"])  # reach per view
        v = (vf + vr) / (1 - p * mr[0] - r * mf[0])
        posts[i], reach[i] = v * p, v * r
        rec_views[i] = vr + posts[i] * mr[0]
        views[i] = v
        most_rec = max(most_rec, rec_views[i] / dt)
    return views, rec_views, dt, most_rec


def summary(m):
    views, rec_views, dt, most_rec = curve(m)
    cum, days, t100 = 0.0, {}, None
    for i, v in enumerate(views):
        cum += v
        if t100 is None and cum >= 1e8:
            t100 = (i + 1) * dt
        end = (i + 1) * dt / 24
        if abs(end - round(end)) < 1e-9:
            days[round(end)] = cum
    last = max(days)
    return {"days": days, "total": cum, "t100_h": t100,
            "last_day_share": (days[last] - days.get(last - 1, 0.0)) / days[last],
            "rec_share": sum(rec_views) / cum if cum else 0.0,
            "budget_share": most_rec / m["budget_h"]}


def line(s):
    t100 = "never" if s["t100_h"] is None else "%.1f d" % (s["t100_h"] / 24)
    return ("views (M) by day after the post: " +
            " ".join("%d:%.1f" % (d, v / 1e6) for d, v in sorted(s["days"].items())) +
            "; 100M at %s; last day %.1f %%; recommender %.1f %%; peak share of the budget %.2f %%"
            % (t100, 100 * s["last_day_share"], 100 * s["rec_share"], 100 * s["budget_share"]))


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("scenario")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE")
    ap.add_argument("--map", nargs=2, metavar=("BACKGROUNDS", "HALF_LIVES"))
    args = ap.parse_args()
    with open(args.scenario) as f:
        sc = json.load(f)
    for s in args.set:
        path, value = s.split("=", 1)
        set_path(sc, path, json.loads(value))
    if not args.map:
        print(line(summary(model(sc))))
        return
    for b in [float(x) for x in args.map[0].split(",")]:
        for h in [float(x) for x in args.map[1].split(",")]:
            set_path(sc, "/recommender/background_engagement", b)
            set_path(sc, "/stories/0/half_life_h", h)
            print("background_engagement %.3f half_life_h %g: %s" % (b, h, line(summary(model(sc)))))


if __name__ == "__main__":
    main()
