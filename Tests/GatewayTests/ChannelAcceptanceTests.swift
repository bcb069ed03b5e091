import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// The channel issues' acceptance points, end to end: the shipped examples sent over real HTTP to a running gateway
/// with the demo's credentials, and what the store made of them.
@Suite(.serialized) struct ChannelAcceptanceTests {
    static func gateway(_ store: TestStore = .sqlite) throws -> TestGateway {
        try TestGateway(store: store) { config in
            for (k, v) in ConfigurationLoader.smsDemoSettings { config.settings[k] = v }
            for (k, v) in Demo.miniProgramSettings { config.settings[k] = v }
        }
    }

    static func examples(_ prefix: String) throws -> [Demo.Example] {
        try Demo.examples(in: repositoryRoot + "/Channels").filter { $0.file.contains("/Examples/" + prefix) }
    }

    func send(_ e: Demo.Example, _ t: TestGateway) throws -> HTTPResult {
        try Demo.send(e, baseURL: t.base, easy: CurlEasy())
    }

    @Test(arguments: TestStore.allCases) func aShuffledLongSMSWithARepeatedPartIsOneTicketWithTheWholeText(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        let parts = try Self.examples("1").filter { $0.path == "/v1/intake/sms/cmpp" && $0.title.contains("long") }
        #expect(parts.count == 6)  // five parts, one sent twice, in a shuffled order
        for p in parts { #expect([200, 202].contains(try send(p, t).status)) }
        let tickets = try #require(try t.admin("/v1/tickets?channel=sms").json?["items"]?.arrayValue)
        #expect(tickets.count == 1)
        let text = try #require(tickets.first?["text"]?.stringValue)
        #expect(text.count > 150, "\(text)")
        #expect(tickets.first?["channelData"]?["incomplete"] == false)
    }

    @Test(arguments: TestStore.allCases) func anAliyunBatchRetriedThreeTimesMakesOneTicketPerSequenceId(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        let batch = try #require(try Self.examples("01-aliyun").first { $0.path == "/v1/intake/sms/aliyun" })
        let messages = try JSON.parse(batch.body).arrayValue?.count ?? 0
        #expect(messages >= 2)
        for _ in 0..<3 {
            let r = try send(batch, t)
            #expect(r.status == 200)
            #expect(r.json == ["code": 0, "msg": "接收成功"])
        }
        #expect(try t.admin("/v1/tickets?channel=sms").json?["count"]?.intValue == Int64(messages))
    }

    /// M4: a message id reused inside an Aliyun batch for other content is refused alone; the batch's other
    /// messages are stored and the batch is answered `code: 0` (a retry would not change the conflict).
    @Test(arguments: TestStore.allCases) func aConflictInAnAliyunBatchDoesNotRefuseTheOthers(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        var batch = try #require(try Self.examples("01-aliyun").first { $0.path == "/v1/intake/sms/aliyun" })
        #expect(try send(batch, t).status == 200)
        guard case .array(var messages) = try JSON.parse(batch.body), messages.count >= 2,
              case .object(var first) = messages[0], case .object(var second) = messages[1] else {
            Issue.record("the example is not a batch")
            return
        }
        first = first.map { $0.0 == "content" ? ($0.0, .string("另一条完全不同的短信：宝安区西乡街道积水严重。")) : $0 }
        second = second.map { $0.0 == "sequence_id" ? ($0.0, .string("1234567999")) : $0 }
        messages[0] = .object(first)
        messages[1] = .object(second)
        batch.body = JSON.array(messages).serialized()
        let r = try send(batch, t)
        #expect(r.status == 200 && r.json == ["code": 0, "msg": "接收成功"], "\(r.text)")
        #expect(try t.admin("/v1/tickets?channel=sms").json?["count"]?.intValue == Int64(messages.count + 1))
    }

    /// M4: a Message-ID reused for another mail keeps the mail (under its own content key), it is not refused.
    @Test(arguments: TestStore.allCases) func aReusedMessageIDDoesNotSetMailAside(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        func mail(_ text: String) -> [UInt8] {
            Array("From: 市民 <citizen@example.cn>\r\nTo: mayor@city.example\r\nSubject: =?UTF-8?B?5Y+N5pig?=\r\nMessage-ID: <same-id@example.cn>\r\nDate: Sun, 22 Nov 2026 10:00:00 +0800\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n\(text)\r\n".utf8)
        }
        func post(_ body: [UInt8]) throws -> HTTPResult {
            let headers = StandardWebhooks(secret: Demo.secrets["email"]!).headers(id: "m-\(UUID().uuidString)", timestamp: Int64(Date().timeIntervalSince1970), body: body)
            return try t.request("POST", "/v1/intake/email", headers: [("Content-Type", "message/rfc822")] + headers, body: body)
        }
        #expect(try post(mail("小区门口路灯坏了一周。")).status == 202)
        let other = try post(mail("公园里的健身器材损坏，请维修。"))
        #expect(other.status == 202, "\(other.text)")
        #expect(try post(mail("公园里的健身器材损坏，请维修。")).json?["status"] == "duplicate")
        #expect(try t.admin("/v1/tickets?channel=email").json?["count"]?.intValue == 2)
    }

    @Test(arguments: TestStore.allCases) func weChatRetryingOneMsgIdThreeTimesMakesOneTicket(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        for name in ["01-wechat-plain", "02-wechat-safe"] {
            let push = try #require(try Self.examples(name).first)
            for _ in 0..<3 {
                let r = try send(push, t)
                #expect(r.status == 200 && r.text == "success", "\(name): \(r.text)")
            }
        }
        let tickets = try #require(try t.admin("/v1/tickets?channel=miniprogram").json?["items"]?.arrayValue)
        #expect(tickets.count == 2)
        #expect(tickets.allSatisfy { $0["caller"]?["openId"]?.stringValue?.isEmpty == false })
        // One changed byte in the encrypted body is refused and stores nothing more.
        var tampered = try #require(try Self.examples("02-wechat-safe").first)
        if let i = tampered.body.firstIndex(of: UInt8(ascii: "A")) { tampered.body[i] = UInt8(ascii: "B") }
        #expect(try send(tampered, t).status == 401)
        #expect(try t.admin("/v1/tickets?channel=miniprogram").json?["count"] == 2)
    }

    @Test(arguments: TestStore.allCases) func theSame110TransferInBothSchemasGetsTheSameReceipt(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        let pinyin = try send(try #require(try Self.examples("01-transfer-pinyin").first), t)
        let camel = try send(try #require(try Self.examples("02-transfer-camelcase").first), t)
        #expect(pinyin.status == 200 && camel.status == 200)
        #expect(pinyin.json?["SLBH"] != nil && pinyin.json?["SLBH"] == camel.json?["receiptNo"])
        let tickets = try #require(try t.admin("/v1/tickets?channel=police110").json?["items"]?.arrayValue)
        #expect(tickets.count == 1)
        #expect(tickets.first?["urgency"] == "A")
    }

    @Test(arguments: TestStore.allCases) func everyPhoneFormatAndTheMailboxMakeTickets(_ store: TestStore) throws {
        let t = try Self.gateway(store)
        defer { t.stop() }
        for call in try Self.examples("0").filter({ $0.path == "/v1/intake/phone" }) {
            let r = try send(call, t)
            #expect(r.status == 202, "\(call.title): \(r.text)")
        }
        let calls = try #require(try t.admin("/v1/tickets?channel=phone").json?["items"]?.arrayValue)
        #expect(calls.count == 6)
        #expect(calls.allSatisfy { ($0["channelData"]?["transcript"]?["segments"]?.arrayValue?.count ?? 0) > 0 })
        for mail in try Self.examples("0").filter({ $0.path == "/v1/intake/email" }) {
            #expect([200, 202].contains(try send(mail, t).status), "\(mail.title)")
        }
        // Two messages make tickets; the bounce is recorded without one.
        #expect(try t.admin("/v1/tickets?channel=email").json?["count"] == 2)
    }
}
