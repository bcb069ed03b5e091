#!/usr/bin/env python3
"""Validate heldout26.jsonl against BRIEF.md's format and label semantics; print counts. Exit 1 on any error."""
import json, re, sys, os
from collections import Counter, defaultdict

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout26.jsonl")
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
IDKEY = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone",
         "miniprogram": "openId", "email": "email"}
RTYPES = {"consult", "help", "complaint", "report", "suggestion", "praise"}
HARD_NEG = {"same caller, different matter", "same place, different matter",
            "neighbouring building", "neighbouring crossing"}
REPEAT_KINDS = {"repeat, other words", "repeat, angry/short", "repeat, address only in text",
                "repeat, channel switch", "incident, repeat"}
KINDS = HARD_NEG | REPEAT_KINDS | {"original", "incident"}
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0755-8\d{7})$")
ID_RE = re.compile(r"^h(\d{3})-(\d+)$")
SPAN = 13400
WINDOW = 48 * 60

errors = []
def err(msg): errors.append(msg)

rows = []
for n, line in enumerate(open(PATH, encoding="utf-8"), 1):
    try:
        o = json.loads(line)
    except Exception as e:
        err(f"line {n}: bad JSON: {e}"); continue
    o["_n"] = n
    rows.append(o)

by_id, prev_at = {}, -1
allowed = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address",
           "lat", "lng", "crs", "label", "kind", "_n"}
for o in rows:
    n, i = o["_n"], o.get("id")
    extra = set(o) - allowed
    if extra: err(f"line {n}: unknown keys {extra}")
    if not isinstance(i, str) or not ID_RE.match(i): err(f"line {n}: bad id {i!r}")
    if i in by_id: err(f"line {n}: duplicate id {i}")
    by_id[i] = o
    ch = o.get("channel")
    if ch not in CHANNELS: err(f"{i}: bad channel {ch!r}"); continue
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN: err(f"{i}: bad at {at!r}")
    elif at < prev_at: err(f"{i}: not ordered by at ({at} < {prev_at})")
    else: prev_at = at
    keys = [k for k in ("phone", "openId", "email") if k in o]
    if keys != [IDKEY[ch]]: err(f"{i}: identity keys {keys} wrong for channel {ch}")
    else:
        v = o[keys[0]]
        if keys[0] == "phone" and not PHONE_RE.match(v): err(f"{i}: bad phone {v!r}")
        if keys[0] == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z.]+$", v): err(f"{i}: bad email {v!r}")
        if keys[0] == "openId" and not re.match(r"^oXk3_[A-Za-z0-9]{20,}$", v): err(f"{i}: bad openId {v!r}")
        o["_who"] = v
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{i}: empty text")
    if o.get("requestType") not in RTYPES: err(f"{i}: bad requestType")
    if "address" in o and not isinstance(o["address"], str): err(f"{i}: address not a string")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{i}: partial coordinates")
    if all(geo):
        if o["crs"] not in ("wgs84", "gcj02"): err(f"{i}: bad crs")
        if not (27 < o["lat"] < 29 and 112 < o["lng"] < 114): err(f"{i}: coordinates outside the city")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{i}: bad label"); o["label"] = {"repeatOf": None, "cluster": None}
    if o.get("kind") not in KINDS: err(f"{i}: bad kind {o.get('kind')!r}")

# repeats
for o in rows:
    i, r, k = o["id"], o["label"]["repeatOf"], o.get("kind")
    if (r is not None) != (k in REPEAT_KINDS): err(f"{i}: kind {k!r} vs repeatOf {r!r}")
    if r is None: continue
    t = by_id.get(r)
    if t is None: err(f"{i}: repeatOf {r} missing"); continue
    if t["at"] >= o["at"]: err(f"{i}: repeatOf {r} is not earlier")
    if t.get("_who") != o.get("_who"): err(f"{i}: repeatOf {r} has another identity")
    if t["label"]["repeatOf"] is not None: err(f"{i}: repeatOf {r} is itself a repeat")
    if o["label"]["cluster"] != t["label"]["cluster"]: err(f"{i}: cluster differs from its original {r}")
    if ID_RE.match(i).group(1) != ID_RE.match(r).group(1): err(f"{i}: repeat in another group than {r}")
    # earliest ticket of this identity about the matter: nothing of the same identity in the same
    # group before the target unless it is labelled a different matter
    for p in rows:
        if p["at"] >= t["at"]: break
        if p.get("_who") == o.get("_who") and ID_RE.match(p["id"]).group(1) == ID_RE.match(r).group(1) \
                and p.get("kind") not in HARD_NEG and p["label"]["cluster"] == t["label"]["cluster"]:
            err(f"{i}: {p['id']} is an earlier ticket of the same story than {r}")

# clusters
clusters = defaultdict(list)
for o in rows:
    c, k = o["label"]["cluster"], o.get("kind")
    if (c is not None) != (k in ("incident", "incident, repeat")): err(f"{o['id']}: kind {k!r} vs cluster {c!r}")
    if k in HARD_NEG and (o["label"]["repeatOf"] or c): err(f"{o['id']}: hard negative with a label")
    if c: clusters[c].append(o)
groups_of_cluster = {}
for c, ms in clusters.items():
    firsts = [m for m in ms if m["label"]["repeatOf"] is None]
    whos = [m["_who"] for m in firsts]
    if len(set(whos)) != len(whos): err(f"{c}: one identity reports twice without a repeatOf")
    if not 2 <= len(set(whos)) <= 4: err(f"{c}: {len(set(whos))} callers (need 2-4)")
    if firsts and max(m["at"] for m in firsts) - min(m["at"] for m in firsts) > WINDOW:
        err(f"{c}: callers' first reports span more than 48 h")
    if ms[0]["label"]["repeatOf"] is not None: err(f"{c}: first member is a repeat")
    g = {ID_RE.match(m["id"]).group(1) for m in ms}
    if len(g) != 1: err(f"{c}: members in several groups {g}")
    groups_of_cluster[c] = g

# the same identity never appears as two non-repeat tickets of one story unless one is a hard negative
story = defaultdict(list)
for o in rows:
    story[(ID_RE.match(o["id"]).group(1), o.get("_who"))].append(o)
for (g, w), ls in story.items():
    plain = [x for x in ls if x["label"]["repeatOf"] is None and x.get("kind") not in HARD_NEG]
    if len(plain) > 1: err(f"h{g}: identity {w} has {len(plain)} unlinked tickets in one story")

# counts
N = len(rows)
reps = [o for o in rows if o["label"]["repeatOf"]]
kinds = Counter(o["kind"] for o in rows)
chan = Counter(o["channel"] for o in rows)
addr = Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows)
coords = Counter(o.get("crs", "none") for o in rows)
sizes = Counter(len({m["_who"] for m in ms}) for ms in clusters.values())
twice = [c for c, ms in clusters.items() if any(m["label"]["repeatOf"] for m in ms)]
switch = [o for o in reps if by_id[o["label"]["repeatOf"]]["channel"] != o["channel"]]
empty_web_reps = [o for o in reps if o["channel"] == "web" and o.get("address") == ""]
noaddr_reps = [o for o in reps if not o.get("address")]
idents = Counter(o.get("_who") for o in rows)

def need(cond, msg):
    if not cond: err("count: " + msg)
need(N >= 330, f"{N} lines < 330")
need(len(reps) >= 70, f"{len(reps)} repeats < 70")
need(len(clusters) >= 15, f"{len(clusters)} incidents < 15")
need(len(twice) >= 1, "no incident caller calls twice")
for k in HARD_NEG: need(kinds[k] >= 1, f"no {k!r}")
for k in REPEAT_KINDS: need(kinds[k] >= 1, f"no {k!r}")
need(len(switch) >= 1, "no channel switch")
need(len(empty_web_reps) >= 2, "fewer than 2 web repeats with an empty address")
need(max(o["at"] for o in rows) <= SPAN, "span")

print(f"lines {N}, identities {len(idents)}, groups {len({ID_RE.match(o['id']).group(1) for o in rows})}")
print(f"repeats {len(reps)} (channel switch {len(switch)}, no/empty address {len(noaddr_reps)}, web with address \"\" {len(empty_web_reps)}, inside incidents {sum(1 for o in reps if o['label']['cluster'])})")
print(f"incidents {len(clusters)}; by number of callers {dict(sorted(sizes.items()))}; with a caller calling twice {len(twice)}; lines carrying a cluster {sum(len(v) for v in clusters.values())}")
print("kinds:", dict(sorted(kinds.items())))
print("channels:", dict(sorted(chan.items())))
print("address:", dict(addr), " coordinates:", dict(coords))
print("at range:", rows[0]["at"], "-", rows[-1]["at"])
if errors:
    print(f"\n{len(errors)} ERRORS:"); [print("  " + e) for e in errors]; sys.exit(1)
print("OK")
