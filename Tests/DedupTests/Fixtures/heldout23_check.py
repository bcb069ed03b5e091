#!/usr/bin/env python3
"""Validate heldout23.jsonl and print its counts."""
import json, re, sys, collections
PATH = sys.argv[1] if len(sys.argv) > 1 else __file__.rsplit("/", 1)[0] + "/heldout23.jsonl"
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
IDF = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone", "miniprogram": "openId", "email": "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
REPK = {"repeat", "repeat, other words", "repeat, angry/short", "repeat, address only in text", "repeat, channel switch"}
HARD = {"same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing", "neighbouring village"}
KINDS = REPK | HARD | {"original", "incident", "incident, repeat"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")
errs = []
def err(m): errs.append(m)
rows = []
for i, line in enumerate(open(PATH, encoding="utf-8"), 1):
    try: o = json.loads(line)
    except Exception as e: err(f"line {i}: bad json {e}"); continue
    rows.append(o)
byid, prev_at, ident_group = {}, -1, {}
def ident(o):
    return o.get("phone") or o.get("openId") or o.get("email")
for i, o in enumerate(rows, 1):
    for k in ("id", "channel", "at", "text", "requestType", "label", "kind"):
        if k not in o: err(f"line {i}: missing {k}")
    oid = o.get("id", "")
    m = re.match(r"^h(\d{3})-(\d+)$", oid)
    if not m: err(f"line {i}: bad id {oid}")
    if oid in byid: err(f"line {i}: duplicate id {oid}")
    if o.get("channel") not in CH: err(f"{oid}: bad channel")
    if not isinstance(o.get("at"), int) or not 0 <= o["at"] <= 13400: err(f"{oid}: bad at")
    elif o["at"] < prev_at: err(f"{oid}: not ordered by at")
    else: prev_at = o["at"]
    f = IDF.get(o.get("channel"))
    present = [k for k in ("phone", "openId", "email") if k in o]
    if present != [f]: err(f"{oid}: identity fields {present}, want [{f}]")
    v = o.get(f, "")
    if f == "phone" and not PHONE.match(v): err(f"{oid}: bad phone {v}")
    if f == "openId" and not re.match(r"^o[0-9A-Za-z_-]{27}$", v): err(f"{oid}: bad openId {v}")
    if f == "email" and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", v): err(f"{oid}: bad email {v}")
    if m:
        g = m.group(1)
        if ident_group.setdefault(v, g) != g: err(f"{oid}: identity {v} used in groups {ident_group[v]} and {g}")
    if o.get("requestType") not in RT: err(f"{oid}: bad requestType")
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{oid}: empty text")
    if "address" in o and not isinstance(o["address"], str): err(f"{oid}: address not str")
    geo = [k in o for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo): err(f"{oid}: partial coordinates")
    if all(geo) and o["crs"] not in ("wgs84", "gcj02"): err(f"{oid}: bad crs")
    kind, lab = o.get("kind"), o.get("label", {})
    if kind not in KINDS: err(f"{oid}: unknown kind {kind}")
    if set(lab) != {"repeatOf", "cluster"}: err(f"{oid}: label keys {set(lab)}")
    rep, clu = lab.get("repeatOf"), lab.get("cluster")
    if kind in HARD and (rep or clu): err(f"{oid}: hard negative with labels")
    if kind == "original" and (rep or clu): err(f"{oid}: original with labels")
    if kind in REPK and (not rep or clu): err(f"{oid}: {kind} needs repeatOf only")
    if kind == "incident" and (rep or not clu): err(f"{oid}: incident needs cluster only")
    if kind == "incident, repeat" and not (rep and clu): err(f"{oid}: incident repeat needs both")
    if rep:
        t = byid.get(rep)
        if t is None: err(f"{oid}: repeatOf {rep} not an earlier line")
        else:
            if ident(t) != v: err(f"{oid}: repeatOf {rep} has another identity")
            if t["label"]["repeatOf"]: err(f"{oid}: repeatOf {rep} is itself a repeat")
            if t["at"] > o["at"]: err(f"{oid}: repeatOf later line")
            if rep.split("-")[0] != oid.split("-")[0]: err(f"{oid}: repeatOf outside its group")
    byid[oid] = o
clusters = collections.defaultdict(list)
for o in rows:
    if o["label"]["cluster"]: clusters[o["label"]["cluster"]].append(o)
for c, ms in clusters.items():
    ids = {ident(o) for o in ms}
    if not 2 <= len(ids) <= 4: err(f"cluster {c}: {len(ids)} identities")
    if len({o["id"].split("-")[0] for o in ms}) != 1: err(f"cluster {c}: spans groups")
    firsts = {}
    for o in ms:
        firsts.setdefault(ident(o), o)
    span = max(o["at"] for o in firsts.values()) - min(o["at"] for o in firsts.values())
    if span > 48 * 60: err(f"cluster {c}: first reports span {span} min > 48 h")
    for o in ms:  # a member repeat's original must be in the cluster too
        r = o["label"]["repeatOf"]
        if r and byid[r]["label"]["cluster"] != c: err(f"{o['id']}: repeat in cluster, original not")
    for o in ms:
        if o["label"]["repeatOf"] is None and firsts[ident(o)] is not o: err(f"{o['id']}: second report by one caller without repeatOf")
kinds = collections.Counter(o["kind"] for o in rows)
nrep = sum(1 for o in rows if o["label"]["repeatOf"])
need = {"lines >= 330": len(rows) >= 330, "repeats >= 70": nrep >= 70, "clusters >= 15": len(clusters) >= 15,
        "cluster member calling twice": any(o["kind"] == "incident, repeat" for o in rows),
        "web repeat with empty address": any(o.get("address") == "" and o["label"]["repeatOf"] and o["channel"] == "web" for o in rows),
        "channel switch repeat": any(o["label"]["repeatOf"] and byid[o["label"]["repeatOf"]]["channel"] != o["channel"] for o in rows)}
for k in HARD | REPK: need[f"kind {k}"] = kinds[k] > 0
for k, ok in need.items():
    if not ok: err(f"requirement failed: {k}")
def show(title, c):
    print(title); [print(f"  {k}: {v}") for k, v in sorted(c.items(), key=lambda kv: (-kv[1], str(kv[0])))]
print(f"lines: {len(rows)}  repeats: {nrep}  clusters: {len(clusters)}  cluster members: {sum(len(v) for v in clusters.values())}")
print(f"identities: {len(ident_group)}  groups: {len({o['id'].split('-')[0] for o in rows})}  span: {rows[0]['at']}..{rows[-1]['at']} min")
show("kinds:", kinds)
show("channels:", collections.Counter(o["channel"] for o in rows))
show("repeats by channel:", collections.Counter(o["channel"] for o in rows if o["label"]["repeatOf"]))
print(f"channel-switch repeats (channel differs from original): {sum(1 for o in rows if o['label']['repeatOf'] and byid[o['label']['repeatOf']]['channel'] != o['channel'])}")
show("address:", collections.Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows))
show("coordinates:", collections.Counter(o.get("crs", "none") for o in rows))
show("clusters by number of callers:", collections.Counter(len({ident(o) for o in ms}) for ms in clusters.values()))
show("clusters by number of reports:", collections.Counter(len(ms) for ms in clusters.values()))
show("requestType:", collections.Counter(o["requestType"] for o in rows))
if errs:
    print("\nFAIL"); [print(" ", e) for e in errs]; sys.exit(1)
print("\nOK")
