extension SQLiteSchema {
    /// Version 17: a cluster's members and a original's repeats are found by index (an incident cluster event names
    /// every member; a cluster formed on a ticket marks its repeats too).
    static let clusters: (version: Int, sql: String) = (17, """
        CREATE INDEX tickets_cluster ON tickets(cluster_id, seq) WHERE cluster_id IS NOT NULL;
        CREATE INDEX tickets_repeat_of ON tickets(repeat_of) WHERE repeat_of IS NOT NULL;
        """)
}
