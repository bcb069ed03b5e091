#!/usr/bin/env python3
"""Writes the fuzz seed corpus (Tests/Fuzz/Corpus/<target>/) from the shipped examples and test fixtures.

Run from the repository root; the output is committed. Each target's input format is described in its
Tests/Fuzz/Sources/<target>/main.swift: `name: value` head lines, an empty line, the body, for the request-shaped
targets; the raw body for the others."""
import base64, glob, hashlib, json, os, shutil, struct
from urllib.parse import urlencode

OUT = "Tests/Fuzz/Corpus"
corpus = {}

def add(target, data):
    if isinstance(data, str):
        data = data.encode()
    corpus.setdefault(target, []).append(data)

def example_body(ex, folder):
    if "bodyText" in ex:
        return ex["bodyText"].encode()
    if "bodyFile" in ex:
        return open(os.path.join(folder, ex["bodyFile"]), "rb").read()
    if "body" in ex:
        return json.dumps(ex["body"], ensure_ascii=False).encode()
    return b""

def head(ex, extra=()):
    lines = list(extra)
    if ex.get("method"):
        lines.append("method: " + ex["method"])
    if ex.get("query"):
        lines.append("query: " + urlencode(ex["query"]))
    for k, v in ex.get("headers", {}).items():
        lines.append(f"{k.lower()}: {v}")
    return ("\n".join(lines) + "\n\n").encode()

def examples(channel):
    folder = f"Channels/{channel}/Examples"
    for path in sorted(glob.glob(folder + "/*.json")):
        ex = json.load(open(path))
        if "path" in ex:
            yield ex, example_body(ex, folder)

jsons = []
for ex, body in examples("WebForm"):
    add("FuzzWebForm", head(ex) + body)
    if ex["headers"].get("Content-Type", "").startswith("application/json"):
        jsons.append(body)
    else:
        add("FuzzFormData", b"application/x-www-form-urlencoded\n" + body)
# A multipart form with a photo (PNG magic) and an RFC 2231 filename.
boundary = "----fuzzseed7d9a"
mp = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n"
      "路灯不亮，请维修。\r\n"
      f"--{boundary}\r\nContent-Disposition: form-data; name=\"address\"\r\n\r\n福田区莲花路88号\r\n"
      f"--{boundary}\r\nContent-Disposition: form-data; name=\"photos\"; filename*=UTF-8''%E7%85%A7%E7%89%87.png\r\n"
      "Content-Type: image/png\r\n\r\n").encode() + b"\x89PNG\r\n\x1a\n" + bytes(24) + f"\r\n--{boundary}--\r\n".encode()
add("FuzzWebForm", f"content-type: multipart/form-data; boundary={boundary}\n\n".encode() + mp)
add("FuzzFormData", f"multipart/form-data; boundary={boundary}; filename*=gbk''%C2%B7\n".encode() + mp)

for ex, body in examples("SMS"):
    provider = ex["path"].rsplit("/", 1)[-1]
    add("FuzzSMS", head(ex, [f"provider: {provider}"]) + body)
    jsons.append(body)
    if provider == "cmpp":
        b = ex["body"]
        content = base64.b64decode(b["Msg_Content"]) if "Msg_Content" in b else b""
        fmt = {0: 0, 8: 1, 15: 2}.get(int(b.get("Msg_Fmt", 0)), 0)
        add("FuzzCMPPUserData", bytes([fmt << 1 | int(b.get("TP_udhi", 0))]) + content)

for ex, body in examples("Phone"):
    add("FuzzPhone", body)
    jsons.append(body)
for path in sorted(glob.glob("Tests/PhoneTests/Fixtures/*.json")):
    add("FuzzPhone", open(path, "rb").read())

for ex, body in examples("Police110"):
    add("FuzzPolice110", body)
    jsons.append(body)
for path in sorted(glob.glob("Tests/Police110Tests/Fixtures/*.json")):
    add("FuzzPolice110", open(path, "rb").read())

for ex, body in examples("MiniProgram"):
    if ex["path"].endswith("/submissions") or ex.get("headers", {}).get("Content-Type") == "application/json":
        add("FuzzMiniProgram", body)
        jsons.append(body)
    else:
        add("FuzzWeChat", head(ex) + body)

vectors = json.load(open("Tests/MiniProgramTests/Fixtures/vectors.json"))
for v in vectors.get("vectors", vectors.get("cases", [])):
    if isinstance(v, dict) and "encrypt" in v:
        add("FuzzWeChatCrypto", "=" + v["encrypt"])
# Plaintext layouts (16 random bytes | length | message | appid | PKCS#7 to 32) for the key's appid.
appid = vectors["appId"].encode()
for message in [b"<xml><ToUserName><![CDATA[gh_12345city]]></ToUserName><FromUserName><![CDATA[oDemoCitizen_0002]]></FromUserName>"
                b"<CreateTime>1795400000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[\xe8\xb7\xaf\xe7\x81\xaf\xe5\x9d\x8f\xe4\xba\x86]]></Content>"
                b"<MsgId>24000000000000001</MsgId></xml>",
                json.dumps({"FromUserName": "oDemo", "MsgType": "event", "Event": "subscribe", "CreateTime": 1795400000}).encode()]:
    plain = bytes(range(16)) + struct.pack(">I", len(message)) + message + appid
    pad = 32 - len(plain) % 32
    add("FuzzWeChatCrypto", plain + bytes([pad]) * pad)

emails = sorted(glob.glob("Channels/Email/Examples/*.eml") + glob.glob("Tests/EmailTests/Fixtures/*.eml"))
for path in emails:
    raw = open(path, "rb").read()
    add("FuzzEmail", raw)
    sep = raw.find(b"\r\n\r\n") if b"\r\n\r\n" in raw else raw.find(b"\n\n")
    add("FuzzMIMEHeaders", raw[:sep] if sep > 0 else raw)

for body in jsons:
    add("FuzzJSON", body)
add("FuzzJSON", b'{"a":[1,-0.5e-3,true,false,null,"\\u00e9\\ud83d\\ude00\\n"],"b":{}}')

add("FuzzNormalizer", "路灯坏了\0福田区莲花路88号莲花北小区东门路灯损坏一个多星期，\r\n夜间无照明。\u0007\ufdd0\0张三\0福田区 莲花路88号（东门）\0福田区\0+86 139-1234-5678\0a@example.cn\0oDemo\012345")
add("FuzzNormalizer", "\0 \t\r\n\u0085\u200b\0\0\0\0(0755)12345678-123\0\0\0")

if os.path.isdir(OUT):
    shutil.rmtree(OUT)
for target, items in sorted(corpus.items()):
    os.makedirs(f"{OUT}/{target}")
    for data in items:
        assert len(data) <= 16384, (target, len(data))
        with open(f"{OUT}/{target}/{hashlib.sha1(data).hexdigest()}", "wb") as f:
            f.write(data)
    print(f"{target}: {len(set(items))} seeds")
