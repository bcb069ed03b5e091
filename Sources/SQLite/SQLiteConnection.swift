internal import CSQLite

/// An error from SQLite, with the library's result code and message and the SQL that failed.
public struct SQLiteError: Error, CustomStringConvertible, Sendable {
    public let resultCode: Int32
    public let message: String
    public let sql: String?

    public var description: String {
        "SQLite error \(resultCode): \(message)" + (sql.map { " [\($0.prefix(200))]" } ?? "")
    }

    /// True for a UNIQUE or PRIMARY KEY constraint violation.
    public var isConstraintViolation: Bool { resultCode & 0xff == SQLITE_CONSTRAINT }
    public var isBusy: Bool { resultCode & 0xff == SQLITE_BUSY || resultCode & 0xff == SQLITE_LOCKED }
}

/// A value bound to or read from a statement.
public enum SQLiteValue: Sendable, Equatable {
    case null
    case integer(Int64)
    case real(Double)
    case text(String)
    /// Text given as UTF-8 bytes (no String round trip).
    case utf8([UInt8])
    case blob([UInt8])
}

/// One SQLite connection. Not thread-safe: confine it to one thread.
public final class SQLiteConnection {
    private let handle: OpaquePointer
    private var statements: [String: SQLiteStatement] = [:]
    public let path: String

    /// Opens (creating if needed) the database at `path`.
    public init(path: String, readOnly: Bool = false) throws {
        var db: OpaquePointer?
        let flags = readOnly
            ? SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX
            : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX
        let rc = sqlite3_open_v2(path, &db, flags, nil)
        guard rc == SQLITE_OK, let db else {
            let message = db.map { String(cString: sqlite3_errmsg($0)) } ?? "cannot open"
            if let db { sqlite3_close_v2(db) }
            throw SQLiteError(resultCode: rc, message: message, sql: nil)
        }
        self.handle = db
        self.path = path
        sqlite3_extended_result_codes(db, 1)
    }

    deinit {
        statements.removeAll()
        sqlite3_close_v2(handle)
    }

    /// Runs one or more statements with no parameters and no results.
    public func execute(_ sql: String) throws {
        var errorMessage: UnsafeMutablePointer<CChar>?
        let rc = sqlite3_exec(handle, sql, nil, nil, &errorMessage)
        if rc != SQLITE_OK {
            let message = errorMessage.map { String(cString: $0) } ?? lastMessage
            sqlite3_free(errorMessage)
            throw SQLiteError(resultCode: rc, message: message, sql: sql)
        }
    }

    /// A prepared statement, cached by its SQL text for the life of the connection.
    public func prepare(_ sql: String) throws -> SQLiteStatement {
        if let cached = statements[sql] {
            cached.reset()
            return cached
        }
        var stmt: OpaquePointer?
        let rc = sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &stmt, nil)
        guard rc == SQLITE_OK, let stmt else {
            throw SQLiteError(resultCode: rc, message: lastMessage, sql: sql)
        }
        let statement = SQLiteStatement(stmt, connection: self, sql: sql)
        statements[sql] = statement
        return statement
    }

    /// Runs `sql` with `bindings` and returns every row.
    @discardableResult
    public func query(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> [SQLiteRow] {
        let stmt = try prepare(sql)
        defer { stmt.reset() }
        try stmt.bind(bindings)
        var rows: [SQLiteRow] = []
        while try stmt.step() { rows.append(stmt.row()) }
        return rows
    }

    /// Runs `sql` with `bindings`, ignoring any rows; returns the number of rows changed.
    @discardableResult
    public func run(_ sql: String, _ bindings: [SQLiteValue] = []) throws -> Int {
        let stmt = try prepare(sql)
        defer { stmt.reset() }
        try stmt.bind(bindings)
        while try stmt.step() {}
        return Int(sqlite3_changes(handle))
    }

    /// Sets a pragma and reads it back, so a silent override is noticed.
    public func pragma(_ name: String, _ value: String) throws -> String? {
        _ = try query("PRAGMA \(name) = \(value)")
        return try query("PRAGMA \(name)").first?.columns.first.flatMap { value -> String? in
            switch value {
            case .integer(let i): return String(i)
            case .text(let s): return s
            default: return nil
            }
        }
    }

    public var lastInsertRowID: Int64 { sqlite3_last_insert_rowid(handle) }

    /// True inside an explicit transaction. SQLite ends one on its own after some errors (SQLITE_FULL, IOERR, NOMEM).
    public var isInTransaction: Bool { sqlite3_get_autocommit(handle) == 0 }

    public func setBusyTimeout(milliseconds: Int32) { sqlite3_busy_timeout(handle, milliseconds) }

    var lastMessage: String { String(cString: sqlite3_errmsg(handle)) }

    public static var libraryVersion: String { String(cString: sqlite3_libversion()) }
}

/// One row's values, by column index and name.
public struct SQLiteRow: Sendable {
    public let names: [String]
    public let columns: [SQLiteValue]

    public subscript(_ index: Int) -> SQLiteValue { columns[index] }
    public subscript(_ name: String) -> SQLiteValue {
        guard let index = names.firstIndex(of: name) else { return .null }
        return columns[index]
    }
    public func string(_ name: String) -> String? {
        switch self[name] {
        case .text(let s): return s
        case .integer(let i): return String(i)
        case .real(let d): return String(d)
        case .blob(let b), .utf8(let b): return String(decoding: b, as: UTF8.self)
        case .null: return nil
        }
    }
    public func int(_ name: String) -> Int64? {
        switch self[name] {
        case .integer(let i): return i
        case .real(let d): return Int64(d)
        case .text(let s): return Int64(s)
        default: return nil
        }
    }
    public func double(_ name: String) -> Double? {
        switch self[name] {
        case .integer(let i): return Double(i)
        case .real(let d): return d
        case .text(let s): return Double(s)
        default: return nil
        }
    }
    public func bytes(_ name: String) -> [UInt8]? {
        switch self[name] {
        case .blob(let b), .utf8(let b): return b
        case .text(let s): return Array(s.utf8)
        default: return nil
        }
    }
}

/// A prepared statement owned by its connection.
public final class SQLiteStatement {
    private let stmt: OpaquePointer
    private unowned let connection: SQLiteConnection
    let sql: String

    init(_ stmt: OpaquePointer, connection: SQLiteConnection, sql: String) {
        self.stmt = stmt
        self.connection = connection
        self.sql = sql
    }

    deinit { sqlite3_finalize(stmt) }

    func reset() {
        sqlite3_reset(stmt)
        sqlite3_clear_bindings(stmt)
    }

    public func bind(_ values: [SQLiteValue]) throws {
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let rc: Int32
            switch value {
            case .null: rc = sqlite3_bind_null(stmt, index)
            case .integer(let i): rc = sqlite3_bind_int64(stmt, index, i)
            case .real(let d): rc = sqlite3_bind_double(stmt, index, d)
            case .text(let s):
                var s = s
                rc = s.withUTF8 { buf in
                    buf.withMemoryRebound(to: CChar.self) { chars in
                        chars.baseAddress.map { shim_sqlite3_bind_text_transient(stmt, index, $0, Int32(chars.count)) }
                            ?? shim_sqlite3_bind_text_transient(stmt, index, "", 0)
                    }
                }
            case .utf8(let b):
                rc = b.withUnsafeBufferPointer { buf in
                    buf.withMemoryRebound(to: CChar.self) { chars in
                        chars.baseAddress.map { shim_sqlite3_bind_text_transient(stmt, index, $0, Int32(chars.count)) }
                            ?? shim_sqlite3_bind_text_transient(stmt, index, "", 0)
                    }
                }
            case .blob(let b):
                rc = b.withUnsafeBytes { shim_sqlite3_bind_blob_transient(stmt, index, $0.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!, Int32($0.count)) }
            }
            guard rc == SQLITE_OK else { throw SQLiteError(resultCode: rc, message: connection.lastMessage, sql: sql) }
        }
    }

    /// Advances; true while a row is available.
    public func step() throws -> Bool {
        let rc = sqlite3_step(stmt)
        switch rc {
        case SQLITE_ROW: return true
        case SQLITE_DONE: return false
        default:
            let error = SQLiteError(resultCode: rc, message: connection.lastMessage, sql: sql)
            sqlite3_reset(stmt)
            throw error
        }
    }

    /// Column names, read once per statement (they do not change between executions).
    private var columnNames: [String]?

    public func row() -> SQLiteRow {
        let count = sqlite3_column_count(stmt)
        let names: [String]
        if let cached = columnNames, cached.count == Int(count) {
            names = cached
        } else {
            names = (0..<count).map { String(cString: sqlite3_column_name(stmt, $0)) }
            columnNames = names
        }
        var values: [SQLiteValue] = []
        values.reserveCapacity(Int(count))
        for i in 0..<count {
            switch sqlite3_column_type(stmt, i) {
            case SQLITE_INTEGER: values.append(.integer(sqlite3_column_int64(stmt, i)))
            case SQLITE_FLOAT: values.append(.real(sqlite3_column_double(stmt, i)))
            case SQLITE_TEXT:
                let n = Int(sqlite3_column_bytes(stmt, i))
                if let p = sqlite3_column_text(stmt, i) {
                    values.append(.text(String(decoding: UnsafeBufferPointer(start: p, count: n), as: UTF8.self)))
                } else {
                    values.append(.text(""))
                }
            case SQLITE_BLOB:
                let n = Int(sqlite3_column_bytes(stmt, i))
                if let p = sqlite3_column_blob(stmt, i) {
                    values.append(.blob(Array(UnsafeRawBufferPointer(start: p, count: n))))
                } else {
                    values.append(.blob([]))
                }
            default: values.append(.null)
            }
        }
        return SQLiteRow(names: names, columns: values)
    }
}
