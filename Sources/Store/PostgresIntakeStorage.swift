import Dedup
import Foundation
import IntakeCore
import Postgres

/// One result row by column name (libpq text format).
struct PGRow {
    let columns: [String]
    let values: [String?]

    func string(_ c: String) -> String? { columns.firstIndex(of: c).flatMap { values[$0] } }
    func int(_ c: String) -> Int64? { string(c).flatMap { Int64($0) } }
    func double(_ c: String) -> Double? { string(c).flatMap { Double($0) } }
    /// A `bytea` column (hex format, `\x...`).
    func bytes(_ c: String) -> [UInt8]? {
        guard let s = string(c) else { return nil }
        var out: [UInt8] = []
        let u = Array(s.utf8.dropFirst(2))
        out.reserveCapacity(u.count / 2)
        func v(_ b: UInt8) -> UInt8 { b >= 97 ? b - 87 : b >= 65 ? b - 55 : b - 48 }
        var i = 0
        while i + 1 < u.count {
            out.append(v(u[i]) << 4 | v(u[i + 1]))
            i += 2
        }
        return out
    }
}

/// Parameters as libpq text.
enum PG {
    static func ms(_ d: Date) -> String { String(Int64((d.timeIntervalSince1970 * 1000).rounded(.down))) }
    static func date(_ ms: Int64?) -> Date { Date(timeIntervalSince1970: Double(ms ?? 0) / 1000) }
    static func int<T: BinaryInteger>(_ n: T?) -> String? { n.map { String($0) } }
    static func bytea(_ b: [UInt8]) -> String { "\\x" + hexString(b) }
}

extension PostgresConnection {
    func rows(_ sql: String, _ params: [String?] = []) throws -> [PGRow] {
        let r = try query(sql, params)
        return r.values.map { PGRow(columns: r.columns, values: $0) }
    }

    @discardableResult
    func run(_ sql: String, _ params: [String?] = []) throws -> Int { try query(sql, params).affected }
}

/// The storage, dedup-index and callback ports on one PostgreSQL connection, inside the transaction the store's
/// writer opened. Races between instances are settled by the database: the unique indexes (idempotency), the
/// per-day counter row (receipts), and the advisory locks the writer took for the batch (dedup, long SMS).
struct PostgresIntakeStorage: IntakeStorage, DedupIndex, CallbackStorage {
    let db: PostgresConnection

    var dedupIndex: any DedupIndex { self }

    func insertRaw(_ raw: RawRequestRecord) throws -> Int64 {
        let headers = JSON.object(raw.headers.map { ($0.name, .string($0.value)) }).text
        return try db.rows("""
            INSERT INTO raw_requests (received_at, channel, path, content_type, headers, body) VALUES ($1, $2, $3, $4, $5, $6::bytea)
            RETURNING id
            """, [PG.ms(raw.receivedAt), raw.channel.rawValue, raw.path, raw.contentType, headers, PG.bytea(raw.body)]).first?.int("id") ?? 0
    }

    func deleteRaw(_ id: Int64) throws { try db.run("DELETE FROM raw_requests WHERE id = $1", [String(id)]) }

    static func key(_ r: PGRow) -> TicketKey {
        TicketKey(id: r.string("id") ?? "", receiptNo: r.string("receipt_no") ?? "", fingerprint: r.string("fingerprint") ?? "",
                  repeatOf: r.string("repeat_of"), clusterId: r.string("cluster_id"), channelRef: r.string("channel_ref"))
    }

    func ticket(channel: Channel, key: String) throws -> TicketKey? {
        try db.rows("SELECT id, receipt_no, fingerprint, repeat_of, cluster_id, channel_ref FROM tickets WHERE channel = $1 AND channel_ref = $2",
                    [channel.rawValue, key]).first.map(Self.key)
    }

    func recordExists(channel: Channel, ref: String) throws -> Bool {
        !(try db.rows("SELECT 1 FROM records WHERE channel = $1 AND channel_ref = $2", [channel.rawValue, ref]).isEmpty)
    }

    func insertRecord(channel: String, ref: String?, reason: String, rawID: Int64?, data: String?, at: Date) throws {
        try db.run("INSERT INTO records (received_at, channel, channel_ref, reason, raw_id, data) VALUES ($1, $2, $3, $4, $5, $6)",
                   [PG.ms(at), channel, ref, reason, PG.int(rawID), data])
    }

    func nextReceiptNumber(day: String) throws -> Int {
        // The day's counter row: instances queue on its row lock until the holder commits, so numbers are unique
        // and have no gaps from a committed transaction's point of view.
        Int(try db.rows("""
            INSERT INTO receipt_counters (day, last) VALUES ($1, 1)
            ON CONFLICT (day) DO UPDATE SET last = receipt_counters.last + 1 RETURNING last
            """, [day]).first?.int("last") ?? 0)
    }

    func insertTicket(_ t: Ticket, key: String?, fingerprint: String, rawID: Int64?, attachments: [StoredAttachment]) throws {
        try db.run("""
            INSERT INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id, email,
                                 request_type, repeat_of, cluster_id, raw_id, ticket_json)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
            """, [t.id, t.receiptNo, t.channel.rawValue, key, fingerprint, t.hotline, PG.ms(t.receivedAt), t.caller.phoneKey, t.caller.openId,
                  t.caller.email?.lowercased(), t.requestType.rawValue, t.dedup.repeatOf, t.dedup.clusterId, PG.int(rawID),
                  t.json().text])
        for (position, a) in attachments.enumerated() {
            try db.run("""
                INSERT INTO attachments (ticket_id, position, name, content_type, size, sha256, data) VALUES ($1, $2, $3, $4, $5, $6, $7::bytea)
                """, [t.id, String(position), a.attachment.name, a.attachment.contentType, String(a.attachment.size), a.attachment.sha256,
                      a.bytes.isEmpty ? nil : PG.bytea(a.bytes)])
        }
    }

    func importTicket(_ t: Ticket, receiptColumn: String, fingerprint: String, status: String, caseId: String?) throws -> Bool {
        try db.run("""
            INSERT INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id, email,
                                 request_type, status, repeat_of, cluster_id, case_id, ticket_json)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) ON CONFLICT DO NOTHING
            """, [t.id, receiptColumn, t.channel.rawValue, t.channelRef, fingerprint, t.hotline, PG.ms(t.receivedAt), t.caller.phoneKey,
                  t.caller.openId, t.caller.email?.lowercased(), t.requestType.rawValue, status, t.dedup.repeatOf, t.dedup.clusterId, caseId,
                  t.json().text]) > 0
    }

    func setTicketStatus(id: String, status: String) throws {
        try db.run("UPDATE tickets SET status = $1 WHERE id = $2", [status, id])
    }

    // MARK: Long SMS

    func ticketOfPart(channel: String, partRef: String) throws -> TicketKey? {
        try db.rows("""
            SELECT t.id, t.receipt_no, t.fingerprint, t.repeat_of, t.cluster_id, t.channel_ref
            FROM fragment_parts p JOIN tickets t ON t.id = p.ticket_id WHERE p.channel = $1 AND p.part_ref = $2
            """, [channel, partRef]).first.map(Self.key)
    }

    func partIsWaiting(channel: String, partRef: String) throws -> Bool {
        !(try db.rows("SELECT 1 FROM fragments WHERE channel = $1 AND part_ref = $2", [channel, partRef]).isEmpty)
    }

    func fragments(channel: String, group: String) throws -> [StoredFragment] {
        try db.rows("""
            SELECT position, total, first_received_at, received_at, raw_id, part_ref, text, submission FROM fragments
            WHERE channel = $1 AND group_key = $2 ORDER BY position
            """, [channel, group]).map { r in
            StoredFragment(channel: channel, group: group, position: Int(r.int("position") ?? 0), total: Int(r.int("total") ?? 1),
                           firstReceivedAt: PG.date(r.int("first_received_at")), receivedAt: PG.date(r.int("received_at")),
                           rawID: r.int("raw_id"), partRef: r.string("part_ref"), text: r.string("text") ?? "",
                           submission: r.string("submission") ?? "")
        }
    }

    func insertFragment(_ f: StoredFragment) throws -> Bool {
        try db.run("""
            INSERT INTO fragments (group_key, channel, position, total, first_received_at, received_at, raw_id, part_ref, text, submission)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT DO NOTHING
            """, [f.group, f.channel, String(f.position), String(f.total), PG.ms(f.firstReceivedAt), PG.ms(f.receivedAt), PG.int(f.rawID),
                  f.partRef, f.text, f.submission]) > 0
    }

    func deleteFragments(channel: String, group: String) throws {
        try db.run("DELETE FROM fragments WHERE channel = $1 AND group_key = $2", [channel, group])
    }

    func linkParts(channel: String, partRefs: [String], ticketId: String) throws {
        for ref in partRefs {
            try db.run("INSERT INTO fragment_parts (channel, part_ref, ticket_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
                       [channel, ref, ticketId])
        }
    }

    func fragmentGroups(firstReceivedBefore cutoff: Date) throws -> [FragmentGroup] {
        try db.rows("""
            SELECT channel, group_key, MAX(total) AS total, MAX(raw_id) AS raw_id FROM fragments
            WHERE first_received_at <= $1 GROUP BY channel, group_key ORDER BY channel, group_key
            """, [PG.ms(cutoff)]).map {
            FragmentGroup(channel: $0.string("channel") ?? "sms", group: $0.string("group_key") ?? "", total: Int($0.int("total") ?? 1),
                          rawID: $0.int("raw_id"))
        }
    }

    // MARK: Outbox planning

    func firstEventId(ticketId: String, destination: String) throws -> String? {
        try db.rows("SELECT id FROM outbox WHERE ticket_id = $1 AND destination = $2 ORDER BY seq LIMIT 1", [ticketId, destination])
            .first?.string("id")
    }

    func clusterMembers(_ clusterId: String, limit: Int) throws -> [ClusterMember] {
        try db.rows("""
            SELECT t.id, t.receipt_no, t.received_at, t.channel, t.repeat_of,
                   (SELECT string_agg(DISTINCT o.destination, ',') FROM outbox o
                    WHERE o.ticket_id = t.id AND o.event_type LIKE 'ticket.%') AS destinations
            FROM tickets t WHERE t.cluster_id = $1 ORDER BY t.seq LIMIT $2
            """, [clusterId, String(limit)]).map { r in
            ClusterMember(ticketId: r.string("id") ?? "", receiptNo: SQLiteDedupIndex.receipt(r.string("receipt_no")) ?? "",
                          receivedAt: PG.date(r.int("received_at")), channel: r.string("channel") ?? "", repeatOf: r.string("repeat_of"),
                          destinations: (r.string("destinations") ?? "").split(separator: ",").map(String.init).sorted())
        }
    }

    func enqueue(_ e: OutboxEntry) throws {
        try db.run("""
            INSERT INTO outbox (id, destination, event_type, ticket_id, payload, depends_on, created_at, next_attempt_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (id) DO NOTHING
            """, [e.id, e.destination, e.type, e.ticketId, e.payload, e.dependsOn, PG.ms(e.createdAt)])
    }

    // MARK: DedupIndex

    private func seqs(_ table: String, _ column: String, _ key: String, _ since: Date, _ limit: Int) throws -> [Int64] {
        try db.rows("SELECT seq FROM \(table) WHERE \(column) = $1 AND received_at >= $2 ORDER BY received_at DESC LIMIT $3",
                    [key, PG.ms(since), String(limit)]).compactMap { $0.int("seq") }
    }

    func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_identity", "identity", identity, since, limit) }
    func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_cell", "cell", String(cell), since, limit) }
    func candidates(place: String, since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_place", "place", place, since, limit) }
    func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_band", "band", String(band), since, limit) }
    func candidates(cluster: String, limit: Int) throws -> [Int64] {
        try db.rows("SELECT seq FROM tickets WHERE cluster_id = $1 ORDER BY seq LIMIT $2", [cluster, String(limit)]).compactMap { $0.int("seq") }
    }

    /// Each key's candidates by the same query as `seqs`, every key in one round trip (a LATERAL join keeps each
    /// key's own order and limit), concatenated in the keys' order.
    private func seqs(_ table: String, _ column: String, keys: [Int64], _ since: Date, _ limit: Int) throws -> [Int64] {
        try seqs(table, column, keys: keys.map(String.init), type: "bigint", since, limit)
    }

    /// `keys` of the SQL array `type` (bigint for cells and bands, text for places).
    private func seqs(_ table: String, _ column: String, keys: [String], type: String, _ since: Date, _ limit: Int) throws -> [Int64] {
        guard keys.count > 1 else { return try keys.flatMap { try seqs(table, column, $0, since, limit) } }
        return try db.rows("""
            SELECT x.seq FROM unnest($1::\(type)[]) WITH ORDINALITY AS k(key, i) CROSS JOIN LATERAL (
                SELECT seq, received_at FROM \(table) WHERE \(column) = k.key AND received_at >= $2
                ORDER BY received_at DESC LIMIT $3) x
            ORDER BY k.i, x.received_at DESC
            """, [Self.array(keys), PG.ms(since), String(limit)]).compactMap { $0.int("seq") }
    }

    func candidates(cells: [Int64], since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_cell", "cell", keys: cells, since, limit) }
    func candidates(bands: [Int64], since: Date, limit: Int) throws -> [Int64] { try seqs("dedup_by_band", "band", keys: bands, since, limit) }
    func candidates(places: [String], since: Date, limit: Int) throws -> [Int64] {
        try seqs("dedup_by_place", "place", keys: places, type: "text", since, limit)
    }

    static let matterColumns = """
        m.seq, m.received_at, m.channel, m.identities, m.request_type, m.match_text, m.topics, m.lat, m.lng, m.address,
        m.place, m.root_seq, m.cluster_id, t.id, t.receipt_no, t.status
        """

    func matter(_ seq: Int64) throws -> IndexedMatter? { try matters([seq])[seq] }

    func matters(_ seqs: [Int64]) throws -> [Int64: IndexedMatter] {
        guard !seqs.isEmpty else { return [:] }
        var found: [Int64: IndexedMatter] = [:]
        for r in try db.rows("""
            SELECT \(Self.matterColumns) FROM dedup_matters m JOIN tickets t ON t.seq = m.seq WHERE m.seq = ANY($1::bigint[])
            """, [Self.array(seqs.map(String.init))]) {
            if let seq = r.int("seq") { found[seq] = r.indexedMatter(seq: seq) }
        }
        return found
    }

    func linkedIdentities(_ keys: [String]) throws -> Set<String> {
        guard !keys.isEmpty else { return [] }
        let rows = try db.rows("""
            SELECT c2.identity FROM dedup_callers c1 JOIN dedup_callers c2 ON c2.caller = c1.caller
            WHERE c1.identity = ANY($1::text[]) LIMIT 64
            """, [Self.array(keys)])
        return Set(keys).union(rows.compactMap { $0.string("identity") })
    }

    func link(identities keys: [String]) throws {
        guard !keys.isEmpty else { return }
        let callers = try db.rows("SELECT DISTINCT caller FROM dedup_callers WHERE identity = ANY($1::text[])", [Self.array(keys)])
            .compactMap { $0.int("caller") }
        let target = try callers.min() ?? (db.rows("SELECT nextval('dedup_caller_seq') AS n").first?.int("n") ?? 1)
        let others = callers.filter { $0 != target }
        if !others.isEmpty {
            try db.run("UPDATE dedup_callers SET caller = $1 WHERE caller = ANY($2::bigint[])", [String(target), Self.array(others.map(String.init))])
        }
        try db.run("""
            INSERT INTO dedup_callers (identity, caller) SELECT k, $2 FROM unnest($1::text[]) AS k
            ON CONFLICT (identity) DO UPDATE SET caller = excluded.caller
            """, [Self.array(keys), String(target)])
    }

    /// The matter and every key in one statement (the ticket's and its original's seq looked up in it); an original
    /// that is not stored makes the ticket its own root.
    func index(_ e: IndexEntry) throws {
        let stored = try db.rows("""
            WITH t AS (SELECT seq FROM tickets WHERE id = $1),
            r AS (SELECT COALESCE((SELECT seq FROM tickets WHERE id = $13), (SELECT seq FROM t)) AS seq),
            m AS (
                INSERT INTO dedup_matters (seq, received_at, channel, identities, request_type, match_text, topics, lat, lng, address,
                                           place, root_seq, cluster_id)
                SELECT t.seq, $2::bigint, $3, $4, $5, $6, $7, $8::double precision, $9::double precision, $10, $11, r.seq, $12
                FROM t, r
                ON CONFLICT (seq) DO UPDATE SET cluster_id = excluded.cluster_id, root_seq = excluded.root_seq
                RETURNING seq),
            i AS (INSERT INTO dedup_by_identity SELECT k, $2::bigint, t.seq FROM t, unnest($14::text[]) AS k ON CONFLICT DO NOTHING),
            c AS (INSERT INTO dedup_by_cell SELECT $15::bigint, $2::bigint, t.seq FROM t WHERE $15::bigint IS NOT NULL
                  ON CONFLICT DO NOTHING),
            p AS (INSERT INTO dedup_by_place SELECT k, $2::bigint, t.seq FROM t, unnest($16::text[]) AS k ON CONFLICT DO NOTHING),
            b AS (INSERT INTO dedup_by_band SELECT k, $2::bigint, t.seq FROM t, unnest($17::bigint[]) AS k ON CONFLICT DO NOTHING)
            SELECT seq FROM m
            """, [e.ticketId, PG.ms(e.receivedAt), e.channel.rawValue, e.identities.joined(separator: " "), e.requestType.rawValue,
                  e.matchText, e.topics, e.point.map { String($0.lat) }, e.point.map { String($0.lng) }, e.address, e.place,
                  e.clusterId, e.repeatOf, Self.array(e.identityKeys), e.cell.map(String.init), Self.array(e.placeKeys),
                  Self.array(e.bands.map(String.init))])
        guard !stored.isEmpty else { throw StoreError("dedup index: ticket \(e.ticketId) is not in the tickets table") }
    }

    /// Marks the ticket and its repeat family (its original and the original's repeats) that are in no cluster yet.
    /// The rows are locked before they are read, so another instance's concurrent mark (or state change) of the same
    /// ticket waits, and then finds it in the cluster already.
    func markCluster(ticketId: String, clusterId: String, reason: String) throws {
        guard let ticket = try db.rows("SELECT id, repeat_of FROM tickets WHERE id = $1", [ticketId]).first else { return }
        let root = ticket.string("repeat_of") ?? ticketId
        let family = try db.rows("""
            SELECT seq, ticket_json FROM tickets WHERE (id = $1 OR repeat_of = $1) AND cluster_id IS NULL
            ORDER BY seq LIMIT $2 FOR UPDATE
            """, [root, String(ClusterEvent.maxFamily)])
        for row in family {
            guard let seq = row.int("seq") else { continue }
            try db.run("UPDATE dedup_matters SET cluster_id = $1 WHERE seq = $2", [clusterId, String(seq)])
            let json = row.string("ticket_json").flatMap { Ticket.addingCluster(clusterId, reason: reason, toJSON: $0) }
            try db.run("UPDATE tickets SET cluster_id = $1, ticket_json = COALESCE($2, ticket_json) WHERE seq = $3 AND cluster_id IS NULL",
                       [clusterId, json, String(seq)])
        }
    }

    /// A PostgreSQL array literal of text values.
    static func array(_ values: [String]) -> String {
        "{" + values.map { "\"" + $0.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\"" }
            .joined(separator: ",") + "}"
    }

    // MARK: CallbackStorage

    static func task(_ r: PGRow) -> CallbackTask {
        CallbackTask(
            id: r.string("id") ?? "", callerKey: r.string("caller_key"), caller: r.string("caller"), dialled: r.string("dialled"),
            hotline: r.string("hotline") ?? "", state: CallbackTask.State(rawValue: r.string("state") ?? "") ?? .open,
            firstAttemptAt: PG.date(r.int("first_attempt_at")), lastAttemptAt: PG.date(r.int("last_attempt_at")),
            attempts: Int(r.int("attempts") ?? 1), maxWaitSeconds: r.int("max_wait_seconds").map(Int.init), reason: r.string("reason") ?? "",
            closedAt: r.int("closed_at").map { PG.date($0) }, ticketId: r.string("ticket_id"), note: r.string("note"))
    }

    func callbackTaskId(forCall callId: String) throws -> String? {
        try db.rows("SELECT task_id FROM missed_call_attempts WHERE call_id = $1", [callId]).first?.string("task_id")
    }

    func callbackTask(id: String) throws -> CallbackTask? {
        try db.rows("SELECT * FROM callback_tasks WHERE id = $1", [id]).first.map(Self.task)
    }

    func openCallbackTask(callerKey: String, since: Date) throws -> CallbackTask? {
        try db.rows("""
            SELECT * FROM callback_tasks WHERE caller_key = $1 AND state = 'open' AND first_attempt_at >= $2
            ORDER BY first_attempt_at DESC LIMIT 1
            """, [callerKey, PG.ms(since)]).first.map(Self.task)
    }

    func openCallbackTasks(callerKey: String) throws -> [CallbackTask] {
        try db.rows("SELECT * FROM callback_tasks WHERE caller_key = $1 AND state = 'open' ORDER BY first_attempt_at", [callerKey])
            .map(Self.task)
    }

    func saveCallbackTask(_ t: CallbackTask) throws {
        try db.run("""
            INSERT INTO callback_tasks (id, caller_key, caller, dialled, hotline, state, first_attempt_at, last_attempt_at, attempts,
                                        max_wait_seconds, reason, closed_at, ticket_id, note)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
            ON CONFLICT (id) DO UPDATE SET caller_key = excluded.caller_key, caller = excluded.caller, dialled = excluded.dialled,
                hotline = excluded.hotline, state = excluded.state, first_attempt_at = excluded.first_attempt_at,
                last_attempt_at = excluded.last_attempt_at, attempts = excluded.attempts, max_wait_seconds = excluded.max_wait_seconds,
                reason = excluded.reason, closed_at = excluded.closed_at, ticket_id = excluded.ticket_id, note = excluded.note
            """, [t.id, t.callerKey, t.caller, t.dialled, t.hotline, t.state.rawValue, PG.ms(t.firstAttemptAt), PG.ms(t.lastAttemptAt),
                  String(t.attempts), PG.int(t.maxWaitSeconds), t.reason, t.closedAt.map(PG.ms), t.ticketId, t.note])
    }

    func insertMissedCallAttempt(callId: String, taskId: String, at: Date, waitSeconds: Int?) throws {
        try db.run("INSERT INTO missed_call_attempts (call_id, task_id, at, wait_seconds) VALUES ($1, $2, $3, $4)",
                   [callId, taskId, PG.ms(at), PG.int(waitSeconds)])
    }
}
