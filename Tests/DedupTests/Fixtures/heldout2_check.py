# consistency checks + counts for heldout2.jsonl
import json, re, sys
from collections import Counter, defaultdict
rows=[json.loads(l) for l in open(sys.argv[1] if len(sys.argv)>1 else "heldout2.jsonl", encoding="utf-8")]
err=[]
FIELD=dict(phone="phone", sms="phone", police110="phone", web="phone", miniprogram="openId", email="email")
HARD={"same caller, different matter","same caller, different place","same place, different matter","neighbouring building","neighbouring crossing"}
def ident(o):
    f=FIELD[o["channel"]]; return o[f]
byid={}
for i,o in enumerate(rows):
    if o["id"] in byid: err.append("duplicate id "+o["id"])
    byid[o["id"]]=o
    if not re.fullmatch(r"h\d{3}-\d+", o["id"]): err.append("bad id "+o["id"])
    if o["channel"] not in FIELD: err.append("bad channel "+o["id"])
    idf=[k for k in ("phone","openId","email") if k in o]
    if idf!=[FIELD[o["channel"]]]: err.append("identity field mismatch "+o["id"])
    if "phone" in o and not re.fullmatch(r"1[3-9]\d{9}|0\d{3}-8\d{7}", o["phone"]): err.append("bad phone "+o["id"])
    if o["requestType"] not in ("consultation","help","complaint","report","suggestion","praise"): err.append("bad requestType "+o["id"])
    geo=[k in o for k in ("lat","lng","crs")]
    if any(geo) and not all(geo): err.append("partial coords "+o["id"])
    if "crs" in o and o["crs"] not in ("wgs84","gcj02","bd09"): err.append("bad crs "+o["id"])
    if i and rows[i-1]["at"]>o["at"]: err.append("not sorted at "+o["id"])
    if not (0<=o["at"]): err.append("negative at "+o["id"])
pos={o["id"]:i for i,o in enumerate(rows)}
for o in rows:
    r=o["label"]["repeatOf"]; c=o["label"]["cluster"]; k=o["kind"]
    if r is not None:
        t=byid.get(r)
        if t is None: err.append(f"{o['id']}: repeatOf {r} missing"); continue
        if not (t["at"]<o["at"] and pos[r]<pos[o["id"]]): err.append(f"{o['id']}: repeatOf {r} not earlier")
        if ident(t)!=ident(o): err.append(f"{o['id']}: repeatOf {r} different identity")
        if t["label"]["repeatOf"] is not None: err.append(f"{o['id']}: repeatOf {r} which is itself a repeat")
        if t["label"]["cluster"]!=c: err.append(f"{o['id']}: cluster {c} differs from its original's {t['label']['cluster']}")
        if not k.startswith("repeat") and k!="incident, repeat": err.append(f"{o['id']}: has repeatOf but kind {k}")
    else:
        if k.startswith("repeat") or k=="incident, repeat": err.append(f"{o['id']}: kind {k} without repeatOf")
    if k in HARD and (r is not None or c is not None): err.append(f"{o['id']}: hard negative with a label")
    if k.startswith("incident") and c is None: err.append(f"{o['id']}: incident without cluster")
    if not k.startswith("incident") and c is not None: err.append(f"{o['id']}: cluster on kind {k}")
# earliest: no earlier line of the same identity with the same matter that the repeat skips is a hand judgement;
# mechanically: a repeat's target must be the first line of that identity carrying the same (target) chain
cl=defaultdict(list)
for o in rows:
    if o["label"]["cluster"]: cl[o["label"]["cluster"]].append(o)
for name,ms in cl.items():
    ids=set(ident(m) for m in ms)
    if len(ids)<2: err.append(f"cluster {name} has {len(ids)} identity")
    firsts=[m for m in ms if m["label"]["repeatOf"] is None]
    per=Counter(ident(m) for m in firsts)
    for who,n in per.items():
        if n>1: err.append(f"cluster {name}: one identity has {n} non-repeat reports (should be repeats)")
    span=max(m["at"] for m in firsts)-min(m["at"] for m in firsts)
    if span>2880: err.append(f"cluster {name}: first reports span {span} min > 48 h")
print("errors:", len(err))
for e in err: print("  ", e)
# counts
kinds=Counter(o["kind"] for o in rows)
print("lines:", len(rows), " span at:", rows[0]["at"], "..", rows[-1]["at"])
print("identities:", len(set(ident(o) for o in rows)),
      " (phone mobile %d, landline %d, openId %d, email %d)" % (
      len({o['phone'] for o in rows if 'phone' in o and o['phone'].startswith('1')}),
      len({o['phone'] for o in rows if 'phone' in o and o['phone'].startswith('0')}),
      len({o['openId'] for o in rows if 'openId' in o}), len({o['email'] for o in rows if 'email' in o})))
reps=[o for o in rows if o["label"]["repeatOf"]]
print("repeats (repeatOf set):", len(reps), " of which also in a cluster:", sum(1 for o in reps if o["label"]["cluster"]),
      " channel-switched:", sum(1 for o in reps if byid[o['label']['repeatOf']]['channel']!=o['channel']))
print("incidents:", len(cl), " lines with a cluster:", sum(len(v) for v in cl.values()),
      " same-cluster pairs:", sum(len(v)*(len(v)-1)//2 for v in cl.values()),
      " callers per incident:", dict(sorted(Counter(len(set(ident(m) for m in v)) for v in cl.values()).items())))
print("hard negatives:", sum(kinds[k] for k in HARD), {k:kinds[k] for k in sorted(HARD)})
print("kinds:", dict(kinds.most_common()))
print("channels:", dict(Counter(o["channel"] for o in rows).most_common()))
print("requestType:", dict(Counter(o["requestType"] for o in rows).most_common()))
print("address: absent %d, empty \"\" %d, present %d" % (sum('address' not in o for o in rows), sum(o.get('address')=="" for o in rows), sum(bool(o.get('address')) for o in rows)))
print("coordinates:", sum('lat' in o for o in rows), dict(Counter(o['crs'] for o in rows if 'crs' in o)))
print("both labels null:", sum(1 for o in rows if o['label']['repeatOf'] is None and o['label']['cluster'] is None))
