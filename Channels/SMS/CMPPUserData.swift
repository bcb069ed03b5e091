import IntakeCore

/// The concatenation header of one part of a long SMS (3GPP TS 23.040 information elements 00 and 08).
public struct SMSConcatenation: Sendable, Equatable {
    /// The reference shared by every part of one message.
    public var reference: Int
    /// 8 (IE 00: `05 00 03 ref total seq`) or 16 (IE 08: `06 08 04 refHi refLo total seq`).
    public var referenceBits: Int
    public var total: Int
    /// 1-based.
    public var sequence: Int

    public init(reference: Int, referenceBits: Int, total: Int, sequence: Int) {
        self.reference = reference
        self.referenceBits = referenceBits
        self.total = total
        self.sequence = sequence
    }
}

/// CMPP `Msg_Content`: an optional user data header, then text in the encoding `Msg_Fmt` names.
public enum CMPPUserData {
    /// Splits the user data header (present when `TP_udhi` is 1) from the text bytes.
    ///
    /// Information elements other than concatenation (port addressing, national language shift) are skipped.
    /// A header longer than the content, or a concatenation element with total 0, sequence 0 or sequence above total,
    /// is refused with 422 naming `Msg_Content`.
    public static func split(_ content: [UInt8], udhi: Bool) throws(IntakeError) -> (concatenation: SMSConcatenation?, payload: [UInt8]) {
        guard udhi else { return (nil, content) }
        guard let first = content.first else {
            throw .invalid("Msg_Content", "TP_udhi is 1 but Msg_Content is empty: the user data header is missing.")
        }
        let headerLength = Int(first)
        guard headerLength >= 2, content.count >= 1 + headerLength else {
            throw .invalid("Msg_Content", "The user data header says \(headerLength) bytes but Msg_Content holds \(content.count - 1).")
        }
        var concatenation: SMSConcatenation?
        var i = 1
        let end = 1 + headerLength
        while i < end {
            guard i + 1 < end else { throw .invalid("Msg_Content", "The user data header ends inside an information element.") }
            let id = content[i], length = Int(content[i + 1])
            let body = i + 2
            guard body + length <= end else {
                throw .invalid("Msg_Content", "An information element of the user data header runs past its end.")
            }
            switch (id, length) {
            case (0x00, 3):
                concatenation = SMSConcatenation(reference: Int(content[body]), referenceBits: 8,
                                                 total: Int(content[body + 1]), sequence: Int(content[body + 2]))
            case (0x08, 4):
                concatenation = SMSConcatenation(reference: Int(content[body]) << 8 | Int(content[body + 1]), referenceBits: 16,
                                                 total: Int(content[body + 2]), sequence: Int(content[body + 3]))
            case (0x00, _), (0x08, _):
                throw .invalid("Msg_Content", "A concatenation element of the user data header has length \(length).")
            default:
                break
            }
            i = body + length
        }
        if let c = concatenation {
            guard c.total > 0 else { throw .invalid("Msg_Content", "The user data header says the message has 0 parts.") }
            guard c.sequence >= 1, c.sequence <= c.total else {
                throw .invalid("Msg_Content", "The user data header says part \(c.sequence) of \(c.total).")
            }
        }
        return (concatenation, Array(content[end...]))
    }

    /// Decodes text bytes per `Msg_Fmt`: 0 ASCII, 8 UCS-2 (big-endian), 15 GBK (read as GB18030, its superset).
    ///
    /// ASCII content with bytes above 0x7F is read as GBK: some SMS centres label Chinese text 0.
    public static func decode(_ payload: [UInt8], format: Int) throws(IntakeError) -> String {
        switch format {
        case 0:
            if payload.allSatisfy({ $0 < 0x80 }) { return String(decoding: payload, as: UTF8.self) }
            return Charsets.decode(payload, label: "gbk")
        case 8:
            guard payload.count % 2 == 0 else {
                throw .invalid("Msg_Content", "UCS-2 text (Msg_Fmt 8) has an odd number of bytes (\(payload.count)).")
            }
            return Charsets.decode(payload, label: "utf-16be")
        case 15:
            return Charsets.decode(payload, label: "gbk")
        default:
            throw .invalid("Msg_Fmt", "Msg_Fmt \(format) is not text; 0 (ASCII), 8 (UCS-2) and 15 (GBK) are read.")
        }
    }
}
