internal import CPostgres

/// An error from libpq or the server, with SQLSTATE, message and detail when the server sent them.
public struct PostgresError: Error, CustomStringConvertible, Sendable {
    public let sqlState: String?
    public let message: String
    public let detail: String?

    public init(sqlState: String?, message: String, detail: String?) {
        self.sqlState = sqlState
        self.message = message
        self.detail = detail
    }

    public var description: String {
        "PostgreSQL error" + (sqlState.map { " \($0)" } ?? "") + ": \(message)" + (detail.map { " (\($0))" } ?? "")
    }
    /// 23505: a unique constraint was violated.
    public var isUniqueViolation: Bool { sqlState == "23505" }
    /// 40001 / 40P01: serialization failure or deadlock: retry the transaction.
    public var isRetryable: Bool { sqlState == "40001" || sqlState == "40P01" }
}

/// Rows of a result, as text (libpq's text format), by column name.
public struct PostgresRows: Sendable {
    public let columns: [String]
    public let values: [[String?]]
    public let affected: Int

    public var count: Int { values.count }
    public func value(_ row: Int, _ column: String) -> String? {
        guard let index = columns.firstIndex(of: column) else { return nil }
        return values[row][index]
    }
}

/// One libpq connection. Not thread-safe: confine it to one thread at a time.
public final class PostgresConnection {
    private let conn: OpaquePointer

    /// Connects with a libpq connection string or a postgres:// URL.
    /// Connects with a 5-second connect timeout unless the URL or PGCONNECT_TIMEOUT names one (a dead server must
    /// not hang a request). The timeout is passed to libpq, never written into the process environment.
    public init(url: String) throws {
        let timeout = getenv("PGCONNECT_TIMEOUT") == nil ? "5" : nil
        // With expand_dbname, the URL or key/value string in `dbname` is read after the keywords before it, so its
        // own connect_timeout wins over the default.
        let keywords = (timeout == nil ? [] : ["connect_timeout"]) + ["dbname"]
        let values = (timeout.map { [$0] } ?? []) + [url]
        let connection: OpaquePointer? = keywords.withCStrings { k in values.withCStrings { v in PQconnectdbParams(k, v, 1) } }
        guard let c = connection else { throw PostgresError(sqlState: nil, message: "out of memory", detail: nil) }
        guard PQstatus(c) == CONNECTION_OK else {
            let message = String(cString: PQerrorMessage(c)).trimmingTrailingNewlines()
            PQfinish(c)
            throw PostgresError(sqlState: nil, message: message, detail: nil)
        }
        conn = c
    }

    deinit { PQfinish(conn) }

    public var isHealthy: Bool { PQstatus(conn) == CONNECTION_OK }

    /// Runs `sql` with `$1...` parameters sent as text (nil is NULL); returns the rows.
    @discardableResult
    public func query(_ sql: String, _ parameters: [String?] = []) throws -> PostgresRows {
        let cStrings: [UnsafeMutablePointer<CChar>?] = parameters.map { $0.map { strdup($0) } ?? nil }
        defer { cStrings.forEach { free($0) } }
        let result: OpaquePointer? = cStrings.withUnsafeBufferPointer { buf in
            buf.withMemoryRebound(to: UnsafePointer<CChar>?.self) { params in
                PQexecParams(conn, sql, Int32(parameters.count), nil, params.baseAddress, nil, nil, 0)
            }
        }
        guard let result else {
            throw PostgresError(sqlState: nil, message: String(cString: PQerrorMessage(conn)).trimmingTrailingNewlines(), detail: nil)
        }
        defer { PQclear(result) }
        try Self.check(result)
        let nColumns = Int(PQnfields(result))
        let nRows = Int(PQntuples(result))
        let columns = (0..<nColumns).map { String(cString: PQfname(result, Int32($0))) }
        var values: [[String?]] = []
        values.reserveCapacity(nRows)
        for r in 0..<nRows {
            var row: [String?] = []
            row.reserveCapacity(nColumns)
            for c in 0..<nColumns {
                if PQgetisnull(result, Int32(r), Int32(c)) == 1 {
                    row.append(nil)
                } else {
                    row.append(String(cString: PQgetvalue(result, Int32(r), Int32(c))))
                }
            }
            values.append(row)
        }
        let affected = Int(String(cString: PQcmdTuples(result))) ?? 0
        return PostgresRows(columns: columns, values: values, affected: affected)
    }

    /// Throws the server's error (SQLSTATE, message, detail) unless the result is a success.
    private static func check(_ result: OpaquePointer) throws {
        let status = PQresultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            func field(_ code: Character) -> String? {
                PQresultErrorField(result, Int32(code.asciiValue!)).map { String(cString: $0) }
            }
            throw PostgresError(sqlState: field("C"), message: field("M") ?? String(cString: PQresultErrorMessage(result)).trimmingTrailingNewlines(),
                                detail: field("D"))
        }
    }

    /// Runs one or more statements without parameters (a migration script), with the simple query protocol.
    public func execute(_ sql: String) throws {
        guard let result = PQexec(conn, sql) else {
            throw PostgresError(sqlState: nil, message: String(cString: PQerrorMessage(conn)).trimmingTrailingNewlines(), detail: nil)
        }
        defer { PQclear(result) }
        try Self.check(result)
    }

    /// Runs `body` in a transaction; rolls back when it throws.
    public func transaction<T>(_ body: (PostgresConnection) throws -> T) throws -> T {
        try query("BEGIN")
        do {
            let value = try body(self)
            try query("COMMIT")
            return value
        } catch {
            _ = try? query("ROLLBACK")
            throw error
        }
    }

    public var serverVersion: Int { Int(PQserverVersion(conn)) }
}

extension String {
    fileprivate func trimmingTrailingNewlines() -> String {
        var s = Substring(self)
        while s.last == "\n" || s.last == "\r" { s = s.dropLast() }
        return String(s)
    }
}
#if canImport(Glibc)
import Glibc
#endif

extension Array where Element == String {
    /// The strings as a NULL-terminated array of C strings, valid inside `body`.
    fileprivate func withCStrings<R>(_ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        let copies = map { strdup($0) }
        defer { copies.forEach { free($0) } }
        return body(copies.map { UnsafePointer($0) } + [nil])
    }
}
