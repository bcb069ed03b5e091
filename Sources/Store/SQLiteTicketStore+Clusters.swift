import Foundation
import SQLite

extension SQLiteTicketStore {
    /// The case ids `destination` gave the members' ticket events (the case system's older rows: the ticket's own).
    func memberCaseIds(destination: String, members: [String]) throws -> [String: String] {
        guard !members.isEmpty else { return [:] }
        let marks = Array(repeating: "?", count: members.count).joined(separator: ",")
        return try readers.with { db in
            var ids: [String: String] = [:]
            for r in try db.query("""
                SELECT ticket_id, case_id FROM outbox
                WHERE ticket_id IN (\(marks)) AND destination = ? AND event_type LIKE 'ticket.%' AND state = 'delivered'
                  AND case_id IS NOT NULL AND case_id NOT LIKE 'token:%'
                ORDER BY seq
                """, members.map { .text($0) } + [.text(destination)]) {
                if let t = r.string("ticket_id"), ids[t] == nil { ids[t] = r.string("case_id") }
            }
            if destination == "case-system" {
                for r in try db.query("SELECT id, case_id FROM tickets WHERE id IN (\(marks)) AND case_id NOT LIKE 'token:%'",
                                      members.map { .text($0) }) {
                    if let t = r.string("id"), ids[t] == nil { ids[t] = r.string("case_id") }
                }
            }
            return ids
        }
    }
}
