import Dedup
import Foundation
import IntakeCore
import SQLite

/// The dedup index on SQLite: index tables in the store's file (migration 2), each keyed with the receive time,
/// so a candidate list is one bounded index range read. Runs on the writer's connection inside the group
/// transaction, so decisions see every earlier commit and the earlier jobs of the same transaction.
///
/// With the store's in-memory view (the writer's index), the matters the view holds have no rows in the key tables
/// (see `DedupView`): their candidates come from the view's stored matters, the older ones from the tables.
public struct SQLiteDedupIndex: DedupIndex {
    let db: SQLiteConnection
    /// The store's in-memory view, told what the transaction writes and asked for recent candidates (the writer's
    /// index only).
    var view: DedupView?

    /// The index on a connection inside a write transaction (the store's writer; tests and benchmarks).
    public init(db: SQLiteConnection) { self.db = db }

    init(db: SQLiteConnection, view: DedupView?) {
        self.db = db
        self.view = view
    }

    public func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] {
        try candidates(.identity(identity), since: since, limit: limit)
    }

    public func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] { try candidates(.cell(cell), since: since, limit: limit) }

    public func candidates(place: String, since: Date, limit: Int) throws -> [Int64] { try candidates(.place(place), since: since, limit: limit) }

    public func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] { try candidates(.band(band), since: since, limit: limit) }

    /// A key's candidates: with the view, the view's stored matters, then the tables for what is older than the view;
    /// without it, the tables.
    private func candidates(_ key: DedupView.Key, since: Date, limit: Int) throws -> [Int64] {
        guard let view else { return try candidates(key, since: since, before: nil, limit: limit) }
        let (recent, complete, horizon) = view.storedCandidates(key, since: since, limit: limit)
        guard !complete else { return recent }
        return recent + (try candidates(key, since: since, before: horizon, limit: limit)).prefix(limit - recent.count)
    }

    public func candidates(cluster: String, limit: Int) throws -> [Int64] {
        try db.query("SELECT seq FROM tickets WHERE cluster_id = ? ORDER BY seq LIMIT ?", [.text(cluster), .integer(Int64(limit))])
            .compactMap { $0.int("seq") }
    }

    /// A key's candidates in its table received in `[since, before)` (`before` nil: since `since`), newest first, at
    /// most `limit`: with `before`, what an in-memory view that starts there does not hold.
    func candidates(_ key: DedupView.Key, since: Date, before: Date?, limit: Int) throws -> [Int64] {
        let (table, column, value): (String, String, SQLiteValue)
        switch key {
        case .identity(let k): (table, column, value) = ("dedup_by_identity", "identity", .text(k))
        case .cell(let k): (table, column, value) = ("dedup_by_cell", "cell", .integer(k))
        case .place(let k): (table, column, value) = ("dedup_by_place", "place", .text(k))
        case .band(let k): (table, column, value) = ("dedup_by_band", "band", .integer(k))
        case .cluster: return []
        }
        let upper = before.map { [SQLiteValue.integer(SQLiteIntakeStorage.ms($0))] } ?? []
        return try db.query("SELECT seq FROM \(table) WHERE \(column) = ? AND received_at >= ?\(upper.isEmpty ? "" : " AND received_at < ?")"
                            + " ORDER BY received_at DESC LIMIT ?",
                            [value, .integer(SQLiteIntakeStorage.ms(since))] + upper + [.integer(Int64(limit))]).compactMap { $0.int("seq") }
    }

    public func matter(_ seq: Int64) throws -> IndexedMatter? {
        guard let r = try db.query("""
            SELECT m.received_at, m.channel, m.identities, m.request_type, m.match_text, m.topics, m.lat, m.lng, m.address,
                   m.place, m.root_seq, m.cluster_id, t.id, t.receipt_no, t.status
            FROM dedup_matters m JOIN tickets t ON t.seq = m.seq WHERE m.seq = ?
            """, [.integer(seq)]).first else { return nil }
        return r.indexedMatter(seq: seq)
    }

    /// Imported tickets keep `import:<receiptNo>` in the column; the number shown is the original one.
    static func receipt(_ stored: String?) -> String? {
        guard let stored else { return nil }
        return stored.hasPrefix("import:") ? String(stored.dropFirst(7)) : stored
    }

    /// Identities seen together are one caller: every key gets one caller id, merging the callers they had (union
    /// by relabelling; a caller has a handful of keys, so this stays small).
    public func link(identities keys: [String]) throws {
        guard !keys.isEmpty else { return }
        if keys.count > 1 { view?.didLink(keys) }
        var callers: [Int64] = []
        for key in keys {
            if let c = try db.query("SELECT caller FROM dedup_callers WHERE identity = ?", [.text(key)]).first?.int("caller") {
                callers.append(c)
            }
        }
        let newCaller = (try db.query("SELECT COALESCE(MAX(caller), 0) + 1 AS n FROM dedup_callers").first?.int("n")) ?? 1
        let target = callers.min() ?? newCaller
        for other in Set(callers) where other != target {
            try db.run("UPDATE dedup_callers SET caller = ? WHERE caller = ?", [.integer(target), .integer(other)])
        }
        for key in keys {
            try db.run("INSERT INTO dedup_callers (identity, caller) VALUES (?, ?) ON CONFLICT(identity) DO UPDATE SET caller = excluded.caller",
                       [.text(key), .integer(target)])
        }
    }

    public func linkedIdentities(_ keys: [String]) throws -> Set<String> {
        var result = Set(keys)
        var callers: Set<Int64> = []
        for key in keys {
            if let c = try db.query("SELECT caller FROM dedup_callers WHERE identity = ?", [.text(key)]).first?.int("caller") {
                callers.insert(c)
            }
        }
        for c in callers {
            for row in try db.query("SELECT identity FROM dedup_callers WHERE caller = ? LIMIT 32", [.integer(c)]) {
                if let k = row.string("identity") { result.insert(k) }
            }
        }
        return result
    }

    public func index(_ e: IndexEntry) throws {
        // The seqs the view knows (the ticket's, told by its insert; a recent original's) are not read again.
        let known = view?.storeSeqs(ticketId: e.ticketId, repeatOf: e.repeatOf)
        guard let seq = try known?.seq ?? db.query("SELECT seq FROM tickets WHERE id = ?", [.text(e.ticketId)]).first?.int("seq") else {
            throw StoreError("dedup index: ticket \(e.ticketId) is not in the tickets table")
        }
        var rootSeq = seq
        if let original = e.repeatOf,
           let r = try known?.rootSeq ?? db.query("SELECT seq FROM tickets WHERE id = ?", [.text(original)]).first?.int("seq") {
            rootSeq = r
        }
        let at = SQLiteIntakeStorage.ms(e.receivedAt)
        let keys = DedupKeys(e)
        // Held by the view: its key rows wait (written before the view lets go of it).
        let held = view?.didStore(e, features: nil, rootStoreSeq: rootSeq, storeSeq: seq) ?? false
        try db.run("""
            INSERT OR REPLACE INTO dedup_matters (seq, received_at, channel, identities, request_type, match_text, topics, lat, lng,
                                                  address, place, root_seq, cluster_id, pending_keys)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.integer(seq), .integer(at), .text(e.channel.rawValue), .text(e.identities.joined(separator: " ")),
             .text(e.requestType.rawValue), .text(e.matchText), .text(e.topics),
             e.point.map { .real($0.lat) } ?? .null, e.point.map { .real($0.lng) } ?? .null,
             SQLiteIntakeStorage.text(e.address), SQLiteIntakeStorage.text(e.place), .integer(rootSeq), SQLiteIntakeStorage.text(e.clusterId),
             held ? .utf8(keys.jsonUTF8) : .null])
        if !held { try keys.write(seq: seq, at: at, db) }
    }

    /// Marks the ticket and its repeat family (its original and the original's repeats) that are in no cluster yet.
    public func markCluster(ticketId: String, clusterId: String, reason: String) throws {
        guard let ticket = try db.query("SELECT id, repeat_of FROM tickets WHERE id = ?", [.text(ticketId)]).first else { return }
        let root = ticket.string("repeat_of") ?? ticketId
        let family = try db.query("""
            SELECT seq, id, ticket_json FROM tickets WHERE id = ? AND cluster_id IS NULL
            UNION ALL SELECT seq, id, ticket_json FROM tickets WHERE repeat_of = ? AND cluster_id IS NULL
            LIMIT ?
            """, [.text(root), .text(root), .integer(Int64(ClusterEvent.maxFamily))])
        for row in family {
            guard let seq = row.int("seq") else { continue }
            try db.run("UPDATE dedup_matters SET cluster_id = ? WHERE seq = ?", [.text(clusterId), .integer(seq)])
            let json = row.string("ticket_json").flatMap { Ticket.addingCluster(clusterId, reason: reason, toJSON: $0) }
            try db.run("UPDATE tickets SET cluster_id = ?, ticket_json = COALESCE(?, ticket_json) WHERE seq = ?",
                       [.text(clusterId), SQLiteIntakeStorage.text(json), .integer(seq)])
            if let id = row.string("id") { view?.markCluster(ticketId: id, clusterId: clusterId) }
        }
    }

    /// Indexes tickets of the last repeat window that have no index rows (a store created before migration 2,
    /// or rows written by another tool).
    static func backfill(_ db: SQLiteConnection, engine: DedupEngine, now: Date) throws {
        let since = SQLiteIntakeStorage.ms(now) - Int64(engine.configuration.repeatWindow * 1000)
        let rows = try db.query("""
            SELECT t.seq, t.ticket_json FROM tickets t
            WHERE t.received_at >= ? AND NOT EXISTS (SELECT 1 FROM dedup_matters m WHERE m.seq = t.seq)
            ORDER BY t.seq
            """, [.integer(since)])
        let index = SQLiteDedupIndex(db: db)
        for row in rows {
            guard let text = row.string("ticket_json"), let json = try? JSON.parse(text), let ticket = Ticket(json: json) else { continue }
            try engine.didStore(ticket, features: nil, in: index)
        }
    }
}

extension Ticket {
    /// The stored ticket JSON with a cluster id and its reason added (an earlier ticket joining a later cluster).
    static func addingCluster(_ clusterId: String, reason: String, toJSON text: String) -> String? {
        guard let parsed = try? JSON.parse(text), var ticket = Ticket(json: parsed) else { return nil }
        ticket.dedup.clusterId = clusterId
        ticket.dedup.reasons.append(reason)
        return ticket.json().text
    }
}
