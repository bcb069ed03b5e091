#!/usr/bin/env python3
"""Validate heldout25.jsonl and print its counts."""
import json, re, sys, collections, os

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout25.jsonl")
CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = {"same caller, different matter in the same field", "same place, different matter",
        "neighbouring building", "neighbouring crossing"}
KINDS = HARD | {"original", "repeat, other words", "repeat, angry/short", "repeat, no address",
                "repeat, empty address", "repeat, channel switch", "incident", "incident, repeat"}
PHONE_RE = re.compile(r"^(1[3-9]\d{9}|0\d{2,3}-8\d{7})$")
ID_RE = re.compile(r"^h(\d{3})-(\d+)$")
errors = []
def err(msg): errors.append(msg)

rows = []
with open(PATH, encoding="utf-8") as f:
    for n, line in enumerate(f, 1):
        line = line.rstrip("\n")
        if not line.strip():
            err(f"line {n}: blank"); continue
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err(f"line {n}: bad json {e}")

def ident(r):
    if r["channel"] in ("phone", "sms", "police110", "web"):
        return ("phone", r.get("phone"))
    if r["channel"] == "miniprogram":
        return ("openId", r.get("openId"))
    return ("email", r.get("email"))

byid = {}
prev_at = -1
for i, r in enumerate(rows):
    rid = r.get("id", "?")
    m = ID_RE.match(rid)
    if not m: err(f"{rid}: bad id")
    if rid in byid: err(f"{rid}: duplicate id")
    if r.get("channel") not in CHANNELS: err(f"{rid}: bad channel")
    at = r.get("at")
    if not isinstance(at, int) or not (0 <= at <= 13400): err(f"{rid}: bad at {at}")
    elif at < prev_at: err(f"{rid}: not ordered by at")
    else: prev_at = at
    if not isinstance(r.get("text"), str) or not r["text"].strip(): err(f"{rid}: empty text")
    if r.get("requestType") not in RTYPES: err(f"{rid}: bad requestType")
    ch = r.get("channel")
    keys = {k for k in ("phone", "openId", "email") if k in r}
    want = {"phone"} if ch in ("phone", "sms", "police110", "web") else ({"openId"} if ch == "miniprogram" else {"email"})
    if keys != want: err(f"{rid}: identity fields {keys} != {want}")
    if "phone" in r and not PHONE_RE.match(r["phone"]): err(f"{rid}: bad phone {r['phone']}")
    if ch == "phone" and r.get("phone", "").startswith("0") is False and not r.get("phone"): err(f"{rid}: no phone")
    if ch in ("sms", "police110", "web") and r.get("phone", "").startswith("0"): err(f"{rid}: landline on {ch}")
    if "openId" in r and not re.match(r"^o[A-Za-z0-9_-]{27}$", r["openId"]): err(f"{rid}: bad openId")
    if "email" in r and not re.match(r"^[^@\s]+@[^@\s]+\.[a-z]+$", r["email"]): err(f"{rid}: bad email")
    if ("lat" in r) != ("lng" in r) or (("lat" in r) != ("crs" in r)): err(f"{rid}: partial coordinates")
    if "crs" in r and r["crs"] not in ("wgs84", "gcj02"): err(f"{rid}: bad crs")
    if "address" in r and not isinstance(r["address"], str): err(f"{rid}: bad address")
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}: err(f"{rid}: bad label")
    k = r.get("kind")
    if k not in KINDS: err(f"{rid}: bad kind {k}")
    byid[rid] = (i, r)

repeats, clusters = [], collections.defaultdict(list)
for i, r in enumerate(rows):
    rid, lab, k = r["id"], r["label"], r["kind"]
    ro, cl = lab["repeatOf"], lab["cluster"]
    if k in HARD and (ro is not None or cl is not None): err(f"{rid}: hard negative with a label")
    if k.startswith("repeat") and (ro is None or cl is not None): err(f"{rid}: kind {k} but labels {lab}")
    if k == "incident" and (cl is None or ro is not None): err(f"{rid}: incident labels {lab}")
    if k == "incident, repeat" and (cl is None or ro is None): err(f"{rid}: incident repeat labels {lab}")
    if k == "original" and (ro is not None or cl is not None): err(f"{rid}: original with label")
    if ro is not None:
        repeats.append(r)
        if ro not in byid: err(f"{rid}: repeatOf {ro} missing"); continue
        j, o = byid[ro]
        if j >= i or o["at"] > r["at"]: err(f"{rid}: repeatOf {ro} is not earlier")
        if ident(o) != ident(r): err(f"{rid}: repeatOf {ro} other identity")
        if o["label"]["repeatOf"] is not None: err(f"{rid}: repeatOf {ro} which is a repeat")
        if ro.split("-")[0] != rid.split("-")[0]: err(f"{rid}: repeatOf {ro} outside its group")
        if o["label"]["cluster"] != cl: err(f"{rid}: cluster differs from original {ro}")
        # earliest ticket of that identity on that matter: no earlier non-repeat same-identity line in same group with same cluster/matter is assumed; check the original is the earliest same-identity line pointing chain
        if r["kind"].startswith("repeat") and "empty address" in r["kind"] and r.get("address") != "": err(f"{rid}: empty-address kind without empty address")
        if "no address" in r["kind"] and r.get("address"): err(f"{rid}: no-address kind with address")
        if "channel switch" in r["kind"] and o["channel"] == r["channel"]: err(f"{rid}: channel switch without switch")
    if cl is not None:
        clusters[cl].append(r)

for cl, members in clusters.items():
    ids = {ident(m) for m in members}
    if not (2 <= len(ids) <= 4): err(f"{cl}: {len(ids)} identities")
    groups = {m["id"].split("-")[0] for m in members}
    if len(groups) != 1: err(f"{cl}: spans groups {groups}")
    firsts = [m for m in members if m["label"]["repeatOf"] is None]
    if len({ident(m) for m in firsts}) != len(firsts): err(f"{cl}: one identity has two non-repeat reports")
    span = max(m["at"] for m in members) - min(m["at"] for m in firsts)
    if max(m["at"] for m in firsts) - min(m["at"] for m in firsts) > 48 * 60: err(f"{cl}: callers spread over 48h")

# one identity may not hold two non-repeat lines of the same group with the same cluster (double original)
n = len(rows)
hard = collections.Counter(r["kind"] for r in rows if r["kind"] in HARD)
kinds = collections.Counter(r["kind"] for r in rows)
chan = collections.Counter(r["channel"] for r in rows)
addr = collections.Counter("absent" if "address" not in r else ("empty" if r["address"] == "" else "present") for r in rows)
coords = collections.Counter(r.get("crs", "none") for r in rows)
sizes = collections.Counter(len({ident(m) for m in ms}) for ms in clusters.values())
rep_in_cl = sum(1 for ms in clusters.values() for m in ms if m["label"]["repeatOf"])
idents = {ident(r) for r in rows}
multi_chan = sum(1 for idt in idents if len({r["channel"] for r in rows if ident(r) == idt}) > 1)

print(f"lines: {n}")
print(f"repeats: {len(repeats)}  (inside incidents: {rep_in_cl})")
print(f"incidents: {len(clusters)}  by callers: {dict(sorted(sizes.items()))}  member lines: {sum(len(m) for m in clusters.values())}")
print(f"identities: {len(idents)}  using more than one channel: {multi_chan}")
print("kinds:", dict(sorted(kinds.items())))
print("channels:", dict(sorted(chan.items())))
print("address:", dict(addr))
print("coordinates:", dict(coords))
print("span of at:", rows[0]["at"], "-", rows[-1]["at"])

need = [(n >= 330, "at least 330 lines"), (len(repeats) >= 70, "at least 70 repeats"),
        (len(clusters) >= 15, "at least 15 incidents"), (all(hard[k] > 0 for k in HARD), "every hard-negative kind"),
        (kinds["repeat, other words"] > 0, "repeats in other words"), (kinds["repeat, angry/short"] > 0, "angry/short repeats"),
        (kinds["repeat, no address"] + kinds["repeat, empty address"] > 0 and addr["empty"] >= 2, "repeats without address"),
        (kinds["repeat, channel switch"] > 0, "channel switches"), (rep_in_cl > 0, "incident callers calling twice")]
for ok, what in need:
    if not ok: err("count: " + what)
if errors:
    print("\nFAILED:"); [print("  " + e) for e in errors]; sys.exit(1)
print("OK")
