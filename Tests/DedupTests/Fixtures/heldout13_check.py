#!/usr/bin/env python3
"""Validate heldout13.jsonl: format and every label invariant of BRIEF.md."""
import json, re, sys, collections, os
F = os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout13.jsonl")
SPAN = 13400
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
IDF = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing"}
REPK = {"repeat", "repeat, other words", "repeat, place only in text", "repeat, angry short", "incident, repeat"}
KINDS = HARD | REPK | {"original", "incident"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-[2-9]\d{6,7})$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
EMAIL = re.compile(r"^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")
ID = re.compile(r"^h(\d{3})-(\d+)$")
errs = []
def err(m): errs.append(m)

rows = [json.loads(l) for l in open(F, encoding="utf-8") if l.strip()]
byid = {}
prev = -1
for i, r in enumerate(rows):
    rid = r.get("id")
    if not isinstance(rid, str) or not ID.match(rid): err(f"line {i}: bad id {rid}"); continue
    if rid in byid: err(f"{rid}: duplicate id")
    byid[rid] = r
    allowed = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"}
    extra = set(r) - allowed
    if extra: err(f"{rid}: unknown fields {extra}")
    ch = r.get("channel")
    if ch not in CHANNELS: err(f"{rid}: channel {ch}")
    at = r.get("at")
    if not isinstance(at, int) or isinstance(at, bool) or not (0 <= at <= SPAN): err(f"{rid}: at {at} out of range")
    elif at < prev: err(f"{rid}: not ordered by at")
    else: prev = at
    f = IDF.get(ch)
    for k in ("phone", "openId", "email"):
        if k == f:
            v = r.get(k)
            pat = {"phone": PHONE, "openId": OPENID, "email": EMAIL}[k]
            if not isinstance(v, str) or not pat.match(v): err(f"{rid}: bad {k} {v!r}")
        elif k in r: err(f"{rid}: channel {ch} must not carry {k}")
    if not isinstance(r.get("text"), str) or not r["text"].strip(): err(f"{rid}: empty text")
    if r.get("requestType") not in RT: err(f"{rid}: requestType {r.get('requestType')}")
    if "address" in r and not isinstance(r["address"], str): err(f"{rid}: address not a string")
    geo = [k in r for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{rid}: lat/lng/crs must come together")
    if all(geo):
        if r["crs"] not in ("wgs84", "gcj02"): err(f"{rid}: crs {r['crs']}")
        if not (isinstance(r["lat"], float) and isinstance(r["lng"], float) and 3 < r["lat"] < 54 and 73 < r["lng"] < 136):
            err(f"{rid}: coordinates")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{rid}: label shape"); continue
    if r.get("kind") not in KINDS: err(f"{rid}: kind {r.get('kind')}")

def ident(r): return r.get(IDF.get(r.get("channel"), "phone"))
def grp(rid): return ID.match(rid).group(1)

# repeats
groups = collections.defaultdict(list)
for r in rows: groups[grp(r["id"])].append(r)
for r in rows:
    rid, lab, kind = r["id"], r["label"], r["kind"]
    rep, clu = lab["repeatOf"], lab["cluster"]
    if kind in HARD and (rep is not None or clu is not None): err(f"{rid}: hard negative with a label")
    if (rep is not None) != (kind in REPK): err(f"{rid}: kind {kind} vs repeatOf {rep}")
    if (clu is not None) != (kind in ("incident", "incident, repeat")): err(f"{rid}: kind {kind} vs cluster {clu}")
    if rep is not None:
        t = byid.get(rep)
        if t is None: err(f"{rid}: repeatOf {rep} missing"); continue
        if grp(rep) != grp(rid): err(f"{rid}: repeatOf other scenario")
        if ident(t) != ident(r): err(f"{rid}: repeatOf other identity")
        if not t["at"] < r["at"]: err(f"{rid}: repeatOf not earlier")
        if t["label"]["repeatOf"] is not None: err(f"{rid}: repeatOf points at a repeat")
        first = min((x for x in groups[grp(rid)] if ident(x) == ident(r)), key=lambda x: (x["at"], rows.index(x)))
        if first["id"] != rep: err(f"{rid}: repeatOf {rep} is not the earliest line of this identity ({first['id']})")
        if clu is not None and t["label"]["cluster"] != clu: err(f"{rid}: repeat in cluster {clu}, original in {t['label']['cluster']}")
# a later line of an identity in its scenario is either a repeat or a declared different matter
for g, rs in groups.items():
    firsts = {}
    for r in sorted(rs, key=lambda x: x["at"]):
        k = ident(r)
        if k in firsts and r["label"]["repeatOf"] is None and r["kind"] != "same caller, different matter":
            err(f"{r['id']}: second line of an identity is neither a repeat nor a same-caller hard negative")
        firsts.setdefault(k, r)
# identities do not cross scenarios (keeps repeatOf well-defined within one scenario)
owner = {}
for r in rows:
    k = ident(r)
    if owner.setdefault(k, grp(r["id"])) != grp(r["id"]): err(f"{r['id']}: identity reused across scenarios")
# clusters
cl = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"] is not None: cl[r["label"]["cluster"]].append(r)
for c, rs in cl.items():
    gs = {grp(r["id"]) for r in rs}
    if len(gs) != 1: err(f"cluster {c}: spans scenarios {gs}")
    ids = {ident(r) for r in rs}
    if not 2 <= len(ids) <= 4: err(f"cluster {c}: {len(ids)} identities")
    start = min(r["at"] for r in rs)
    for r in rs:
        if r["label"]["repeatOf"] is None and r["at"] - start > 2880: err(f"{r['id']}: first report over 48 h after cluster start")
    # every first report of each identity in the scenario that is about the incident carries it
# totals
nrep = sum(1 for r in rows if r["label"]["repeatOf"])
if len(rows) < 330: err(f"only {len(rows)} lines")
if nrep < 70: err(f"only {nrep} repeats")
if len(cl) < 15: err(f"only {len(cl)} incidents")
for k in HARD:
    if not any(r["kind"] == k for r in rows): err(f"no hard negative of kind {k}")
if not any(r["label"]["repeatOf"] and r.get("address") == "" for r in rows): err("no repeat with empty address")
if not any(r["label"]["repeatOf"] and r["label"]["cluster"] for r in rows): err("no incident member that calls twice")
if errs:
    print("\n".join(errs)); print(f"FAIL: {len(errs)} problems"); sys.exit(1)
C = collections.Counter
print(f"OK: {len(rows)} lines, {nrep} repeats, {len(cl)} incidents")
print("kinds:", dict(C(r["kind"] for r in rows)))
print("channels:", dict(C(r["channel"] for r in rows)))
print("no address field:", sum(1 for r in rows if "address" not in r), "| empty address:", sum(1 for r in rows if r.get("address") == ""),
      "| with coordinates:", sum(1 for r in rows if "lat" in r), dict(C(r["crs"] for r in rows if "crs" in r)))
print("incident sizes:", dict(C(len({ident(r) for r in rs}) for rs in cl.values())),
      "| incidents with a caller calling twice:", sum(1 for rs in cl.values() if any(r["label"]["repeatOf"] for r in rs)))
