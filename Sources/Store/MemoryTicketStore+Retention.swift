import Foundation
import IntakeCore

extension MemoryTicketStore: RetentionStore {
    /// The in-memory store keeps no photo bytes, so only raw bodies and the rejected journal are purged.
    public func purgeRaw(receivedBefore cutoff: Date, limit: Int) throws -> RetentionCounts {
        try transaction { tx in
            var counts = RetentionCounts()
            let old = tx.state.raw.filter { !$0.value.body.isEmpty && $0.value.receivedAt < cutoff }.keys.sorted().prefix(limit)
            for id in old {
                tx.state.raw[id]?.body = []
                tx.state.raw[id]?.headers = []
            }
            counts.rawRequests = old.count
            let before = tx.state.rejected.count
            var removed = 0
            tx.state.rejected.removeAll { entry in
                guard removed < limit, entry.1.receivedAt < cutoff else { return false }
                removed += 1
                return true
            }
            counts.rejected = before - tx.state.rejected.count
            return counts
        }
    }

    public func maskPersonalData(closedBefore cutoff: Date, limit: Int) throws -> Int {
        let now = Date()
        return try transaction { tx in
            var masked = 0
            for i in tx.state.tickets.indices where masked < limit {
                let row = tx.state.tickets[i]
                guard row.status == "closed", row.personalMaskedAt == nil, let closed = row.closedAt, closed < cutoff else { continue }
                let ticket = row.ticket.withPersonalDataMasked()
                tx.state.tickets[i].ticket = ticket
                tx.state.tickets[i].json = ticket.json().text
                tx.state.tickets[i].personalMaskedAt = now
                masked += 1
            }
            return masked
        }
    }
}
