import Foundation
import IntakeCore
import Postgres
import SQLite

/// Delivered events whose case id is still to come (an Open311 server answered a token, not an id): the token is
/// kept as the event's case id `token:<token>` until the server names the request.
public protocol PendingCaseIds: AnyObject, Sendable {
    /// Up to `limit` delivered events of `destination` still holding a token: (event id, token).
    func pendingTokens(destination: String, limit: Int) throws -> [(eventId: String, token: String)]
    /// Replaces the token with the case id the server gave (on the event, and on the ticket if it held the token).
    func resolveToken(eventId: String, token: String, caseId: String) throws
}

public enum PendingCaseId {
    public static let prefix = "token:"
    static func parse(_ rows: [(String?, String?)]) -> [(eventId: String, token: String)] {
        rows.compactMap { id, caseId in
            guard let id, let caseId, caseId.hasPrefix(prefix) else { return nil }
            return (id, String(caseId.dropFirst(prefix.count)))
        }
    }
}

extension SQLiteTicketStore: PendingCaseIds {
    public func pendingTokens(destination: String, limit: Int) throws -> [(eventId: String, token: String)] {
        try readers.with { db in
            PendingCaseId.parse(try db.query("""
                SELECT id, case_id FROM outbox WHERE destination = ? AND state = 'delivered' AND case_id LIKE 'token:%' ORDER BY seq LIMIT ?
                """, [.text(destination), .integer(Int64(limit))]).map { ($0.string("id"), $0.string("case_id")) })
        }
    }

    public func resolveToken(eventId: String, token: String, caseId: String) throws {
        try writeAndWait { db in
            let held = PendingCaseId.prefix + token
            try db.run("UPDATE tickets SET case_id = ? WHERE case_id = ? AND id = (SELECT ticket_id FROM outbox WHERE id = ?)",
                       [.text(caseId), .text(held), .text(eventId)])
            try db.run("UPDATE outbox SET case_id = ? WHERE id = ? AND case_id = ?", [.text(caseId), .text(eventId), .text(held)])
        }
    }
}

extension PostgresTicketStore: PendingCaseIds {
    public func pendingTokens(destination: String, limit: Int) throws -> [(eventId: String, token: String)] {
        try pool.with { db in
            PendingCaseId.parse(try db.rows("""
                SELECT id, case_id FROM outbox WHERE destination = $1 AND state = 'delivered' AND case_id LIKE 'token:%' ORDER BY seq LIMIT $2
                """, [destination, String(limit)]).map { ($0.string("id"), $0.string("case_id")) })
        }
    }

    public func resolveToken(eventId: String, token: String, caseId: String) throws {
        try writeAndWait { db in
            let held = PendingCaseId.prefix + token
            try db.run("UPDATE tickets SET case_id = $1 WHERE case_id = $2 AND id = (SELECT ticket_id FROM outbox WHERE id = $3)",
                       [caseId, held, eventId])
            try db.run("UPDATE outbox SET case_id = $1 WHERE id = $2 AND case_id = $3", [caseId, eventId, held])
        }
    }
}

extension MemoryTicketStore: PendingCaseIds {
    public func pendingTokens(destination: String, limit: Int) throws -> [(eventId: String, token: String)] {
        try transaction { tx in
            PendingCaseId.parse(tx.state.outbox.filter { $0.entry.destination == destination && $0.state == "delivered" }
                .map { ($0.entry.id, $0.caseId) }).prefix(limit).map { $0 }
        }
    }

    public func resolveToken(eventId: String, token: String, caseId: String) throws {
        try transaction { tx in
            guard let i = tx.state.outboxIndex[eventId], tx.state.outbox[i].caseId == PendingCaseId.prefix + token else { return }
            tx.state.outbox[i].caseId = caseId
            if let ticketId = tx.state.outbox[i].entry.ticketId, let t = tx.state.ticketsById[ticketId],
               tx.state.tickets[t].caseId == PendingCaseId.prefix + token {
                tx.state.tickets[t].caseId = caseId
            }
        }
    }
}
