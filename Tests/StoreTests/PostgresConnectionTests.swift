import Foundation
import Testing
import Postgres

/// Runs against the real PostgreSQL that `make test` starts (INTAKE_TEST_POSTGRES_URL).
@Suite struct PostgresConnectionTests {
    func connect() throws -> PostgresConnection {
        guard let url = ProcessInfo.processInfo.environment["INTAKE_TEST_POSTGRES_URL"] else {
            Issue.record("INTAKE_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
            throw PostgresError(sqlState: nil, message: "no server", detail: nil)
        }
        return try PostgresConnection(url: url)
    }

    @Test func parametersResultsAndErrors() throws {
        let db = try connect()
        #expect(db.serverVersion >= 120000)
        let table = "wrapper_test_\(UInt32.random(in: 0...UInt32.max))"
        try db.query("CREATE TABLE \(table) (id TEXT PRIMARY KEY, body TEXT, n BIGINT)")
        defer { _ = try? db.query("DROP TABLE \(table)") }
        try db.query("INSERT INTO \(table) VALUES ($1, $2, $3)", ["a", "路灯不亮 'quoted'", "6054768590064713728"])
        try db.query("INSERT INTO \(table) VALUES ($1, $2, $3)", ["b", nil, nil])
        let rows = try db.query("SELECT id, body, n FROM \(table) ORDER BY id")
        #expect(rows.count == 2)
        #expect(rows.value(0, "body") == "路灯不亮 'quoted'")
        #expect(rows.value(0, "n") == "6054768590064713728")
        #expect(rows.value(1, "body") == nil)
        do {
            try db.query("INSERT INTO \(table) VALUES ($1, $2, $3)", ["a", "again", nil])
            Issue.record("a duplicate key was accepted")
        } catch let e as PostgresError {
            #expect(e.isUniqueViolation)
            #expect(e.sqlState == "23505")
        }
        // A failed transaction leaves nothing behind.
        #expect(throws: PostgresError.self) {
            try db.transaction { tx in
                try tx.query("INSERT INTO \(table) VALUES ($1, $2, $3)", ["c", "x", nil])
                try tx.query("SELECT * FROM no_such_table")
            }
        }
        #expect(try db.query("SELECT count(*) AS n FROM \(table)").value(0, "n") == "2")
    }

    @Test func refusesABadURLWithLibpqsMessage() {
        let error = #expect(throws: PostgresError.self) {
            try PostgresConnection(url: "postgres://nobody@127.0.0.1:1/none?connect_timeout=2")
        }
        // libpq's own words, naming the server it could not reach.
        #expect(error?.message.contains("127.0.0.1") == true && error?.message.contains("port 1") == true, "\(String(describing: error))")
    }
}
