import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import Police110

enum Transfers {
    static let path = "/v1/intake/police110"
    static let secret = "whsec_ZGVtby1wb2xpY2UtMTEwLXNlY3JldC0wMTIzNDU="

    static func fixture(_ name: String) throws -> String {
        String(decoding: try TestRequests.fixture(name, bundle: .module), as: UTF8.self)
    }

    static func signed(_ json: String, secret: String = secret, at date: Date = TestRequests.fixedDate) -> ChannelRequest {
        let body = Array(json.utf8)
        return TestRequests.post(path, contentType: "application/json", body: body,
                                 headers: TestRequests.signatureHeaders(secret: secret, body: body, at: date), at: date)
    }
}

@Suite struct Police110AdapterTests {
    let adapter = Police110Adapter()
    let verifier = StandardWebhooksVerifier(secrets: [Transfers.secret], clock: FixedClock())

    @Test func bothShippedSchemasYieldEqualSubmissions() throws {
        let pinyin = try #require(try adapter.decode(Transfers.signed(try Transfers.fixture("transfer-pinyin.json"))).first)
        let camel = try #require(try adapter.decode(Transfers.signed(try Transfers.fixture("transfer-camelcase.json"))).first)
        #expect(pinyin.channelData?["mapping"] == "pinyin")
        #expect(camel.channelData?["mapping"] == "camelcase")
        // Everything a ticket is made of is equal; only the schema's name and the partner-only fields differ.
        #expect(pinyin.channel == camel.channel)
        #expect(pinyin.channelRef == camel.channelRef)
        #expect(pinyin.fingerprint == camel.fingerprint)
        #expect(pinyin.text == camel.text)
        #expect(pinyin.caller == camel.caller)
        #expect(pinyin.location == camel.location)
        #expect(pinyin.urgency == camel.urgency)
        #expect(pinyin.requestType == camel.requestType)
        #expect(pinyin.submittedAt == camel.submittedAt)
        #expect(pinyin.hotline == camel.hotline)
        #expect(pinyin.disposition == camel.disposition)
        #expect(pinyin.channelData?["police110"] == camel.channelData?["police110"])
        #expect(pinyin.channelData?["unmapped"] == ["JJYBH": "7721", "BZ": "已电话告知报警人转12345"])
        #expect(camel.channelData?["unmapped"] == ["signTime": nil, "feedBackTime": nil, "operatorId": "7721"])
    }

    /// Legacy 110 systems send GBK JSON, labelled or not: it is read as sent and the ticket says how.
    @Test func aGBKTransferIsReadAsSent() throws {
        let json = try Transfers.fixture("transfer-pinyin.json")
        let utf8 = try #require(try adapter.decode(Transfers.signed(json)).first)
        #expect(utf8.channelData?["charsets"] == nil)
        // transfer-pinyin.json encoded with Python's codecs (`str.encode("gbk")`), base64.
        let gbk = Array(try #require(Data(base64Encoded: "ewogICJKSkRCSCI6ICJKNDQwMzA1MjAyNjExMjIwMDEyMyIsCiAgIkJKU0oiOiAiMjAyNi0xMS0yMiAwODo0MToxNyIsCiAgIkpKU0oiOiAiMjAyNi0xMS0yMiAwODo0MTozMCIsCiAgIlpKU0oiOiAiMjAyNi0xMS0yMiAwODo0NzowNSIsCiAgIkJKREgiOiAiMTM4MTIzNDU2NzgiLAogICJCSlJYTSI6ICLVxc6wIiwKICAiSlFEWiI6ICLJ7tvaytDEz8m9x/jM0tSwwrfT68TPueLCt727sua/2iIsCiAgIkJKTlIiOiAiwre/2rrswsy1xsirsr/PqMPwo6zU57jft+WztcG+07W2wqOszt7Iy9a4u9OhoyIsCiAgIkpRTEJETSI6ICIwODEzIiwKICAiSlFMQk1DIjogIsrQ1f7J6MqpucrVzyIsCiAgIkpRREpETSI6ICIzIiwKICAiQkpSWFpCIjogMTEzLjkyMzYsCiAgIkJKUllaQiI6IDIyLjU0MTIsCiAgIlhaUUhETSI6ICI0NDAzMDUiLAogICJHWERXRE0iOiAiNDQwMzA1NTUwMDAwIiwKICAiSkpZQkgiOiAiNzcyMSIsCiAgIkJaIjogItLRtee7sLjm1qqxqL6vyMvXqjEyMzQ1Igp9Cg==")))
        #expect(String(validating: gbk, as: UTF8.self) == nil)
        for contentType in ["application/json; charset=GBK", "application/json"] {
            var request = Transfers.signed(json)
            request.body = gbk
            request.headers = request.headers.map { $0.name == "content-type" ? ($0.name, contentType) : $0 }
            let s = try #require(try adapter.decode(request).first)
            #expect(s.text == utf8.text && s.caller == utf8.caller && s.location == utf8.location, "\(contentType)")
            let used: JSON = contentType.hasSuffix("GBK") ? ["declared": "GBK", "used": "declared"] : ["declared": nil, "used": "gb18030"]
            #expect(s.channelData?["charsets"] == .array([used]), "\(contentType)")
        }
    }

    @Test func provenanceAndDefaults() throws {
        let s = try #require(try adapter.decode(Transfers.signed(try Transfers.fixture("transfer-pinyin.json"))).first)
        let p = try #require(s.channelData?["police110"])
        #expect(p["incidentNo"] == "J4403052026112200123")
        #expect(p["reportedAt"] == "2026-11-22T00:41:17.000Z")
        #expect(p["receivedBy110At"] == "2026-11-22T00:41:30.000Z")
        #expect(p["transferredAt"] == "2026-11-22T00:47:05.000Z")
        #expect(p["originalCategory"] == "0813")
        #expect(p["originalCategoryName"] == "市政设施故障")
        #expect(p["dispatchingUnit"] == "440305550000")
        #expect(p["level"] == "3")
        #expect(s.urgency == .A)
        #expect(s.location == Location(address: "深圳市南山区桃园路与南光路交叉口", district: "440305", lat: 22.5412, lng: 113.9236, crs: .wgs84))
        #expect(s.caller.phone == "13812345678")
        #expect(s.caller.name == "张伟")
    }

    @Test func table() {
        let minimalPinyin = #"{"JJDBH":"J1","BJNR":"噪音扰民"}"#
        let minimalCamel = #"{"alarmNo":"A1","alarmComment":"噪音扰民"}"#
        runChannelTestCases(adapter, [
            ChannelTestCase("pinyin, minimal", Transfers.signed(minimalPinyin), .submissions([ExpectedSubmission(
                text: "噪音扰民", channelRef: "J1", urgency: .A, check: { s in
                    #expect(s.location == nil)
                    // A partner that does not say when it transferred did so when we received it.
                    #expect(s.channelData?["police110"]?["transferredAt"] == .string(Timestamp.format(TestRequests.fixedDate)))
                })])),
            ChannelTestCase("camelCase, minimal", Transfers.signed(minimalCamel),
                            .submissions([ExpectedSubmission(text: "噪音扰民", channelRef: "A1", urgency: .A)])),
            ChannelTestCase("lowercase pinyin field names", Transfers.signed(#"{"jjdbh":"J2","bjnr":"占道经营","bjdh":"075526001234"}"#),
                            .submissions([ExpectedSubmission(channelRef: "J2", phone: "075526001234")])),
            ChannelTestCase("a numeric incident number", Transfers.signed(#"{"JJDBH":4403052026112200999,"BJNR":"x"}"#),
                            .submissions([ExpectedSubmission(channelRef: "4403052026112200999")])),
            ChannelTestCase("a batch of two", Transfers.signed("[\(minimalPinyin),{\"JJDBH\":\"J3\",\"BJNR\":\"y\"}]"),
                            .submissions([ExpectedSubmission(channelRef: "J1"), ExpectedSubmission(channelRef: "J3")])),
            ChannelTestCase("0,0 is no position", Transfers.signed(#"{"JJDBH":"J4","BJNR":"x","BJRXZB":0,"BJRYZB":0}"#),
                            .submissions([ExpectedSubmission(check: { s in #expect(s.location == nil) })])),
            ChannelTestCase("unsigned", TestRequests.json(Transfers.path, minimalPinyin), .error(.unauthorized)),
            ChannelTestCase("signed with another secret", Transfers.signed(minimalPinyin, secret: "whsec_b3RoZXI="), .error(.unauthorized)),
            ChannelTestCase("no schema recognized", Transfers.signed(#"{"id":"1","content":"x"}"#), .error(.invalidField, field: "JJDBH")),
            ChannelTestCase("pinyin without BJNR", Transfers.signed(#"{"JJDBH":"J1"}"#), .error(.invalidField, field: "BJNR")),
            ChannelTestCase("camelCase without alarmComment", Transfers.signed(#"{"alarmNo":"A1","alarmComment":"  "}"#),
                            .error(.invalidField, field: "alarmComment")),
            ChannelTestCase("bad report time", Transfers.signed(#"{"JJDBH":"J1","BJNR":"x","BJSJ":"yesterday"}"#),
                            .error(.invalidField, field: "BJSJ")),
            ChannelTestCase("latitude out of range", Transfers.signed(#"{"alarmNo":"A1","alarmComment":"x","latitude":"122.1","longitude":"113"}"#),
                            .error(.invalidField, field: "latitude")),
            ChannelTestCase("object where text belongs", Transfers.signed(#"{"JJDBH":"J1","BJNR":{"a":1}}"#), .error(.invalidField, field: "BJNR")),
            ChannelTestCase("second of a batch broken", Transfers.signed("[\(minimalPinyin),{\"JJDBH\":\"J3\"}]"),
                            .error(.invalidField, field: "[1].BJNR")),
            ChannelTestCase("not JSON", Transfers.signed("JJDBH=1"), .error(.malformedBody)),
            ChannelTestCase("empty array", Transfers.signed("[]"), .error(.invalidField)),
            ChannelTestCase("XML", TestRequests.post(Transfers.path, contentType: "application/xml", body: Array("<a/>".utf8),
                                                     headers: TestRequests.signatureHeaders(secret: Transfers.secret, body: Array("<a/>".utf8))),
                            .error(.unsupportedMediaType)),
        ], verifier: verifier)
    }

    @Test func fixedMappingIgnoresDetection() throws {
        let camel = try #require(Police110ShippedMappings.all.first { $0.name == "camelcase" })
        let fixed = Police110Adapter(selection: .fixed(camel))
        runChannelTestCases(fixed, [
            ChannelTestCase("camelCase body", Transfers.signed(#"{"alarmNo":"A1","alarmComment":"x"}"#),
                            .submissions([ExpectedSubmission(channelRef: "A1")])),
            ChannelTestCase("pinyin body under the camelCase mapping", Transfers.signed(#"{"JJDBH":"J1","BJNR":"x"}"#),
                            .error(.invalidField, field: "alarmNo")),
        ])
    }

    @Test func mappingSaysUrgencyAndWrapper() throws {
        let custom = try Police110Mapping.parse(Array(#"""
            {"name":"tianjin","detect":["ajbh"],"records":"data","crs":"gcj02","utcOffset":"+08:00",
             "fields":{"incidentNo":"ajbh","text":["nr","bjnr"],"level":"dj","lat":"wd","lng":"jd","requestType":"lx","hotline":"rx"},
             "urgency":{"default":"B","byLevel":{"1":"A","3":"C"}},
             "receipt":{"fields":{"incidentNo":"ajbh","receiptNo":"hzbh","signTime":"qssj","status":"zt"},"timeFormat":"unixMillis"},
             "returnNotice":{"fields":{"incidentNo":"ajbh","reason":"yy","time":"sj"},"timeFormat":"rfc3339"}}
            """#.utf8))
        let adapter = Police110Adapter(selection: .detect(Police110ShippedMappings.all + [custom]))
        runChannelTestCases(adapter, [
            ChannelTestCase("wrapped, level 1", Transfers.signed(#"{"data":{"ajbh":"T1","nr":"燃气泄漏","dj":"1","wd":39.1,"jd":117.2,"lx":"求助","rx":"12319"}}"#),
                            .submissions([ExpectedSubmission(channelRef: "T1", requestType: .help, urgency: .A, hotline: "12319",
                                                             check: { s in #expect(s.location?.crs == .gcj02) })])),
            ChannelTestCase("wrapped batch, level 3 and unknown", Transfers.signed(#"{"data":[{"ajbh":"T2","bjnr":"x","dj":"3"},{"ajbh":"T3","nr":"y","dj":"9"}]}"#),
                            .submissions([ExpectedSubmission(channelRef: "T2", urgency: .C), ExpectedSubmission(channelRef: "T3", urgency: .B)])),
            ChannelTestCase("unknown request type", Transfers.signed(#"{"data":{"ajbh":"T4","nr":"x","lx":"闲聊"}}"#),
                            .error(.invalidField, field: "lx")),
        ])
        let request = Transfers.signed(#"{"data":{"ajbh":"T1","nr":"x"}}"#)
        let answer = adapter.answer([IntakeOutcome(status: .created, ticketId: "t", receiptNo: "20261122-000001", channelRef: "T1")], to: request)
        let json = try JSON.parse(answer.body)
        #expect(json == ["ajbh": "T1", "hzbh": "20261122-000001", "qssj": .int(Int64(TestRequests.fixedDate.timeIntervalSince1970 * 1000)), "zt": "created"])
    }

    @Test(arguments: [
        #"{"name":"x"}"#, #"{"fields":{"incidentNo":"a","text":"b"}}"#, #"{"name":"x","fields":{"incidentNo":"a"}}"#,
        #"{"name":"x","fields":{"incidentNo":"a","text":"b","colour":"c"}}"#,
        #"{"name":"x","fields":{"incidentNo":"a","text":"b"},"receipt":{"fields":{"incidentNo":"a"}},"returnNotice":{"fields":{"reason":"r"}}}"#,
        #"{"name":"x","fields":{"incidentNo":"a","text":"b"},"receipt":{"fields":{"incidentNo":"a","colour":"c"}},"returnNotice":{"fields":{"incidentNo":"a"}}}"#,
        #"{"name":"x","fields":{"incidentNo":"a","text":"b"},"urgency":{"default":"Z"},"receipt":{"fields":{"incidentNo":"a"}},"returnNotice":{"fields":{"incidentNo":"a"}}}"#,
        #"{"name":"x","crs":"utm","fields":{"incidentNo":"a","text":"b"},"receipt":{"fields":{"incidentNo":"a"}},"returnNotice":{"fields":{"incidentNo":"a"}}}"#,
        #"{"name":"x","fields":{"incidentNo":"a","text":"b"},"receipt":{"fields":{"incidentNo":"a"},"timeFormat":"dd/MM"},"returnNotice":{"fields":{"incidentNo":"a"}}}"#,
        "not json", "[]",
    ])
    func brokenMappingsAreRefused(_ text: String) {
        #expect(throws: Police110MappingError.self) { try Police110Mapping.parse(Array(text.utf8)) }
    }
}
