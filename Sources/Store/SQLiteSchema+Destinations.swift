extension SQLiteSchema {
    /// Version 15: the case id each destination answered with, kept on its own event (a repeat to that destination
    /// carries it), besides the ticket's first one.
    static let destinations: (version: Int, sql: String) = (15, """
        ALTER TABLE outbox ADD COLUMN case_id TEXT;
        """)
}
