#!/usr/bin/env python3
"""Checks heldout6.jsonl against BRIEF.md: format, label rules, counts. Exit 1 on any error."""
import collections, hashlib, json, re, sys, os, itertools

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout6.jsonl")
SPAN = 13400
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
REPEAT_KINDS = {"repeat, other words", "repeat, empty address", "repeat, angry/short", "repeat, other channel"}
HARD_NEG = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing"}
KINDS = REPEAT_KINDS | HARD_NEG | {"original", "singleton", "incident", "incident, repeat"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
ID = re.compile(r"^h(\d{3})-(\d+)$")
KEYS = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"}

errors = []
def err(msg): errors.append(msg)

raw = open(PATH, "rb").read()
rows = [json.loads(l) for l in raw.decode("utf-8").splitlines() if l.strip()]
by_id = {}
prev_at = -1
for i, o in enumerate(rows, 1):
    oid = o.get("id")
    if not isinstance(oid, str) or not ID.match(oid): err(f"line {i}: bad id {oid!r}")
    if oid in by_id: err(f"line {i}: duplicate id {oid}")
    by_id[oid] = o
    extra = set(o) - KEYS
    if extra: err(f"{oid}: unknown keys {extra}")
    if o.get("channel") not in CHANNELS: err(f"{oid}: bad channel")
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN: err(f"{oid}: bad at {at}")
    elif at < prev_at: err(f"{oid}: not sorted by at")
    else: prev_at = at
    ch = o.get("channel")
    idf = {"phone", "openId", "email"} & set(o)
    want = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}.get(ch)
    if idf != {want}: err(f"{oid}: identity fields {idf}, want {want}")
    elif want == "phone" and not (MOBILE.match(o["phone"]) or LANDLINE.match(o["phone"])): err(f"{oid}: bad phone {o['phone']}")
    elif want == "openId" and not OPENID.match(o["openId"]): err(f"{oid}: bad openId")
    elif want == "email" and not EMAIL.match(o["email"]): err(f"{oid}: bad email")
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{oid}: empty text")
    if o.get("requestType") not in RTYPES: err(f"{oid}: bad requestType")
    if "address" in o and not isinstance(o["address"], str): err(f"{oid}: address not a string")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{oid}: partial coordinates")
    if all(geo):
        if o["crs"] not in {"wgs84", "gcj02", "bd09"}: err(f"{oid}: bad crs")
        if not (3 < o["lat"] < 54 and 73 < o["lng"] < 136): err(f"{oid}: coordinates outside China")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{oid}: bad label"); continue
    if o.get("kind") not in KINDS: err(f"{oid}: unknown kind {o.get('kind')!r}")

def ident(o):
    return o.get("phone") or o.get("openId") or o.get("email")

# ---- label rules
targets = collections.defaultdict(list)
for oid, o in by_id.items():
    rep, clu, kind = o["label"]["repeatOf"], o["label"]["cluster"], o["kind"]
    if kind in HARD_NEG and (rep or clu): err(f"{oid}: hard negative ({kind}) with a label")
    if kind in ("original", "singleton") and (rep or clu): err(f"{oid}: {kind} with a label")
    if kind in REPEAT_KINDS and (not rep or clu): err(f"{oid}: {kind} needs repeatOf and no cluster")
    if kind == "incident" and (rep or not clu): err(f"{oid}: incident needs cluster and no repeatOf")
    if kind == "incident, repeat" and not (rep and clu): err(f"{oid}: incident repeat needs both labels")
    if rep:
        t = by_id.get(rep)
        if t is None: err(f"{oid}: repeatOf {rep} not found"); continue
        if t["label"]["repeatOf"]: err(f"{oid}: repeatOf points at a repeat {rep}")
        if ident(t) != ident(o): err(f"{oid}: repeatOf {rep} has another identity")
        if t["at"] >= o["at"]: err(f"{oid}: repeatOf {rep} is not earlier")
        if clu and t["label"]["cluster"] != clu: err(f"{oid}: repeat in cluster {clu} but original in {t['label']['cluster']}")
        if ID.match(oid).group(1) != ID.match(rep).group(1): err(f"{oid}: repeat of another scenario group")
        targets[rep].append(oid)
for t, reps in targets.items():
    ot = by_id[t]
    if ot["kind"] not in ("original", "incident"): err(f"{t}: repeated ticket has kind {ot['kind']}")

# same identity within one scenario group: a later same-matter ticket must point at the first
for oid, o in by_id.items():
    if o["kind"] == "original" and oid not in targets:
        g = ID.match(oid).group(1)
        others = [x for x in by_id.values() if ID.match(x["id"]).group(1) == g and x["id"] != oid]
        if not others: err(f"{oid}: original without a follow-up in its group")

clusters = collections.defaultdict(list)
for o in by_id.values():
    if o["label"]["cluster"]: clusters[o["label"]["cluster"]].append(o)
for c, mem in clusters.items():
    ids_ = {ident(m) for m in mem}
    if len(ids_) < 2: err(f"cluster {c}: fewer than 2 identities")
    if len(ids_) > 4: err(f"cluster {c}: more than 4 callers")
    ats = [m["at"] for m in mem]
    if max(ats) - min(ats) > 48 * 60: err(f"cluster {c}: spans more than 48 h")
    if len({ID.match(m['id']).group(1) for m in mem}) != 1: err(f"cluster {c}: spans scenario groups")
    per = collections.defaultdict(list)
    for m in mem: per[ident(m)].append(m)
    for who, ms in per.items():
        ms.sort(key=lambda m: m["at"])
        if ms[0]["label"]["repeatOf"]: err(f"cluster {c}: first report of a caller is marked repeat ({ms[0]['id']})")
        for m in ms[1:]:
            if m["label"]["repeatOf"] != ms[0]["id"]: err(f"cluster {c}: {m['id']} should be repeatOf {ms[0]['id']}")

# ---- counts
kinds = collections.Counter(o["kind"] for o in rows)
chans = collections.Counter(o["channel"] for o in rows)
no_addr = sum(1 for o in rows if "address" not in o)
empty_addr = sum(1 for o in rows if o.get("address") == "")
coords = collections.Counter(o["crs"] for o in rows if "crs" in o)
repeat_pairs = sum(1 for o in rows if o["label"]["repeatOf"])
member_pairs = sum(len(m) * (len(m) - 1) // 2 for m in clusters.values())
cross_pairs = sum(1 for m in clusters.values() for a, b in itertools.combinations(m, 2) if ident(a) != ident(b))
identities = len({ident(o) for o in rows})

print(f"file: {PATH}")
print(f"lines: {len(rows)}   identities: {identities}   sha256: {hashlib.sha256(raw).hexdigest()}")
print("kinds:")
for k in sorted(KINDS): print(f"  {k:32s} {kinds.get(k, 0)}")
print("channels:", ", ".join(f"{c} {chans.get(c, 0)}" for c in sorted(CHANNELS)))
print(f"address: absent {no_addr}, empty {empty_addr}, present {len(rows) - no_addr - empty_addr}; coordinates: {dict(coords)}")
print(f"repeat pairs (repeatOf set): {repeat_pairs}   repeated originals: {len(targets)}")
print(f"clusters: {len(clusters)}   sizes: {sorted(len(m) for m in clusters.values())}")
print(f"cluster pairs: {member_pairs} member pairs, {cross_pairs} between different callers")
print(f"hard negatives: {sum(kinds[k] for k in HARD_NEG)}")
if len(rows) < 300: err("fewer than 300 submissions")
for k in KINDS:
    if kinds.get(k, 0) == 0: err(f"no line of kind {k}")
if errors:
    print(f"ERRORS ({len(errors)}):"); [print("  " + e) for e in errors]; sys.exit(1)
print("OK")
