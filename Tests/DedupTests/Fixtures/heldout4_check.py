#!/usr/bin/env python3
"""Validate heldout4.jsonl: format, label rules, and (optionally) consistency with the hand matter tags
in scenarios.py. Usage: python3 check.py [heldout4.jsonl]"""
import collections, itertools, json, os, re, sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout4.jsonl")
errors = []
def err(msg):
    errors.append(msg)

CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
PHONE_CH = {"phone", "sms", "police110", "web"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
CRS = {"wgs84", "gcj02", "bd09"}
REPEAT_KINDS = {"repeat, other words", "repeat, no address in field", "repeat, angry/short", "repeat, channel switch"}
HARD = {"same caller, different matter", "same place, different matter", "neighbouring building",
        "neighbouring crossing", "neighbouring unit/door"}
KINDS = REPEAT_KINDS | HARD | {"original", "singleton", "incident", "incident, repeat"}
KEYS = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"}
RE_ID = re.compile(r"^h\d{3}-\d+$")
RE_MOBILE = re.compile(r"^1[3-9]\d{9}$")
RE_LAND = re.compile(r"^0\d{2,3}-\d{7,8}$")
RE_OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
RE_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$")

rows = []
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        try:
            o = json.loads(line)
        except Exception as e:
            err("line %d: not JSON (%s)" % (i, e)); continue
        rows.append(o)

def ident(o):
    for k in ("phone", "openId", "email"):
        if k in o:
            return k + ":" + o[k]
    return None

byid = {}
prev_at = -1
for i, o in enumerate(rows, 1):
    tid = o.get("id")
    extra = set(o) - KEYS
    if extra: err("%s: unknown keys %s" % (tid, extra))
    for k in ("id", "channel", "at", "text", "requestType", "label", "kind"):
        if k not in o: err("line %d: missing %s" % (i, k))
    if not isinstance(tid, str) or not RE_ID.match(tid): err("line %d: bad id %r" % (i, tid))
    if tid in byid: err("duplicate id %s" % tid)
    byid[tid] = o
    ch = o.get("channel")
    if ch not in CHANNELS: err("%s: bad channel %r" % (tid, ch))
    at = o.get("at")
    if not isinstance(at, int) or not (0 <= at <= 13400): err("%s: bad at %r" % (tid, at))
    elif at < prev_at: err("%s: not ordered by at" % tid)
    else: prev_at = at
    idk = [k for k in ("phone", "openId", "email") if k in o]
    want = "phone" if ch in PHONE_CH else ("openId" if ch == "miniprogram" else "email")
    if idk != [want]: err("%s: identity fields %s, want [%s]" % (tid, idk, want))
    if "phone" in o and not (RE_MOBILE.match(o["phone"]) or RE_LAND.match(o["phone"])): err("%s: bad phone %r" % (tid, o["phone"]))
    if "openId" in o and not RE_OPENID.match(o["openId"]): err("%s: bad openId" % tid)
    if "email" in o and not RE_EMAIL.match(o["email"]): err("%s: bad email" % tid)
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err("%s: empty text" % tid)
    if o.get("requestType") not in RTYPES: err("%s: bad requestType" % tid)
    if "address" in o and not isinstance(o["address"], str): err("%s: address not a string" % tid)
    geo = [k for k in ("lat", "lng", "crs") if k in o]
    if geo and geo != ["lat", "lng", "crs"]: err("%s: lat/lng/crs must come together" % tid)
    if geo:
        if o["crs"] not in CRS: err("%s: bad crs" % tid)
        if not (18 < o["lat"] < 54 and 73 < o["lng"] < 136): err("%s: coordinates outside China" % tid)
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err("%s: bad label" % tid); o["label"] = {"repeatOf": None, "cluster": None}
    if o.get("kind") not in KINDS: err("%s: unknown kind %r" % (tid, o.get("kind")))

# ---- label rules
group_of = lambda tid: tid.split("-")[0]
id_groups = collections.defaultdict(set)
for o in rows:
    id_groups[ident(o)].add(group_of(o["id"]))
for k, gs in id_groups.items():
    if len(gs) > 1: err("identity %s used in several groups %s" % (k, sorted(gs)))

pointed = collections.defaultdict(list)
for o in rows:
    r = o["label"]["repeatOf"]
    if r is None: continue
    t = byid.get(r)
    if t is None: err("%s: repeatOf %s does not exist" % (o["id"], r)); continue
    pointed[r].append(o)
    if ident(t) != ident(o): err("%s: repeatOf %s has another identity" % (o["id"], r))
    if not t["at"] < o["at"]: err("%s: repeatOf %s is not earlier" % (o["id"], r))
    if t["label"]["repeatOf"] is not None: err("%s: repeatOf %s points at a repeat" % (o["id"], r))
    if t["label"]["cluster"] != o["label"]["cluster"]: err("%s: repeat and its original differ in cluster" % o["id"])

clusters = collections.defaultdict(list)
for o in rows:
    c = o["label"]["cluster"]
    if c is not None: clusters[c].append(o)
for c, ms in clusters.items():
    ids_ = {ident(m) for m in ms}
    if len(ids_) < 2: err("cluster %s has fewer than 2 identities" % c)
    firsts = [m for m in ms if m["label"]["repeatOf"] is None]
    span = max(m["at"] for m in firsts) - min(m["at"] for m in firsts)
    if span > 48 * 60: err("cluster %s: first reports span %d min (> 48 h)" % (c, span))
    if len({group_of(m["id"]) for m in ms}) != 1: err("cluster %s spans several groups" % c)

for o in rows:
    k = o["kind"]; lab = o["label"]; tid = o["id"]
    if k in HARD and (lab["repeatOf"] is not None or lab["cluster"] is not None): err("%s: hard negative with a label" % tid)
    if k in REPEAT_KINDS and (lab["repeatOf"] is None or lab["cluster"] is not None): err("%s: %s needs repeatOf and no cluster" % (tid, k))
    if k == "incident" and (lab["cluster"] is None or lab["repeatOf"] is not None): err("%s: incident needs cluster only" % tid)
    if k == "incident, repeat" and (lab["cluster"] is None or lab["repeatOf"] is None): err("%s: incident repeat needs both" % tid)
    if k == "original" and (lab["repeatOf"] is not None or lab["cluster"] is not None or tid not in pointed): err("%s: original must be unlabelled and have repeats" % tid)
    if k == "singleton" and (lab["repeatOf"] is not None or lab["cluster"] is not None or tid in pointed): err("%s: singleton must be unlabelled and have no repeats" % tid)
    if k in HARD and tid in pointed: err("%s: hard negative has repeats pointing at it" % tid)
    if k == "repeat, no address in field" and o.get("address"): err("%s: no-address repeat has an address" % tid)

# ---- optional cross-check with the hand matter tags
try:
    sys.path.insert(0, os.path.dirname(os.path.abspath(path)))
    import scenarios
    matter = {}
    for gid, lines in scenarios.G.items():
        for ln in lines:
            matter["h%03d-%d" % (gid, ln[0])] = ln[11]
    if set(matter) != set(byid): err("scenarios.py and the jsonl do not hold the same ids")
    first = {}
    for o in rows:   # rows are in `at` order
        key = (ident(o), matter.get(o["id"]))
        exp = first.get(key)
        if exp is None:
            first[key] = o["id"]
            if o["label"]["repeatOf"] is not None: err("%s: first of its identity+matter but labelled a repeat" % o["id"])
        elif o["label"]["repeatOf"] != exp: err("%s: repeatOf %r, expected %s (same identity, same matter)" % (o["id"], o["label"]["repeatOf"], exp))
    # different identities, same matter tag <=> same cluster
    by_m = collections.defaultdict(list)
    for o in rows: by_m[matter.get(o["id"])].append(o)
    for m, ms in by_m.items():
        for a, b in itertools.combinations(ms, 2):
            if ident(a) != ident(b) and (a["label"]["cluster"] is None or a["label"]["cluster"] != b["label"]["cluster"]):
                err("%s/%s: same matter tag, other identities, not one cluster" % (a["id"], b["id"]))
    for c, ms in clusters.items():
        if len({matter.get(m["id"]) for m in ms}) != 1: err("cluster %s has several matter tags" % c)
    xcheck = "cross-checked against scenarios.py matter tags"
except ImportError:
    xcheck = "scenarios.py not found: matter cross-check skipped"

# ---- counts
print("file:", path)
print("lines:", len(rows), "| groups:", len({group_of(o["id"]) for o in rows}), "| identities:", len({ident(o) for o in rows}))
print("per kind:")
for k, n in sorted(collections.Counter(o["kind"] for o in rows).items(), key=lambda x: -x[1]):
    print("  %-32s %d" % (k, n))
print("per channel:", dict(sorted(collections.Counter(o["channel"] for o in rows).items(), key=lambda x: -x[1])))
print("no address field: %d, empty address \"\": %d, with coordinates: %d (%s)" % (
    sum("address" not in o for o in rows), sum(o.get("address") == "" for o in rows), sum("lat" in o for o in rows),
    dict(collections.Counter(o["crs"] for o in rows if "crs" in o))))
rp = sum(o["label"]["repeatOf"] is not None for o in rows)
cp = sum(len(ms) * (len(ms) - 1) // 2 for ms in clusters.values())
cpi = sum(1 for ms in clusters.values() for a, b in itertools.combinations(ms, 2) if ident(a) != ident(b))
print("repeat pairs (repeat -> original): %d, originals with repeats: %d" % (rp, len(pointed)))
print("clusters: %d (sizes %s), cluster ticket pairs: %d (of which different-identity pairs: %d)" % (
    len(clusters), sorted(len(ms) for ms in clusters.values()), cp, cpi))
print(xcheck)
if errors:
    print("ERRORS (%d):" % len(errors))
    for e in errors: print("  " + e)
    sys.exit(1)
print("OK: all format and label rules hold")
