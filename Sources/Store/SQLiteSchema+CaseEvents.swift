import Foundation
import SQLite

extension SQLiteSchema {
    /// Version 9: the case system's state changes are ordered and remembered. `state_at` is the timestamp of the
    /// event that set a ticket's state; `case_events` keeps every callback's `webhook-id`, so a replay changes
    /// nothing and an older event never overwrites a newer state.
    static let caseEvents: (version: Int, sql: String) = (9, """
        ALTER TABLE tickets ADD COLUMN state_at INTEGER;
        CREATE TABLE case_events (
            id TEXT PRIMARY KEY,
            ticket_id TEXT NOT NULL,
            state TEXT NOT NULL,
            at INTEGER NOT NULL,
            applied INTEGER NOT NULL
        );
        """)
}

extension SQLiteTicketStore {
    public func applyCaseEvent(ticket ref: String, to state: String, reply: String?, eventId: String, eventAt: Date,
                               completion: @escaping @Sendable (Result<CaseEventOutcome?, any Error>) -> Void) {
        let at = SQLiteIntakeStorage.ms(eventAt)
        write({ db -> CaseEventOutcome? in
            guard let row = try db.query("SELECT id, state_at FROM tickets WHERE id = ? OR receipt_no = ? LIMIT 1", [.text(ref), .text(ref)])
                .first, let id = row.string("id") else { return nil }
            if let seen = try db.query("SELECT ticket_id, applied FROM case_events WHERE id = ?", [.text(eventId)]).first {
                return CaseEventOutcome(ticketId: seen.string("ticket_id") ?? id, applied: false, replay: true)
            }
            let newer = row.int("state_at").map { $0 > at } ?? false
            if !newer {
                try db.run("""
                    UPDATE tickets SET status = ?, reply = ?, state_at = ?,
                           closed_at = CASE WHEN ? = 'closed' THEN coalesce(closed_at, ?) ELSE NULL END WHERE id = ?
                    """, [.text(state), reply.map { .text($0) } ?? .null, .integer(at), .text(state),
                          .integer(SQLiteIntakeStorage.ms(Date())), .text(id)])
            }
            try db.run("INSERT INTO case_events (id, ticket_id, state, at, applied) VALUES (?, ?, ?, ?, ?)",
                       [.text(eventId), .text(id), .text(state), .integer(at), .integer(newer ? 0 : 1)])
            return CaseEventOutcome(ticketId: id, applied: !newer, replay: false)
        }, completion: completion)
    }
}
