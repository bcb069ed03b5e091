import Foundation
import IntakeCore
import Postgres

/// The console's tables in the PostgreSQL database the tickets are in, shared by every gateway on it: a session
/// opened at one instance is valid at the others, and the lockout counter is one row updated atomically by the
/// server. Each call is one statement on a pooled connection (autocommit); the audit trail is append-only by trigger.
public final class PostgresConsoleStore: ConsoleStore, @unchecked Sendable {
    private let pool: PostgresPool

    /// Connects and applies any missing migrations (the console's tables included).
    public init(url: String) throws {
        try PostgresTicketStore.migrate(url: url)
        pool = PostgresPool(url: url)
    }

    private static func account(_ r: PGRow) -> OperatorAccount {
        OperatorAccount(name: r.string("name") ?? "", role: r.string("role") ?? "viewer", passwordHash: r.string("password_hash") ?? "",
                        disabled: r.string("disabled") == "t", failedLogins: Int(r.int("failed_logins") ?? 0),
                        lockedUntil: r.int("locked_until").map { PG.date($0) }, createdAt: PG.date(r.int("created_at")))
    }

    public func operatorAccount(named name: String) throws -> OperatorAccount? {
        try pool.with { try $0.rows("SELECT * FROM operators WHERE name = $1", [name]).first.map(Self.account) }
    }

    public func operatorAccounts() throws -> [OperatorAccount] {
        try pool.with { try $0.rows("SELECT * FROM operators ORDER BY name").map(Self.account) }
    }

    public func saveOperator(_ a: OperatorAccount) throws {
        _ = try pool.with { db in
            try db.run("""
                INSERT INTO operators (name, role, password_hash, disabled, failed_logins, locked_until, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7)
                ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash,
                    disabled = excluded.disabled, failed_logins = excluded.failed_logins, locked_until = excluded.locked_until
                """, [a.name, a.role, a.passwordHash, a.disabled ? "true" : "false", String(a.failedLogins), a.lockedUntil.map(PG.ms),
                      PG.ms(a.createdAt)])
        }
    }

    public func recordFailedLogin(name: String, now: Date, lockAfter attempts: Int, lockFor seconds: Double) throws -> OperatorAccount? {
        // One UPDATE: the row lock orders concurrent failures at several instances, and every SET expression reads the
        // row as it was before this statement (see SQLiteConsoleStore for the rule).
        let count = "(CASE WHEN locked_until IS NULL THEN failed_logins ELSE 0 END) + 1"
        return try pool.with { db in
            try db.rows("""
                UPDATE operators SET
                    failed_logins = CASE WHEN locked_until > $1 THEN failed_logins ELSE \(count) END,
                    locked_until = CASE WHEN locked_until > $1 THEN locked_until WHEN \(count) >= $2 THEN $3::bigint ELSE NULL END
                WHERE name = $4 RETURNING *
                """, [PG.ms(now), String(max(1, attempts)), PG.ms(now.addingTimeInterval(seconds)), name]).first.map(Self.account)
        }
    }

    public func recordSuccessfulLogin(name: String, now: Date) throws {
        _ = try pool.with { db in
            try db.run("UPDATE operators SET failed_logins = 0, locked_until = NULL WHERE name = $1 AND (locked_until IS NULL OR locked_until <= $2)",
                       [name, PG.ms(now)])
        }
    }

    public func createSession(_ s: OperatorSession) throws {
        try pool.with { db in
            try db.run("DELETE FROM operator_sessions WHERE expires_at < $1", [PG.ms(Date())])
            try db.run("INSERT INTO operator_sessions (token_hash, operator, csrf, expires_at) VALUES ($1, $2, $3, $4)",
                       [s.tokenHash, s.operatorName, s.csrf, PG.ms(s.expiresAt)])
        }
    }

    public func session(tokenHash: String) throws -> OperatorSession? {
        try pool.with { db in
            try db.rows("SELECT * FROM operator_sessions WHERE token_hash = $1", [tokenHash]).first.map { r in
                OperatorSession(tokenHash: tokenHash, operatorName: r.string("operator") ?? "", csrf: r.string("csrf") ?? "",
                                expiresAt: PG.date(r.int("expires_at")))
            }
        }
    }

    public func deleteSession(tokenHash: String) throws {
        _ = try pool.with { try $0.run("DELETE FROM operator_sessions WHERE token_hash = $1", [tokenHash]) }
    }

    public func deleteSessions(operatorName: String) throws {
        _ = try pool.with { try $0.run("DELETE FROM operator_sessions WHERE operator = $1", [operatorName]) }
    }

    public func addAPIToken(hash: String, operatorName: String, at: Date) throws {
        _ = try pool.with { try $0.run("INSERT INTO operator_tokens (token_hash, operator, created_at) VALUES ($1, $2, $3)", [hash, operatorName, PG.ms(at)]) }
    }

    public func operatorName(forTokenHash hash: String) throws -> String? {
        try pool.with { try $0.rows("SELECT operator FROM operator_tokens WHERE token_hash = $1", [hash]).first?.string("operator") }
    }

    public func appendAudit(_ e: AuditEntry) throws {
        _ = try pool.with { db in
            try db.run("INSERT INTO audit_log (at, operator, action, ticket_id, source, reason, detail) VALUES ($1, $2, $3, $4, $5, $6, $7)",
                       [PG.ms(e.at), e.actor, e.action, e.ticketId, e.source, e.reason, e.detail])
        }
    }

    public func audit(limit: Int, ticketId: String?, action: String?) throws -> [AuditEntry] {
        try pool.with { db in
            var clauses: [String] = []
            var params: [String?] = []
            if let ticketId { params.append(ticketId); clauses.append("ticket_id = $\(params.count)") }
            if let action { params.append(action); clauses.append("action = $\(params.count)") }
            params.append(String(max(1, min(limit, 1000))))
            let whereClause = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
            return try db.rows("SELECT * FROM audit_log \(whereClause) ORDER BY id DESC LIMIT $\(params.count)", params).map { r in
                AuditEntry(id: r.int("id") ?? 0, at: PG.date(r.int("at")), actor: r.string("operator") ?? "", action: r.string("action") ?? "",
                           ticketId: r.string("ticket_id"), source: r.string("source"), reason: r.string("reason"), detail: r.string("detail"))
            }
        }
    }

    public func key(named name: String, orCreate candidate: [UInt8]) throws -> [UInt8] {
        try pool.with { db in
            try db.run("INSERT INTO gateway_keys (name, value, created_at) VALUES ($1, $2::bytea, $3) ON CONFLICT (name) DO NOTHING",
                       [name, PG.bytea(candidate), PG.ms(Date())])
            guard let key = try db.rows("SELECT value FROM gateway_keys WHERE name = $1", [name]).first?.bytes("value") else {
                throw StoreError("the key \(name) could not be read back")
            }
            return key
        }
    }

    public func ticketCounts(since hour: Date, day: Date) throws -> [ChannelCounts] {
        try pool.with { db in
            try db.rows("""
                SELECT channel, SUM(CASE WHEN received_at >= $1 THEN 1 ELSE 0 END) AS hour, COUNT(*) AS day
                FROM tickets WHERE received_at >= $2 GROUP BY channel ORDER BY channel
                """, [PG.ms(hour), PG.ms(day)]).map { r in
                ChannelCounts(channel: r.string("channel") ?? "?", lastHour: Int(r.int("hour") ?? 0), lastDay: Int(r.int("day") ?? 0))
            }
        }
    }
}
