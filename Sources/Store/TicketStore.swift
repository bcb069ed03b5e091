import Foundation
import IntakeCore

/// The request a batch of submissions came in, kept verbatim so an operator can see what a partner sent.
public struct RawRequestRecord: Sendable {
    public var channel: Channel
    public var path: String
    public var contentType: String?
    /// Headers as kept: names lowercased, signing and authorization values removed.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var receivedAt: Date

    public init(channel: Channel, path: String, contentType: String?, headers: [(name: String, value: String)], body: [UInt8], receivedAt: Date) {
        self.channel = channel
        self.path = path
        self.contentType = contentType
        self.headers = headers
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// A normalized submission with its ticket id chosen, waiting for its receipt number and dedup decision.
public struct PreparedSubmission: Sendable {
    public var submission: Submission
    public var ticketId: String
    public var fingerprint: String
    /// The hotline after configuration defaults.
    public var hotline: String
    /// The entry point behind `hotline` (`dnis:12319`; see `HotlineMap`).
    public var entryPoint: String?
    /// What the dedup engine computed from the submission alone, on the request's thread (see `TicketStore.precompute`).
    public var precomputed: (any Sendable)?
    /// The request type and routing the normalize step settled (see the Routing module); the ticket carries them.
    /// Nil for a long SMS's parts: the store routes the assembled text.
    public var routing: (type: RequestType, decision: RoutingDecision)?
    /// The dedup decision made before the transaction, when the store makes one (see `EarlyDecision`).
    public var early: EarlyDecision?

    public init(submission: Submission, ticketId: String, hotline: String) {
        self.submission = submission
        self.ticketId = ticketId
        self.fingerprint = submission.fingerprint
        self.hotline = hotline
    }
}

/// One request's worth of work for the store: written in one transaction, answered after the commit.
public struct IntakeBatch: Sendable {
    public var raw: RawRequestRecord
    public var items: [PreparedSubmission]
    public init(raw: RawRequestRecord, items: [PreparedSubmission]) {
        self.raw = raw
        self.items = items
    }
}

/// A refused request, kept (bounded) in the rejected journal.
public struct RejectedRecord: Sendable {
    public var channel: String
    public var path: String
    public var status: Int
    public var problem: String
    public var contentType: String?
    public var body: [UInt8]
    public var receivedAt: Date
    public init(channel: String, path: String, status: Int, problem: String, contentType: String?, body: [UInt8], receivedAt: Date) {
        self.channel = channel
        self.path = path
        self.status = status
        self.problem = problem
        self.contentType = contentType
        self.body = body
        self.receivedAt = receivedAt
    }
}

/// Delivery state of a ticket's events, for the admin view.
/// One delivery attempt as the forwarder recorded it. The last `DeliveryAttempt.kept` of each delivery are kept.
public struct DeliveryAttempt: Sendable, Equatable {
    /// Attempts kept per delivery (event): older ones are dropped when a new one is recorded, so a destination
    /// that stays down for days does not grow the table without bound; `attempts` still counts all of them.
    public static let kept = 20

    public var at: Date
    public var destination: String
    /// `delivered`, `retry` or `dead`.
    public var outcome: String
    /// The HTTP status, nil when no answer came (the error says why).
    public var status: Int?
    public var error: String?
    /// From sending the request to having the answer (or the error), in milliseconds.
    public var durationMs: Int?
    /// When the next attempt is due, after a `retry`.
    public var nextAttemptAt: Date?

    public init(at: Date, destination: String, outcome: String, status: Int?, error: String?, durationMs: Int?, nextAttemptAt: Date?) {
        self.at = at
        self.destination = destination
        self.outcome = outcome
        self.status = status
        self.error = error
        self.durationMs = durationMs
        self.nextAttemptAt = nextAttemptAt
    }

    public func json() -> JSON {
        JSON.compactObject([
            ("at", .string(Timestamp.format(at))), ("destination", .string(destination)), ("outcome", .string(outcome)),
            ("status", JSON(status)), ("error", JSON(error)), ("durationMs", JSON(durationMs)),
            ("nextAttemptAt", JSON(nextAttemptAt.map(Timestamp.format))),
        ])
    }
}

public struct DeliveryState: Sendable {
    public var eventId: String
    public var eventType: String
    public var destination: String
    public var state: String
    public var attempts: Int
    public var nextAttemptAt: Date?
    public var deliveredAt: Date?
    public var lastStatus: Int?
    public var lastError: String?
    /// The case id this destination answered with.
    public var caseId: String? = nil
    /// The last attempts, oldest first (read with one ticket, not with ticket lists).
    public var history: [DeliveryAttempt] = []

    public func json() -> JSON {
        JSON.compactObject([
            ("caseId", JSON(caseId)),
            ("eventId", .string(eventId)), ("type", .string(eventType)), ("destination", .string(destination)),
            ("state", .string(state)), ("attempts", .int(Int64(attempts))),
            ("nextAttemptAt", JSON(nextAttemptAt.map(Timestamp.format))), ("deliveredAt", JSON(deliveredAt.map(Timestamp.format))),
            ("lastStatus", JSON(lastStatus)), ("lastError", JSON(lastError)),
            ("history", .array(history.map { $0.json() })),
        ])
    }
}

public struct StoredTicket: Sendable {
    public var ticket: Ticket
    public var status: String
    public var caseId: String?
    public var deliveries: [DeliveryState]
    /// The case system's answer to the citizen, from its `case.closed` callback; shown on the tracking page.
    public var reply: String?
    /// Loaded by `intake-gateway import` from the hotline's history: the case system has it already, so it was
    /// never forwarded and is not "not forwarded" either.
    public var imported = false

    public init(ticket: Ticket, status: String, caseId: String?, deliveries: [DeliveryState], reply: String? = nil) {
        self.ticket = ticket
        self.status = status
        self.caseId = caseId
        self.deliveries = deliveries
        self.reply = reply
    }
}

public struct TicketQuery: Sendable {
    public var channel: Channel?
    public var phoneKey: String?
    public var openId: String?
    public var email: String?
    public var since: Date?
    /// Routing filters: catalogue category id, department hint, urgency, deadline earlier than.
    public var category: String?
    public var department: String?
    public var urgency: Urgency?
    public var deadlineBefore: Date?
    public var limit: Int
    public init(channel: Channel? = nil, phoneKey: String? = nil, openId: String? = nil, email: String? = nil, since: Date? = nil, limit: Int = 50) {
        self.channel = channel
        self.phoneKey = phoneKey
        self.openId = openId
        self.email = email
        self.since = since
        self.limit = limit
    }
}

/// What one delivery attempt came to.
public struct DeliveryResult: Sendable {
    public enum Outcome: Sendable {
        case delivered(caseId: String?)
        case retry(at: Date)
        case dead
    }
    public var eventId: String
    public var ticketId: String?
    public var outcome: Outcome
    public var status: Int?
    public var error: String?
    public var at: Date
    /// How long the attempt took, in milliseconds (set by the forwarder around the request).
    public var durationMs: Int?
    public init(eventId: String, ticketId: String?, outcome: Outcome, status: Int?, error: String?, at: Date, durationMs: Int? = nil) {
        self.eventId = eventId
        self.ticketId = ticketId
        self.outcome = outcome
        self.status = status
        self.error = error
        self.at = at
        self.durationMs = durationMs
    }

    /// The outcome's name and, for a retry, when it is due: as an attempt row records them.
    public var outcomeName: (name: String, nextAttemptAt: Date?) {
        switch outcome {
        case .delivered: return ("delivered", nil)
        case .retry(let at): return ("retry", at)
        case .dead: return ("dead", nil)
        }
    }
}

/// An event on the dead-letter list.
public struct DeadLetter: Sendable {
    public var state: DeliveryState
    public var ticketId: String?
    public var receiptNo: String?

    public func json() -> JSON {
        guard case .object(var members) = state.json() else { return .null }
        members.append(("ticketId", JSON(ticketId)))
        members.append(("receiptNo", JSON(receiptNo)))
        return .object(members)
    }
}

public struct StoreStats: Sendable {
    public var tickets: Int
    public var pending: Int
    public var dead: Int
    public var oldestPendingAt: Date?
    public var rejected: Int
}

public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An older binary never writes into a schema it does not know (a newer release may have changed what its tables
/// mean): migrating, and so starting, stops with what to do instead.
func refuseNewerSchema(_ applied: Set<Int64>, binaryVersion: Int) throws {
    guard let newest = applied.max(), newest > Int64(binaryVersion) else { return }
    throw StoreError("the database has schema version \(newest), newer than this binary's \(binaryVersion): run the newer "
        + "release, or roll back with the backup taken before the upgrade")
}

extension TicketStore {
    public var localDirectory: String? { nil }

    /// Sets a ticket's state without a reply to the citizen.
    public func setState(ticket ref: String, to state: String, completion: @escaping @Sendable (Result<String?, Error>) -> Void) {
        setState(ticket: ref, to: state, reply: nil, completion: completion)
    }
}

/// Where tickets, their raw requests, idempotency keys and outbox events live.
///
/// Writes are asynchronous and group-committed: `intake` calls back only after the transaction holding the
/// submission is durable, so an answer to the citizen always means the ticket is on disk.
public protocol TicketStore: Outbox, MissedCallStore {
    /// Told why a write failed (the sender only hears 503, without SQL). Set before the store is used.
    var onWriteError: (@Sendable (String) -> Void)? { get set }
    /// Work on a submission that needs no database (dedup text features), done on the caller's thread.
    func precompute(_ item: inout PreparedSubmission)
    /// The directory of the local file the tickets live in, whose free space the gateway watches; nil when the store
    /// is not a local file (PostgreSQL, in memory).
    var localDirectory: String? { get }
    /// Stores a batch (raw request, tickets, idempotency keys, outbox events) in one transaction.
    func intake(_ batch: IntakeBatch, completion: @escaping @Sendable (Result<[IntakeOutcome], IntakeError>) -> Void)
    /// Keeps a refused request in the bounded rejected journal, then tells `completion` whether it was written
    /// (a trusted source such as the IMAP poller sets a message aside only after that).
    func reject(_ record: RejectedRecord, completion: @escaping @Sendable (Result<Void, IntakeError>) -> Void)
    func ticket(idOrReceipt: String) throws -> StoredTicket?
    func tickets(_ query: TicketQuery) throws -> [StoredTicket]
    /// Turns every set of message parts that waited since before `olderThan` into a ticket marked incomplete;
    /// returns how many tickets were made.
    func sweepFragments(olderThan cutoff: Date, now: Date) throws -> Int
    /// Stores tickets from another system and indexes them (history import); false for each already present.
    func importTickets(_ items: [(ticket: Ticket, status: String, caseId: String?)]) throws -> [Bool]
    func stats() throws -> StoreStats
    /// Sets a ticket's state (`open`, `closed`, `returned`) and the reply to the citizen (nil clears it); nil when no
    /// ticket has that id or receipt number.
    func setState(ticket ref: String, to state: String, reply: String?, completion: @escaping @Sendable (Result<String?, Error>) -> Void)
    /// The case system's signed state change `eventId` (its `webhook-id`) made at `eventAt`: applied unless that
    /// event was seen before (a replay changes nothing) or a later event already set the ticket's state (an older
    /// state never overwrites a newer one). Both are remembered durably, in the same transaction. nil: no such ticket.
    func applyCaseEvent(ticket ref: String, to state: String, reply: String?, eventId: String, eventAt: Date,
                        completion: @escaping @Sendable (Result<CaseEventOutcome?, Error>) -> Void)
    /// Events given up on, newest first.
    func deadLetters(limit: Int) throws -> [DeadLetter]
    /// An attachment's bytes (position in the ticket's list); nil when the ticket, the position or the bytes are unknown.
    func attachment(ticketId: String, position: Int) throws -> StoredAttachment?
    /// Puts a dead event back in the queue, attempts reset; false when there is no such dead event.
    func replay(eventId: String, now: Date, completion: @escaping @Sendable (Result<Bool, Error>) -> Void)
    /// The rejected journal, newest first.
    func rejected(limit: Int) throws -> [JSON]
    /// Queues an event that is not a ticket's creation for `destination` (`payload` is its `data`), idempotent on
    /// `eventId`; with `ticketState`, sets the ticket's state in the same transaction.
    func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date,
                      eventId: String, ticketState: String?, completion: @escaping @Sendable (Result<String, Error>) -> Void)
    /// A round trip through the writer: true when the store can commit.
    func checkWritable(timeoutSeconds: Double) -> Bool
    /// Finishes queued writes and closes.
    func close()
    /// Whether this process runs the singleton `role` (the IMAP poller, the long-SMS sweeper) now. A store one
    /// process owns always does; PostgreSQL gives it to one instance at a time and to another when that one dies.
    func holdsLeadership(_ role: String) -> Bool
}

extension TicketStore {
    public func holdsLeadership(_ role: String) -> Bool { true }
}

extension TicketStore {
    /// Keeps a refused request in the bounded rejected journal; best effort.
    public func reject(_ record: RejectedRecord) { reject(record) { _ in } }
}

/// What became of one case-system state change.
public struct CaseEventOutcome: Sendable, Equatable {
    public var ticketId: String
    /// The ticket's state is now the event's.
    public var applied: Bool
    /// The event had been received before; nothing changed.
    public var replay: Bool

    public init(ticketId: String, applied: Bool, replay: Bool) {
        self.ticketId = ticketId
        self.applied = applied
        self.replay = replay
    }
}
