import Foundation
import IntakeCore

/// Call records at `POST /v1/intake/phone`, posted by the call centre once a call ends (signed the Standard Webhooks
/// way). Fields: `callId`, `caller` (ANI), `callee` (DNIS), `startedAt`, `endedAt`, `agentId`, `seatGroup`,
/// `recordingUrl`, `summary`, `requestType`, `address`, `transcript {format, data, agentTrack}`.
///
/// The call id is the idempotency key. The ticket's text is the agent's summary, else the caller's side of the
/// transcript (everything said when no speaker is known); the normalized transcript stays in `channelData`.
public struct PhoneAdapter: ChannelAdapter {
    public let channel = Channel.phone
    public let normalizer: TranscriptNormalizer

    public init(configuration: PhoneConfiguration = PhoneConfiguration()) {
        self.normalizer = TranscriptNormalizer(configuration: configuration)
    }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        switch request.mediaType {
        case "application/json", "text/json", "":
            break
        default:
            throw IntakeError(.unsupportedMediaType, "A call record is application/json, not \(request.mediaType).", field: "Content-Type")
        }
        guard !request.body.isEmpty else { throw .malformed("The body is empty; a call record as JSON is expected.") }
        let record: JSON
        do { record = try JSON.parse(request.body) } catch { throw .malformed("The body is not valid JSON: \(error).") }
        guard record.objectValue != nil else { throw .malformed("A call record is a JSON object, not \(record.typeName).") }

        func scalar(_ key: String) throws(IntakeError) -> String? {
            guard let v = record[key], !v.isNull else { return nil }
            guard let s = v.scalarText else { throw .invalid(key, "\(key) must be a string or number, not \(v.typeName).") }
            let t = s.trimmingASCIIWhitespace()
            return t.isEmpty ? nil : t
        }
        func string(_ key: String) throws(IntakeError) -> String? {
            guard let v = record[key], !v.isNull else { return nil }
            guard let s = v.stringValue else { throw .invalid(key, "\(key) must be a string, not \(v.typeName).") }
            let t = s.trimmingASCIIWhitespace()
            return t.isEmpty ? nil : t
        }
        func time(_ key: String) throws(IntakeError) -> Date? {
            guard let raw = try scalar(key) else { return nil }
            guard let date = Timestamp.parse(raw) else { throw .invalid(key, "\(key) must be an RFC 3339 timestamp.") }
            return date
        }

        guard let callId = try scalar("callId") else { throw .invalid("callId", "callId is required: it is the idempotency key.") }
        let rawCaller = try scalar("caller")
        let callee = try scalar("callee")
        let startedAt = try time("startedAt")
        let endedAt = try time("endedAt")
        if let startedAt, let endedAt, endedAt < startedAt { throw .invalid("endedAt", "endedAt is before startedAt.") }
        let summary = try string("summary")
        let rawType = try string("requestType")
        // What the agent selected: a catalogue category id or label, and an urgency class. Both win over the rules.
        let category = try string("category").map(TextNormalizer.normalize).flatMap { $0.isEmpty ? nil : $0 }
        var urgency: Urgency?
        if let raw = try string("urgency") {
            guard let u = Urgency.parse(raw) else { throw .invalid("urgency", "urgency must be A, B or C.") }
            urgency = u
        }
        let address = try string("address")
        let resolution = try IntakeResolution.channelData(record["resolution"])

        var transcript: Transcript?
        if let t = record["transcript"], !t.isNull {
            guard t.objectValue != nil else { throw .invalid("transcript", "transcript must be an object {format, data}.") }
            var format: TranscriptFormat?
            if let f = t["format"], !f.isNull {
                guard let name = f.stringValue, let parsed = TranscriptFormat(rawValue: name.lowercased()) else {
                    throw .invalid("transcript.format", "transcript.format must be one of "
                                   + TranscriptFormat.allCases.map(\.rawValue).joined(separator: ", ") + ".")
                }
                format = parsed
            }
            guard let data = t["data"], !data.isNull else { throw .invalid("transcript.data", "transcript.data is required.") }
            var agentTrack: String?
            if let a = t["agentTrack"], !a.isNull {
                guard let s = a.scalarText else { throw .invalid("transcript.agentTrack", "agentTrack must be a string or number.") }
                agentTrack = s
            }
            transcript = try normalizer.normalize(data, format: format, agentTrack: agentTrack)
        }

        let text: String
        if let summary, !TextNormalizer.normalize(summary).isEmpty {
            text = summary
        } else if let transcript, let said = transcript.callerText ?? (transcript.segments.isEmpty ? nil : transcript.fullText) {
            text = said
        } else {
            throw .invalid(transcript == nil ? "summary" : "transcript",
                           "The call record has neither a summary nor any transcribed speech.")
        }

        let withheld = PhoneNumber.isWithheld(rawCaller)
        let caller = withheld ? Caller(anonymous: true) : Caller(phone: rawCaller)
        var durationMs: Int?
        if let startedAt, let endedAt { durationMs = Int((endedAt.timeIntervalSince(startedAt) * 1000).rounded()) }
        let requestType = RequestType.parse(rawType) ?? .unknown

        return [Submission(
            channel: .phone, channelRef: callId, hotline: Self.hotline(dialled: callee), submittedAt: startedAt, caller: caller,
            requestType: requestType, text: text, location: address.map { Location(address: $0) }, urgency: urgency,
            channelData: .compactObject([
                ("callee", JSON(callee)), ("agentId", JSON(try scalar("agentId"))), ("seatGroup", JSON(try scalar("seatGroup"))),
                ("recordingUrl", JSON(try string("recordingUrl"))),
                ("startedAt", JSON(startedAt.map(Timestamp.format))), ("endedAt", JSON(endedAt.map(Timestamp.format))),
                ("durationMs", JSON(durationMs)),
                ("callerWithheld", withheld ? .bool(true) : .null),
                ("requestTypeRaw", rawType != nil && RequestType.parse(rawType) == nil ? JSON(rawType) : .null),
                ("summary", JSON(summary)),
                ("transcript", transcript?.json ?? .null),
                ("resolution", resolution ?? .null),
            ]),
            entryPoints: [callee.map { EntryPoint(.dnis, $0) }, try scalar("seatGroup").map { EntryPoint(.seatGroup, $0) }].compactMap { $0 },
            category: category)]
    }

    /// The hotline a dialled number reaches: a five-digit 12xxx service number, alone or after an area code
    /// (`12345`, `075512345`, `+86-755-12345`). Anything else leaves the gateway's default.
    static func hotline(dialled: String?) -> String? {
        guard let dialled else { return nil }
        var digits = String(dialled.unicodeScalars.filter { $0.isASCII && $0.properties.numericType != nil }.map(Character.init))
        if digits.hasPrefix("86") && digits.count > 7 && !dialled.hasPrefix("0") { digits = "0" + digits.dropFirst(2) }
        guard digits.count >= 5 else { return nil }
        let last = String(digits.suffix(5))
        guard last.hasPrefix("12") else { return nil }
        let prefix = digits.dropLast(5)
        if prefix.isEmpty || (prefix.hasPrefix("0") && (3...4).contains(prefix.count)) { return last }
        return nil
    }
}
