import Foundation
import Postgres

extension PostgresTicketStore {
    /// The case ids `destination` gave the members' ticket events (the case system's older rows: the ticket's own).
    func memberCaseIds(destination: String, members: [String]) throws -> [String: String] {
        guard !members.isEmpty else { return [:] }
        return try pool.with { db in
            var ids: [String: String] = [:]
            for r in try db.rows("""
                SELECT ticket_id, case_id FROM outbox
                WHERE ticket_id = ANY($1::text[]) AND destination = $2 AND event_type LIKE 'ticket.%' AND state = 'delivered'
                  AND case_id IS NOT NULL AND case_id NOT LIKE 'token:%'
                ORDER BY seq
                """, [PostgresIntakeStorage.array(members), destination]) {
                if let t = r.string("ticket_id"), ids[t] == nil { ids[t] = r.string("case_id") }
            }
            if destination == "case-system" {
                for r in try db.rows("SELECT id, case_id FROM tickets WHERE id = ANY($1::text[]) AND case_id NOT LIKE 'token:%'",
                                     [PostgresIntakeStorage.array(members)]) {
                    if let t = r.string("id"), ids[t] == nil { ids[t] = r.string("case_id") }
                }
            }
            return ids
        }
    }
}
