#!/usr/bin/env python3
"""Cross-checks the email channel against Python's standard `email` package (policy.default).

For every Tests/EmailTests/Fixtures/*.eml this extracts the subject, the sender (address and display name) and
the body text, and compares them with Tests/EmailTests/Fixtures/expected.json, which the Swift test
EmailCompareTests checks the Swift parser against too. `--write` regenerates expected.json from Python's answers.
Exits non-zero on any difference.

Rules applied identically on both sides (the Swift parser implements the same ones):
- Whitespace: every run of Unicode whitespace becomes one space, leading and trailing whitespace is removed
  (Python: " ".join(s.split())). Line endings, folding and HTML layout therefore never count.
- Charset labels per ../shared/DOMAIN.md: gb2312, gbk, cp936, ms936, euc-cn, x-euc-cn, x-gbk, chinese, csgb2312,
  gb_2312-80 and eucgb2312_cn decode as GB18030 (labels lie: mail marked gb2312 often carries GBK); big5-hkscs and
  cp950 as themselves. Done here through Python's codec aliases; fixtures 16-19 carry each of these labels.
- Undeclared 8-bit bytes (raw header values, text parts without a charset): UTF-8 when they are valid UTF-8
  (RFC 6532), else GB18030. Python's email leaves them as U+FFFD or surrogate escapes, so this script re-decodes
  those values from their raw bytes before handing them to the header parser.
- Body: the first text/plain part (email's get_body walk) unless it is blank, else the first text/html part
  reduced to text: script/style/head/title content dropped, the block elements listed below as line breaks,
  character references decoded (html.parser with convert_charrefs).
- Sender: From, or Reply-To when From is a no-reply address (local part, with - _ . removed, starting with
  noreply / donotreply / notreply, or mailerdaemon / postmaster / nobody).
"""
import encodings.aliases

for _label in ("gb2312", "gbk", "cp936", "euc_cn", "euccn", "x_gbk", "chinese", "csgb2312", "ms936", "windows_936",
               "gb_2312_80", "x_euc_cn"):
    encodings.aliases.aliases[_label] = "gb18030"

import email  # noqa: E402  (after the aliases, so no codec is cached under the old name)
import email.policy  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from pathlib import Path  # noqa: E402

FIXTURES = Path(__file__).resolve().parent.parent / "EmailTests" / "Fixtures"
EXPECTED = FIXTURES / "expected.json"

BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
         "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
SKIPPED = {"script", "style", "head", "title"}


def collapse(s):
    return " ".join((s or "").split())


def undeclared(raw):
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", "replace")


class HTMLText(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], None

    def handle_starttag(self, tag, attrs):
        if self.skip:
            return
        if tag in SKIPPED:
            self.skip = tag
        elif tag in BLOCK:
            self.out.append("\n")

    def handle_startendtag(self, tag, attrs):
        if not self.skip and tag in BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if self.skip:
            if tag == self.skip:
                self.skip = None
        elif tag in BLOCK:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def html_text(html):
    p = HTMLText()
    p.feed(html)
    p.close()
    return "".join(p.out)


def header(msg, name):
    """The parsed header, re-decoding undeclared 8-bit bytes by the rule above."""
    for key, value in msg.raw_items():
        if key.lower() != name:
            continue
        value = "".join(re.split(r"\r\n|\n|\r", value))
        if re.search("[\udc80-\udcff]", value):
            value = undeclared(value.encode("ascii", "surrogateescape"))
        return email.policy.default.header_factory(key, value)
    return None


def part_text(part):
    if part.get_param("charset") is not None:
        return part.get_content()
    return undeclared(part.get_payload(decode=True) or b"")


def body_text(msg):
    plain = msg.get_body(preferencelist=("plain",))
    if plain is not None:
        text = part_text(plain)
        if text.strip():
            return text
    html = msg.get_body(preferencelist=("html",))
    if html is not None:
        return html_text(part_text(html))
    return part_text(plain) if plain is not None else ""


def no_reply(address):
    local = address.split("@")[0].lower().replace("-", "").replace("_", "").replace(".", "")
    return local.startswith(("noreply", "donotreply", "notreply")) or local in ("mailerdaemon", "postmaster", "nobody")


def first_address(h):
    if h is None:
        return None
    for a in h.addresses:
        if "@" in a.addr_spec:
            return a
    return None


def extract(path):
    msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
    subject = header(msg, "subject")
    sender = first_address(header(msg, "from"))
    reply_to = first_address(header(msg, "reply-to"))
    if sender is None or no_reply(sender.addr_spec):
        sender = reply_to or sender
    return {
        "subject": collapse(str(subject) if subject is not None else ""),
        "senderAddress": sender.addr_spec if sender else "",
        "senderName": collapse(sender.display_name) if sender else "",
        "text": collapse(body_text(msg)),
    }


def main():
    actual = {p.name: extract(p) for p in sorted(FIXTURES.glob("*.eml"))}
    if "--write" in sys.argv:
        EXPECTED.write_text(json.dumps(actual, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {EXPECTED} ({len(actual)} fixtures)")
        return 0
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    failures = 0
    for name in sorted(set(actual) | set(expected)):
        a, e = actual.get(name), expected.get(name)
        if a != e:
            failures += 1
            print(f"DIFFERENT {name}\n  python:   {a}\n  expected: {e}")
    print(f"email_compare: {len(actual)} fixtures, {failures} different")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
