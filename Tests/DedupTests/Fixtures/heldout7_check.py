# Validates heldout7.jsonl: format and label semantics. Reads only the set itself.
import json, re, sys, collections
import os
P = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout7.jsonl")
rows = [json.loads(l) for l in open(P, encoding="utf-8")]
err = []
def E(m): err.append(m)
CH = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RT = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HN = ("same caller", "same place", "neighbouring")
byid = {}
def ident(r):
    if r["channel"] == "miniprogram": return r.get("openId")
    if r["channel"] == "email": return r.get("email")
    return r.get("phone")
prev = -1
for i, r in enumerate(rows):
    if r["id"] in byid: E("dup id " + r["id"])
    byid[r["id"]] = (i, r)
    if not re.fullmatch(r"h\d{3}-\d+", r["id"]): E("bad id " + r["id"])
    if r["channel"] not in CH: E("channel " + r["id"])
    if r["requestType"] not in RT: E("rt " + r["id"])
    if not isinstance(r["at"], int) or not 0 <= r["at"] <= 13400: E("at " + r["id"])
    if r["at"] < prev: E("not sorted at " + r["id"])
    prev = r["at"]
    idf = {"miniprogram": "openId", "email": "email"}.get(r["channel"], "phone")
    if idf not in r: E("identity field missing " + r["id"])
    for f in ("phone", "openId", "email"):
        if f in r and f != idf: E("extra identity field %s in %s" % (f, r["id"]))
    v = ident(r)
    if idf == "phone" and not re.fullmatch(r"1[3-9]\d{9}|0755-8\d{7}", v or ""): E("phone fmt " + r["id"])
    if idf == "email" and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", v or ""): E("email fmt " + r["id"])
    if not r["text"].strip(): E("empty text " + r["id"])
    if ("lat" in r) != ("crs" in r) or ("lat" in r) != ("lng" in r): E("geo " + r["id"])
    if "crs" in r and r["crs"] not in ("wgs84", "gcj02", "bd09"): E("crs " + r["id"])
    if set(r["label"]) != {"repeatOf", "cluster"}: E("label keys " + r["id"])
# label semantics
targets = collections.defaultdict(list)
for i, r in enumerate(rows):
    k, lab = r["kind"], r["label"]
    rep, cl = lab["repeatOf"], lab["cluster"]
    if k.startswith(HN) and (rep or cl): E("hard negative with label " + r["id"])
    if k in ("original", "singleton") and (rep or cl): E("original with label " + r["id"])
    if k.startswith("repeat") and (not rep or cl): E("repeat kind mismatch " + r["id"])
    if k == "cluster" and (rep or not cl): E("cluster kind mismatch " + r["id"])
    if k == "cluster + repeat" and not (rep and cl): E("cluster+repeat mismatch " + r["id"])
    if rep:
        if rep not in byid: E("dangling " + r["id"]); continue
        j, t = byid[rep]
        if not t["at"] < r["at"] and not (t["at"] == r["at"] and j < i): E("target not earlier " + r["id"])
        if ident(t) != ident(r): E("identity differs " + r["id"])
        if t["label"]["repeatOf"]: E("points at a repeat " + r["id"])
        if rep.split("-")[0] != r["id"].split("-")[0]: E("repeat across groups " + r["id"])
        targets[rep].append(r)
# earliest: no earlier line of the same identity in the same group that is itself a repeat target chain head of same matter
for rep, rs in targets.items():
    j, t = byid[rep]
    for r in rs:
        if r["label"]["cluster"] and t["label"]["cluster"] and r["label"]["cluster"] != t["label"]["cluster"]:
            E("repeat and target in different incidents " + r["id"])
clusters = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"]: clusters[r["label"]["cluster"]].append(r)
pairs = 0
for c, rs in clusters.items():
    ids = {ident(r) for r in rs}
    if not 2 <= len(ids) <= 4: E("cluster %s has %d identities" % (c, len(ids)))
    if len({r["id"].split("-")[0] for r in rs}) != 1: E("cluster across groups " + c)
    if max(r["at"] for r in rs) - min(r["at"] for r in rs) > 2880: E("cluster span >48h " + c)
    first = min(rs, key=lambda r: r["at"])
    if first["label"]["repeatOf"]: E("cluster first is a repeat " + c)
    pairs += len(rs) * (len(rs) - 1) // 2
# one identity per person per group-independent: same identity string never in two identity fields
kinds = collections.Counter(r["kind"] for r in rows)
nrep = sum(1 for r in rows if r["label"]["repeatOf"])
noaddr = sum(1 for r in rows if "address" not in r)
emptyaddr = sum(1 for r in rows if r.get("address") == "")
geo = collections.Counter(r["crs"] for r in rows if "crs" in r)
if len(rows) < 330: E("lines %d < 330" % len(rows))
if nrep < 70: E("repeats %d < 70" % nrep)
if len(clusters) < 14: E("incidents %d < 14" % len(clusters))
if rows[0]["at"] != 0 or rows[-1]["at"] != 13400: E("span not 0..13400")
if not any(r["label"]["repeatOf"] and r["label"]["cluster"] for r in rows): E("no cluster+repeat")
for k in ("same caller, different matter", "same place, different matter", "neighbouring building", "neighbouring crossing", "same caller, different procedure"):
    if kinds[k] < 5: E("too few " + k)
print("lines", len(rows), "repeats", nrep, "incidents", len(clusters), "cluster pairs", pairs,
      "cluster members", sum(len(v) for v in clusters.values()))
print("no address field", noaddr, "empty address", emptyaddr, "geo", dict(geo))
print("channels", dict(collections.Counter(r["channel"] for r in rows)))
print("requestTypes", dict(collections.Counter(r["requestType"] for r in rows)))
for k, v in sorted(kinds.items()): print("  kind %-36s %d" % (k, v))
if err:
    print("\n".join(err)); print("FAIL", len(err)); sys.exit(1)
print("OK")
