#!/usr/bin/env python3
"""Validate heldout16.jsonl and print its counts."""
import json, re, sys, collections
PATH = sys.argv[1] if len(sys.argv) > 1 else "/work/heldout16/heldout16.jsonl"
CH = {"web","sms","phone","police110","miniprogram","email"}
IDF = {"phone":"phone","sms":"phone","police110":"phone","web":"phone","miniprogram":"openId","email":"email"}
RT = {"consult","help","complaint","report","suggestion","praise"}
HARD = {"same caller, different matter","same place, different matter","neighbouring building","neighbouring crossing"}
KINDS = HARD | {"original","repeat","repeat, other words","repeat, angry/short","repeat, empty address",
                "repeat, address only in text","repeat, channel switch","incident","incident, repeat"}
PHONE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-\d{7,8})$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]+$")
errs = []
def err(m): errs.append(m)
rows = []
with open(PATH, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        try: rows.append(json.loads(line))
        except Exception as e: err(f"line {i}: bad json {e}")
byid = {}
prev = -1
for i, o in enumerate(rows, 1):
    rid = o.get("id")
    if not isinstance(rid, str) or not re.fullmatch(r"h\d{3}-\d+", rid): err(f"line {i}: bad id {rid!r}")
    if rid in byid: err(f"line {i}: duplicate id {rid}")
    byid[rid] = o; o["_line"] = i
    ch = o.get("channel")
    if ch not in CH: err(f"{rid}: bad channel {ch}"); continue
    at = o.get("at")
    if not isinstance(at, int) or not 0 <= at <= 13400: err(f"{rid}: bad at {at}")
    elif at < prev: err(f"{rid}: not ordered by at")
    else: prev = at
    f_ = IDF[ch]
    for k in ("phone","openId","email"):
        if k != f_ and k in o: err(f"{rid}: unexpected identity field {k}")
    who = o.get(f_)
    if not isinstance(who, str) or not who: err(f"{rid}: missing {f_}")
    elif f_ == "phone" and not PHONE.match(who): err(f"{rid}: bad phone {who}")
    elif f_ == "email" and not EMAIL.match(who): err(f"{rid}: bad email {who}")
    o["_who"] = f"{f_}:{who}"
    if not isinstance(o.get("text"), str) or not o["text"].strip(): err(f"{rid}: empty text")
    if o.get("requestType") not in RT: err(f"{rid}: bad requestType")
    if "address" in o and not isinstance(o["address"], str): err(f"{rid}: bad address")
    geo = [k in o for k in ("lat","lng","crs")]
    if any(geo) and not all(geo): err(f"{rid}: partial coordinates")
    if all(geo):
        if o["crs"] not in ("wgs84","gcj02"): err(f"{rid}: bad crs")
        if not (18 < o["lat"] < 54 and 73 < o["lng"] < 136): err(f"{rid}: coordinates outside China")
    lab = o.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf","cluster"}: err(f"{rid}: bad label"); o["label"] = {"repeatOf":None,"cluster":None}
    if o.get("kind") not in KINDS: err(f"{rid}: unknown kind {o.get('kind')}")
    extra = set(o) - {"id","channel","at","phone","openId","email","text","requestType","address","lat","lng","crs","label","kind","_line","_who"}
    if extra: err(f"{rid}: extra fields {extra}")

# repeats
for o in rows:
    rid, r = o["id"], o["label"]["repeatOf"]
    k = o.get("kind","")
    if r is None:
        if "repeat" in k: err(f"{rid}: kind {k} but no repeatOf")
        continue
    if "repeat" not in k: err(f"{rid}: repeatOf set but kind {k}")
    t = byid.get(r)
    if t is None: err(f"{rid}: repeatOf {r} missing"); continue
    if t["_line"] >= o["_line"] or t["at"] > o["at"]: err(f"{rid}: repeatOf {r} is not earlier")
    if t["_who"] != o["_who"]: err(f"{rid}: repeatOf {r} has another identity")
    if t["label"]["repeatOf"] is not None: err(f"{rid}: repeatOf {r} which is itself a repeat")
    if r.split("-")[0] != rid.split("-")[0]: err(f"{rid}: repeatOf outside its scenario group")
    if k == "repeat, channel switch" and t["channel"] == o["channel"]: err(f"{rid}: channel switch without switch")
    if k == "repeat, empty address" and o.get("address") != "": err(f"{rid}: empty-address repeat without empty address")
    if k == "repeat, address only in text" and o.get("address"): err(f"{rid}: address-only-in-text repeat has an address")

# clusters
clusters = collections.defaultdict(list)
for o in rows:
    c = o["label"]["cluster"]
    if c is not None: clusters[c].append(o)
    k = o.get("kind","")
    if k.startswith("incident") and c is None: err(f"{o['id']}: incident without cluster")
    if c is not None and not k.startswith("incident"): err(f"{o['id']}: cluster but kind {k}")
    if k == "incident" and o["label"]["repeatOf"] is not None: err(f"{o['id']}: incident kind with repeatOf")
    if k == "incident, repeat" and o["label"]["repeatOf"] is None: err(f"{o['id']}: incident repeat without repeatOf")
for c, ms in clusters.items():
    firsts = [m for m in ms if m["label"]["repeatOf"] is None]
    ids_ = [m["_who"] for m in firsts]
    if len(set(ids_)) != len(ids_): err(f"cluster {c}: one identity is a non-repeat member twice")
    if not 2 <= len(set(ids_)) <= 4: err(f"cluster {c}: {len(set(ids_))} callers (need 2-4)")
    for m in ms:
        r = m["label"]["repeatOf"]
        if r is not None and byid[r]["label"]["cluster"] != c: err(f"cluster {c}: {m['id']} repeats a ticket outside the cluster")
    if min(m["at"] for m in firsts) != min(m["at"] for m in ms): err(f"cluster {c}: first report is a repeat")
    if max(m["at"] for m in firsts) - min(m["at"] for m in firsts) > 2880: err(f"cluster {c}: callers spread over more than 48h")
    groups = {m["id"].split("-")[0] for m in ms}
    if len(groups) != 1: err(f"cluster {c}: spans groups {groups}")

# hard negatives
for o in rows:
    if o.get("kind") in HARD and (o["label"]["repeatOf"] is not None or o["label"]["cluster"] is not None):
        err(f"{o['id']}: hard negative with a label")

# one identity = one scenario group (sanity: no accidental reuse of a number)
idg = collections.defaultdict(set)
for o in rows: idg[o["_who"]].add(o["id"].split("-")[0])
for w, gs in idg.items():
    if len(gs) > 1: err(f"identity {w} used in several groups {sorted(gs)}")

# counts
kinds = collections.Counter(o["kind"] for o in rows)
nrep = sum(1 for o in rows if o["label"]["repeatOf"])
need = [(len(rows) >= 330, f"lines {len(rows)} < 330"), (nrep >= 70, f"repeats {nrep} < 70"),
        (len(clusters) >= 15, f"incidents {len(clusters)} < 15")]
for h in HARD: need.append((kinds[h] > 0, f"no {h}"))
for k in ("repeat, other words","repeat, angry/short","repeat, empty address","repeat, address only in text","repeat, channel switch","incident, repeat"):
    need.append((kinds[k] > 0, f"no {k}"))
for ok, m in need:
    if not ok: err(m)

print(f"file: {PATH}")
print(f"lines: {len(rows)}   span: {rows[0]['at']}..{rows[-1]['at']} min   identities: {len(idg)}   scenario groups: {len({o['id'].split('-')[0] for o in rows})}")
print(f"repeats (repeatOf set): {nrep}   incidents (clusters): {len(clusters)}   lines in clusters: {sum(len(v) for v in clusters.values())}   cluster members that are repeats: {sum(1 for v in clusters.values() for m in v if m['label']['repeatOf'])}")
print(f"hard negatives: {sum(kinds[h] for h in HARD)}")
print("by kind:");    [print(f"  {k:32s} {v}") for k, v in sorted(kinds.items(), key=lambda x: -x[1])]
print("by channel:"); [print(f"  {k:32s} {v}") for k, v in collections.Counter(o['channel'] for o in rows).most_common()]
print("repeats by channel:"); [print(f"  {k:32s} {v}") for k, v in collections.Counter(o['channel'] for o in rows if o['label']['repeatOf']).most_common()]
addr = collections.Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows)
print("address field:", dict(addr))
ra = collections.Counter("absent" if "address" not in o else ("empty" if o["address"] == "" else "present") for o in rows if o["label"]["repeatOf"])
print("address field on repeats:", dict(ra))
print("coordinates:", dict(collections.Counter(o.get("crs","none") for o in rows)))
print("requestType:", dict(collections.Counter(o["requestType"] for o in rows)))
sizes = collections.Counter(len({m["_who"] for m in v}) for v in clusters.values())
print("clusters by number of callers:", dict(sorted(sizes.items())), "  by number of tickets:", dict(sorted(collections.Counter(len(v) for v in clusters.values()).items())))
if errs:
    print(f"\nFAIL: {len(errs)} problems"); [print("  " + e) for e in errs]; sys.exit(1)
print("\nOK")
