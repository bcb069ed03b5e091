import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import SMS

/// Requests for each provider, signed or tokened the demo's way so they pass the verifier and reach the adapter.
enum BadRequests {
    static func aliyun(_ body: String) -> ChannelRequest {
        TestRequests.post("/v1/intake/sms/aliyun", contentType: "application/json", body: Array(body.utf8),
                          query: [("token", "demo-aliyun-token")], pathParameters: ["provider": "aliyun"])
    }

    static func tencent(_ body: String) -> ChannelRequest {
        TestRequests.post("/v1/intake/sms/tencent", contentType: "application/json", body: Array(body.utf8),
                          query: [("token", "demo-tencent-token")], pathParameters: ["provider": "tencent"])
    }

    static func twilio(_ form: String, contentType: String = "application/x-www-form-urlencoded") -> ChannelRequest {
        // Twilio signs form parameters; a body of another type is not part of the signature.
        let params = contentType == "application/x-www-form-urlencoded" ? URLEncodedForm.parse(Array(form.utf8)) : []
        let url = DemoSMS.publicBaseURL + "/v1/intake/sms/twilio"
        let signature = TwilioSignatureVerifier.signature(url: url, parameters: params, authToken: DemoSMS.twilioToken)
        return TestRequests.post("/v1/intake/sms/twilio", contentType: contentType, body: Array(form.utf8),
                                 headers: [("X-Twilio-Signature", signature)], pathParameters: ["provider": "twilio"])
    }

    static func cmpp(_ body: String) -> ChannelRequest {
        let bytes = Array(body.utf8)
        return TestRequests.post("/v1/intake/sms/cmpp", contentType: "application/json", body: bytes,
                                 headers: TestRequests.signatureHeaders(secret: ExampleRequests.cmppSecret, body: bytes),
                                 pathParameters: ["provider": "cmpp"])
    }

    /// A DELIVER with `content` bytes as Msg_Content.
    static func deliver(_ content: [UInt8], format: Int = 8, udhi: Int = 0, extra: String = "") -> ChannelRequest {
        cmpp("{\"Msg_Id\":\"1001\",\"Src_terminal_Id\":\"13912345678\",\"Dest_Id\":\"106901234512345\",\"Msg_Fmt\":\(format),"
             + "\"TP_udhi\":\(udhi)\(extra),\"Msg_Content\":\"\(Data(content).base64EncodedString())\"}")
    }

    static func ucs2(_ s: String) -> [UInt8] { s.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
}

@Suite struct SMSBadInputTests {
    @Test func refusedWithTheDocumentedError() {
        let good = "{\"phone_number\":\"13912345678\",\"content\":\"路灯不亮\",\"send_time\":\"2026-11-22 10:15:00\",\"sequence_id\":1}"
        let cases: [ChannelTestCase] = [
            // Aliyun
            ChannelTestCase("aliyun truncated JSON", BadRequests.aliyun("[" + good.dropLast(5)), .error(.malformedBody)),
            ChannelTestCase("aliyun body is a string", BadRequests.aliyun("\"hello\""), .error(.malformedBody)),
            ChannelTestCase("aliyun empty body", BadRequests.aliyun(""), .error(.malformedBody)),
            ChannelTestCase("aliyun empty batch", BadRequests.aliyun("[]"), .error(.invalidField, field: "body")),
            ChannelTestCase("aliyun item not an object", BadRequests.aliyun("[" + good + ",42]"), .error(.invalidField, field: "[1]")),
            ChannelTestCase("aliyun content is a number", BadRequests.aliyun(
                "[{\"phone_number\":\"13912345678\",\"content\":12,\"sequence_id\":1}]"), .error(.invalidField, field: "[0].content")),
            ChannelTestCase("aliyun empty text", BadRequests.aliyun(
                "[{\"phone_number\":\"13912345678\",\"content\":\"  \",\"sequence_id\":2}]"),
                .error(.invalidField, field: "[0].content")),
            // In a batch of several, the unreadable message is recorded and the others still become tickets
            // (the provider would otherwise retry the whole batch for hours).
            ChannelTestCase("aliyun batch with one empty text", BadRequests.aliyun(
                "[" + good + ",{\"phone_number\":\"13912345678\",\"content\":\"  \",\"sequence_id\":2}]"),
                .submissions([ExpectedSubmission(recordOnly: false),
                              ExpectedSubmission(recordOnly: true, check: { s in
                                  #expect(s.channelData?["error"]?["field"] == "[1].content")
                              })])),
            ChannelTestCase("aliyun no sender", BadRequests.aliyun("[{\"content\":\"路灯\",\"sequence_id\":1}]"),
                            .error(.invalidField, field: "[0].phone_number")),
            ChannelTestCase("aliyun no sequence_id", BadRequests.aliyun("[{\"phone_number\":\"13912345678\",\"content\":\"路灯\"}]"),
                            .error(.invalidField, field: "[0].sequence_id")),
            ChannelTestCase("aliyun sequence_id is an object", BadRequests.aliyun(
                "[{\"phone_number\":\"13912345678\",\"content\":\"路灯\",\"sequence_id\":{}}]"), .error(.invalidField, field: "[0].sequence_id")),
            ChannelTestCase("aliyun unreadable send_time", BadRequests.aliyun(
                "[{\"phone_number\":\"13912345678\",\"content\":\"路灯\",\"sequence_id\":1,\"send_time\":\"yesterday\"}]"),
                .error(.invalidField, field: "[0].send_time")),
            ChannelTestCase("aliyun good", BadRequests.aliyun("[" + good + "]"), .submissions([ExpectedSubmission(channelRef: "aliyun:1")])),
            // Tencent
            ChannelTestCase("tencent truncated", BadRequests.tencent("{\"mobile\":\"139"), .error(.malformedBody)),
            ChannelTestCase("tencent no mobile", BadRequests.tencent("{\"nationcode\":\"86\",\"text\":\"路灯\",\"time\":1795401000}"),
                            .error(.invalidField, field: "mobile")),
            ChannelTestCase("tencent empty text", BadRequests.tencent(
                "{\"mobile\":\"13912345678\",\"nationcode\":\"86\",\"text\":\"\",\"time\":1795401000}"), .error(.invalidField, field: "text")),
            ChannelTestCase("tencent text is an array", BadRequests.tencent(
                "{\"mobile\":\"13912345678\",\"nationcode\":\"86\",\"text\":[],\"time\":1795401000}"), .error(.invalidField, field: "text")),
            ChannelTestCase("tencent time not a number", BadRequests.tencent(
                "{\"mobile\":\"13912345678\",\"nationcode\":\"86\",\"text\":\"路灯\",\"time\":\"noon\"}"), .error(.invalidField, field: "time")),
            ChannelTestCase("tencent bad nationcode", BadRequests.tencent(
                "{\"mobile\":\"13912345678\",\"nationcode\":\"CN\",\"text\":\"路灯\"}"), .error(.invalidField, field: "nationcode")),
            ChannelTestCase("tencent +852 sender", BadRequests.tencent(
                "{\"mobile\":\"91234567\",\"nationcode\":\"852\",\"text\":\"路灯\",\"time\":\"1795401000\"}"),
                .submissions([ExpectedSubmission(phone: "+85291234567")])),
            // Twilio
            ChannelTestCase("twilio no From", BadRequests.twilio("MessageSid=SM1&To=%2B8675512345&Body=hi"), .error(.invalidField, field: "From")),
            ChannelTestCase("twilio no MessageSid", BadRequests.twilio("From=%2B85291234567&Body=hi"), .error(.invalidField, field: "MessageSid")),
            ChannelTestCase("twilio empty Body", BadRequests.twilio("MessageSid=SM1&From=%2B85291234567&Body="), .error(.invalidField, field: "Body")),
            ChannelTestCase("twilio JSON body", BadRequests.twilio("{}", contentType: "application/json"),
                            .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("twilio picture without words", BadRequests.twilio(
                "MessageSid=MM1&From=%2B85291234567&Body=&NumMedia=1&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2Fm%2F1&MediaContentType0=image%2Fjpeg"),
                .submissions([ExpectedSubmission(channelRef: "twilio:MM1", check: { s in
                    #expect(s.channelData?["media"]?[0]?["url"]?.stringValue == "https://api.twilio.com/m/1")
                })])),
            // CMPP
            ChannelTestCase("cmpp truncated", BadRequests.cmpp("{\"Msg_Id\":\"1001\",\"Msg_Con"), .error(.malformedBody)),
            ChannelTestCase("cmpp array", BadRequests.cmpp("[]"), .error(.malformedBody)),
            ChannelTestCase("cmpp bad base64", BadRequests.cmpp(
                "{\"Msg_Id\":\"1\",\"Src_terminal_Id\":\"13912345678\",\"Msg_Fmt\":8,\"Msg_Content\":\"@@not base64@@\"}"),
                .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp Msg_Content is a number", BadRequests.cmpp(
                "{\"Msg_Id\":\"1\",\"Src_terminal_Id\":\"13912345678\",\"Msg_Fmt\":8,\"Msg_Content\":5}"),
                .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp Msg_Fmt is a word", BadRequests.cmpp(
                "{\"Msg_Id\":\"1\",\"Src_terminal_Id\":\"13912345678\",\"Msg_Fmt\":\"ucs2\",\"Msg_Content\":\"AA==\"}"),
                .error(.invalidField, field: "Msg_Fmt")),
            ChannelTestCase("cmpp no Msg_Id", BadRequests.cmpp("{\"Src_terminal_Id\":\"13912345678\",\"Msg_Content\":\"aGk=\"}"),
                            .error(.invalidField, field: "Msg_Id")),
            ChannelTestCase("cmpp no sender", BadRequests.cmpp("{\"Msg_Id\":\"1\",\"Msg_Content\":\"aGk=\"}"),
                            .error(.invalidField, field: "Src_terminal_Id")),
            ChannelTestCase("cmpp UCS-2 odd length", BadRequests.deliver(BadRequests.ucs2("路灯") + [0x4E]),
                            .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp UDH total 0", BadRequests.deliver([5, 0, 3, 7, 0, 1] + BadRequests.ucs2("路灯"), udhi: 1),
                            .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp UDH part above total", BadRequests.deliver([5, 0, 3, 7, 2, 3] + BadRequests.ucs2("路灯"), udhi: 1),
                            .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp UDH part 0", BadRequests.deliver([6, 8, 4, 1, 2, 2, 0] + BadRequests.ucs2("路灯"), udhi: 1),
                            .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp UDH longer than content", BadRequests.deliver([9, 0, 3, 7, 2, 1], udhi: 1),
                            .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp binary Msg_Fmt 4", BadRequests.deliver([1, 2, 3], format: 4), .error(.invalidField, field: "Msg_Fmt")),
            ChannelTestCase("cmpp Msg_Length disagrees", BadRequests.deliver(BadRequests.ucs2("路灯"), extra: ",\"Msg_Length\":9"),
                            .error(.invalidField, field: "Msg_Length")),
            ChannelTestCase("cmpp empty text", BadRequests.deliver([]), .error(.invalidField, field: "Msg_Content")),
            ChannelTestCase("cmpp ASCII", BadRequests.deliver(Array("Street light out".utf8), format: 0),
                            .submissions([ExpectedSubmission(text: "Street light out", channelRef: "cmpp:1001")])),
            ChannelTestCase("cmpp 16-bit reference", BadRequests.deliver([6, 8, 4, 0x12, 0x34, 3, 2] + BadRequests.ucs2("第二段"), udhi: 1),
                            .submissions([ExpectedSubmission(text: "第二段", check: { s in
                                #expect(s.fragment == Fragment(group: "+8613912345678/106901234512345/ref:4660/total:3", index: 2, total: 3))
                            })])),
            ChannelTestCase("cmpp UDH of one part only", BadRequests.deliver([5, 0, 3, 9, 1, 1] + BadRequests.ucs2("一条"), udhi: 1),
                            .submissions([ExpectedSubmission(text: "一条", check: { s in #expect(s.fragment == nil) })])),
            // Routing
            ChannelTestCase("unknown provider", TestRequests.post("/v1/intake/sms/huawei", contentType: "application/json",
                                                                  body: Array("{}".utf8), pathParameters: ["provider": "huawei"]),
                            .error(.notFound, field: "provider")),
        ]
        runChannelTestCases(DemoSMS.adapter, cases, verifier: DemoSMS.verifier)
    }

    @Test func unknownProviderIsRefusedByTheAdapterToo() {
        let request = TestRequests.post("/v1/intake/sms/x", contentType: "application/json", body: Array("[]".utf8),
                                        pathParameters: ["provider": "x"])
        runChannelTestCases(DemoSMS.adapter, [ChannelTestCase("no verifier", request, .error(.notFound, field: "provider"))])
    }

    @Test func userDataHeaderForms() throws {
        let eight = try CMPPUserData.split([5, 0, 3, 0xAB, 4, 2, 0x00, 0x41], udhi: true)
        #expect(eight.concatenation == SMSConcatenation(reference: 0xAB, referenceBits: 8, total: 4, sequence: 2))
        #expect(eight.payload == [0x00, 0x41])
        let sixteen = try CMPPUserData.split([6, 8, 4, 0x12, 0x34, 3, 3, 0x42], udhi: true)
        #expect(sixteen.concatenation == SMSConcatenation(reference: 0x1234, referenceBits: 16, total: 3, sequence: 3))
        #expect(sixteen.payload == [0x42])
        // A port-addressing element before the concatenation one is skipped.
        let mixed = try CMPPUserData.split([11, 5, 4, 0x0B, 0x84, 0x23, 0xF0, 0, 3, 1, 2, 1, 0x43], udhi: true)
        #expect(mixed.concatenation?.sequence == 1)
        #expect(mixed.payload == [0x43])
        #expect(try CMPPUserData.split([1, 2, 3], udhi: false).payload == [1, 2, 3])
        #expect(try CMPPUserData.decode(BadRequests.ucs2("市民😀"), format: 8) == "市民😀")
        #expect(try CMPPUserData.decode([0xC2, 0xB7, 0xB5, 0xC6], format: 15) == "路灯")
        #expect(try CMPPUserData.decode([0xC2, 0xB7, 0xB5, 0xC6], format: 0) == "路灯")  // GBK mislabelled as ASCII
    }
}
