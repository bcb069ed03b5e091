import Foundation
import IntakeCore

/// What one retention step removed or masked.
public struct RetentionCounts: Sendable, Equatable {
    /// Raw request bodies (and their headers) emptied.
    public var rawRequests = 0
    /// Rejected-journal entries deleted.
    public var rejected = 0
    /// Attachments of delivered tickets whose photo bytes were dropped (name, size and SHA-256 stay).
    public var attachments = 0
    /// Closed tickets whose caller and address were replaced by their masked forms.
    public var maskedTickets = 0

    public init(rawRequests: Int = 0, rejected: Int = 0, attachments: Int = 0, maskedTickets: Int = 0) {
        self.rawRequests = rawRequests
        self.rejected = rejected
        self.attachments = attachments
        self.maskedTickets = maskedTickets
    }

    public var total: Int { rawRequests + rejected + attachments + maskedTickets }

    public static func + (a: RetentionCounts, b: RetentionCounts) -> RetentionCounts {
        RetentionCounts(rawRequests: a.rawRequests + b.rawRequests, rejected: a.rejected + b.rejected,
                        attachments: a.attachments + b.attachments, maskedTickets: a.maskedTickets + b.maskedTickets)
    }
}

/// A store that can forget what it no longer may keep. Each call is one small transaction of at most `limit` rows
/// per kind, so the caller loops until a call finds nothing, and intake commits in between.
public protocol RetentionStore: Sendable {
    /// Empties raw request bodies and deletes rejected-journal entries received before `cutoff`, and drops the photo
    /// bytes of tickets received before it whose events were all delivered.
    func purgeRaw(receivedBefore cutoff: Date, limit: Int) throws -> RetentionCounts
    /// Masks the caller (name, phone, e-mail, openid) and the address of tickets closed before `cutoff`; the receipt,
    /// text, routing and the dedup index stay. Returns how many tickets were masked.
    func maskPersonalData(closedBefore cutoff: Date, limit: Int) throws -> Int
}

extension Ticket {
    /// The ticket as retention keeps it once its personal data may no longer be kept: the same masks the logs use,
    /// the address cut to its first characters (district level), coordinates rounded to about a kilometre.
    public func withPersonalDataMasked() -> Ticket {
        var t = self
        t.caller.name = t.caller.name.map(PersonalData.maskName)
        t.caller.phone = t.caller.phone.map(PhoneNumber.mask)
        t.caller.phoneKey = t.caller.phoneKey.map(PhoneNumber.mask)
        t.caller.email = t.caller.email.map(PersonalData.maskEmail)
        t.caller.openId = t.caller.openId.map { String($0.prefix(4)) + "***" }
        if var location = t.location {
            location.address = location.address.map { $0.count > 6 ? String($0.prefix(6)) + "…" : $0 }
            location.lat = location.lat.map { ($0 * 100).rounded() / 100 }
            location.lng = location.lng.map { ($0 * 100).rounded() / 100 }
            t.location = location
        }
        t.channelData = t.channelData.map(ChannelDataMask.mask)
        return t
    }
}

/// The caller's identity as channels keep it in `channelData` (the sender's number or address, openid, name, the
/// recording, a position), masked as the ticket's own fields are. A partner's fields the mapping did not know
/// (110's `unmapped`) may hold anything, so each of their values is masked. The citizen's words (text, transcript)
/// stay, as the ticket's text does.
enum ChannelDataMask {
    /// Keys, lowercased, whose values identify the caller.
    static let personalKeys: Set<String> = [
        "from", "replyto", "fromusername", "openid", "unionid", "src_terminal_id", "mobile", "phone", "phone_number",
        "phonenumber", "callerphone", "callername", "name", "email", "idcard", "address", "label", "recordingurl", "picurl",
    ]
    static let coordinateKeys: Set<String> = ["lat", "lng", "latitude", "longitude", "location_x", "location_y"]

    static func mask(_ json: JSON) -> JSON {
        guard case .object(let members) = json else {
            if case .array(let items) = json { return .array(items.map(mask)) }
            return json
        }
        return .object(members.map { key, value in
            let k = key.lowercased()
            if k == "unmapped" || personalKeys.contains(k) { return (key, maskEveryValue(value)) }
            if coordinateKeys.contains(k) { return (key, rounded(value)) }
            return (key, mask(value))
        })
    }

    static func maskEveryValue(_ json: JSON) -> JSON {
        switch json {
        case .string(let s):
            if s.contains("@") { return .string(PersonalData.maskEmail(s)) }
            if s.unicodeScalars.filter({ $0.properties.numericType != nil }).count >= 7 { return .string(PhoneNumber.mask(s)) }
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
