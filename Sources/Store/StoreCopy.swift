import Foundation
import IntakeCore
import Postgres
import SQLite

/// `intake-gateway migrate-store`: copies a SQLite store into an empty PostgreSQL database, row for row, keeping
/// every id, sequence number, receipt number and delivery state (pending events stay pending, with their attempts
/// and next attempt time; leases are not copied). One transaction on the target: a failed copy leaves it empty.
public enum StoreCopy {
    /// Tables in dependency order. The console's accounts, API tokens and audit trail move too; its sessions do not
    /// (operators log in again on the new database).
    static let tables = [
        "raw_requests", "tickets", "attachments", "records", "rejected", "outbox", "receipt_counters",
        "dedup_callers", "dedup_matters", "dedup_by_identity", "dedup_by_cell", "dedup_by_place", "dedup_by_band",
        "fragments", "fragment_parts", "callback_tasks", "missed_call_attempts", "case_events",
        "operators", "operator_tokens", "audit_log", "delivery_attempts", "gateway_keys",
    ]
    /// Sequences to move past the copied ids: (sequence, table, column).
    static let sequences = [
        ("raw_requests_id_seq", "raw_requests", "id"), ("tickets_seq_seq", "tickets", "seq"), ("records_id_seq", "records", "id"),
        ("rejected_id_seq", "rejected", "id"), ("outbox_seq_seq", "outbox", "seq"), ("dedup_caller_seq", "dedup_callers", "caller"),
        ("audit_log_id_seq", "audit_log", "id"), ("delivery_attempts_id_seq", "delivery_attempts", "id"),
    ]

    public struct Count: Sendable, Equatable {
        public var table: String
        /// Rows in SQLite; for a key table, with the rows the matters' `pending_keys` stand for.
        public var source: Int
        public var target: Int
    }

    /// Copies and verifies; throws when the target holds tickets, events or journal entries already, or when a
    /// table's count differs after the copy (nothing is committed then).
    public static func sqliteToPostgres(sqlitePath: String, postgresURL: String, progress: (String, Int) -> Void = { _, _ in }) throws -> [Count] {
        guard FileManager.default.fileExists(atPath: sqlitePath) else { throw StoreError("no SQLite database at \(sqlitePath)") }
        // Bring the source to the current schema first (the same migrations serve applies), then read it.
        _ = try SQLiteTicketStore.migrate(path: sqlitePath)
        let source = try SQLiteConnection(path: sqlitePath, readOnly: true)
        source.setBusyTimeout(milliseconds: 5000)
        _ = try PostgresTicketStore.migrate(url: postgresURL)
        let target = try PostgresConnection(url: postgresURL)
        for table in ["tickets", "outbox", "rejected", "raw_requests", "callback_tasks"] {
            let n = Int(try target.rows("SELECT count(*) AS n FROM \(table)").first?.int("n") ?? 0)
            guard n == 0 else { throw StoreError("the target is not empty (\(table) has \(n) rows); migrate-store copies into an empty database only") }
        }
        return try target.transaction { db in
            try source.execute("BEGIN")
            defer { _ = try? source.execute("COMMIT") }
            var counts: [Count] = []
            // The key rows of the matters the SQLite store's view held (they wait in `pending_keys` there; PostgreSQL
            // reads every candidate from its tables), by table.
            let pending = try pendingKeyRows(source)
            for table in tables {
                let targetColumns = Set(try db.rows("SELECT column_name FROM information_schema.columns WHERE table_name = $1", [table])
                    .compactMap { $0.string("column_name") })
                let sourceColumns = try source.query("SELECT name FROM pragma_table_info(?)", [.text(table)]).compactMap { $0.string("name") }
                let columns = sourceColumns.filter { targetColumns.contains($0) && !["lease_owner", "lease_until"].contains($0) }
                var copied = 0
                if !columns.isEmpty {
                    let placeholders = columns.indices.map { "$\($0 + 1)" }.joined(separator: ", ")
                    let insert = "INSERT INTO \(table) (\(columns.joined(separator: ", "))) VALUES (\(placeholders))"
                    let stmt = try source.prepare("SELECT \(columns.joined(separator: ", ")) FROM \(table)")
                    while try stmt.step() {
                        let row = stmt.row()
                        try db.run(insert, row.columns.map(text))
                        copied += 1
                        if copied % 5000 == 0 { progress(table, copied) }
                    }
                }
                var added = 0
                for row in pending[table] ?? [] {
                    added += try db.run("INSERT INTO \(table) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", row)
                }
                let sourceCount = Int(try source.query("SELECT count(*) AS n FROM \(table)").first?.int("n") ?? 0) + added
                let targetCount = Int(try db.rows("SELECT count(*) AS n FROM \(table)").first?.int("n") ?? 0)
                guard sourceCount == targetCount else {
                    throw StoreError("\(table): \(sourceCount) rows in SQLite but \(targetCount) copied; nothing was committed")
                }
                counts.append(Count(table: table, source: sourceCount, target: targetCount))
                progress(table, copied)
            }
            for (sequence, table, column) in sequences {
                try db.run("SELECT setval('\(sequence)', GREATEST((SELECT COALESCE(MAX(\(column)), 0) FROM \(table)), 1))")
            }
            return counts
        }
    }

    /// The rows `pending_keys` stands for, by key table, as libpq text (key, received_at, seq). A source without the
    /// column (not migrated) has none.
    static func pendingKeyRows(_ source: SQLiteConnection) throws -> [String: [[String?]]] {
        var out: [String: [[String?]]] = [:]
        let rows = try source.query("SELECT seq, received_at, pending_keys FROM dedup_matters WHERE pending_keys IS NOT NULL")
        for r in rows {
            guard let seq = r.int("seq"), let at = r.int("received_at"), let keys = r.string("pending_keys").flatMap(DedupKeys.init(json:)) else {
                throw StoreError("dedup_matters \(r.int("seq") ?? 0): its pending_keys cannot be read")
            }
            for (table, _, key) in keys.rows { out[table, default: []].append([text(key), String(at), String(seq)]) }
        }
        return out
    }

    /// A SQLite value as libpq text (blobs in bytea hex form).
    static func text(_ v: SQLiteValue) -> String? {
        switch v {
        case .null: return nil
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .text(let s): return s
        case .utf8(let b): return String(decoding: b, as: UTF8.self)
        case .blob(let b): return PG.bytea(b)
        }
    }
}
