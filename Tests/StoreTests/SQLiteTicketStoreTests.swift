import Foundation
import Testing
import IntakeCore
import SQLite
import Synchronization
@testable import Store

/// A store on a fresh temporary file, closed and removed by `close()`.
final class TemporaryStore: @unchecked Sendable {
    let directory: String
    let path: String
    var store: SQLiteTicketStore

    init(ticketDestinations: [String] = ["case-system"]) throws {
        directory = NSTemporaryDirectory() + "intake-store-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/t.sqlite"
        store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path, ticketDestinations: ticketDestinations))
    }

    func reopen() throws {
        store.close()
        store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path))
    }

    func close() {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

func submission(_ text: String, ref: String? = nil, channel: Channel = .web, phone: String? = "13812345678",
                disposition: Submission.Disposition = .ticket, fragment: Fragment? = nil) -> Submission {
    Submission(channel: channel, channelRef: ref, caller: Caller(phone: phone, phoneKey: phone.flatMap { PhoneNumber.normalize($0)?.key }),
               text: text, disposition: disposition, fragment: fragment)
}

func batch(_ subs: [Submission], at date: Date = Date(timeIntervalSince1970: 1_795_354_512)) -> IntakeBatch {
    IntakeBatch(raw: RawRequestRecord(channel: subs.first?.channel ?? .web, path: "/test", contentType: "application/json",
                                      headers: [], body: Array("{}".utf8), receivedAt: date),
                items: subs.map { PreparedSubmission(submission: $0, ticketId: RandomIDGenerator().uuidV7(at: date), hotline: "12345") })
}

extension SQLiteTicketStore {
    /// `intake` for tests: waits for the commit.
    func intakeAndWait(_ b: IntakeBatch) -> Result<[IntakeOutcome], IntakeError> {
        let box = Mutex<Result<[IntakeOutcome], IntakeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        intake(b) { r in
            box.withLock { $0 = r }
            done.signal()
        }
        done.wait()
        return box.withLock { $0! }
    }
}

@Suite struct SQLiteTicketStoreTests {
    @Test func configuresDurabilityAndMigrates() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let (mode, sync, versions) = try t.store.read { db in
            (try db.query("PRAGMA journal_mode").first?.string("journal_mode"),
             try db.query("PRAGMA synchronous").first?.int("synchronous"),
             try db.query("SELECT version FROM schema_migrations ORDER BY version").compactMap { $0.int("version") })
        }
        #expect(mode == "wal")
        // synchronous is per connection; the writer's was read back at open (FULL = 2) or the store would have refused.
        #expect(sync != nil)
        // The writer's savepoint journals stay in memory (MEMORY = 2): on a temporary file they cost ~40 writes a ticket.
        #expect(try t.store.writeAndWait { db in try db.query("PRAGMA temp_store").first?.int("temp_store") } == 2)
        #expect(versions.last == Int64(SQLiteTicketStore.schemaVersion))
        #expect(try SQLiteTicketStore.migrate(path: t.path + ".copy").count == SQLiteSchema.all.count)
        #expect(try SQLiteTicketStore.migrate(path: t.path + ".copy").isEmpty)
    }

    @Test func refusesASecondProcessOnTheSameFile() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        #expect(throws: StoreError.self) { try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: t.path)) }
    }

    @Test func storesTicketWithSequentialReceiptsAndOutboxEvent() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let out = try t.store.intakeAndWait(batch([submission("路灯不亮"), submission("水压低")])).get()
        #expect(out.map(\.status) == [.created, .created])
        #expect(out.map(\.receiptNo) == ["20261122-000001", "20261122-000002"])
        let stored = try #require(try t.store.ticket(idOrReceipt: "20261122-000002"))
        #expect(stored.ticket.text == "水压低")
        #expect(stored.ticket.caller.phoneKey == "+8613812345678")
        #expect(stored.deliveries.map(\.state) == ["pending"])
        #expect(stored.deliveries.first?.eventType == "ticket.created")
        #expect(try t.store.ticket(idOrReceipt: stored.ticket.id)?.ticket.receiptNo == "20261122-000002")
        // The next local day starts again at 1; a restart continues the count.
        let nextDay = Date(timeIntervalSince1970: 1_795_354_512 + 86_400)
        #expect(try t.store.intakeAndWait(batch([submission("x")], at: nextDay)).get()[0].receiptNo == "20261123-000001")
        try t.reopen()
        #expect(try t.store.intakeAndWait(batch([submission("y")])).get()[0].receiptNo == "20261122-000003")
    }

    @Test func idempotencyReturnsTheFirstTicketAndRefusesADifferentBody() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let first = try t.store.intakeAndWait(batch([submission("路灯不亮", ref: "key-1")])).get()[0]
        let again = try t.store.intakeAndWait(batch([submission("路灯不亮", ref: "key-1")])).get()[0]
        #expect(again.status == .duplicate)
        #expect(again.receiptNo == first.receiptNo && again.ticketId == first.ticketId)
        // The same key on another channel is another submission.
        #expect(try t.store.intakeAndWait(batch([submission("路灯不亮", ref: "key-1", channel: .sms)])).get()[0].status == .created)
        let conflict = t.store.intakeAndWait(batch([submission("别的事情", ref: "key-1")]))
        guard case .failure(let e) = conflict else { Issue.record("expected 409"); return }
        #expect(e.status == 409)
        #expect(try t.store.tickets(TicketQuery(limit: 10)).count == 2)
        // Only one event per ticket.
        #expect(try t.store.stats().pending == 2)
    }

    @Test func groupCommitFoldsConcurrentWritesIntoFewTransactions() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let n = 400
        let receipts = Mutex<[String]>([])
        let group = DispatchGroup()
        let before = t.store.commitCount
        for i in 0..<n {
            group.enter()
            DispatchQueue.global().async {
                t.store.intake(batch([submission("并发提交 \(i)", ref: "c-\(i)")])) { r in
                    if case .success(let o) = r, let receipt = o.first?.receiptNo { receipts.withLock { $0.append(receipt) } }
                    group.leave()
                }
            }
        }
        group.wait()
        let all = receipts.withLock { $0 }
        #expect(all.count == n)
        #expect(Set(all).count == n)
        let commits = t.store.commitCount - before
        #expect(commits < n, "\(commits) transactions for \(n) requests")
        #expect(try t.store.stats().tickets == n)
    }

    /// The write-ahead log is copied into the database file by the checkpoint thread soon after commits, long before
    /// the writer's own automatic checkpoint (4,000 pages) would: a few tickets make the file itself grow.
    @Test func theLogIsCopiedIntoTheFileOffTheWriter() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        func fileSize() -> Int { ((try? FileManager.default.attributesOfItem(atPath: t.path))?[.size] as? Int) ?? 0 }
        let before = fileSize()
        for i in 0..<20 { _ = try t.store.intakeAndWait(batch([submission("检查点 \(i)", ref: "w-\(i)")])).get() }
        // Polled (the checkpoint runs a moment after the commits), bounded generously.
        var waited = 0
        while fileSize() <= before && waited < 200 {
            Thread.sleep(forTimeInterval: 0.05)
            waited += 1
        }
        #expect(fileSize() > before, "the database file stayed \(before) bytes: nothing was checkpointed")
    }

    func part(_ text: String, _ index: Int, ref: String, group: String = "+8613812345678/ref:42/total:5", total: Int = 5) -> Submission {
        var s = submission(text, ref: ref, channel: .sms, fragment: Fragment(group: group, index: index, total: total))
        s.channelData = .object([("partText", .string(text))])
        return s
    }

    @Test func reassemblesAShuffledLongMessageWithADuplicatePart() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        // Part 3 ends in a space that trimming each part on its own would lose.
        let parts = ["第一段，", "第二段，", "on Main ", "Street，", "第五段。"]
        let order = [3, 1, 5, 1, 2, 4]  // part 1 twice
        var outcomes: [IntakeOutcome] = []
        for i in order {
            outcomes += try t.store.intakeAndWait(batch([part(parts[i - 1], i, ref: "cmpp:\(100 + i)")])).get()
        }
        #expect(outcomes.map(\.status) == [.pending, .pending, .pending, .duplicate, .pending, .created])
        let tickets = try t.store.tickets(TicketQuery(limit: 10))
        #expect(tickets.count == 1)
        #expect(tickets[0].ticket.text == "第一段，第二段，on Main Street，第五段。")
        #expect(tickets[0].ticket.channelRef == "cmpp:101")
        #expect(tickets[0].ticket.channelData?["incomplete"] == false)
        // A part delivered again after completion is a duplicate of the ticket.
        let late = try t.store.intakeAndWait(batch([part(parts[0], 1, ref: "cmpp:101")])).get()[0]
        #expect(late.status == .duplicate && late.receiptNo == tickets[0].ticket.receiptNo)
        // A new message that reuses the 8-bit reference (new part ids) is a new ticket, not a duplicate.
        var again: [IntakeOutcome] = []
        for i in 1...5 { again += try t.store.intakeAndWait(batch([part("新\(i)", i, ref: "cmpp:\(200 + i)")])).get() }
        #expect(again.last?.status == .created)
        #expect(try t.store.tickets(TicketQuery(limit: 10)).map(\.ticket.text) == ["新1新2新3新4新5", "第一段，第二段，on Main Street，第五段。"])
    }

    @Test func aNewMessageReusingTheReferenceBeforeTheOldOneCompletesIsNotLost() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let g = "+8613812345678/ref:42/total:2"
        // Old message: part 2 never arrives. New message, same reference: both parts arrive.
        _ = try t.store.intakeAndWait(batch([part("旧的第一段", 1, ref: "cmpp:1", group: g, total: 2)])).get()
        let newFirst = try t.store.intakeAndWait(batch([part("新的第一段", 1, ref: "cmpp:3", group: g, total: 2)])).get()[0]
        #expect(newFirst.status == .pending)
        let newSecond = try t.store.intakeAndWait(batch([part("新的第二段", 2, ref: "cmpp:4", group: g, total: 2)])).get()[0]
        #expect(newSecond.status == .created)
        let tickets = try t.store.tickets(TicketQuery(limit: 10))
        #expect(Set(tickets.map(\.ticket.text)) == ["旧的第一段", "新的第一段新的第二段"])
        #expect(tickets.first { $0.ticket.text == "旧的第一段" }?.ticket.channelData?["missingParts"] == [2])
    }

    @Test func sweepsAnIncompleteMessageIntoATicketListingMissingParts() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let start = Date(timeIntervalSince1970: 1_795_354_512)
        for i in [1, 3] {
            _ = try t.store.intakeAndWait(batch([submission("部分\(i)", channel: .sms,
                fragment: Fragment(group: "g/ref:7/total:4", index: i, total: 4))], at: start)).get()
        }
        #expect(try t.store.sweepFragments(olderThan: start.addingTimeInterval(-1), now: start) == 0)
        #expect(try t.store.sweepFragments(olderThan: start.addingTimeInterval(1), now: start.addingTimeInterval(301)) == 1)
        let ticket = try #require(try t.store.tickets(TicketQuery(limit: 10)).first).ticket
        #expect(ticket.text == "部分1部分3")
        #expect(ticket.channelData?["incomplete"] == true)
        #expect(ticket.channelData?["missingParts"] == [2, 4])
    }

    @Test func recordsWithoutATicket() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let s = submission("status report", ref: "rpt-1", channel: .sms, disposition: .recordOnly(reason: "status report"))
        #expect(try t.store.intakeAndWait(batch([s])).get()[0].status == .recorded)
        #expect(try t.store.intakeAndWait(batch([s])).get()[0].status == .duplicate)
        #expect(try t.store.stats().tickets == 0)
    }

    @Test func outboxDeliveryStates() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        let now = Date(timeIntervalSince1970: 1_795_354_512)
        let out = try t.store.intakeAndWait(batch([submission("a"), submission("b"), submission("c")], at: now)).get()
        var due = try t.store.claim(destination: "case-system", limit: 2, owner: "a", lease: 30, now: now)
        #expect(due.count == 2)
        #expect(try JSON.parse(due[0].ticketJSON ?? "")["receiptNo"]?.stringValue == out[0].receiptNo)
        #expect(due[0].type == "ticket.created")
        // Claimed events are leased: another owner gets only the third until the lease runs out.
        let other = try t.store.claim(destination: "case-system", limit: 10, owner: "b", lease: 30, now: now)
        #expect(other.count == 1)
        due += other
        let done = DispatchSemaphore(value: 0)
        t.store.complete([
            DeliveryResult(eventId: due[0].id, ticketId: due[0].ticketId, outcome: .delivered(caseId: "CASE-9"), status: 200, error: nil, at: now),
            DeliveryResult(eventId: due[1].id, ticketId: due[1].ticketId, outcome: .retry(at: now.addingTimeInterval(60)), status: 503, error: "HTTP 503", at: now),
        ], owner: "a") { _ in done.signal() }
        done.wait()
        t.store.complete([
            DeliveryResult(eventId: due[2].id, ticketId: due[2].ticketId, outcome: .dead, status: 400, error: "HTTP 400", at: now),
        ], owner: "b") { _ in done.signal() }
        done.wait()
        #expect(try t.store.claim(destination: "case-system", limit: 10, owner: "a", lease: 30, now: now).isEmpty)
        due = try t.store.claim(destination: "case-system", limit: 10, owner: "a", lease: 30, now: now.addingTimeInterval(61))
        #expect(due.map(\.attempts) == [1])
        let delivered = try #require(try t.store.ticket(idOrReceipt: out[0].receiptNo!))
        #expect(delivered.caseId == "CASE-9")
        #expect(delivered.deliveries[0].state == "delivered")
        let stats = try t.store.stats()
        #expect(stats.pending == 1 && stats.dead == 1)
    }

    @Test func listsTicketsByIdentityNewestFirst() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        _ = try t.store.intakeAndWait(batch([submission("a", phone: "13812345678"), submission("b", phone: "13900000000"),
                                             submission("c", phone: "+86 138 1234 5678")])).get()
        let mine = try t.store.tickets(TicketQuery(phoneKey: "+8613812345678"))
        #expect(mine.map(\.ticket.text) == ["c", "a"])
        #expect(try t.store.tickets(TicketQuery(channel: .sms)).isEmpty)
    }

    @Test func rejectedJournalKeepsWhatWasSent() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        t.store.reject(RejectedRecord(channel: "web", path: "/v1/intake/web", status: 400, problem: #"{"status":400}"#,
                                      contentType: "application/json", body: Array("{bad".utf8), receivedAt: Date()))
        #expect(t.store.checkWritable(timeoutSeconds: 5))
        let rows = try t.store.rejected(limit: 10)
        #expect(rows.count == 1)
        #expect(rows[0]["body"] == "{bad")
    }
}

@Suite struct SQLiteShutdownTests {
    @Test func closingFlushesTheWriteAheadLog() throws {
        let t = try TemporaryStore()
        defer { t.close() }
        _ = try t.store.intakeAndWait(batch([submission("关闭前的提交")])).get()
        let wal = t.path + "-wal"
        #expect((try FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int ?? 0) > 0)
        t.store.close()
        #expect((try? FileManager.default.attributesOfItem(atPath: wal)[.size] as? Int) ?? 0 == 0)
        // Everything is in the main file: a fresh store finds the ticket.
        try t.reopen()
        #expect(try t.store.stats().tickets == 1)
    }
}
