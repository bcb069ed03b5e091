"""Validate heldout8.jsonl: format and label semantics. Uses heldout8.matters.json (hand-written matter tags)
only to cross-check the hand-written labels; it never writes labels."""
import json, re, sys, collections
errs = []
def E(msg): errs.append(msg)
import os
HERE = os.path.dirname(os.path.abspath(__file__))
rows = [json.loads(l) for l in open(sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "heldout8.jsonl"), encoding="utf-8")]
side = json.load(open(os.path.join(HERE, "heldout8.matters.json"), encoding="utf-8"))
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = ("same caller, different matter", "same caller, different procedure", "same place, different matter",
        "neighbouring building", "neighbouring crossing")
KINDS = set(HARD) | {"original", "singleton", "repeat", "repeat, other words", "repeat, address only in text",
                     "repeat, angry short", "repeat, channel switch", "cluster", "cluster, repeat"}
MOB = re.compile(r"^1[3-9]\d{9}$"); LAND = re.compile(r"^0\d{2,3}-[2-8]\d{6,7}$")
def ident(r):
    return r.get("phone") or r.get("openId") or r.get("email")
pos, byid = {}, {}
prev = -1
for i, r in enumerate(rows):
    rid = r.get("id", "?")
    if not re.fullmatch(r"h\d{3}-\d+", rid): E(f"{rid}: bad id")
    if rid in byid: E(f"{rid}: duplicate id")
    byid[rid] = r; pos[rid] = i
    if r["channel"] not in CH: E(f"{rid}: channel")
    if not isinstance(r["at"], int) or not 0 <= r["at"] <= 13400: E(f"{rid}: at range")
    if r["at"] < prev: E(f"{rid}: not sorted")
    prev = r["at"]
    keys = [k for k in ("phone", "openId", "email") if k in r]
    want = {"miniprogram": "openId", "email": "email"}.get(r["channel"], "phone")
    if keys != [want]: E(f"{rid}: identity field {keys} for {r['channel']}")
    v = ident(r)
    if want == "phone" and not (MOB.match(v) or LAND.match(v)): E(f"{rid}: phone format {v}")
    if want == "email" and "@" not in v: E(f"{rid}: email")
    if want == "openId" and not re.fullmatch(r"[A-Za-z0-9_-]{20,40}", v): E(f"{rid}: openId")
    if r["requestType"] not in RT: E(f"{rid}: requestType")
    if not isinstance(r.get("text"), str) or not r["text"]: E(f"{rid}: text")
    if "address" in r and not isinstance(r["address"], str): E(f"{rid}: address type")
    geo = [k in r for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): E(f"{rid}: partial coords")
    if all(geo):
        if r["crs"] not in ("wgs84", "gcj02", "bd09"): E(f"{rid}: crs")
        if not (44 < r["lat"] < 47 and 125 < r["lng"] < 129): E(f"{rid}: coords off city")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: E(f"{rid}: label keys")
    if r["kind"] not in KINDS: E(f"{rid}: kind {r['kind']}")
if rows[0]["at"] != 0 or rows[-1]["at"] != 13400: E("span is not 0..13400")
if set(side) != set(byid): E("sidecar ids differ")
# identity consistency: one person <-> one string
p2s = collections.defaultdict(set); s2p = collections.defaultdict(set)
for rid, r in byid.items():
    p2s[side[rid]["who"]].add(ident(r)); s2p[ident(r)].add(side[rid]["who"])
for p, s in p2s.items():
    if len(s) != 1: E(f"person {p} has strings {s}")
for s, p in s2p.items():
    if len(p) != 1: E(f"string {s} shared by {p}")
# repeats
chains = collections.defaultdict(list)  # (identity, matter) -> rows in order
for r in rows:
    chains[(ident(r), side[r["id"]]["matter"])].append(r)
for key, rs in chains.items():
    first = rs[0]
    if first["label"]["repeatOf"] is not None: E(f"{first['id']}: earliest of its matter but marked repeat")
    for r in rs[1:]:
        if r["label"]["repeatOf"] != first["id"]: E(f"{r['id']}: repeatOf {r['label']['repeatOf']} != earliest {first['id']}")
for r in rows:
    t = r["label"]["repeatOf"]
    if t is None: continue
    if t not in byid: E(f"{r['id']}: repeatOf unknown {t}"); continue
    T = byid[t]
    if pos[t] >= pos[r["id"]] or T["at"] >= r["at"]: E(f"{r['id']}: target not earlier")
    if ident(T) != ident(r): E(f"{r['id']}: target other identity")
    if T["label"]["repeatOf"] is not None: E(f"{r['id']}: points at a repeat")
# kinds vs labels
for r in rows:
    k, lab = r["kind"], r["label"]
    isrep = lab["repeatOf"] is not None; iscl = lab["cluster"] is not None
    if k in HARD or k in ("original", "singleton"):
        if isrep or iscl: E(f"{r['id']}: {k} must have null labels")
    if k.startswith("repeat") and (not isrep or iscl): E(f"{r['id']}: {k} labels")
    if k == "cluster" and (isrep or not iscl): E(f"{r['id']}: cluster labels")
    if k == "cluster, repeat" and not (isrep and iscl): E(f"{r['id']}: cluster repeat labels")
    if k.startswith("same caller"):
        me = side[r["id"]]
        earlier = [x for x in rows[:pos[r["id"]]] if ident(x) == ident(r)]
        if not earlier: E(f"{r['id']}: same caller but no earlier ticket of that caller")
        if any(side[x["id"]]["matter"] == me["matter"] for x in earlier): E(f"{r['id']}: same caller kind but same matter")
    if k == "repeat, address only in text" and r.get("address"): E(f"{r['id']}: has address")
    if k == "repeat, channel switch" and r["channel"] == byid[lab["repeatOf"]]["channel"]: E(f"{r['id']}: no switch")
    if k == "singleton" and sum(1 for x in rows if ident(x) == ident(r)) != 1: E(f"{r['id']}: singleton identity reused")
# clusters
cl = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"]: cl[r["label"]["cluster"]].append(r)
pairs = 0
for c, rs in cl.items():
    people = {ident(r) for r in rs}
    if not 2 <= len(people) <= 4: E(f"{c}: {len(people)} callers")
    news = [r for r in rs if r["label"]["repeatOf"] is None]
    if len(news) != len(people): E(f"{c}: each caller should have exactly one non-repeat ticket")
    if news[-1]["at"] - news[0]["at"] > 48 * 60: E(f"{c}: spread over 48h")
    for r in rs:
        t = r["label"]["repeatOf"]
        if t and byid[t]["label"]["cluster"] != c: E(f"{r['id']}: cluster repeat target outside cluster")
    pairs += len(rs) - 1
    if len({side[r['id']]['matter'] for r in rs}) != 1: E(f"{c}: mixed matters")
# a repeat's target in a cluster => repeat also carries it
for r in rows:
    t = r["label"]["repeatOf"]
    if t and byid[t]["label"]["cluster"] and r["label"]["cluster"] != byid[t]["label"]["cluster"]: E(f"{r['id']}: lost cluster")
kinds = collections.Counter(r["kind"] for r in rows)
nrep = sum(1 for r in rows if r["label"]["repeatOf"])
stats = {
    "lines": len(rows), "repeats": nrep, "incidents": len(cl), "cluster lines": sum(map(len, cl.values())),
    "cluster pairs (member, first report)": pairs,
    "cluster pairs (all unordered, different callers)": sum(1 for rs in cl.values() for i in range(len(rs)) for j in range(i) if ident(rs[i]) != ident(rs[j])),
    "cluster members that are repeats": sum(1 for rs in cl.values() for r in rs if r["label"]["repeatOf"]),
    "hard negatives": sum(kinds[k] for k in HARD),
    "no address field": sum(1 for r in rows if "address" not in r),
    "empty address field": sum(1 for r in rows if r.get("address") == ""),
    "with coordinates": sum(1 for r in rows if "crs" in r),
    "crs": dict(collections.Counter(r["crs"] for r in rows if "crs" in r)),
    "channels": dict(collections.Counter(r["channel"] for r in rows)),
    "requestType": dict(collections.Counter(r["requestType"] for r in rows)),
    "identities": len(s2p),
    "kinds": dict(sorted(kinds.items())),
}
if len(rows) < 330: E("fewer than 330 lines")
if nrep < 70: E("fewer than 70 repeats")
if len(cl) < 14: E("fewer than 14 incidents")
if stats["cluster members that are repeats"] == 0: E("no cluster repeat")
print(json.dumps(stats, ensure_ascii=False, indent=1))
if errs:
    print("\n".join(errs)); print(len(errs), "ERRORS"); sys.exit(1)
print("OK")
