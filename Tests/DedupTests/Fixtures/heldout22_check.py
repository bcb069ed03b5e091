#!/usr/bin/env python3
"""Validate heldout22.jsonl and print its counts."""
import json, re, sys, collections
PATH = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/heldout22.jsonl"
errors = []
def err(m): errors.append(m)
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
FIELD = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
NEG = ("same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing")
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0755-8\d{7})$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z.]+$")
ID_RE = re.compile(r"^h(\d{3})-(\d+)$")
KEYS = ["id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"]

rows = []
with open(PATH, encoding="utf-8") as fh:
    for i, line in enumerate(fh, 1):
        if not line.strip():
            err(f"line {i}: blank"); continue
        try: rows.append(json.loads(line))
        except Exception as e: err(f"line {i}: bad JSON {e}")

byid, pos, prev_at = {}, {}, -1
for i, r in enumerate(rows):
    rid = r.get("id")
    for k in r:
        if k not in KEYS: err(f"{rid}: unknown key {k}")
    if not isinstance(rid, str) or not ID_RE.match(rid): err(f"line {i+1}: bad id {rid!r}")
    if rid in byid: err(f"{rid}: duplicate id")
    byid[rid] = r; pos[rid] = i
    at = r.get("at")
    if not isinstance(at, int) or not 0 <= at <= 13400: err(f"{rid}: bad at {at!r}")
    elif at < prev_at: err(f"{rid}: not ordered by at")
    else: prev_at = at
    ch = r.get("channel")
    if ch not in CHANNELS: err(f"{rid}: bad channel {ch}"); continue
    f = FIELD[ch]
    present = [k for k in ("phone", "openId", "email") if k in r]
    if present != [f]: err(f"{rid}: identity fields {present}, expected [{f}]")
    v = r.get(f)
    if f == "phone" and not (isinstance(v, str) and PHONE_RE.match(v)): err(f"{rid}: bad phone {v!r}")
    if f == "email" and not (isinstance(v, str) and EMAIL_RE.match(v)): err(f"{rid}: bad email {v!r}")
    if f == "openId" and not (isinstance(v, str) and re.match(r"^o[A-Za-z0-9_-]{27}$", v)): err(f"{rid}: bad openId {v!r}")
    if not isinstance(r.get("text"), str) or not r["text"].strip(): err(f"{rid}: empty text")
    if r.get("requestType") not in RTYPES: err(f"{rid}: bad requestType")
    if "address" in r and not isinstance(r["address"], str): err(f"{rid}: address not a string")
    co = [k in r for k in ("lat", "lng", "crs")]
    if any(co) and not all(co): err(f"{rid}: partial coordinates")
    if all(co):
        if r["crs"] not in ("wgs84", "gcj02"): err(f"{rid}: bad crs")
        if not (18 < r["lat"] < 54 and 73 < r["lng"] < 136): err(f"{rid}: coordinates outside China")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{rid}: bad label"); r["label"] = {"repeatOf": None, "cluster": None}
    if not isinstance(r.get("kind"), str): err(f"{rid}: missing kind")

def ident(r):
    f = FIELD.get(r.get("channel"), "phone")
    return (f, r.get(f))

# repeats
for r in rows:
    rid, lab, kind = r["id"], r["label"], r.get("kind", "")
    tgt = lab["repeatOf"]
    if kind.startswith("repeat") and tgt is None: err(f"{rid}: kind {kind} but no repeatOf")
    if tgt is not None:
        if not kind.startswith("repeat"): err(f"{rid}: repeatOf set but kind {kind}")
        t = byid.get(tgt)
        if t is None: err(f"{rid}: repeatOf {tgt} missing"); continue
        if pos[tgt] >= pos[rid] or t["at"] > r["at"]: err(f"{rid}: repeatOf {tgt} not earlier")
        if ident(t) != ident(r): err(f"{rid}: repeatOf {tgt} has another identity")
        if t["label"]["repeatOf"] is not None: err(f"{rid}: repeatOf {tgt} which is itself a repeat")
        if ID_RE.match(tgt).group(1) != ID_RE.match(rid).group(1): err(f"{rid}: repeatOf {tgt} in another group")
        if lab["cluster"] != t["label"]["cluster"]: err(f"{rid}: cluster differs from its original {tgt}")
    if kind in NEG and (lab["repeatOf"] is not None or lab["cluster"] is not None): err(f"{rid}: hard negative with a label")
    if kind == "original" and (lab["repeatOf"] is not None or lab["cluster"] is not None): err(f"{rid}: original with a label")
    if kind == "incident" and (lab["cluster"] is None or lab["repeatOf"] is not None): err(f"{rid}: incident label wrong")
    if kind not in NEG and kind not in ("original", "incident") and not kind.startswith("repeat"): err(f"{rid}: unknown kind {kind}")

# clusters
clusters = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"] is not None: clusters[r["label"]["cluster"]].append(r)
sizes = collections.Counter()
for c, mem in clusters.items():
    firsts = [m for m in mem if m["label"]["repeatOf"] is None]
    ids = [ident(m) for m in firsts]
    if len(set(ids)) != len(ids): err(f"cluster {c}: two non-repeat members share an identity")
    if not 2 <= len(set(ids)) <= 4: err(f"cluster {c}: {len(set(ids))} callers (need 2-4)")
    groups = {ID_RE.match(m["id"]).group(1) for m in mem}
    if len(groups) != 1: err(f"cluster {c}: spans groups {groups}")
    span = max(m["at"] for m in firsts) - min(m["at"] for m in firsts)
    if span > 48 * 60: err(f"cluster {c}: first reports span {span} min > 48 h")
    sizes[len(set(ids))] += 1
# cluster names unique per group
gc = collections.defaultdict(set)
for r in rows:
    gc[ID_RE.match(r["id"]).group(1)].add(r["label"]["cluster"])
for g, cs in gc.items():
    if len(cs - {None}) > 1: err(f"group {g}: several clusters")

# counts
n = len(rows)
reps = sum(1 for r in rows if r["label"]["repeatOf"])
kinds = collections.Counter(r["kind"] for r in rows)
chans = collections.Counter(r["channel"] for r in rows)
no_addr = sum(1 for r in rows if "address" not in r)
empty_addr = [r for r in rows if r.get("address") == ""]
with_co = collections.Counter(r["crs"] for r in rows if "crs" in r)
multi_call = sum(1 for c, mem in clusters.items() if any(m["label"]["repeatOf"] for m in mem))
switch = sum(1 for r in rows if r["label"]["repeatOf"] and byid[r["label"]["repeatOf"]]["channel"] != r["channel"])
if n < 330: err(f"only {n} lines")
if reps < 70: err(f"only {reps} repeats")
if len(clusters) < 15: err(f"only {len(clusters)} incidents")
if multi_call < 1: err("no incident caller calls twice")
for k in NEG + ("repeat, other words", "repeat, angry/short", "repeat, no address", "repeat, channel switch"):
    if kinds[k] < 1: err(f"no line of kind {k}")
if not any(r["label"]["repeatOf"] and r["channel"] == "web" for r in empty_addr) or len(empty_addr) < 2: err("need web repeats with empty address")
if switch < 1: err("no channel switch")

print(f"lines {n}; repeats {reps}; incidents {len(clusters)} (by callers: {dict(sorted(sizes.items()))}); incidents with a repeat caller {multi_call}")
print(f"repeats across channels {switch}; lines in incidents {sum(len(m) for m in clusters.values())}")
print("kinds:", dict(kinds.most_common()))
print("channels:", dict(chans.most_common()))
print(f"address: absent {no_addr}, empty {len(empty_addr)}, present {n - no_addr - len(empty_addr)}; coordinates: {dict(with_co)}")
print(f"identities: {len({ident(r) for r in rows})}; groups: {len(gc)}; at range {rows[0]['at']}..{rows[-1]['at']}")
if errors:
    print(f"FAIL: {len(errors)} problems"); [print("  " + e) for e in errors[:50]]; sys.exit(1)
print("OK")
