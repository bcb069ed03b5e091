import Dedup
import Foundation
import IntakeCore
import Postgres
import Routing
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

public struct PostgresStoreConfiguration: Sendable {
    /// Any libpq connection string: `postgres://user:pass@host:port/db?...`, or `host=... dbname=...`, several hosts
    /// with `target_session_attrs=read-write` so a promoted standby is found again.
    public var url: String
    public var utcOffsetSeconds: Int
    public var ticketDestinations: [String]
    public var rejectedJournalLimit: Int
    /// Most requests folded into one transaction.
    public var maxBatch: Int
    /// Writer connections (each folds the requests that wait into one transaction).
    public var writers: Int
    public var keepAttachmentBytes: Bool
    public var routing: RoutingEngine?
    /// Which destinations take which tickets (see `IntakeRules.destinationRules`).
    public var destinationRules = DestinationRules()

    public init(url: String, utcOffsetSeconds: Int = 8 * 3600, ticketDestinations: [String] = ["case-system"],
                rejectedJournalLimit: Int = 10_000, maxBatch: Int = 256, writers: Int = 2, keepAttachmentBytes: Bool = true) {
        self.url = url
        self.utcOffsetSeconds = utcOffsetSeconds
        self.ticketDestinations = ticketDestinations
        self.rejectedJournalLimit = rejectedJournalLimit
        self.maxBatch = maxBatch
        self.writers = writers
        self.keepAttachmentBytes = keepAttachmentBytes
    }

    /// Whether `database` names PostgreSQL (a URL or a libpq key/value string) rather than a SQLite path.
    public static func names(_ database: String) -> Bool {
        database.hasPrefix("postgres://") || database.hasPrefix("postgresql://")
            || database.range(of: #"^\s*(host|hostaddr|dbname|service|user)\s*="#, options: .regularExpression) != nil
    }
}

/// Several gateway processes on one PostgreSQL. Every race between them is settled by the database (README,
/// "Several instances"): unique indexes for idempotency, a per-day counter row for receipt numbers,
/// transaction-scoped advisory locks on idempotency keys, caller identities, places and long-message sets for the
/// intake rules, `FOR UPDATE SKIP LOCKED` claims with a lease for the outbox, a session advisory lock for the
/// singletons. Concurrent requests share one transaction per writer (group commit); nothing is answered before the
/// commit; a lost connection is a 503 with `retryable` and the writers reconnect by themselves with backoff.
public final class PostgresTicketStore: TicketStore, @unchecked Sendable {
    public let configuration: PostgresStoreConfiguration
    public let rules: IntakeRules
    public var onWriteError: (@Sendable (String) -> Void)?
    let pool: PostgresPool
    private let writer: PostgresWriter
    private let leadership: PostgresLeadership

    public init(configuration: PostgresStoreConfiguration, dedup: any DedupDecider = NoDedup()) throws {
        self.configuration = configuration
        var rules = IntakeRules(utcOffsetSeconds: configuration.utcOffsetSeconds, ticketDestinations: configuration.ticketDestinations,
                                keepAttachmentBytes: configuration.keepAttachmentBytes, dedup: dedup, routing: configuration.routing)
        rules.destinationRules = configuration.destinationRules
        self.rules = rules
        _ = try Self.migrate(url: configuration.url)
        pool = PostgresPool(url: configuration.url)
        writer = PostgresWriter(url: configuration.url, threads: max(1, configuration.writers), maxBatch: configuration.maxBatch)
        leadership = PostgresLeadership(url: configuration.url)
        writer.start()
    }

    public static var schemaVersion: Int { PostgresSchema.migrations.last?.version ?? 0 }

    /// Applies every migration not yet applied, under a session advisory lock so instances starting together
    /// migrate once; returns the versions applied now.
    @discardableResult
    public static func migrate(url: String) throws -> [Int] {
        let db = try PostgresConnection(url: url)
        try db.run("SELECT pg_advisory_lock($1)", [String(PostgresSchema.migrationLock)])
        defer { _ = try? db.run("SELECT pg_advisory_unlock($1)", [String(PostgresSchema.migrationLock)]) }
        try db.run("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
        let applied = Set(try db.rows("SELECT version FROM schema_migrations").compactMap { $0.int("version") })
        try refuseNewerSchema(applied, binaryVersion: schemaVersion)
        var done: [Int] = []
        for (version, sql) in PostgresSchema.migrations where !applied.contains(Int64(version)) {
            try db.transaction { db in
                try db.execute(sql)
                try db.run("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [String(version), Timestamp.format(Date())])
            }
            done.append(version)
        }
        return done
    }

    // MARK: Writes

    public func precompute(_ item: inout PreparedSubmission) { rules.precompute(&item) }

    public func intake(_ batch: IntakeBatch, completion: @escaping @Sendable (Result<[IntakeOutcome], IntakeError>) -> Void) {
        let rules = self.rules
        writer.submit(locks: rules.lockKeys(batch), { db in try rules.apply(batch, in: PostgresIntakeStorage(db: db)) },
                      completion: { [self] result in completion(IntakeRules.answer(result, onWriteError: self.onWriteError)) })
    }

    /// Runs `body` inside a writer transaction; calls back after the commit.
    func write<T: Sendable>(locks: [String] = [], _ body: @escaping (PostgresConnection) throws -> T,
                            completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        writer.submit(locks: locks, body, completion: completion)
    }

    func writeAndWait<T: Sendable>(locks: [String] = [], _ body: @escaping (PostgresConnection) throws -> T) throws -> T {
        let box = Mutex<Result<T, any Error>?>(nil)
        let done = DispatchSemaphore(value: 0)
        writer.submit(locks: locks, body) { r in
            box.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return try box.withLock { $0! }.get()
    }

    public func reject(_ original: RejectedRecord, completion: @escaping @Sendable (Result<Void, IntakeError>) -> Void) {
        var r = original
        if r.body.count > 256 << 10 { r.body = Array(r.body.prefix(256 << 10)) }
        let limit = configuration.rejectedJournalLimit
        let record = r
        write({ db in
            let id = try db.rows("""
                INSERT INTO rejected (received_at, channel, path, status, problem, content_type, body) VALUES ($1, $2, $3, $4, $5, $6, $7::bytea)
                RETURNING id
                """, [PG.ms(record.receivedAt), record.channel, record.path, String(record.status), record.problem, record.contentType,
                      PG.bytea(record.body)]).first?.int("id") ?? 0
            if id % 100 == 0 { try db.run("DELETE FROM rejected WHERE id <= $1", [String(id - Int64(limit))]) }
        }, completion: { (result: Result<Void, any Error>) in
            completion(result.mapError { IntakeError(.unavailable, "The rejected journal could not be written: \($0)") })
        })
    }

    public func complete(_ results: [DeliveryResult], owner: String, completion: @escaping @Sendable ((any Error)?) -> Void) {
        write({ db in
            for r in results {
                let status = PG.int(r.status)
                let (outcome, next) = r.outcomeName
                try db.run("""
                    INSERT INTO delivery_attempts (event_id, at, destination, outcome, status, error, duration_ms, next_attempt_at)
                    SELECT id, $1, destination, $2, $3, $4, $5, $6 FROM outbox WHERE id = $7
                    """, [PG.ms(r.at), outcome, status, r.error, PG.int(r.durationMs), next.map(PG.ms), r.eventId])
                try db.run("""
                    DELETE FROM delivery_attempts WHERE event_id = $1 AND id <= (
                        SELECT id FROM delivery_attempts WHERE event_id = $1 ORDER BY id DESC LIMIT 1 OFFSET $2)
                    """, [r.eventId, String(DeliveryAttempt.kept)])
                switch r.outcome {
                case .delivered(let caseId):
                    try db.run("""
                        UPDATE outbox SET state = 'delivered', attempts = attempts + 1, delivered_at = $1, last_status = $2, last_error = NULL,
                                          lease_owner = NULL, lease_until = NULL WHERE id = $3
                        """, [PG.ms(r.at), status, r.eventId])
                    if let caseId, let ticketId = r.ticketId {
                        try db.run("UPDATE tickets SET case_id = $1 WHERE id = $2 AND case_id IS NULL", [caseId, ticketId])
                        // Each destination's own case id, for its repeats.
                        try db.run("UPDATE outbox SET case_id = $1 WHERE id = $2", [caseId, r.eventId])
                    }
                case .retry(let at):
                    try db.run("""
                        UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1, last_status = $2, last_error = $3,
                                          lease_owner = NULL, lease_until = NULL WHERE id = $4
                        """, [PG.ms(at), status, r.error, r.eventId])
                case .dead:
                    try db.run("""
                        UPDATE outbox SET state = 'dead', attempts = attempts + 1, last_status = $1, last_error = $2,
                                          lease_owner = NULL, lease_until = NULL WHERE id = $3
                        """, [status, r.error, r.eventId])
                }
            }
        }, completion: { (result: Result<Void, any Error>) in
            if case .failure(let e) = result { completion(e) } else { completion(nil) }
        })
    }

    public func setState(ticket ref: String, to state: String, reply: String?,
                         completion: @escaping @Sendable (Result<String?, any Error>) -> Void) {
        write({ db -> String? in
            guard let id = try db.rows("SELECT id FROM tickets WHERE id = $1 OR receipt_no = $1 LIMIT 1", [ref]).first?.string("id") else {
                return nil
            }
            // closed_at: when retention's clock for personal data starts (kept on a repeated close, cleared on reopening).
            try db.run("""
                UPDATE tickets SET status = $1, reply = $2,
                       closed_at = CASE WHEN $1 = 'closed' THEN coalesce(closed_at, $4) ELSE NULL END WHERE id = $3
                """, [state, reply, id, PG.ms(Date())])
            return id
        }, completion: completion)
    }

    public func applyCaseEvent(ticket ref: String, to state: String, reply: String?, eventId: String, eventAt: Date,
                               completion: @escaping @Sendable (Result<CaseEventOutcome?, any Error>) -> Void) {
        let at = PG.ms(eventAt)
        // The event id is locked first, so two instances receiving the same callback settle it one after the other.
        write(locks: ["case-event:" + eventId], { db -> CaseEventOutcome? in
            guard let row = try db.rows("SELECT id, state_at FROM tickets WHERE id = $1 OR receipt_no = $1 LIMIT 1 FOR UPDATE", [ref]).first,
                  let id = row.string("id") else { return nil }
            if let seen = try db.rows("SELECT ticket_id FROM case_events WHERE id = $1", [eventId]).first {
                return CaseEventOutcome(ticketId: seen.string("ticket_id") ?? id, applied: false, replay: true)
            }
            let newer = row.int("state_at").map { $0 > Int64((eventAt.timeIntervalSince1970 * 1000).rounded(.down)) } ?? false
            if !newer {
                try db.run("""
                    UPDATE tickets SET status = $1, reply = $2, state_at = $5,
                           closed_at = CASE WHEN $1 = 'closed' THEN coalesce(closed_at, $4) ELSE NULL END WHERE id = $3
                    """, [state, reply, id, PG.ms(Date()), at])
            }
            try db.run("INSERT INTO case_events (id, ticket_id, state, at, applied) VALUES ($1, $2, $3, $4, $5)",
                       [eventId, id, state, at, newer ? "false" : "true"])
            return CaseEventOutcome(ticketId: id, applied: !newer, replay: false)
        }, completion: completion)
    }

    public func replay(eventId: String, now: Date, completion: @escaping @Sendable (Result<Bool, any Error>) -> Void) {
        write({ db in
            try db.run("""
                UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = $1, last_error = 'replayed by an operator',
                                  lease_owner = NULL, lease_until = NULL
                WHERE id = $2 AND state = 'dead'
                """, [PG.ms(now), eventId]) == 1
        }, completion: completion)
    }

    public func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date, eventId: String,
                             ticketState: String?, completion: @escaping @Sendable (Result<String, any Error>) -> Void) {
        let rules = self.rules
        write({ db in
            try rules.enqueueEvent(destination: destination, type: type, ticketId: ticketId, payload: payload, at: date, eventId: eventId,
                                   ticketState: ticketState, in: PostgresIntakeStorage(db: db))
            return eventId
        }, completion: completion)
    }

    public func sweepFragments(olderThan cutoff: Date, now: Date) throws -> Int {
        let rules = self.rules
        let groups = try pool.with { try PostgresIntakeStorage(db: $0).fragmentGroups(firstReceivedBefore: cutoff) }
        var made = 0
        for g in groups {
            // Each set in its own transaction, under the set's lock (a part arriving now at another instance waits).
            let lock = ["parts:\(g.channel):\(g.group)"]
            do {
                try writeAndWait(locks: lock) { db in try rules.sweep(g, now: now, in: PostgresIntakeStorage(db: db)) }
                made += 1
            } catch let e as PostgresError where e.sqlState == nil {
                throw e
            } catch {
                try writeAndWait(locks: lock) { db in try rules.setAside(g, error: error, now: now, in: PostgresIntakeStorage(db: db)) }
            }
        }
        return made
    }

    public func importTickets(_ items: [(ticket: Ticket, status: String, caseId: String?)]) throws -> [Bool] {
        let rules = self.rules
        let tickets = items.map { ($0.ticket, $0.status, $0.caseId) }
        return try writeAndWait { db in
            try tickets.map { try rules.importTicket($0.0, status: $0.1, caseId: $0.2, in: PostgresIntakeStorage(db: db)) }
        }
    }

    /// A round trip through a writer: true when this instance can commit (the server is reachable and is a primary).
    public func checkWritable(timeoutSeconds: Double) -> Bool {
        let done = DispatchSemaphore(value: 0)
        let ok = Atomic<Bool>(false)
        write({ db in try db.rows("SELECT 1 AS ok WHERE pg_is_in_recovery() = false").count == 1 }, completion: { r in
            if case .success(true) = r { ok.store(true, ordering: .relaxed) }
            done.signal()
        })
        return done.wait(timeout: .now() + timeoutSeconds) == .success && ok.load(ordering: .relaxed)
    }

    public func close() {
        writer.stop()
        leadership.releaseAll()
    }

    /// Whether this instance runs the singleton `role` now: a session advisory lock held on a dedicated connection,
    /// released by the server when the holder dies, so another instance takes over.
    public func holdsLeadership(_ role: String) -> Bool { leadership.holds(role) }

    // MARK: Reads

    public func ticket(idOrReceipt ref: String) throws -> StoredTicket? {
        try pool.with { db in
            // An imported ticket's receipt column is `import:<receipt>`; a live ticket with the same number comes first.
            try db.rows("""
                SELECT ticket_json, status, case_id, id, reply, receipt_no FROM tickets
                WHERE id = $1 OR receipt_no = $1 OR receipt_no = $2 ORDER BY receipt_no LIKE 'import:%' LIMIT 1
                """, [ref, "import:" + ref])
                .first.map { try Self.storedTicket($0, db, history: true) }
        }
    }

    public func tickets(_ query: TicketQuery) throws -> [StoredTicket] {
        try pool.with { db in
            var clauses: [String] = []
            var params: [String?] = []
            func add(_ clause: String, _ value: String) {
                params.append(value)
                clauses.append(clause.replacingOccurrences(of: "?", with: "$\(params.count)"))
            }
            if let c = query.channel { add("channel = ?", c.rawValue) }
            if let p = query.phoneKey { add("phone_key = ?", p) }
            if let o = query.openId { add("open_id = ?", o) }
            if let e = query.email { add("email = ?", e.lowercased()) }
            if let s = query.since { add("received_at >= ?", PG.ms(s)) }
            if let c = query.category { add("(ticket_json::jsonb #>> '{routing,category}') = ?", c) }
            if let d = query.department { add("(ticket_json::jsonb #>> '{routing,department}') = ?", d) }
            if let u = query.urgency { add("(ticket_json::jsonb #>> '{routing,urgency}') = ?", u.rawValue) }
            if let b = query.deadlineBefore { add("(ticket_json::jsonb #>> '{routing,deadline}') < ?", Timestamp.format(b)) }
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            params.append(String(max(1, min(query.limit, 1000))))
            return try db.rows("SELECT ticket_json, status, case_id, id, reply, receipt_no FROM tickets \(whereClause) ORDER BY seq DESC LIMIT $\(params.count)",
                               params).map { try Self.storedTicket($0, db) }
        }
    }

    static func storedTicket(_ row: PGRow, _ db: PostgresConnection, history: Bool = false) throws -> StoredTicket {
        guard let text = row.string("ticket_json"), let json = try? JSON.parse(text), let ticket = Ticket(json: json) else {
            throw StoreError("ticket \(row.string("id") ?? "?") is stored in a form this version cannot read")
        }
        var deliveries = try db.rows("""
            SELECT id, event_type, destination, state, attempts, next_attempt_at, delivered_at, last_status, last_error, case_id
            FROM outbox WHERE ticket_id = $1 ORDER BY seq
            """, [ticket.id]).map(\.deliveryState)
        if history {
            let attempts = try db.rows("""
                SELECT a.* FROM delivery_attempts a JOIN outbox o ON o.id = a.event_id WHERE o.ticket_id = $1 ORDER BY a.id
                """, [ticket.id])
            for i in deliveries.indices {
                deliveries[i].history = attempts.filter { $0.string("event_id") == deliveries[i].eventId }.map(\.deliveryAttempt)
            }
        }
        var stored = StoredTicket(ticket: ticket, status: row.string("status") ?? "open", caseId: row.string("case_id"), deliveries: deliveries,
                                  reply: row.string("reply"))
        stored.imported = row.string("receipt_no")?.hasPrefix("import:") == true
        return stored
    }

    /// Claims due events with `FOR UPDATE SKIP LOCKED`: two instances never take the same event while its lease runs,
    /// and an event whose lease ran out (its instance died) is taken over.
    public func claim(destination: String, limit: Int, owner: String, lease: Double, now: Date) throws -> [OutboxRecord] {
        let records = try pool.with { db in
            try db.rows("""
                WITH c AS (
                    UPDATE outbox o SET lease_owner = $3, lease_until = $4
                    WHERE o.seq IN (
                        SELECT seq FROM outbox p
                        WHERE p.state = 'pending' AND p.destination = $1 AND p.next_attempt_at <= $2
                          AND (p.lease_until IS NULL OR p.lease_until <= $2)
                          AND (p.depends_on IS NULL OR EXISTS (SELECT 1 FROM outbox d WHERE d.id = p.depends_on AND d.state <> 'pending'))
                        ORDER BY p.next_attempt_at, p.seq LIMIT $5
                        FOR UPDATE SKIP LOCKED)
                    RETURNING o.*)
                SELECT c.seq, c.id, c.event_type, c.destination, c.ticket_id, c.attempts, c.payload, c.created_at,
                       t.ticket_json, t.repeat_of, c.depends_on,
                       COALESCE(od.case_id, CASE WHEN c.destination = 'case-system' THEN ot.case_id END) AS original_case_id
                FROM c LEFT JOIN tickets t ON t.id = c.ticket_id LEFT JOIN tickets ot ON ot.id = t.repeat_of
                LEFT JOIN outbox od ON od.id = c.depends_on
                ORDER BY c.next_attempt_at, c.seq
                """, [destination, PG.ms(now), owner, PG.ms(now.addingTimeInterval(lease)), String(limit)]).map { r in
                OutboxRecord(seq: r.int("seq") ?? 0, id: r.string("id") ?? "", type: r.string("event_type") ?? "ticket.created",
                             destination: r.string("destination") ?? destination, ticketId: r.string("ticket_id"),
                             attempts: Int(r.int("attempts") ?? 0), createdAt: PG.date(r.int("created_at")), ticketJSON: r.string("ticket_json"),
                             originalCaseId: r.string("original_case_id"), payload: r.string("payload"), originalTicketId: r.string("repeat_of"),
                             originalSentHere: r.string("depends_on") != nil)
            }
        }
        return try ClusterEvent.filled(records, caseIds: memberCaseIds)
    }

    public func renew(eventIds: [String], owner: String, lease: Double, now: Date) throws {
        guard !eventIds.isEmpty else { return }
        try pool.with { db in
            try db.run("UPDATE outbox SET lease_until = $1 WHERE id = ANY($2::text[]) AND lease_owner = $3 AND state = 'pending'",
                       [PG.ms(now.addingTimeInterval(lease)), PostgresIntakeStorage.array(eventIds), owner])
        }
    }

    public func stats() throws -> StoreStats {
        try pool.with { db in
            let r = try db.rows("""
                SELECT (SELECT COALESCE(MAX(seq), 0) FROM tickets) AS tickets,
                       (SELECT COUNT(*) FROM outbox WHERE state = 'pending') AS pending,
                       (SELECT MIN(created_at) FROM outbox WHERE state = 'pending') AS oldest,
                       (SELECT COUNT(*) FROM outbox WHERE state = 'dead') AS dead,
                       (SELECT COUNT(*) FROM rejected) AS rejected
                """).first
            return StoreStats(tickets: Int(r?.int("tickets") ?? 0), pending: Int(r?.int("pending") ?? 0), dead: Int(r?.int("dead") ?? 0),
                              oldestPendingAt: r?.int("oldest").map { PG.date($0) }, rejected: Int(r?.int("rejected") ?? 0))
        }
    }

    public func attachment(ticketId: String, position: Int) throws -> StoredAttachment? {
        try pool.with { db in
            guard let r = try db.rows("SELECT name, content_type, size, sha256, data FROM attachments WHERE ticket_id = $1 AND position = $2",
                                      [ticketId, String(position)]).first, let bytes = r.bytes("data") else { return nil }
            return (Attachment(name: r.string("name") ?? "", contentType: r.string("content_type") ?? "application/octet-stream",
                               size: Int(r.int("size") ?? 0), sha256: r.string("sha256") ?? ""), bytes)
        }
    }

    public func deadLetters(limit: Int) throws -> [DeadLetter] {
        try pool.with { db in
            try db.rows("""
                SELECT o.id, o.event_type, o.destination, o.state, o.attempts, o.next_attempt_at, o.delivered_at, o.last_status,
                       o.last_error, o.ticket_id, t.receipt_no
                FROM outbox o LEFT JOIN tickets t ON t.id = o.ticket_id
                WHERE o.state = 'dead' ORDER BY o.seq DESC LIMIT $1
                """, [String(limit)]).map { DeadLetter(state: $0.deliveryState, ticketId: $0.string("ticket_id"), receiptNo: $0.string("receipt_no")) }
        }
    }

    public func rejected(limit: Int) throws -> [JSON] {
        try pool.with { db in
            try db.rows("SELECT id, received_at, channel, path, status, problem, content_type, body FROM rejected ORDER BY id DESC LIMIT $1",
                        [String(limit)]).map { r in
                JSON.compactObject([
                    ("id", .int(r.int("id") ?? 0)), ("receivedAt", .string(Timestamp.format(PG.date(r.int("received_at"))))),
                    ("channel", JSON(r.string("channel"))), ("path", JSON(r.string("path"))), ("status", JSON(r.int("status").map { Int($0) })),
                    ("problem", (try? JSON.parse(r.string("problem") ?? "")) ?? .null), ("contentType", JSON(r.string("content_type"))),
                    ("body", .string(String(decoding: r.bytes("body") ?? [], as: UTF8.self))),
                ])
            }
        }
    }

    // MARK: Missed calls

    public func recordMissedCall(_ call: MissedCall, window: TimeInterval, newId: String) throws -> MissedCallOutcome {
        try writeAndWait(locks: ["callback:" + (call.callerKey ?? call.callId)]) { db in
            try CallbackRules.record(call, window: window, newId: newId, in: PostgresIntakeStorage(db: db))
        }
    }

    public func callbackTasks(openOnly: Bool, limit: Int) throws -> [CallbackTask] {
        try pool.with { db in
            try db.rows("SELECT * FROM callback_tasks \(openOnly ? "WHERE state = 'open'" : "") ORDER BY first_attempt_at LIMIT $1",
                        [String(max(1, min(limit, 1000)))]).map(PostgresIntakeStorage.task)
        }
    }

    public func finishCallback(id: String, state: CallbackTask.State, ticketId: String?, note: String?, at: Date) throws -> CallbackTask? {
        try writeAndWait { db in
            try CallbackRules.finish(id: id, state: state, ticketId: ticketId, note: note, at: at, in: PostgresIntakeStorage(db: db))
        }
    }

    @discardableResult
    public func closeCallbacks(callerKey: String, answeredBy ticketId: String, at: Date) throws -> Int {
        try writeAndWait(locks: ["callback:" + callerKey]) { db in
            try CallbackRules.answered(callerKey: callerKey, ticketId: ticketId, at: at, in: PostgresIntakeStorage(db: db))
        }
    }

    public func callbackBacklog() throws -> (waiting: Int, oldestAt: Date?) {
        try pool.with { db in
            let r = try db.rows("SELECT COUNT(*) AS n, MIN(first_attempt_at) AS oldest FROM callback_tasks WHERE state = 'open'").first
            return (Int(r?.int("n") ?? 0), r?.int("oldest").map { PG.date($0) })
        }
    }
}

/// Connections for reads and claims. A connection that broke (a server restart) is dropped and the read is tried
/// once more on a new one.
final class PostgresPool: @unchecked Sendable {
    let url: String
    private let idle = Mutex<[PostgresBox]>([])

    init(url: String) { self.url = url }

    func with<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        for attempt in 0..<2 {
            let box = try idle.withLock { $0.popLast() } ?? PostgresBox(try PostgresConnection(url: url))
            do {
                let value = try body(box.connection)
                idle.withLock { if $0.count < 8 { $0.append(box) } }
                return value
            } catch {
                if box.connection.isHealthy {
                    idle.withLock { if $0.count < 8 { $0.append(box) } }
                    throw error
                }
                if attempt == 1 { throw error }
            }
        }
        throw StoreError("unreachable")
    }
}

final class PostgresBox: @unchecked Sendable {
    let connection: PostgresConnection
    init(_ c: PostgresConnection) { connection = c }
}

/// Session advisory locks for the singletons (the IMAP poller, the long-SMS sweeper), each on its own connection.
final class PostgresLeadership: @unchecked Sendable {
    let url: String
    private let held = Mutex<[String: PostgresBox]>([:])
    init(url: String) { self.url = url }

    static func key(_ role: String) -> Int64 { PostgresWriter.lockKey("leader:" + role) }

    func holds(_ role: String) -> Bool {
        held.withLock { h in
            if let box = h[role] {
                if (try? box.connection.run("SELECT 1")) != nil, box.connection.isHealthy { return true }
                h[role] = nil
            }
            guard let c = try? PostgresConnection(url: url),
                  (try? c.rows("SELECT pg_try_advisory_lock($1) AS ok", [String(Self.key(role))]).first?.string("ok")) == "t" else { return false }
            h[role] = PostgresBox(c)
            return true
        }
    }

    func releaseAll() { held.withLock { $0.removeAll() } }
}

extension PostgresTicketStore: RetentionStore {
    /// One small writer transaction per call, so intake commits in between.
    public func purgeRaw(receivedBefore cutoff: Date, limit: Int) throws -> RetentionCounts {
        let before = PG.ms(cutoff), n = String(limit)
        return try writeAndWait { db in
            var counts = RetentionCounts()
            counts.rawRequests = try db.run("""
                UPDATE raw_requests SET body = '\\x'::bytea, headers = '{}' WHERE id IN (
                    SELECT id FROM raw_requests WHERE length(body) > 0 AND received_at < $1 LIMIT $2)
                """, [before, n])
            counts.rejected = try db.run("""
                DELETE FROM rejected WHERE id IN (SELECT id FROM rejected WHERE received_at < $1 ORDER BY received_at LIMIT $2)
                """, [before, n])
            counts.attachments = try db.run("""
                UPDATE attachments SET data = NULL WHERE (ticket_id, position) IN (
                    SELECT a.ticket_id, a.position FROM attachments a JOIN tickets t ON t.id = a.ticket_id
                    WHERE a.data IS NOT NULL AND t.received_at < $1
                      AND EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.state = 'delivered')
                      AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.ticket_id = t.id AND o.state <> 'delivered')
                    LIMIT $2)
                """, [before, n])
            return counts
        }
    }

    public func maskPersonalData(closedBefore cutoff: Date, limit: Int) throws -> Int {
        let before = PG.ms(cutoff), now = PG.ms(Date())
        return try writeAndWait { db in
            let rows = try db.rows("""
                SELECT id, ticket_json FROM tickets
                WHERE closed_at IS NOT NULL AND personal_masked_at IS NULL AND closed_at < $1 AND status = 'closed' LIMIT $2
                FOR UPDATE SKIP LOCKED
                """, [before, String(limit)])
            for row in rows {
                guard let id = row.string("id") else { continue }
                let json = row.string("ticket_json").flatMap { try? JSON.parse($0) }.flatMap { Ticket(json: $0) }
                    .map { $0.withPersonalDataMasked().json().text }
                try db.run("""
                    UPDATE tickets SET phone_key = NULL, open_id = NULL, email = NULL, personal_masked_at = $1,
                           ticket_json = coalesce($2, ticket_json) WHERE id = $3
                    """, [now, json, id])
            }
            return rows.count
        }
    }
}
