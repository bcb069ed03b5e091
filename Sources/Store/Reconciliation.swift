import Foundation
import IntakeCore
import Postgres
import SQLite

/// One ticket received in a period, with the state of its ticket event at each destination it was planned for.
public struct ReconciledTicket: Sendable {
    public var ticketId: String
    public var receiptNo: String
    public var receivedAt: Date
    /// Destination name to event state (`pending`, `delivered`, `dead`).
    public var events: [String: String]
}

/// Reads what reconciliation needs ("件件有回音": every ticket received, and what became of it at each destination).
public protocol ReconciliationSource: AnyObject, Sendable {
    /// Tickets received in [since, until), oldest first, at most `limit`.
    func reconciliation(since: Date, until: Date, limit: Int) throws -> [ReconciledTicket]
}

/// Per destination: tickets received, delivered, pending, dead, and not forwarded by rule, with the non-delivered listed.
public struct ReconciliationReport: Sendable {
    public struct Line: Sendable {
        public var destination: String
        public var received = 0
        public var delivered = 0
        public var pending: [ReconciledTicket] = []
        public var dead: [ReconciledTicket] = []
        public var notForwarded: [ReconciledTicket] = []
    }
    public var since: Date
    public var until: Date
    public var lines: [Line]
    /// True when the period held more tickets than were read.
    public var truncated: Bool

    public init(_ tickets: [ReconciledTicket], destinations: [String], since: Date, until: Date, truncated: Bool) {
        self.since = since
        self.until = until
        self.truncated = truncated
        lines = destinations.map { name in
            var line = Line(destination: name)
            for t in tickets {
                line.received += 1
                switch t.events[name] {
                case "delivered": line.delivered += 1
                case "dead": line.dead.append(t)
                case nil: line.notForwarded.append(t)
                default: line.pending.append(t)
                }
            }
            return line
        }
    }

    public func json(listLimit: Int = 1000) -> JSON {
        func list(_ items: [ReconciledTicket]) -> JSON {
            .array(items.prefix(listLimit).map {
                .object([("ticketId", .string($0.ticketId)), ("receiptNo", .string($0.receiptNo)),
                         ("receivedAt", .string(Timestamp.format($0.receivedAt)))])
            })
        }
        return .object([
            ("since", .string(Timestamp.format(since))), ("until", .string(Timestamp.format(until))), ("truncated", .bool(truncated)),
            ("destinations", .array(lines.map { l in
                .object([
                    ("destination", .string(l.destination)), ("received", .int(Int64(l.received))), ("delivered", .int(Int64(l.delivered))),
                    ("pending", .int(Int64(l.pending.count))), ("dead", .int(Int64(l.dead.count))),
                    ("notForwarded", .int(Int64(l.notForwarded.count))),
                    ("pendingTickets", list(l.pending)), ("deadTickets", list(l.dead)), ("notForwardedTickets", list(l.notForwarded)),
                ])
            })),
        ])
    }
}

extension ReconciledTicket {
    /// Folds (ticket, destination, state) rows, ordered by ticket, into tickets.
    static func fold(_ rows: [(id: String, receipt: String, at: Date, destination: String?, state: String?)]) -> [ReconciledTicket] {
        var out: [ReconciledTicket] = []
        for r in rows {
            if out.last?.ticketId != r.id { out.append(ReconciledTicket(ticketId: r.id, receiptNo: r.receipt, receivedAt: r.at, events: [:])) }
            if let d = r.destination, let s = r.state { out[out.count - 1].events[d] = s }
        }
        return out
    }

    /// The SQL both stores run: tickets of the period with their ticket events (the receipt column of imports is
    /// `import:...`; the ticket JSON keeps the real one, but imported tickets were never forwarded by the gateway).
    static func sql(_ p: (Int) -> String) -> String {
        """
        SELECT t.id, t.receipt_no, t.received_at, o.destination, o.state
        FROM (SELECT id, receipt_no, received_at, seq FROM tickets
              WHERE received_at >= \(p(1)) AND received_at < \(p(2)) AND receipt_no NOT LIKE 'import:%' ORDER BY seq LIMIT \(p(3))) t
        LEFT JOIN outbox o ON o.ticket_id = t.id AND o.event_type LIKE 'ticket.%'
        ORDER BY t.seq
        """
    }
}

extension SQLiteTicketStore: ReconciliationSource {
    public func reconciliation(since: Date, until: Date, limit: Int) throws -> [ReconciledTicket] {
        try readers.with { db in
            ReconciledTicket.fold(try db.query(ReconciledTicket.sql { _ in "?" },
                                               [.integer(SQLiteIntakeStorage.ms(since)), .integer(SQLiteIntakeStorage.ms(until)), .integer(Int64(limit))])
                .map { ($0.string("id") ?? "", $0.string("receipt_no") ?? "", $0.date("received_at") ?? since, $0.string("destination"), $0.string("state")) })
        }
    }
}

extension PostgresTicketStore: ReconciliationSource {
    public func reconciliation(since: Date, until: Date, limit: Int) throws -> [ReconciledTicket] {
        try pool.with { db in
            ReconciledTicket.fold(try db.rows(ReconciledTicket.sql { "$\($0)" }, [PG.ms(since), PG.ms(until), String(limit)])
                .map { ($0.string("id") ?? "", $0.string("receipt_no") ?? "", $0.date("received_at") ?? since, $0.string("destination"), $0.string("state")) })
        }
    }
}

extension MemoryTicketStore: ReconciliationSource {
    public func reconciliation(since: Date, until: Date, limit: Int) throws -> [ReconciledTicket] {
        try transaction { tx in
            let s = tx.state
            return s.tickets.filter { $0.ticket.receivedAt >= since && $0.ticket.receivedAt < until && !$0.receiptColumn.hasPrefix("import:") }
                .prefix(limit).map { row in
                    var events: [String: String] = [:]
                    for e in s.outbox where e.entry.ticketId == row.ticket.id && e.entry.type.hasPrefix("ticket.") { events[e.entry.destination] = e.state }
                    return ReconciledTicket(ticketId: row.ticket.id, receiptNo: row.ticket.receiptNo, receivedAt: row.ticket.receivedAt, events: events)
                }
        }
    }
}
