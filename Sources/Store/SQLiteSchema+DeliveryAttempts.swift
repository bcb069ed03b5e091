extension SQLiteSchema {
    /// Version 16: every delivery attempt (time, destination, outcome, HTTP status or error, duration, next retry),
    /// written by the forwarder with its results; the last `DeliveryAttempt.kept` of each event are kept.
    static let deliveryAttempts: (version: Int, sql: String) = (16, """
        CREATE TABLE delivery_attempts (
            id INTEGER PRIMARY KEY,
            event_id TEXT NOT NULL,
            at INTEGER NOT NULL,
            destination TEXT NOT NULL,
            outcome TEXT NOT NULL,
            status INTEGER,
            error TEXT,
            duration_ms INTEGER,
            next_attempt_at INTEGER
        );
        CREATE INDEX delivery_attempts_event ON delivery_attempts(event_id, id);
        """)
}
