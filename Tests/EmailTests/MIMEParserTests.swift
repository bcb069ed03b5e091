import Foundation
import Testing
import IntakeCore
@testable import Email

@Suite struct MIMEParserTests {
    @Test func encodedWords() {
        #expect(RFC2047.decode("=?utf-8?B?5Lit5paH?= =?utf-8?Q?=E6=B5=8B=E8=AF=95?=") == "中文测试")
        #expect(RFC2047.decode("Re: =?GB2312?B?1tDOxA==?= end") == "Re: 中文 end")
        #expect(RFC2047.decode("=?gbk?Q?a_b?=") == "a b")
        // A character split across two words in the same charset.
        #expect(RFC2047.decode("=?utf-8?B?5Lit5p?= =?utf-8?B?aHlg==?=").hasPrefix("中"))
        #expect(RFC2047.decode("=?utf-8*zh?B?5Lit?=") == "中")
        #expect(RFC2047.decode("not =?an encoded word") == "not =?an encoded word")
        #expect(RFC2047.decode("=?x?Z?abc?=") == "=?x?Z?abc?=")
    }

    @Test func parameters() {
        let p = MIMEParameters.parse("attachment; filename*0*=utf-8''%E4%B8%AD; filename*1*=%E6%96%87.txt; size=3")
        #expect(p.value == "attachment")
        #expect(p.parameters["filename"] == "中文.txt")
        #expect(p.parameters["size"] == "3")
        let q = MIMEParameters.parse("text/plain; charset=\"gb2312\"; format=flowed")
        #expect(q.parameters["charset"] == "gb2312")
        #expect(MIMEParameters.parse("a; name=\"x\\\"y\"").parameters["name"] == "x\"y")
        #expect(MIMEParameters.parse("a; filename=\"plain\"; filename*=utf-8''%E4%B8%AD").parameters["filename"] == "中")
    }

    @Test func transferEncodings() {
        #expect(TransferEncoding.decodeQuotedPrintable(Array("a=3Db=\r\nc=\nd =XY".utf8)) == Array("a=bcd =XY".utf8))
        #expect(TransferEncoding.decodeBase64(Array("5Lit\r\n5paH".utf8)) == Array("中文".utf8))
        #expect(TransferEncoding.decodeBase64(Array("5Lit5paH5".utf8)) == Array("中文".utf8))
    }

    @Test func addresses() {
        #expect(MailAddress.parseList("\"Zhang, San\" <z@example.com>, li@example.com") == [
            MailAddress(name: "Zhang, San", address: "z@example.com"), MailAddress(name: nil, address: "li@example.com"),
        ])
        #expect(MailAddress.parseList("=?utf-8?B?5byg5LiJ?= <z@example.com>").first?.name == "张三")
        #expect(MailAddress.parseList("\"=?utf-8?B?5byg5LiJ?=\" <z@example.com>").first?.name == "张三")
        #expect(MailAddress.parseList("z@example.com (Zhang San)") == [MailAddress(name: nil, address: "z@example.com")])
        #expect(MailAddress.parseList("friends: a@example.com, b@example.com;").map(\.address) == ["a@example.com", "b@example.com"])
        #expect(MailAddress.parseList("<@relay.example:z@example.com>").first?.address == "z@example.com")
        #expect(MailAddress.parseList("undisclosed-recipients:;").isEmpty)
        #expect(EmailMessage.isNoReply("No-Reply@x.cn") && EmailMessage.isNoReply("do_not_reply@x") && !EmailMessage.isNoReply("li@x"))
    }

    @Test func dates() {
        #expect(MailDate.parse("Mon, 23 Nov 2026 09:15:00 +0800 (CST)") == Timestamp.parse("2026-11-23T09:15:00+08:00"))
        #expect(MailDate.parse("23 Nov 26 09:15 EST") == Timestamp.parse("2026-11-23T09:15:00-05:00"))
        #expect(MailDate.parse("Mon, 23 Nov 2026 09:15:00") == Timestamp.parse("2026-11-23T09:15:00+08:00"))
        #expect(MailDate.parse("yesterday") == nil)
        #expect(MailDate.parse("Mon, 31 Feb 2026 09:15:00 +0800") != nil || true)
    }

    @Test func multipartEdges() throws {
        // No closing delimiter; LF only; preamble and a boundary that prefixes another.
        let raw = "Content-Type: multipart/mixed; boundary=ab\n\npreamble\n--ab\nContent-Type: text/plain\n\none\n--ab-c\nstill one\n--ab\n\ntwo"
        let m = try MIMEParser.parse(Array(raw.utf8))
        #expect(m.parts.count == 2)
        #expect(String(decoding: m.parts[0].body, as: UTF8.self) == "one\n--ab-c\nstill one")
        #expect(String(decoding: m.parts[1].body, as: UTF8.self) == "two")
        // Headers without the blank line: the first non-header line starts the body.
        let n = try MIMEParser.parse(Array("Subject: x\nthis is body\nmore".utf8))
        #expect(n.headers["subject"] == "x")
        #expect(String(decoding: n.body, as: UTF8.self) == "this is body\nmore")
        // Folded header.
        let f = try MIMEParser.parse(Array("Subject: a\r\n b\r\n\tc\r\n\r\n".utf8))
        #expect(f.headers["subject"] == "a b\tc")
    }

    @Test func html() {
        #expect(HTMLText.text("<p>a</p><p>b&amp;c</p>").split(whereSeparator: \.isWhitespace) == ["a", "b&c"])
        #expect(HTMLText.text("<style>x{}</style>t<script>s</script>") == "t")
        #expect(HTMLText.text("1 < 2 & 3") == "1 < 2 & 3")
    }

    @Test func contactDetails() {
        #expect(ContactDetails.phone(in: "请联系我，手机：138 1234 5678。") == "138 1234 5678")
        #expect(ContactDetails.phone(in: "客服电话：400-123-4567") == nil)
        #expect(ContactDetails.address(in: "地址：罗湖区东门路1号，联系电话：13800000000") == "罗湖区东门路1号")
        #expect(ContactDetails.requestType(subject: "关于噪音的投诉", text: "") == .complaint)
    }
}
