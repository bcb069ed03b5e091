#!/usr/bin/env python3
"""Independent WeChat safe-mode implementation (Python `cryptography`, not the gateway's code) that writes
vectors.json for MiniProgramTests and the safe-mode demo example. Test tooling only:
    pip install cryptography && python3 generate_vectors.py
Random bytes and nonces are fixed so the output is reproducible."""
import base64, hashlib, json, os, struct
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

HERE = os.path.dirname(os.path.abspath(__file__))
TOKEN = "spamtest"
AES_KEY = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
APPID = "wx2c2769f8efd9abc2"
TIMESTAMP = "1795400000"  # TestRequests.fixedDate
NONCE = "1320562132"


def key_of(encoding_aes_key):
    return base64.b64decode(encoding_aes_key + "=")


def encrypt(message, appid, encoding_aes_key=AES_KEY, random16=b"0123456789abcdef", bad_padding=None):
    key = key_of(encoding_aes_key)
    plain = random16 + struct.pack(">I", len(message)) + message + appid.encode()
    pad = 32 - len(plain) % 32
    padding = bytes([pad]) * pad
    plain += padding
    if bad_padding == "zero":
        plain = plain[:-1] + b"\x00"  # a pad length of 0 is never valid
    elif bad_padding == "inconsistent":
        assert pad >= 2, "pick a message whose padding is at least 2 bytes"
        plain = plain[:-2] + bytes([plain[-2] ^ 0xFF]) + plain[-1:]  # the last byte says pad, the one before disagrees
    assert len(plain) % 32 == 0
    enc = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(enc.update(plain) + enc.finalize()).decode()


def sign(*parts):
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def xml_text(frm, content, msg_id, create=TIMESTAMP, to="gh_12345city"):
    return (f"<xml><ToUserName><![CDATA[{to}]]></ToUserName><FromUserName><![CDATA[{frm}]]></FromUserName>"
            f"<CreateTime>{create}</CreateTime><MsgType><![CDATA[text]]></MsgType>"
            f"<Content><![CDATA[{content}]]></Content><MsgId>{msg_id}</MsgId></xml>").encode()


def case(name, outer_format, inner, appid=APPID, bad_padding=None, encoding_aes_key=AES_KEY, token=TOKEN,
         timestamp=TIMESTAMP, nonce=NONCE, random16=b"0123456789abcdef"):
    encrypted = encrypt(inner, appid, encoding_aes_key, random16, bad_padding)
    if outer_format == "xml":
        body = f"<xml><ToUserName><![CDATA[gh_12345city]]></ToUserName><Encrypt><![CDATA[{encrypted}]]></Encrypt></xml>"
    else:
        body = json.dumps({"ToUserName": "gh_12345city", "Encrypt": encrypted})
    return {"name": name, "timestamp": timestamp, "nonce": nonce, "msg_signature": sign(token, timestamp, nonce, encrypted),
            "signature": sign(token, timestamp, nonce), "encrypt": encrypted, "body": body}


vectors = {
    "token": TOKEN, "encodingAESKey": AES_KEY, "appId": APPID,
    "cases": [
        case("xml-text", "xml", xml_text("oCitizen_xml_0001", "小区门口路灯坏了一个星期，晚上很黑，请尽快修理。", "7301234567890123456")),
        case("json-text", "json", json.dumps({
            "ToUserName": "gh_12345city", "FromUserName": "oCitizen_json_0002", "CreateTime": int(TIMESTAMP),
            "MsgType": "text", "Content": "公交 23 路早上 7 点后一直不来车", "MsgId": 7301234567890123457},
            ensure_ascii=False).encode()),
        case("json-event", "json", json.dumps({
            "ToUserName": "gh_12345city", "FromUserName": "oCitizen_json_0002", "CreateTime": int(TIMESTAMP),
            "MsgType": "event", "Event": "user_enter_tempsession", "SessionFrom": "home"}).encode()),
        case("wrong-appid", "xml", xml_text("oCitizen_xml_0001", "别的公众号的消息", "7301234567890123458"),
             appid="wx0000000000000000"),
        case("bad-padding-zero", "xml", xml_text("oCitizen_xml_0001", "填充不对", "7301234567890123459"), bad_padding="zero"),
        case("bad-padding-inconsistent", "xml", xml_text("oCitizen_xml_0001", "填充不一致", "7301234567890123461"),
             bad_padding="inconsistent"),
        case("other-key", "xml", xml_text("oCitizen_xml_0001", "另一个密钥", "7301234567890123460"),
             encoding_aes_key="ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut"),
    ],
}
with open(os.path.join(HERE, "vectors.json"), "w", encoding="utf-8") as f:
    json.dump(vectors, f, ensure_ascii=False, indent=2)
    f.write("\n")

# The demo's safe-mode example: the demo configures these credentials (see Config+MiniProgram.swift).
DEMO_TOKEN, DEMO_KEY, DEMO_APPID = "demo-wechat-token", "ZGVtb3dlY2hhdGVuY29kaW5nYWVza2V5MDEyMzQ1Njc", "wxdemo00000000001"
demo_ts, demo_nonce = "1795400000", "58213"
inner = xml_text("oDemoCitizen_0002", "我家楼下的垃圾桶已经三天没有清运了，气味很大。", "7301234567890100002",
                 create=demo_ts)
enc = encrypt(inner, DEMO_APPID, DEMO_KEY, b"demo-random-0002")
example = {
    "title": "WeChat push, safe mode (AES): a citizen's text message (encrypted with Python cryptography)",
    "method": "POST", "path": "/v1/intake/miniprogram",
    "query": {"signature": sign(DEMO_TOKEN, demo_ts, demo_nonce), "timestamp": demo_ts, "nonce": demo_nonce,
              "openid": "oDemoCitizen_0002", "encrypt_type": "aes",
              "msg_signature": sign(DEMO_TOKEN, demo_ts, demo_nonce, enc)},
    "headers": {"Content-Type": "text/xml"},
    "bodyText": f"<xml><ToUserName><![CDATA[gh_12345city]]></ToUserName><Encrypt><![CDATA[{enc}]]></Encrypt></xml>",
}
demo_dir = os.path.join(HERE, "..", "..", "..", "Channels", "MiniProgram", "Examples")
if os.path.isdir(demo_dir):
    with open(os.path.join(demo_dir, "02-wechat-safe-mode.json"), "w", encoding="utf-8") as f:
        json.dump(example, f, ensure_ascii=False, indent=2)
        f.write("\n")
    plain_nonce = "77031"
    plain = {
        "title": "WeChat push, plain mode XML: a citizen's text message",
        "method": "POST", "path": "/v1/intake/miniprogram",
        "query": {"signature": sign(DEMO_TOKEN, demo_ts, plain_nonce), "timestamp": demo_ts, "nonce": plain_nonce,
                  "openid": "oDemoCitizen_0001"},
        "headers": {"Content-Type": "text/xml"},
        "bodyText": xml_text("oDemoCitizen_0001", "南山区科技园地铁站 A 口的共享单车堆满了人行道，行人无法通过。",
                             "7301234567890100001", create=demo_ts).decode(),
    }
    with open(os.path.join(demo_dir, "01-wechat-plain-text.json"), "w", encoding="utf-8") as f:
        json.dump(plain, f, ensure_ascii=False, indent=2)
        f.write("\n")
