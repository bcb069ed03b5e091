/// Versioned migrations for the PostgreSQL store, applied on start under a session advisory lock (several
/// instances starting at once migrate once). Append only. Times are milliseconds since the epoch (as in SQLite),
/// the ticket is kept as the exact JSON text sent to the case system.
enum PostgresSchema {
    /// `pg_advisory_lock` key of the migration lock ("intake-migrate").
    static let migrationLock: Int64 = 0x1234_5_0001

    static let migrations: [(version: Int, sql: String)] = [
        (1, """
        CREATE TABLE raw_requests (
            id BIGSERIAL PRIMARY KEY,
            received_at BIGINT NOT NULL,
            channel TEXT NOT NULL,
            path TEXT NOT NULL,
            content_type TEXT,
            headers TEXT NOT NULL,
            body BYTEA NOT NULL
        );
        CREATE TABLE tickets (
            seq BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            channel_ref TEXT,
            fingerprint TEXT NOT NULL,
            hotline TEXT NOT NULL,
            received_at BIGINT NOT NULL,
            phone_key TEXT,
            open_id TEXT,
            email TEXT,
            request_type TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            repeat_of TEXT,
            cluster_id TEXT,
            case_id TEXT,
            raw_id BIGINT,
            reply TEXT,
            ticket_json TEXT NOT NULL
        );
        CREATE UNIQUE INDEX tickets_idempotency ON tickets(channel, channel_ref) WHERE channel_ref IS NOT NULL;
        CREATE INDEX tickets_phone ON tickets(phone_key, received_at) WHERE phone_key IS NOT NULL;
        CREATE INDEX tickets_open_id ON tickets(open_id, received_at) WHERE open_id IS NOT NULL;
        CREATE INDEX tickets_email ON tickets(email, received_at) WHERE email IS NOT NULL;
        CREATE INDEX tickets_received ON tickets(received_at);
        CREATE TABLE attachments (
            ticket_id TEXT NOT NULL,
            position INTEGER NOT NULL,
            name TEXT NOT NULL,
            content_type TEXT NOT NULL,
            size BIGINT NOT NULL,
            sha256 TEXT NOT NULL,
            data BYTEA,
            PRIMARY KEY (ticket_id, position)
        );
        CREATE TABLE records (
            id BIGSERIAL PRIMARY KEY,
            received_at BIGINT NOT NULL,
            channel TEXT NOT NULL,
            channel_ref TEXT,
            reason TEXT NOT NULL,
            raw_id BIGINT,
            data TEXT
        );
        CREATE UNIQUE INDEX records_idempotency ON records(channel, channel_ref) WHERE channel_ref IS NOT NULL;
        CREATE TABLE rejected (
            id BIGSERIAL PRIMARY KEY,
            received_at BIGINT NOT NULL,
            channel TEXT NOT NULL,
            path TEXT NOT NULL,
            status INTEGER NOT NULL,
            problem TEXT NOT NULL,
            content_type TEXT,
            body BYTEA NOT NULL
        );
        CREATE TABLE outbox (
            seq BIGSERIAL PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            destination TEXT NOT NULL,
            event_type TEXT NOT NULL,
            ticket_id TEXT,
            payload TEXT,
            depends_on TEXT,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at BIGINT NOT NULL,
            next_attempt_at BIGINT NOT NULL,
            lease_owner TEXT,
            lease_until BIGINT,
            delivered_at BIGINT,
            last_status INTEGER,
            last_error TEXT
        );
        CREATE INDEX outbox_due ON outbox(destination, next_attempt_at) WHERE state = 'pending';
        CREATE INDEX outbox_ticket ON outbox(ticket_id);
        CREATE INDEX outbox_dead ON outbox(seq) WHERE state = 'dead';
        CREATE TABLE receipt_counters (
            day TEXT PRIMARY KEY,
            last BIGINT NOT NULL
        );
        CREATE SEQUENCE dedup_caller_seq;
        CREATE TABLE dedup_callers (
            identity TEXT PRIMARY KEY,
            caller BIGINT NOT NULL
        );
        CREATE INDEX dedup_callers_caller ON dedup_callers(caller);
        CREATE TABLE dedup_matters (
            seq BIGINT PRIMARY KEY,
            received_at BIGINT NOT NULL,
            channel TEXT NOT NULL,
            identities TEXT NOT NULL,
            request_type TEXT NOT NULL,
            match_text TEXT NOT NULL,
            topics TEXT NOT NULL,
            lat DOUBLE PRECISION,
            lng DOUBLE PRECISION,
            address TEXT,
            place TEXT,
            root_seq BIGINT NOT NULL,
            cluster_id TEXT
        );
        CREATE TABLE dedup_by_identity (identity TEXT NOT NULL, received_at BIGINT NOT NULL, seq BIGINT NOT NULL,
                                        PRIMARY KEY (identity, received_at, seq));
        CREATE TABLE dedup_by_cell (cell BIGINT NOT NULL, received_at BIGINT NOT NULL, seq BIGINT NOT NULL,
                                    PRIMARY KEY (cell, received_at, seq));
        CREATE TABLE dedup_by_place (place TEXT NOT NULL, received_at BIGINT NOT NULL, seq BIGINT NOT NULL,
                                     PRIMARY KEY (place, received_at, seq));
        CREATE TABLE dedup_by_band (band BIGINT NOT NULL, received_at BIGINT NOT NULL, seq BIGINT NOT NULL,
                                    PRIMARY KEY (band, received_at, seq));
        CREATE TABLE fragments (
            group_key TEXT NOT NULL,
            channel TEXT NOT NULL,
            position INTEGER NOT NULL,
            total INTEGER NOT NULL,
            first_received_at BIGINT NOT NULL,
            received_at BIGINT NOT NULL,
            raw_id BIGINT,
            part_ref TEXT,
            text TEXT NOT NULL,
            submission TEXT NOT NULL,
            PRIMARY KEY (channel, group_key, position)
        );
        CREATE INDEX fragments_age ON fragments(first_received_at);
        CREATE UNIQUE INDEX fragments_part_ref ON fragments(channel, part_ref) WHERE part_ref IS NOT NULL;
        CREATE TABLE fragment_parts (
            channel TEXT NOT NULL,
            part_ref TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            PRIMARY KEY (channel, part_ref)
        );
        CREATE TABLE callback_tasks (
            id TEXT PRIMARY KEY,
            caller_key TEXT,
            caller TEXT,
            dialled TEXT,
            hotline TEXT NOT NULL,
            state TEXT NOT NULL,
            first_attempt_at BIGINT NOT NULL,
            last_attempt_at BIGINT NOT NULL,
            attempts INTEGER NOT NULL,
            max_wait_seconds INTEGER,
            reason TEXT NOT NULL,
            closed_at BIGINT,
            ticket_id TEXT,
            note TEXT
        );
        CREATE INDEX callback_tasks_open ON callback_tasks(state, first_attempt_at);
        CREATE INDEX callback_tasks_caller ON callback_tasks(caller_key, state, first_attempt_at) WHERE caller_key IS NOT NULL;
        CREATE TABLE missed_call_attempts (
            call_id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES callback_tasks(id),
            at BIGINT NOT NULL,
            wait_seconds INTEGER
        );
        """),
        (2, """
        ALTER TABLE tickets ADD COLUMN closed_at BIGINT;
        ALTER TABLE tickets ADD COLUMN personal_masked_at BIGINT;
        CREATE INDEX tickets_closed_unmasked ON tickets(closed_at) WHERE closed_at IS NOT NULL AND personal_masked_at IS NULL;
        CREATE INDEX raw_requests_kept ON raw_requests(received_at) WHERE length(body) > 0;
        CREATE INDEX rejected_received ON rejected(received_at);
        CREATE INDEX attachments_kept ON attachments(ticket_id) WHERE data IS NOT NULL;
        """),
        // The case system's state changes, ordered and remembered (see SQLiteSchema.caseEvents).
        (3, """
        ALTER TABLE tickets ADD COLUMN state_at BIGINT;
        CREATE TABLE case_events (
            id TEXT PRIMARY KEY,
            ticket_id TEXT NOT NULL,
            state TEXT NOT NULL,
            at BIGINT NOT NULL,
            applied BOOLEAN NOT NULL
        );
        """),
        // The case id each destination answered with, on its own event (as SQLite's version 15).
        (15, """
        ALTER TABLE outbox ADD COLUMN case_id TEXT;
        """),
        // The operators' console (as SQLite's version 6): accounts, sessions and API tokens shared by every instance,
        // and the audit trail, which triggers keep append-only (UPDATE, DELETE and TRUNCATE are refused).
        (16, """
        CREATE TABLE operators (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            password_hash TEXT NOT NULL,
            disabled BOOLEAN NOT NULL DEFAULT false,
            failed_logins INTEGER NOT NULL DEFAULT 0,
            locked_until BIGINT,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE operator_sessions (
            token_hash TEXT PRIMARY KEY,
            operator TEXT NOT NULL,
            csrf TEXT NOT NULL,
            expires_at BIGINT NOT NULL
        );
        CREATE INDEX operator_sessions_operator ON operator_sessions(operator);
        CREATE INDEX operator_sessions_expiry ON operator_sessions(expires_at);
        CREATE TABLE operator_tokens (
            token_hash TEXT PRIMARY KEY,
            operator TEXT NOT NULL,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE audit_log (
            id BIGSERIAL PRIMARY KEY,
            at BIGINT NOT NULL,
            operator TEXT NOT NULL,
            action TEXT NOT NULL,
            ticket_id TEXT,
            source TEXT,
            reason TEXT,
            detail TEXT
        );
        CREATE INDEX audit_log_ticket ON audit_log(ticket_id, id) WHERE ticket_id IS NOT NULL;
        CREATE INDEX audit_log_action ON audit_log(action, id);
        CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'the audit trail is append-only';
        END
        $$;
        CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
        CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
            FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
        """),
        // Every delivery attempt (as SQLite's version 16), the last DeliveryAttempt.kept per event.
        (17, """
        CREATE TABLE delivery_attempts (
            id BIGSERIAL PRIMARY KEY,
            event_id TEXT NOT NULL,
            at BIGINT NOT NULL,
            destination TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status INTEGER,
            error TEXT,
            duration_ms INTEGER,
            next_attempt_at BIGINT
        );
        CREATE INDEX delivery_attempts_event ON delivery_attempts(event_id, id);
        """),
        // A cluster's members and an original's repeats by index (as SQLite's version 17).
        (18, """
        CREATE INDEX tickets_cluster ON tickets(cluster_id, seq) WHERE cluster_id IS NOT NULL;
        CREATE INDEX tickets_repeat_of ON tickets(repeat_of) WHERE repeat_of IS NOT NULL;
        """),
        // The gateway's own keys (as SQLite's version 18): the tracking-code key, shared by every instance.
        (19, """
        CREATE TABLE gateway_keys (
            name TEXT PRIMARY KEY,
            value BYTEA NOT NULL,
            created_at BIGINT NOT NULL
        );
        """),
    ]
}
