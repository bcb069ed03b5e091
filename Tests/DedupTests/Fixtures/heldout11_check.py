#!/usr/bin/env python3
"""Checker for heldout11.jsonl: format and label semantics. Usage: check.py [path]"""
import json, re, sys, os
from collections import Counter, defaultdict
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout11.jsonl")
errs = []
def E(msg): errs.append(msg)
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RT = {"consult", "help", "complaint", "report", "suggestion", "praise"}
IDF = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}
HN = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing"}
NULLKINDS = HN | {"original", "singleton", "near-miss, different place", "consultation, different procedure"}
REPKINDS = {"repeat", "repeat, other words", "repeat, angry short", "repeat, address only in text"}
INCKINDS = {"incident", "incident, repeat"}
ALLKINDS = NULLKINDS | REPKINDS | INCKINDS
MOB = re.compile(r"^1[3-9]\d{9}$"); LAND = re.compile(r"^0\d{2,3}-\d{7,8}$")
rows = []
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line.strip():
            E("line %d empty" % i); continue
        try: o = json.loads(line)
        except Exception as e: E("line %d: bad json %s" % (i, e)); continue
        rows.append(o)
byid = {}
prev = -1
for i, o in enumerate(rows):
    rid = o.get("id")
    if not isinstance(rid, str) or not re.match(r"^h\d+-\d+$", rid): E("bad id %r" % rid)
    if rid in byid: E("duplicate id %s" % rid)
    byid[rid] = (i, o)
    ch = o.get("channel")
    if ch not in CH: E("%s: bad channel %r" % (rid, ch)); continue
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= 13400: E("%s: bad at %r" % (rid, at))
    elif at < prev: E("%s: not sorted by at" % rid)
    else: prev = at
    idf = IDF[ch]
    present = [k for k in ("phone", "openId", "email") if k in o]
    if present != [idf]: E("%s: identity fields %s, expected %s" % (rid, present, idf))
    v = o.get(idf)
    if idf == "phone" and not (isinstance(v, str) and (MOB.match(v) or LAND.match(v))): E("%s: bad phone %r" % (rid, v))
    if ch == "sms" and isinstance(v, str) and not MOB.match(v): E("%s: sms from non-mobile" % rid)
    if idf == "openId" and not (isinstance(v, str) and re.match(r"^o[A-Za-z0-9_-]{20,40}$", v)): E("%s: bad openId" % rid)
    if idf == "email" and not (isinstance(v, str) and re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", v)): E("%s: bad email" % rid)
    o["_ident"] = (idf, v)
    if not isinstance(o.get("text"), str) or not o["text"].strip(): E("%s: empty text" % rid)
    if o.get("requestType") not in RT: E("%s: bad requestType" % rid)
    if "address" in o and not isinstance(o["address"], str): E("%s: address not a string" % rid)
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): E("%s: partial coordinates" % rid)
    if all(geo):
        if o["crs"] not in ("wgs84", "gcj02", "bd09"): E("%s: bad crs" % rid)
        if not (30 < o["lat"] < 33 and 119 < o["lng"] < 122): E("%s: coordinates outside the city" % rid)
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: E("%s: bad label" % rid); o["label"] = {"repeatOf": None, "cluster": None}
    k = o.get("kind")
    if k not in ALLKINDS: E("%s: unknown kind %r" % (rid, k))
# label semantics
for i, o in enumerate(rows):
    rid, lab, k = o["id"], o["label"], o.get("kind")
    r, c = lab["repeatOf"], lab["cluster"]
    if k in NULLKINDS and (r or c): E("%s: kind %r must have null labels" % (rid, k))
    if k in REPKINDS and not r: E("%s: kind %r without repeatOf" % (rid, k))
    if k == "incident" and (r or not c): E("%s: incident must have cluster and no repeatOf" % rid)
    if k == "incident, repeat" and not (r and c): E("%s: incident repeat needs both labels" % rid)
    if r:
        if r not in byid: E("%s: repeatOf %s missing" % (rid, r)); continue
        j, t = byid[r]
        if j >= i or t["at"] > o["at"]: E("%s: repeatOf %s is not earlier" % (rid, r))
        if t["_ident"] != o["_ident"]: E("%s: repeatOf %s has another identity" % (rid, r))
        if t["label"]["repeatOf"]: E("%s: repeatOf %s points at a repeat" % (rid, r))
        if r.split("-")[0] != rid.split("-")[0]: E("%s: repeatOf %s in another scenario group" % (rid, r))
        tc = t["label"]["cluster"]
        if c and tc and tc != c: E("%s: repeat in cluster %s but original in %s" % (rid, c, tc))
        if c and not tc: E("%s: repeat carries cluster %s but its original does not" % (rid, c))
# earliest: no line of the same identity, same group, earlier than the target, pointed to by nothing and kind original-like is fine;
# but a repeat's target must be the first line of its own chain
chains = defaultdict(list)
for o in rows:
    if o["label"]["repeatOf"]: chains[o["label"]["repeatOf"]].append(o)
for tid, lst in chains.items():
    t = byid[tid][1]
    for o in lst:
        if o["at"] < t["at"]: E("%s: earlier than its original %s" % (o["id"], tid))
clusters = defaultdict(list)
for o in rows:
    if o["label"]["cluster"]: clusters[o["label"]["cluster"]].append(o)
pairs = 0
for cname, mem in clusters.items():
    idents = Counter(m["_ident"] for m in mem)
    if not 2 <= len(idents) <= 4: E("cluster %s: %d distinct callers" % (cname, len(idents)))
    firsts = [m for m in mem if not m["label"]["repeatOf"]]
    fc = Counter(m["_ident"] for m in firsts)
    for idn, n in fc.items():
        if n != 1: E("cluster %s: caller %s has %d non-repeat reports (should be a repeat)" % (cname, idn[1], n))
    if mem[0]["label"]["repeatOf"]: E("cluster %s: first member is a repeat" % cname)
    span = max(m["at"] for m in firsts) - min(m["at"] for m in firsts)
    if span > 2880: E("cluster %s: new callers spread over %d min (> 48 h)" % (cname, span))
    pairs += len(mem) - 1
# counts
n = len(rows); reps = sum(1 for o in rows if o["label"]["repeatOf"])
kinds = Counter(o["kind"] for o in rows)
noaddr = sum(1 for o in rows if "address" not in o); emptyaddr = sum(1 for o in rows if o.get("address") == "")
ats = [o["at"] for o in rows]
if n < 330: E("only %d lines" % n)
if reps < 70: E("only %d repeats" % reps)
if len(clusters) < 15: E("only %d incidents" % len(clusters))
if ats and (min(ats) != 0 or max(ats) != 13400): E("at does not span 0..13400")
for hk in HN: 
    if kinds[hk] < 4: E("too few %r: %d" % (hk, kinds[hk]))
if kinds["near-miss, different place"] < 5: E("too few near-misses")
for ch in CH:
    if not any(o["channel"] == ch for o in rows): E("channel %s missing" % ch)
for crs in ("wgs84", "gcj02", "bd09"):
    if not any(o.get("crs") == crs for o in rows): E("crs %s missing" % crs)
both = sum(1 for o in rows if o["label"]["repeatOf"] and o["label"]["cluster"])
print("lines %d, repeats %d, incidents %d, cluster members %d, cluster pairs (member, first report) %d, repeat+cluster %d"
      % (n, reps, len(clusters), sum(len(m) for m in clusters.values()), pairs, both))
print("callers per incident:", dict(sorted(Counter(len(set(m["_ident"] for m in v)) for v in clusters.values()).items())))
print("kinds:", dict(kinds))
print("no address field %d, empty address %d, with coordinates %d (%s)" % (noaddr, emptyaddr, sum(1 for o in rows if "crs" in o), dict(Counter(o["crs"] for o in rows if "crs" in o))))
print("channels:", dict(Counter(o["channel"] for o in rows)))
print("identities:", len(set(o["_ident"] for o in rows)))
if errs:
    print("FAIL (%d)" % len(errs)); [print("  " + e) for e in errs]; sys.exit(1)
print("OK")
