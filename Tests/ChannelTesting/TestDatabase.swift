import Foundation
import Postgres

/// A fresh database on the PostgreSQL server `make test` starts (INTAKE_TEST_POSTGRES_URL), one per test, dropped
/// afterwards. Without the server the test fails (it is never skipped).
public enum TestDatabase {
    public struct Missing: Error, CustomStringConvertible {
        public var description: String { "INTAKE_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL" }
    }

    public static var serverURL: String? { ProcessInfo.processInfo.environment["INTAKE_TEST_POSTGRES_URL"] }

    /// Creates a database and returns its URL and a function that drops it.
    public static func create() throws -> (url: String, drop: @Sendable () -> Void) {
        guard let server = serverURL, let slash = server.lastIndex(of: "/") else { throw Missing() }
        let name = "intake_t_" + String(UInt64.random(in: 0...UInt64.max), radix: 36)
        let admin = try PostgresConnection(url: server)
        try admin.query("CREATE DATABASE \(name)")
        let base = String(server[..<slash])
        let url = base + "/" + name
        return (url, {
            if let admin = try? PostgresConnection(url: server) {
                _ = try? admin.query("DROP DATABASE IF EXISTS \(name) WITH (FORCE)")
            }
        })
    }
}
