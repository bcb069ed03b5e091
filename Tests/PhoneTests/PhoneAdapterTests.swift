import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import Phone

/// The demo's call records (`Channels/Phone/Examples/*.json`) as signed channel requests.
enum PhoneExamples {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../Channels/Phone/Examples").standardizedFileURL
    /// The secret the demo signs phone examples with (Demo.secrets["phone"]).
    static let secret = "whsec_ZGVtby1waG9uZS1zZWNyZXQtMDEyMzQ1Njc4OQ=="
    static let verifier = StandardWebhooksVerifier(secrets: [secret], clock: FixedClock())

    static func names() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted()
    }

    static func load(_ name: String) throws -> ChannelRequest {
        let doc = try JSON.parse(Array(try Data(contentsOf: directory.appendingPathComponent(name))))
        let body = try #require(doc["body"]).serialized()
        #expect(doc["sign"]?.stringValue == "phone")
        return signed(body, path: try #require(doc["path"]?.stringValue))
    }

    static func signed(_ body: [UInt8], path: String = "/v1/intake/phone", contentType: String = "application/json") -> ChannelRequest {
        TestRequests.post(path, contentType: contentType, body: body, headers: TestRequests.signatureHeaders(secret: secret, body: body))
    }

    static func record(_ text: String) -> ChannelRequest { signed(Array(text.utf8)) }
}

@Suite struct PhoneAdapterTests {
    let adapter = PhoneAdapter()

    @Test func everyExampleCallDecodes() throws {
        #expect(try PhoneExamples.names().count == 6)
        let cases: [ChannelTestCase] = [
            ChannelTestCase("aliyun, summary", try PhoneExamples.load("01-aliyun-streetlight.json"), .submissions([
                ExpectedSubmission(text: "市民反映福田区莲花路88号莲花北小区东门路灯损坏一个多星期，夜间无照明，要求尽快维修。",
                                   channelRef: "CALL-20261122-0930-0001", phone: "13912345678", anonymous: false, requestType: .help,
                                   address: "福田区莲花路88号莲花北小区东门", hotline: "12345", check: { s in
                                       #expect(s.submittedAt == Timestamp.parse("2026-11-22T09:30:05+08:00"))
                                       let d = s.channelData
                                       #expect(d?["transcript"]?["format"]?.stringValue == "aliyun")
                                       #expect(d?["transcript"]?["segments"]?.arrayValue?.count == 5)
                                       #expect(d?["transcript"]?["segments"]?[1]?["speaker"]?.stringValue == "caller")
                                       #expect(d?["agentId"]?.stringValue == "A1024")
                                       #expect(d?["seatGroup"]?.stringValue == "综合受理组")
                                       #expect(d?["durationMs"]?.intValue == 20_000)
                                       #expect(d?["recordingUrl"]?.stringValue?.hasSuffix(".wav") == true)
                                   }),
            ])),
            ChannelTestCase("tencent detail, no summary", try PhoneExamples.load("02-tencent-noise.json"), .submissions([
                ExpectedSubmission(text: "我要投诉，南山区桃园路的地铁工地每天晚上十二点以后还在打桩，吵得根本睡不着。"
                                   + " " + "就是桃园路和南新路路口那个，已经连续一周了。",
                                   phone: "0755-83345678", requestType: .complaint, hotline: "12345",
                                   check: { s in #expect(s.channelData?["transcript"]?["format"]?.stringValue == "tencent") }),
            ])),
            ChannelTestCase("tencent text, withheld number", try PhoneExamples.load("03-tencent-text-water.json"), .submissions([
                ExpectedSubmission(textContains: "水压很低", channelRef: "202611220953000003", anonymous: true, check: { s in
                    #expect(s.caller.phone == nil)
                    #expect(s.channelData?["callerWithheld"]?.boolValue == true)
                    #expect(s.submittedAt == Timestamp.parse("2026-11-22T09:53:00+08:00"))
                }),
            ])),
            ChannelTestCase("iflytek", try PhoneExamples.load("04-iflytek-bus.json"), .submissions([
                ExpectedSubmission(textContains: "加开几班", phone: "+86 137 1111 2222", requestType: .suggestion, check: { s in
                    #expect(s.text.hasPrefix("我想建议一下"))
                    #expect(!s.text.contains("您的建议我们记录下来了"))  // the agent's words are not the caller's text
                }),
            ])),
            ChannelTestCase("whisper, no caller number, no speakers", try PhoneExamples.load("05-whisper-pothole.json"), .submissions([
                ExpectedSubmission(textContains: "北环大道香蜜湖立交", anonymous: true, check: { s in
                    #expect(s.caller.phone == nil)
                    #expect(s.text.hasPrefix("您好"))  // speakers unknown: everything said
                }),
            ])),
            ChannelTestCase("segments, summary", try PhoneExamples.load("06-segments-gas.json"), .submissions([
                ExpectedSubmission(textContains: "燃气泄漏", phone: "13622223333", requestType: .help, address: "福田区景田北街景田花园3栋"),
            ])),
        ]
        runChannelTestCases(adapter, cases, verifier: PhoneExamples.verifier)
    }

    @Test func refusedWithTheDocumentedError() throws {
        let good = try PhoneExamples.load("01-aliyun-streetlight.json")
        let goodText = String(decoding: good.body, as: UTF8.self)
        let transcript = #"{"format":"segments","data":{"segments":[{"startMs":0,"endMs":900,"speaker":"caller","text":"路灯坏了"}]}}"#
        var tampered = good
        tampered.body = Array(goodText.replacingOccurrences(of: "13912345678", with: "13912345679").utf8)
        let cases: [ChannelTestCase] = [
            ChannelTestCase("truncated JSON", PhoneExamples.signed(Array(good.body.dropLast(40))), .error(.malformedBody)),
            ChannelTestCase("empty body", PhoneExamples.record(""), .error(.malformedBody)),
            ChannelTestCase("array body", PhoneExamples.record("[]"), .error(.malformedBody)),
            ChannelTestCase("XML body", PhoneExamples.signed(Array("<call/>".utf8), contentType: "application/xml"),
                            .error(.unsupportedMediaType, field: "Content-Type")),
            ChannelTestCase("no callId", PhoneExamples.record(#"{"caller":"13912345678","summary":"路灯"}"#), .error(.invalidField, field: "callId")),
            ChannelTestCase("callId is an object", PhoneExamples.record(#"{"callId":{},"summary":"路灯"}"#), .error(.invalidField, field: "callId")),
            ChannelTestCase("summary is a number", PhoneExamples.record(#"{"callId":"c1","summary":5}"#), .error(.invalidField, field: "summary")),
            ChannelTestCase("caller is an array", PhoneExamples.record(#"{"callId":"c1","caller":[],"summary":"路灯"}"#),
                            .error(.invalidField, field: "caller")),
            ChannelTestCase("nothing said", PhoneExamples.record(#"{"callId":"c1","caller":"13912345678"}"#), .error(.invalidField, field: "summary")),
            ChannelTestCase("empty summary and empty transcript", PhoneExamples.record(
                #"{"callId":"c1","summary":"  ","transcript":{"format":"segments","data":{"segments":[]}}}"#),
                .error(.invalidField, field: "transcript")),
            ChannelTestCase("unknown format", PhoneExamples.record(#"{"callId":"c1","transcript":{"format":"baidu","data":{}}}"#),
                            .error(.invalidField, field: "transcript.format")),
            ChannelTestCase("transcript not an object", PhoneExamples.record(#"{"callId":"c1","transcript":"hello"}"#),
                            .error(.invalidField, field: "transcript")),
            ChannelTestCase("transcript without data", PhoneExamples.record(#"{"callId":"c1","transcript":{"format":"aliyun"}}"#),
                            .error(.invalidField, field: "transcript.data")),
            ChannelTestCase("data does not fit its format", PhoneExamples.record(
                #"{"callId":"c1","transcript":{"format":"aliyun","data":{"segments":[]}}}"#), .error(.invalidField, field: "transcript.data")),
            ChannelTestCase("bad startedAt", PhoneExamples.record(#"{"callId":"c1","summary":"路灯","startedAt":"soon"}"#),
                            .error(.invalidField, field: "startedAt")),
            ChannelTestCase("ended before it started", PhoneExamples.record(
                #"{"callId":"c1","summary":"路灯","startedAt":"2026-11-22T10:00:00+08:00","endedAt":"2026-11-22T09:00:00+08:00"}"#),
                .error(.invalidField, field: "endedAt")),
            ChannelTestCase("bad signature", tampered, .error(.unauthorized)),
            ChannelTestCase("unsigned", TestRequests.json("/v1/intake/phone", goodText), .error(.unauthorized)),
            ChannelTestCase("numeric call id", PhoneExamples.record(#"{"callId":123,"caller":"anonymous","transcript":"# + transcript + "}"),
                            .submissions([ExpectedSubmission(text: "路灯坏了", channelRef: "123", anonymous: true)])),
            ChannelTestCase("string call id", PhoneExamples.record(#"{"callId":"123","caller":"","transcript":"# + transcript + "}"),
                            .submissions([ExpectedSubmission(text: "路灯坏了", channelRef: "123", anonymous: true)])),
            ChannelTestCase("unknown request type kept raw", PhoneExamples.record(#"{"callId":"c2","summary":"路灯","requestType":"城建类"}"#),
                            .submissions([ExpectedSubmission(requestType: .unknown, check: { s in
                                #expect(s.channelData?["requestTypeRaw"]?.stringValue == "城建类")
                            })])),
        ]
        runChannelTestCases(adapter, cases, verifier: PhoneExamples.verifier)
    }

    @Test func hotlineFromTheDialledNumber() {
        #expect(PhoneAdapter.hotline(dialled: "12345") == "12345")
        #expect(PhoneAdapter.hotline(dialled: "12319") == "12319")
        #expect(PhoneAdapter.hotline(dialled: "075512345") == "12345")
        #expect(PhoneAdapter.hotline(dialled: "0755-12345") == "12345")
        #expect(PhoneAdapter.hotline(dialled: "+86 755 12345") == "12345")
        #expect(PhoneAdapter.hotline(dialled: "+86 10 12345") == "12345")
        #expect(PhoneAdapter.hotline(dialled: "13912345678") == nil)
        #expect(PhoneAdapter.hotline(dialled: "110") == nil)
        #expect(PhoneAdapter.hotline(dialled: nil) == nil)
    }
}
