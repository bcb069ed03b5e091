"""Schemathesis hooks for the contract test (Tests/Scripts/check_served_contract.py; kept out of Tests/Scripts/*.py, which run-tests.sh runs):
- Standard Webhooks signatures on the partner channels' requests, computed over the exact bytes sent (a requests auth
  object runs after the body is serialized), with the same secrets the gateway under test is given;
- a generator and serializer for message/rfc822 (POST /v1/intake/email), which schemathesis does not know."""
import base64
import hashlib
import hmac
import json
import os
import time
import uuid

import requests
import schemathesis
from hypothesis import strategies as st

SECRETS = json.loads(os.environ["INTAKE_CONTRACT_SECRETS"])
SIGNED = {"/v1/intake/phone": "phone", "/v1/intake/phone/missed": "phone", "/v1/intake/email": "email",
          "/v1/intake/police110": "police110", "/v1/intake/miniprogram/submissions": "miniprogram"}


class StandardWebhooks(requests.auth.AuthBase):
    def __init__(self, secret):
        self.key = base64.b64decode(secret.removeprefix("whsec_"))

    def __call__(self, request):
        body = request.body or b""
        if isinstance(body, str):
            body = body.encode()
        msg_id, ts = "msg_" + uuid.uuid4().hex, str(int(time.time()))
        mac = hmac.new(self.key, f"{msg_id}.{ts}.".encode() + body, hashlib.sha256).digest()
        request.headers["webhook-id"] = msg_id
        request.headers["webhook-timestamp"] = ts
        request.headers["webhook-signature"] = "v1," + base64.b64encode(mac).decode()
        return request


# A 1x1 PNG. Photos are checked by their bytes (JPEG, PNG, WebP, GIF, HEIC, PDF signatures), which no schema can say;
# valid cases carry a real image so the rest of the submission is what gets tested.
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def with_real_photos(case):
    if case.operation.path != "/v1/intake/web" or not isinstance(case.body, dict):
        return
    if isinstance(case.body.get("attachments"), list):
        for item in case.body["attachments"]:
            if isinstance(item, dict):
                item["data"] = base64.b64encode(PNG).decode()
    if isinstance(case.body.get("photo"), list):
        case.body["photo"] = [PNG for _ in case.body["photo"]]


@schemathesis.hook
def before_call(context, case, kwargs):
    channel = SIGNED.get(case.operation.path)
    if case.operation.path == "/v1/intake/sms/{provider}" and (case.path_parameters or {}).get("provider") == "cmpp":
        channel = "cmpp"
    # Only valid cases are signed: an invalid one (a missing or malformed webhook header among them) goes unsigned
    # and must be refused all the same.
    meta = getattr(case, "meta", None) or getattr(case, "_meta", None)
    if meta is not None and meta.generation.mode.is_negative:
        return
    with_real_photos(case)
    if channel and case.method.upper() == "POST":
        kwargs["auth"] = StandardWebhooks(SECRETS[channel])


@st.composite
def rfc822_message(draw):
    subject = draw(st.text(st.characters(codec="ascii", min_codepoint=32, max_codepoint=126), min_size=1, max_size=40))
    text = draw(st.text(min_size=1, max_size=200).filter(lambda t: t.strip()))
    body = base64.encodebytes(text.encode()).decode()
    return (f"From: citizen@example.com\r\nTo: 12345@example.gov.cn\r\nSubject: {subject}\r\n"
            f"Message-ID: <{uuid.uuid4().hex}@example.com>\r\nMIME-Version: 1.0\r\n"
            f"Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n{body}").encode()


schemathesis.openapi.media_type("message/rfc822", rfc822_message())


@schemathesis.hook
def before_add_examples(context, examples):
    """The contract's message/rfc822 example is text in YAML; sent, it is bytes."""
    for case in examples:
        if isinstance(case.body, str) and case.media_type == "message/rfc822":
            case.body = case.body.encode()
