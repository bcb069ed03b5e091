#!/usr/bin/env python3
"""Check heldout3.jsonl against BRIEF.md's format and label semantics; print counts.

usage: python3 check.py [heldout3.jsonl]
"""
import json, re, sys
from collections import Counter, defaultdict
from itertools import combinations

path = sys.argv[1] if len(sys.argv) > 1 else 'heldout3.jsonl'
rows = [json.loads(l) for l in open(path, encoding='utf-8') if l.strip()]
errs = []
def err(msg): errs.append(msg)

CH = {'web', 'sms', 'phone', 'police110', 'miniprogram', 'email'}
IDF = {'phone': 'phone', 'sms': 'phone', 'police110': 'phone', 'web': 'phone', 'miniprogram': 'openId', 'email': 'email'}
RT = {'consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'}
HARD = {'same caller, different matter', 'same place, different matter', 'neighbouring building', 'neighbouring crossing'}
MOBILE = re.compile(r'^1[3-9]\d{9}$'); LAND = re.compile(r'^0\d{2,3}-\d{7,8}$')
OPENID = re.compile(r'^o[A-Za-z0-9_-]{27}$'); EMAIL = re.compile(r'^[^@\s]+@[^@\s]+\.[a-z]+$')
ALLOWED = {'id', 'channel', 'at', 'phone', 'openId', 'email', 'text', 'requestType', 'address', 'lat', 'lng', 'crs', 'label', 'kind'}

def ident(r): return r.get(IDF.get(r['channel'], 'phone'))
def group(r): return r['id'].split('-')[0]

byid = {}
for i, r in enumerate(rows):
    if r['id'] in byid: err(f"duplicate id {r['id']}")
    byid[r['id']] = (i, r)
    if not re.match(r'^h\d{3}-\d+$', r['id']): err(f"bad id {r['id']}")
    if set(r) - ALLOWED: err(f"{r['id']}: unknown fields {set(r) - ALLOWED}")
    if r['channel'] not in CH: err(f"{r['id']}: channel {r['channel']}")
    f = IDF[r['channel']]
    present = [k for k in ('phone', 'openId', 'email') if k in r]
    if present != [f]: err(f"{r['id']}: identity fields {present}, want [{f}]")
    v = r.get(f, '')
    ok = {'phone': lambda s: MOBILE.match(s) or LAND.match(s), 'openId': OPENID.match, 'email': EMAIL.match}[f](v)
    if not ok: err(f"{r['id']}: bad {f} {v!r}")
    if r['channel'] == 'sms' and not MOBILE.match(v): err(f"{r['id']}: sms from a landline")
    if r['requestType'] not in RT: err(f"{r['id']}: requestType {r['requestType']}")
    if not isinstance(r['at'], int) or not 0 <= r['at'] <= 13400: err(f"{r['id']}: at {r['at']}")
    if not r['text'].strip(): err(f"{r['id']}: empty text")
    geo = [k in r for k in ('lat', 'lng', 'crs')]
    if any(geo) and not all(geo): err(f"{r['id']}: partial coordinates")
    if 'crs' in r and r['crs'] not in ('wgs84', 'gcj02', 'bd09'): err(f"{r['id']}: crs {r['crs']}")
    if 'lat' in r and not (39.95 < r['lat'] < 40.2 and 113.15 < r['lng'] < 113.45): err(f"{r['id']}: coordinates off the city")
    if i and rows[i - 1]['at'] > r['at']: err(f"not sorted by at at line {i + 1}")
    lab = r['label']
    if set(lab) != {'repeatOf', 'cluster'}: err(f"{r['id']}: label keys {set(lab)}")
    k = r['kind']
    if k in HARD and (lab['repeatOf'] or lab['cluster']): err(f"{r['id']}: hard negative with a label")
    if k == 'original' and (lab['repeatOf'] or lab['cluster']): err(f"{r['id']}: original with a label")
    if k.startswith('repeat') and (not lab['repeatOf'] or lab['cluster']): err(f"{r['id']}: repeat kind but labels {lab}")
    if k == 'incident' and (lab['repeatOf'] or not lab['cluster']): err(f"{r['id']}: incident kind but labels {lab}")
    if k == 'incident, repeat' and not (lab['repeatOf'] and lab['cluster']): err(f"{r['id']}: incident repeat kind but labels {lab}")

# repeatOf: earlier line, same identity, never a repeat, earliest of that identity in the scenario
for i, r in enumerate(rows):
    t = r['label']['repeatOf']
    if not t: continue
    if t not in byid: err(f"{r['id']}: repeatOf {t} unknown"); continue
    j, o = byid[t]
    if j >= i or o['at'] > r['at']: err(f"{r['id']}: repeatOf {t} is not earlier")
    if ident(o) != ident(r): err(f"{r['id']}: repeatOf {t} has another identity")
    if o['label']['repeatOf']: err(f"{r['id']}: repeatOf {t}, which is itself a repeat")
    if group(o) != group(r): err(f"{r['id']}: repeatOf {t} in another scenario")
    earlier = [x for x in rows[:j] if ident(x) == ident(r) and group(x) == group(r)]
    if earlier: err(f"{r['id']}: {t} is not the earliest ticket of this identity in the scenario")
    if r['label']['cluster'] != o['label']['cluster']: err(f"{r['id']}: cluster differs from its original's")

# clusters: >= 2 identities, one scenario, within 48 h
clusters = defaultdict(list)
for r in rows:
    if r['label']['cluster']: clusters[r['label']['cluster']].append(r)
pairs = pairs_diff = 0
for c, ms in clusters.items():
    ids = {ident(m) for m in ms}
    if len(ids) < 2: err(f"cluster {c}: only {len(ids)} identity")
    if len({group(m) for m in ms}) != 1: err(f"cluster {c}: spans scenarios")
    if ms[-1]['at'] - ms[0]['at'] > 2880: err(f"cluster {c}: spans more than 48 h")
    for a, b in combinations(ms, 2):
        pairs += 1; pairs_diff += ident(a) != ident(b)

# one identity string belongs to one scenario (stories do not leak into each other)
owner = {}
for r in rows:
    if owner.setdefault(ident(r), group(r)) != group(r): err(f"identity {ident(r)} used in two scenarios")

# ---- counts ----
kinds = Counter(r['kind'] for r in rows)
print(f"file: {path}")
print(f"lines: {len(rows)}; scenarios: {len({group(r) for r in rows})}; identities: {len({ident(r) for r in rows})}; at {rows[0]['at']}..{rows[-1]['at']}")
print("\n| kind | lines | repeatOf set | cluster set |\n|---|---:|---:|---:|")
for k, n in sorted(kinds.items(), key=lambda x: -x[1]):
    print(f"| {k} | {n} | {sum(1 for r in rows if r['kind'] == k and r['label']['repeatOf'])} | {sum(1 for r in rows if r['kind'] == k and r['label']['cluster'])} |")
print(f"| **total** | {len(rows)} | {sum(1 for r in rows if r['label']['repeatOf'])} | {sum(1 for r in rows if r['label']['cluster'])} |")
nrep = sum(1 for r in rows if r['label']['repeatOf'])
print(f"\nrepeats: {nrep} (of which in incidents: {sum(1 for r in rows if r['label']['repeatOf'] and r['label']['cluster'])}); "
      f"repeats switching channel: {sum(1 for r in rows if r['label']['repeatOf'] and byid[r['label']['repeatOf']][1]['channel'] != r['channel'])}")
print(f"incidents: {len(clusters)}; members: {sum(map(len, clusters.values()))}; callers per incident: "
      f"{dict(sorted(Counter(len({ident(m) for m in ms}) for ms in clusters.values()).items()))}; "
      f"same-cluster pairs: {pairs} (different identities: {pairs_diff})")
print(f"hard negatives: {sum(kinds[k] for k in HARD)}; originals (both labels null, kind original): {kinds['original']}")
print(f"channels: {dict(Counter(r['channel'] for r in rows).most_common())}")
print(f"identity kinds: mobile {sum(1 for s in {ident(r) for r in rows} if MOBILE.match(s))}, landline {sum(1 for s in {ident(r) for r in rows} if LAND.match(s))}, "
      f"openId {sum(1 for s in {ident(r) for r in rows} if OPENID.match(s))}, email {sum(1 for s in {ident(r) for r in rows} if EMAIL.match(s))}")
print(f"address: present {sum(1 for r in rows if r.get('address'))}, empty \"\" {sum(1 for r in rows if r.get('address') == '')}, missing {sum(1 for r in rows if 'address' not in r)}")
print(f"coordinates: {sum(1 for r in rows if 'lat' in r)} lines, crs {dict(Counter(r['crs'] for r in rows if 'crs' in r).most_common())}")
print(f"requestType: {dict(Counter(r['requestType'] for r in rows).most_common())}")
print(f"\nerrors: {len(errs)}")
for e in errs: print('  ' + e)
sys.exit(1 if errs else 0)
