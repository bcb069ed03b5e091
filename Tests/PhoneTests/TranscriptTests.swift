import Foundation
import Testing
import IntakeCore
import ChannelTesting
@testable import Phone

/// One conversation, written out by each ASR vendor's format (Fixtures/), and what it must normalize to.
enum Conversation {
    static let expected: [TranscriptSegment] = [
        TranscriptSegment(startMs: 20, endMs: 2380, speaker: .agent, text: "您好，12345热线，请问有什么可以帮您？"),
        TranscriptSegment(startMs: 2600, endMs: 8150, speaker: .caller, text: "你好，我们小区门口的路灯坏了一个多星期了，晚上特别黑。"),
        TranscriptSegment(startMs: 8300, endMs: 10020, speaker: .agent, text: "请问具体地址是哪里？"),
        TranscriptSegment(startMs: 10200, endMs: 15480, speaker: .caller, text: "福田区莲花路88号莲花北小区东门。"),
        TranscriptSegment(startMs: 15600, endMs: 18900, speaker: .agent, text: "好的，已经为您登记，会尽快转交处理。"),
    ]

    static func fixture(_ name: String) throws -> JSON {
        let bytes = try TestRequests.fixture(name, bundle: .module)
        if name.hasSuffix(".txt") { return .string(String(decoding: bytes, as: UTF8.self)) }
        return try JSON.parse(bytes)
    }

    /// Fixture, its format, and the format detection must find.
    static let formats: [(file: String, format: TranscriptFormat)] = [
        ("aliyun.json", .aliyun), ("tencent-detail.json", .tencent), ("tencent-text.txt", .tencent), ("iflytek.json", .iflytek),
        ("whisper.json", .whisper), ("segments.json", .segments),
    ]
}

@Suite struct TranscriptTests {
    /// Acceptance: every vendor format of the same conversation gives the same segments.
    @Test(arguments: Conversation.formats)
    func sameConversationSameSegments(file: String, format: TranscriptFormat) throws {
        let normalizer = TranscriptNormalizer()
        let data = try Conversation.fixture(file)
        let named = try normalizer.normalize(data, format: format)
        #expect(named.segments == Conversation.expected, "\(file): \(named.segments)")
        #expect(named.format == format)
        #expect(TranscriptNormalizer.detect(data) == format, "\(file)")
        let detected = try normalizer.normalize(data, format: nil)
        #expect(detected == named)
    }

    @Test func allFormatsAgreeWithEachOther() throws {
        let normalizer = TranscriptNormalizer()
        let all = try Conversation.formats.map { try normalizer.normalize(Conversation.fixture($0.file), format: nil).segments }
        #expect(all.count == 6)
        for s in all { #expect(s == all[0]) }
    }

    @Test func whisperWithoutDiarizationHasTheSameWordsAndTimesButNoSpeakers() throws {
        let t = try TranscriptNormalizer().normalize(Conversation.fixture("whisper-plain.json"), format: nil)
        #expect(t.format == .whisper)
        #expect(t.segments.map { [$0.startMs, $0.endMs] } == Conversation.expected.map { [$0.startMs, $0.endMs] })
        #expect(t.segments.map(\.text) == Conversation.expected.map(\.text))
        #expect(t.segments.allSatisfy { $0.speaker == .unknown })
        #expect(t.callerText == nil)
    }

    @Test func transcriptSentAsAStringIsParsed() throws {
        let object = try Conversation.fixture("aliyun.json")
        let t = try TranscriptNormalizer().normalize(.string(object.text), format: nil)
        #expect(t.segments == Conversation.expected)
    }

    @Test func agentTrackIsConfigurable() throws {
        let flipped = TranscriptNormalizer(configuration: PhoneConfiguration(agentTracks: try PhoneConfiguration.parseAgentTracks("aliyun=1")))
        let t = try flipped.normalize(Conversation.fixture("aliyun.json"), format: .aliyun)
        #expect(t.segments.map(\.speaker) == [.caller, .agent, .caller, .agent, .caller])
        // Formats not named keep their default.
        #expect(flipped.configuration.agentTracks[.iflytek] == "1")
        let perCall = try TranscriptNormalizer().normalize(Conversation.fixture("tencent-detail.json"), format: nil, agentTrack: "1")
        #expect(perCall.segments.first?.speaker == .caller)
        #expect(throws: ChannelConfigurationError.self) { try PhoneConfiguration.parseAgentTracks("baidu=0") }
        #expect(throws: ChannelConfigurationError.self) { try PhoneConfiguration.parseAgentTracks("aliyun") }
    }

    @Test func iflytekRoleZeroMeansUnknown() throws {
        let best = #"{"st":{"bg":"0","ed":"1000","rl":"0","rt":[{"ws":[{"cw":[{"w":"喂","wp":"n"}]},{"cw":[{"w":"","wp":"g"}]}]}]}}"#
        let order = JSON.object([("lattice", .array([.object([("json_1best", .string(best))])]))])
        let data = JSON.object([("content", .object([("orderResult", .string(order.text))]))])
        let t = try TranscriptNormalizer().normalize(data, format: nil)
        #expect(t.segments == [TranscriptSegment(startMs: 0, endMs: 1000, speaker: .unknown, text: "喂")])
        // The older lfasr answer: data is a JSON string of [{bg, ed, onebest, speaker}].
        let old = JSON.object([("ok", 0), ("data", .string(#"[{"bg":"20","ed":"2380","onebest":"您好","speaker":"1"}]"#))])
        #expect(try TranscriptNormalizer().normalize(old, format: nil).segments
            == [TranscriptSegment(startMs: 20, endMs: 2380, speaker: .agent, text: "您好")])
    }

    @Test func tencentClockTimes() {
        #expect(TranscriptNormalizer.clockMilliseconds("0:0.020") == 20)
        #expect(TranscriptNormalizer.clockMilliseconds("0:2.38") == 2380)
        #expect(TranscriptNormalizer.clockMilliseconds("12:05.5") == 725_500)
        #expect(TranscriptNormalizer.clockMilliseconds("1:02:03.5") == 3_723_500)
        #expect(TranscriptNormalizer.clockMilliseconds("7") == 7000)
        #expect(TranscriptNormalizer.clockMilliseconds("a:1.0") == nil)
        #expect(TranscriptNormalizer.clockMilliseconds("0:1.") == nil)
    }

    @Test func unfitDocumentsNameTheData() {
        let normalizer = TranscriptNormalizer()
        let bad: [(JSON, TranscriptFormat?)] = [
            (.object([("Result", .object([("Sentences", .array([.object([("Text", "x")])]))]))]), .aliyun),
            (.object([("hello", "world")]), nil),
            (.string("not a transcript"), nil),
            (.string("[0:0.0,zz]  hi"), .tencent),
            (.object([("content", .object([("orderResult", "{not json")]))]), .iflytek),
            (.object([("segments", .array([.object([("start", "x"), ("end", 1), ("text", "a")])]))]), .whisper),
            (.object([("segments", .array([.object([("startMs", 1), ("text", "a")])]))]), .segments),
            (.int(5), .segments),
        ]
        for (data, format) in bad {
            do {
                let t = try normalizer.normalize(data, format: format)
                Issue.record("\(data.text) gave \(t)")
            } catch {
                #expect(error.code == .invalidField && error.field == "transcript.data", "\(data.text): \(error)")
            }
        }
    }
}
