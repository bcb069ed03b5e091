import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Email

/// The mayor's mailbox, fixture by fixture, through the shared channel verifier.
@Suite struct EmailAdapterTests {
    let adapter = EmailAdapter()
    static let secret = "whsec_ZW1haWwtdGVzdC1zZWNyZXQtMDEyMzQ1Njc4OQ=="

    func message(_ name: String, contentType: String? = "message/rfc822") throws -> ChannelRequest {
        TestRequests.post("/v1/intake/email", contentType: contentType, body: try TestRequests.fixture(name, bundle: .module))
    }

    @Test func fixturesBecomeSubmissions() throws {
        let cases: [ChannelTestCase] = [
            ChannelTestCase("utf-8 quoted-printable with contact details", try message("01-plain-utf8-qp.eml"), .submissions([
                ExpectedSubmission(textContains: "路灯已经坏了两个月", channelRef: "20261123091500.1234@example.com",
                                   phone: "139-2345-6789", email: "liming@example.com", name: "李明", requestType: .complaint,
                                   subject: "【投诉】小区路灯损坏两个月无人维修", address: "深圳市南山区桃源街道龙珠四路12号",
                                   attachments: 0, recordOnly: false,
                                   check: { s in
                                       #expect(s.submittedAt == Timestamp.parse("2026-11-23T09:15:00+08:00"))
                                       #expect(s.channelData?["messageId"]?.stringValue == "20261123091500.1234@example.com")
                                   }),
            ])),
            ChannelTestCase("gb2312 label carrying GBK characters", try message("02-gb2312-label-gbk-content.eml"), .submissions([
                ExpectedSubmission(textContains: "我是朱镕喆，住在堃园小区", phone: "13812345678", email: "zhurongzhe@example.cn",
                                   name: "朱镕喆", subject: "堃园小区夜间施工噪音扰民"),
            ])),
            ChannelTestCase("GB18030 four-byte characters", try message("03-gb18030-four-byte.eml"), .submissions([
                ExpectedSubmission(textContains: "我叫吉𠮷，反映𪚥字路口", name: "吉𠮷", subject: "𠮷祥路红绿灯建议",
                                   address: "福田区𠮷祥路与深南大道交叉口",
                                   check: { s in #expect(s.submittedAt == Timestamp.parse("2026-11-25T08:00:00+08:00")) }),
            ])),
            ChannelTestCase("Big5", try message("04-big5.eml"), .submissions([
                ExpectedSubmission(textContains: "想諮詢居住證辦理需要哪些材料，謝謝。", phone: "+852 9123 4567", name: "陳大文",
                                   requestType: .consultation, subject: "諮詢居住證辦理"),
            ])),
            ChannelTestCase("encoded-word subject split over lines, bare LF", try message("05-split-encoded-subject-lf.eml"), .submissions([
                ExpectedSubmission(text: "早高峰时段地铁站A出口被共享单车堵死，\n行人只能走机动车道，非常危险。", name: "Wang Fang",
                                   requestType: .complaint, subject: "关于南山区科技园地铁站出口共享单车乱停放严重堵塞通道的投诉",
                                   check: { s in #expect(s.submittedAt == Timestamp.parse("2026-11-26T07:30:00Z")) }),
            ])),
            ChannelTestCase("alternative where only the HTML says anything", try message("06-alternative-html-only.eml"), .submissions([
                ExpectedSubmission(textContains: "宝安区西乡街道的排水沟\u{00A0}堵塞，雨天积水>30厘米。", name: "赵伟", subject: "排水沟堵塞",
                                   check: { s in
                                       #expect(!s.text.contains("alert"))
                                       #expect(!s.text.contains("color"))
                                       #expect(!s.text.contains("注释"))
                                       #expect(s.channelData?["bodyFromHTML"]?.boolValue == true)
                                   }),
            ])),
            ChannelTestCase("attachments with RFC 2231 and encoded-word names", try message("07-attachments-rfc2231.eml"), .submissions([
                ExpectedSubmission(textContains: "顶楼违章搭建", phone: "0755-8888 6666", name: "刘洋", requestType: .report,
                                   attachments: 3, check: { s in
                                       let names = s.attachments.map(\.attachment.name)
                                       #expect(names == ["现场照片.jpg", "投诉材料说明.txt", "情况说明.pdf"])
                                       #expect(s.attachments.map(\.attachment.contentType) == ["image/jpeg", "text/plain", "application/pdf"])
                                       #expect(s.attachments[0].bytes.starts(with: [0xFF, 0xD8, 0xFF]))
                                       #expect(s.attachments[0].attachment.sha256 == hexString(Digest.sha256(s.attachments[0].bytes)))
                                       #expect(Charsets.decode(s.attachments[1].bytes, label: "gb18030") == "投诉材料:照片三张。"
                                               || Charsets.decode(s.attachments[1].bytes, label: "gb18030") == "投诉材料：照片三张。")
                                       #expect(s.attachments[2].bytes.starts(with: Array("%PDF-".utf8)))
                                   }),
            ])),
            ChannelTestCase("a bounce is recorded, not a ticket", try message("08-bounce-dsn.eml"), .submissions([
                ExpectedSubmission(channelRef: "bounce-0008@mail.12345.example", recordOnly: true),
            ])),
            ChannelTestCase("out of office", try message("09-out-of-office.eml"), .submissions([
                ExpectedSubmission(recordOnly: true, check: { s in
                    guard case .recordOnly(let reason) = s.disposition else { return }
                    #expect(reason.contains("auto-submitted"))
                }),
            ])),
            ChannelTestCase("no-reply relay: the citizen is in Reply-To", try message("10-noreply-reply-to.eml"), .submissions([
                ExpectedSubmission(email: "sunli@example.com", name: "孙丽", requestType: .consultation, subject: "咨询：公积金提取",
                                   recordOnly: false),
            ])),
            ChannelTestCase("undeclared 8-bit UTF-8 headers", try message("11-8bit-utf8-headers.eml"), .submissions([
                ExpectedSubmission(textContains: "荔枝公园东门", name: "周杰", subject: "公园健身器材损坏"),
            ])),
            ChannelTestCase("undeclared 8-bit GBK headers", try message("12-8bit-gbk-headers.eml"), .submissions([
                ExpectedSubmission(textContains: "家里暖气只有十五度", name: "吴刚", subject: "供暖温度不达标"),
            ])),
            ChannelTestCase("nested mixed/alternative/related", try message("13-nested-related.eml"), .submissions([
                ExpectedSubmission(text: "建议在坪山区增加一条社区微循环公交，连接地铁站和医院。\n见附图线路。", name: "Chen, Jing",
                                   requestType: .suggestion, attachments: 2, check: { s in
                                       #expect(s.attachments.map(\.attachment.name) == ["map.gif", "route.pdf"])
                                       #expect(s.channelData?["to"] == .array(["mayor@12345.example", "office@12345.example"]))
                                   }),
            ])),
            ChannelTestCase("no Message-ID: a digest of the message is the key", try message("14-no-message-id.eml"), .submissions([
                ExpectedSubmission(phone: "13500001111", email: "huang.lei@example.com", subject: "Bus stop sign missing", check: { s in
                    #expect(s.channelRef?.hasPrefix("sha256:") == true)
                    #expect(s.caller.name == nil)
                    #expect(s.submittedAt == Timestamp.parse("2026-12-04T09:30:00Z"))
                }),
            ])),
            ChannelTestCase("X-Autoreply", try message("15-x-autoreply.eml"), .submissions([ExpectedSubmission(recordOnly: true)])),
        ]
        runChannelTestCases(adapter, cases)
    }

    @Test func refusals() throws {
        let plain = try TestRequests.fixture("01-plain-utf8-qp.eml", bundle: .module)
        func post(_ body: [UInt8], _ type: String? = "message/rfc822") -> ChannelRequest {
            TestRequests.post("/v1/intake/email", contentType: type, body: body)
        }
        let deep = (0..<20).map { "Content-Type: multipart/mixed; boundary=\"b\($0)\"\r\n\r\n--b\($0)\r\n" }.joined()
            + "Content-Type: text/plain\r\n\r\nhi\r\n"
        let wide = "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n"
            + String(repeating: "--x\r\nContent-Type: text/plain\r\n\r\npart\r\n", count: 300) + "--x--\r\n"
        let cases: [ChannelTestCase] = [
            ChannelTestCase("wrong content type", post(plain, "application/json"), .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("no content type", post(plain, nil), .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("empty", post(Array("\r\n\r\n".utf8)), .error(.malformedBody)),
            ChannelTestCase("no sender", post(Array("Subject: hi\r\n\r\nbody\r\n".utf8)), .error(.invalidField, field: "From")),
            ChannelTestCase("no text, no subject", post(Array("From: a@example.com\r\n\r\n \r\n".utf8)), .error(.invalidField, field: "body")),
            ChannelTestCase("nested too deep", post(Array(("From: a@example.com\r\n" + deep).utf8)), .error(.invalidField, field: "parts")),
            ChannelTestCase("too many parts", post(Array(wide.utf8)), .error(.invalidField, field: "parts")),
        ]
        runChannelTestCases(adapter, cases)
        let small = EmailAdapter(configuration: EmailConfiguration(maxMessageBytes: 100))
        runChannelTestCases(small, [ChannelTestCase("over the size limit", post(plain), .error(.payloadTooLarge))])
    }

    @Test func signedTheStandardWebhooksWay() throws {
        let body = try TestRequests.fixture("01-plain-utf8-qp.eml", bundle: .module)
        let verifier = StandardWebhooksVerifier(secrets: [Self.secret], clock: FixedClock())
        let signed = TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: body,
                                       headers: TestRequests.signatureHeaders(secret: Self.secret, body: body))
        var tampered = signed
        tampered.body[tampered.body.count - 3] ^= 0x01
        let unsigned = TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: body)
        runChannelTestCases(adapter, [
            ChannelTestCase("signed", signed, .submissions([ExpectedSubmission(name: "李明")])),
            ChannelTestCase("tampered", tampered, .error(.unauthorized)),
            ChannelTestCase("unsigned", unsigned, .error(.unauthorized)),
        ], verifier: verifier)
    }

    @Test func sameMessageSameFingerprint() throws {
        // IMAP re-fetches (after a UIDVALIDITY change) must be duplicates, not conflicts.
        let body = try TestRequests.fixture("07-attachments-rfc2231.eml", bundle: .module)
        let a = try adapter.decode(TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: body))
        let b = try adapter.decode(TestRequests.post("/v1/intake/email", contentType: "message/rfc822", body: body,
                                                     at: TestRequests.fixedDate.addingTimeInterval(3600)))
        #expect(a[0].fingerprint == b[0].fingerprint)
        #expect(a[0].channelRef == b[0].channelRef)
    }
}
