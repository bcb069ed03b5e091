#!/usr/bin/env python3
"""Validate heldout19.jsonl against BRIEF.md's format and label semantics; print counts."""
import json, os, re, sys
from collections import Counter, defaultdict

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout19.jsonl")
SPAN = 13400
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RTYPES = {"consult", "help", "complaint", "report", "suggestion", "praise"}
KINDS = {"original", "repeat, other words", "repeat, angry/short", "repeat, no address", "repeat, channel switch",
         "incident", "incident, repeat", "same caller, different matter", "same place, different matter",
         "neighbouring building", "neighbouring crossing"}
HARD = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-8\d{6,7}$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
ID = re.compile(r"^h(\d{3})-(\d+)$")

errs = []
def err(i, m): errs.append(f"line {i}: {m}")

rows = []
with open(PATH, encoding="utf-8") as f:
    for i, raw in enumerate(f, 1):
        try:
            rows.append((i, json.loads(raw)))
        except Exception as e:
            err(i, f"bad JSON: {e}")

def ident(o):
    ch = o.get("channel")
    if ch == "miniprogram": return o.get("openId")
    if ch == "email": return o.get("email")
    return o.get("phone")

seen, prev_at = {}, -1
for i, o in rows:
    allowed = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"}
    extra = set(o) - allowed
    if extra: err(i, f"unknown fields {extra}")
    m = ID.match(str(o.get("id", "")))
    if not m: err(i, f"bad id {o.get('id')}")
    if o.get("id") in seen: err(i, "duplicate id")
    ch = o.get("channel")
    if ch not in CHANNELS: err(i, f"bad channel {ch}")
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN: err(i, f"bad at {at}")
    elif at < prev_at: err(i, "not ordered by at")
    else: prev_at = at
    keys = [k for k in ("phone", "openId", "email") if k in o]
    want = "openId" if ch == "miniprogram" else "email" if ch == "email" else "phone"
    if keys != [want]: err(i, f"identity fields {keys}, want [{want}]")
    who = ident(o)
    if want == "phone" and not (isinstance(who, str) and (MOBILE.match(who) or LANDLINE.match(who))): err(i, f"bad phone {who}")
    if want == "openId" and not (isinstance(who, str) and OPENID.match(who)): err(i, f"bad openId {who}")
    if want == "email" and not (isinstance(who, str) and EMAIL.match(who)): err(i, f"bad email {who}")
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(i, "empty text")
    if o.get("requestType") not in RTYPES: err(i, f"bad requestType {o.get('requestType')}")
    if "address" in o and not isinstance(o["address"], str): err(i, "address not a string")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(i, "lat/lng/crs must come together")
    if all(geo):
        if o["crs"] not in ("wgs84", "gcj02"): err(i, f"bad crs {o['crs']}")
        if not (isinstance(o["lat"], float) and isinstance(o["lng"], float)): err(i, "lat/lng not numbers")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(i, "bad label")
    if o.get("kind") not in KINDS: err(i, f"bad kind {o.get('kind')}")
    seen[o.get("id")] = (i, o)

# label semantics
clusters = defaultdict(list)
for i, o in rows:
    lab, kind = o["label"], o["kind"]
    r, c = lab["repeatOf"], lab["cluster"]
    if kind in HARD and (r or c): err(i, f"hard negative '{kind}' has a label")
    if kind == "original" and (r or c): err(i, "original has a label")
    if kind.startswith("repeat") and (not r or c): err(i, f"'{kind}' needs repeatOf and no cluster")
    if kind == "incident" and (r or not c): err(i, "incident needs cluster and no repeatOf")
    if kind == "incident, repeat" and not (r and c): err(i, "incident repeat needs both labels")
    if r:
        if r not in seen: err(i, f"repeatOf {r} unknown"); continue
        j, p = seen[r]
        if j >= i or p["at"] > o["at"]: err(i, f"repeatOf {r} is not earlier")
        if ident(p) != ident(o): err(i, f"repeatOf {r} has another identity")
        if p["label"]["repeatOf"]: err(i, f"repeatOf {r} points at a repeat")
        if ID.match(r).group(1) != ID.match(o["id"]).group(1): err(i, "repeat outside its scenario group")
        if c and p["label"]["cluster"] != c: err(i, "repeat in a cluster whose original is not in that cluster")
        if kind == "repeat, channel switch" and p["channel"] == o["channel"]: err(i, "channel switch on the same channel")
        if kind == "repeat, no address" and o.get("address"): err(i, "no-address repeat has an address")
        # earliest ticket of this identity on this matter: nothing earlier of this identity points at a later original
    if c:
        clusters[c].append(o)

# earliest: no two non-repeat tickets of one identity in one group that are repeats of each other by label chain
by_orig = defaultdict(list)
for i, o in rows:
    if o["label"]["repeatOf"]: by_orig[o["label"]["repeatOf"]].append(o)

sizes = Counter()
max_span = 0
for c, ms in clusters.items():
    grp = {ID.match(m["id"]).group(1) for m in ms}
    if len(grp) != 1: err(0, f"cluster {c} spans several groups {grp}")
    firsts = [m for m in ms if not m["label"]["repeatOf"]]
    ids_ = [ident(m) for m in firsts]
    if len(set(ids_)) != len(ids_): err(0, f"cluster {c}: two non-repeat members share an identity")
    n = len(set(ident(m) for m in ms))
    if not 2 <= n <= 4: err(0, f"cluster {c} has {n} callers (want 2-4)")
    for m in ms:
        if m["label"]["repeatOf"] and ident(m) not in ids_: err(0, f"cluster {c}: repeat by a non-member")
    span = max(m["at"] for m in ms) - min(m["at"] for m in ms)
    max_span = max(max_span, span)
    if span > 48 * 60: err(0, f"cluster {c} spans {span} min > 48 h")
    sizes[n] += 1

# counts
L = [o for _, o in rows]
n_rep = sum(1 for o in L if o["label"]["repeatOf"])
kinds = Counter(o["kind"] for o in L)
chan = Counter(o["channel"] for o in L)
addr = Counter("missing" if "address" not in o else "empty" if o["address"] == "" else "present" for o in L)
geo = Counter(o.get("crs", "none") for o in L)
rep_chan = Counter(o["channel"] for o in L if o["label"]["repeatOf"])
rep_addr = Counter("missing" if "address" not in o else "empty" if o["address"] == "" else "present" for o in L if o["label"]["repeatOf"])
switch = sum(1 for o in L if o["label"]["repeatOf"] and seen[o["label"]["repeatOf"]][1]["channel"] != o["channel"])
multi_caller_repeat = sum(1 for c, ms in clusters.items() if any(m["label"]["repeatOf"] for m in ms))
idorder = sum(1 for a, b in zip(L, L[1:]) if a["id"] > b["id"])

print("lines:", len(L))
print("repeats (repeatOf set):", n_rep, "| repeats whose channel differs from original:", switch)
print("repeats by channel:", dict(rep_chan), "| by address:", dict(rep_addr))
print("clusters:", len(clusters), "| by number of callers:", dict(sorted(sizes.items())),
      "| clusters with a repeat member:", multi_caller_repeat, "| cluster lines:", sum(len(v) for v in clusters.values()),
      "| widest span (min):", max_span)
print("kinds:", dict(sorted(kinds.items())))
print("channels:", dict(sorted(chan.items())))
print("address:", dict(addr), "| coordinates:", dict(geo))
print("identities:", len({ident(o) for o in L}), "| id order inversions vs at order:", idorder)

need = [(len(L) >= 330, "at least 330 lines"), (n_rep >= 70, "at least 70 repeats"),
        (len(clusters) >= 15, "at least 15 incidents"), (all(kinds[k] > 0 for k in KINDS), "every kind present"),
        (addr["empty"] >= 2, "at least 2 empty addresses"), (switch > 0, "channel switches"),
        (multi_caller_repeat > 0, "incident callers who call twice"), (idorder > 0, "ids not in at order"),
        (any(sizes[k] for k in (2,)) and sizes[3] and sizes[4], "clusters of 2, 3 and 4 callers")]
for ok, what in need:
    if not ok: err(0, "count: " + what)
if errs:
    print("\n".join(errs)); print("FAIL", len(errs)); sys.exit(1)
print("OK")
