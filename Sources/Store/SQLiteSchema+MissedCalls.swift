extension SQLiteSchema {
    /// Version 7: missed calls (漏接回拨). One callback task per caller per window, each attempt kept by its call id.
    static let missedCalls: (version: Int, sql: String) = (7, """
        CREATE TABLE callback_tasks (
            id TEXT PRIMARY KEY,
            caller_key TEXT,
            caller TEXT,
            dialled TEXT,
            hotline TEXT NOT NULL,
            state TEXT NOT NULL,
            first_attempt_at INTEGER NOT NULL,
            last_attempt_at INTEGER NOT NULL,
            attempts INTEGER NOT NULL,
            max_wait_seconds INTEGER,
            reason TEXT NOT NULL,
            closed_at INTEGER,
            ticket_id TEXT,
            note TEXT
        );
        CREATE INDEX callback_tasks_open ON callback_tasks(state, first_attempt_at);
        CREATE INDEX callback_tasks_caller ON callback_tasks(caller_key, state, first_attempt_at) WHERE caller_key IS NOT NULL;
        CREATE TABLE missed_call_attempts (
            call_id TEXT PRIMARY KEY,
            task_id TEXT NOT NULL REFERENCES callback_tasks(id),
            at INTEGER NOT NULL,
            wait_seconds INTEGER
        );
        """)
}
