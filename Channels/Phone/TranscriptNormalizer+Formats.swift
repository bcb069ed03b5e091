import IntakeCore

extension TranscriptNormalizer {
    /// Aliyun: `{Result: {Sentences: [...]}}` (the whole GetTaskResult answer, `Result` alone, or `Result` as a string).
    /// The speaker is `SpeakerId` when diarization ran on a mono recording, else `ChannelId`.
    func aliyun(_ document: JSON) throws(IntakeError) -> [RawSegment] {
        var container = document["Result"] ?? document
        container = Self.unwrapString(container)
        guard let sentences = container["Sentences"]?.arrayValue else { throw Self.unfit(.aliyun, "has no Result.Sentences array.") }
        var result: [RawSegment] = []
        for (i, s) in sentences.enumerated() {
            guard let begin = Self.milliseconds(s["BeginTime"]), let end = Self.milliseconds(s["EndTime"]) else {
                throw Self.unfit(.aliyun, "sentence \(i) lacks BeginTime/EndTime in milliseconds.")
            }
            guard let text = s["Text"]?.stringValue else { throw Self.unfit(.aliyun, "sentence \(i) has no Text.") }
            result.append(RawSegment(startMs: begin, endMs: end, track: Self.track(s["SpeakerId"]) ?? Self.track(s["ChannelId"]),
                                     role: nil, text: text))
        }
        return result
    }

    /// Tencent: `ResultDetail` when present (under `Response.Data`, `Data` or at the top), else the `Result` text.
    func tencent(_ document: JSON) throws(IntakeError) -> [RawSegment] {
        if case .string(let text) = document { return try Self.tencentText(text) }
        let data = document["Response"]?["Data"] ?? document["Data"] ?? document
        let details = data.arrayValue ?? data["ResultDetail"]?.arrayValue
        if let details, !details.isEmpty {
            var result: [RawSegment] = []
            for (i, d) in details.enumerated() {
                guard let start = Self.milliseconds(d["StartMs"]), let end = Self.milliseconds(d["EndMs"]) else {
                    throw Self.unfit(.tencent, "ResultDetail \(i) lacks StartMs/EndMs.")
                }
                guard let text = d["FinalSentence"]?.stringValue else {
                    throw Self.unfit(.tencent, "ResultDetail \(i) has no FinalSentence.")
                }
                result.append(RawSegment(startMs: start, endMs: end, track: Self.track(d["SpeakerId"]), role: nil, text: text))
            }
            return result
        }
        guard let text = data["Result"]?.stringValue else { throw Self.unfit(.tencent, "has neither ResultDetail nor Result.") }
        return try Self.tencentText(text)
    }

    /// `[0:0.020,0:2.380]  text` lines, with the speaker (or channel) id as a third member when diarized:
    /// `[0:0.020,0:2.380,0]  text`. Times are `[h:]m:s.fff`.
    static func tencentText(_ text: String) throws(IntakeError) -> [RawSegment] {
        var result: [RawSegment] = []
        for (n, line) in text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).enumerated() {
            let l = String(line).trimmingASCIIWhitespace()
            if l.isEmpty { continue }
            guard l.hasPrefix("["), let close = l.firstIndex(of: "]") else {
                throw unfit(.tencent, "line \(n + 1) does not start with [start,end].")
            }
            let fields = l[l.index(after: l.startIndex)..<close].split(separator: ",").map { String($0).trimmingASCIIWhitespace() }
            guard fields.count >= 2, let start = clockMilliseconds(fields[0]), let end = clockMilliseconds(fields[1]) else {
                throw unfit(.tencent, "line \(n + 1) has no readable [m:s.fff,m:s.fff] times.")
            }
            let track = fields.count >= 3 && !fields[2].isEmpty ? fields[2] : nil
            result.append(RawSegment(startMs: start, endMs: end, track: track, role: nil,
                                     text: String(l[l.index(after: close)...])))
        }
        return result
    }

    /// `0:2.380` or `1:02:03.5` to milliseconds, exactly (no floating point).
    static func clockMilliseconds(_ s: String) -> Int? {
        let parts = s.split(separator: ":", omittingEmptySubsequences: false)
        guard (1...3).contains(parts.count) else { return nil }
        var total = 0
        // Bounded digits: no sum below can overflow, whatever the partner sent.
        guard parts.allSatisfy({ $0.count <= 9 }) else { return nil }
        for part in parts.dropLast() {
            guard let v = Int(part), v >= 0 else { return nil }
            total = total * 60 + v
        }
        let secondsPart = parts[parts.count - 1]
        let pieces = secondsPart.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        guard pieces[0].count <= 9, let whole = Int(pieces[0]), whole >= 0 else { return nil }
        var millis = 0
        if pieces.count == 2 {
            let frac = pieces[1]
            guard !frac.isEmpty, frac.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
            let digits = Array(frac.prefix(3)) + Array(repeating: Character("0"), count: max(0, 3 - frac.count))
            millis = Int(String(digits)) ?? 0
        }
        return (total * 60 + whole) * 1000 + millis
    }

    /// iFlytek: `content.orderResult` (or `orderResult`, or the parsed order result) is a JSON string whose
    /// `lattice[].json_1best` is another JSON string: `{st: {bg, ed, rl, rt: [{ws: [{cw: [{w, wp}]}]}]}}`.
    /// bg/ed are milliseconds as strings; rl is the role. The older API's `[{bg, ed, onebest, speaker}]` is read too.
    func iflytek(_ document: JSON) throws(IntakeError) -> [RawSegment] {
        if let items = document.arrayValue ?? document["data"].map(Self.unwrapString)?.arrayValue {
            var result: [RawSegment] = []
            for (i, item) in items.enumerated() {
                guard let bg = Self.milliseconds(item["bg"]), let ed = Self.milliseconds(item["ed"]),
                      let text = item["onebest"]?.stringValue else {
                    throw Self.unfit(.iflytek, "item \(i) lacks bg, ed or onebest.")
                }
                result.append(RawSegment(startMs: bg, endMs: ed, track: Self.track(item["speaker"]), role: nil, text: text))
            }
            return result
        }
        var order = document["content"]?["orderResult"] ?? document["orderResult"] ?? document
        if case .string(let s) = order {
            do { order = try JSON.parse(s) } catch { throw Self.unfit(.iflytek, "orderResult is not JSON: \(error).") }
        }
        guard let lattice = (order["lattice"] ?? order["lattice2"])?.arrayValue else {
            throw Self.unfit(.iflytek, "has no orderResult.lattice array.")
        }
        var result: [RawSegment] = []
        for (i, entry) in lattice.enumerated() {
            var best = entry["json_1best"] ?? .null
            if case .string(let s) = best {
                do { best = try JSON.parse(s) } catch { throw Self.unfit(.iflytek, "lattice \(i) json_1best is not JSON: \(error).") }
            }
            guard let st = best["st"], let bg = Self.milliseconds(st["bg"]), let ed = Self.milliseconds(st["ed"]) else {
                throw Self.unfit(.iflytek, "lattice \(i) lacks st.bg/st.ed.")
            }
            var text = ""
            for rt in st["rt"]?.arrayValue ?? [] {
                for ws in rt["ws"]?.arrayValue ?? [] {
                    // The first candidate is the best; "g" marks a segment boundary, not a word.
                    guard let cw = ws["cw"]?[0], cw["wp"]?.stringValue != "g", let w = cw["w"]?.stringValue else { continue }
                    text += w
                }
            }
            result.append(RawSegment(startMs: bg, endMs: ed, track: Self.track(st["rl"]), role: nil, text: text))
        }
        return result
    }

    /// Whisper verbose_json: `segments[{start, end, text}]` in seconds; `speaker` when a diarizer added it.
    func whisper(_ document: JSON) throws(IntakeError) -> [RawSegment] {
        guard let segments = document.arrayValue ?? document["segments"]?.arrayValue else {
            throw Self.unfit(.whisper, "has no segments array.")
        }
        var result: [RawSegment] = []
        for (i, s) in segments.enumerated() {
            guard let start = Self.milliseconds(seconds: s["start"]), let end = Self.milliseconds(seconds: s["end"]) else {
                throw Self.unfit(.whisper, "segment \(i) lacks start/end in seconds.")
            }
            guard let text = s["text"]?.stringValue else { throw Self.unfit(.whisper, "segment \(i) has no text.") }
            result.append(RawSegment(startMs: start, endMs: end, track: Self.track(s["speaker"]), role: nil, text: text))
        }
        return result
    }

    /// The gateway's own segments: `speaker` is a role (`agent`, `caller`, `unknown`, or 坐席/市民) or a track id.
    func plainSegments(_ document: JSON) throws(IntakeError) -> [RawSegment] {
        guard let segments = document.arrayValue ?? document["segments"]?.arrayValue else {
            throw Self.unfit(.segments, "has no segments array.")
        }
        var result: [RawSegment] = []
        for (i, s) in segments.enumerated() {
            guard let start = Self.milliseconds(s["startMs"]), let end = Self.milliseconds(s["endMs"]) else {
                throw Self.unfit(.segments, "segment \(i) lacks startMs/endMs.")
            }
            guard let text = s["text"]?.stringValue else { throw Self.unfit(.segments, "segment \(i) has no text.") }
            let track = Self.track(s["speaker"])
            result.append(RawSegment(startMs: start, endMs: end, track: track, role: track.flatMap(Self.role), text: text))
        }
        return result
    }

    /// A speaker written as a role rather than an id.
    static func role(_ name: String) -> Speaker? {
        switch name.lowercased() {
        case "agent", "operator", "staff", "坐席", "客服", "话务员", "接线员": return .agent
        case "caller", "customer", "citizen", "client", "市民", "来电人", "客户", "群众": return .caller
        case "unknown", "未知": return .unknown
        default: return nil
        }
    }
}
