import Foundation
import Synchronization

/// Outbox leases held in the process, for stores one process owns (SQLite: one process per file; in-memory).
/// PostgreSQL keeps them in the outbox rows instead, where every instance sees them.
final class OutboxLeases: Sendable {
    private struct Lease {
        var owner: String
        var until: Date
    }
    private let leases = Mutex<[String: Lease]>([:])

    /// Events leased to anyone until after `now`.
    func held(now: Date) -> Set<String> {
        leases.withLock { l in Set(l.compactMap { $0.value.until > now ? $0.key : nil }) }
    }

    /// Leases the records not leased meanwhile to `owner`; returns those.
    func take(_ records: [OutboxRecord], owner: String, until: Date) -> [OutboxRecord] {
        let now = Date()
        return leases.withLock { l in
            if l.count > 4096 { l = l.filter { $0.value.until > now } }
            return records.filter { r in
                if let existing = l[r.id], existing.until > now, existing.owner != owner { return false }
                l[r.id] = Lease(owner: owner, until: until)
                return true
            }
        }
    }

    func renew(_ ids: [String], owner: String, until: Date) {
        leases.withLock { l in
            for id in ids where l[id]?.owner == owner { l[id]?.until = until }
        }
    }

    func release(_ ids: [String], owner: String) {
        leases.withLock { l in
            for id in ids where l[id]?.owner == owner { l[id] = nil }
        }
    }
}
