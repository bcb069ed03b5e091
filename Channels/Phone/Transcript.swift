import IntakeCore

/// Who speaks in a segment of a call.
public enum Speaker: String, Sendable, CaseIterable {
    case agent, caller, unknown
}

/// The ASR vendors' transcript formats a call record may carry.
public enum TranscriptFormat: String, Sendable, CaseIterable {
    /// Aliyun file transcription: `Result.Sentences[{BeginTime, EndTime, Text, ChannelId, SpeakerId?}]`.
    case aliyun
    /// Tencent ASR: `Data.ResultDetail[{FinalSentence, StartMs, EndMs, SpeakerId}]` or `Data.Result` as
    /// `[0:0.020,0:2.380,0]  text` lines.
    case tencent
    /// iFlytek file transcription: `content.orderResult`, a JSON string whose `lattice[].json_1best` is another one.
    case iflytek
    /// OpenAI Whisper `verbose_json`: `segments[{start, end, text}]` in seconds; `speaker` when diarized (WhisperX).
    case whisper
    /// The gateway's own: `segments[{startMs, endMs, speaker, text}]`.
    case segments
}

/// One utterance: milliseconds from the start of the recording, who spoke, what was said.
public struct TranscriptSegment: Sendable, Equatable, CustomStringConvertible {
    public var startMs: Int
    public var endMs: Int
    public var speaker: Speaker
    public var text: String

    public init(startMs: Int, endMs: Int, speaker: Speaker, text: String) {
        self.startMs = startMs
        self.endMs = endMs
        self.speaker = speaker
        self.text = text
    }

    public var description: String { "[\(startMs)-\(endMs) \(speaker.rawValue)] \(text)" }

    public var json: JSON {
        .object([("startMs", .int(Int64(startMs))), ("endMs", .int(Int64(endMs))), ("speaker", .string(speaker.rawValue)),
                 ("text", .string(text))])
    }
}

/// A call's transcript normalized from whatever the vendor produced.
public struct Transcript: Sendable, Equatable {
    public var format: TranscriptFormat
    public var segments: [TranscriptSegment]

    public init(format: TranscriptFormat, segments: [TranscriptSegment]) {
        self.format = format
        self.segments = segments
    }

    public var json: JSON {
        .object([("format", .string(format.rawValue)), ("segments", .array(segments.map(\.json)))])
    }

    /// What the caller said, one utterance after another; nil when no segment is known to be the caller's.
    public var callerText: String? {
        let parts = segments.filter { $0.speaker == .caller }.map(\.text)
        return parts.isEmpty ? nil : parts.joined(separator: " ")
    }

    /// Everything said, for a transcript whose speakers are unknown.
    public var fullText: String { segments.map(\.text).joined(separator: " ") }
}
