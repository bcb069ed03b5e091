extension SQLiteSchema {
    /// Version 6: the operators' console. Accounts, sessions and API tokens (tokens kept only as SHA-256), and the
    /// audit trail, which triggers keep append-only.
    static let console: (version: Int, sql: String) = (6, """
        CREATE TABLE operators (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until INTEGER,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE operator_sessions (
            token_hash TEXT PRIMARY KEY,
            operator TEXT NOT NULL,
            csrf TEXT NOT NULL,
            expires_at INTEGER NOT NULL
        );
        CREATE INDEX operator_sessions_operator ON operator_sessions(operator);
        CREATE TABLE operator_tokens (
            token_hash TEXT PRIMARY KEY,
            operator TEXT NOT NULL,
            created_at INTEGER NOT NULL
        );
        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at INTEGER NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            ticket_id TEXT,
            source TEXT,
            reason TEXT,
            detail TEXT
        );
        CREATE INDEX audit_log_ticket ON audit_log(ticket_id, id) WHERE ticket_id IS NOT NULL;
        CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END;
        """)
}
