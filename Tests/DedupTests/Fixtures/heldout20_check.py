#!/usr/bin/env python3
"""Validate heldout20.jsonl and print its counts. Exit status 1 on any failure."""
import collections, json, re, sys

PATH = sys.argv[1] if len(sys.argv) > 1 else "heldout20.jsonl"
SPAN = 13400
CHANNELS = {"web": "phone", "sms": "phone", "phone": "phone", "police110": "phone",
            "miniprogram": "openId", "email": "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD_NEG = {"same caller, different matter", "same place, different matter",
            "neighbouring building", "neighbouring crossing"}
REPEAT_KINDS = {"repeat", "repeat, other words", "repeat, angry/short",
                "repeat, address only in text", "repeat, channel switch"}
KINDS = HARD_NEG | REPEAT_KINDS | {"original", "incident", "incident, repeat"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0755-8\d{7})$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
ID = re.compile(r"^h(\d{3})-(\d+)$")

errors = []
def err(msg):
    errors.append(msg)

rows = []
for i, raw in enumerate(open(PATH, encoding="utf-8"), 1):
    try:
        o = json.loads(raw)
    except Exception as e:
        err(f"line {i}: bad JSON: {e}"); continue
    o["_line"] = i
    rows.append(o)

byid = {}
prev_at = -1
for o in rows:
    i = o["_line"]
    for k in ("id", "channel", "at", "text", "requestType", "label", "kind"):
        if k not in o:
            err(f"line {i}: missing {k}")
    allowed = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType",
               "address", "lat", "lng", "crs", "label", "kind", "_line"}
    if set(o) - allowed:
        err(f"line {i}: unexpected keys {set(o) - allowed}")
    m = ID.match(o.get("id", ""))
    if not m:
        err(f"line {i}: bad id {o.get('id')}")
    if o.get("id") in byid:
        err(f"line {i}: duplicate id {o['id']}")
    byid[o.get("id")] = o
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN:
        err(f"line {i}: at {at} out of range")
    elif at < prev_at:
        err(f"line {i}: not ordered by at")
    else:
        prev_at = at
    ch = o.get("channel")
    if ch not in CHANNELS:
        err(f"line {i}: bad channel {ch}"); continue
    want = CHANNELS[ch]
    keys = [k for k in ("phone", "openId", "email") if k in o]
    if keys != [want]:
        err(f"line {i}: identity keys {keys}, channel {ch} needs {want}")
    else:
        v = o[want]
        rx = {"phone": PHONE, "openId": OPENID, "email": EMAIL}[want]
        if not isinstance(v, str) or not rx.match(v):
            err(f"line {i}: bad {want} {v!r}")
        o["_ident"] = (want, v)
    if not isinstance(o.get("text"), str) or not o["text"].strip():
        err(f"line {i}: empty text")
    if o.get("requestType") not in RTYPES:
        err(f"line {i}: bad requestType {o.get('requestType')}")
    if "address" in o and not isinstance(o["address"], str):
        err(f"line {i}: address not a string")
    geo = [k for k in ("lat", "lng", "crs") if k in o]
    if geo and geo != ["lat", "lng", "crs"]:
        err(f"line {i}: partial coordinates {geo}")
    if geo:
        if o["crs"] not in ("wgs84", "gcj02"):
            err(f"line {i}: bad crs")
        if not (isinstance(o["lat"], float) and isinstance(o["lng"], float)
                and 3 < o["lat"] < 54 and 73 < o["lng"] < 136):
            err(f"line {i}: bad lat/lng")
    lab = o.get("label", {})
    if set(lab) != {"repeatOf", "cluster"}:
        err(f"line {i}: label keys {set(lab)}")
    if o.get("kind") not in KINDS:
        err(f"line {i}: unknown kind {o.get('kind')}")

if [o["id"] for o in rows] == sorted(o["id"] for o in rows):
    err("ids are in at order (they should not be)")

# repeats
pos = {o["id"]: n for n, o in enumerate(rows)}
for o in rows:
    i, lab, kind = o["_line"], o.get("label", {}), o.get("kind")
    r, c = lab.get("repeatOf"), lab.get("cluster")
    if r is not None:
        t = byid.get(r)
        if t is None:
            err(f"line {i}: repeatOf {r} unknown"); continue
        if pos[r] >= pos[o["id"]] or t["at"] > o["at"]:
            err(f"line {i}: repeatOf {r} is not earlier")
        if t.get("_ident") != o.get("_ident"):
            err(f"line {i}: repeatOf {r} has another identity")
        if t["label"]["repeatOf"] is not None:
            err(f"line {i}: repeatOf {r} is itself a repeat")
        if ID.match(r).group(1) != ID.match(o["id"]).group(1):
            err(f"line {i}: repeatOf {r} outside its scenario group")
        if c is not None and t["label"]["cluster"] != c:
            err(f"line {i}: repeat in cluster {c} points outside it")
    # kind/label consistency
    if kind in HARD_NEG or kind == "original":
        if r is not None or c is not None:
            err(f"line {i}: {kind} must have both labels null")
    elif kind in REPEAT_KINDS:
        if r is None or c is not None:
            err(f"line {i}: {kind} needs repeatOf and no cluster")
    elif kind == "incident":
        if r is not None or c is None:
            err(f"line {i}: incident needs cluster, no repeatOf")
    elif kind == "incident, repeat":
        if r is None or c is None:
            err(f"line {i}: incident repeat needs both labels")
    if kind == "repeat, address only in text" and o.get("address"):
        err(f"line {i}: address-only-in-text repeat has an address")
    if kind == "repeat, channel switch" and r in byid and byid[r]["channel"] == o["channel"]:
        err(f"line {i}: channel switch on the same channel")
# earliest: a repeat points at the earliest non-repeat of that identity in its group
# that others of the same matter point at (no two repeat targets of one identity+group chain)
# clusters
clusters = collections.defaultdict(list)
for o in rows:
    if o["label"]["cluster"]:
        clusters[o["label"]["cluster"]].append(o)
for name, ms in clusters.items():
    idents = {m.get("_ident") for m in ms}
    groups = {ID.match(m["id"]).group(1) for m in ms}
    firsts = [m for m in ms if m["label"]["repeatOf"] is None]
    if len(groups) != 1:
        err(f"cluster {name}: spans groups {groups}")
    if not 2 <= len(idents) <= 4:
        err(f"cluster {name}: {len(idents)} identities")
    if len(firsts) != len(idents) or len({m.get("_ident") for m in firsts}) != len(firsts):
        err(f"cluster {name}: each identity must have exactly one first report")
    span = max(m["at"] for m in firsts) - min(m["at"] for m in firsts)
    if span > 2880:
        err(f"cluster {name}: first reports span {span} min (> 48 h)")
# no unlabelled pair of different identities inside one incident group
for o in rows:
    g = ID.match(o["id"]).group(1)
    if o["label"]["cluster"] is None and any(m["id"].startswith(f"h{g}-") for ms in clusters.values() for m in ms):
        err(f"line {o['_line']}: unlabelled line inside an incident group")

# counts
n = len(rows)
reps = [o for o in rows if o["label"]["repeatOf"]]
kinds = collections.Counter(o["kind"] for o in rows)
chan = collections.Counter(o["channel"] for o in rows)
sizes = collections.Counter(len({m["_ident"] for m in ms}) for ms in clusters.values())
addr = collections.Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows)
crs = collections.Counter(o.get("crs", "none") for o in rows)
idents = collections.Counter(o["_ident"][0] for o in rows)
persons = len({o["_ident"] for o in rows})
switch = collections.Counter(f"{byid[o['label']['repeatOf']]['channel']}->{o['channel']}" for o in reps
                             if byid[o['label']['repeatOf']]['channel'] != o['channel'])
clustered_reps = sum(1 for o in reps if o["label"]["cluster"])

if n < 330: err(f"only {n} lines")
if len(reps) < 70: err(f"only {len(reps)} repeats")
if len(clusters) < 15: err(f"only {len(clusters)} clusters")
for k in HARD_NEG | REPEAT_KINDS | {"incident, repeat"}:
    if kinds[k] == 0: err(f"no line of kind {k!r}")
for s in ("phone->sms", "web->phone", "police110->phone"):
    if switch[s] == 0: err(f"no channel switch {s}")
if addr["empty"] == 0: err("no repeat with an empty address field")

print(f"lines {n}, identities {persons} ({dict(idents)})")
print(f"repeats {len(reps)} (of which inside incidents {clustered_reps})")
print(f"clusters {len(clusters)}, by number of callers {dict(sorted(sizes.items()))}, "
      f"clustered lines {sum(len(v) for v in clusters.values())}")
print("kinds:", dict(sorted(kinds.items())))
print("channels:", dict(sorted(chan.items())))
print("address:", dict(addr), " coordinates:", dict(crs))
print("channel switches in repeats:", dict(sorted(switch.items())))
print("at range:", rows[0]["at"], "-", rows[-1]["at"])
if errors:
    print(f"\nFAILED: {len(errors)} problem(s)")
    for e in errors[:50]:
        print(" -", e)
    sys.exit(1)
print("OK")
