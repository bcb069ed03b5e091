extension SQLiteSchema {
    /// Version 4: the case system's reply to the citizen, from its `case.closed` callback (shown on /track).
    static let replies: (version: Int, sql: String) = (4, """
        ALTER TABLE tickets ADD COLUMN reply TEXT;
        """)
}
