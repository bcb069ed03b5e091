"""Validate heldout15.jsonl: format and every label invariant of BRIEF.md. Exit 1 on any error."""
import json, re, sys, collections, os

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout15.jsonl")
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
IDF = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing"}
REPEAT_KINDS = {"repeat", "repeat, other words", "repeat, no address", "repeat, angry", "repeat, channel switch", "incident repeat"}
KINDS = HARD | REPEAT_KINDS | {"original", "incident"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{20,40}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}$")
ALLOWED = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address", "lat", "lng", "crs", "label", "kind"}
errs = []


def err(i, msg):
    errs.append("line %d: %s" % (i, msg))


rows = []
with open(PATH, encoding="utf-8") as f:
    for i, raw in enumerate(f, 1):
        try:
            r = json.loads(raw)
        except Exception as e:
            err(i, "bad json %s" % e); continue
        rows.append((i, r))

ids, prev_at = {}, -1
for i, r in rows:
    if not isinstance(r, dict):
        err(i, "not an object"); continue
    extra = set(r) - ALLOWED
    if extra: err(i, "unknown keys %s" % extra)
    for k in ("id", "channel", "at", "text", "requestType", "label", "kind"):
        if k not in r: err(i, "missing " + k)
    rid = r.get("id")
    if not isinstance(rid, str) or not re.match(r"^h\d{3}-\d+$", rid): err(i, "bad id %r" % rid)
    elif rid in ids: err(i, "duplicate id " + rid)
    else: ids[rid] = r
    ch = r.get("channel")
    if ch not in CHANNELS: err(i, "bad channel %r" % ch)
    at = r.get("at")
    if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at <= 13400: err(i, "at out of range %r" % at)
    elif at < prev_at: err(i, "not sorted by at")
    else: prev_at = at
    present = [k for k in ("phone", "openId", "email") if k in r]
    if ch in IDF:
        if present != [IDF[ch]]: err(i, "identity field %s for channel %s" % (present, ch))
        v = r.get(IDF[ch])
        rx = {"phone": PHONE, "openId": OPENID, "email": EMAIL}[IDF[ch]]
        if not isinstance(v, str) or not rx.match(v): err(i, "bad identity %r" % v)
    if not isinstance(r.get("text"), str) or not r.get("text", "").strip(): err(i, "empty text")
    if r.get("requestType") not in RT: err(i, "bad requestType %r" % r.get("requestType"))
    if "address" in r and not isinstance(r["address"], str): err(i, "address not a string")
    geo = [k for k in ("lat", "lng", "crs") if k in r]
    if geo and geo != ["lat", "lng", "crs"]: err(i, "lat/lng/crs must come together")
    if geo:
        if r["crs"] not in ("wgs84", "gcj02"): err(i, "bad crs")
        if not (isinstance(r["lat"], float) and isinstance(r["lng"], float) and 22.9 < r["lat"] < 23.2 and 116.2 < r["lng"] < 116.5):
            err(i, "coordinates outside the city")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(i, "label must be {repeatOf, cluster}"); continue
    if r.get("kind") not in KINDS: err(i, "bad kind %r" % r.get("kind"))

ident = lambda r: r.get("phone") or r.get("openId") or r.get("email")
group = lambda rid: rid.split("-")[0]
by_group = collections.defaultdict(list)
for rid, r in ids.items():
    by_group[group(rid)].append(r)
for g, rs in by_group.items():
    ns = sorted(int(r["id"].split("-")[1]) for r in rs)
    if ns != list(range(len(ns))): errs.append("group %s ids not 0..n-1" % g)

n_rep = 0
for rid, r in ids.items():
    lab, kind = r["label"], r["kind"]
    rep, cl = lab["repeatOf"], lab["cluster"]
    if kind in HARD and (rep is not None or cl is not None): errs.append("%s hard negative with a label" % rid)
    if (rep is not None) != (kind in REPEAT_KINDS): errs.append("%s kind %r vs repeatOf %r" % (rid, kind, rep))
    if (cl is not None) != (kind in ("incident", "incident repeat")): errs.append("%s kind %r vs cluster %r" % (rid, kind, cl))
    same = [o for o in by_group[group(rid)] if ident(o) == ident(r)]
    earlier = [o for o in same if o["at"] < r["at"]]
    if rep is not None:
        n_rep += 1
        t = ids.get(rep)
        if t is None: errs.append("%s repeatOf unknown %s" % (rid, rep)); continue
        if group(rep) != group(rid): errs.append("%s repeatOf outside its scenario" % rid)
        if ident(t) != ident(r): errs.append("%s repeatOf another identity" % rid)
        if not t["at"] < r["at"]: errs.append("%s repeatOf not earlier" % rid)
        if t["label"]["repeatOf"] is not None: errs.append("%s repeatOf points at a repeat" % rid)
        if min(same, key=lambda o: (o["at"], o["id"]))["id"] != rep: errs.append("%s repeatOf is not the earliest line of the identity in the scenario" % rid)
        if t["label"]["cluster"] != cl: errs.append("%s repeat's cluster differs from its original's" % rid)
        if kind == "repeat, no address" and r.get("address", "") != "": errs.append("%s 'no address' repeat has an address" % rid)
    else:
        # a later line of an identity already seen in the scenario must be a repeat or a same-caller hard negative
        if earlier and kind not in HARD: errs.append("%s same identity seen earlier in scenario but not a repeat/hard negative" % rid)
    if kind == "same caller, different matter" and not earlier: errs.append("%s same-caller negative without an earlier line of that caller" % rid)
    if kind in HARD - {"same caller, different matter"} and not [o for o in by_group[group(rid)] if o["at"] <= r["at"] and o is not r]:
        errs.append("%s hard negative without an earlier line in its scenario" % rid)

clusters = collections.defaultdict(list)
for r in ids.values():
    if r["label"]["cluster"] is not None: clusters[r["label"]["cluster"]].append(r)
sizes = collections.Counter()
for c, ms in clusters.items():
    gs = {group(m["id"]) for m in ms}
    if len(gs) != 1: errs.append("cluster %s spans scenarios %s" % (c, gs))
    n = len({ident(m) for m in ms})
    if not 2 <= n <= 4: errs.append("cluster %s has %d identities" % (c, n))
    sizes[n] += 1
    span = max(m["at"] for m in ms) - min(m["at"] for m in ms)
    if span > 2880: errs.append("cluster %s spans %d min > 48 h" % (c, span))
    first = min(ms, key=lambda m: m["at"])
    if first["label"]["repeatOf"] is not None: errs.append("cluster %s first report is a repeat" % c)

# coverage minima
kinds = collections.Counter(r["kind"] for r in ids.values())
chans = collections.Counter(r["channel"] for r in ids.values())
if len(ids) < 330: errs.append("only %d lines" % len(ids))
if n_rep < 70: errs.append("only %d repeats" % n_rep)
if len(clusters) < 15: errs.append("only %d incidents" % len(clusters))
for k in HARD | {"repeat, other words", "repeat, no address", "repeat, angry", "incident repeat"}:
    if kinds[k] == 0: errs.append("no line of kind %r" % k)
for n in (2, 3, 4):
    if sizes[n] == 0: errs.append("no incident with %d callers" % n)
if set(chans) != CHANNELS: errs.append("channels missing: %s" % (CHANNELS - set(chans)))
if sum(1 for r in ids.values() if r["label"]["repeatOf"] and r["channel"] == "web" and r.get("address") == "") < 2:
    errs.append("fewer than 2 web repeats with an empty address field")

if errs:
    print("\n".join(errs[:200])); print("FAIL: %d errors" % len(errs)); sys.exit(1)
noaddr = sum(1 for r in ids.values() if "address" not in r)
print("OK lines=%d repeats=%d incidents=%d (callers: %s) kinds=%s channels=%s no-address-field=%d empty-address=%d" % (
    len(ids), n_rep, len(clusters), dict(sorted(sizes.items())), dict(kinds), dict(chans), noaddr,
    sum(1 for r in ids.values() if r.get("address") == "")))
