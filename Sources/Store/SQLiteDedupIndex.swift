import Dedup
import Foundation
import IntakeCore
import SQLite
import Synchronization

/// The dedup engine on SQLite: finds candidates through index tables only (caller identity, location cell,
/// place, text-signature band, each keyed with the receive time), so one decision reads a bounded number of rows
/// however many tickets are stored; links identities seen together; applies `DedupRules`.
///
/// Runs on the store's writer thread inside the group transaction, so decisions see every earlier commit and the
/// earlier jobs of the same transaction: of two concurrent submissions by one caller the first applied is the
/// original. The index is tables in the store's file (migration 2) and survives restarts.
public final class SQLiteDedupIndex: DedupDecider, @unchecked Sendable {
    public let configuration: DedupConfiguration
    /// The features computed by `decide` for the ticket about to be stored, reused by `didStore` (writer thread only).
    private var pendingFeatures: (ticketId: String, features: MatterFeatures)?
    let hasher = MinHasher()
    /// Features of recently seen candidates by ticket seq: a busy place or caller is compared again and again, and
    /// rebuilding features from the stored text is most of a decision's CPU. Bounded; cleared when full.
    let featureCache = Mutex<[Int64: MatterFeatures]>([:])
    /// Candidates are always recent tickets; a few thousand cover the hot set and keep memory bounded.
    static let featureCacheLimit = 8_192
    /// Whether tickets stored before the index existed (a database from schema version 1) were indexed.
    private let backfilled = Mutex(false)

    /// Ticket statuses that close a case; any other status (`open`, `dispatched`, ...) keeps it open.
    public static let closedStatuses: Set<String> = ["closed", "resolved", "done", "cancelled", "canceled", "rejected", "办结", "已办结"]

    public init(configuration: DedupConfiguration = DedupConfiguration()) {
        self.configuration = configuration
    }

    // MARK: DedupDecider

    public func precompute(_ submission: Submission) -> (any Sendable)? { MatterFeatures(submission) }

    public func decide(_ item: PreparedSubmission, receivedAt: Date, in db: SQLiteConnection) throws -> DedupInfo {
        try backfillIfNeeded(db, now: receivedAt)
        let s = item.submission
        let features = (item.precomputed as? MatterFeatures) ?? MatterFeatures(s)
        pendingFeatures = (item.ticketId, features)
        let keys = CallerIdentity.keys(s.caller)
        let subject = DedupSubject(features: features, channel: s.channel, receivedAt: receivedAt, identities: keys,
                                   linkedIdentities: try linkedIdentities(keys, db).union(CallerIdentity.senderKeys(s.caller)))
        let nowMs = Self.ms(receivedAt)
        let limit = Int64(configuration.maxCandidatesPerKey)
        var loader = CandidateLoader(db: db, index: self)

        var own: [Int64] = []
        let repeatSince = nowMs - Int64(configuration.repeatWindow * 1000)
        for key in subject.linkedIdentities.sorted() where !key.hasPrefix("sender:") {
            own += try seqs("SELECT seq FROM dedup_by_identity WHERE identity = ? AND received_at >= ? ORDER BY received_at DESC LIMIT ?",
                            .text(key), repeatSince, limit, db)
        }
        // The most recent candidates only (seq grows with time): a bound on the work, however linked or busy.
        let sameCaller = try Set(own).sorted(by: >).prefix(configuration.maxCandidatesPerKey).compactMap { try loader.candidate($0) }

        var others: [Int64] = []
        let clusterSince = nowMs - Int64(configuration.clusterWindow * 1000)
        if let p = features.point {
            for cell in LocationCell.neighbourhood(of: p, meters: configuration.clusterDistanceMeters) {
                others += try seqs("SELECT seq FROM dedup_by_cell WHERE cell = ? AND received_at >= ? ORDER BY received_at DESC LIMIT ?",
                                   .integer(cell), clusterSince, limit, db)
            }
        }
        for place in features.placeKeys {
            others += try seqs("SELECT seq FROM dedup_by_place WHERE place = ? AND received_at >= ? ORDER BY received_at DESC LIMIT ?",
                               .text(place), clusterSince, limit, db)
        }
        if !features.hasLocation {
            for band in hasher.bandKeys(features.shingles) {
                others += try seqs("SELECT seq FROM dedup_by_band WHERE band = ? AND received_at >= ? ORDER BY received_at DESC LIMIT ?",
                                   .integer(band), clusterSince, limit, db)
            }
        }
        let ownSet = Set(own)
        let otherCandidates = try Set(others).subtracting(ownSet).sorted(by: >).prefix(2 * configuration.maxCandidatesPerKey)
            .compactMap { try loader.candidate($0) }

        let decision = DedupRules.decide(subject, sameCaller: sameCaller, others: otherCandidates, configuration)
        if let earlier = decision.clusterAlsoOn, let clusterId = decision.info.clusterId {
            try markCluster(ticketId: earlier, clusterId: clusterId, db)
        }
        return decision.info
    }

    public func didStore(_ ticket: Ticket, in db: SQLiteConnection) throws {
        guard let row = try db.query("SELECT seq FROM tickets WHERE id = ?", [.text(ticket.id)]).first, let seq = row.int("seq") else {
            throw StoreError("dedup index: ticket \(ticket.id) is not in the tickets table")
        }
        try index(ticket, seq: seq, db)
    }

    // MARK: Index

    /// Writes the index rows of one stored ticket and links its identities.
    func index(_ ticket: Ticket, seq: Int64, _ db: SQLiteConnection) throws {
        let features: MatterFeatures
        if let pending = pendingFeatures, pending.ticketId == ticket.id {
            features = pending.features
        } else {
            features = MatterFeatures(ticket)
        }
        pendingFeatures = nil
        let keys = CallerIdentity.keys(ticket.caller)
        try link(keys, newCaller: seq, db)
        var rootSeq = seq
        if let original = ticket.dedup.repeatOf,
           let r = try db.query("SELECT seq FROM tickets WHERE id = ?", [.text(original)]).first?.int("seq") {
            rootSeq = r
        }
        let at = Self.ms(ticket.receivedAt)
        try db.run("""
            INSERT OR REPLACE INTO dedup_matters (seq, received_at, channel, identities, request_type, match_text, topics, lat, lng,
                                                  address, place, root_seq, cluster_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.integer(seq), .integer(at), .text(ticket.channel.rawValue),
             .text((keys + CallerIdentity.senderKeys(ticket.caller)).joined(separator: " ")),
             .text(ticket.requestType.rawValue), .text(features.matchText),
             .text(features.topics.sorted().map(\.id).joined(separator: ",")),
             features.point.map { .real($0.lat) } ?? .null, features.point.map { .real($0.lng) } ?? .null,
             features.address.map { .text($0) } ?? .null, features.place.map { .text($0) } ?? .null,
             .integer(rootSeq), ticket.dedup.clusterId.map { .text($0) } ?? .null])
        for key in keys {
            try db.run("INSERT OR IGNORE INTO dedup_by_identity (identity, received_at, seq) VALUES (?, ?, ?)",
                       [.text(key), .integer(at), .integer(seq)])
        }
        if let p = features.point {
            try db.run("INSERT OR IGNORE INTO dedup_by_cell (cell, received_at, seq) VALUES (?, ?, ?)",
                       [.integer(LocationCell.key(p)), .integer(at), .integer(seq)])
        }
        for place in features.placeKeys {
            try db.run("INSERT OR IGNORE INTO dedup_by_place (place, received_at, seq) VALUES (?, ?, ?)",
                       [.text(place), .integer(at), .integer(seq)])
        }
        if !features.hasLocation {
            for band in hasher.bandKeys(features.shingles) {
                try db.run("INSERT OR IGNORE INTO dedup_by_band (band, received_at, seq) VALUES (?, ?, ?)",
                           [.integer(band), .integer(at), .integer(seq)])
            }
        }
    }

    /// Identities seen together are one caller: every key of the submission gets one caller id, merging the
    /// callers they had (union by relabelling; a caller has a handful of keys, so this stays small).
    func link(_ keys: [String], newCaller: Int64, _ db: SQLiteConnection) throws {
        guard !keys.isEmpty else { return }
        var callers: [Int64] = []
        for key in keys {
            if let c = try db.query("SELECT caller FROM dedup_callers WHERE identity = ?", [.text(key)]).first?.int("caller") {
                callers.append(c)
            }
        }
        let target = callers.min() ?? newCaller
        for other in Set(callers) where other != target {
            try db.run("UPDATE dedup_callers SET caller = ? WHERE caller = ?", [.integer(target), .integer(other)])
        }
        for key in keys {
            try db.run("""
                INSERT INTO dedup_callers (identity, caller) VALUES (?, ?)
                ON CONFLICT(identity) DO UPDATE SET caller = excluded.caller
                """,
                       [.text(key), .integer(target)])
        }
    }

    /// The submission's keys and every key already linked to one of them.
    func linkedIdentities(_ keys: [String], _ db: SQLiteConnection) throws -> Set<String> {
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

    /// Puts an earlier ticket into a cluster formed by a later report: the index row, the column and the stored JSON.
    func markCluster(ticketId: String, clusterId: String, _ db: SQLiteConnection) throws {
        guard let row = try db.query("SELECT seq, ticket_json FROM tickets WHERE id = ?", [.text(ticketId)]).first,
              let seq = row.int("seq") else { return }
        try db.run("UPDATE dedup_matters SET cluster_id = ? WHERE seq = ?", [.text(clusterId), .integer(seq)])
        var json = row.string("ticket_json")
        if let text = json, let parsed = try? JSON.parse(text), var ticket = Ticket(json: parsed) {
            ticket.dedup.clusterId = clusterId
            ticket.dedup.reasons.append("incident cluster \(clusterId): another caller reported the same matter at the same place later")
            json = ticket.json().text
        }
        try db.run("UPDATE tickets SET cluster_id = ?, ticket_json = COALESCE(?, ticket_json) WHERE seq = ?",
                   [.text(clusterId), json.map { .text($0) } ?? .null, .integer(seq)])
    }

    /// Indexes tickets of the last repeat window that have no index rows (a store created before migration 2,
    /// or rows written by another tool); once per process.
    func backfillIfNeeded(_ db: SQLiteConnection, now: Date) throws {
        guard !backfilled.withLock({ $0 }) else { return }
        let since = Self.ms(now) - Int64(configuration.repeatWindow * 1000)
        let rows = try db.query("""
            SELECT t.seq, t.ticket_json FROM tickets t
            WHERE t.received_at >= ? AND NOT EXISTS (SELECT 1 FROM dedup_matters m WHERE m.seq = t.seq)
            ORDER BY t.seq
            """, [.integer(since)])
        for row in rows {
            guard let seq = row.int("seq"), let text = row.string("ticket_json"), let json = try? JSON.parse(text),
                  let ticket = Ticket(json: json) else { continue }
            try index(ticket, seq: seq, db)
        }
        backfilled.withLock { $0 = true }
    }

    // MARK: History import

    /// Stores a ticket from another system (no raw request, no outbox event: the case system has it already) and
    /// indexes it. Returns false when a ticket with that id or channel reference is already stored.
    ///
    /// The receipt number is kept in the ticket JSON; the column holds `import:<receiptNo>` so it can never collide
    /// with the gateway's own `YYYYMMDD-NNNNNN` numbers of the same day.
    public func importTicket(_ ticket: Ticket, status: String, caseId: String?, in db: SQLiteConnection) throws -> Bool {
        let json = ticket.json().text
        let changed = try db.run("""
            INSERT OR IGNORE INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id,
                                           email, request_type, status, repeat_of, cluster_id, case_id, raw_id, ticket_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """,
            [.text(ticket.id), .text("import:" + ticket.receiptNo), .text(ticket.channel.rawValue),
             ticket.channelRef.map { .text($0) } ?? .null, .text("import:" + hexString(Digest.sha256(Array(json.utf8)))),
             .text(ticket.hotline), .integer(Self.ms(ticket.receivedAt)),
             ticket.caller.phoneKey.map { .text($0) } ?? .null, ticket.caller.openId.map { .text($0) } ?? .null,
             ticket.caller.email.map { .text($0.lowercased()) } ?? .null, .text(ticket.requestType.rawValue), .text(status),
             ticket.dedup.repeatOf.map { .text($0) } ?? .null, ticket.dedup.clusterId.map { .text($0) } ?? .null,
             caseId.map { .text($0) } ?? .null, .text(json)])
        guard changed > 0 else { return false }
        try index(ticket, seq: db.lastInsertRowID, db)
        return true
    }

    // MARK: Helpers

    static func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }

    private func seqs(_ sql: String, _ key: SQLiteValue, _ since: Int64, _ limit: Int64, _ db: SQLiteConnection) throws -> [Int64] {
        try db.query(sql, [key, .integer(since), .integer(limit)]).compactMap { $0.int("seq") }
    }
}

/// Reads candidate rows (index row, ticket status, original) once per decision.
struct CandidateLoader {
    let db: SQLiteConnection
    let index: SQLiteDedupIndex
    private var roots: [Int64: (id: String, receipt: String?, at: Date, open: Bool, cluster: String?)] = [:]

    init(db: SQLiteConnection, index: SQLiteDedupIndex) {
        self.db = db
        self.index = index
    }

    func features(_ seq: Int64, _ r: SQLiteRow) -> MatterFeatures {
        if let cached = index.featureCache.withLock({ $0[seq] }) { return cached }
        let point: GeoPoint? = r.double("lat").flatMap { lat in r.double("lng").map { GeoPoint(lat: lat, lng: $0) } }
        let topics = Set((r.string("topics") ?? "").split(separator: ",").compactMap { MatterTopic.byID(String($0)) })
        let f = MatterFeatures(matchText: r.string("match_text") ?? "", topics: topics,
                               requestType: RequestType(rawValue: r.string("request_type") ?? "") ?? .unknown,
                               point: point, address: r.string("address"), place: r.string("place"))
        index.featureCache.withLock { c in
            if c.count >= SQLiteDedupIndex.featureCacheLimit { c.removeAll(keepingCapacity: true) }
            c[seq] = f
        }
        return f
    }

    mutating func candidate(_ seq: Int64) throws -> DedupCandidate? {
        guard let r = try db.query("""
            SELECT m.received_at, m.channel, m.identities, m.request_type, m.match_text, m.topics, m.lat, m.lng, m.address,
                   m.place, m.root_seq, m.cluster_id, t.id, t.receipt_no, t.status
            FROM dedup_matters m JOIN tickets t ON t.seq = m.seq WHERE m.seq = ?
            """, [.integer(seq)]).first, let id = r.string("id") else { return nil }
        let features = features(seq, r)
        let at = Date(timeIntervalSince1970: Double(r.int("received_at") ?? 0) / 1000)
        let receipt = Self.receipt(r.string("receipt_no"))
        let open = !SQLiteDedupIndex.closedStatuses.contains((r.string("status") ?? "open").lowercased())
        let rootSeq = r.int("root_seq") ?? seq
        let root: (id: String, receipt: String?, at: Date, open: Bool, cluster: String?)
        if rootSeq == seq {
            root = (id, receipt, at, open, r.string("cluster_id"))
        } else if let cached = roots[rootSeq] {
            root = cached
        } else if let o = try db.query("""
            SELECT t.id, t.receipt_no, t.received_at, t.status, m.cluster_id FROM tickets t
            LEFT JOIN dedup_matters m ON m.seq = t.seq WHERE t.seq = ?
            """, [.integer(rootSeq)]).first, let rid = o.string("id") {
            root = (rid, Self.receipt(o.string("receipt_no")), Date(timeIntervalSince1970: Double(o.int("received_at") ?? 0) / 1000),
                    !SQLiteDedupIndex.closedStatuses.contains((o.string("status") ?? "open").lowercased()), o.string("cluster_id"))
            roots[rootSeq] = root
        } else {
            root = (id, receipt, at, open, r.string("cluster_id"))
        }
        return DedupCandidate(
            ticketId: id, receiptNo: receipt, receivedAt: at, channel: Channel(rawValue: r.string("channel") ?? ""),
            identities: (r.string("identities") ?? "").split(separator: " ").map(String.init), features: features,
            rootTicketId: root.id, rootReceiptNo: root.receipt, rootReceivedAt: root.at, rootOpen: root.open,
            rootClusterId: root.cluster, clusterId: r.string("cluster_id"))
    }

    static func receipt(_ stored: String?) -> String? {
        guard let stored else { return nil }
        return stored.hasPrefix("import:") ? String(stored.dropFirst(7)) : stored
    }
}
