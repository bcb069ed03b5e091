#!/usr/bin/env python3
"""Validate heldout17.jsonl against BRIEF.md's format and label semantics; print counts."""
import json, re, sys, collections, os
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'heldout17.jsonl')
errs = []
def err(m): errs.append(m)
CH = {'web', 'sms', 'phone', 'police110', 'miniprogram', 'email'}
PHONE_CH = {'web', 'sms', 'phone', 'police110'}
PHONE_RE = re.compile(r'^(1[3-9]\d{9}|0755-8\d{7})$')
EMAIL_RE = re.compile(r'^[^@\s]+@[^@\s]+\.[a-z]{2,}$')
ID_RE = re.compile(r'^h(\d{3})-(\d+)$')
HARD = {'same caller, different matter', 'same place, different matter', 'neighbouring building', 'neighbouring crossing'}
RT = {'consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'}
KEYS = {'id', 'channel', 'at', 'phone', 'openId', 'email', 'text', 'requestType', 'address', 'lat', 'lng', 'crs', 'label', 'kind'}
rows = []
with open(path, encoding='utf-8') as fh:
    for i, line in enumerate(fh, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err('line %d: bad json %s' % (i, e))
byid = {}
prev_at = -1
for i, d in enumerate(rows, 1):
    extra = set(d) - KEYS
    if extra: err('%s: unknown keys %s' % (d.get('id'), extra))
    for k in ('id', 'channel', 'at', 'text', 'requestType', 'label', 'kind'):
        if k not in d: err('line %d: missing %s' % (i, k))
    m = ID_RE.match(d['id'])
    if not m: err('bad id %s' % d['id'])
    if d['id'] in byid: err('duplicate id %s' % d['id'])
    if d['channel'] not in CH: err('%s: bad channel' % d['id'])
    if not isinstance(d['at'], int) or not 0 <= d['at'] <= 13400: err('%s: bad at' % d['id'])
    if d['at'] < prev_at: err('%s: not ordered by at' % d['id'])
    prev_at = d['at']
    if d['requestType'] not in RT: err('%s: bad requestType' % d['id'])
    if not isinstance(d['text'], str) or not d['text'].strip(): err('%s: empty text' % d['id'])
    idk = [k for k in ('phone', 'openId', 'email') if k in d]
    if len(idk) != 1: err('%s: needs exactly one identity field, has %s' % (d['id'], idk))
    elif d['channel'] in PHONE_CH:
        if idk != ['phone'] or not PHONE_RE.match(d['phone']): err('%s: bad phone identity' % d['id'])
    elif d['channel'] == 'miniprogram':
        if idk != ['openId'] or not re.match(r'^o[\w-]{20,}$', d['openId']): err('%s: bad openId' % d['id'])
    elif d['channel'] == 'email':
        if idk != ['email'] or not EMAIL_RE.match(d['email']): err('%s: bad email' % d['id'])
    if 'address' in d and not isinstance(d['address'], str): err('%s: address not a string' % d['id'])
    geo = [k for k in ('lat', 'lng', 'crs') if k in d]
    if geo and len(geo) != 3: err('%s: partial coordinates' % d['id'])
    if len(geo) == 3:
        if d['crs'] not in ('wgs84', 'gcj02'): err('%s: bad crs' % d['id'])
        if not (18 < d['lat'] < 54 and 73 < d['lng'] < 136): err('%s: coords outside China' % d['id'])
    lab = d['label']
    if set(lab) != {'repeatOf', 'cluster'}: err('%s: label keys' % d['id'])
    byid[d['id']] = (i, d)

def ident(d):
    for k in ('phone', 'openId', 'email'):
        if k in d: return k + ':' + d[k]

clusters = collections.defaultdict(list)
for i, d in enumerate(rows, 1):
    r, c = d['label']['repeatOf'], d['label']['cluster']
    k = d['kind']
    if k in HARD and (r or c): err('%s: hard negative with a label' % d['id'])
    if r:
        if r not in byid: err('%s: repeatOf unknown %s' % (d['id'], r)); continue
        j, o = byid[r]
        if j >= i or o['at'] > d['at']: err('%s: repeatOf not earlier' % d['id'])
        if ident(o) != ident(d): err('%s: repeatOf different identity' % d['id'])
        if o['label']['repeatOf']: err('%s: repeatOf points at a repeat' % d['id'])
        if not k.startswith('repeat') and k != 'incident repeat': err('%s: repeat with kind %s' % (d['id'], k))
    elif k.startswith('repeat') or k == 'incident repeat':
        err('%s: kind %s but no repeatOf' % (d['id'], k))
    if c: clusters[c].append(d)
    elif k.startswith('incident'): err('%s: incident kind without cluster' % d['id'])

# earliest-ticket rule: repeatOf is the earliest ticket of that identity on the matter, i.e. the chain root
for c, ms in clusters.items():
    firsts = [d for d in ms if not d['label']['repeatOf']]
    ids = [ident(d) for d in firsts]
    if len(ids) != len(set(ids)): err('cluster %s: one identity reports twice without repeatOf' % c)
    if not 2 <= len(set(ids)) <= 4: err('cluster %s: %d callers (need 2-4)' % (c, len(set(ids))))
    for d in ms:
        r = d['label']['repeatOf']
        if r and byid[r][1]['label']['cluster'] != c: err('%s: repeat in cluster %s points outside it' % (d['id'], c))
    span = max(d['at'] for d in firsts) - min(d['at'] for d in firsts)
    if span > 48 * 60: err('cluster %s: first reports span %d min > 48h' % (c, span))
# ids within a group are numbered 0..n-1
groups = collections.defaultdict(list)
for d in rows:
    g, n = ID_RE.match(d['id']).groups(); groups[g].append(int(n))
for g, ns in groups.items():
    if sorted(ns) != list(range(len(ns))): err('group h%s: ids not 0..n-1' % g)
ats = [d['at'] for d in rows]
in_order = sum(1 for a, b in zip(rows, rows[1:]) if a['id'] > b['id'])

N = len(rows)
reps = [d for d in rows if d['label']['repeatOf']]
kinds = collections.Counter(d['kind'] for d in rows)
chans = collections.Counter(d['channel'] for d in rows)
noaddr = sum(1 for d in rows if 'address' not in d)
emptyaddr = [d for d in rows if d.get('address') == '']
coords = collections.Counter(d['crs'] for d in rows if 'crs' in d)
sizes = collections.Counter(len({ident(d) for d in ms}) for ms in clusters.values())
repeat_switch = sum(1 for d in reps if d['channel'] != byid[d['label']['repeatOf']][1]['channel'])
both = sum(1 for d in reps if d['label']['cluster'])
rt = collections.Counter(d['requestType'] for d in rows)
identities = collections.Counter(ident(d) for d in rows)

need = {
    'lines >= 330': N >= 330,
    'repeats >= 70': len(reps) >= 70,
    'incidents >= 15': len(clusters) >= 15,
    'some incident caller calls twice': both > 0,
    'kind same caller, different matter': kinds['same caller, different matter'] > 0,
    'kind same place, different matter': kinds['same place, different matter'] > 0,
    'kind neighbouring building': kinds['neighbouring building'] > 0,
    'kind neighbouring crossing': kinds['neighbouring crossing'] > 0,
    'repeats in other words': kinds['repeat, other words'] > 0,
    'angry/short repeats': kinds['repeat, angry short'] > 0,
    'web repeats with empty address': sum(1 for d in emptyaddr if d['channel'] == 'web' and d['label']['repeatOf']) >= 2,
    'repeats with missing address': sum(1 for d in reps if 'address' not in d) > 0,
    'channel switches': repeat_switch > 0,
    'ids not in at order': in_order > 0,
    'span about 13400': max(ats) <= 13400,
}
for k, ok in need.items():
    if not ok: err('requirement failed: ' + k)

print('lines', N, '| groups', len(groups), '| identities', len(identities))
print('repeats', len(reps), '(channel switch %d, repeat+cluster %d, without address field %d, empty address %d)'
      % (repeat_switch, both, sum(1 for d in reps if 'address' not in d), sum(1 for d in reps if d.get('address') == '')))
print('incidents', len(clusters), 'members', sum(len(v) for v in clusters.values()), 'by distinct callers', dict(sorted(sizes.items())))
print('kinds', dict(kinds.most_common()))
print('channels', dict(chans.most_common()))
print('requestType', dict(rt.most_common()))
print('address: no field %d, empty "" %d, non-empty %d' % (noaddr, len(emptyaddr), N - noaddr - len(emptyaddr)))
print('coordinates', sum(coords.values()), dict(coords))
print('at range', min(ats), max(ats))
if errs:
    print('\nFAIL (%d)' % len(errs)); [print(' -', e) for e in errs[:50]]; sys.exit(1)
print('OK')
