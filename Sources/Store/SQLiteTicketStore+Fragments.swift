import Foundation
import IntakeCore
import SQLite

extension SQLiteTicketStore {
    /// Turns every set of parts older than `olderThan` into a ticket marked incomplete. Returns how many.
    @discardableResult
    public func sweepFragments(olderThan cutoff: Date, now: Date) throws -> Int {
        try writeAndWait { [self] db in
            let storage = self.storage(db)
            var made = 0
            for g in try storage.fragmentGroups(firstReceivedBefore: cutoff) {
                // Each set on its own: one that cannot be assembled must not keep every other set waiting forever.
                try db.run("SAVEPOINT sweep")
                do {
                    try self.rules.sweep(g, now: now, in: storage)
                    try db.run("RELEASE sweep")
                    made += 1
                } catch {
                    try db.run("ROLLBACK TO sweep")
                    try db.run("RELEASE sweep")
                    try self.rules.setAside(g, error: error, now: now, in: storage)
                }
            }
            return made
        }
    }

    public func importTickets(_ items: [(ticket: Ticket, status: String, caseId: String?)]) throws -> [Bool] {
        try writeAndWait { [self] db in
            let storage = self.storage(db)
            return try items.map { try self.rules.importTicket($0.ticket, status: $0.status, caseId: $0.caseId, in: storage) }
        }
    }

    /// Queues an event that is not a ticket's creation (a 110 return notice) for `destination`; `payload` is the
    /// event's `data`. With `ticketState`, the ticket's state changes in the same transaction. An event id already
    /// queued is not queued again (the call is idempotent). Calls back after the commit with the event id.
    public func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date,
                             eventId: String, ticketState: String?, completion: @escaping @Sendable (Result<String, Error>) -> Void) {
        write({ [self] db in
            try self.rules.enqueueEvent(destination: destination, type: type, ticketId: ticketId, payload: payload, at: date,
                                        eventId: eventId, ticketState: ticketState, in: self.storage(db))
            return eventId
        }, completion: completion)
    }
}
