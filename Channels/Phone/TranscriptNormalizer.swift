import IntakeCore

/// Turns a vendor's transcript into `Transcript` segments: finds the format when the record does not name it,
/// reads the vendor's times and tracks, and maps tracks to agent or caller.
///
/// Every error names `transcript.data` (the document does not fit its format) or `transcript.format`.
public struct TranscriptNormalizer: Sendable {
    public let configuration: PhoneConfiguration

    public init(configuration: PhoneConfiguration = PhoneConfiguration()) {
        self.configuration = configuration
    }

    /// A segment as a vendor describes it, before speaker roles are assigned.
    struct RawSegment {
        var startMs: Int
        var endMs: Int
        /// The vendor's channel or speaker id.
        var track: String?
        /// A role the document states outright (plain segments).
        var role: Speaker?
        var text: String
    }

    /// Normalizes `data` (the vendor document, as an object or as a string) in `format`, or the detected format.
    /// - Parameter agentTrack: overrides the configured agent track for this call.
    public func normalize(_ data: JSON, format: TranscriptFormat?, agentTrack: String? = nil) throws(IntakeError) -> Transcript {
        let document = Self.unwrapString(data)
        guard let format = format ?? Self.detect(document) else {
            throw .invalid("transcript.data", "The transcript's format cannot be told from its shape; name it in transcript.format ("
                           + TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ") + ").")
        }
        let raw: [RawSegment]
        switch format {
        case .aliyun: raw = try aliyun(document)
        case .tencent: raw = try tencent(document)
        case .iflytek: raw = try iflytek(document)
        case .whisper: raw = try whisper(document)
        case .segments: raw = try plainSegments(document)
        }
        let agent = agentTrack ?? configuration.agentTracks[format]
        var segments: [TranscriptSegment] = []
        for r in raw {
            let text = TextCleaner.clean(r.text, keepingLines: false)
            guard !text.isEmpty else { continue }
            let speaker: Speaker
            if let role = r.role {
                speaker = role
            } else if let track = r.track {
                if format == .iflytek && track == "0" {
                    speaker = .unknown  // role separation was off
                } else {
                    speaker = track == agent ? .agent : .caller
                }
            } else {
                speaker = .unknown
            }
            segments.append(TranscriptSegment(startMs: r.startMs, endMs: max(r.startMs, r.endMs), speaker: speaker, text: text))
        }
        // Dual-channel results list one channel after the other; the conversation is in time order.
        let ordered = segments.enumerated().sorted { ($0.element.startMs, $0.offset) < ($1.element.startMs, $1.offset) }.map(\.element)
        return Transcript(format: format, segments: ordered)
    }

    /// A document sent as a JSON string is parsed; a string that is not JSON stays a string (Tencent's text form).
    static func unwrapString(_ data: JSON) -> JSON {
        if case .string(let s) = data, let parsed = try? JSON.parse(s), parsed.objectValue != nil || parsed.arrayValue != nil {
            return parsed
        }
        return data
    }

    /// The format a document's shape gives away; nil when it fits none.
    public static func detect(_ data: JSON) -> TranscriptFormat? {
        let document = unwrapString(data)
        if case .string(let s) = document {
            return s.trimmingASCIIWhitespace().hasPrefix("[") ? .tencent : nil
        }
        if let items = document.arrayValue {
            guard let first = items.first else { return nil }
            if first["onebest"] != nil { return .iflytek }
            if first["FinalSentence"] != nil { return .tencent }
            if first["startMs"] != nil { return .segments }
            if first["start"] != nil { return .whisper }
            return nil
        }
        if document["Result"]?["Sentences"] != nil || document["Sentences"] != nil
            || (document["Result"]?.stringValue.map { $0.contains("Sentences") } ?? false) {
            return .aliyun
        }
        let tencentData = document["Response"]?["Data"] ?? document["Data"] ?? document
        if tencentData["ResultDetail"] != nil || tencentData["Result"]?.stringValue != nil { return .tencent }
        if document["content"]?["orderResult"] != nil || document["orderResult"] != nil || document["lattice"] != nil
            || (document["data"]?.stringValue.map { $0.contains("onebest") } ?? false) {
            return .iflytek
        }
        if let first = document["segments"]?[0] {
            if first["startMs"] != nil { return .segments }
            if first["start"] != nil { return .whisper }
        }
        return nil
    }

    // MARK: - Reading helpers

    static func unfit(_ format: TranscriptFormat, _ detail: String) -> IntakeError {
        .invalid("transcript.data", "The \(format.rawValue) transcript \(detail)")
    }

    /// Whole milliseconds from a number or numeric string.
    static func milliseconds(_ value: JSON?) -> Int? {
        guard let value else { return nil }
        if let i = value.intValue { return Int(exactly: i) }
        // A partner's double may be huge, infinite or NaN: convert only what fits.
        guard let d = value.doubleValue, d.isFinite, d.magnitude < 9e15 else { return nil }
        return Int(d.rounded())
    }

    /// Milliseconds from seconds given as a number (`2.38`).
    static func milliseconds(seconds value: JSON?) -> Int? {
        guard let d = value?.doubleValue, d.isFinite, d >= 0, d < 1e9 else { return nil }
        return Int((d * 1000).rounded())
    }

    /// An id as text whether it came as a number or a string.
    static func track(_ value: JSON?) -> String? {
        guard let value, !value.isNull, let text = value.scalarText?.trimmingASCIIWhitespace(), !text.isEmpty else { return nil }
        return text
    }
}
