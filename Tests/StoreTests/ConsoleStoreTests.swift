import Foundation
import Testing
import IntakeCore
import SQLite
@testable import Store

@Suite struct ConsoleStoreTests {
    func stores() throws -> [(String, any ConsoleStore)] {
        let path = NSTemporaryDirectory() + "console-\(UUID().uuidString).sqlite"
        return [("sqlite", try SQLiteConsoleStore(path: path)), ("memory", MemoryConsoleStore())]
    }

    @Test func accountsSessionsTokensAndTheAuditTrail() throws {
        for (label, store) in try stores() {
            let now = Date(timeIntervalSince1970: 1_800_000_000)
            try store.saveOperator(OperatorAccount(name: "li", role: "viewer", passwordHash: "h1", createdAt: now))
            var li = try #require(try store.operatorAccount(named: "li"), "\(label)")
            li.failedLogins = 3
            li.lockedUntil = now.addingTimeInterval(900)
            try store.saveOperator(li)
            #expect(try store.operatorAccount(named: "li") == li, "\(label)")
            #expect(try store.operatorAccounts().map(\.name) == ["li"], "\(label)")

            try store.createSession(OperatorSession(tokenHash: "t1", operatorName: "li", csrf: "c1", expiresAt: now.addingTimeInterval(3600)))
            #expect(try store.session(tokenHash: "t1")?.csrf == "c1", "\(label)")
            try store.deleteSessions(operatorName: "li")
            #expect(try store.session(tokenHash: "t1") == nil, "\(label)")

            try store.addAPIToken(hash: "k1", operatorName: "li", at: now)
            #expect(try store.operatorName(forTokenHash: "k1") == "li", "\(label)")
            #expect(try store.operatorName(forTokenHash: "k2") == nil, "\(label)")

            try store.appendAudit(AuditEntry(at: now, actor: "li", action: "ticket.view", ticketId: "T1", source: "127.0.0.1", reason: "核查"))
            try store.appendAudit(AuditEntry(at: now, actor: "li", action: "ticket.search", detail: "phone=…"))
            #expect(try store.audit(limit: 10, ticketId: nil, action: nil).map(\.action) == ["ticket.search", "ticket.view"], "\(label)")
            #expect(try store.audit(limit: 10, ticketId: "T1", action: nil).first?.reason == "核查", "\(label)")
        }
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
}
