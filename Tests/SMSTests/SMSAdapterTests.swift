import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import SMS

/// The demo's configuration for the SMS route (see ConfigurationLoader.smsDemoSettings in the gateway).
enum DemoSMS {
    static let hotlines = ["106901234512319": "12319", "12319": "12319"]
    static let adapter = SMSAdapter(configuration: SMSConfiguration(hotlines: hotlines))
    static let twilioToken = "demo-twilio-auth-token-0123456789"
    static let publicBaseURL = "https://intake.example.gov.cn"
    static let verifier = SMSVerifier(
        aliyun: SMSTokenVerifier(provider: "aliyun", tokens: ["demo-aliyun-token"]),
        tencent: SMSTokenVerifier(provider: "tencent", tokens: ["demo-tencent-token"]),
        twilio: TwilioSignatureVerifier(authToken: twilioToken, publicBaseURL: publicBaseURL),
        cmpp: StandardWebhooksVerifier(secrets: [ExampleRequests.cmppSecret], clock: FixedClock()))
}

func isRecordOnly(_ s: Submission) -> Bool {
    if case .recordOnly = s.disposition { return true }
    return false
}

@Suite struct SMSExampleTests {
    @Test func everyProviderExampleDecodes() throws {
        let longText = String(decoding: try TestRequests.fixture("long-sms-full-text.txt", bundle: .module), as: UTF8.self)
        var cases: [ChannelTestCase] = [
            ChannelTestCase("aliyun batch", try ExampleRequests.load("01-aliyun-batch.json"), .submissions([
                ExpectedSubmission(textContains: "莲花北小区东门路灯损坏一个多星期，夜间无照明，到现在还是不亮", channelRef: "aliyun:1234567890", phone: "13912345678",
                                   hotline: nil, recordOnly: false, check: { s in
                                       #expect(s.submittedAt == Timestamp.parse("2026-11-22T10:15:00+08:00"))
                                       #expect(s.fragment == nil)
                                       #expect(s.hotline == nil)
                                   }),
                ExpectedSubmission(textContains: "流动摊贩", channelRef: "aliyun:1234567891", phone: "13800138000", hotline: "12319",
                                   check: { s in #expect(s.submittedAt == Timestamp.parse("2026-11-22T10:18:00+08:00")) }),
            ])),
            ChannelTestCase("tencent reply", try ExampleRequests.load("02-tencent-reply.json"), .submissions([
                ExpectedSubmission(text: "罗湖区东门北路翠竹苑5栋这几天晚上水压很低，六楼以上基本没水。", phone: "+8613700137000", check: { s in
                    #expect(s.channelRef?.hasPrefix("tencent:+8613700137000:1795401000:") == true)
                    #expect(s.submittedAt == Date(timeIntervalSince1970: 1_795_401_000))
                }),
            ])),
            ChannelTestCase("twilio inbound", try ExampleRequests.load("03-twilio-inbound.json"), .submissions([
                ExpectedSubmission(text: "The traffic light at Shennan Blvd / Huaqiang Rd has been stuck on red for an hour, cars are queuing.",
                                   channelRef: "twilio:SM5f1c3a9e0b7d4e2f8a6c1b3d5e7f9a01", phone: "+85291234567"),
            ])),
            ChannelTestCase("cmpp GBK", try ExampleRequests.load("04-cmpp-gbk.json"), .submissions([
                ExpectedSubmission(text: "宝安区新安街道22区菜市场门口垃圾堆了三天没人清运，臭味很大。", channelRef: "cmpp:7263849501238475001",
                                   phone: "8613600136000", hotline: "12319", recordOnly: false),
            ])),
            ChannelTestCase("cmpp status report", try ExampleRequests.load("05-cmpp-status-report.json"), .submissions([
                ExpectedSubmission(channelRef: "cmpp:7263849501238475002", recordOnly: true, check: { s in
                    #expect(s.channelData?["report"]?["stat"]?.stringValue == "DELIVRD")
                    #expect(s.channelData?["report"]?["destTerminalId"]?.stringValue == "13600136000")
                    #expect(s.fragment == nil)
                }),
            ])),
        ]
        for name in try ExampleRequests.names() where name.contains("cmpp-long") {
            cases.append(ChannelTestCase(name, try ExampleRequests.load(name), .submissions([
                ExpectedSubmission(phone: "8613500135000", recordOnly: false, check: { s in
                    #expect(s.fragment?.group == "+8613500135000/106901234512345/ref:58/total:5")
                    #expect(s.fragment?.total == 5)
                    if let f = s.fragment { #expect(longText.contains(s.text) && !s.text.isEmpty, "part \(f.index)") }
                }),
            ])))
        }
        #expect(cases.count == 11)
        runChannelTestCases(DemoSMS.adapter, cases, verifier: DemoSMS.verifier)
    }

    /// Acceptance: five parts in shuffled order, one sent twice, give one group whose parts join to the full text.
    @Test func longSMSPartsJoinWhateverTheOrder() throws {
        let expected = String(decoding: try TestRequests.fixture("long-sms-full-text.txt", bundle: .module), as: UTF8.self)
        let names = try ExampleRequests.names().filter { $0.contains("cmpp-long") }
        #expect(names.count == 6)
        var fragments: [(Fragment, String)] = []
        for name in names {
            let request = try ExampleRequests.load(name)
            try DemoSMS.verifier.verify(request)
            let subs = try DemoSMS.adapter.decode(request)
            try #require(subs.count == 1)
            fragments.append((try #require(subs[0].fragment), subs[0].text))
        }
        #expect(fragments.map(\.0.index) == [3, 1, 5, 1, 2, 4])  // the order the demo sends them in
        #expect(Set(fragments.map(\.0.group)).count == 1)
        var byIndex: [Int: String] = [:]
        for (f, text) in fragments where byIndex[f.index] == nil { byIndex[f.index] = text }
        #expect(byIndex.keys.sorted() == [1, 2, 3, 4, 5])
        #expect((1...5).compactMap { byIndex[$0] }.joined() == expected)
        // The duplicate is the same part: same group, same index, same text.
        let firsts = fragments.filter { $0.0.index == 1 }
        #expect(firsts.count == 2 && firsts[0].1 == firsts[1].1)
    }

    /// Acceptance: an Aliyun batch retried three times (the id once as a number, once as a string) names the same
    /// messages every time, so the store makes one ticket per sequence_id.
    @Test func aliyunRetriesMapToTheSameReferences() throws {
        let first = try ExampleRequests.load("01-aliyun-batch.json")
        let asStrings = Array(String(decoding: first.body, as: UTF8.self)
            .replacingOccurrences(of: "\"sequence_id\":1234567890", with: "\"sequence_id\":\"1234567890\"").utf8)
        let asNumbers = Array(String(decoding: first.body, as: UTF8.self)
            .replacingOccurrences(of: "\"sequence_id\":\"1234567891\"", with: "\"sequence_id\":1234567891").utf8)
        #expect(asStrings != first.body && asNumbers != first.body)
        var refs: [[String]] = []
        for body in [first.body, asStrings, asNumbers] {
            let subs = try DemoSMS.adapter.decode(ExampleRequests.replacingBody(first, body))
            refs.append(subs.compactMap(\.channelRef))
        }
        #expect(refs[0] == ["aliyun:1234567890", "aliyun:1234567891"])
        #expect(refs[1] == refs[0] && refs[2] == refs[0])
        #expect(Set(refs.joined()).count == 2)
    }

    @Test func eachProviderGetsItsOwnAnswer() throws {
        let created = [IntakeOutcome(status: .created, ticketId: "t1", receiptNo: "20261122-000001")]
        let aliyun = DemoSMS.adapter.answer(created, to: try ExampleRequests.load("01-aliyun-batch.json"))
        #expect(aliyun.status == 200)
        #expect(String(decoding: aliyun.body, as: UTF8.self) == "{\"code\":0,\"msg\":\"接收成功\"}")
        let tencent = DemoSMS.adapter.answer(created, to: try ExampleRequests.load("02-tencent-reply.json"))
        #expect(tencent.status == 200)
        #expect(String(decoding: tencent.body, as: UTF8.self) == "{\"result\":0,\"errmsg\":\"OK\"}")
        let twilio = DemoSMS.adapter.answer(created, to: try ExampleRequests.load("03-twilio-inbound.json"))
        #expect(twilio.status == 200)
        #expect(twilio.contentType.hasPrefix("text/xml"))
        #expect(String(decoding: twilio.body, as: UTF8.self) == "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>")
        let cmpp = DemoSMS.adapter.answer(created, to: try ExampleRequests.load("04-cmpp-gbk.json"))
        #expect(cmpp.status == 202)
        #expect(try JSON.parse(cmpp.body)["receiptNo"]?.stringValue == "20261122-000001")
        let duplicate = DemoSMS.adapter.answer([IntakeOutcome(status: .duplicate)], to: try ExampleRequests.load("04-cmpp-gbk.json"))
        #expect(duplicate.status == 200)
        // A refusal stays problem+json with its status, so Aliyun and Tencent retry on 5xx and stop on 4xx.
        let unavailable = DemoSMS.adapter.answer(IntakeError(.unavailable, "store down"), to: try ExampleRequests.load("01-aliyun-batch.json"))
        #expect(unavailable.status == 503)
        #expect(unavailable.contentType == "application/problem+json")
    }
}
