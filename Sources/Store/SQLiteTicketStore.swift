import Dedup
import Foundation
import IntakeCore
import Routing
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
    /// Routes a long SMS once its parts are joined (see `IntakeRules.routing`).
    public var routing: RoutingEngine?
    /// Which destinations take which tickets (see `IntakeRules.destinationRules`).
    public var destinationRules = DestinationRules()
    /// Most matters the in-memory dedup view holds (see `DedupView`); older candidates are read from the tables.
    /// 0: no view, every decision is made inside its transaction.
    public var dedupViewCapacity = 200_000

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

/// The embedded default store: one SQLite file in WAL mode with synchronous=FULL, one process per file
/// (an advisory lock on `<path>.lock`), one writer thread that folds concurrent requests into one transaction.
public final class SQLiteTicketStore: TicketStore, @unchecked Sendable {
    public let configuration: SQLiteStoreConfiguration
    public var localDirectory: String? {
        let dir = (configuration.path as NSString).deletingLastPathComponent
        return dir.isEmpty ? "." : dir
    }
    private let writer: GroupCommitWriter
    let readers: ReaderPool
    private var lockFD: Int32
    /// The intake rules (shared by every store); run on the writer thread.
    public let rules: IntakeRules
    /// Told why a write failed (the sender only hears 503). Set once, before the store is used.
    public var onWriteError: (@Sendable (String) -> Void)?
    /// Receipt counters by day; touched only on the writer thread.
    private let counters = SQLiteReceiptCounters()
    /// Outbox leases: one process per file, so they are held in memory (a restart forgets them, which is what
    /// a lease running out means).
    private let leases = OutboxLeases()
    /// The in-memory dedup view (dedup on) and the read-only connection the decider thread reads older candidates
    /// with (used on that thread only).
    let dedupView: DedupView?
    private let deciderReader: SQLiteConnection?
    /// Copies the write-ahead log into the file off the writer thread (see `WALCheckpointer`).
    private let checkpointer: WALCheckpointer
    /// Tests: runs on the writer thread just before each COMMIT; throwing fails the transaction as a failed commit.
    let beforeCommitForTests = CommitHook()

    public init(configuration: SQLiteStoreConfiguration, dedup: any DedupDecider = NoDedup()) throws {
        self.configuration = configuration
        var rules = IntakeRules(utcOffsetSeconds: configuration.utcOffsetSeconds, ticketDestinations: configuration.ticketDestinations,
                                keepAttachmentBytes: configuration.keepAttachmentBytes, dedup: dedup,
                                routing: configuration.routing)
        rules.destinationRules = configuration.destinationRules
        self.rules = rules
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
            if let engine = dedup as? DedupEngine { try SQLiteDedupIndex.backfill(db, engine: engine, now: Date()) }
            if let engine = dedup as? DedupEngine, configuration.dedupViewCapacity > 0 {
                dedupView = try DedupView.rebuild(db, engine: engine, capacity: configuration.dedupViewCapacity, now: Date())
                let reader = try SQLiteConnection(path: configuration.path, readOnly: true)
                reader.setBusyTimeout(milliseconds: 5000)
                deciderReader = reader
            } else {
                if let engine = dedup as? DedupEngine {
                    // No view: every matter's key rows are read, so those a view left waiting are written now.
                    try DedupKeys.writePendingAtOpen(db, since: try DedupKeys.openCut(db, window: engine.configuration.lookback, now: Date())) { _, _ in false }
                }
                dedupView = nil
                deciderReader = nil
            }
            writer = GroupCommitWriter(connection: db, maxBatch: configuration.maxBatch)
            readers = ReaderPool(path: configuration.path)
            checkpointer = try WALCheckpointer(path: configuration.path)
        } catch {
            flock(fd, LOCK_UN)
            Glibc.close(fd)
            throw error
        }
        attachHooks()
        checkpointer.start()
        writer.start(pipelined: dedupView != nil)
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
        // A batch that is run again after a failing job runs each job in a savepoint (GroupCommitWriter), and the
        // fragment sweep uses one too; SQLite copies each page a savepoint's work changes into
        // its journal, which on the default temp store spills to a temporary file past 64 KiB. In memory it stays a
        // copy.
        _ = try db.pragma("temp_store", "MEMORY")
        db.setBusyTimeout(milliseconds: 5000)
    }

    /// Applies every migration not yet applied; returns the versions applied now.
    @discardableResult
    public static func migrate(_ db: SQLiteConnection) throws -> [Int] {
        try db.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = Set(try db.query("SELECT version FROM schema_migrations").compactMap { $0.int("version") })
        try refuseNewerSchema(applied, binaryVersion: schemaVersion)
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

    public func precompute(_ item: inout PreparedSubmission) { rules.precompute(&item) }

    public func intake(_ batch: IntakeBatch, completion: @escaping @Sendable (Result<[IntakeOutcome], IntakeError>) -> Void) {
        guard let view = dedupView, let reader = deciderReader else {
            writer.submit({ [self] db in try self.rules.apply(batch, in: self.storage(db)) }, completion: { [self] result in
                completion(IntakeRules.answer(result, onWriteError: self.onWriteError))
            })
            return
        }
        // Decided on the decider thread against the view (while the writer commits earlier jobs), stored by the
        // writer; what the job decided and did not store leaves the view when it completes.
        let job = EarlyJob(batch)
        let rules = self.rules
        writer.submit(prepare: { job.registered = rules.decideEarly(&job.batch, view: view, reader: reader) },
                      { [self] db in try rules.apply(job.batch, in: self.storage(db)) },
                      completion: { [self] result in
                          view.settle(job.registered)
                          completion(IntakeRules.answer(result, onWriteError: self.onWriteError))
                      })
    }

    /// The storage port on the writer's connection (writer thread only).
    func storage(_ db: SQLiteConnection) -> SQLiteIntakeStorage { SQLiteIntakeStorage(db: db, counters: counters, view: dedupView) }

    public func reject(_ original: RejectedRecord, completion: @escaping @Sendable (Result<Void, IntakeError>) -> Void) {
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
        }, completion: { (result: Result<Void, Error>) in
            completion(result.mapError { IntakeError(.unavailable, "The rejected journal could not be written: \($0)") })
        })
    }

    public func complete(_ results: [DeliveryResult], owner: String, completion: @escaping @Sendable ((any Error)?) -> Void) {
        let leases = self.leases
        writer.submit({ db in
            for r in results {
                let atMs = Int64(r.at.timeIntervalSince1970 * 1000)
                let (outcome, next) = r.outcomeName
                try db.run("""
                    INSERT INTO delivery_attempts (event_id, at, destination, outcome, status, error, duration_ms, next_attempt_at)
                    SELECT id, ?, destination, ?, ?, ?, ?, ? FROM outbox WHERE id = ?
                    """, [.integer(atMs), .text(outcome), r.status.map { .integer(Int64($0)) } ?? .null, r.error.map { .text($0) } ?? .null,
                          r.durationMs.map { .integer(Int64($0)) } ?? .null, next.map { .integer(Int64($0.timeIntervalSince1970 * 1000)) } ?? .null,
                          .text(r.eventId)])
                try db.run("""
                    DELETE FROM delivery_attempts WHERE event_id = ?1 AND id <= (
                        SELECT id FROM delivery_attempts WHERE event_id = ?1 ORDER BY id DESC LIMIT 1 OFFSET ?2)
                    """, [.text(r.eventId), .integer(Int64(DeliveryAttempt.kept))])
                switch r.outcome {
                case .delivered(let caseId):
                    try db.run("""
                        UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = ?, last_status = ?, last_error = NULL
                        WHERE id = ?
                        """, [.integer(atMs), r.status.map { .integer(Int64($0)) } ?? .null, .text(r.eventId)])
                    if let caseId, let ticketId = r.ticketId {
                        try db.run("UPDATE tickets SET case_id = ? WHERE id = ? AND case_id IS NULL", [.text(caseId), .text(ticketId)])
                        // Each destination's own case id, for its repeats.
                        try db.run("UPDATE outbox SET case_id = ? WHERE id = ?", [.text(caseId), .text(r.eventId)])
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
            // Released after the commit, so no other claim sees the event before its new state.
            leases.release(results.map(\.eventId), owner: owner)
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
        checkpointer.stop()
        writer.stop()
        releaseLock()
    }

    /// Transactions committed by the writer (each serves every request that queued meanwhile).
    public var commitCount: Int { writer.commits }

    // MARK: Reads

    public func ticket(idOrReceipt: String) throws -> StoredTicket? {
        try readers.with { db in
            // An imported ticket's receipt column is `import:<receipt>`; a live ticket with the same number comes first.
            let rows = try db.query("""
                SELECT ticket_json, status, case_id, id, reply, receipt_no FROM tickets
                WHERE id = ? OR receipt_no = ? OR receipt_no = ? ORDER BY receipt_no LIKE 'import:%' LIMIT 1
                """, [.text(idOrReceipt), .text(idOrReceipt), .text("import:" + idOrReceipt)])
            guard let row = rows.first else { return nil }
            return try self.storedTicket(row, db, history: true)
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
            // The same expressions as the indexes of migration 5, so SQLite uses them.
            if let c = query.category { clauses.append("json_extract(ticket_json, '$.routing.category') = ?"); bindings.append(.text(c)) }
            if let d = query.department { clauses.append("json_extract(ticket_json, '$.routing.department') = ?"); bindings.append(.text(d)) }
            if let u = query.urgency { clauses.append("json_extract(ticket_json, '$.routing.urgency') = ?"); bindings.append(.text(u.rawValue)) }
            if let b = query.deadlineBefore {
                // Deadlines are written as RFC 3339 UTC with milliseconds, so text order is time order.
                clauses.append("json_extract(ticket_json, '$.routing.deadline') < ?")
                bindings.append(.text(Timestamp.format(b)))
            }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            bindings.append(.integer(Int64(max(1, min(query.limit, 1000)))))
            let rows = try db.query("SELECT ticket_json, status, case_id, id, reply, receipt_no FROM tickets \(whereClause) ORDER BY seq DESC LIMIT ?", bindings)
            return try rows.map { try self.storedTicket($0, db) }
        }
    }

    private func storedTicket(_ row: SQLiteRow, _ db: SQLiteConnection, history: Bool = false) throws -> StoredTicket {
        guard let text = row.string("ticket_json"), let json = try? JSON.parse(text), let ticket = Ticket(json: json) else {
            throw StoreError("ticket \(row.string("id") ?? "?") is stored in a form this version cannot read")
        }
        var deliveries = try db.query("""
            SELECT id, event_type, destination, state, attempts, next_attempt_at, delivered_at, last_status, last_error, case_id
            FROM outbox WHERE ticket_id = ? ORDER BY seq
            """, [.text(ticket.id)]).map(\.deliveryState)
        if history {
            let attempts = try db.query("""
                SELECT a.* FROM delivery_attempts a JOIN outbox o ON o.id = a.event_id WHERE o.ticket_id = ? ORDER BY a.id
                """, [.text(ticket.id)])
            for i in deliveries.indices {
                deliveries[i].history = attempts.filter { $0.string("event_id") == deliveries[i].eventId }.map(\.deliveryAttempt)
            }
        }
        var stored = StoredTicket(ticket: ticket, status: row.string("status") ?? "open", caseId: row.string("case_id"), deliveries: deliveries,
                                  reply: row.string("reply"))
        stored.imported = row.string("receipt_no")?.hasPrefix("import:") == true
        return stored
    }

    public func claim(destination: String, limit: Int, owner: String, lease: Double, now: Date) throws -> [OutboxRecord] {
        let held = leases.held(now: now)
        let rows = try readers.with { db in
            try db.query("""
                SELECT o.seq, o.id, o.event_type, o.destination, o.ticket_id, o.attempts, o.payload, o.created_at,
                       t.ticket_json, t.repeat_of, o.depends_on,
                       COALESCE(od.case_id, CASE WHEN o.destination = 'case-system' THEN ot.case_id END) AS original_case_id
                FROM outbox o
                LEFT JOIN tickets t ON t.id = o.ticket_id
                LEFT JOIN tickets ot ON ot.id = t.repeat_of
                LEFT JOIN outbox od ON od.id = o.depends_on
                WHERE o.state = 'pending' AND o.destination = ? AND o.next_attempt_at <= ?
                  AND (o.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = o.depends_on AND d.state <> 'pending'))
                ORDER BY o.next_attempt_at, o.seq
                LIMIT ?
                """, [.text(destination), .integer(SQLiteIntakeStorage.ms(now)), .integer(Int64(limit + held.count))])
        }
        var records: [OutboxRecord] = []
        for r in rows {
            guard let id = r.string("id"), !held.contains(id) else { continue }
            records.append(OutboxRecord(
                seq: r.int("seq") ?? 0, id: id, type: r.string("event_type") ?? "ticket.created",
                destination: r.string("destination") ?? destination, ticketId: r.string("ticket_id"), attempts: Int(r.int("attempts") ?? 0),
                createdAt: SQLiteIntakeStorage.date(r.int("created_at")), ticketJSON: r.string("ticket_json"),
                originalCaseId: r.string("original_case_id"), payload: r.string("payload"), originalTicketId: r.string("repeat_of"),
                originalSentHere: r.string("depends_on") != nil))
            if records.count >= limit { break }
        }
        return leases.take(try ClusterEvent.filled(records, caseIds: memberCaseIds), owner: owner, until: now.addingTimeInterval(lease))
    }

    public func renew(eventIds: [String], owner: String, lease: Double, now: Date) throws {
        leases.renew(eventIds, owner: owner, until: now.addingTimeInterval(lease))
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

    public func attachment(ticketId: String, position: Int) throws -> StoredAttachment? {
        try readers.with { db in
            guard let r = try db.query("SELECT name, content_type, size, sha256, data FROM attachments WHERE ticket_id = ? AND position = ?",
                                       [.text(ticketId), .integer(Int64(position))]).first, let bytes = r.bytes("data") else { return nil }
            return (Attachment(name: r.string("name") ?? "", contentType: r.string("content_type") ?? "application/octet-stream",
                               size: Int(r.int("size") ?? 0), sha256: r.string("sha256") ?? ""), bytes)
        }
    }

    public func setState(ticket ref: String, to state: String, reply: String?,
                         completion: @escaping @Sendable (Result<String?, Error>) -> Void) {
        write({ db in
            guard let id = try db.query("SELECT id FROM tickets WHERE id = ? OR receipt_no = ? LIMIT 1", [.text(ref), .text(ref)])
                .first?.string("id") else { return nil }
            // closed_at: when retention's clock for personal data starts (kept on a repeated close, cleared on reopening).
            try db.run("""
                UPDATE tickets SET status = ?, reply = ?,
                       closed_at = CASE WHEN ? = 'closed' THEN coalesce(closed_at, ?) ELSE NULL END WHERE id = ?
                """, [.text(state), reply.map { .text($0) } ?? .null, .text(state), .integer(SQLiteIntakeStorage.ms(Date())), .text(id)])
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
                DeadLetter(state: r.deliveryState, ticketId: r.string("ticket_id"), receiptNo: r.string("receipt_no"))
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

}

extension SQLiteTicketStore {
    /// The writer flushes receipt counters in the same transaction as the tickets that used them.
    private func attachHooks() {
        let counters = self.counters
        let view = dedupView
        let fault = beforeCommitForTests
        writer.beforeCommit = { db in
            try fault.run()
            try counters.flush(db)
            // The key rows of the matters the view lets go of after this commit.
            if let view { try DedupKeys.writePending(view.rowsToWrite(), db) }
        }
        writer.afterRollback = {
            counters.forget()
            view?.didRollBack()
        }
        let checkpointer = self.checkpointer
        writer.afterCommit = {
            view?.didCommit()
            checkpointer.noteCommit()
        }
        writer.beforeJob = { view?.beginJob() }
        writer.afterJobRollback = { view?.rollBackJob() }
    }
}

/// A step the writer runs before each COMMIT (tests make a commit fail or wait with it).
final class CommitHook: Sendable {
    private let body = Mutex<(@Sendable () throws -> Void)?>(nil)
    func set(_ hook: (@Sendable () throws -> Void)?) { body.withLock { $0 = hook } }
    func run() throws { try body.withLock { $0 }?() }
}

/// One intake job's batch, decided on the decider thread and applied on the writer (handed over under the
/// writer's lock, in order).
final class EarlyJob: @unchecked Sendable {
    var batch: IntakeBatch
    var registered: [Int64] = []
    init(_ batch: IntakeBatch) { self.batch = batch }
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
