import Dedup
import Foundation
import IntakeCore
import Synchronization
import Testing
import ChannelTesting
@testable import Store

/// The stores the contract runs against. PostgreSQL is the real server `make test` starts.
enum StoreKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite, memory, postgres
    var testDescription: String { rawValue }

    /// A fresh, empty store of this kind; `close` removes what it made.
    func open(ticketDestinations: [String] = ["case-system"], dedup: any DedupDecider = NoDedup()) throws -> OpenedStore {
        let rules = IntakeRules(ticketDestinations: ticketDestinations, dedup: dedup)
        switch self {
        case .memory:
            return OpenedStore(store: MemoryTicketStore(rules: rules), cleanup: {})
        case .sqlite:
            let dir = NSTemporaryDirectory() + "intake-contract-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: dir + "/c.sqlite", ticketDestinations: ticketDestinations),
                                              dedup: dedup)
            return OpenedStore(store: store, cleanup: { try? FileManager.default.removeItem(atPath: dir) })
        case .postgres:
            let (url, drop) = try TestDatabase.create()
            let store = try PostgresTicketStore(configuration: PostgresStoreConfiguration(url: url, ticketDestinations: ticketDestinations),
                                                dedup: dedup)
            return OpenedStore(store: store, cleanup: drop)
        }
    }
}

final class OpenedStore: @unchecked Sendable {
    let store: any TicketStore
    let cleanup: () -> Void
    init(store: any TicketStore, cleanup: @escaping () -> Void) {
        self.store = store
        self.cleanup = cleanup
    }
    func close() {
        store.close()
        cleanup()
    }
}

/// Waits for a store callback.
func waitFor<T: Sendable>(_ start: (@escaping @Sendable (T) -> Void) -> Void) -> T {
    let box = Mutex<T?>(nil)
    let done = DispatchSemaphore(value: 0)
    start { v in
        box.withLock { $0 = v }
        done.signal()
    }
    done.wait()
    return box.withLock { $0! }
}

extension TicketStore {
    func intakeAndWait(_ b: IntakeBatch) -> Result<[IntakeOutcome], IntakeError> {
        var prepared = b
        for i in prepared.items.indices { precompute(&prepared.items[i]) }
        let batch = prepared
        return waitFor { done in intake(batch) { done($0) } }
    }

    func completeAndWait(_ results: [DeliveryResult], owner: String) {
        let _: Bool = waitFor { done in complete(results, owner: owner) { _ in done(true) } }
    }
}

/// One contract for the storage ports, run against SQLite, PostgreSQL and the in-memory store.
@Suite struct StoreContractTests {
    static let day = Date(timeIntervalSince1970: 1_795_354_512)  // 2026-11-22 in Beijing

    @Test(arguments: StoreKind.allCases)
    func receiptsAreSequentialPerLocalDayAndKeysAreIdempotent(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        let out = try o.store.intakeAndWait(batch([submission("路灯不亮", ref: "k1"), submission("井盖缺失", ref: "k2")], at: Self.day)).get()
        #expect(out.map(\.status) == [.created, .created])
        #expect(out.map(\.receiptNo) == ["20261122-000001", "20261122-000002"])
        // The same key and body again: the first ticket, nothing new.
        let again = try o.store.intakeAndWait(batch([submission("路灯不亮", ref: "k1")], at: Self.day)).get()
        #expect(again[0].status == .duplicate && again[0].ticketId == out[0].ticketId && again[0].receiptNo == out[0].receiptNo)
        // The same key with another body: 409 naming the key.
        guard case .failure(let e) = o.store.intakeAndWait(batch([submission("别的事", ref: "k1")], at: Self.day)) else {
            Issue.record("a reused key with another body was accepted")
            return
        }
        #expect(e.code == .conflict && e.field == "Idempotency-Key")
        // The next local day starts again at 1 (16:00 UTC is midnight in Beijing).
        let next = try o.store.intakeAndWait(batch([submission("新的一天")], at: Self.day.addingTimeInterval(86_400))).get()
        #expect(next[0].receiptNo == "20261123-000001")
        #expect(try o.store.stats().tickets == 3)
        let stored = try #require(try o.store.ticket(idOrReceipt: "20261122-000002"))
        #expect(stored.ticket.text == "井盖缺失" && stored.status == "open" && stored.deliveries.count == 1)
    }

    /// Every attempt is kept with its time, destination, outcome, status or error, duration and next retry; the
    /// oldest go beyond DeliveryAttempt.kept per event, while `attempts` still counts all.
    @Test(arguments: StoreKind.allCases)
    func everyDeliveryAttemptIsListedAndTheListIsBounded(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        let out = try o.store.intakeAndWait(batch([submission("路灯不亮", ref: "a1")], at: Self.day)).get()[0]
        let event = try #require(try o.store.claim(destination: "case-system", limit: 1, owner: "t", lease: 30, now: Self.day).first)
        let retries = DeliveryAttempt.kept + 3
        for i in 0..<retries {
            let at = Self.day.addingTimeInterval(Double(i))
            o.store.completeAndWait([DeliveryResult(eventId: event.id, ticketId: out.ticketId, outcome: .retry(at: at.addingTimeInterval(60)),
                                                    status: i == 0 ? nil : 503, error: i == 0 ? "connection refused" : "HTTP 503", at: at,
                                                    durationMs: i)], owner: "t")
        }
        o.store.completeAndWait([DeliveryResult(eventId: event.id, ticketId: out.ticketId, outcome: .delivered(caseId: "C-1"), status: 201,
                                                error: nil, at: Self.day.addingTimeInterval(100), durationMs: 42)], owner: "t")
        let stored = try #require(try o.store.ticket(idOrReceipt: out.ticketId ?? ""))
        let delivery = try #require(stored.deliveries.first)
        #expect(delivery.attempts == retries + 1)
        #expect(delivery.history.count == DeliveryAttempt.kept)
        let last = try #require(delivery.history.last)
        #expect(last == DeliveryAttempt(at: Self.day.addingTimeInterval(100), destination: "case-system", outcome: "delivered", status: 201,
                                        error: nil, durationMs: 42, nextAttemptAt: nil))
        // The oldest kept is attempt number retries + 1 - kept + 1 (0-based index retries + 1 - kept).
        let first = try #require(delivery.history.first)
        let n = retries + 1 - DeliveryAttempt.kept
        #expect(first == DeliveryAttempt(at: Self.day.addingTimeInterval(Double(n)), destination: "case-system", outcome: "retry", status: 503,
                                         error: "HTTP 503", durationMs: n, nextAttemptAt: Self.day.addingTimeInterval(Double(n) + 60)))
        #expect(delivery.json()["history"]?.arrayValue?.count == DeliveryAttempt.kept)
    }

    @Test(arguments: StoreKind.allCases)
    func aConflictInsideABatchIsThatMessagesOutcomeAlone(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        _ = try o.store.intakeAndWait(batch([submission("第一条", ref: "m1", channel: .sms)], at: Self.day)).get()
        let out = try o.store.intakeAndWait(batch([submission("不同的内容", ref: "m1", channel: .sms),
                                                   submission("第二条", ref: "m2", channel: .sms)], at: Self.day)).get()
        #expect(out.map(\.status) == [.conflict, .created])
        #expect(out[0].receiptNo == nil)
        #expect(try o.store.stats().tickets == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func recordsAreKeptOnceWithoutATicket(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        let s = submission("status report", ref: "rpt-1", channel: .sms, disposition: .recordOnly(reason: "status report"))
        #expect(try o.store.intakeAndWait(batch([s])).get()[0].status == .recorded)
        #expect(try o.store.intakeAndWait(batch([s])).get()[0].status == .duplicate)
        #expect(try o.store.stats().tickets == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func longSMSPartsAreAssembledOnceAndSweptWhenIncomplete(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        func part(_ text: String, _ i: Int, _ n: Int, group: String, ref: String) -> Submission {
            submission(text, ref: ref, channel: .sms, fragment: Fragment(group: group, index: i, total: n))
        }
        #expect(try o.store.intakeAndWait(batch([part("小区门口的路灯", 2, 2, group: "g1", ref: "p2")], at: Self.day)).get()[0].status == .pending)
        #expect(try o.store.intakeAndWait(batch([part("小区门口的路灯", 2, 2, group: "g1", ref: "p2")], at: Self.day)).get()[0].status == .duplicate)
        let done = try o.store.intakeAndWait(batch([part("我要反映", 1, 2, group: "g1", ref: "p1")], at: Self.day)).get()[0]
        #expect(done.status == .created)
        let ticket = try #require(try o.store.ticket(idOrReceipt: done.ticketId ?? ""))
        #expect(ticket.ticket.text == "我要反映小区门口的路灯")
        // A carrier's late retry of a part finds the ticket.
        let late = try o.store.intakeAndWait(batch([part("我要反映", 1, 2, group: "g1", ref: "p1")], at: Self.day)).get()[0]
        #expect(late.status == .duplicate && late.ticketId == done.ticketId)
        // A set whose last part never comes becomes an incomplete ticket after the wait.
        #expect(try o.store.intakeAndWait(batch([part("第一部分", 1, 3, group: "g2", ref: "q1")], at: Self.day)).get()[0].status == .pending)
        #expect(try o.store.sweepFragments(olderThan: Self.day.addingTimeInterval(-1), now: Self.day) == 0)
        #expect(try o.store.sweepFragments(olderThan: Self.day.addingTimeInterval(1), now: Self.day.addingTimeInterval(300)) == 1)
        let swept = try o.store.tickets(TicketQuery(channel: .sms)).first { $0.ticket.text == "第一部分" }
        #expect(swept?.ticket.channelData?["incomplete"] == .bool(true))
        #expect(try o.store.stats().tickets == 2)
    }

    @Test(arguments: StoreKind.allCases)
    func outboxClaimsAreLeasedAndCompleted(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        let now = Self.day
        let out = try o.store.intakeAndWait(batch([submission("a"), submission("b"), submission("c")], at: now)).get()
        let first = try o.store.claim(destination: "case-system", limit: 2, owner: "A", lease: 30, now: now)
        #expect(first.count == 2)
        #expect(first[0].id == "evt_" + (out[0].ticketId ?? ""), "the event id is derived from the ticket: one webhook-id whoever sends it")
        #expect(try JSON.parse(first[0].ticketJSON ?? "")["receiptNo"]?.stringValue == out[0].receiptNo)
        // Leased events are not handed to another owner until the lease runs out.
        let second = try o.store.claim(destination: "case-system", limit: 10, owner: "B", lease: 30, now: now)
        #expect(second.map(\.id) == ["evt_" + (out[2].ticketId ?? "")])
        let taken = try o.store.claim(destination: "case-system", limit: 10, owner: "B", lease: 30, now: now.addingTimeInterval(31))
        #expect(Set(taken.map(\.id)) == Set(first.map(\.id) + second.map(\.id)), "expired leases are taken over")
        o.store.completeAndWait([
            DeliveryResult(eventId: first[0].id, ticketId: first[0].ticketId, outcome: .delivered(caseId: "CASE-9"), status: 200, error: nil, at: now),
            DeliveryResult(eventId: first[1].id, ticketId: first[1].ticketId, outcome: .retry(at: now.addingTimeInterval(60)), status: 503,
                           error: "HTTP 503", at: now),
            DeliveryResult(eventId: second[0].id, ticketId: second[0].ticketId, outcome: .dead, status: 400, error: "HTTP 400", at: now),
        ], owner: "B")
        #expect(try o.store.claim(destination: "case-system", limit: 10, owner: "C", lease: 30, now: now.addingTimeInterval(40)).isEmpty)
        let retried = try o.store.claim(destination: "case-system", limit: 10, owner: "C", lease: 30, now: now.addingTimeInterval(61))
        #expect(retried.map(\.attempts) == [1])
        let delivered = try #require(try o.store.ticket(idOrReceipt: out[0].receiptNo ?? ""))
        #expect(delivered.caseId == "CASE-9" && delivered.deliveries.first?.state == "delivered")
        let stats = try o.store.stats()
        #expect(stats.pending == 1 && stats.dead == 1)
        // A dead letter replayed is due again.
        let dead = try o.store.deadLetters(limit: 10)
        #expect(dead.map(\.state.eventId) == [second[0].id] && dead[0].receiptNo == out[2].receiptNo)
        let replayed: Result<Bool, any Error> = waitFor { done in o.store.replay(eventId: second[0].id, now: now, completion: done) }
        #expect(try replayed.get())
        #expect(try o.store.stats().dead == 0)
    }

    @Test(arguments: StoreKind.allCases)
    func aRepeatWaitsForItsOriginal(_ kind: StoreKind) throws {
        let o = try kind.open(dedup: DedupEngine())
        defer { o.close() }
        let now = Self.day
        let a = try o.store.intakeAndWait(batch([submission("我家楼下的路灯坏了三天了，晚上很黑", phone: "13812345678")], at: now)).get()[0]
        let b = try o.store.intakeAndWait(batch([submission("楼下路灯坏了三天，晚上很黑，请尽快修", phone: "13812345678")],
                                                at: now.addingTimeInterval(600))).get()[0]
        #expect(b.status == .repeat && b.repeatOf == a.ticketId)
        let claimed = try o.store.claim(destination: "case-system", limit: 10, owner: "A", lease: 30, now: now.addingTimeInterval(601))
        #expect(claimed.map(\.id) == ["evt_" + (a.ticketId ?? "")], "the repeat is not sent before its original")
        o.store.completeAndWait([DeliveryResult(eventId: claimed[0].id, ticketId: a.ticketId, outcome: .delivered(caseId: "CASE-1"),
                                                status: 200, error: nil, at: now)], owner: "A")
        let repeatEvent = try o.store.claim(destination: "case-system", limit: 10, owner: "A", lease: 30, now: now.addingTimeInterval(602))
        #expect(repeatEvent.map(\.type) == ["ticket.repeat"])
        #expect(repeatEvent.first?.originalCaseId == "CASE-1")
    }

    @Test(arguments: StoreKind.allCases)
    func importsOnceAndQueuesOtherEventsIdempotently(_ kind: StoreKind) throws {
        let o = try kind.open(dedup: DedupEngine())
        defer { o.close() }
        let t = Ticket(id: "hist-1", receiptNo: "20261101-000042", hotline: "12345", channel: .phone, channelRef: "call-1",
                       receivedAt: Self.day.addingTimeInterval(-86_400 * 3), submittedAt: nil,
                       caller: Caller(phone: "13812345678", phoneKey: "+8613812345678"), requestType: .complaint, subject: nil,
                       text: "小区门口路灯不亮", location: nil, urgency: nil, attachments: [], dedup: DedupInfo(), channelData: nil)
        #expect(try o.store.importTickets([(t, "open", "CASE-7"), (t, "open", "CASE-7")]) == [true, false])
        let stored = try #require(try o.store.ticket(idOrReceipt: "hist-1"))
        #expect(stored.caseId == "CASE-7" && stored.deliveries.isEmpty)
        for _ in 0..<2 {
            let r: Result<String, any Error> = waitFor { done in
                o.store.enqueueEvent(destination: "police110-feedback", type: "ticket.returned", ticketId: "hist-1",
                                     payload: .object([("reason", .string("不属于12345"))]), at: Self.day, eventId: "evt_ret_hist-1",
                                     ticketState: "returned", completion: done)
            }
            #expect(try r.get() == "evt_ret_hist-1")
        }
        let events = try o.store.claim(destination: "police110-feedback", limit: 10, owner: "A", lease: 30, now: Self.day)
        #expect(events.map(\.id) == ["evt_ret_hist-1"] && events[0].payload.map { try? JSON.parse($0) }??["reason"] == "不属于12345")
        #expect(try o.store.ticket(idOrReceipt: "hist-1")?.status == "returned")
        let state: Result<String?, any Error> = waitFor { done in o.store.setState(ticket: "hist-1", to: "closed", completion: done) }
        #expect(try state.get() == "hist-1")
        let none: Result<String?, any Error> = waitFor { done in o.store.setState(ticket: "nothing", to: "closed", completion: done) }
        #expect(try none.get() == nil)
    }

    @Test(arguments: StoreKind.allCases)
    func refusedRequestsAreJournaled(_ kind: StoreKind) throws {
        let o = try kind.open()
        defer { o.close() }
        o.store.reject(RejectedRecord(channel: "web", path: "/v1/intake/web", status: 422, problem: #"{"status":422}"#,
                                      contentType: "application/json", body: Array("{}".utf8), receivedAt: Self.day))
        #expect(o.store.checkWritable(timeoutSeconds: 5))
        let rows = try o.store.rejected(limit: 10)
        #expect(rows.count == 1 && rows.first?["status"] == 422 && rows.first?["body"] == "{}")
        #expect(try o.store.stats().rejected == 1)
    }
}
