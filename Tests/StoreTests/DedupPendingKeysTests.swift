import ChannelTesting
import Dedup
import Foundation
import IntakeCore
import Testing
@testable import Store

/// A matter the SQLite store's dedup view holds has no rows in the four key tables (its keys wait in
/// `dedup_matters.pending_keys`): these check the rows are there whenever the tables are asked for it instead of the
/// view — after the view dropped it, after a restart that does not load it, without a view, and on PostgreSQL after
/// `migrate-store`.
@Suite struct DedupPendingKeysTests {
    /// An hour ago: a restart loads the last window by the clock.
    static let at = Date().addingTimeInterval(-3600)
    static let caller = "13812345678"

    static func open(_ dir: DedupViewTests.Dir, capacity: Int = 200_000) throws -> SQLiteTicketStore {
        var configuration = SQLiteStoreConfiguration(path: dir.path)
        configuration.dedupViewCapacity = capacity
        return try SQLiteTicketStore(configuration: configuration, dedup: DedupEngine())
    }

    static func keyRows(_ store: SQLiteTicketStore, ticketId: String? = nil) throws -> Int {
        try store.read { db in
            var n = 0
            for table in ["dedup_by_identity", "dedup_by_cell", "dedup_by_place", "dedup_by_band"] {
                let filter = ticketId == nil ? "" : " WHERE seq = (SELECT seq FROM tickets WHERE id = ?)"
                n += Int(try db.query("SELECT count(*) AS n FROM \(table)" + filter, ticketId.map { [.text($0)] } ?? []).first?.int("n") ?? 0)
            }
            return n
        }
    }

    static func waiting(_ store: SQLiteTicketStore) throws -> Int {
        try store.read { db in Int(try db.query("SELECT count(*) AS n FROM dedup_matters WHERE pending_keys IS NOT NULL").first?.int("n") ?? 0) }
    }

    /// The first caller's report, then four other callers' at the same place a second apart.
    static func fiveReports(_ store: SQLiteTicketStore) throws -> IntakeOutcome {
        let first = try #require(try store.intakeAndWait(DedupViewTests.report(caller, at: at)).get().first)
        for i in 1...4 {
            let b = DedupViewTests.report("1390000000\(i)", text: "第\(i)件事：" + DedupViewTests.matter, at: at.addingTimeInterval(Double(i)))
            _ = try store.intakeAndWait(b).get()
        }
        return first
    }

    static func repeatOfFirst(_ store: SQLiteTicketStore) throws -> IntakeOutcome {
        try #require(try store.intakeAndWait(DedupViewTests.report(caller, at: at.addingTimeInterval(600))).get().first)
    }

    /// The waiting keys are written as `JSON.object` of the four lists writes them (the writer builds the bytes
    /// without the values), and read back the same: escapes, CJK, negative numbers, no cell.
    @Test func waitingKeysAreWrittenAsTheirJSONValue() throws {
        let cases = [
            DedupKeys(identities: ["phone:+8613900000001", "sender:web"], cell: 1_234_567_890_123, places: ["w:米市里", "n:临港物", "人民路/隧道"],
                      bands: []),
            DedupKeys(identities: [], cell: nil, places: [], bands: [-9_223_372_036_854_775_808, 42, 9_223_372_036_854_775_807]),
            DedupKeys(identities: ["email:a\"b\\c@x.cn", "t\u{1}\n\t\u{7F}"], cell: -5, places: ["é", ""], bands: [0]),
        ]
        for keys in cases {
            let value = JSON.object([("i", .array(keys.identities.map(JSON.string))), ("c", keys.cell.map { .string(String($0)) } ?? .null),
                                     ("p", .array(keys.places.map(JSON.string))), ("b", .array(keys.bands.map { .string(String($0)) }))])
            #expect(keys.jsonUTF8 == value.serialized())
            #expect(keys.json == value.text)
            #expect(DedupKeys(json: keys.json) == keys)
        }
    }

    @Test func aMatterTheViewHoldsWaitsForItsKeyRows() throws {
        let dir = try DedupViewTests.Dir()
        let store = try Self.open(dir)
        defer { store.close() }
        let first = try Self.fiveReports(store)
        #expect(try Self.keyRows(store) == 0, "the view answers for what it holds")
        #expect(try Self.waiting(store) == 5)
        let again = try Self.repeatOfFirst(store)
        #expect(again.repeatOf == first.ticketId)
    }

    @Test func theRowsAreWrittenInTheTransactionBeforeTheViewDropsAMatter() throws {
        let dir = try DedupViewTests.Dir()
        let store = try Self.open(dir, capacity: 3)
        defer { store.close() }
        let view = try #require(store.dedupView)
        let first = try Self.fiveReports(store)
        #expect(view.count == 3)
        #expect(try Self.keyRows(store, ticketId: first.ticketId) >= 2, "the first caller's identity and cell rows")
        #expect(try Self.waiting(store) == 3, "the three the view holds")
        let again = try Self.repeatOfFirst(store)
        #expect(again.repeatOf == first.ticketId)
        #expect(view.earlyRedone == 0)
    }

    /// Receive times do not always come in the order matters are stored (an import, a delayed batch): a matter received
    /// before the one the view drops for capacity is past the horizon too, so it gets its rows in the same transaction.
    @Test func aMatterReceivedBeforeTheDroppedOneGetsItsRowsToo() throws {
        let dir = try DedupViewTests.Dir()
        let store = try Self.open(dir, capacity: 3)
        defer { store.close() }
        let view = try #require(store.dedupView)
        for i in 1...3 {
            let b = DedupViewTests.report("1390000000\(i)", text: "第\(i)件事：" + DedupViewTests.matter, at: Self.at.addingTimeInterval(Double(10 + i)))
            _ = try store.intakeAndWait(b).get()
        }
        // Received before all three, stored after them: the view holds four, drops the first stored (received at +11 s),
        // and holds this one, received earlier, behind its horizon.
        let late = try #require(try store.intakeAndWait(DedupViewTests.report(Self.caller, at: Self.at.addingTimeInterval(5))).get().first)
        #expect(view.count == 3)
        #expect(try Self.keyRows(store, ticketId: late.ticketId) >= 2)
        let again = try #require(try store.intakeAndWait(DedupViewTests.report(Self.caller, at: Self.at.addingTimeInterval(6))).get().first)
        #expect(again.repeatOf == late.ticketId)
    }

    /// A restart with a smaller view (or none) loads fewer matters than the last run held without rows: it writes
    /// theirs, and the first caller's repeat is found in the tables.
    @Test(arguments: [0, 2])
    func aRestartWithASmallerViewWritesTheRowsItDoesNotLoad(capacity: Int) throws {
        let dir = try DedupViewTests.Dir()
        var store = try Self.open(dir)
        let first = try Self.fiveReports(store)
        #expect(try Self.keyRows(store) == 0)
        store.close()
        store = try Self.open(dir, capacity: capacity)
        defer { store.close() }
        #expect(try Self.waiting(store) == min(capacity, 5))
        #expect(try Self.keyRows(store, ticketId: first.ticketId) >= 2)
        let again = try Self.repeatOfFirst(store)
        #expect(again.status == .repeat)
        #expect(again.repeatOf == first.ticketId)
        store.close()
        // And back to the full view: it loads them all again, rows or not.
        store = try Self.open(dir)
        #expect(store.dedupView?.count == 6)
        let third = try #require(try store.intakeAndWait(DedupViewTests.report(Self.caller, at: Self.at.addingTimeInterval(900))).get().first)
        #expect(third.repeatOf == first.ticketId)
    }

    /// The caller's `i`th report (received `i` seconds after `at`), with its index entry.
    static func numberedReport(_ i: Int, _ engine: DedupEngine) -> (IndexEntry, MatterFeatures) {
        let ticket = Ticket(id: "t-\(i)", receiptNo: "r-\(i)", hotline: "12345", channel: .sms, channelRef: nil,
                            receivedAt: at.addingTimeInterval(Double(i)), submittedAt: nil,
                            caller: Caller(phone: caller, phoneKey: PhoneNumber.normalize(caller)?.key), requestType: .complaint,
                            subject: nil, text: "第\(i)件事：" + DedupViewTests.matter, location: nil, urgency: nil, attachments: [],
                            dedup: DedupInfo(), channelData: nil)
        let f = MatterFeatures(ticket)
        return (engine.entry(ticket, features: f), f)
    }

    /// The writer's candidates of a key are the newest stored matters, however many matters of that key the decider
    /// has decided ahead of it (a hot incident's reports all share its cell and place).
    @Test func decidedMattersNeverPushStoredOnesOutOfAKey() throws {
        let engine = DedupEngine()
        let view = DedupView(capacity: 1000, keepPerKey: 4, window: 30 * 86_400, horizon: Date(timeIntervalSince1970: 0))
        func entry(_ i: Int) -> (IndexEntry, MatterFeatures) { Self.numberedReport(i, engine) }
        for i in 1...6 {
            let (e, f) = entry(i)
            #expect(view.didStore(e, features: f, rootStoreSeq: Int64(i), storeSeq: Int64(i)))
        }
        view.didCommit()
        var key = ""
        for i in 7...26 {
            let (e, f) = entry(i)
            key = try #require(e.identityKeys.first)
            _ = view.registerDecided(e, features: f, knownSeqs: [:])
        }
        let found = view.storedCandidates(.identity(key), since: Self.at, limit: 3)
        #expect(found.seqs == [6, 5, 4])
        #expect(found.complete)
    }

    /// With more jobs in flight (decided, then stored, not yet committed) than `keepPerKey`, a busy key's list is
    /// walked for a trim once every `keepPerKey` appends, not on every one, and still stays bounded: the jobs in
    /// flight plus at most three times `keepPerKey`; the newest matters and the newest stored ones read as before.
    @Test func aBusyKeyStaysBoundedWithManyJobsInFlight() throws {
        let engine = DedupEngine()
        let keep = 4, inFlight = 20
        let view = DedupView(capacity: 10_000, keepPerKey: keep, window: 30 * 86_400, horizon: Date(timeIntervalSince1970: 0))
        func entry(_ i: Int) -> (IndexEntry, MatterFeatures) { Self.numberedReport(i, engine) }
        var decided: [(IndexEntry, MatterFeatures, Int64)] = []
        var key = ""
        for i in 1...400 {
            let (e, f) = entry(i)
            key = try #require(e.identityKeys.first)
            decided.append((e, f, view.registerDecided(e, features: f, knownSeqs: [:])))
            if decided.count > inFlight {
                let (se, sf, _) = decided.removeFirst()
                let n = Int64(i - inFlight)
                #expect(view.didStore(se, features: sf, rootStoreSeq: n, storeSeq: n))
                if i % 5 == 0 { view.didCommit() }
            }
            #expect(view.listLength(.identity(key)) <= inFlight + 3 * keep + 1)
        }
        #expect(view.listLength(.identity(key)) > 2 * keep)
        let newest = view.candidates(.identity(key), since: Self.at, limit: 3)
        #expect(newest.seqs == decided.suffix(3).reversed().map(\.2))
        let stored = view.storedCandidates(.identity(key), since: Self.at, limit: 3)
        #expect(stored.seqs == [380, 379, 378])
    }

    /// `migrate-store` writes on PostgreSQL the rows of the matters the SQLite view held, so the next report there
    /// finds its original.
    @Test func migrateStoreWritesTheRowsTheViewHeld() throws {
        let dir = try DedupViewTests.Dir()
        var sqlite: SQLiteTicketStore? = try Self.open(dir)
        let first = try Self.fiveReports(try #require(sqlite))
        #expect(try Self.waiting(try #require(sqlite)) == 5)
        sqlite?.close()
        sqlite = nil
        let (url, drop) = try TestDatabase.create()
        defer { drop() }
        let counts = try StoreCopy.sqliteToPostgres(sqlitePath: dir.path, postgresURL: url)
        #expect(counts.allSatisfy { $0.source == $0.target })
        #expect((counts.first { $0.table == "dedup_by_identity" }?.target ?? 0) >= 5)
        let pg = try PostgresTicketStore(configuration: PostgresStoreConfiguration(url: url), dedup: DedupEngine())
        defer { pg.close() }
        let again = try #require(try pg.intakeAndWait(DedupViewTests.report(Self.caller, at: Self.at.addingTimeInterval(600))).get().first)
        #expect(again.status == .repeat)
        #expect(again.repeatOf == first.ticketId)
    }
}
