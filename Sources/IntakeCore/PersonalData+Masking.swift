extension Caller {
    /// The caller as a viewer or retention sees it: name, numbers, e-mail address and openid masked.
    public func masked() -> Caller {
        var m = self
        m.name = name.map(PersonalData.maskName)
        m.phone = phone.map { PhoneNumber.mask($0.filter { !$0.isWhitespace }) }
        m.phoneKey = phoneKey.map(PhoneNumber.mask)
        m.email = email.map(PersonalData.maskEmail)
        m.openId = openId.map { String($0.prefix(4)) + "***" }
        return m
    }
}

/// The caller's identity as channels keep it in `channelData` (the sender's number or address, openid, name, the
/// recording, a position), masked as the ticket's own fields are. One masker for its two readers, which differ in
/// what else they may see.
public enum ChannelDataMask {
    public enum Reader: Sendable {
        /// Retention, once a closed ticket's personal data may no longer be kept: a partner's fields the mapping did
        /// not know (110's `unmapped`) may hold anything, so each of their values is masked; coordinates are rounded
        /// to about a kilometre, as the ticket's own; the citizen's words (text, transcript) stay, as the ticket's
        /// text does.
        case retention
        /// A viewer on the console: phone numbers, ID-card numbers and e-mail addresses inside every other string (a
        /// call's transcript, a partner's note) are masked as in the ticket's text; coordinates stay, as the
        /// ticket's location does.
        case viewer
    }

    /// Keys, lowercased, whose values identify the caller.
    static let personalKeys: Set<String> = [
        "from", "replyto", "fromusername", "nickname", "realname", "username", "name", "tel", "mail", "src_terminal_id",
        "label", "recordingurl", "picurl",
    ]
    /// Parts of a lowercased key that make it personal (`callerPhone`, `senderNumber`, `contact_mobile`).
    static let personalParts = ["phone", "mobile", "email", "openid", "unionid", "idcard", "msisdn", "address", "caller", "sender"]
    static let coordinateKeys: Set<String> = ["lat", "lng", "latitude", "longitude", "location_x", "location_y"]

    static func isPersonal(_ key: String) -> Bool {
        personalKeys.contains(key) || personalParts.contains { key.contains($0) }
    }

    public static func mask(_ json: JSON, for reader: Reader) -> JSON {
        switch json {
        case .object(let members):
            return .object(members.map { key, value in
                let k = key.lowercased()
                if isPersonal(k) || (k == "unmapped" && reader == .retention) { return (key, maskEveryValue(value)) }
                if coordinateKeys.contains(k), reader == .retention { return (key, rounded(value)) }
                return (key, mask(value, for: reader))
            })
        case .array(let items): return .array(items.map { mask($0, for: reader) })
        case .string(let s): return reader == .viewer ? .string(PersonalData.maskFreeText(s)) : json
        default: return json
        }
    }

    static func maskEveryValue(_ json: JSON) -> JSON {
        switch json {
        case .string(let s):
            if s.contains("@") { return .string(PersonalData.maskEmail(s)) }
            if s.unicodeScalars.filter({ $0.properties.numericType != nil }).count >= 7 {
                return .string(PhoneNumber.mask(s.filter { !$0.isWhitespace }))
            }
            return .string(PersonalData.maskName(s))
        case .int, .double: return .string("***")
        case .array(let items): return .array(items.map(maskEveryValue))
        case .object(let members): return .object(members.map { ($0, maskEveryValue($1)) })
        case .null, .bool: return json
        }
    }

    /// About a kilometre, as the ticket's own coordinates.
    static func rounded(_ json: JSON) -> JSON {
        switch json {
        case .double(let v): return .double((v * 100).rounded() / 100)
        case .string(let s): return Double(s).map { .string(String((($0 * 100).rounded() / 100))) } ?? maskEveryValue(json)
        default: return json
        }
    }
}
