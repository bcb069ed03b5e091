import Dedup
import Foundation
import IntakeCore
import Synchronization
import Testing
@testable import Store

/// The SQLite store decides the next transaction's submissions against its in-memory dedup view while the writer
/// commits the previous one. These check the view never outlives the truth: a failed commit or a duplicate leaves no
/// candidate behind, a restart rebuilds the view from the tables, and a decision made while the previous
/// transaction is still committing sees that transaction's tickets.
@Suite struct DedupViewTests {
    /// What a decision read, noted in the order read with repeats, is checked each once, ascending: `Set(seqs).sorted()`.
    @Test func theMattersReadAreCheckedEachOnce() {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            let seqs = (0..<Int.random(in: 0...120, using: &rng)).map { _ in DedupView.firstSeq + Int64.random(in: 0...60, using: &rng) }
            #expect(DedupViewIndex.ascendingOnce(seqs) == Set(seqs).sorted())
        }
    }

    /// A key is its bytes, as in the key tables: one text is one key, a text canonically equal in other bytes (é
    /// precomposed / e and its accent) another; the view's lists of several keys, read in one hold of its lock, are
    /// each key's list read alone.
    @Test func keysAreTheirBytesAndListsReadTogetherAreEachKeys() {
        #expect(DedupView.Key.place("槐荫里") == .place(String("槐荫里里".dropLast())))
        #expect(Set([DedupView.Key.place("槐荫里"), .place("槐荫里"), .identity("槐荫里"), .cluster("槐荫里")]).count == 3)
        #expect(DedupView.Key.place("caf\u{E9}") != .place("cafe\u{301}") && "caf\u{E9}" == "cafe\u{301}")
        #expect(DedupView.Key.cell(7) == .cell(7) && DedupView.Key.cell(7) != .band(7))
        let view = DedupView(capacity: 1000, keepPerKey: 4, window: 30 * 86_400, horizon: Date(timeIntervalSince1970: 0))
        let engine = DedupEngine()
        var keys: [DedupView.Key] = []
        for (i, text) in ["槐荫里停电了，变压器响", "槐荫里停电了，我们是槐荫里的", "米市里电线杆歪了", "变压器响了一晚上"].enumerated() {
            let ticket = Ticket(id: "t-\(i)", receiptNo: "r-\(i)", hotline: "12345", channel: .sms, channelRef: nil,
                                receivedAt: Self.at.addingTimeInterval(Double(i)), submittedAt: nil, caller: Caller(phone: "1380000000\(i)"),
                                requestType: .complaint, subject: nil, text: text, location: nil, urgency: nil, attachments: [],
                                dedup: DedupInfo(), channelData: nil)
            let f = MatterFeatures(ticket)
            let entry = engine.entry(ticket, features: f)
            keys += entry.placeKeys.map(DedupView.Key.place)
            _ = view.registerDecided(entry, features: f, knownSeqs: [:])
        }
        keys += [.place("w:没有的"), .cell(1)]
        let together = view.candidates(keys, since: Self.at, limit: 3)
        #expect(together.found.map(\.seqs) == keys.map { view.candidates($0, since: Self.at, limit: 3).seqs })
        #expect(together.found.map(\.complete) == keys.map { view.candidates($0, since: Self.at, limit: 3).complete })
        #expect(together.found.filter { $0.seqs.count > 1 }.count >= 2 && together.found.suffix(2).allSatisfy(\.seqs.isEmpty))
    }

    /// The filter of the keys the view holds never says a key held is not (small, so slots are shared and some
    /// saturate), however keys come and go; most keys never held it tells apart.
    @Test func theKeyFilterNeverHidesAKeyHeld() {
        var filter = DedupView.KeyFilter(bits: 12)
        var held: [DedupView.Key: Int] = [:]
        var rng = SystemRandomNumberGenerator()
        let keys: [DedupView.Key] = (0..<3_000).map { i in
            switch i % 4 {
            case 0: return .place("n:\(i)号楼")
            case 1: return .band(Int64(i) * 7_919 - 1_000_000)
            case 2: return .cell(Int64(i))
            default: return .identity("phone:+86139\(i)")
            }
        }
        for round in 0..<40_000 {
            let key = keys[Int.random(in: 0..<(round < 20_000 ? 600 : keys.count), using: &rng)]
            if let n = held[key], Bool.random(using: &rng) {
                filter.remove(key)
                held[key] = n > 1 ? n - 1 : nil
            } else {
                filter.insert(key)
                held[key, default: 0] += 1
            }
            if round % 1_000 == 0 { #expect(held.keys.allSatisfy { filter.mayHold($0) }) }
        }
        #expect(held.keys.allSatisfy { filter.mayHold($0) })
        var empty = DedupView.KeyFilter(bits: 16)
        let few = keys.prefix(100)
        for key in few { empty.insert(key) }
        #expect(keys.dropFirst(100).filter { empty.mayHold($0) }.count < 100)
    }

    static let at = Date(timeIntervalSince1970: 1_795_354_512)
    static let matter = "小区门口的路灯坏了三天，晚上很黑，请尽快维修。"

    final class Dir: @unchecked Sendable {
        let path: String
        init() throws {
            let dir = NSTemporaryDirectory() + "dedup-view-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            path = dir + "/t.sqlite"
        }
        func open() throws -> SQLiteTicketStore {
            try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path), dedup: DedupEngine())
        }
        deinit { try? FileManager.default.removeItem(atPath: (path as NSString).deletingLastPathComponent) }
    }

    static func report(_ phone: String, ref: String? = nil, text: String = matter, at: Date = at) -> IntakeBatch {
        var s = submission(text, ref: ref, channel: .sms, phone: phone)
        s.location = Location(address: "深圳市福田区梅林一村", lat: 22.5706, lng: 114.0453, crs: .wgs84)
        var b = batch([s], at: at)
        b.items[0].precomputed = DedupEngine().precompute(b.items[0].submission)
        return b
    }

    /// A report of `text` without location by a phone, an openid or both (a verified channel: its identities are linked).
    static func plain(_ text: String, phone: String?, openId: String?, at: Date) -> IntakeBatch {
        var b = batch([Submission(channel: .sms, caller: Caller(phone: phone, phoneKey: phone.flatMap { PhoneNumber.normalize($0)?.key },
                                                                openId: openId), text: text)], at: at)
        b.items[0].precomputed = DedupEngine().precompute(b.items[0].submission)
        return b
    }

    /// An `intake` under way: `outcome()` waits for its answer.
    final class Pending: @unchecked Sendable {
        private let box = Mutex<Result<[IntakeOutcome], IntakeError>?>(nil)
        private let done = DispatchSemaphore(value: 0)
        init(_ store: SQLiteTicketStore, _ b: IntakeBatch) {
            store.intake(b) { [self] r in
                box.withLock { $0 = r }
                done.signal()
            }
        }
        func outcome() -> Result<[IntakeOutcome], IntakeError> {
            done.wait()
            done.signal()
            return box.withLock { $0! }
        }
    }

    static func start(_ store: SQLiteTicketStore, _ b: IntakeBatch) -> Pending { Pending(store, b) }

    /// Submits A (caller 138...5678); its commit waits until `second` has been decided against the view, then
    /// fails (`failing`) or goes on.
    static func secondDecidedWhileFirstCommits(_ store: SQLiteTicketStore, _ second: IntakeBatch, failing: Bool) throws
        -> (Pending, Pending)
    {
        let view = try #require(store.dedupView)
        let attempts = Atomic<Int>(0)
        store.beforeCommitForTests.set {
            guard attempts.add(1, ordering: .relaxed).newValue == 1 else { return }
            _ = DedupViewTests.waitFor { view.count == 2 }
            if failing { throw StoreError("disk I/O error (injected)") }
        }
        let a = start(store, report("13812345678"))
        #expect(waitFor { attempts.load(ordering: .relaxed) >= 1 })
        return (a, start(store, second))
    }

    static func waitFor(_ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(10)
        while !condition() && Date() < deadline { usleep(2000) }
        return condition()
    }

    @Test(arguments: ["13812345678", "13900001111"])
    func aFailedCommitLeavesNoPhantomCandidate(secondCaller: String) throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        // A's commit fails, but only once B (the same caller: a repeat; another caller: an incident cluster) was
        // decided against the view meanwhile, so B's early decision names A.
        let (a, b) = try Self.secondDecidedWhileFirstCommits(store, Self.report(secondCaller, at: Self.at.addingTimeInterval(60)),
                                                             failing: true)
        #expect(throws: IntakeError.self) { try a.outcome().get() }
        let bOutcome = try #require(try b.outcome().get().first)
        #expect(bOutcome.status == .created, "B must not repeat a ticket that was never stored")
        #expect(bOutcome.repeatOf == nil)
        #expect(bOutcome.clusterId == nil, "nor share a cluster with it")
        #expect(try store.ticket(idOrReceipt: bOutcome.ticketId!)?.ticket.dedup.clusterId == nil)
        #expect(view.earlyRedone >= 1, "B's early decision read A, which the failed commit took away")
        #expect(view.count == 1, "only B is in the view")
        // The next report by B's caller repeats B, the ticket that exists.
        let c = try #require(try store.intakeAndWait(Self.report(secondCaller, at: Self.at.addingTimeInterval(120))).get().first)
        #expect(c.status == .repeat)
        #expect(c.repeatOf == bOutcome.ticketId)
    }

    @Test func aDuplicateLeavesNoPhantomCandidate() throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        let first = try #require(try store.intakeAndWait(Self.report("13812345678", ref: "msg-1")).get().first)
        // The same message again (a provider's retry): decided early as a repeat, found a duplicate in the transaction.
        let again = try #require(try store.intakeAndWait(Self.report("13812345678", ref: "msg-1")).get().first)
        #expect(again.status == .duplicate)
        #expect(again.ticketId == first.ticketId)
        #expect(view.count == 1)
        let next = try #require(try store.intakeAndWait(Self.report("13812345678", ref: "msg-2", at: Self.at.addingTimeInterval(60))).get().first)
        #expect(next.repeatOf == first.ticketId)
    }

    @Test func aRestartRebuildsTheViewAndTheNextRepeatIsFound() throws {
        let dir = try Dir()
        var store = try dir.open()
        let first = try #require(try store.intakeAndWait(Self.report("13812345678")).get().first)
        let other = try #require(try store.intakeAndWait(Self.report("13900001111", at: Self.at.addingTimeInterval(30))).get().first)
        #expect(other.clusterId != nil, "another caller at the same place: an incident cluster")
        store.close()
        store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        #expect(view.count == 2, "the view is rebuilt from the tables")
        let again = try #require(try store.intakeAndWait(Self.report("13812345678", at: Self.at.addingTimeInterval(600))).get().first)
        #expect(again.status == .repeat)
        #expect(again.repeatOf == first.ticketId)
        #expect(again.clusterId == other.clusterId, "the original's cluster, as rebuilt")
        #expect(view.earlyUsed >= 1, "decided against the rebuilt view, not again in the transaction")
    }

    @Test func aDecisionWhileThePreviousBatchCommitsSeesItsTickets() throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        // A's commit waits until B has been decided: B's decision is made while A is being committed.
        let (a, b) = try Self.secondDecidedWhileFirstCommits(store, Self.report("13812345678", at: Self.at.addingTimeInterval(60)),
                                                             failing: false)
        let aOutcome = try #require(try a.outcome().get().first)
        let bOutcome = try #require(try b.outcome().get().first)
        #expect(bOutcome.status == .repeat)
        #expect(bOutcome.repeatOf == aOutcome.ticketId)
        #expect(view.earlyUsed == 2 && view.earlyRedone == 0, "both decided early and used as decided")
        #expect(store.commitCount >= 2, "two transactions")
    }

    @Test func aLinkWrittenWhileADecisionWaitsIsHonoured() throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        // T1 by openid O. T2 by phone P and O together (another matter) links P with O; while T2 commits, T3 by P
        // about T1's matter is decided, reading the links before T2's were visible. It is still T1's repeat.
        let t1 = try #require(try store.intakeAndWait(Self.plain(Self.matter, phone: nil, openId: "oABC123", at: Self.at)).get().first)
        let attempts = Atomic<Int>(0)
        store.beforeCommitForTests.set {
            guard attempts.add(1, ordering: .relaxed).newValue == 1 else { return }
            _ = DedupViewTests.waitFor { view.count == 3 }
        }
        let t2 = Self.start(store, Self.plain("楼下餐馆油烟太大，窗户都不敢开，希望环保部门来检查。", phone: "13812345678", openId: "oABC123",
                                         at: Self.at.addingTimeInterval(60)))
        #expect(Self.waitFor { attempts.load(ordering: .relaxed) >= 1 })
        let t3 = Self.start(store, Self.plain(Self.matter, phone: "13812345678", openId: nil, at: Self.at.addingTimeInterval(120)))
        #expect(try t2.outcome().get().first?.status == .created)
        let third = try #require(try t3.outcome().get().first)
        #expect(third.status == .repeat)
        #expect(third.repeatOf == t1.ticketId)
    }

    /// The view reads no link for an identity linked to no other (`DedupView.mayBeLinked`): those linked before the
    /// store opened are loaded at open, those linked since are noted as they are written. T1 by openid O, T2 by phone P
    /// and O together links P with O; after a restart, T3 by P about T1's matter is T1's repeat, and so is T5 by P',
    /// linked with O after the restart by T4.
    @Test func linksFromBeforeTheOpenAndSinceAreRead() throws {
        let dir = try Dir()
        let other = "楼下餐馆油烟太大，窗户都不敢开，希望环保部门来检查。"
        var store = try dir.open()
        let t1 = try #require(try store.intakeAndWait(Self.plain(Self.matter, phone: nil, openId: "oABC123", at: Self.at)).get().first)
        #expect(try store.intakeAndWait(Self.plain(other, phone: "13812345678", openId: "oABC123", at: Self.at.addingTimeInterval(60))).get()
            .first?.status == .created)
        let view = try #require(store.dedupView)
        #expect(view.mayBeLinked(["phone:+8613812345678"]) && !view.mayBeLinked(["phone:+8613900001111"]) && !view.mayBeLinked([]))
        store.close()
        store = try dir.open()
        defer { store.close() }
        #expect(try #require(store.dedupView).mayBeLinked(["phone:+8613812345678"]))
        let t3 = try #require(try store.intakeAndWait(Self.plain(Self.matter, phone: "13812345678", openId: nil, at: Self.at.addingTimeInterval(120)))
            .get().first)
        #expect(t3.status == .repeat && t3.repeatOf == t1.ticketId)
        _ = try store.intakeAndWait(Self.plain(other, phone: "13700002222", openId: "oABC123", at: Self.at.addingTimeInterval(180))).get()
        let t5 = try #require(try store.intakeAndWait(Self.plain(Self.matter, phone: "13700002222", openId: nil, at: Self.at.addingTimeInterval(240)))
            .get().first)
        #expect(t5.status == .repeat && t5.repeatOf == t1.ticketId)
    }

    /// A transaction has no savepoint per job: a job that fails (a reused key: 409) rolls it back and the batch is
    /// applied again, a savepoint per job. The other jobs of that transaction are stored once, decided as before, and
    /// the view holds exactly what was stored.
    @Test func aFailingJobAmongOthersFailsAloneAndTheViewHoldsWhatWasStored() throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        let first = try #require(try store.intakeAndWait(Self.report("13812345678", ref: "k1")).get().first)
        let attempts = Atomic<Int>(0)
        store.beforeCommitForTests.set {
            guard attempts.add(1, ordering: .relaxed).newValue == 1 else { return }
            // The next three jobs are decided meanwhile, so the writer takes them as one transaction.
            _ = DedupViewTests.waitFor { view.count == 5 }
        }
        let commitsBefore = store.commitCount
        let blocker = Self.start(store, Self.report("13900001111", at: Self.at.addingTimeInterval(30)))
        #expect(Self.waitFor { attempts.load(ordering: .relaxed) >= 1 })
        let other = Self.start(store, Self.report("13700002222", at: Self.at.addingTimeInterval(60)))
        let reused = Self.start(store, Self.report("13812345678", ref: "k1", text: "楼下餐馆油烟太大，窗户都不敢开。",
                                                   at: Self.at.addingTimeInterval(90)))
        let again = Self.start(store, Self.report("13812345678", at: Self.at.addingTimeInterval(120)))
        #expect(try blocker.outcome().get().first?.status == .created)
        let o = try #require(try other.outcome().get().first)
        #expect(o.status == .created)
        #expect(o.clusterId != nil, "a third caller at the same place")
        guard case .failure(let e) = reused.outcome() else { Issue.record("expected 409"); return }
        #expect(e.status == 409)
        let a = try #require(try again.outcome().get().first)
        #expect(a.status == .repeat)
        #expect(a.repeatOf == first.ticketId)
        #expect(store.commitCount - commitsBefore == 2, "the three jobs were one transaction")
        #expect(try store.stats().tickets == 4)
        #expect(view.count == 4, "the view holds the four stored tickets, not the refused one")
        // The view after the second run: the next report by the third caller repeats their ticket.
        let next = try #require(try store.intakeAndWait(Self.report("13700002222", at: Self.at.addingTimeInterval(180))).get().first)
        #expect(next.repeatOf == o.ticketId)
    }

    @Test func aTicketClosedMeanwhileIsNotRepeated() throws {
        let dir = try Dir()
        let store = try dir.open()
        defer { store.close() }
        let view = try #require(store.dedupView)
        let first = try #require(try store.intakeAndWait(Self.report("13812345678")).get().first)
        // Closed by the case system: the view does not hear of it; the transaction checks the original's state.
        let done = DispatchSemaphore(value: 0)
        store.setState(ticket: first.ticketId!, to: "closed", reply: nil) { _ in done.signal() }
        done.wait()
        let again = try #require(try store.intakeAndWait(Self.report("13812345678", at: Self.at.addingTimeInterval(60))).get().first)
        #expect(again.status == .created)
        #expect(view.earlyRedone == 1)
    }

    @Test func withoutAViewEveryDecisionIsMadeInItsTransaction() throws {
        let dir = try Dir()
        var configuration = SQLiteStoreConfiguration(path: dir.path)
        configuration.dedupViewCapacity = 0
        let store = try SQLiteTicketStore(configuration: configuration, dedup: DedupEngine())
        defer { store.close() }
        #expect(store.dedupView == nil)
        let first = try #require(try store.intakeAndWait(Self.report("13812345678")).get().first)
        let again = try #require(try store.intakeAndWait(Self.report("13812345678", at: Self.at.addingTimeInterval(60))).get().first)
        #expect(again.repeatOf == first.ticketId)
    }

    @Test func theViewIsBounded() throws {
        let dir = try Dir()
        var configuration = SQLiteStoreConfiguration(path: dir.path)
        configuration.dedupViewCapacity = 3
        let store = try SQLiteTicketStore(configuration: configuration, dedup: DedupEngine())
        defer { store.close() }
        let view = try #require(store.dedupView)
        var outcomes: [IntakeOutcome] = []
        for i in 0..<6 {
            let b = Self.report("1381234567\(i)", text: "第\(i)件事：" + Self.matter, at: Self.at.addingTimeInterval(Double(i)))
            outcomes.append(try #require(try store.intakeAndWait(b).get().first))
        }
        #expect(view.count <= 3)
        // The first caller's ticket left the view; their repeat is still found, in the tables.
        let again = try #require(try store.intakeAndWait(Self.report("13812345670", at: Self.at.addingTimeInterval(60))).get().first)
        #expect(again.repeatOf == outcomes[0].ticketId)
        #expect(view.earlyRedone == 0, "a matter dropped from the view is still stored: decisions that read it hold")
    }
}
