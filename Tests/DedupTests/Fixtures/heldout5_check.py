#!/usr/bin/env python3
"""Validate heldout5.jsonl against BRIEF.md's format and label rules, and print counts.

usage: python3 check.py [path/to/heldout5.jsonl]      (exit status 0 = valid)
"""
import collections, hashlib, itertools, json, os, re, sys

path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout5.jsonl")
SPAN = 13400
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
ID_FIELD = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone",
            "miniprogram": "openId", "email": "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
REPEAT_KINDS = {"repeat, other words", "repeat, empty address", "repeat, place only in text",
                "repeat, angry or short"}
INCIDENT_KINDS = {"incident", "incident, repeat"}
NEGATIVE_KINDS = {"same caller, different matter", "same place, different matter",
                  "neighbouring building", "neighbouring unit", "neighbouring door", "neighbouring crossing"}
PLAIN_KINDS = {"original", "singleton"}
KINDS = REPEAT_KINDS | INCIDENT_KINDS | NEGATIVE_KINDS | PLAIN_KINDS
CRS = {"wgs84", "gcj02", "bd09"}
RE_ID = re.compile(r"^h(\d{3})-(\d+)$")
RE_PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")
RE_OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
RE_EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
BBOX = (38.3, 39.2, 99.9, 100.9)   # lat min/max, lng min/max of the set's area (any crs)

errors = []


def err(msg):
    errors.append(msg)


raw = open(path, "rb").read()
recs = []
for n, line in enumerate(raw.decode("utf-8").splitlines(), 1):
    try:
        r = json.loads(line)
    except Exception as e:
        err(f"line {n}: not JSON: {e}")
        continue
    r["_line"] = n
    recs.append(r)

byid = {}
prev_at = -1
for r in recs:
    n = r["_line"]
    for k in ("id", "channel", "at", "text", "requestType", "label", "kind"):
        if k not in r:
            err(f"line {n}: missing {k}")
    rid = r.get("id")
    if not isinstance(rid, str) or not RE_ID.match(rid):
        err(f"line {n}: bad id {rid!r}")
    if rid in byid:
        err(f"line {n}: duplicate id {rid}")
    byid[rid] = r
    ch = r.get("channel")
    if ch not in CHANNELS:
        err(f"{rid}: bad channel {ch!r}")
        continue
    at = r.get("at")
    if not isinstance(at, int) or not 0 <= at <= SPAN:
        err(f"{rid}: at {at!r} outside 0..{SPAN}")
    elif at < prev_at:
        err(f"{rid}: not ordered by at")
    else:
        prev_at = at
    field = ID_FIELD[ch]
    for f in ("phone", "openId", "email"):
        if f != field and f in r:
            err(f"{rid}: {ch} line carries {f}")
    ident = r.get(field)
    rx = {"phone": RE_PHONE, "openId": RE_OPENID, "email": RE_EMAIL}[field]
    if not isinstance(ident, str) or not rx.match(ident):
        err(f"{rid}: bad {field} {ident!r}")
    r["_ident"] = (field, ident)
    if not isinstance(r.get("text"), str) or not r["text"].strip():
        err(f"{rid}: empty text")
    if r.get("requestType") not in RTYPES:
        err(f"{rid}: bad requestType {r.get('requestType')!r}")
    if "address" in r and not isinstance(r["address"], str):
        err(f"{rid}: address not a string")
    geo = [k in r for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo):
        err(f"{rid}: lat/lng/crs must come together")
    if all(geo):
        if r["crs"] not in CRS:
            err(f"{rid}: bad crs {r['crs']!r}")
        if not (BBOX[0] <= r["lat"] <= BBOX[1] and BBOX[2] <= r["lng"] <= BBOX[3]):
            err(f"{rid}: coordinates outside the area")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}:
        err(f"{rid}: label must have exactly repeatOf and cluster")
        r["label"] = {"repeatOf": None, "cluster": None}
    if r.get("kind") not in KINDS:
        err(f"{rid}: unknown kind {r.get('kind')!r}")


def group(rid):
    return rid.split("-")[0]


# ---- repeatOf rules
for r in recs:
    rid, kind = r["id"], r["kind"]
    rep, cl = r["label"]["repeatOf"], r["label"]["cluster"]
    if kind in REPEAT_KINDS or kind == "incident, repeat":
        if rep is None:
            err(f"{rid}: kind {kind!r} needs repeatOf")
    elif rep is not None:
        err(f"{rid}: kind {kind!r} must not have repeatOf")
    if kind in INCIDENT_KINDS and cl is None:
        err(f"{rid}: kind {kind!r} needs a cluster")
    if kind not in INCIDENT_KINDS and cl is not None:
        err(f"{rid}: kind {kind!r} must not have a cluster")
    if kind in NEGATIVE_KINDS and (rep is not None or cl is not None):
        err(f"{rid}: hard negative with a label")
    if rep is None:
        continue
    t = byid.get(rep)
    if t is None:
        err(f"{rid}: repeatOf {rep} does not exist")
        continue
    if t["label"]["repeatOf"] is not None:
        err(f"{rid}: repeatOf points at a repeat ({rep})")
    if t["_ident"] != r["_ident"]:
        err(f"{rid}: repeatOf {rep} has another identity")
    if not t["at"] < r["at"]:
        err(f"{rid}: repeatOf {rep} is not earlier")
    if group(rep) != group(rid):
        err(f"{rid}: repeatOf {rep} outside its scenario")
    if t["label"]["cluster"] != cl:
        err(f"{rid}: cluster {cl} differs from its original's {t['label']['cluster']}")

# earliest: every ticket of one identity about one matter (original + its repeats) -> original is earliest;
# and per identity, tickets that are not repeats are distinct matters: all but the first must be
# 'same caller, different matter' (no unlabeled second ticket of a caller).
by_ident = collections.defaultdict(list)
for r in recs:
    by_ident[r["_ident"]].append(r)
for ident, rs in by_ident.items():
    rs.sort(key=lambda r: r["at"])
    originals = [r for r in rs if r["label"]["repeatOf"] is None]
    for o in originals[1:]:
        if o["kind"] != "same caller, different matter":
            err(f"{o['id']}: second matter of one identity must be kind 'same caller, different matter'")
    for r in rs:
        if r["kind"] == "singleton" and len(rs) > 1:
            err(f"{r['id']}: singleton whose identity appears again")
        if r["kind"] == "same caller, different matter" and r is rs[0]:
            err(f"{r['id']}: 'same caller, different matter' without an earlier ticket of that caller")

# ---- clusters
clusters = collections.defaultdict(list)
for r in recs:
    if r["label"]["cluster"] is not None:
        clusters[r["label"]["cluster"]].append(r)
for c, rs in clusters.items():
    rs.sort(key=lambda r: r["at"])
    idents = {r["_ident"] for r in rs}
    if len(idents) < 2:
        err(f"cluster {c}: fewer than 2 identities")
    if rs[0]["label"]["repeatOf"] is not None:
        err(f"cluster {c}: first report is a repeat")
    if len({group(r["id"]) for r in rs}) != 1:
        err(f"cluster {c}: members from several scenarios")
    for r in rs:
        if r["label"]["repeatOf"] is None and r["at"] - rs[0]["at"] > 48 * 60:
            err(f"cluster {c}: {r['id']} first reported more than 48 h after the incident's first report")
    if len({r["label"]["cluster"] for r in rs}) != 1:
        err(f"cluster {c}: inconsistent")
# a scenario holds at most one incident
g2c = collections.defaultdict(set)
for c, rs in clusters.items():
    for r in rs:
        g2c[group(r["id"])].add(c)
for g, cs in g2c.items():
    if len(cs) > 1:
        err(f"scenario {g}: several clusters")

# ---- report
def table(title, counter):
    print(title)
    for k, v in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
        print(f"  {v:4d}  {k}")

print(f"file: {path}")
print(f"lines: {len(recs)}   scenarios: {len({group(r['id']) for r in recs})}   "
      f"identities: {len(by_ident)}   span: {recs[0]['at'] if recs else 0}..{recs[-1]['at'] if recs else 0} min")
table("per kind:", collections.Counter(r["kind"] for r in recs))
table("per channel:", collections.Counter(r["channel"] for r in recs))
table("per requestType:", collections.Counter(r["requestType"] for r in recs))
addr = collections.Counter("absent" if "address" not in r else ("empty" if r["address"] == "" else "present") for r in recs)
table("address field:", addr)
table("coordinates:", collections.Counter(r.get("crs", "none") for r in recs))
rep_pairs = sum(1 for r in recs if r["label"]["repeatOf"] is not None)
chan_switch = sum(1 for r in recs if r["label"]["repeatOf"] and byid[r["label"]["repeatOf"]]["channel"] != r["channel"])
sizes = collections.Counter(len({x["_ident"] for x in rs}) for rs in clusters.values())
cl_pairs = sum(len(rs) * (len(rs) - 1) // 2 for rs in clusters.values())
cl_links = sum(len(rs) - 1 for rs in clusters.values())
cross_pairs = sum(1 for rs in clusters.values() for a, b in itertools.combinations(rs, 2) if a["_ident"] != b["_ident"])
print(f"repeat pairs (lines with repeatOf): {rep_pairs}  (channel switched: {chan_switch}; "
      f"also in a cluster: {sum(1 for r in recs if r['label']['repeatOf'] and r['label']['cluster'])})")
print(f"clusters: {len(clusters)}  by number of callers: {dict(sorted(sizes.items()))}  members: {sum(len(v) for v in clusters.values())}")
print(f"cluster pairs (unordered member pairs): {cl_pairs}  (of different callers: {cross_pairs}; member->first-report links: {cl_links})")
print(f"hard negatives: {sum(1 for r in recs if r['kind'] in NEGATIVE_KINDS)}")
print(f"sha256: {hashlib.sha256(raw).hexdigest()}")
if errors:
    print(f"\nINVALID: {len(errors)} problem(s)")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nOK: format and label rules hold")
