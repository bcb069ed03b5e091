#!/usr/bin/env python3
"""Validate heldout21.jsonl against BRIEF.md format and label semantics; print counts."""
import json, re, sys, collections, os
P = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout21.jsonl")
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RT = {"consult", "help", "complaint", "report", "suggestion", "praise"}
HARD = ("same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing")
PHONE = re.compile(r"^(1[3-9]\d{9}|0755-8\d{7})$")
OPENID = re.compile(r"^o[0-9A-Za-z_-]{27}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
ID = re.compile(r"^h(\d{3})-(\d+)$")
errs = []
def err(m): errs.append(m)
rows = []
with open(P, encoding="utf-8") as f:
    for k, line in enumerate(f, 1):
        try: rows.append(json.loads(line))
        except Exception as e: err(f"line {k}: bad json {e}")
byid = {}; prev = -1; ident = {}; idkey = {}
for k, r in enumerate(rows, 1):
    i = r.get("id", "")
    if not ID.match(i): err(f"{k}: bad id {i}")
    if i in byid: err(f"{k}: dup id {i}")
    byid[i] = (k, r)
    at = r.get("at")
    if not isinstance(at, int) or not (0 <= at <= 13400): err(f"{i}: bad at {at}")
    elif at < prev: err(f"{i}: not ordered by at")
    else: prev = at
    ch = r.get("channel")
    if ch not in CH: err(f"{i}: bad channel {ch}")
    key = "openId" if ch == "miniprogram" else "email" if ch == "email" else "phone"
    others = {"phone", "openId", "email"} - {key}
    if key not in r: err(f"{i}: missing {key}")
    if any(o in r for o in others): err(f"{i}: extra identity field")
    v = r.get(key, "")
    if not {"phone": PHONE, "openId": OPENID, "email": EMAIL}[key].match(v): err(f"{i}: bad {key} {v}")
    if v in idkey and idkey[v] != key: err(f"{i}: identity {v} used as two kinds")
    idkey[v] = key; ident[i] = v
    if not isinstance(r.get("text"), str) or not r["text"].strip(): err(f"{i}: empty text")
    if r.get("requestType") not in RT: err(f"{i}: bad requestType")
    if "address" in r and not isinstance(r["address"], str): err(f"{i}: bad address")
    geo = [x in r for x in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{i}: partial coordinates")
    if all(geo):
        if r["crs"] not in ("wgs84", "gcj02"): err(f"{i}: bad crs")
        if not (isinstance(r["lat"], float) and isinstance(r["lng"], float)): err(f"{i}: bad lat/lng")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{i}: bad label"); continue
    if not isinstance(r.get("kind"), str) or not r["kind"]: err(f"{i}: no kind")
    allowed = {"id","channel","at","phone","openId","email","text","requestType","address","lat","lng","crs","label","kind"}
    if set(r) - allowed: err(f"{i}: unknown fields {set(r)-allowed}")
# labels
clusters = collections.defaultdict(list)
for i, (k, r) in byid.items():
    lab = r["label"]; rep = lab["repeatOf"]
    if r["kind"].startswith(HARD) and (rep or lab["cluster"]): err(f"{i}: hard negative with a label")
    if rep is not None:
        if rep not in byid: err(f"{i}: repeatOf unknown {rep}"); continue
        k2, o = byid[rep]
        if k2 >= k or o["at"] >= r["at"]: err(f"{i}: repeatOf {rep} not earlier")
        if ident[rep] != ident[i]: err(f"{i}: repeatOf {rep} different identity")
        if o["label"]["repeatOf"] is not None: err(f"{i}: repeatOf points at a repeat {rep}")
        if rep.split("-")[0] != i.split("-")[0]: err(f"{i}: repeatOf outside its group")
        if "repeat" not in r["kind"]: err(f"{i}: repeat with kind {r['kind']}")
    elif "repeat" in r["kind"] and not r["kind"].startswith(HARD): err(f"{i}: kind says repeat but no repeatOf")
    if lab["cluster"]: clusters[lab["cluster"]].append(i)
size = collections.Counter()
for c, mem in clusters.items():
    firsts = [m for m in mem if byid[m][1]["label"]["repeatOf"] is None]
    ids_ = [ident[m] for m in firsts]
    if len(set(ids_)) != len(ids_): err(f"{c}: two non-repeat members share an identity")
    n = len(set(ident[m] for m in mem))
    if not 2 <= n <= 4: err(f"{c}: {n} callers")
    for m in mem:
        rep = byid[m][1]["label"]["repeatOf"]
        if rep and byid[rep][1]["label"]["cluster"] != c: err(f"{m}: repeat in cluster whose original is not in it")
    ats = [byid[m][1]["at"] for m in firsts]
    if max(ats) - min(ats) > 2880: err(f"{c}: first reports span more than 48h")
    if len({m.split('-')[0] for m in mem}) != 1: err(f"{c}: spans groups")
    size[n] += 1
# counts
N = len(rows)
reps = sum(1 for r in rows if r["label"]["repeatOf"])
kinds = collections.Counter(r["kind"] for r in rows)
hard = collections.Counter(h for r in rows for h in HARD if r["kind"].startswith(h))
chan = collections.Counter(r["channel"] for r in rows)
addr = collections.Counter("absent" if "address" not in r else ("empty" if r["address"] == "" else "present") for r in rows)
coords = collections.Counter(r.get("crs", "none") for r in rows)
empty_web_rep = sum(1 for r in rows if r.get("address") == "" and r["channel"] == "web" and r["label"]["repeatOf"])
angry = sum(1 for r in rows if r["label"]["repeatOf"] and ("angry" in r["kind"] or "short" in r["kind"]))
switch = sum(1 for r in rows if r["label"]["repeatOf"] and byid[r["label"]["repeatOf"]][1]["channel"] != r["channel"])
noaddr_rep = sum(1 for r in rows if r["label"]["repeatOf"] and not r.get("address"))
clmem = sum(1 for r in rows if r["label"]["cluster"])
clrep = sum(1 for r in rows if r["label"]["cluster"] and r["label"]["repeatOf"])
if N < 330: err(f"only {N} lines")
if reps < 70: err(f"only {reps} repeats")
if len(clusters) < 15: err(f"only {len(clusters)} incidents")
for h in HARD:
    if hard[h] < 1: err(f"no hard negative of kind {h}")
if empty_web_rep < 2: err("fewer than 2 web repeats with empty address")
if clrep < 1: err("no incident caller calls twice")
if switch < 1 or angry < 1: err("missing channel switches or angry/short repeats")
print(f"lines {N}  repeats {reps}  incidents {len(clusters)}  cluster members {clmem} (of which repeats {clrep})")
print("clusters by number of callers:", dict(sorted(size.items())))
print("hard negatives:", dict(hard))
print("repeats: channel switch", switch, "| angry/short", angry, "| no/empty address", noaddr_rep, "| web with empty address", empty_web_rep)
print("channels:", dict(chan))
print("address:", dict(addr), " coordinates:", dict(coords))
print("identities:", len(set(ident.values())))
print("kinds:", dict(sorted(kinds.items(), key=lambda x: -x[1])))
if errs:
    print("FAIL"); [print("  ", e) for e in errs]; sys.exit(1)
print("OK")
