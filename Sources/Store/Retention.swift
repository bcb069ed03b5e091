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
        t.caller = caller.masked()
        if var location = t.location {
            location.address = location.address.map { $0.count > 6 ? String($0.prefix(6)) + "…" : $0 }
            location.lat = location.lat.map { ($0 * 100).rounded() / 100 }
            location.lng = location.lng.map { ($0 * 100).rounded() / 100 }
            t.location = location
        }
        t.channelData = t.channelData.map { ChannelDataMask.mask($0, for: .retention) }
        return t
    }
}
