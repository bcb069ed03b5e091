import Foundation
import IntakeCore

extension SMSAdapter {
    /// A CMPP 2.0/3.0 DELIVER as JSON from the carrier-link process: `Msg_Id`, `Dest_Id`, `Src_terminal_Id`,
    /// `Msg_Fmt`, `TP_udhi`, `Registered_Delivery`, `Msg_Length`, `Msg_Content` (base64 of the raw bytes), and
    /// whatever else the link passes (`Service_Id`, `TP_pid`, `LinkID`), kept in `channelData`.
    ///
    /// One part of a long message becomes a submission with a `Fragment` grouped on sender, destination, reference
    /// and total; its `text` is that part's own text. A status report (`Registered_Delivery` 1) is recorded only.
    func decodeCMPP(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        let json = try parseJSON(request)
        guard json.objectValue != nil else { throw .malformed("The body must be one DELIVER as a JSON object, not \(json.typeName).") }
        guard let msgId = try scalar(json, "Msg_Id", field: "Msg_Id") else { throw .invalid("Msg_Id", "Msg_Id is required.") }
        func integer(_ key: String) throws(IntakeError) -> Int? {
            guard let v = json[key], !v.isNull else { return nil }
            if case .bool(let b) = v { return b ? 1 : 0 }
            guard let i = v.intValue, let n = Int(exactly: i) else {
                throw .invalid(key, "\(key) must be a whole number, not \(v.typeName).")
            }
            return n
        }
        let registeredDelivery = try integer("Registered_Delivery") ?? 0
        let format = try integer("Msg_Fmt") ?? 0
        let udhi = try integer("TP_udhi") ?? 0
        guard udhi == 0 || udhi == 1 else { throw .invalid("TP_udhi", "TP_udhi must be 0 or 1.") }
        guard let rawContent = json["Msg_Content"], !rawContent.isNull else {
            throw .invalid("Msg_Content", "Msg_Content (base64 of the message bytes) is required.")
        }
        guard let base64 = rawContent.stringValue else {
            throw .invalid("Msg_Content", "Msg_Content must be a base64 string, not \(rawContent.typeName).")
        }
        guard let decoded = Data(base64Encoded: base64.trimmingASCIIWhitespace()) else {
            throw .invalid("Msg_Content", "Msg_Content is not valid base64.")
        }
        let content = Array(decoded)
        if let length = try integer("Msg_Length"), length != content.count {
            throw .invalid("Msg_Length", "Msg_Length says \(length) bytes but Msg_Content holds \(content.count).")
        }
        let source = try scalar(json, "Src_terminal_Id", field: "Src_terminal_Id")
        let dest = try scalar(json, "Dest_Id", field: "Dest_Id")
        var data: [(String, JSON)] = [
            ("provider", "cmpp"), ("msgId", .string(msgId)), ("destId", JSON(dest)), ("msgFmt", .int(Int64(format))),
            ("serviceId", JSON(try scalar(json, "Service_Id", field: "Service_Id"))),
            ("linkId", JSON(try scalar(json, "LinkID", field: "LinkID"))),
        ]

        if registeredDelivery == 1 {
            let report = CMPPStatusReport(content)
            data.append(("report", report.json))
            return [Submission(
                channel: .sms, channelRef: "cmpp:\(msgId)", text: "CMPP status report \(report.stat ?? "(unreadable)")",
                channelData: .compactObject(data), disposition: .recordOnly(reason: "CMPP status report"))]
        }

        guard let source else { throw .invalid("Src_terminal_Id", "Src_terminal_Id (the sender) is required.") }
        let (concatenation, payload) = try CMPPUserData.split(content, udhi: udhi == 1)
        let text = try CMPPUserData.decode(payload, format: format)
        var fragment: Fragment?
        if let c = concatenation {
            data.append(("udh", .object([("reference", .int(Int64(c.reference))), ("referenceBits", .int(Int64(c.referenceBits))),
                                        ("total", .int(Int64(c.total))), ("sequence", .int(Int64(c.sequence)))])))
            if c.total > 1 {
                let sender = PhoneNumber.normalize(source)?.key ?? source
                fragment = Fragment(group: "\(sender)/\(dest ?? "")/ref:\(c.reference)/total:\(c.total)", index: c.sequence, total: c.total)
                // The part's text exactly as decoded: normalization trims, and a part may end mid-word in a space.
                data.append(("partText", .string(text)))
            }
        }
        if fragment == nil { _ = try messageText(text, field: "Msg_Content") }
        return [Submission(
            channel: .sms, channelRef: "cmpp:\(msgId)", hotline: configuration.hotline(forDestination: dest),
            caller: Caller(phone: source), text: text, channelData: .compactObject(data), fragment: fragment,
            entryPoints: dest.map { [EntryPoint(.sms, $0)] } ?? [])]
    }
}

/// The body of a CMPP status report: Msg_Id (8), Stat (7), Submit_time (10), Done_time (10), Dest_terminal_Id
/// (21 in CMPP 2.0, 32 in 3.0), SMSC_sequence (4). Whatever is too short to read stays nil.
struct CMPPStatusReport {
    var msgId: String?
    var stat: String?
    var submitTime: String?
    var doneTime: String?
    var destTerminalId: String?

    init(_ b: [UInt8]) {
        func ascii(_ r: Range<Int>) -> String? {
            guard r.upperBound <= b.count else { return nil }
            let text = String(decoding: b[r].prefix { $0 != 0 }, as: UTF8.self).trimmingASCIIWhitespace()
            return text.isEmpty ? nil : text
        }
        if b.count >= 8 { msgId = String(b[0..<8].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }) }
        stat = ascii(8..<15)
        submitTime = ascii(15..<25)
        doneTime = ascii(25..<35)
        destTerminalId = b.count >= 35 + 32 + 4 ? ascii(35..<67) : ascii(35..<56)
    }

    var json: JSON {
        .compactObject([("msgId", JSON(msgId)), ("stat", JSON(stat)), ("submitTime", JSON(submitTime)),
                        ("doneTime", JSON(doneTime)), ("destTerminalId", JSON(destTerminalId))])
    }
}
