#!/usr/bin/env python3
"""Checker for heldout12.jsonl: format and label semantics. Usage: check.py [path]"""
import json, re, sys, collections

path = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/heldout12.jsonl"
errs = []
def err(m): errs.append(m)

CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = ("same caller,", "same place, different matter", "neighbouring building", "neighbouring crossing", "same problem, different place")
MOBILE = re.compile(r"^1[3-9]\d{9}$"); LANDLINE = re.compile(r"^0\d{2,3}-[2-9]\d{6,7}$")
OPENID = re.compile(r"^o[0-9A-Za-z_-]{27}$"); EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
CRS_BOX = {"wgs84": (35.5, 36.0, 114.0, 114.6), "gcj02": (35.5, 36.0, 114.0, 114.6), "bd09": (35.5, 36.0, 114.0, 114.6)}

rows = []
with open(path, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err(f"line {i}: bad json {e}")

byid = {}
prev_at = -1
for i, r in enumerate(rows, 1):
    rid = r.get("id", "")
    if not re.fullmatch(r"h\d{3}-\d+", rid): err(f"{i}: bad id {rid}")
    if rid in byid: err(f"{i}: duplicate id {rid}")
    byid[rid] = r
    at = r.get("at")
    if not isinstance(at, int) or not 0 <= at <= 13400: err(f"{rid}: at out of range {at}")
    if at < prev_at: err(f"{rid}: not sorted by at")
    prev_at = at
    ch = r.get("channel")
    if ch not in CHANNELS: err(f"{rid}: channel {ch}")
    need = {"miniprogram": "openId", "email": "email"}.get(ch, "phone")
    keys = [k for k in ("phone", "openId", "email") if k in r]
    if keys != [need]: err(f"{rid}: identity fields {keys}, expected {need}")
    v = r.get(need, "")
    ok = {"phone": lambda s: MOBILE.match(s) or LANDLINE.match(s), "openId": OPENID.match, "email": EMAIL.match}[need](v)
    if not ok: err(f"{rid}: bad identity {v!r}")
    if ch == "sms" and not MOBILE.match(v): err(f"{rid}: sms from a non-mobile {v}")
    if r.get("requestType") not in RTYPES: err(f"{rid}: requestType {r.get('requestType')}")
    if not isinstance(r.get("text"), str) or not r["text"].strip(): err(f"{rid}: empty text")
    if "address" in r and not isinstance(r["address"], str): err(f"{rid}: address not a string")
    geo = [k in r for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{rid}: partial coordinates")
    if all(geo):
        lo = CRS_BOX.get(r["crs"])
        if not lo: err(f"{rid}: crs {r['crs']}")
        elif not (lo[0] < r["lat"] < lo[1] and lo[2] < r["lng"] < lo[3]): err(f"{rid}: coordinates outside the city")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{rid}: bad label {lab}")
    if not isinstance(r.get("kind"), str): err(f"{rid}: kind missing")

def ident(r):
    for k in ("phone", "openId", "email"):
        if k in r: return (k, r[k])
def group(rid): return rid.split("-")[0]

# repeats
for r in rows:
    rep = r["label"]["repeatOf"]; rid = r["id"]
    if r["kind"].startswith(HARD) and (rep or r["label"]["cluster"]):
        err(f"{rid}: hard negative '{r['kind']}' carries a label")
    if rep is None:
        if "repeat" in r["kind"]: err(f"{rid}: kind says repeat but repeatOf is null")
        continue
    if "repeat" not in r["kind"]: err(f"{rid}: repeatOf set but kind is {r['kind']}")
    t = byid.get(rep)
    if t is None: err(f"{rid}: repeatOf {rep} missing"); continue
    if t["at"] >= r["at"]: err(f"{rid}: repeatOf {rep} is not earlier")
    if ident(t) != ident(r): err(f"{rid}: repeatOf {rep} has another identity")
    if t["label"]["repeatOf"] is not None: err(f"{rid}: points at a repeat {rep}")
    if group(t["id"]) != group(rid): err(f"{rid}: repeat of another scenario {rep}")
    # earliest: no earlier line of the same identity in the scenario, unless the original is itself a second matter
    earlier = [x for x in rows if group(x["id"]) == group(rid) and ident(x) == ident(r) and x["at"] < t["at"]]
    if earlier and not t["kind"].startswith("same caller,"):
        err(f"{rid}: {rep} is not the earliest ticket of this identity in its scenario ({[x['id'] for x in earlier]})")
    if t["label"]["cluster"] != r["label"]["cluster"]:
        err(f"{rid}: repeat and original differ in cluster ({t['label']['cluster']} vs {r['label']['cluster']})")

# clusters
cl = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"]: cl[r["label"]["cluster"]].append(r)
pairs = 0
for name, ms in cl.items():
    idents = {ident(m) for m in ms}
    if not 2 <= len(idents) <= 4: err(f"cluster {name}: {len(idents)} distinct callers")
    if len({group(m["id"]) for m in ms}) != 1: err(f"cluster {name}: spans scenarios")
    span = max(m["at"] for m in ms) - min(m["at"] for m in ms)
    if span > 48 * 60: err(f"cluster {name}: spans {span/60:.1f} h")
    n = len(ms); pairs += n * (n - 1) // 2
# one caller's same-matter lines that are not linked: within a cluster, a caller's later lines must be repeats
for name, ms in cl.items():
    first = {}
    for m in sorted(ms, key=lambda x: x["at"]):
        k = ident(m)
        if k in first and m["label"]["repeatOf"] != first[k]["id"]: err(f"{m['id']}: second report of {name} by the same caller not a repeat of {first[k]['id']}")
        first.setdefault(k, m)

# counts
N = len(rows)
reps = sum(1 for r in rows if r["label"]["repeatOf"])
kinds = collections.Counter(r["kind"] for r in rows)
hard = collections.Counter()
for r in rows:
    for h in HARD:
        if r["kind"].startswith(h): hard[r["kind"]] += 1
noaddr = sum(1 for r in rows if "address" not in r)
emptyaddr = sum(1 for r in rows if r.get("address") == "")
geo = collections.Counter(r["crs"] for r in rows if "crs" in r)
chans = collections.Counter(r["channel"] for r in rows)
both = sum(1 for r in rows if r["label"]["repeatOf"] and r["label"]["cluster"])
if N < 330: err(f"only {N} lines")
if reps < 70: err(f"only {reps} repeats")
if len(cl) < 15: err(f"only {len(cl)} incidents")
if rows and (rows[0]["at"] != 0 or rows[-1]["at"] != 13400): err(f"span {rows[0]['at']}..{rows[-1]['at']}")
if not any(r["kind"] == "same problem, different place" for r in rows): err("no near-miss non-incidents")

print(f"lines {N}, repeats {reps} (of which in a cluster {both}), incidents {len(cl)}, cluster lines {sum(len(v) for v in cl.values())}, cluster pairs {pairs}")
print(f"no address field {noaddr}, empty address {emptyaddr}, with coordinates {sum(geo.values())} {dict(geo)}")
print("channels", dict(chans))
print("request types", dict(collections.Counter(r['requestType'] for r in rows)))
print("hard negatives", dict(hard), "total", sum(hard.values()))
print("kinds", dict(kinds))
print("identities", len({ident(r) for r in rows}))
if errs:
    print(f"\n{len(errs)} ERRORS"); [print(" ", e) for e in errs[:60]]; sys.exit(1)
print("OK")
