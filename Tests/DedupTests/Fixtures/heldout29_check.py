#!/usr/bin/env python3
"""Validate heldout29.jsonl against the brief (HELDOUT-BRIEF.md)'s format and label semantics; print counts."""
import json, os, re, sys
from collections import Counter, defaultdict

PATH = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), 'heldout29.jsonl')
SPAN = 13400
CHANNELS = {'web', 'sms', 'phone', 'police110', 'miniprogram', 'email'}
PHONE_CHANNELS = {'web', 'sms', 'phone', 'police110'}
RTYPES = {'consultation', 'help', 'complaint', 'report', 'suggestion', 'praise'}
HARD_NEG = {'same caller, different matter', 'same place, different matter',
            'neighbouring building', 'neighbouring crossing'}
REPEAT_KINDS = {'repeat', 'repeat, other words', 'repeat, angry short',
                'repeat, no address', 'repeat, channel switch'}
KINDS = HARD_NEG | REPEAT_KINDS | {'original', 'incident', 'incident, repeat'}
MOBILE = re.compile(r'^1[3-9]\d{9}$')
LANDLINE = re.compile(r'^0\d{3}-8\d{7}$')
OPENID = re.compile(r'^o[A-Za-z0-9_-]{27}$')
EMAIL = re.compile(r'^[A-Za-z0-9._-]+@[A-Za-z0-9.-]+\.[a-z]{2,}$')
ID = re.compile(r'^h(\d{3})-(\d+)$')

errors = []
def err(msg):
    errors.append(msg)

rows = []
with open(PATH, encoding='utf-8') as f:
    for n, line in enumerate(f, 1):
        try:
            rows.append(json.loads(line))
        except Exception as e:
            err(f'line {n}: bad JSON: {e}')

def ident(d):
    ch = d.get('channel')
    if ch in PHONE_CHANNELS:
        return 'phone:' + str(d.get('phone'))
    if ch == 'miniprogram':
        return 'openId:' + str(d.get('openId'))
    if ch == 'email':
        return 'email:' + str(d.get('email'))
    return None

byid, pos = {}, {}
prev_at = -1
for i, d in enumerate(rows):
    rid = d.get('id', f'#{i}')
    m = ID.match(str(d.get('id', '')))
    if not m:
        err(f'{rid}: bad id')
    if rid in byid:
        err(f'{rid}: duplicate id')
    byid[rid] = d
    pos[rid] = i
    at = d.get('at')
    if not isinstance(at, int) or not (0 <= at <= SPAN):
        err(f'{rid}: bad at {at!r}')
    elif at < prev_at:
        err(f'{rid}: not ordered by at')
    else:
        prev_at = at
    ch = d.get('channel')
    if ch not in CHANNELS:
        err(f'{rid}: bad channel {ch}')
    keys = {'phone', 'openId', 'email'} & set(d)
    if ch in PHONE_CHANNELS:
        if keys != {'phone'}:
            err(f'{rid}: {ch} needs exactly phone, has {keys}')
        elif not (MOBILE.match(d['phone']) or LANDLINE.match(d['phone'])):
            err(f'{rid}: bad phone {d["phone"]}')
    elif ch == 'miniprogram':
        if keys != {'openId'} or not OPENID.match(d['openId']):
            err(f'{rid}: bad openId')
    elif ch == 'email':
        if keys != {'email'} or not EMAIL.match(d['email']):
            err(f'{rid}: bad email')
    if not isinstance(d.get('text'), str) or not d['text'].strip():
        err(f'{rid}: empty text')
    if d.get('requestType') not in RTYPES:
        err(f'{rid}: bad requestType {d.get("requestType")}')
    if 'address' in d and not isinstance(d['address'], str):
        err(f'{rid}: address not a string')
    if d.get('address') == '' and not (ch == 'web' and d['label'].get('repeatOf')):
        err(f'{rid}: empty address only expected on web repeats')
    geo = [k in d for k in ('lat', 'lng', 'crs')]
    if any(geo) and not all(geo):
        err(f'{rid}: partial coordinates')
    if all(geo):
        if d['crs'] not in ('wgs84', 'gcj02') or not (20 < d['lat'] < 40 and 90 < d['lng'] < 110):
            err(f'{rid}: bad coordinates')
    lab = d.get('label')
    if not isinstance(lab, dict) or set(lab) != {'repeatOf', 'cluster'}:
        err(f'{rid}: bad label {lab}')
        continue
    k = d.get('kind')
    if k not in KINDS:
        err(f'{rid}: bad kind {k}')
    r, c = lab['repeatOf'], lab['cluster']
    if k in HARD_NEG or k == 'original':
        if r is not None or c is not None:
            err(f'{rid}: {k} must have both labels null')
    if k in REPEAT_KINDS and (r is None or c is not None):
        err(f'{rid}: {k} needs repeatOf and no cluster')
    if k == 'incident' and (r is not None or c is None):
        err(f'{rid}: incident needs cluster only')
    if k == 'incident, repeat' and (r is None or c is None):
        err(f'{rid}: incident repeat needs both')

# identity consistency: one identity belongs to one hand-written group
group_of = defaultdict(set)
for d in rows:
    group_of[ident(d)].add(d['id'].split('-')[0])
for who, gs in group_of.items():
    if len(gs) > 1:
        err(f'identity {who} appears in several groups {sorted(gs)}')

# repeat semantics
for d in rows:
    r = d['label']['repeatOf']
    if r is None:
        continue
    t = byid.get(r)
    if t is None:
        err(f'{d["id"]}: repeatOf {r} missing'); continue
    if pos[r] >= pos[d['id']] or t['at'] >= d['at']:
        err(f'{d["id"]}: repeatOf {r} is not earlier')
    if ident(t) != ident(d):
        err(f'{d["id"]}: repeatOf {r} has another identity')
    if t['label']['repeatOf'] is not None:
        err(f'{d["id"]}: repeatOf {r} is itself a repeat')
    if d['id'].split('-')[0] != r.split('-')[0]:
        err(f'{d["id"]}: repeat outside its group')
    if d['label']['cluster'] != t['label']['cluster'] and d['label']['cluster'] is not None:
        err(f'{d["id"]}: incident repeat points outside its cluster')
    # earliest same-identity ticket on this matter: no earlier non-repeat line of the identity
    # in the same group with the same target is allowed to precede the target
    for e in rows:
        if e['label']['repeatOf'] == d['id']:
            err(f'{e["id"]}: points at a repeat')

# cluster semantics
clusters = defaultdict(list)
for d in rows:
    if d['label']['cluster']:
        clusters[d['label']['cluster']].append(d)
for name, ms in clusters.items():
    firsts = [m for m in ms if m['label']['repeatOf'] is None]
    ids = [ident(m) for m in firsts]
    if len(set(ids)) != len(ids):
        err(f'{name}: two first reports by one identity')
    if not (2 <= len(set(ids)) <= 4):
        err(f'{name}: {len(set(ids))} callers, need 2-4')
    if len({m['id'].split('-')[0] for m in ms}) != 1:
        err(f'{name}: members in several groups')
    if max(m['at'] for m in firsts) - min(m['at'] for m in firsts) > 2880:
        err(f'{name}: first reports spread over more than 48 h')
    if ms[0]['label']['repeatOf'] is not None:
        err(f'{name}: earliest member is a repeat')

# counts
n = len(rows)
reps = [d for d in rows if d['label']['repeatOf']]
kinds = Counter(d['kind'] for d in rows)
chan = Counter(d['channel'] for d in rows)
switch = sum(1 for d in reps if byid[d['label']['repeatOf']]['channel'] != d['channel'])
rep_noaddr = sum(1 for d in reps if not d.get('address'))
rep_empty = sum(1 for d in reps if d.get('address') == '')
addr = Counter('missing' if 'address' not in d else ('empty' if d['address'] == '' else 'present') for d in rows)
crs = Counter(d.get('crs', 'none') for d in rows)
sizes = Counter(len({ident(m) for m in ms}) for ms in clusters.values())
cl_rep = sum(1 for d in reps if d['label']['cluster'])
rtype = Counter(d['requestType'] for d in rows)
groups = len({d['id'].split('-')[0] for d in rows})
identities = len({ident(d) for d in rows})

need = [(n >= 330, f'lines {n} < 330'), (len(reps) >= 70, f'repeats {len(reps)} < 70'),
        (len(clusters) >= 15, f'incidents {len(clusters)} < 15'), (cl_rep >= 1, 'no incident repeats'),
        (switch >= 1, 'no channel switches'), (rep_noaddr >= 1, 'no address-less repeats'),
        (kinds['repeat, other words'] >= 1, 'no other-words repeats'),
        (kinds['repeat, angry short'] >= 1, 'no angry/short repeats'),
        (set(chan) == CHANNELS, f'channels missing {CHANNELS - set(chan)}')]
need += [(kinds[k] >= 1, f'no {k}') for k in HARD_NEG]
for ok, msg in need:
    if not ok:
        err(msg)

print(f'lines {n}, groups {groups}, identities {identities}')
print(f'repeats {len(reps)} (channel switch {switch}, no/empty address {rep_noaddr} of which empty "" {rep_empty}, in incidents {cl_rep})')
print(f'incidents {len(clusters)}, by callers: {dict(sorted(sizes.items()))}, lines in incidents {sum(len(v) for v in clusters.values())}')
print('kinds:', dict(kinds.most_common()))
print('channels:', dict(chan.most_common()))
print('requestType:', dict(rtype.most_common()))
print('address:', dict(addr), ' coordinates:', dict(crs))
print(f'hard negatives {sum(kinds[k] for k in HARD_NEG)} (all labels null)')
if errors:
    print('\nFAIL:')
    for e in errors:
        print('  ' + e)
    sys.exit(1)
print('OK')
