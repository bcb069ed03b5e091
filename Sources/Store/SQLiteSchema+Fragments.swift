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
            part_ref TEXT,
            text TEXT NOT NULL,
            submission TEXT NOT NULL,
            PRIMARY KEY (channel, group_key, position)
        );
        CREATE INDEX fragments_age ON fragments(first_received_at);
        CREATE UNIQUE INDEX fragments_part_ref ON fragments(channel, part_ref) WHERE part_ref IS NOT NULL;
        -- Each part's own id once its message became a ticket: a carrier's late retry of a part finds its ticket here,
        -- while a new message that happens to reuse the 8-bit reference starts a new set.
        CREATE TABLE fragment_parts (
            channel TEXT NOT NULL,
            part_ref TEXT NOT NULL,
            ticket_id TEXT NOT NULL,
            PRIMARY KEY (channel, part_ref)
        );
        """)

    /// Every migration, in version order.
    static var all: [(version: Int, sql: String)] {
        (migrations + [fragments, replies, routing, console, missedCalls, retention, caseEvents, destinations, deliveryAttempts, clusters, gatewayKeys, pendingKeys]).sorted { $0.version < $1.version }
    }
}
