"""Validate heldout10.jsonl: format and label semantics (my own checker, no detector logic)."""
import json, re, sys, collections

import os
PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout10.jsonl")
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = {"same caller, different matter", "same place, different matter",
        "neighbouring building", "neighbouring crossing"}
NULL_KINDS = HARD | {"original", "singleton", "same problem, different place", "same place, days later"}
REPEAT_KINDS = {"repeat", "repeat, other words", "repeat, no address", "repeat, empty address",
                "repeat, angry short", "repeat, channel switch"}
CLUSTER_KINDS = {"cluster"}
BOTH_KINDS = {"cluster, repeat"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LAND = re.compile(r"^0\d{2,3}-[2-9]\d{6,7}$")
EMAIL = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")

errs = []
def err(m): errs.append(m)

rows = []
with open(PATH, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err(f"line {i}: bad json {e}")

ids = {}
prev_at = -1
for i, o in enumerate(rows):
    rid = o.get("id")
    if not re.fullmatch(r"h\d{3}-\d+", rid or ""): err(f"{rid}: bad id")
    if rid in ids: err(f"{rid}: duplicate id")
    ids[rid] = i
    if o["channel"] not in CHANNELS: err(f"{rid}: channel {o['channel']}")
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= 13400: err(f"{rid}: at {at}")
    if at < prev_at: err(f"{rid}: not sorted by at")
    prev_at = at
    idf = [k for k in ("phone", "openId", "email") if k in o]
    want = {"miniprogram": "openId", "email": "email"}.get(o["channel"], "phone")
    if idf != [want]: err(f"{rid}: identity fields {idf}, want {want}")
    else:
        v = o[want]
        ok = {"phone": lambda v: MOBILE.match(v) or LAND.match(v), "openId": OPENID.match,
              "email": EMAIL.match}[want](v)
        if not ok: err(f"{rid}: bad {want} {v}")
        if want == "phone" and LAND.match(v) and o["channel"] == "sms": err(f"{rid}: sms from a landline")
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{rid}: empty text")
    if o.get("requestType") not in RTYPES: err(f"{rid}: requestType {o.get('requestType')}")
    if "address" in o and not isinstance(o["address"], str): err(f"{rid}: address not a string")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{rid}: partial coordinates")
    if all(geo):
        if o["crs"] not in ("wgs84", "gcj02", "bd09"): err(f"{rid}: crs {o['crs']}")
        if not (27.5 < o["lat"] < 29.0 and 106.0 < o["lng"] < 107.5): err(f"{rid}: coordinates off the city")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{rid}: label shape")
    if set(o) - {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address",
                 "lat", "lng", "crs", "label", "kind"}: err(f"{rid}: unknown fields")

def ident(o):
    for k in ("phone", "openId", "email"):
        if k in o: return (k, o[k])

byid = {o["id"]: o for o in rows}
# repeat semantics
for i, o in enumerate(rows):
    rid, rep = o["id"], o["label"]["repeatOf"]
    if rep is None: continue
    t = byid.get(rep)
    if t is None: err(f"{rid}: repeatOf {rep} missing"); continue
    if ids[rep] >= i or t["at"] > o["at"]: err(f"{rid}: repeatOf {rep} is not earlier")
    if ident(t) != ident(o): err(f"{rid}: repeatOf {rep} has another identity")
    if t["label"]["repeatOf"] is not None: err(f"{rid}: points at a repeat {rep}")
    # earliest of the matter: the original is earlier than every repeat pointing at it (implied above),
    # and the scenario group is the same (one caller's matter lives in one hand-written group)
    if rid.split("-")[0] != rep.split("-")[0]: err(f"{rid}: repeat across scenario groups")
# an identity lives in one scenario group only (same person = same string; different persons differ)
grp_of_ident = collections.defaultdict(set)
for o in rows: grp_of_ident[ident(o)].add(o["id"].split("-")[0])
for k, g in grp_of_ident.items():
    if len(g) > 1: err(f"identity {k} in several groups {g}")

# cluster semantics
clusters = collections.defaultdict(list)
for o in rows:
    if o["label"]["cluster"]: clusters[o["label"]["cluster"]].append(o)
for name, ms in clusters.items():
    idents = {ident(m) for m in ms}
    if not 2 <= len(idents) <= 4: err(f"{name}: {len(idents)} distinct callers")
    first = min(ms, key=lambda m: m["at"])
    if first["label"]["repeatOf"] is not None: err(f"{name}: first report is a repeat")
    if max(m["at"] for m in ms) - first["at"] > 48 * 60: err(f"{name}: spans more than 48 h")
    if len({m["id"].split("-")[0] for m in ms}) != 1: err(f"{name}: spans scenario groups")
    for m in ms:
        r = m["label"]["repeatOf"]
        if r and byid[r]["label"]["cluster"] != name: err(f"{m['id']}: repeat of a non-member")
# kinds vs labels
for o in rows:
    k, rep, cl = o.get("kind"), o["label"]["repeatOf"], o["label"]["cluster"]
    if k in NULL_KINDS:
        if rep or cl: err(f"{o['id']}: kind {k} must have null labels")
    elif k in REPEAT_KINDS:
        if not rep or cl: err(f"{o['id']}: kind {k} wants repeatOf only")
    elif k in CLUSTER_KINDS:
        if rep or not cl: err(f"{o['id']}: kind {k} wants cluster only")
    elif k in BOTH_KINDS:
        if not (rep and cl): err(f"{o['id']}: kind {k} wants both labels")
    else: err(f"{o['id']}: unknown kind {k}")
    if k == "repeat, empty address" and o.get("address") != "": err(f"{o['id']}: empty-address repeat has address")
    if k == "repeat, no address" and "address" in o: err(f"{o['id']}: no-address repeat has address field")
    if k == "repeat, channel switch" and o["channel"] == byid[rep]["channel"]: err(f"{o['id']}: no channel switch")

# counts
n = len(rows)
reps = sum(1 for o in rows if o["label"]["repeatOf"])
pairs = sum(len(ms) - 1 for ms in clusters.values())
crep = sum(1 for o in rows if o["label"]["repeatOf"] and o["label"]["cluster"])
if n < 330: err(f"only {n} lines")
if reps < 70: err(f"only {reps} repeats")
if len(clusters) < 15: err(f"only {len(clusters)} incidents")
if crep < 3: err("too few incident callers calling twice")
if min(o["at"] for o in rows) != 0 or max(o["at"] for o in rows) != 13400: err("does not span 0..13400")
kinds = collections.Counter(o["kind"] for o in rows)
for k in HARD | {"same problem, different place"}:
    if kinds[k] < 4: err(f"too few {k}: {kinds[k]}")

print(f"lines {n}; repeats {reps}; incidents {len(clusters)}; cluster members {sum(len(m) for m in clusters.values())};"
      f" cluster pairs (member with first report) {pairs}; members also repeats {crep}")
print("callers per incident:", dict(collections.Counter(len({ident(m) for m in ms}) for ms in clusters.values())))
print("lines without address field:", sum(1 for o in rows if "address" not in o),
      "; empty address:", sum(1 for o in rows if o.get("address") == ""),
      "; with coordinates:", sum(1 for o in rows if "lat" in o),
      "; coordinates only (no address):", sum(1 for o in rows if "lat" in o and "address" not in o))
print("crs:", dict(collections.Counter(o["crs"] for o in rows if "crs" in o)))
print("channels:", dict(collections.Counter(o["channel"] for o in rows)))
print("requestType:", dict(collections.Counter(o["requestType"] for o in rows)))
print("kinds:", dict(kinds))
print("identities:", len({ident(o) for o in rows}), dict(collections.Counter(ident(o)[0] for o in {ident(o): o for o in rows}.values())))
if errs:
    print(f"\n{len(errs)} ERRORS:"); [print(" ", e) for e in errs]; sys.exit(1)
print("OK")
