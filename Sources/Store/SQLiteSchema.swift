/// Versioned migrations for the SQLite store. Append only: a deployed version is never edited.
enum SQLiteSchema {
    static let migrations: [(version: Int, sql: String)] = [
        (1, """
        CREATE TABLE raw_requests (
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            path TEXT NOT NULL,
            content_type TEXT,
            headers TEXT NOT NULL,
            body BLOB NOT NULL
        );
        CREATE TABLE tickets (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            receipt_no TEXT NOT NULL UNIQUE,
            channel TEXT NOT NULL,
            channel_ref TEXT,
            fingerprint TEXT NOT NULL,
            hotline TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            phone_key TEXT,
            open_id TEXT,
            email TEXT,
            request_type TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'open',
            repeat_of TEXT,
            cluster_id TEXT,
            case_id TEXT,
            raw_id INTEGER REFERENCES raw_requests(id),
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
            size INTEGER NOT NULL,
            sha256 TEXT NOT NULL,
            data BLOB,
            PRIMARY KEY (ticket_id, position)
        );
        CREATE TABLE records (
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            channel_ref TEXT,
            reason TEXT NOT NULL,
            raw_id INTEGER REFERENCES raw_requests(id),
            data TEXT
        );
        CREATE UNIQUE INDEX records_idempotency ON records(channel, channel_ref) WHERE channel_ref IS NOT NULL;
        CREATE TABLE rejected (
            id INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            path TEXT NOT NULL,
            status INTEGER NOT NULL,
            problem TEXT NOT NULL,
            content_type TEXT,
            body BLOB NOT NULL
        );
        CREATE TABLE outbox (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            destination TEXT NOT NULL,
            event_type TEXT NOT NULL,
            ticket_id TEXT,
            payload TEXT,
            depends_on TEXT,
            state TEXT NOT NULL DEFAULT 'pending',
            attempts INTEGER NOT NULL DEFAULT 0,
            created_at INTEGER NOT NULL,
            next_attempt_at INTEGER NOT NULL,
            lease_owner TEXT,
            lease_until INTEGER,
            delivered_at INTEGER,
            last_status INTEGER,
            last_error TEXT
        );
        CREATE INDEX outbox_due ON outbox(state, destination, next_attempt_at);
        CREATE INDEX outbox_ticket ON outbox(ticket_id);
        CREATE TABLE receipt_counters (
            day TEXT PRIMARY KEY,
            last INTEGER NOT NULL
        );
        """),
        (2, """
        CREATE TABLE dedup_callers (
            identity TEXT PRIMARY KEY,
            caller INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX dedup_callers_caller ON dedup_callers(caller);
        CREATE TABLE dedup_matters (
            seq INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            channel TEXT NOT NULL,
            identities TEXT NOT NULL,
            request_type TEXT NOT NULL,
            match_text TEXT NOT NULL,
            topics TEXT NOT NULL,
            lat REAL,
            lng REAL,
            address TEXT,
            place TEXT,
            root_seq INTEGER NOT NULL,
            cluster_id TEXT
        );
        CREATE TABLE dedup_by_identity (
            identity TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (identity, received_at, seq)
        ) WITHOUT ROWID;
        CREATE TABLE dedup_by_cell (
            cell INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (cell, received_at, seq)
        ) WITHOUT ROWID;
        CREATE TABLE dedup_by_place (
            place TEXT NOT NULL,
            received_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (place, received_at, seq)
        ) WITHOUT ROWID;
        CREATE TABLE dedup_by_band (
            band INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            seq INTEGER NOT NULL,
            PRIMARY KEY (band, received_at, seq)
        ) WITHOUT ROWID;
        """),
    ]
}
