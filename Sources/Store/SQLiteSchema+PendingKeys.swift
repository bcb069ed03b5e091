extension SQLiteSchema {
    /// Version 19: a matter the in-memory dedup view holds has no rows in the four key tables
    /// (`dedup_by_identity/cell/place/band`) until the view drops it: its keys wait in `pending_keys` (a JSON object,
    /// see `DedupKeys`), and are written (the column set to NULL) before the view lets go of it, at open for what the
    /// view does not load, and by `migrate-store`. NULL: the rows are written. Rows of earlier versions have theirs.
    static let pendingKeys: (version: Int, sql: String) = (19, """
        ALTER TABLE dedup_matters ADD COLUMN pending_keys TEXT;
        CREATE INDEX dedup_matters_pending ON dedup_matters(received_at) WHERE pending_keys IS NOT NULL;
        """)
}
