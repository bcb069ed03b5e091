import Foundation
import IntakeCore
import SQLite
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public struct SQLiteStoreConfiguration: Sendable {
    public var path: String
    /// The hotline's UTC offset: receipt numbers count per local day.
    public var utcOffsetSeconds: Int
    /// Destinations that get `ticket.*` events (the case system).
    public var ticketDestinations: [String]
    /// The rejected journal keeps at most this many entries.
    public var rejectedJournalLimit: Int
    /// Most jobs folded into one transaction.
    public var maxBatch: Int
    public var keepAttachmentBytes: Bool

    public init(path: String, utcOffsetSeconds: Int = 8 * 3600, ticketDestinations: [String] = ["case-system"],
                rejectedJournalLimit: Int = 10_000, maxBatch: Int = 1024, keepAttachmentBytes: Bool = true) {
        self.path = path
        self.utcOffsetSeconds = utcOffsetSeconds
        self.ticketDestinations = ticketDestinations
        self.rejectedJournalLimit = rejectedJournalLimit
        self.maxBatch = maxBatch
        self.keepAttachmentBytes = keepAttachmentBytes
    }
}

/// Decides, inside the writer's transaction, whether a submission repeats an open ticket or joins a cluster.
/// The default says every ticket is new; the dedup engine plugs in here.
public protocol DedupDecider: Sendable {
    /// Work that needs only the submission (text features), done on the request's thread before the write is
    /// queued, so the single writer thread does less. The result reaches `decide` as `item.precomputed`.
    func precompute(_ submission: Submission) -> (any Sendable)?

    func decide(_ item: PreparedSubmission, receivedAt: Date, in db: SQLiteConnection) throws -> DedupInfo
    /// Called after the ticket row is written, so indexes the decider keeps can learn it.
    func didStore(_ ticket: Ticket, in db: SQLiteConnection) throws
}

public struct NoDedup: DedupDecider {
    public init() {}
    public func precompute(_ submission: Submission) -> (any Sendable)? { nil }
    public func decide(_ item: PreparedSubmission, receivedAt: Date, in db: SQLiteConnection) throws -> DedupInfo { DedupInfo() }
    public func didStore(_ ticket: Ticket, in db: SQLiteConnection) throws {}
}

/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, one process per file
/// (an advisory lock on `<path>.lock`), one writer thread that folds concurrent requests into one transaction.
public final class SQLiteTicketStore: TicketStore, @unchecked Sendable {
    public let configuration: SQLiteStoreConfiguration
    private let writer: GroupCommitWriter
    private let readers: ReaderPool
    private var lockFD: Int32
    private let dedup: any DedupDecider
    /// Told why a write failed (the sender only hears 503). Set once, before the store is used.
    public var onWriteError: (@Sendable (String) -> Void)?
    /// Receipt counters by day; touched only on the writer thread.
    private var counters: [String: Int] = [:]

    public init(configuration: SQLiteStoreConfiguration, dedup: any DedupDecider = NoDedup()) throws {
        self.configuration = configuration
        self.dedup = dedup
        let lockPath = configuration.path + ".lock"
        let fd = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw StoreError("cannot open \(lockPath): \(String(cString: strerror(errno)))") }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            Glibc.close(fd)
            throw StoreError("another intake-gateway process is using \(configuration.path); one process per SQLite file (use PostgreSQL for several)")
        }
        lockFD = fd
        do {
            let db = try SQLiteConnection(path: configuration.path)
            try Self.configure(db)
            try Self.migrate(db)
            writer = GroupCommitWriter(connection: db, maxBatch: configuration.maxBatch)
            readers = ReaderPool(path: configuration.path)
        } catch {
            flock(fd, LOCK_UN)
            Glibc.close(fd)
            throw error
        }
        attachHooks()
        writer.start()
    }

    deinit { releaseLock() }

    private func releaseLock() {
        guard lockFD >= 0 else { return }
        flock(lockFD, LOCK_UN)
        Glibc.close(lockFD)
        lockFD = -1
    }

    static func configure(_ db: SQLiteConnection) throws {
        let mode = try db.pragma("journal_mode", "WAL")
        guard mode?.lowercased() == "wal" else { throw StoreError("SQLite refused WAL mode (got \(mode ?? "nothing"))") }
        // Read back: FULL is 2. A wrapper or build default silently lowering it would lose acknowledged tickets.
        let sync = try db.pragma("synchronous", "FULL")
        guard sync == "2" else { throw StoreError("SQLite synchronous is \(sync ?? "unknown"), not FULL") }
        _ = try db.pragma("foreign_keys", "ON")
        _ = try db.pragma("wal_autocheckpoint", "4000")
        db.setBusyTimeout(milliseconds: 5000)
    }

    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    public static func migrate(_ db: SQLiteConnection) throws -> [Int] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = Set(try db.query("SELECT version FROM schema_migrations").compactMap { $0.int("version") })
        var done: [Int] = []
        for (version, sql) in SQLiteSchema.all where !applied.contains(Int64(version)) {
            try db.execute("BEGIN IMMEDIATE")
            do {
                try db.execute(sql)
                try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)",
                           [.integer(Int64(version)), .text(Timestamp.format(Date()))])
                try db.execute("COMMIT")
                done.append(version)
            } catch {
                try? db.execute("ROLLBACK")
                throw error
            }
        }
        return done
    }

    /// Opens the file, applies migrations and closes it (the `migrate` command).
    public static func migrate(path: String) throws -> [Int] {
        let db = try SQLiteConnection(path: path)
        try configure(db)
        return try migrate(db)
    }

    public static var schemaVersion: Int { SQLiteSchema.all.last?.version ?? 0 }

    // MARK: Writes

    public func precompute(_ item: inout PreparedSubmission) {
        if item.submission.fragment == nil { item.precomputed = dedup.precompute(item.submission) }
    }

    public func intake(_ batch: IntakeBatch, completion: @escaping @Sendable (Result<[IntakeOutcome], IntakeError>) -> Void) {
        writer.submit({ [self] db in try self.apply(batch, db) }, completion: { [self] result in
            switch result {
            case .success(let outcomes): completion(.success(outcomes))
            case .failure(let error as IntakeError): completion(.failure(error))
            case .failure(let cause):
                // The cause (with its SQL) is for the operator's log, not for the sender.
                self.onWriteError?("\(cause)")
                completion(.failure(IntakeError(.unavailable, "The submission could not be stored; nothing was kept. Retry later.")))
            }
        })
    }

    private func apply(_ batch: IntakeBatch, _ db: SQLiteConnection) throws -> [IntakeOutcome] {
        let received = batch.raw.receivedAt
        let receivedMs = Int64(received.timeIntervalSince1970 * 1000)
        let headersJSON = JSON.object(batch.raw.headers.map { ($0.name, .string($0.value)) }).serialized()
        try db.run("INSERT INTO raw_requests (received_at, channel, path, content_type, headers, body) VALUES (?, ?, ?, ?, ?, ?)",
                   [.integer(receivedMs), .text(batch.raw.channel.rawValue), .text(batch.raw.path),
                    batch.raw.contentType.map { .text($0) } ?? .null, .utf8(headersJSON), .blob(batch.raw.body)])
        let rawID = db.lastInsertRowID
        var outcomes: [IntakeOutcome] = []
        outcomes.reserveCapacity(batch.items.count)
        for item in batch.items {
            let s = item.submission
            if case .recordOnly(let reason) = s.disposition {
                if let ref = s.channelRef, !(try db.query("SELECT 1 FROM records WHERE channel = ? AND channel_ref = ?",
                                                          [.text(s.channel.rawValue), .text(ref)]).isEmpty) {
                    outcomes.append(IntakeOutcome(status: .duplicate, channelRef: ref))
                    continue
                }
                try db.run("INSERT INTO records (received_at, channel, channel_ref, reason, raw_id, data) VALUES (?, ?, ?, ?, ?, ?)",
                           [.integer(receivedMs), .text(s.channel.rawValue), s.channelRef.map { .text($0) } ?? .null,
                            .text(reason), .integer(rawID), s.channelData.map { .text($0.text) } ?? .null])
                outcomes.append(IntakeOutcome(status: .recorded, channelRef: s.channelRef))
                continue
            }
            if let fragment = s.fragment {
                // Parts are matched by their own ids in the fragment tables, not against tickets.
                outcomes.append(try storeFragment(item, fragment, received: received, rawID: rawID, db))
                continue
            }
            if let ref = s.channelRef {
                let existing = try db.query(
                    "SELECT id, receipt_no, fingerprint, repeat_of, cluster_id FROM tickets WHERE channel = ? AND channel_ref = ?",
                    [.text(s.channel.rawValue), .text(ref)])
                if let row = existing.first {
                    guard row.string("fingerprint") == item.fingerprint else {
                        throw IntakeError(.conflict, "The key \(ref) was first used for a different submission (ticket \(row.string("receipt_no") ?? "")).",
                                          field: s.channel == .web ? "Idempotency-Key" : "channelRef")
                    }
                    outcomes.append(IntakeOutcome(status: .duplicate, ticketId: row.string("id"), receiptNo: row.string("receipt_no"),
                                                  repeatOf: row.string("repeat_of"), clusterId: row.string("cluster_id"), channelRef: ref))
                    continue
                }
            }
            outcomes.append(try insertTicket(item, received: received, rawID: rawID, db))
        }
        if batch.items.isEmpty || outcomes.allSatisfy({ $0.status == .duplicate }) {
            // Nothing new came of it: the raw request of a pure retry need not be kept twice.
            try db.run("DELETE FROM raw_requests WHERE id = ?", [.integer(rawID)])
        }
        return outcomes
    }


    /// Writes a new ticket: dedup decision, receipt number, ticket row, attachments, outbox events.
    func insertTicket(_ item: PreparedSubmission, received: Date, rawID: Int64, _ db: SQLiteConnection) throws -> IntakeOutcome {
        let s = item.submission
        let receivedMs = Int64(received.timeIntervalSince1970 * 1000)
        let dedupInfo = try dedup.decide(item, receivedAt: received, in: db)
        let receipt = nextReceipt(for: received)
        let ticket = Ticket(
            id: item.ticketId, receiptNo: receipt, hotline: item.hotline, channel: s.channel, channelRef: s.channelRef,
            receivedAt: received, submittedAt: s.submittedAt, caller: s.caller, requestType: s.requestType, subject: s.subject,
            text: s.text, location: s.location, urgency: s.urgency, attachments: s.attachments.map(\.attachment),
            dedup: dedupInfo, channelData: s.channelData)
        try db.run("""
            INSERT INTO tickets (id, receipt_no, channel, channel_ref, fingerprint, hotline, received_at, phone_key, open_id, email,
                                 request_type, repeat_of, cluster_id, raw_id, ticket_json)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(ticket.id), .text(receipt), .text(s.channel.rawValue), s.channelRef.map { .text($0) } ?? .null,
             .text(item.fingerprint), .text(item.hotline), .integer(receivedMs),
             s.caller.phoneKey.map { .text($0) } ?? .null, s.caller.openId.map { .text($0) } ?? .null,
             s.caller.email.map { .text($0.lowercased()) } ?? .null, .text(s.requestType.rawValue),
             dedupInfo.repeatOf.map { .text($0) } ?? .null, dedupInfo.clusterId.map { .text($0) } ?? .null,
             .integer(rawID), .utf8(ticket.json().serialized())])
        for (position, a) in s.attachments.enumerated() {
            try db.run("INSERT INTO attachments (ticket_id, position, name, content_type, size, sha256, data) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.text(ticket.id), .integer(Int64(position)), .text(a.attachment.name), .text(a.attachment.contentType),
                        .integer(Int64(a.attachment.size)), .text(a.attachment.sha256),
                        configuration.keepAttachmentBytes ? .blob(a.bytes) : .null])
        }
        let eventType = dedupInfo.status == .repeat ? "ticket.repeat" : "ticket.created"
        for destination in configuration.ticketDestinations {
            var dependsOn: SQLiteValue = .null
            if let original = dedupInfo.repeatOf {
                let dep = try db.query("SELECT id FROM outbox WHERE ticket_id = ? AND destination = ? ORDER BY seq LIMIT 1",
                                       [.text(original), .text(destination)])
                if let id = dep.first?.string("id") { dependsOn = .text(id) }
            }
            try db.run("""
                INSERT INTO outbox (id, destination, event_type, ticket_id, depends_on, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(Self.eventID(ticketID: ticket.id, destination: destination, type: eventType)), .text(destination),
                 .text(eventType), .text(ticket.id), dependsOn, .integer(receivedMs), .integer(receivedMs)])
        }
        try dedup.didStore(ticket, in: db)
        return IntakeOutcome(status: dedupInfo.status == .repeat ? .repeat : .created, ticketId: ticket.id,
                             receiptNo: receipt, repeatOf: dedupInfo.repeatOf, clusterId: dedupInfo.clusterId,
                             channelRef: s.channelRef)
    }

    /// Event ids are derived from the ticket, so the same event is never enqueued twice under two ids.
    static func eventID(ticketID: String, destination: String, type: String) -> String {
        destination == "case-system" && type.hasPrefix("ticket.") ? "evt_" + ticketID : "evt_\(destination)_" + ticketID
    }

    /// The next receipt number of the local day; called on the writer thread only.
    private func nextReceipt(for date: Date) -> String {
        let day = Timestamp.dayStamp(date, offsetSeconds: configuration.utcOffsetSeconds)
        let next: Int
        if let last = counters[day] {
            next = last + 1
        } else {
            let stored = (try? writer.connectionForWriterThread.query("SELECT last FROM receipt_counters WHERE day = ?", [.text(day)]).first?.int("last")) ?? nil
            next = Int(stored ?? 0) + 1
        }
        counters[day] = next
        pendingCounterDays.insert(day)
        return day + "-" + String(next).leftPadded(6)
    }
    private var pendingCounterDays: Set<String> = []

    /// Writes the receipt counters touched in this transaction (called by the writer before COMMIT).
    private func flushCounters(_ db: SQLiteConnection) throws {
        for day in pendingCounterDays {
            try db.run("INSERT INTO receipt_counters (day, last) VALUES (?, ?) ON CONFLICT(day) DO UPDATE SET last = excluded.last",
                       [.text(day), .integer(Int64(counters[day] ?? 0))])
        }
        pendingCounterDays.removeAll()
    }

    public func reject(_ original: RejectedRecord) {
        let limit = configuration.rejectedJournalLimit
        // Keep the first 256 KiB now, not when the job runs: a flood of large refused bodies must not sit in memory.
        var record = original
        if record.body.count > 256 << 10 { record.body = Array(record.body.prefix(256 << 10)) }
        writer.submit({ db in
            try db.run("INSERT INTO rejected (received_at, channel, path, status, problem, content_type, body) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [.integer(Int64(record.receivedAt.timeIntervalSince1970 * 1000)), .text(record.channel), .text(record.path),
                        .integer(Int64(record.status)), .text(record.problem), record.contentType.map { .text($0) } ?? .null,
                        .blob(record.body)])
            let id = db.lastInsertRowID
            if id % 100 == 0 {
                try db.run("DELETE FROM rejected WHERE id <= ?", [.integer(id - Int64(limit))])
            }
        }, completion: { (_: Result<Void, Error>) in })
    }

    public func record(_ results: [DeliveryResult], completion: @escaping @Sendable (Error?) -> Void) {
        writer.submit({ db in
            for r in results {
                let atMs = Int64(r.at.timeIntervalSince1970 * 1000)
                switch r.outcome {
                case .delivered(let caseId):
                    try db.run("""
                        UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?, last_error = NULL
                        WHERE id = ?
                        """, [.integer(atMs), r.status.map { .integer(Int64($0)) } ?? .null, .text(r.eventId)])
                    if let caseId, let ticketId = r.ticketId {
                        try db.run("UPDATE tickets SET case_id = ? WHERE id = ? AND case_id IS NULL", [.text(caseId), .text(ticketId)])
                    }
                case .retry(let at):
                    try db.run("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_status = ?, last_error = ? WHERE id = ?",
                               [.integer(Int64(at.timeIntervalSince1970 * 1000)), r.status.map { .integer(Int64($0)) } ?? .null,
                                r.error.map { .text($0) } ?? .null, .text(r.eventId)])
                case .dead:
                    try db.run("UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_status = ?, last_error = ? WHERE id = ?",
                               [r.status.map { .integer(Int64($0)) } ?? .null, r.error.map { .text($0) } ?? .null, .text(r.eventId)])
                }
            }
        }, completion: { (result: Result<Void, Error>) in
            if case .failure(let e) = result { completion(e) } else { completion(nil) }
        })
    }

    /// Runs `body` on the writer thread inside the group transaction (admin writes); calls back after the commit.
    public func write<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T,
                                   completion: @escaping @Sendable (Result<T, Error>) -> Void) {
        writer.submit(body, completion: completion)
    }

    /// `write` for callers that can wait.
    public func writeAndWait<T: Sendable>(_ body: @escaping @Sendable (SQLiteConnection) throws -> T) throws -> T {
        let box = Mutex<Result<T, Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        writer.submit(body) { result in
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try box.withLock { $0! }.get()
    }

    public func checkWritable(timeoutSeconds: Double) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let ok = Atomic<Bool>(false)
        writer.submit({ db in _ = try db.query("SELECT 1") }, completion: { (r: Result<Void, Error>) in
            if case .success = r { ok.store(true, ordering: .relaxed) }
            done.signal()
        })
        return done.wait(timeout: .now() + timeoutSeconds) == .success && ok.load(ordering: .relaxed)
    }

    /// Finishes queued writes, stops the writer and lets another process open the file.
    public func close() {
        writer.stop()
        releaseLock()
    }

    /// Transactions committed by the writer (each serves every request that queued meanwhile).
    public var commitCount: Int { writer.commits }

    // MARK: Reads

    public func ticket(idOrReceipt: String) throws -> StoredTicket? {
        try readers.with { db in
            let rows = try db.query("SELECT ticket_json, status, case_id, id FROM tickets WHERE id = ? OR receipt_no = ? LIMIT 1",
                                    [.text(idOrReceipt), .text(idOrReceipt)])
            guard let row = rows.first else { return nil }
            return try self.storedTicket(row, db)
        }
    }

    public func tickets(_ query: TicketQuery) throws -> [StoredTicket] {
        try readers.with { db in
            var clauses: [String] = []
            var bindings: [SQLiteValue] = []
            if let c = query.channel { clauses.append("channel = ?"); bindings.append(.text(c.rawValue)) }
            if let p = query.phoneKey { clauses.append("phone_key = ?"); bindings.append(.text(p)) }
            if let o = query.openId { clauses.append("open_id = ?"); bindings.append(.text(o)) }
            if let e = query.email { clauses.append("email = ?"); bindings.append(.text(e.lowercased())) }
            if let s = query.since { clauses.append("received_at >= ?"); bindings.append(.integer(Int64(s.timeIntervalSince1970 * 1000))) }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            bindings.append(.integer(Int64(max(1, min(query.limit, 1000)))))
            let rows = try db.query("SELECT ticket_json, status, case_id, id FROM tickets \(whereClause) ORDER BY seq DESC LIMIT ?", bindings)
            return try rows.map { try self.storedTicket($0, db) }
        }
    }

    private func storedTicket(_ row: SQLiteRow, _ db: SQLiteConnection) throws -> StoredTicket {
        guard let text = row.string("ticket_json"), let json = try? JSON.parse(text), let ticket = Ticket(json: json) else {
            throw StoreError("ticket \(row.string("id") ?? "?") is stored in a form this version cannot read")
        }
        let deliveries = try db.query("""
            SELECT id, event_type, destination, state, attempts, next_attempt_at, delivered_at, last_status, last_error
            FROM outbox WHERE ticket_id = ? ORDER BY seq
            """, [.text(ticket.id)]).map(Self.deliveryState)
        return StoredTicket(ticket: ticket, status: row.string("status") ?? "open", caseId: row.string("case_id"), deliveries: deliveries)
    }

    static func deliveryState(_ r: SQLiteRow) -> DeliveryState {
        let state = r.string("state") ?? "pending"
        return DeliveryState(
            eventId: r.string("id") ?? "", eventType: r.string("event_type") ?? "", destination: r.string("destination") ?? "",
            state: state, attempts: Int(r.int("attempts") ?? 0),
            nextAttemptAt: state == "pending" ? r.int("next_attempt_at").map { Date(timeIntervalSince1970: Double($0) / 1000) } : nil,
            deliveredAt: r.int("delivered_at").map { Date(timeIntervalSince1970: Double($0) / 1000) },
            lastStatus: r.int("last_status").map { Int($0) }, lastError: r.string("last_error"))
    }

    public func dueEvents(destination: String, now: Date, limit: Int, excluding: Set<String>) throws -> [OutboxEvent] {
        try readers.with { db in
            let rows = try db.query("""
                SELECT o.seq, o.id, o.event_type, o.destination, o.ticket_id, o.attempts, o.payload, o.created_at,
                       t.ticket_json, ot.case_id AS original_case_id
                FROM outbox o
                LEFT JOIN tickets t ON t.id = o.ticket_id
                LEFT JOIN tickets ot ON ot.id = t.repeat_of
                WHERE o.state = 'pending' AND o.destination = ? AND o.next_attempt_at <= ?
                  AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state <> 'pending'))
                ORDER BY o.next_attempt_at, o.seq
                LIMIT ?
                """, [.text(destination), .integer(Int64(now.timeIntervalSince1970 * 1000)), .integer(Int64(limit + excluding.count))])
            var events: [OutboxEvent] = []
            for r in rows {
                guard let id = r.string("id"), !excluding.contains(id) else { continue }
                let type = r.string("event_type") ?? "ticket.created"
                let created = Date(timeIntervalSince1970: Double(r.int("created_at") ?? 0) / 1000)
                var body = Array("{\"id\":".utf8)
                JSON.string(id).write(into: &body)
                body += Array(",\"type\":".utf8)
                JSON.string(type).write(into: &body)
                body += Array(",\"timestamp\":".utf8)
                JSON.string(Timestamp.format(created)).write(into: &body)
                body += Array(",\"data\":".utf8)
                if let payload = r.string("payload") {
                    body += Array(payload.utf8)
                } else if let ticketJSON = r.string("ticket_json") {
                    body += Array("{\"ticket\":".utf8)
                    body += Array(ticketJSON.utf8)
                    if type == "ticket.repeat" {
                        body += Array(",\"originalCaseId\":".utf8)
                        JSON(r.string("original_case_id")).write(into: &body)
                    }
                    body.append(UInt8(ascii: "}"))
                } else {
                    body += Array("{}".utf8)
                }
                body.append(UInt8(ascii: "}"))
                events.append(OutboxEvent(seq: r.int("seq") ?? 0, id: id, type: type, destination: r.string("destination") ?? destination,
                                          ticketId: r.string("ticket_id"), attempts: Int(r.int("attempts") ?? 0), body: body,
                                          payload: r.string("payload").map { Array($0.utf8) }, createdAt: created))
                if events.count >= limit { break }
            }
            return events
        }
    }

    public func stats() throws -> StoreStats {
        try readers.with { db in
            let tickets = try db.query("SELECT COALESCE(MAX(seq), 0) AS n FROM tickets").first?.int("n") ?? 0
            let pending = try db.query("SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM outbox WHERE state = 'pending'").first
            let dead = try db.query("SELECT COUNT(*) AS n FROM outbox WHERE state = 'dead'").first?.int("n") ?? 0
            let rejected = try db.query("SELECT COUNT(*) AS n FROM rejected").first?.int("n") ?? 0
            return StoreStats(tickets: Int(tickets), pending: Int(pending?.int("n") ?? 0), dead: Int(dead),
                              oldestPendingAt: pending?.int("oldest").map { Date(timeIntervalSince1970: Double($0) / 1000) },
                              rejected: Int(rejected))
        }
    }

    public func setState(ticket ref: String, to state: String, completion: @escaping @Sendable (Result<String?, Error>) -> Void) {
        write({ db in
            guard let id = try db.query("SELECT id FROM tickets WHERE id = ? OR receipt_no = ? LIMIT 1", [.text(ref), .text(ref)])
                .first?.string("id") else { return nil }
            try db.run("UPDATE tickets SET status = ? WHERE id = ?", [.text(state), .text(id)])
            return id
        }, completion: completion)
    }

    public func deadLetters(limit: Int) throws -> [DeadLetter] {
        try readers.with { db in
            try db.query("""
                SELECT o.id, o.event_type, o.destination, o.state, o.attempts, o.next_attempt_at, o.delivered_at, o.last_status,
                       o.last_error, o.ticket_id, t.receipt_no
                FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
                WHERE o.state = 'dead' ORDER BY o.seq DESC LIMIT ?
                """, [.integer(Int64(limit))]).map { r in
                DeadLetter(state: Self.deliveryState(r), ticketId: r.string("ticket_id"), receiptNo: r.string("receipt_no"))
            }
        }
    }

    public func replay(eventId: String, now: Date, completion: @escaping @Sendable (Result<Bool, Error>) -> Void) {
        write({ db in
            try db.run("""
                UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = ?, last_error = 'replayed by an operator'
                WHERE id = ? AND state = 'dead'
                """, [.integer(Int64(now.timeIntervalSince1970 * 1000)), .text(eventId)]) == 1
        }, completion: completion)
    }

    /// Rows of the rejected journal, newest first (admin).
    public func rejected(limit: Int) throws -> [JSON] {
        try readers.with { db in
            try db.query("SELECT id, received_at, channel, path, status, problem, content_type, body FROM rejected ORDER BY id DESC LIMIT ?",
                         [.integer(Int64(limit))]).map { r in
                JSON.compactObject([
                    ("id", .int(r.int("id") ?? 0)),
                    ("receivedAt", .string(Timestamp.format(Date(timeIntervalSince1970: Double(r.int("received_at") ?? 0) / 1000)))),
                    ("channel", JSON(r.string("channel"))), ("path", JSON(r.string("path"))), ("status", JSON(r.int("status").map { Int($0) })),
                    ("problem", (try? JSON.parse(r.string("problem") ?? "")) ?? .null), ("contentType", JSON(r.string("content_type"))),
                    ("body", .string(String(decoding: r.bytes("body") ?? [], as: UTF8.self))),
                ])
            }
        }
    }

    /// Runs a read on a pooled connection (tests and admin).
    public func read<T>(_ body: (SQLiteConnection) throws -> T) throws -> T { try readers.with(body) }

    fileprivate func beforeCommit(_ db: SQLiteConnection) throws { try flushCounters(db) }
    fileprivate func afterRollback() {
        // Counters advanced in memory for a transaction that did not commit: forget them, reload from disk.
        counters.removeAll()
        pendingCounterDays.removeAll()
    }
}

extension SQLiteTicketStore {
    /// The writer flushes receipt counters in the same transaction as the tickets that used them.
    private func attachHooks() {
        writer.beforeCommit = { [unowned self] db in try self.beforeCommit(db) }
        writer.afterRollback = { [unowned self] in self.afterRollback() }
    }
}

extension String {
    fileprivate func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// A few read-only connections shared by request threads.
final class ReaderPool: @unchecked Sendable {
    private let path: String
    private let lock = NSLock()
    private var idle: [SQLiteConnection] = []
    init(path: String) { self.path = path }

    func with<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        let existing: SQLiteConnection? = lock.withLock { idle.popLast() }
        let db = try existing ?? {
            let c = try SQLiteConnection(path: path, readOnly: true)
            c.setBusyTimeout(milliseconds: 5000)
            return c
        }()
        defer { lock.withLock { if idle.count < 8 { idle.append(db) } } }
        return try body(db)
    }
}
