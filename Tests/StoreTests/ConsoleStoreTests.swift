import Foundation
import Testing
import IntakeCore
import Postgres
import SQLite
import ChannelTesting
@testable import Store

@Suite struct ConsoleStoreTests {
    /// A console store of `kind` and a function opening a second one on the same database (another gateway
    /// process: its own connection, nothing shared in memory), plus cleanup. The memory store has no second opener.
    func open(_ kind: StoreKind) throws -> (store: any ConsoleStore, another: (() throws -> any ConsoleStore)?, cleanup: () -> Void) {
        switch kind {
        case .memory:
            return (MemoryConsoleStore(), nil, {})
        case .sqlite:
            let path = NSTemporaryDirectory() + "console-\(UUID().uuidString).sqlite"
            return (try SQLiteConsoleStore(path: path), { try SQLiteConsoleStore(path: path) }, { try? FileManager.default.removeItem(atPath: path) })
        case .postgres:
            let (url, drop) = try TestDatabase.create()
            return (try PostgresConsoleStore(url: url), { try PostgresConsoleStore(url: url) }, drop)
        }
    }

    @Test(arguments: StoreKind.allCases)
    func accountsSessionsTokensAndTheAuditTrail(_ kind: StoreKind) throws {
        let (store, _, cleanup) = try open(kind)
        defer { cleanup() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try store.saveOperator(OperatorAccount(name: "li", role: "viewer", passwordHash: "h1", createdAt: now))
        var li = try #require(try store.operatorAccount(named: "li"))
        li.failedLogins = 3
        li.lockedUntil = now.addingTimeInterval(900)
        li.disabled = true
        try store.saveOperator(li)
        #expect(try store.operatorAccount(named: "li") == li)
        #expect(try store.operatorAccounts().map(\.name) == ["li"])

        try store.createSession(OperatorSession(tokenHash: "t1", operatorName: "li", csrf: "c1", expiresAt: Date().addingTimeInterval(3600)))
        #expect(try store.session(tokenHash: "t1")?.csrf == "c1")
        try store.deleteSessions(operatorName: "li")
        #expect(try store.session(tokenHash: "t1") == nil)

        try store.addAPIToken(hash: "k1", operatorName: "li", at: now)
        #expect(try store.operatorName(forTokenHash: "k1") == "li")
        #expect(try store.operatorName(forTokenHash: "k2") == nil)

        try store.appendAudit(AuditEntry(at: now, actor: "li", action: "ticket.view", ticketId: "T1", source: "127.0.0.1", reason: "核查"))
        try store.appendAudit(AuditEntry(at: now, actor: "li", action: "ticket.search", detail: "phone=…"))
        #expect(try store.audit(limit: 10, ticketId: nil, action: nil).map(\.action) == ["ticket.search", "ticket.view"])
        let view = try #require(try store.audit(limit: 10, ticketId: "T1", action: nil).first)
        #expect(view.reason == "核查" && view.source == "127.0.0.1" && view.at == now && view.actor == "li")
        #expect(try store.audit(limit: 10, ticketId: nil, action: "ticket.search").map(\.detail) == ["phone=…"])
    }

    /// The failure count: an expired lock starts over, the n-th failure in a row locks, a running lock is kept,
    /// a success clears the count (and only the count: a password changed meanwhile stays).
    @Test(arguments: StoreKind.allCases)
    func theLockoutCounter(_ kind: StoreKind) throws {
        let (store, _, cleanup) = try open(kind)
        defer { cleanup() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        #expect(try store.recordFailedLogin(name: "nobody", now: now, lockAfter: 3, lockFor: 900) == nil)
        try store.saveOperator(OperatorAccount(name: "li", role: "viewer", passwordHash: "h1", createdAt: now))
        #expect(try store.recordFailedLogin(name: "li", now: now, lockAfter: 3, lockFor: 900)?.failedLogins == 1)
        try store.recordSuccessfulLogin(name: "li", now: now)
        #expect(try store.operatorAccount(named: "li")?.failedLogins == 0)
        for n in 1...2 {
            let a = try #require(try store.recordFailedLogin(name: "li", now: now, lockAfter: 3, lockFor: 900))
            #expect(a.failedLogins == n && a.lockedUntil == nil)
        }
        let locked = try #require(try store.recordFailedLogin(name: "li", now: now, lockAfter: 3, lockFor: 900))
        #expect(locked.failedLogins == 3 && locked.lockedUntil == now.addingTimeInterval(900))
        // While the lock runs, neither another failure nor a success changes it.
        let later = now.addingTimeInterval(60)
        #expect(try store.recordFailedLogin(name: "li", now: later, lockAfter: 3, lockFor: 900)?.lockedUntil == now.addingTimeInterval(900))
        try store.recordSuccessfulLogin(name: "li", now: later)
        #expect(try store.operatorAccount(named: "li")?.lockedUntil == now.addingTimeInterval(900))
        // After it ran out, the next failure is the first of a new count.
        let after = now.addingTimeInterval(901)
        let fresh = try #require(try store.recordFailedLogin(name: "li", now: after, lockAfter: 3, lockFor: 900))
        #expect(fresh.failedLogins == 1 && fresh.lockedUntil == nil)
        // A success touches only the counter.
        var changed = try #require(try store.operatorAccount(named: "li"))
        changed.passwordHash = "h2"
        try store.saveOperator(changed)
        try store.recordSuccessfulLogin(name: "li", now: after)
        let final = try #require(try store.operatorAccount(named: "li"))
        #expect(final.passwordHash == "h2" && final.failedLogins == 0 && final.lockedUntil == nil)
    }

    /// Several gateways on one database: failures counted at the same time through separate connections add up
    /// exactly (an atomic increment in the database, no lost update), and a session made by one is seen by another.
    @Test(arguments: [StoreKind.sqlite, .postgres])
    func theCounterAndSessionsAreSharedByInstances(_ kind: StoreKind) throws {
        let (store, another, cleanup) = try open(kind)
        defer { cleanup() }
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        try store.saveOperator(OperatorAccount(name: "li", role: "viewer", passwordHash: "h1", createdAt: now))
        let opener = try #require(another)
        var opened: [any ConsoleStore] = []
        for _ in 0..<4 { opened.append(try opener()) }
        let instances = opened
        let failures = 4 * 10
        DispatchQueue.concurrentPerform(iterations: failures) { i in
            _ = try? instances[i % instances.count].recordFailedLogin(name: "li", now: now, lockAfter: 1000, lockFor: 900)
        }
        #expect(try store.operatorAccount(named: "li")?.failedLogins == failures)

        try instances[0].createSession(OperatorSession(tokenHash: "t9", operatorName: "li", csrf: "c9", expiresAt: Date().addingTimeInterval(60)))
        #expect(try instances[1].session(tokenHash: "t9")?.operatorName == "li")
        try instances[2].deleteSession(tokenHash: "t9")
        #expect(try instances[3].session(tokenHash: "t9") == nil)
    }

    /// The gateway's keys: the first candidate is kept, later ones (another instance's) get the stored key.
    @Test(arguments: StoreKind.allCases)
    func aKeyIsCreatedOnceAndKept(_ kind: StoreKind) throws {
        let (store, another, cleanup) = try open(kind)
        defer { cleanup() }
        let first: [UInt8] = Array(0..<32), second: [UInt8] = Array(repeating: 9, count: 32)
        #expect(try store.key(named: "track", orCreate: first) == first)
        #expect(try store.key(named: "track", orCreate: second) == first)
        #expect(try store.key(named: "other", orCreate: second) == second)
        if let another { #expect(try another().key(named: "track", orCreate: second) == first) }
    }

    @Test func theSQLiteAuditTrailRefusesUpdatesAndDeletes() throws {
        let path = NSTemporaryDirectory() + "console-\(UUID().uuidString).sqlite"
        let store = try SQLiteConsoleStore(path: path)
        try store.appendAudit(AuditEntry(at: Date(), actor: "li", action: "login"))
        let db = try SQLiteConnection(path: path)
        #expect(throws: SQLiteError.self) { try db.run("UPDATE audit_log SET operator = 'someone else'") }
        #expect(throws: SQLiteError.self) { try db.run("DELETE FROM audit_log") }
        #expect(try store.audit(limit: 10, ticketId: nil, action: nil).map(\.actor) == ["li"])
    }

    @Test func thePostgreSQLAuditTrailRefusesUpdatesDeletesAndTruncation() throws {
        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        let store = try PostgresConsoleStore(url: url)
        try store.appendAudit(AuditEntry(at: Date(), actor: "li", action: "login"))
        let db = try PostgresConnection(url: url)
        for sql in ["UPDATE audit_log SET operator = 'someone else'", "DELETE FROM audit_log", "TRUNCATE audit_log"] {
            let error = #expect(throws: PostgresError.self, "\(sql)") { try db.query(sql) }
            #expect(error?.message.contains("append-only") == true, "\(sql): \(String(describing: error))")
        }
        #expect(try store.audit(limit: 10, ticketId: nil, action: nil).map(\.actor) == ["li"])
    }
}
