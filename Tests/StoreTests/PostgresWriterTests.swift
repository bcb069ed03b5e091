import Dedup
import Foundation
import IntakeCore
import Postgres
import Synchronization
import Testing
@testable import Store

/// Several gateways share one PostgreSQL and wait on each other's advisory locks. Runs against the real server that
/// `make test` starts (INTAKE_TEST_POSTGRES_URL).
@Suite struct PostgresWriterTests {
    /// An instance that stops in the middle of a transaction (frozen, partitioned, paused by a debugger) holds the
    /// locks other instances wait for. The server ends such a session after the writer's idle-in-transaction
    /// timeout: the other instance goes on while the frozen one is still asleep, and nothing of the frozen
    /// transaction is acknowledged or kept. The frozen writer reconnects for its next transaction.
    @Test func aFrozenInstanceDoesNotHoldOthersLocks() throws {
        guard let (url, admin, table) = try Self.scratchTable("writer_idle") else { return }
        defer { _ = try? admin.query("DROP TABLE \(table)") }

        let frozen = PostgresWriter(url: url, threads: 1, maxBatch: 1, idleInTransactionSeconds: 1)
        let other = PostgresWriter(url: url, threads: 1, maxBatch: 1)
        frozen.start()
        other.start()
        defer { frozen.stop(); other.stop() }
        let lock = "incident:\(table)"

        let locked = DispatchSemaphore(value: 0), frozenDone = DispatchSemaphore(value: 0)
        let otherDone = DispatchSemaphore(value: 0)
        let awake = Atomic(false)
        let frozenResult = Mutex<Result<Int, any Error>?>(nil), otherResult = Mutex<Result<Bool, any Error>?>(nil)
        frozen.submit(locks: [lock], { db in
            _ = try db.run("INSERT INTO \(table) VALUES ('frozen')")
            locked.signal()
            Thread.sleep(forTimeInterval: 4)
            awake.store(true, ordering: .sequentiallyConsistent)
            return 1
        }, completion: { result in frozenResult.withLock { $0 = result }; frozenDone.signal() })
        #expect(locked.wait(timeout: .now() + 30) == .success)

        other.submit(locks: [lock], { db in
            _ = try db.run("INSERT INTO \(table) VALUES ('other')")
            return awake.load(ordering: .sequentiallyConsistent)
        }, completion: { result in otherResult.withLock { $0 = result }; otherDone.signal() })

        #expect(otherDone.wait(timeout: .now() + 30) == .success)
        // The other instance took the lock while the frozen one still slept.
        #expect(try otherResult.withLock { try $0?.get() } == false)
        #expect(frozenDone.wait(timeout: .now() + 30) == .success)
        #expect(frozenResult.withLock { result in
            if case .failure = result { return true } else { return false }
        })
        #expect(try admin.query("SELECT who FROM \(table) ORDER BY who").value(0, "who") == "other")
        #expect(try admin.query("SELECT count(*) AS n FROM \(table)").value(0, "n") == "1")

        // The frozen writer's next transaction runs on a new session.
        let again = DispatchSemaphore(value: 0)
        let againResult = Mutex<Result<Int, any Error>?>(nil)
        frozen.submit(locks: [lock], { db in try db.run("INSERT INTO \(table) VALUES ('frozen, later')") },
                      completion: { result in againResult.withLock { $0 = result }; again.signal() })
        #expect(again.wait(timeout: .now() + 30) == .success)
        #expect(try againResult.withLock { try $0?.get() } == 1)
    }

    /// A batch runs without a savepoint per job; a job that fails (here a duplicate key, which aborts the whole
    /// PostgreSQL transaction) fails alone: the batch runs again with a savepoint per job and the others are stored
    /// once each.
    @Test func aFailingJobFailsAloneInItsBatch() throws {
        guard let (url, admin, table) = try Self.scratchTable("writer_batch") else { return }
        defer { _ = try? admin.query("DROP TABLE \(table)") }
        try admin.query("INSERT INTO \(table) VALUES ('taken')")
        let writer = PostgresWriter(url: url, threads: 1, maxBatch: 16)
        writer.start()
        defer { writer.stop() }

        // The next three queue up behind the holding job, so they run as one batch.
        let done = DispatchGroup(), release = Self.hold(writer, done)
        let results = Mutex<[String: Result<Int, any Error>]>([:])
        for who in ["first", "taken", "last"] {
            done.enter()
            writer.submit(locks: [], { db in try db.run("INSERT INTO \(table) VALUES ($1)", [who]) },
                          completion: { result in results.withLock { $0[who] = result }; done.leave() })
        }
        release.signal()
        #expect(done.wait(timeout: .now() + 30) == .success)

        #expect(try results.withLock { try $0["first"]?.get() } == 1)
        #expect(try results.withLock { try $0["last"]?.get() } == 1)
        #expect(results.withLock { result in
            if case .failure = result["taken"] { return true } else { return false }
        })
        #expect(try admin.query("SELECT string_agg(who, ',' ORDER BY who) AS w FROM \(table)").value(0, "w") == "first,last,taken")
    }

    /// A transaction takes at most `maxLocks` distinct advisory locks (PostgreSQL's lock table is shared by every
    /// session and a transaction that overflows it fails): jobs queued together run as several transactions when
    /// their locks together pass the limit, jobs naming the same locks still share one, and a job naming more than
    /// the limit runs alone with all of its own. Each job reads how many advisory locks its transaction holds.
    @Test func aTransactionTakesAtMostMaxLocks() throws {
        guard let (url, admin, table) = try Self.scratchTable("writer_locks") else { return }
        defer { _ = try? admin.query("DROP TABLE \(table)") }
        let writer = PostgresWriter(url: url, threads: 1, maxBatch: 16, maxLocks: 4)
        writer.start()
        defer { writer.stop() }

        let done = DispatchGroup(), release = Self.hold(writer, done)
        let held = Mutex<[String: Result<String?, any Error>]>([:])
        let jobs: [(String, [String])] = [("a", ["a1", "a2", "a3"]), ("a again", ["a3", "a2", "a1"]), ("b", ["b1", "b2", "b3"]),
                                          ("wide", ["w1", "w2", "w3", "w4", "w5", "w6"]), ("c", ["c1"])]
        for (who, locks) in jobs {
            done.enter()
            writer.submit(locks: locks.map { "\(table):\($0)" }, { db in
                try db.query("SELECT count(*) AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid()").value(0, "n")
            }, completion: { result in held.withLock { $0[who] = result }; done.leave() })
        }
        release.signal()
        #expect(done.wait(timeout: .now() + 30) == .success)

        let counts = try held.withLock { held in try jobs.map { try held[$0.0]?.get() } }
        #expect(counts == ["3", "3", "3", "6", "1"])
    }

    /// Two gateways deciding at once a report keyed by its address's place and a later caller's report that names the
    /// place only in its words, which finds the earlier through the keys of words and names alone (no text band, no
    /// place key in common), wait on each other's locks (`DedupEngine.nameLocks`): the later decides after the earlier
    /// is stored, and sees it. Before, those keys were not locked and the later decided beside the earlier, unseen.
    @Test func reportsMeetingByTheirWordsWaitOnEachOther() throws {
        guard let (url, admin, table) = try Self.scratchTable("writer_names") else { return }
        defer { _ = try? admin.query("DROP TABLE \(table)") }
        let engine = DedupEngine()
        func locks(_ text: String, address: String?) -> [String] {
            let s = Submission(channel: .phone, caller: Caller(phone: "13900000401"), requestType: .complaint, text: text,
                               location: address.map { Location(address: $0) })
            return engine.lockKeys(precomputed: engine.precompute(s))
        }
        let earlier = locks("青龙岗南边那个山坡，有人在烧垃圾，烟子好大，这么干的天气要是燃起来就麻烦了", address: "东山区青龙岗南坡")
        let later = locks("喂，青龙岗南坡那里在烧东西，我们楼上看得到，烟子飘到小区来了，呛得很", address: nil)
        #expect(Set(earlier.filter { !$0.hasPrefix("name:") }).isDisjoint(with: later))

        let first = PostgresWriter(url: url, threads: 1, maxBatch: 1), second = PostgresWriter(url: url, threads: 1, maxBatch: 1)
        first.start()
        second.start()
        defer { first.stop(); second.stop() }
        let holding = DispatchSemaphore(value: 0), firstDone = DispatchSemaphore(value: 0), secondDone = DispatchSemaphore(value: 0)
        let seen = Mutex<Result<String?, any Error>?>(nil)
        first.submit(locks: earlier, { db in
            let n = try db.run("INSERT INTO \(table) VALUES ('earlier')")
            holding.signal()
            Thread.sleep(forTimeInterval: 2)
            return n
        }, completion: { _ in firstDone.signal() })
        #expect(holding.wait(timeout: .now() + 30) == .success)
        second.submit(locks: later, { db in try db.query("SELECT count(*) AS n FROM \(table)").value(0, "n") },
                      completion: { result in seen.withLock { $0 = result }; secondDone.signal() })
        #expect(secondDone.wait(timeout: .now() + 30) == .success)
        #expect(firstDone.wait(timeout: .now() + 30) == .success)
        #expect(try seen.withLock { try $0?.get() } == "1")
    }

    /// Submits a job that holds the writer's one thread until the returned semaphore is signalled, so the jobs
    /// submitted meanwhile queue up behind it and run as batches; `done` is entered for it and left when it ends.
    private static func hold(_ writer: PostgresWriter, _ done: DispatchGroup) -> DispatchSemaphore {
        let holding = DispatchSemaphore(value: 0), release = DispatchSemaphore(value: 0)
        done.enter()
        writer.submit(locks: [], { _ in holding.signal(); release.wait(); return 0 }, completion: { _ in done.leave() })
        #expect(holding.wait(timeout: .now() + 30) == .success)
        return release
    }

    /// The test server's URL, a connection to it and a new table `(who TEXT PRIMARY KEY)` named after the prefix;
    /// nil (with the test failed) when no server is configured.
    private static func scratchTable(_ prefix: String) throws -> (String, PostgresConnection, String)? {
        guard let url = ProcessInfo.processInfo.environment["INTAKE_TEST_POSTGRES_URL"] else {
            Issue.record("INTAKE_TEST_POSTGRES_URL is not set: run the tests with `make test`, which starts PostgreSQL")
            return nil
        }
        let table = "\(prefix)_\(UInt32.random(in: 0...UInt32.max))"
        let admin = try PostgresConnection(url: url)
        try admin.query("CREATE TABLE \(table) (who TEXT PRIMARY KEY)")
        return (url, admin, table)
    }
}
