# Validates heldout9.jsonl: format and label semantics, prints counts.
import json, re, sys, collections
import os
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout9.jsonl")
rows = [json.loads(l) for l in open(path, encoding="utf-8")]
err = []
def E(*a): err.append(" ".join(map(str, a)))
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HN = {"same caller, different matter", "same place, different matter", "neighbouring building",
      "neighbouring crossing", "same problem, different place", "consultation, different procedure"}
MOB = re.compile(r"^1[3-9]\d{9}$"); LAND = re.compile(r"^0\d{3}-8\d{7}$")
byid = {}; pos = {}
prev = -1
for i, r in enumerate(rows):
    rid = r.get("id", "")
    if not re.match(r"^h\d{3}-\d+$", rid): E("bad id", rid)
    if rid in byid: E("dup id", rid)
    byid[rid] = r; pos[rid] = i
    if r["channel"] not in CH: E(rid, "channel")
    if r["requestType"] not in RT: E(rid, "requestType")
    if not isinstance(r["at"], int) or not 0 <= r["at"] <= 13400: E(rid, "at range")
    if r["at"] < prev: E(rid, "not sorted")
    prev = r["at"]
    keys = [k for k in ("phone", "openId", "email") if k in r]
    if len(keys) != 1: E(rid, "identity fields", keys)
    ch = r["channel"]
    if ch in ("phone", "sms", "police110", "web"):
        if keys != ["phone"] or not (MOB.match(r["phone"]) or LAND.match(r["phone"])): E(rid, "phone identity")
        if ch == "sms" and not MOB.match(r["phone"]): E(rid, "sms from landline")
    elif ch == "miniprogram":
        if keys != ["openId"]: E(rid, "openId")
    elif ch == "email":
        if keys != ["email"] or "@" not in r["email"]: E(rid, "email")
    if not r.get("text"): E(rid, "text")
    if ("lat" in r) != ("lng" in r) or ("lat" in r) != ("crs" in r): E(rid, "coords incomplete")
    if "crs" in r and r["crs"] not in ("wgs84", "gcj02", "bd09"): E(rid, "crs")
    if "lat" in r and not (28.5 < r["lat"] < 30 and 112 < r["lng"] < 113.5): E(rid, "coords out of city")
    lab = r.get("label")
    if set(lab) != {"repeatOf", "cluster"}: E(rid, "label keys")
    if not r.get("kind"): E(rid, "kind")
ident = lambda r: r.get("phone") or r.get("openId") or r.get("email")
# identity strings: one person key -> one string is by construction; check same string never in two forms
# repeats
reps = [r for r in rows if r["label"]["repeatOf"]]
for r in reps:
    t = byid.get(r["label"]["repeatOf"])
    rid = r["id"]
    if not t: E(rid, "repeatOf missing target"); continue
    if pos[t["id"]] >= pos[rid] or t["at"] > r["at"]: E(rid, "target not earlier")
    if ident(t) != ident(r): E(rid, "target other identity")
    if t["label"]["repeatOf"]: E(rid, "target is a repeat")
    if t["label"]["cluster"] != r["label"]["cluster"]: E(rid, "cluster of repeat differs from its original", t["label"]["cluster"], r["label"]["cluster"])
    if r["id"].split("-")[0] != t["id"].split("-")[0]: E(rid, "repeat across scenario groups (check by hand)")
    if not r["kind"].startswith("repeat") and r["kind"] != "incident + repeat": E(rid, "kind of a repeat", r["kind"])
# earliest: within one identity, a matter's original must precede all its repeats, and no repeat chain
byident = collections.defaultdict(list)
for r in rows: byident[ident(r)].append(r)
for k, lst in byident.items():
    for r in lst:
        if r["label"]["repeatOf"]:
            t = byid[r["label"]["repeatOf"]]
            # any earlier line of the same identity pointing at the same original must not be earlier than the original
            for o in lst:
                if o["label"]["repeatOf"] == t["id"] and o["at"] < t["at"]: E(o["id"], "repeat before original")
# clusters
cl = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"]: cl[r["label"]["cluster"]].append(r)
pairs = 0
for name, mem in cl.items():
    ids = {ident(r) for r in mem}
    if not 2 <= len(ids) <= 4: E(name, "callers", len(ids))
    firsts = {}
    for r in mem:
        k = ident(r)
        if k in firsts:
            if r["label"]["repeatOf"] != firsts[k]["id"]: E(r["id"], "second report of a cluster caller is not a repeat of its first")
        else:
            firsts[k] = r
            if r["label"]["repeatOf"]: E(r["id"], "first report of a caller in cluster is a repeat")
    fa = sorted(r["at"] for r in firsts.values())
    if fa[-1] - fa[0] > 2880: E(name, "first reports span more than 48h", fa[-1] - fa[0])
    if len({r["id"].split("-")[0] for r in mem}) != 1: E(name, "cluster spans groups")
    n = len(mem); pairs += n * (n - 1) // 2
    for r in mem:
        if r["kind"] not in ("incident", "incident + repeat"): E(r["id"], "kind of cluster member", r["kind"])
for r in rows:
    if r["kind"] in HN or r["kind"] == "singleton":
        if r["label"]["repeatOf"] or r["label"]["cluster"]: E(r["id"], "hard negative/singleton with a label")
    if r["kind"] == "original" and (r["label"]["repeatOf"] or r["label"]["cluster"]): E(r["id"], "original labelled")
    if r["kind"] == "original" and not any(x["label"]["repeatOf"] == r["id"] for x in rows):
        E(r["id"], "'original' without any repeat (use singleton)")
    if r["kind"] == "repeat, empty address" and r.get("address") != "": E(r["id"], "empty-address repeat has address")
# counts
kinds = collections.Counter(r["kind"] for r in rows)
ch = collections.Counter(r["channel"] for r in rows)
crs = collections.Counter(r.get("crs") for r in rows if "crs" in r)
noaddr = sum(1 for r in rows if "address" not in r)
empty = sum(1 for r in rows if r.get("address") == "")
stats = dict(lines=len(rows), repeats=len(reps), incidents=len(cl), cluster_pairs=pairs,
             cluster_members=sum(len(v) for v in cl.values()),
             cluster_members_also_repeat=sum(1 for v in cl.values() for r in v if r["label"]["repeatOf"]),
             no_address_field=noaddr, empty_address=empty, with_coords=sum(crs.values()),
             identities=len(byident), at_min=rows[0]["at"], at_max=rows[-1]["at"])
if len(rows) < 330: E("fewer than 330 lines")
if len(reps) < 70: E("fewer than 70 repeats")
if len(cl) < 15: E("fewer than 15 incidents")
if rows[0]["at"] != 0 or rows[-1]["at"] != 13400: E("span")
print(json.dumps(stats, ensure_ascii=False))
print("kinds", dict(kinds)); print("channels", dict(ch)); print("crs", dict(crs))
print("requestTypes", dict(collections.Counter(r["requestType"] for r in rows)))
print("callers per incident", {k: len({ident(r) for r in v}) for k, v in cl.items()})
if err:
    print("\n".join(err)); print(len(err), "ERRORS"); sys.exit(1)
print("OK")
