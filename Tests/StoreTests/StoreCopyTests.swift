import ChannelTesting
import Dedup
import Foundation
import IntakeCore
import Testing
@testable import Store

/// migrate-store round trip: a SQLite store with history moves to PostgreSQL with the same tickets, receipts,
/// pending events and waiting parts, and intake goes on there from the next receipt number.
@Suite struct StoreCopyTests {
    @Test func aSQLiteStoreWithHistoryMovesToPostgreSQL() throws {
        let dir = NSTemporaryDirectory() + "intake-copy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/old.sqlite"
        let day = StoreContractTests.day
        var sqlite: (any TicketStore)? = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path), dedup: DedupEngine())
        let store = try #require(sqlite)
        let first = try store.intakeAndWait(batch([submission("我家楼下的路灯坏了三天了，晚上很黑", ref: "k1"),
                                                   submission("公园的健身器材坏了", ref: "k2", phone: "13900000000")], at: day)).get()
        let repeatOutcome = try store.intakeAndWait(batch([submission("楼下路灯坏了三天，晚上很黑，请尽快修")], at: day.addingTimeInterval(600))).get()[0]
        #expect(repeatOutcome.status == .repeat)
        _ = try store.intakeAndWait(batch([submission("第一部分", ref: "p1", channel: .sms, fragment: Fragment(group: "g", index: 1, total: 2))], at: day)).get()
        let claimed = try store.claim(destination: "case-system", limit: 1, owner: "old", lease: 30, now: day)
        store.completeAndWait([DeliveryResult(eventId: claimed[0].id, ticketId: claimed[0].ticketId, outcome: .delivered(caseId: "CASE-1"),
                                              status: 200, error: nil, at: day)], owner: "old")
        store.reject(RejectedRecord(channel: "web", path: "/v1/intake/web", status: 400, problem: "{}", contentType: nil, body: [1, 2], receivedAt: day))
        #expect(store.checkWritable(timeoutSeconds: 5))
        let before = try store.tickets(TicketQuery(limit: 100))
        let statsBefore = try store.stats()
        let console = try SQLiteConsoleStore(path: path)
        try console.saveOperator(OperatorAccount(name: "amy", role: "admin", passwordHash: "h", disabled: true, createdAt: day))
        try console.addAPIToken(hash: "k1", operatorName: "amy", at: day)
        try console.appendAudit(AuditEntry(at: day, actor: "amy", action: "ticket.view", ticketId: first[0].ticketId, reason: "核实"))
        store.close()
        sqlite = nil

        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        let counts = try StoreCopy.sqliteToPostgres(sqlitePath: path, postgresURL: url)
        #expect(counts.first { $0.table == "tickets" }?.target == 3)
        #expect(counts.allSatisfy { $0.source == $0.target })
        // A second copy into the now non-empty target is refused.
        #expect(throws: StoreError.self) { try StoreCopy.sqliteToPostgres(sqlitePath: path, postgresURL: url) }

        let pg = try PostgresTicketStore(configuration: PostgresStoreConfiguration(url: url), dedup: DedupEngine())
        defer { pg.close() }
        let after = try pg.tickets(TicketQuery(limit: 100))
        #expect(after.map(\.ticket.receiptNo) == before.map(\.ticket.receiptNo))
        #expect(after.map(\.ticket.id) == before.map(\.ticket.id))
        #expect(after.map(\.caseId) == before.map(\.caseId))
        let statsAfter = try pg.stats()
        #expect(statsAfter.pending == statsBefore.pending && statsAfter.tickets == statsBefore.tickets && statsAfter.rejected == 1)
        // The pending events are delivered from PostgreSQL: the repeat after its original, which was delivered already.
        let due = try pg.claim(destination: "case-system", limit: 10, owner: "new", lease: 30, now: day.addingTimeInterval(700))
        #expect(Set(due.map(\.ticketId)) == Set([first[1].ticketId, repeatOutcome.ticketId]))
        #expect(due.first { $0.type == "ticket.repeat" }?.originalCaseId == "CASE-1")
        // Idempotency, the waiting part and the receipt counter moved too.
        let again = try pg.intakeAndWait(batch([submission("我家楼下的路灯坏了三天了，晚上很黑", ref: "k1")], at: day)).get()[0]
        #expect(again.status == .duplicate && again.ticketId == first[0].ticketId)
        let rest = try pg.intakeAndWait(batch([submission("第二部分", ref: "p2", channel: .sms, fragment: Fragment(group: "g", index: 2, total: 2))],
                                              at: day)).get()[0]
        #expect(rest.status == .created && rest.receiptNo == "20261122-000004")
        #expect(try pg.ticket(idOrReceipt: rest.ticketId ?? "")?.ticket.text == "第一部分第二部分")
        // The console's accounts, tokens and audit trail came along; the audit ids go on after the copied ones.
        let pgConsole = try PostgresConsoleStore(url: url)
        #expect(try pgConsole.operatorAccount(named: "amy") == OperatorAccount(name: "amy", role: "admin", passwordHash: "h", disabled: true, createdAt: day))
        #expect(try pgConsole.operatorName(forTokenHash: "k1") == "amy")
        try pgConsole.appendAudit(AuditEntry(at: day, actor: "amy", action: "login"))
        #expect(try pgConsole.audit(limit: 10, ticketId: nil, action: nil).map(\.id) == [2, 1])
        #expect(try pgConsole.audit(limit: 10, ticketId: first[0].ticketId, action: nil).first?.reason == "核实")
    }
}
