import Foundation
import IntakeCore
import SQLite
import Synchronization

/// The console's tables in the SQLite database file, on a connection of their own (so the `operator` command can
/// manage accounts while a gateway serves the same file; SQLite's locking and the busy timeout settle the rest).
public final class SQLiteConsoleStore: ConsoleStore, @unchecked Sendable {
    private let db: SQLiteConnection
    private let lock = NSLock()

    /// Opens the file and applies any missing migrations (the console's tables included).
    public init(path: String) throws {
        _ = try SQLiteTicketStore.migrate(path: path)
        db = try SQLiteConnection(path: path)
        db.setBusyTimeout(milliseconds: 5000)
        _ = try db.pragma("synchronous", "FULL")
    }

    private func with<T>(_ body: (SQLiteConnection) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(db)
    }

    private static func ms(_ d: Date) -> SQLiteValue { .integer(Int64((d.timeIntervalSince1970 * 1000).rounded())) }
    private static func date(_ v: Int64?) -> Date? { v.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
    private static func text(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }

    private static func account(_ r: SQLiteRow) -> OperatorAccount {
        OperatorAccount(name: r.string("name") ?? "", role: r.string("role") ?? "viewer", passwordHash: r.string("password_hash") ?? "",
                        disabled: (r.int("disabled") ?? 0) != 0, failedLogins: Int(r.int("failed_logins") ?? 0),
                        lockedUntil: date(r.int("locked_until")), createdAt: date(r.int("created_at")) ?? Date(timeIntervalSince1970: 0))
    }

    public func operatorAccount(named name: String) throws -> OperatorAccount? {
        try with { try $0.query("SELECT * FROM operators WHERE name = ?", [.text(name)]).first.map(Self.account) }
    }

    public func operatorAccounts() throws -> [OperatorAccount] {
        try with { try $0.query("SELECT * FROM operators ORDER BY name").map(Self.account) }
    }

    public func saveOperator(_ a: OperatorAccount) throws {
        _ = try with { db in
            try db.run("""
                INSERT INTO operators (name, role, password_hash, disabled, failed_logins, locked_until, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash,
                    disabled = excluded.disabled, failed_logins = excluded.failed_logins, locked_until = excluded.locked_until
                """, [.text(a.name), .text(a.role), .text(a.passwordHash), .integer(a.disabled ? 1 : 0), .integer(Int64(a.failedLogins)),
                      a.lockedUntil.map(Self.ms) ?? .null, Self.ms(a.createdAt)])
        }
    }

    public func recordFailedLogin(name: String, now: Date, lockAfter attempts: Int, lockFor seconds: Double) throws -> OperatorAccount? {
        // `count` is the failure count this one makes: 1 after an expired lock, else one more than before. All SET
        // expressions read the row as it was, and the statement runs under SQLite's write lock.
        let count = "(CASE WHEN locked_until IS NULL THEN failed_logins ELSE 0 END) + 1"
        return try with { db in
            try db.query("""
                UPDATE operators SET
                    failed_logins = CASE WHEN locked_until > ?1 THEN failed_logins ELSE \(count) END,
                    locked_until = CASE WHEN locked_until > ?1 THEN locked_until WHEN \(count) >= ?2 THEN ?3 ELSE NULL END
                WHERE name = ?4 RETURNING *
                """, [Self.ms(now), .integer(Int64(max(1, attempts))), Self.ms(now.addingTimeInterval(seconds)), .text(name)])
                .first.map(Self.account)
        }
    }

    public func recordSuccessfulLogin(name: String, now: Date) throws {
        _ = try with { db in
            try db.run("UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE name = ? AND (locked_until IS NULL OR locked_until <= ?)",
                       [.text(name), Self.ms(now)])
        }
    }

    public func createSession(_ s: OperatorSession) throws {
        _ = try with { db in
            try db.run("DELETE FROM operator_sessions WHERE expires_at < ?", [Self.ms(Date())])
            return try db.run("INSERT INTO operator_sessions (token_hash, operator, csrf, expires_at) VALUES (?, ?, ?, ?)",
                              [.text(s.tokenHash), .text(s.operatorName), .text(s.csrf), Self.ms(s.expiresAt)])
        }
    }

    public func session(tokenHash: String) throws -> OperatorSession? {
        try with { db in
            try db.query("SELECT * FROM operator_sessions WHERE token_hash = ?", [.text(tokenHash)]).first.map { r in
                OperatorSession(tokenHash: tokenHash, operatorName: r.string("operator") ?? "", csrf: r.string("csrf") ?? "",
                                expiresAt: Self.date(r.int("expires_at")) ?? Date(timeIntervalSince1970: 0))
            }
        }
    }

    public func deleteSession(tokenHash: String) throws {
        _ = try with { try $0.run("DELETE FROM operator_sessions WHERE token_hash = ?", [.text(tokenHash)]) }
    }

    public func deleteSessions(operatorName: String) throws {
        _ = try with { try $0.run("DELETE FROM operator_sessions WHERE operator = ?", [.text(operatorName)]) }
    }

    public func addAPIToken(hash: String, operatorName: String, at: Date) throws {
        _ = try with { try $0.run("INSERT INTO operator_tokens (token_hash, operator, created_at) VALUES (?, ?, ?)",
                                  [.text(hash), .text(operatorName), Self.ms(at)]) }
    }

    public func operatorName(forTokenHash hash: String) throws -> String? {
        try with { try $0.query("SELECT operator FROM operator_tokens WHERE token_hash = ?", [.text(hash)]).first?.string("operator") }
    }

    public func appendAudit(_ e: AuditEntry) throws {
        _ = try with { db in
            try db.run("INSERT INTO audit_log (at, operator, action, ticket_id, source, reason, detail) VALUES (?, ?, ?, ?, ?, ?, ?)",
                       [Self.ms(e.at), .text(e.actor), .text(e.action), Self.text(e.ticketId), Self.text(e.source), Self.text(e.reason),
                        Self.text(e.detail)])
        }
    }

    public func audit(limit: Int, ticketId: String?, action: String?) throws -> [AuditEntry] {
        try with { db in
            var clauses: [String] = []
            var bindings: [SQLiteValue] = []
            if let ticketId { clauses.append("ticket_id = ?"); bindings.append(.text(ticketId)) }
            if let action { clauses.append("action = ?"); bindings.append(.text(action)) }
            bindings.append(.integer(Int64(max(1, min(limit, 1000)))))
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try db.query("SELECT * FROM audit_log \(whereClause) ORDER BY id DESC LIMIT ?", bindings).map { r in
                AuditEntry(id: r.int("id") ?? 0, at: Self.date(r.int("at")) ?? Date(timeIntervalSince1970: 0), actor: r.string("operator") ?? "",
                           action: r.string("action") ?? "", ticketId: r.string("ticket_id"), source: r.string("source"),
                           reason: r.string("reason"), detail: r.string("detail"))
            }
        }
    }

    public func key(named name: String, orCreate candidate: [UInt8]) throws -> [UInt8] {
        try with { db in
            try db.run("INSERT INTO gateway_keys (name, value, created_at) VALUES (?, ?, ?) ON CONFLICT(name) DO NOTHING",
                       [.text(name), .blob(candidate), Self.ms(Date())])
            guard let row = try db.query("SELECT value FROM gateway_keys WHERE name = ?", [.text(name)]).first, case .blob(let key)? = row.columns.first
            else { throw StoreError("the key \(name) could not be read back") }
            return key
        }
    }

    public func ticketCounts(since hour: Date, day: Date) throws -> [ChannelCounts] {
        try with { db in
            try db.query("""
                SELECT channel, SUM(CASE WHEN received_at >= ? THEN 1 ELSE 0 END) AS hour, COUNT(*) AS day
                FROM tickets WHERE received_at >= ? GROUP BY channel ORDER BY channel
                """, [Self.ms(hour), Self.ms(day)]).map { r in
                ChannelCounts(channel: r.string("channel") ?? "?", lastHour: Int(r.int("hour") ?? 0), lastDay: Int(r.int("day") ?? 0))
            }
        }
    }
}

/// The console's storage in memory (with the `memory:` store, for tests); the audit trail is append-only here too.
public final class MemoryConsoleStore: ConsoleStore, Sendable {
    private struct State {
        var operators: [String: OperatorAccount] = [:]
        var sessions: [String: OperatorSession] = [:]
        var tokens: [String: String] = [:]
        var audit: [AuditEntry] = []
        var keys: [String: [UInt8]] = [:]
    }
    private let state = Mutex(State())
    /// Where ticket counts come from (the in-memory ticket store), if anywhere.
    private let tickets: (@Sendable (Date) throws -> [StoredTicket])?

    public init(tickets: (@Sendable (Date) throws -> [StoredTicket])? = nil) { self.tickets = tickets }

    public func operatorAccount(named name: String) throws -> OperatorAccount? { state.withLock { $0.operators[name] } }
    public func operatorAccounts() throws -> [OperatorAccount] { state.withLock { $0.operators.values.sorted { $0.name < $1.name } } }
    public func saveOperator(_ account: OperatorAccount) throws {
        state.withLock { s in
            var a = account
            if let old = s.operators[a.name] { a.createdAt = old.createdAt }
            s.operators[a.name] = a
        }
    }
    public func recordFailedLogin(name: String, now: Date, lockAfter attempts: Int, lockFor seconds: Double) throws -> OperatorAccount? {
        state.withLock { s in
            guard var a = s.operators[name] else { return nil }
            if let until = a.lockedUntil, until > now { return a }
            a.failedLogins = (a.lockedUntil == nil ? a.failedLogins : 0) + 1
            a.lockedUntil = a.failedLogins >= max(1, attempts) ? now.addingTimeInterval(seconds) : nil
            s.operators[name] = a
            return a
        }
    }
    public func recordSuccessfulLogin(name: String, now: Date) throws {
        state.withLock { s in
            guard var a = s.operators[name], (a.lockedUntil.map { $0 <= now } ?? true) else { return }
            a.failedLogins = 0
            a.lockedUntil = nil
            s.operators[name] = a
        }
    }
    public func createSession(_ session: OperatorSession) throws { state.withLock { $0.sessions[session.tokenHash] = session } }
    public func session(tokenHash: String) throws -> OperatorSession? { state.withLock { $0.sessions[tokenHash] } }
    public func deleteSession(tokenHash: String) throws { _ = state.withLock { $0.sessions.removeValue(forKey: tokenHash) } }
    public func deleteSessions(operatorName: String) throws {
        state.withLock { s in s.sessions = s.sessions.filter { $0.value.operatorName != operatorName } }
    }
    public func addAPIToken(hash: String, operatorName: String, at: Date) throws { state.withLock { $0.tokens[hash] = operatorName } }
    public func operatorName(forTokenHash hash: String) throws -> String? { state.withLock { $0.tokens[hash] } }
    public func appendAudit(_ entry: AuditEntry) throws {
        state.withLock { s in
            var e = entry
            e.id = Int64(s.audit.count + 1)
            s.audit.append(e)
        }
    }
    public func audit(limit: Int, ticketId: String?, action: String?) throws -> [AuditEntry] {
        state.withLock { s in
            Array(s.audit.reversed().filter { (ticketId == nil || $0.ticketId == ticketId) && (action == nil || $0.action == action) }.prefix(limit))
        }
    }
    public func key(named name: String, orCreate candidate: [UInt8]) throws -> [UInt8] {
        state.withLock { s in
            if let key = s.keys[name] { return key }
            s.keys[name] = candidate
            return candidate
        }
    }

    public func ticketCounts(since hour: Date, day: Date) throws -> [ChannelCounts] {
        guard let tickets else { return [] }
        var counts: [String: ChannelCounts] = [:]
        for t in try tickets(day) {
            let c = t.ticket.channel.rawValue
            var entry = counts[c] ?? ChannelCounts(channel: c, lastHour: 0, lastDay: 0)
            entry.lastDay += 1
            if t.ticket.receivedAt >= hour { entry.lastHour += 1 }
            counts[c] = entry
        }
        return counts.values.sorted { $0.channel < $1.channel }
    }
}
