#!/usr/bin/env python3
"""Validate heldout24.jsonl against BRIEF.md's format and label semantics; print counts."""
import json, re, sys, collections
from pathlib import Path

P = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_name("heldout24.jsonl")
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
PHONE_CH = {"web", "sms", "phone", "police110"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD_NEG = {"same caller, different matter", "same place, different matter",
            "neighbouring building", "neighbouring crossing"}
REPEAT_KINDS = {"repeat", "repeat, other words", "repeat, angry/short", "repeat, channel switch",
                "repeat, empty address", "repeat, address only in text", "incident, repeat"}
KINDS = HARD_NEG | REPEAT_KINDS | {"original", "incident"}
RE_ID = re.compile(r"^h(\d{3})-(\d+)$")
RE_MOBILE = re.compile(r"^1[3-9]\d{9}$")
RE_LAND = re.compile(r"^0755-8\d{7}$")
RE_MAIL = re.compile(r"^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$")
RE_OPENID = re.compile(r"^o[A-Za-z0-9_-]{20,}$")
SPAN = 13400

errors = []
def err(msg): errors.append(msg)

rows = []
for i, line in enumerate(P.read_text(encoding="utf-8").splitlines(), 1):
    try:
        rows.append(json.loads(line))
    except Exception as e:
        err(f"line {i}: bad JSON: {e}")
byid = {}
prev_at = -1
def ident(o):
    for k in ("phone", "openId", "email"):
        if k in o: return (k, o[k])
    return None

for i, o in enumerate(rows, 1):
    allowed = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType",
               "address", "lat", "lng", "crs", "label", "kind"}
    if set(o) - allowed: err(f"line {i}: unknown keys {set(o)-allowed}")
    m = RE_ID.match(str(o.get("id", "")))
    if not m: err(f"line {i}: bad id {o.get('id')}")
    if o.get("id") in byid: err(f"line {i}: duplicate id {o['id']}")
    byid[o.get("id")] = o
    if o.get("channel") not in CHANNELS: err(f"{o.get('id')}: bad channel")
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN: err(f"{o['id']}: bad at {at}")
    elif at < prev_at: err(f"{o['id']}: not ordered by at")
    else: prev_at = at
    keys = [k for k in ("phone", "openId", "email") if k in o]
    if len(keys) != 1: err(f"{o['id']}: needs exactly one identity field, has {keys}")
    ch = o.get("channel")
    if ch in PHONE_CH:
        if "phone" not in o or not (RE_MOBILE.match(o["phone"]) or RE_LAND.match(o["phone"])):
            err(f"{o['id']}: bad/missing phone")
    elif ch == "miniprogram":
        if not RE_OPENID.match(o.get("openId", "")): err(f"{o['id']}: bad/missing openId")
    elif ch == "email":
        if not RE_MAIL.match(o.get("email", "")): err(f"{o['id']}: bad/missing email")
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{o['id']}: empty text")
    if o.get("requestType") not in RTYPES: err(f"{o['id']}: bad requestType")
    if "address" in o and not isinstance(o["address"], str): err(f"{o['id']}: address not a string")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{o['id']}: lat/lng/crs must come together")
    if all(geo):
        if o["crs"] not in ("wgs84", "gcj02"): err(f"{o['id']}: bad crs")
        if not (18 < o["lat"] < 54 and 73 < o["lng"] < 136): err(f"{o['id']}: coordinates outside China")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{o['id']}: bad label")
    if o.get("kind") not in KINDS: err(f"{o['id']}: unknown kind {o.get('kind')}")

# id scheme: per group, n = 0..k-1
groups = collections.defaultdict(list)
for o in rows:
    m = RE_ID.match(o["id"])
    if m: groups[m.group(1)].append(int(m.group(2)))
for g, ns in groups.items():
    if sorted(ns) != list(range(len(ns))): err(f"group h{g}: ids not 0..{len(ns)-1}")
def grp_of(o): return o["id"].split("-")[0]

# one identity string belongs to one story (group)
id_groups = collections.defaultdict(set)
for o in rows: id_groups[ident(o)].add(grp_of(o))
for k, gs in id_groups.items():
    if len(gs) > 1: err(f"identity {k} used in several groups {gs}")

# repeats
repeats = []
for o in rows:
    r, k = o["label"]["repeatOf"], o["kind"]
    if r is None:
        if k in REPEAT_KINDS: err(f"{o['id']}: kind {k} but repeatOf null")
        continue
    repeats.append(o)
    if k not in REPEAT_KINDS: err(f"{o['id']}: repeatOf set but kind {k}")
    t = byid.get(r)
    if t is None: err(f"{o['id']}: repeatOf {r} missing"); continue
    if not t["at"] < o["at"]: err(f"{o['id']}: repeatOf {r} is not earlier")
    if ident(t) != ident(o): err(f"{o['id']}: repeatOf {r} has another identity")
    if t["label"]["repeatOf"] is not None: err(f"{o['id']}: repeatOf {r} which is itself a repeat")
    if grp_of(t) != grp_of(o): err(f"{o['id']}: repeatOf {r} in another story")
    if k == "repeat, channel switch" and t["channel"] == o["channel"]: err(f"{o['id']}: channel switch without switch")
    if k == "repeat, empty address" and o.get("address") != "": err(f"{o['id']}: empty-address repeat without address \"\"")
    if k == "repeat, address only in text" and o.get("address"): err(f"{o['id']}: has an address field")
    # earliest same-identity same-matter ticket: nothing earlier of this identity in the chain
    for x in rows:
        if x is not t and ident(x) == ident(o) and x["at"] < t["at"] and grp_of(x) == grp_of(o) \
           and x["kind"] not in HARD_NEG and x["label"]["repeatOf"] is None and x["kind"] in ("original", "incident"):
            err(f"{o['id']}: an earlier ticket {x['id']} of the same identity/story precedes {r}")
    if o["label"]["cluster"] != t["label"]["cluster"]: err(f"{o['id']}: repeat and its original in different clusters")

# hard negatives
for o in rows:
    if o["kind"] in HARD_NEG and (o["label"]["repeatOf"] or o["label"]["cluster"]):
        err(f"{o['id']}: hard negative with a label")
    if o["kind"] in ("incident", "incident, repeat") and not o["label"]["cluster"]:
        err(f"{o['id']}: incident kind without cluster")
    if o["label"]["cluster"] and o["kind"] not in ("incident", "incident, repeat"):
        err(f"{o['id']}: cluster on kind {o['kind']}")

# clusters
clusters = collections.defaultdict(list)
for o in rows:
    if o["label"]["cluster"]: clusters[o["label"]["cluster"]].append(o)
cl_sizes = collections.Counter()
cl_with_repeat = 0
for c, ms in clusters.items():
    ids_ = {ident(o) for o in ms}
    firsts = [o for o in ms if o["label"]["repeatOf"] is None]
    if len({ident(o) for o in firsts}) != len(firsts): err(f"cluster {c}: two non-repeat reports of one identity")
    if not 2 <= len(ids_) <= 4: err(f"cluster {c}: {len(ids_)} callers (need 2-4)")
    if len({grp_of(o) for o in ms}) != 1: err(f"cluster {c}: spans several stories")
    span = max(o["at"] for o in ms) - min(o["at"] for o in ms)
    if span > 2880: err(f"cluster {c}: spans {span} min > 48 h")
    cl_sizes[len(ids_)] += 1
    if any(o["label"]["repeatOf"] for o in ms): cl_with_repeat += 1

kinds = collections.Counter(o["kind"] for o in rows)
chan = collections.Counter(o["channel"] for o in rows)
addr = collections.Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows)
coords = collections.Counter(o.get("crs", "none") for o in rows)
rep_noaddr = sum(1 for o in repeats if not o.get("address"))
n_ids = len({ident(o) for o in rows})

need = [(len(rows) >= 330, f"lines {len(rows)} >= 330"),
        (len(repeats) >= 70, f"repeats {len(repeats)} >= 70"),
        (len(clusters) >= 15, f"incidents {len(clusters)} >= 15"),
        (cl_with_repeat >= 1, "some incident caller calls twice"),
        (addr["empty"] >= 1, "an empty address field"),
        (rep_noaddr >= 1, "repeats without address")]
for k in sorted(HARD_NEG | REPEAT_KINDS):
    need.append((kinds[k] >= 1, f"kind present: {k}"))
for ok, what in need:
    if not ok: err("count not met: " + what)

print(f"lines {len(rows)}  stories {len(groups)}  identities {n_ids}")
print(f"repeats {len(repeats)}  (without address or empty: {rep_noaddr}; channel switches: {kinds['repeat, channel switch']})")
print(f"incidents {len(clusters)}  by caller count {dict(sorted(cl_sizes.items()))}  with a caller calling twice {cl_with_repeat}  clustered lines {sum(len(v) for v in clusters.values())}")
print("kinds:", dict(kinds.most_common()))
print("channels:", dict(chan.most_common()))
print("address:", dict(addr))
print("coordinates:", dict(coords))
print("request types:", dict(collections.Counter(o["requestType"] for o in rows).most_common()))
if errors:
    print(f"\nFAIL: {len(errors)} problems")
    for e in errors[:50]: print("  ", e)
    sys.exit(1)
print("\nOK")
