"""Validate heldout14.jsonl: format and every label invariant of the brief.

Run: python3 check.py [path]   (exit code 0 = pass)
The matter tags (hand-written in the scenario files) are used to check that a
repeat points at the earliest ticket of the same identity about the same matter
and that no same-identity same-matter line was left unlabelled.
"""
import collections, json, os, re, sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "heldout14.jsonl")

CHANNELS = {"web", "sms", "phone", "police110", "miniprogram", "email"}
IDFIELD = {"phone": "phone", "sms": "phone", "police110": "phone", "web": "phone",
           "miniprogram": "openId", "email": "email"}
RTYPES = {"consultation", "help", "complaint", "report", "suggestion", "praise"}
HARD = {"same caller, different matter", "same place, different matter",
        "neighbouring building", "neighbouring crossing"}
KEYS = {"id", "channel", "at", "phone", "openId", "email", "text", "requestType", "address",
        "lat", "lng", "crs", "label", "kind"}
MOBILE = re.compile(r"^1[3-9]\d{9}$")
LANDLINE = re.compile(r"^0\d{2,3}-\d{7,8}$")
OPENID = re.compile(r"^o[A-Za-z0-9_-]{27}$")
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$")
SPAN = 13400
WINDOW = 48 * 60

errors = []


def err(msg):
    errors.append(msg)


rows = []
with open(PATH, encoding="utf-8") as f:
    for i, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:  # noqa
            err("line %d: bad JSON: %s" % (i, e))

byid = {}
prev_at = -1
for i, r in enumerate(rows, 1):
    rid = r.get("id")
    if not isinstance(rid, str) or not re.match(r"^h\d{3}-\d+$", rid):
        err("line %d: bad id %r" % (i, rid)); continue
    if rid in byid:
        err("%s: duplicate id" % rid)
    byid[rid] = r
    extra = set(r) - KEYS
    if extra:
        err("%s: unknown keys %s" % (rid, extra))
    ch = r.get("channel")
    if ch not in CHANNELS:
        err("%s: bad channel %r" % (rid, ch)); continue
    want = IDFIELD[ch]
    present = [k for k in ("phone", "openId", "email") if k in r]
    if present != [want]:
        err("%s: identity fields %s, want exactly %s for %s" % (rid, present, want, ch))
    v = r.get(want)
    ok = {"phone": lambda s: bool(MOBILE.match(s) or LANDLINE.match(s)),
          "openId": lambda s: bool(OPENID.match(s)), "email": lambda s: bool(EMAIL.match(s))}[want]
    if not isinstance(v, str) or not ok(v):
        err("%s: bad %s %r" % (rid, want, v))
    at = r.get("at")
    if not isinstance(at, int) or isinstance(at, bool) or not 0 <= at <= SPAN:
        err("%s: at %r out of range" % (rid, at))
    elif at < prev_at:
        err("%s: not sorted by at" % rid)
    else:
        prev_at = at
    if not isinstance(r.get("text"), str) or not r["text"].strip():
        err("%s: empty text" % rid)
    if r.get("requestType") not in RTYPES:
        err("%s: bad requestType %r" % (rid, r.get("requestType")))
    if "address" in r and not isinstance(r["address"], str):
        err("%s: address not a string" % rid)
    geo = [k in r for k in ("lat", "lng", "crs")]
    if any(geo) and not all(geo):
        err("%s: lat/lng/crs must come together" % rid)
    if all(geo):
        if r["crs"] not in ("wgs84", "gcj02"):
            err("%s: bad crs" % rid)
        if not (35.9 < r["lat"] < 36.3 and 111.3 < r["lng"] < 111.8):
            err("%s: coordinates outside the city" % rid)
    lab = r.get("label")
    if not isinstance(lab, dict) or set(lab) != {"repeatOf", "cluster"}:
        err("%s: label must have exactly repeatOf and cluster" % rid); continue
    if not isinstance(r.get("kind"), str) or not r["kind"]:
        err("%s: missing kind" % rid)

order = {r["id"]: n for n, r in enumerate(rows)}


def group(rid):
    return rid.split("-")[0]


def ident(r):
    return r.get(IDFIELD.get(r.get("channel"), "phone"))


# identities never shared across groups (so repeats cannot cross scenarios)
idgroups = collections.defaultdict(set)
for r in rows:
    idgroups[ident(r)].add(group(r["id"]))
for v, gs in idgroups.items():
    if len(gs) > 1:
        err("identity %s used in groups %s" % (v, sorted(gs)))

# matter tags from the scenario files
matter = {}
try:
    import assemble
    for sc in assemble.scenarios():
        for n, l in enumerate(sc["lines"]):
            matter["h%03d-%d" % (sc["gid"], n)] = l["m"]
    fresh = assemble.build()
    if [json.dumps(x, sort_keys=True) for x in fresh] != [json.dumps(x, sort_keys=True) for x in rows]:
        err("heldout14.jsonl differs from a fresh assembly of the scenario files")
except ImportError:
    # In the repository (Tests/DedupTests/Fixtures) the scenario files are not there: the writer's matter tags were
    # exported by the lead to heldout14.matters.json (id -> tag), read instead.
    matter = json.load(open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "heldout14.matters.json"), encoding="utf-8"))
except Exception as e:  # noqa
    err("cannot load scenario files: %r" % (e,))

# repeats
for r in rows:
    rid, lab, kind = r["id"], r["label"], r.get("kind", "")
    t = lab["repeatOf"]
    if kind in HARD and (t is not None or lab["cluster"] is not None):
        err("%s: hard negative (%s) with a label" % (rid, kind))
    if kind.startswith("repeat") != (t is not None):
        err("%s: kind %r disagrees with repeatOf %r" % (rid, kind, t))
    if kind.startswith("incident") and lab["cluster"] is None:
        err("%s: incident without cluster" % rid)
    if t is None:
        continue
    o = byid.get(t)
    if o is None:
        err("%s: repeatOf %s does not exist" % (rid, t)); continue
    if group(t) != group(rid):
        err("%s: repeatOf %s in another scenario" % (rid, t))
    if ident(o) != ident(r):
        err("%s: repeatOf %s has another identity" % (rid, t))
    if not (o["at"] < r["at"] and order[t] < order[rid]):
        err("%s: repeatOf %s is not earlier" % (rid, t))
    if o["label"]["repeatOf"] is not None:
        err("%s: repeatOf %s which is itself a repeat" % (rid, t))
    if matter and matter.get(t) != matter.get(rid):
        err("%s: repeatOf %s about another matter" % (rid, t))
    if o["label"]["cluster"] is not None and o["label"]["cluster"] != r["label"]["cluster"]:
        err("%s: repeat of incident member %s must carry cluster %s" % (rid, t, o["label"]["cluster"]))
    # earliest earlier line of the same identity in the scenario (about the same matter)
    same = [x for x in rows if group(x["id"]) == group(rid) and ident(x) == ident(r)
            and order[x["id"]] < order[rid] and (not matter or matter.get(x["id"]) == matter.get(rid))]
    if same and same[0]["id"] != t:
        err("%s: repeatOf %s but earliest is %s" % (rid, t, same[0]["id"]))
    earlier_any = [x for x in rows if group(x["id"]) == group(rid) and ident(x) == ident(r)
                   and order[x["id"]] < order[rid]]
    if earlier_any and earlier_any[0]["id"] != t and (not matter or matter.get(earlier_any[0]["id"]) == matter.get(rid)):
        err("%s: not the earliest earlier line of its identity" % rid)

# completeness: a later same-identity same-matter line must be a repeat
if matter:
    seen = {}
    for r in rows:
        key = (group(r["id"]), ident(r), matter.get(r["id"]))
        if key in seen and r["label"]["repeatOf"] is None:
            err("%s: same identity and matter as %s but no repeatOf" % (r["id"], seen[key]))
        seen.setdefault(key, r["id"])

# clusters
clusters = collections.defaultdict(list)
for r in rows:
    if r["label"]["cluster"] is not None:
        c = r["label"]["cluster"]
        if not isinstance(c, str) or not c:
            err("%s: bad cluster name" % r["id"])
        clusters[c].append(r)
for c, mem in clusters.items():
    ids = {ident(x) for x in mem}
    if not 2 <= len(ids) <= 4:
        err("cluster %s: %d distinct callers (need 2-4)" % (c, len(ids)))
    if len({group(x["id"]) for x in mem}) != 1:
        err("cluster %s spans scenarios" % c)
    if max(x["at"] for x in mem) - min(x["at"] for x in mem) > WINDOW:
        err("cluster %s spans more than 48 h" % c)
    if matter and len({matter[x["id"]] for x in mem}) != 1:
        err("cluster %s mixes matters" % c)
    first = min(mem, key=lambda x: order[x["id"]])
    if first["label"]["repeatOf"] is not None:
        err("cluster %s: first report is a repeat" % c)

# counts and coverage
n = len(rows)
reps = sum(1 for r in rows if r["label"]["repeatOf"])
twice = sum(1 for c, mem in clusters.items() if any(x["label"]["repeatOf"] for x in mem))
kinds = collections.Counter(r["kind"] for r in rows)
chans = collections.Counter(r["channel"] for r in rows)
noaddr = sum(1 for r in rows if "address" not in r)
emptyaddr_webrep = sum(1 for r in rows if r.get("address") == "" and r["channel"] == "web" and r["label"]["repeatOf"])
noaddr_rep = sum(1 for r in rows if r["label"]["repeatOf"] and not r.get("address"))
if n < 330: err("only %d lines" % n)
if reps < 70: err("only %d repeats" % reps)
if len(clusters) < 15: err("only %d incidents" % len(clusters))
if twice < 1: err("no incident where a caller calls twice")
if emptyaddr_webrep < 2: err("fewer than 2 web repeats with an empty address")
for k in HARD | {"repeat, other words", "repeat, angry short"}:
    if kinds[k] < 1:
        err("no line of kind %r" % k)
for c in CHANNELS:
    if chans[c] < 1:
        err("no line on channel %s" % c)

sizes = collections.Counter(len({ident(x) for x in m}) for m in clusters.values())
print("lines %d  repeats %d  incidents %d (callers per incident %s; %d with a caller calling twice)" %
      (n, reps, len(clusters), dict(sorted(sizes.items())), twice))
print("clustered lines %d  repeats inside incidents %d" %
      (sum(len(m) for m in clusters.values()), sum(1 for m in clusters.values() for x in m if x["label"]["repeatOf"])))
print("kinds", dict(sorted(kinds.items())))
print("channels", dict(sorted(chans.items())))
print("no address field %d  empty address %d (web repeats %d)  repeats without address %d  with coordinates %d (gcj02 %d)" %
      (noaddr, sum(1 for r in rows if r.get("address") == ""), emptyaddr_webrep, noaddr_rep,
       sum(1 for r in rows if "lat" in r), sum(1 for r in rows if r.get("crs") == "gcj02")))
print("at range %d..%d  identities %d  groups %d" % (rows[0]["at"], rows[-1]["at"], len(idgroups),
                                                     len({group(r["id"]) for r in rows})))
if errors:
    print("\nFAIL: %d problem(s)" % len(errors))
    for e in errors[:80]:
        print(" -", e)
    sys.exit(1)
print("\nPASS")
