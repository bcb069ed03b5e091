extension SQLiteSchema {
    /// Version 3: parts of multi-part messages (long SMS) waiting for their siblings, and events that are not
    /// about a ticket's creation (110 return notices) keep their body in `outbox.payload` (already there).
    static let fragments: (version: Int, sql: String) = (3, """
        CREATE TABLE fragments (
            group_key TEXT NOT NULL,
            channel TEXT NOT NULL,
            position INTEGER NOT NULL,
            total INTEGER NOT NULL,
            first_received_at INTEGER NOT NULL,
            received_at INTEGER NOT NULL,
            raw_id INTEGER,
            text TEXT NOT NULL,
            submission TEXT NOT NULL,
            PRIMARY KEY (channel, group_key, position)
        );
        CREATE INDEX fragments_age ON fragments(first_received_at);
        """)

    /// Every migration, in version order.
    static var all: [(version: Int, sql: String)] {
        (migrations + [fragments]).sorted { $0.version < $1.version }
    }
}
