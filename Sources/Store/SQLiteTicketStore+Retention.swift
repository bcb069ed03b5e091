import Foundation
import IntakeCore
import SQLite

extension SQLiteTicketStore: RetentionStore {
    /// One job on the writer thread: it commits between intake batches, never holding the write lock for long.
    public func purgeRaw(receivedBefore cutoff: Date, limit: Int) throws -> RetentionCounts {
        let before = SQLiteIntakeStorage.ms(cutoff)
        return try writeAndWait { db in
            var counts = RetentionCounts()
            counts.rawRequests = try db.run("""
                UPDATE raw_requests SET body = x'', headers = '{}' WHERE id IN (
                    SELECT id FROM raw_requests WHERE length(body) > 0 AND received_at < ? LIMIT ?)
                """, [.integer(before), .integer(Int64(limit))])
            counts.rejected = try db.run("""
                DELETE FROM rejected WHERE id IN (SELECT id FROM rejected WHERE received_at < ? ORDER BY received_at LIMIT ?)
                """, [.integer(before), .integer(Int64(limit))])
            counts.attachments = try db.run("""
                UPDATE attachments SET data = NULL WHERE rowid IN (
                    SELECT a.rowid FROM attachments a JOIN tickets t ON t.id = a.ticket_id
                    WHERE a.data IS NOT NULL AND t.received_at < ?
                      AND EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.state = 'delivered')
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.state != 'delivered')
                    LIMIT ?)
                """, [.integer(before), .integer(Int64(limit))])
            return counts
        }
    }

    public func maskPersonalData(closedBefore cutoff: Date, limit: Int) throws -> Int {
        let before = SQLiteIntakeStorage.ms(cutoff)
        let now = SQLiteIntakeStorage.ms(Date())
        return try writeAndWait { db in
            let rows = try db.query("""
                SELECT id, ticket_json FROM tickets
                WHERE closed_at IS NOT NULL AND personal_masked_at IS NULL AND closed_at < ? AND status = 'closed' LIMIT ?
                """, [.integer(before), .integer(Int64(limit))])
            for row in rows {
                guard let id = row.string("id") else { continue }
                var json: String?
                if let text = row.string("ticket_json"), let parsed = try? JSON.parse(text), let ticket = Ticket(json: parsed) {
                    json = ticket.withPersonalDataMasked().json().text
                }
                // The lookup columns go too; the dedup index keeps its own keys, and open tickets are never touched.
                try db.run("""
                    UPDATE tickets SET phone_key = NULL, open_id = NULL, email = NULL, personal_masked_at = ?,
                           ticket_json = coalesce(?, ticket_json) WHERE id = ?
                    """, [.integer(now), json.map { .text($0) } ?? .null, .text(id)])
            }
            return rows.count
        }
    }
}
