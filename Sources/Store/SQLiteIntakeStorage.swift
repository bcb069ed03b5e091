import Dedup
import Foundation
import IntakeCore
import SQLite

/// Receipt counters by day, kept in memory on the writer thread and flushed before each commit (one process per
/// SQLite file, so no other writer can advance them).
final class SQLiteReceiptCounters: @unchecked Sendable {
    private var counters: [String: Int] = [:]
    private var touched: Set<String> = []

    func next(day: String, _ db: SQLiteConnection) throws -> Int {
        let next: Int
        if let last = counters[day] {
            next = last + 1
        } else {
            let stored = try db.query("SELECT last FROM receipt_counters WHERE day = ?", [.text(day)]).first?.int("last")
            next = Int(stored ?? 0) + 1
        }
        counters[day] = next
        touched.insert(day)
        return next
    }

    /// Writes the counters touched in this transaction (called by the writer before COMMIT).
    func flush(_ db: SQLiteConnection) throws {
        for day in touched {
            try db.run("INSERT INTO receipt_counters (day, last) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last = excluded.last",
                       [.text(day), .integer(Int64(counters[day] ?? 0))])
        }
        touched.removeAll()
    }

    /// Counters advanced for a transaction that did not commit: forget them, reload from disk.
    func forget() {
        counters.removeAll()
        touched.removeAll()
    }
}

/// The storage port on the SQLite writer's connection, inside the group transaction.
struct SQLiteIntakeStorage: IntakeStorage {
    let db: SQLiteConnection
    let counters: SQLiteReceiptCounters
    /// The store's in-memory dedup view (dedup on), told what this transaction writes.
    var view: DedupView? = nil

    var dedupIndex: any DedupIndex { SQLiteDedupIndex(db: db, view: view) }

    /// An early decision holds when every view matter it read is stored (not retracted since) and every original
    /// whose state it judged still has that state here, in the transaction.
    func accepts(_ decision: EarlyDecision) throws -> Bool {
        guard let view else { return false }
        let holds = try holds(decision, view)
        view.noteEarly(used: holds)
        return holds
    }

    private func holds(_ decision: EarlyDecision, _ view: DedupView) throws -> Bool {
        guard view.allAlive(decision.check.seqs) else { return false }
        if view.linkVersion != decision.check.linkVersion {
            // Identities were linked since the decision read the links: read them again here.
            let index = SQLiteDedupIndex(db: db)
            for (keys, linked) in decision.check.links where try index.linkedIdentities(keys) != linked { return false }
        }
        var holds = true
        for (ticketId, seen) in decision.check.states {
            let now = try db.query("SELECT status FROM tickets WHERE id = ?", [.text(ticketId)]).first?.string("status")
            guard let now else { return false }
            if DedupEngine.closedStatuses.contains(now.lowercased()) != DedupEngine.closedStatuses.contains(seen.lowercased()) {
                // Closed or reopened by an operator or the case system: the view learns it; the decision is made again.
                view.setStatus(ticketId: ticketId, status: now)
                holds = false
            }
        }
        return holds
    }

    static func ms(_ d: Date) -> Int64 { Int64((d.timeIntervalSince1970 * 1000).rounded(.down)) }
    static func date(_ ms: Int64?) -> Date { Date(timeIntervalSince1970: Double(ms ?? 0) / 1000) }
    static func text(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }

    func insertRaw(_ raw: RawRequestRecord) throws -> Int64 {
        let headersJSON = JSON.object(raw.headers.map { ($0.name, .string($0.value)) }).serialized()
        try db.run("INSERT INTO raw_requests (received_at, channel, path, content_type, headers, body) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(Self.ms(raw.receivedAt)), .text(raw.channel.rawValue), .text(raw.path), Self.text(raw.contentType),
                    .utf8(headersJSON), .blob(raw.body)])
        return db.lastInsertRowID
    }

    func deleteRaw(_ id: Int64) throws {
        try db.run("DELETE FROM raw_requests WHERE id = ?", [.integer(id)])
    }

    func ticket(channel: Channel, key: String) throws -> TicketKey? {
        try db.query("SELECT id, receipt_no, fingerprint, repeat_of, cluster_id, channel_ref FROM tickets WHERE channel = ? AND channel_ref = ?",
                     [.text(channel.rawValue), .text(key)]).first.map(Self.key)
    }

    static func key(_ r: SQLiteRow) -> TicketKey {
        TicketKey(id: r.string("id") ?? "", receiptNo: r.string("receipt_no") ?? "", fingerprint: r.string("fingerprint") ?? "",
                  repeatOf: r.string("repeat_of"), clusterId: r.string("cluster_id"), channelRef: r.string("channel_ref"))
    }

    func recordExists(channel: Channel, ref: String) throws -> Bool {
        !(try db.query("SELECT 1 FROM records WHERE channel = ? AND channel_ref = ?", [.text(channel.rawValue), .text(ref)]).isEmpty)
    }

    func insertRecord(channel: String, ref: String?, reason: String, rawID: Int64?, data: String?, at: Date) throws {
        try db.run("INSERT INTO records (received_at, channel, channel_ref, reason, raw_id, data) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(Self.ms(at)), .text(channel), Self.text(ref), .text(reason), rawID.map { .integer($0) } ?? .null,
                    Self.text(data)])
    }

    func nextReceiptNumber(day: String) throws -> Int { try counters.next(day: day, db) }

    func insertTicket(_ ticket: Ticket, key: String?, fingerprint: String, rawID: Int64?, attachments: [StoredAttachment]) throws {
        let c = ticket.caller
        try db.run("""
            INSERT INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id, email,
                                 request_type, repeat_of, cluster_id, raw_id, ticket_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(ticket.id), .text(ticket.receiptNo), .text(ticket.channel.rawValue), Self.text(key),
             .text(fingerprint), .text(ticket.hotline), .integer(Self.ms(ticket.receivedAt)),
             Self.text(c.phoneKey), Self.text(c.openId), Self.text(c.email?.lowercased()), .text(ticket.requestType.rawValue),
             Self.text(ticket.dedup.repeatOf), Self.text(ticket.dedup.clusterId),
             rawID.map { .integer($0) } ?? .null, .utf8(ticket.json().serialized())])
        // `seq` is the table's rowid: the insert tells it, and the index entry need not look the ticket up by id.
        view?.noteStored(ticketId: ticket.id, receiptNo: ticket.receiptNo, status: "open", seq: db.lastInsertRowID)
        for (position, a) in attachments.enumerated() {
            try db.run("INSERT INTO attachments (ticket_id, position, name, content_type, size, sha256, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(ticket.id), .integer(Int64(position)), .text(a.attachment.name), .text(a.attachment.contentType),
                        .integer(Int64(a.attachment.size)), .text(a.attachment.sha256), a.bytes.isEmpty ? .null : .blob(a.bytes)])
        }
    }

    func importTicket(_ ticket: Ticket, receiptColumn: String, fingerprint: String, status: String, caseId: String?) throws -> Bool {
        let c = ticket.caller
        view?.noteStored(ticketId: ticket.id, receiptNo: ticket.receiptNo, status: status)
        return try db.run("""
            INSERT OR IGNORE INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id,
                                           email, request_type, status, repeat_of, cluster_id, case_id, raw_id, ticket_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)
            """,
            [.text(ticket.id), .text(receiptColumn), .text(ticket.channel.rawValue), Self.text(ticket.channelRef), .text(fingerprint),
             .text(ticket.hotline), .integer(Self.ms(ticket.receivedAt)), Self.text(c.phoneKey), Self.text(c.openId),
             Self.text(c.email?.lowercased()), .text(ticket.requestType.rawValue), .text(status), Self.text(ticket.dedup.repeatOf),
             Self.text(ticket.dedup.clusterId), Self.text(caseId), .text(ticket.json().text)]) > 0
    }

    func setTicketStatus(id: String, status: String) throws {
        try db.run("UPDATE tickets SET status = ? WHERE id = ?", [.text(status), .text(id)])
        view?.setStatus(ticketId: id, status: status)
    }

    // MARK: Long SMS

    func ticketOfPart(channel: String, partRef: String) throws -> TicketKey? {
        try db.query("""
            SELECT t.id, t.receipt_no, t.fingerprint, t.repeat_of, t.cluster_id, t.channel_ref
            FROM fragment_parts p JOIN tickets t ON t.id = p.ticket_id WHERE p.channel = ? AND p.part_ref = ?
            """, [.text(channel), .text(partRef)]).first.map(Self.key)
    }

    func partIsWaiting(channel: String, partRef: String) throws -> Bool {
        !(try db.query("SELECT 1 FROM fragments WHERE channel = ? AND part_ref = ?", [.text(channel), .text(partRef)]).isEmpty)
    }

    func fragments(channel: String, group: String) throws -> [StoredFragment] {
        try db.query("""
            SELECT position, total, first_received_at, received_at, raw_id, part_ref, text, submission FROM fragments
            WHERE channel = ? AND group_key = ? ORDER BY position
            """, [.text(channel), .text(group)]).map { r in
            StoredFragment(channel: channel, group: group, position: Int(r.int("position") ?? 0), total: Int(r.int("total") ?? 1),
                           firstReceivedAt: Self.date(r.int("first_received_at")), receivedAt: Self.date(r.int("received_at")),
                           rawID: r.int("raw_id"), partRef: r.string("part_ref"), text: r.string("text") ?? "",
                           submission: r.string("submission") ?? "")
        }
    }

    func insertFragment(_ f: StoredFragment) throws -> Bool {
        try db.run("""
            INSERT OR IGNORE INTO fragments (group_key, channel, position, total, first_received_at, received_at, raw_id, part_ref,
                                             text, submission)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(f.group), .text(f.channel), .integer(Int64(f.position)), .integer(Int64(f.total)),
             .integer(Self.ms(f.firstReceivedAt)), .integer(Self.ms(f.receivedAt)), f.rawID.map { .integer($0) } ?? .null,
             Self.text(f.partRef), .text(f.text), .text(f.submission)]) > 0
    }

    func deleteFragments(channel: String, group: String) throws {
        try db.run("DELETE FROM fragments WHERE channel = ? AND group_key = ?", [.text(channel), .text(group)])
    }

    func linkParts(channel: String, partRefs: [String], ticketId: String) throws {
        for ref in partRefs {
            try db.run("INSERT OR IGNORE INTO fragment_parts (channel, part_ref, ticket_id) VALUES (?, ?, ?)",
                       [.text(channel), .text(ref), .text(ticketId)])
        }
    }

    func fragmentGroups(firstReceivedBefore cutoff: Date) throws -> [FragmentGroup] {
        try db.query("""
            SELECT channel, group_key, MAX(total) AS total, MAX(raw_id) AS raw_id FROM fragments
            WHERE first_received_at <= ? GROUP BY channel, group_key
            """, [.integer(Self.ms(cutoff))]).map {
            FragmentGroup(channel: $0.string("channel") ?? "sms", group: $0.string("group_key") ?? "", total: Int($0.int("total") ?? 1),
                          rawID: $0.int("raw_id"))
        }
    }

    // MARK: Outbox

    func firstEventId(ticketId: String, destination: String) throws -> String? {
        try db.query("SELECT id FROM outbox WHERE ticket_id = ? AND destination = ? ORDER BY seq LIMIT 1",
                     [.text(ticketId), .text(destination)]).first?.string("id")
    }

    func clusterMembers(_ clusterId: String, limit: Int) throws -> [ClusterMember] {
        try db.query("""
            SELECT t.id, t.receipt_no, t.received_at, t.channel, t.repeat_of,
                   (SELECT group_concat(DISTINCT o.destination) FROM outbox o
                    WHERE o.ticket_id = t.id AND o.event_type LIKE 'ticket.%') AS destinations
            FROM tickets t WHERE t.cluster_id = ? ORDER BY t.seq LIMIT ?
            """, [.text(clusterId), .integer(Int64(limit))]).map { r in
            ClusterMember(ticketId: r.string("id") ?? "", receiptNo: SQLiteDedupIndex.receipt(r.string("receipt_no")) ?? "",
                          receivedAt: Self.date(r.int("received_at")), channel: r.string("channel") ?? "", repeatOf: r.string("repeat_of"),
                          destinations: (r.string("destinations") ?? "").split(separator: ",").map(String.init).sorted())
        }
    }

    /// Counts on the cluster index alone first: a hot incident's later members (past the limit) read no member rows.
    func clusterMembers(_ clusterId: String, ifAtMost maximum: Int) throws -> [ClusterMember]? {
        let beyond = try db.query("SELECT 1 FROM tickets WHERE cluster_id = ? ORDER BY seq LIMIT 1 OFFSET ?",
                                  [.text(clusterId), .integer(Int64(maximum))])
        return beyond.isEmpty ? try clusterMembers(clusterId, limit: maximum) : nil
    }

    func enqueue(_ e: OutboxEntry) throws {
        let ms = Self.ms(e.createdAt)
        try db.run("""
            INSERT OR IGNORE INTO outbox (id, destination, event_type, ticket_id, payload, depends_on, created_at, next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(e.id), .text(e.destination), .text(e.type), Self.text(e.ticketId), Self.text(e.payload), Self.text(e.dependsOn),
                  .integer(ms), .integer(ms)])
    }
}
