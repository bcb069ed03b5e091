import Foundation
import Testing
import ChannelTesting
import IntakeCore
@testable import MiniProgram

@Suite struct WeChatMessageAdapterTests {
    let v: PythonVectors
    let crypto: WeChatMessageCrypto
    let adapter: WeChatMessageAdapter
    let verifier: WeChatSignatureVerifier

    init() throws {
        v = try PythonVectors.load()
        crypto = try #require(WeChatMessageCrypto(encodingAESKey: v.encodingAESKey, appId: v.appId))
        adapter = WeChatMessageAdapter(configuration: WeChatConfiguration(crypto: crypto))
        verifier = WeChatSignatureVerifier(token: v.token, crypto: crypto, toleranceSeconds: 300, clock: FixedClock())
    }

    @Test func tencentPublishedSample() {
        let sampleCrypto = WeChatMessageCrypto(encodingAESKey: TencentSample.encodingAESKey, appId: TencentSample.appId)
        let request = WeChatRequests.safeMode(body: TencentSample.body, timestamp: TencentSample.timestamp, nonce: TencentSample.nonce,
                                              msgSignature: TencentSample.msgSignature, at: TencentSample.date)
        let sampleVerifier = WeChatSignatureVerifier(token: TencentSample.token, crypto: sampleCrypto, toleranceSeconds: 300,
                                                     clock: FixedClock(TencentSample.date))
        let sampleAdapter = WeChatMessageAdapter(configuration: WeChatConfiguration(crypto: sampleCrypto))
        runChannelTestCases(sampleAdapter, [
            ChannelTestCase("Tencent's WXBizMsgCrypt sample", request, .submissions([ExpectedSubmission(
                text: "abcdteT", channelRef: "6054768590064713728", openId: "oyORnuP8q7ou2gfYjqLzSIWZf0rs", recordOnly: false,
                check: { s in
                    #expect(s.submittedAt == Date(timeIntervalSince1970: 1_409_735_668))
                    #expect(s.channelData?["wechat"]?["encrypted"] == true)
                    #expect(s.channelData?["message"]?["Encrypt"] == nil)
                })])),
        ], verifier: sampleVerifier)
        // Years later the same signed request is a replay.
        runChannelTestCases(sampleAdapter, [
            ChannelTestCase("the sample replayed today", request, .error(.unauthorized)),
        ], verifier: WeChatSignatureVerifier(token: TencentSample.token, crypto: sampleCrypto, toleranceSeconds: 300, clock: FixedClock()))
        // With the check disabled (the demo), the timestamp is not held against it.
        runChannelTestCases(sampleAdapter, [
            ChannelTestCase("the sample, tolerance disabled", request, .submissions([ExpectedSubmission(text: "abcdteT")])),
        ], verifier: WeChatSignatureVerifier(token: TencentSample.token, crypto: sampleCrypto, toleranceSeconds: nil, clock: FixedClock()))
    }

    @Test func safeModeTable() throws {
        let xml = try v.case("xml-text"), json = try v.case("json-text"), event = try v.case("json-event")
        func tampered(_ c: PythonVectors.Case, encrypt: String? = nil, msgSignature: String? = nil, timestamp: String? = nil) -> ChannelRequest {
            let body = encrypt.map { c.body.replacingOccurrences(of: c.encrypt, with: $0) } ?? c.body
            return WeChatRequests.safeMode(body: body, timestamp: timestamp ?? c.timestamp, nonce: c.nonce,
                                           msgSignature: msgSignature ?? c.msgSignature)
        }
        // One changed character of Encrypt, re-signed by someone who knows the token but not the key.
        let reEncrypt = changingOneCharacter(xml.encrypt, at: 40)
        let reSigned = WeChatSignature.sign([v.token, xml.timestamp, xml.nonce, reEncrypt])
        runChannelTestCases(adapter, [
            ChannelTestCase("XML, encrypted by Python cryptography", WeChatRequests.safeMode(xml), .submissions([ExpectedSubmission(
                text: "小区门口路灯坏了一个星期，晚上很黑，请尽快修理。", channelRef: "7301234567890123456", openId: "oCitizen_xml_0001",
                recordOnly: false, check: { s in
                    #expect(s.channel == .miniprogram)
                    #expect(s.channelData?["wechat"]?["format"] == "xml")
                })])),
            ChannelTestCase("JSON, encrypted by Python cryptography", WeChatRequests.safeMode(json, contentType: "application/json"),
                            .submissions([ExpectedSubmission(
                                text: "公交 23 路早上 7 点后一直不来车", channelRef: "7301234567890123457", openId: "oCitizen_json_0002",
                                recordOnly: false, check: { s in #expect(s.channelData?["wechat"]?["msgId"] == "7301234567890123457") })])),
            ChannelTestCase("an event is recorded, not a ticket", WeChatRequests.safeMode(event, contentType: "application/json"),
                            .submissions([ExpectedSubmission(openId: "oCitizen_json_0002", recordOnly: true, check: { s in
                                #expect(s.channelRef == "event:oCitizen_json_0002:1795400000:user_enter_tempsession")
                                #expect(s.disposition == .recordOnly(reason: "wechat event user_enter_tempsession"))
                            })])),
            ChannelTestCase("one changed byte in Encrypt", tampered(xml, encrypt: changingOneCharacter(xml.encrypt, at: 10)), .error(.unauthorized)),
            ChannelTestCase("one changed byte in Encrypt, re-signed with the token", tampered(xml, encrypt: reEncrypt, msgSignature: reSigned),
                            .error(.unauthorized)),
            ChannelTestCase("one changed byte in msg_signature", tampered(xml, msgSignature: changingOneCharacter(xml.msgSignature, at: 0)),
                            .error(.unauthorized)),
            ChannelTestCase("msg_signature of another message", tampered(xml, msgSignature: json.msgSignature), .error(.unauthorized)),
            ChannelTestCase("wrong appid", WeChatRequests.safeMode(try v.case("wrong-appid")), .error(.unauthorized)),
            ChannelTestCase("bad padding (pad length 0)", WeChatRequests.safeMode(try v.case("bad-padding-zero")), .error(.unauthorized)),
            ChannelTestCase("bad padding (inconsistent bytes)", WeChatRequests.safeMode(try v.case("bad-padding-inconsistent")),
                            .error(.unauthorized)),
            ChannelTestCase("encrypted with another EncodingAESKey", WeChatRequests.safeMode(try v.case("other-key")), .error(.unauthorized)),
            ChannelTestCase("stale timestamp (signed 10 minutes ago)",
                            WeChatRequests.safeMode(body: xml.body, timestamp: "1795399400", nonce: xml.nonce,
                                                    msgSignature: WeChatSignature.sign([v.token, "1795399400", xml.nonce, xml.encrypt])),
                            .error(.unauthorized)),
            ChannelTestCase("timestamp changed after signing", tampered(xml, timestamp: "1795400001"), .error(.unauthorized)),
            ChannelTestCase("no msg_signature", TestRequests.post(WeChatRequests.path, contentType: "text/xml", body: Array(xml.body.utf8),
                                                                  query: [("timestamp", xml.timestamp), ("nonce", xml.nonce),
                                                                          ("encrypt_type", "aes")]), .error(.unauthorized)),
            ChannelTestCase("safe mode without Encrypt", WeChatRequests.safeMode(
                body: "<xml><ToUserName>x</ToUserName></xml>", timestamp: xml.timestamp, nonce: xml.nonce,
                msgSignature: WeChatSignature.sign([v.token, xml.timestamp, xml.nonce])), .error(.unauthorized)),
        ], verifier: verifier)
    }

    @Test func oneChangedByteStoresNothing() throws {
        // Every tampered variant is refused by the verifier itself, before decode: the pipeline stores nothing but a counter.
        let xml = try v.case("xml-text")
        let variants = [
            WeChatRequests.safeMode(body: xml.body.replacingOccurrences(of: xml.encrypt, with: changingOneCharacter(xml.encrypt, at: 100)),
                                    timestamp: xml.timestamp, nonce: xml.nonce, msgSignature: xml.msgSignature),
            WeChatRequests.safeMode(body: xml.body, timestamp: xml.timestamp, nonce: xml.nonce,
                                    msgSignature: changingOneCharacter(xml.msgSignature, at: 5)),
            WeChatRequests.safeMode(try v.case("wrong-appid")),
        ]
        for request in variants {
            #expect(throws: IntakeError.self) { try verifier.verify(request) }
        }
    }

    @Test func plainModeTable() {
        let text = WeChatRequests.xmlText(from: "oPlain_0001", content: " 噪音扰民 \n 晚上十点后还在施工 ", msgId: "7301234567890000001")
        let jsonText = #"{"ToUserName":"gh_1","FromUserName":"oPlain_0002","CreateTime":1795400000,"MsgType":"text","Content":"井盖丢了","MsgId":9223372036854775807}"#
        let jsonStringId = #"{"ToUserName":"gh_1","FromUserName":"oPlain_0002","CreateTime":"1795400000","MsgType":"text","Content":"井盖丢了","MsgId":"18446744073709551615"}"#
        let jsonDoubleId = #"{"FromUserName":"oPlain_0002","MsgType":"text","Content":"x","MsgId":6.054768590064714e18}"#
        let image = "<xml><ToUserName>gh_1</ToUserName><FromUserName>oPlain_0003</FromUserName><CreateTime>1795400000</CreateTime><MsgType>image</MsgType><PicUrl>https://mmbiz.example/p.jpg</PicUrl><MediaId>m1</MediaId><MsgId>7301234567890000003</MsgId></xml>"
        let subscribe = "<xml><ToUserName>gh_1</ToUserName><FromUserName>oPlain_0004</FromUserName><CreateTime>1795400000</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>"
        runChannelTestCases(adapter, [
            ChannelTestCase("plain XML text", WeChatRequests.plain(text), .submissions([ExpectedSubmission(
                text: "噪音扰民 \n 晚上十点后还在施工", channelRef: "7301234567890000001", openId: "oPlain_0001", recordOnly: false,
                check: { s in #expect(s.channelData?["wechat"]?["encrypted"] == false) })])),
            ChannelTestCase("plain JSON text, MsgId at Int64.max stays exact",
                            WeChatRequests.plain(jsonText, contentType: "application/json"),
                            .submissions([ExpectedSubmission(text: "井盖丢了", channelRef: "9223372036854775807", openId: "oPlain_0002")])),
            ChannelTestCase("plain JSON text, MsgId beyond Int64 as a string",
                            WeChatRequests.plain(jsonStringId, contentType: "application/json"),
                            .submissions([ExpectedSubmission(channelRef: "18446744073709551615", check: { s in
                                #expect(s.submittedAt == Date(timeIntervalSince1970: 1_795_400_000))
                            })])),
            ChannelTestCase("MsgId as a double is refused", WeChatRequests.plain(jsonDoubleId, contentType: "application/json"),
                            .error(.invalidField, field: "MsgId")),
            ChannelTestCase("an image is recorded only", WeChatRequests.plain(image),
                            .submissions([ExpectedSubmission(channelRef: "7301234567890000003", recordOnly: true)])),
            ChannelTestCase("subscribe is recorded only", WeChatRequests.plain(subscribe),
                            .submissions([ExpectedSubmission(openId: "oPlain_0004", recordOnly: true)])),
            ChannelTestCase("wrong signature", WeChatRequests.plain(text, signature: String(repeating: "0", count: 40)),
                            .error(.unauthorized)),
            ChannelTestCase("signed with another token", WeChatRequests.plain(text, token: "other"), .error(.unauthorized)),
            ChannelTestCase("no signature", TestRequests.post(WeChatRequests.path, contentType: "text/xml", body: Array(text.utf8),
                                                              query: [("timestamp", "1795400000"), ("nonce", "1")]), .error(.unauthorized)),
            ChannelTestCase("stale timestamp", WeChatRequests.plain(text, timestamp: "1795399000"), .error(.unauthorized)),
            ChannelTestCase("timestamp from the future", WeChatRequests.plain(text, timestamp: "1795401000"), .error(.unauthorized)),
            ChannelTestCase("no timestamp", TestRequests.post(WeChatRequests.path, contentType: "text/xml", body: Array(text.utf8),
                                                              query: [("signature", "x"), ("nonce", "1")]), .error(.unauthorized)),
            ChannelTestCase("text without Content",
                            WeChatRequests.plain("<xml><FromUserName>o</FromUserName><MsgType>text</MsgType><MsgId>1</MsgId></xml>"),
                            .error(.invalidField, field: "Content")),
            ChannelTestCase("no FromUserName", WeChatRequests.plain("<xml><MsgType>text</MsgType><Content>x</Content></xml>"),
                            .error(.invalidField, field: "FromUserName")),
            ChannelTestCase("no MsgType", WeChatRequests.plain("<xml><FromUserName>o</FromUserName></xml>"),
                            .error(.invalidField, field: "MsgType")),
            ChannelTestCase("broken XML", WeChatRequests.plain("<xml><Content>x</xml>"), .error(.malformedBody)),
            ChannelTestCase("neither XML nor JSON", WeChatRequests.plain("hello", contentType: "text/plain"), .error(.unsupportedMediaType)),
            ChannelTestCase("JSON array", WeChatRequests.plain("[1]", contentType: "application/json"), .error(.unsupportedMediaType)),
            ChannelTestCase("encrypted body without encrypt_type",
                            WeChatRequests.plain("<xml><ToUserName>gh</ToUserName><Encrypt>abc</Encrypt></xml>"),
                            .error(.malformedBody, field: "encrypt_type")),
        ], verifier: verifier)
    }

    @Test func configuredTicketTypes() {
        let configured = WeChatMessageAdapter(configuration: WeChatConfiguration(ticketMessageTypes: ["text", "image"], ticketEvents: true))
        let image = "<xml><FromUserName>o3</FromUserName><CreateTime>1795400000</CreateTime><MsgType>image</MsgType><PicUrl>https://p/x.jpg</PicUrl><MsgId>5</MsgId></xml>"
        let event = "<xml><FromUserName>o4</FromUserName><CreateTime>1795400000</CreateTime><MsgType>event</MsgType><Event>user_enter_tempsession</Event></xml>"
        runChannelTestCases(configured, [
            ChannelTestCase("image becomes a ticket when configured", WeChatRequests.plain(image),
                            .submissions([ExpectedSubmission(text: "[image] https://p/x.jpg", recordOnly: false)])),
            ChannelTestCase("event becomes a ticket when configured", WeChatRequests.plain(event),
                            .submissions([ExpectedSubmission(text: "[event] user_enter_tempsession", recordOnly: false)])),
        ])
    }

    @Test func urlVerification() throws {
        runChannelTestCases(adapter, [
            ChannelTestCase("GET with a good signature", WeChatRequests.get(echostr: "5837397749804718745"), .submissions([])),
            ChannelTestCase("GET with a wrong signature", WeChatRequests.get(echostr: "1", signature: String(repeating: "a", count: 40)),
                            .error(.unauthorized)),
            ChannelTestCase("GET stale", WeChatRequests.get(echostr: "1", timestamp: "1700000000"), .error(.unauthorized)),
            ChannelTestCase("GET without echostr", WeChatRequests.get(echostr: nil), .error(.malformedBody, field: "echostr")),
        ], verifier: verifier)
        let answer = adapter.answer([], to: WeChatRequests.get(echostr: "5837397749804718745"))
        #expect(answer.status == 200)
        #expect(answer.contentType.hasPrefix("text/plain"))
        #expect(answer.body == Array("5837397749804718745".utf8))
    }

    @Test func answersSuccessWhateverBecameOfTheMessage() {
        let request = WeChatRequests.plain(WeChatRequests.xmlText(from: "o", content: "x", msgId: "1"))
        for outcomes in [[IntakeOutcome(status: .created, receiptNo: "20261122-000001")], [IntakeOutcome(status: .duplicate)],
                         [IntakeOutcome(status: .recorded)]] {
            let answer = adapter.answer(outcomes, to: request)
            #expect(answer.status == 200)
            #expect(answer.contentType.hasPrefix("text/plain"))
            #expect(answer.body == Array("success".utf8))
        }
    }

    @Test func retriesOfOneMsgIdAreTheSameDelivery() throws {
        // WeChat retries three times with new timestamps and nonces; the idempotency key and fingerprint stay the same,
        // so the store answers the retries with the first ticket.
        let xml = try v.case("xml-text")
        var seen: [(String?, String)] = []
        for (i, ts) in ["1795400000", "1795400005", "1795400010"].enumerated() {
            let nonce = "retry\(i)"
            let request = WeChatRequests.safeMode(body: xml.body, timestamp: ts, nonce: nonce,
                                                  msgSignature: WeChatSignature.sign([v.token, ts, nonce, xml.encrypt]))
            try verifier.verify(request)
            let subs = try adapter.decode(request)
            let s = try #require(subs.first)
            seen.append((s.channelRef, s.fingerprint))
        }
        #expect(Set(seen.map { $0.0 ?? "" }) == ["7301234567890123456"])
        #expect(Set(seen.map(\.1)).count == 1)
    }

    @Test func requireSafeModeRefusesPlainPushes() {
        let strict = WeChatSignatureVerifier(token: v.token, crypto: crypto, toleranceSeconds: 300, requireSafeMode: true, clock: FixedClock())
        runChannelTestCases(adapter, [
            ChannelTestCase("plain push refused", WeChatRequests.plain(WeChatRequests.xmlText(from: "o", content: "x", msgId: "1")),
                            .error(.unauthorized)),
            ChannelTestCase("GET still verifies", WeChatRequests.get(echostr: "1"), .submissions([])),
        ], verifier: strict)
    }

    @Test func safeModeWithoutAKeyIsRefused() throws {
        let keyless = WeChatSignatureVerifier(token: v.token, crypto: nil, toleranceSeconds: 300, clock: FixedClock())
        runChannelTestCases(WeChatMessageAdapter(), [
            ChannelTestCase("no EncodingAESKey configured", WeChatRequests.safeMode(try v.case("xml-text")), .error(.unauthorized)),
        ], verifier: keyless)
    }
}
