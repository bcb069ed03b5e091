import Dedup
import Foundation
import IntakeCore

/// A stored ticket as the idempotency rules see it.
public struct TicketKey: Sendable, Equatable {
    public var id: String
    public var receiptNo: String
    public var fingerprint: String
    public var repeatOf: String?
    public var clusterId: String?
    public var channelRef: String?

    public init(id: String, receiptNo: String, fingerprint: String, repeatOf: String?, clusterId: String?, channelRef: String?) {
        self.id = id
        self.receiptNo = receiptNo
        self.fingerprint = fingerprint
        self.repeatOf = repeatOf
        self.clusterId = clusterId
        self.channelRef = channelRef
    }
}

/// One part of a multi-part message (long SMS) waiting for its siblings.
public struct StoredFragment: Sendable, Equatable {
    public var channel: String
    public var group: String
    public var position: Int
    public var total: Int
    public var firstReceivedAt: Date
    public var receivedAt: Date
    public var rawID: Int64?
    public var partRef: String?
    /// The part's text as the carrier split it.
    public var text: String
    /// The submission the part came with (`IntakeTransaction.encodePart`), JSON text.
    public var submission: String

    public init(channel: String, group: String, position: Int, total: Int, firstReceivedAt: Date, receivedAt: Date, rawID: Int64?,
                partRef: String?, text: String, submission: String) {
        self.channel = channel
        self.group = group
        self.position = position
        self.total = total
        self.firstReceivedAt = firstReceivedAt
        self.receivedAt = receivedAt
        self.rawID = rawID
        self.partRef = partRef
        self.text = text
        self.submission = submission
    }
}

/// A set of parts that waited too long.
public struct FragmentGroup: Sendable, Equatable {
    public var channel: String
    public var group: String
    public var total: Int
    public var rawID: Int64?
    public init(channel: String, group: String, total: Int, rawID: Int64?) {
        self.channel = channel
        self.group = group
        self.total = total
        self.rawID = rawID
    }
}

/// An event to queue in the outbox.
public struct OutboxEntry: Sendable {
    public var id: String
    public var destination: String
    public var type: String
    public var ticketId: String?
    /// The event's own `data` (JSON text), for events that are not a ticket's creation.
    public var payload: String?
    /// An event that must be delivered (or given up) before this one is sent.
    public var dependsOn: String?
    public var createdAt: Date

    public init(id: String, destination: String, type: String, ticketId: String?, payload: String?, dependsOn: String?, createdAt: Date) {
        self.id = id
        self.destination = destination
        self.type = type
        self.ticketId = ticketId
        self.payload = payload
        self.dependsOn = dependsOn
        self.createdAt = createdAt
    }
}

/// An attachment's bytes with its metadata.
public typealias StoredAttachment = (attachment: Attachment, bytes: [UInt8])

/// The storage transaction the intake rules run in. Every call happens inside one database transaction that the
/// store commits (or rolls back) as a whole; no SQL in the signatures. Implemented by SQLite, PostgreSQL and
/// the in-memory store.
public protocol IntakeStorage {
    /// Keeps the request verbatim; returns its id.
    func insertRaw(_ raw: RawRequestRecord) throws -> Int64
    func deleteRaw(_ id: Int64) throws
    /// The ticket stored under an idempotency key of a channel.
    func ticket(channel: Channel, key: String) throws -> TicketKey?
    func recordExists(channel: Channel, ref: String) throws -> Bool
    func insertRecord(channel: String, ref: String?, reason: String, rawID: Int64?, data: String?, at: Date) throws
    /// The next receipt number of a local day (1, 2, ...), unique however many writers there are.
    func nextReceiptNumber(day: String) throws -> Int
    /// Stores a new ticket under its idempotency `key` (unique per channel).
    func insertTicket(_ ticket: Ticket, key: String?, fingerprint: String, rawID: Int64?, attachments: [StoredAttachment]) throws
    /// Stores a ticket from another system (history import); false when its id or channel reference is taken.
    func importTicket(_ ticket: Ticket, receiptColumn: String, fingerprint: String, status: String, caseId: String?) throws -> Bool
    func setTicketStatus(id: String, status: String) throws

    // Long SMS.
    /// The ticket a part became, by the part's own id.
    func ticketOfPart(channel: String, partRef: String) throws -> TicketKey?
    func partIsWaiting(channel: String, partRef: String) throws -> Bool
    /// The parts waiting in a set, by position.
    func fragments(channel: String, group: String) throws -> [StoredFragment]
    /// False when the position is taken.
    func insertFragment(_ fragment: StoredFragment) throws -> Bool
    func deleteFragments(channel: String, group: String) throws
    func linkParts(channel: String, partRefs: [String], ticketId: String) throws
    func fragmentGroups(firstReceivedBefore cutoff: Date) throws -> [FragmentGroup]

    // Outbox planning.
    func firstEventId(ticketId: String, destination: String) throws -> String?
    /// The members of an incident cluster, oldest first, at most `limit`, each with the destinations of its ticket
    /// events (`ticket.*`).
    func clusterMembers(_ clusterId: String, limit: Int) throws -> [ClusterMember]
    /// The members of a cluster of at most `maximum` members, as `clusterMembers`; nil when it has more (a store can
    /// count the members without reading them).
    func clusterMembers(_ clusterId: String, ifAtMost maximum: Int) throws -> [ClusterMember]?
    /// Queues an event; an id already queued is left as it is.
    func enqueue(_ entry: OutboxEntry) throws

    /// The dedup index in this same transaction.
    var dedupIndex: any DedupIndex { get }
    /// Whether a decision made before the transaction still holds in it (false: decide again; see `EarlyDecision`).
    func accepts(_ decision: EarlyDecision) throws -> Bool
}

/// An outbox event claimed for delivery: the stored facts, rendered to the wire by the Forwarder.
public struct OutboxRecord: Sendable {
    public var seq: Int64
    public var id: String
    public var type: String
    public var destination: String
    public var ticketId: String?
    public var attempts: Int
    public var createdAt: Date
    /// The ticket as stored (ticket/v1 JSON text), for ticket events.
    public var ticketJSON: String?
    /// For a repeat: the case id the case system gave the original.
    public var originalCaseId: String?
    /// The event's own `data` (JSON text), for events queued with their own payload (a 110 return notice).
    public var payload: String?
    /// For a repeat: the original's ticket id, and whether the original was planned for this same destination
    /// (false: this destination never received it, so there is no case to append to; see README: Repeats).
    public var originalTicketId: String?
    public var originalSentHere = false

    public init(seq: Int64, id: String, type: String, destination: String, ticketId: String?, attempts: Int, createdAt: Date,
                ticketJSON: String?, originalCaseId: String?, payload: String?, originalTicketId: String? = nil, originalSentHere: Bool = false) {
        self.seq = seq
        self.id = id
        self.type = type
        self.destination = destination
        self.ticketId = ticketId
        self.attempts = attempts
        self.createdAt = createdAt
        self.ticketJSON = ticketJSON
        self.originalCaseId = originalCaseId
        self.payload = payload
        self.originalTicketId = originalTicketId
        self.originalSentHere = originalSentHere
    }
}

/// The outbox port: instances claim due events for a while (a lease), deliver them and complete them.
/// A claimed event is not handed to another claimer until its lease runs out, so a killed instance's events are
/// taken over after the lease; a repeat is claimable only after its original was delivered (or given up).
public protocol Outbox: AnyObject, Sendable {
    /// Up to `limit` due events of `destination`, oldest first, leased to `owner` for `lease` seconds.
    func claim(destination: String, limit: Int, owner: String, lease: Double, now: Date) throws -> [OutboxRecord]
    /// Extends `owner`'s leases on events still being delivered.
    func renew(eventIds: [String], owner: String, lease: Double, now: Date) throws
    /// Records delivery attempts and releases their leases; calls back after the commit.
    func complete(_ results: [DeliveryResult], owner: String, completion: @escaping @Sendable ((any Error)?) -> Void)
}
