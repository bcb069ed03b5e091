extension SQLiteSchema {
    /// Version 18: the gateway's own keys (the tracking-code key), in the database so `backup` carries them and a
    /// restore brings them back.
    static let gatewayKeys: (version: Int, sql: String) = (18, """
        CREATE TABLE gateway_keys (
            name TEXT PRIMARY KEY,
            value BLOB NOT NULL,
            created_at INTEGER NOT NULL
        );
        """)
}
