extension SQLiteSchema {
    /// Version 8: retention. When a ticket was closed (tickets closed before this version count from the upgrade),
    /// when its personal data was masked, and the indexes that let the purge find old rows without scanning.
    static let retention: (version: Int, sql: String) = (8, """
        ALTER TABLE tickets ADD COLUMN closed_at INTEGER;
        ALTER TABLE tickets ADD COLUMN personal_masked_at INTEGER;
        UPDATE tickets SET closed_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000 WHERE status = 'closed';
        CREATE INDEX tickets_closed_unmasked ON tickets(closed_at) WHERE closed_at IS NOT NULL AND personal_masked_at IS NULL;
        CREATE INDEX raw_requests_kept ON raw_requests(received_at) WHERE length(body) > 0;
        CREATE INDEX rejected_received ON rejected(received_at);
        CREATE INDEX attachments_kept ON attachments(ticket_id) WHERE data IS NOT NULL;
        """)
}
