import Foundation
import SQLite

/// The one thread that writes to a SQLite file. Jobs that arrive while a commit is in progress are folded into
/// the next transaction, so one fsync serves many requests; each job's completion runs only after its commit.
///
/// Transaction control statements are prepared once and reused (no SQL parsing per request).
/// A job that throws is rolled back alone (a savepoint per job) and fails alone; a failed COMMIT fails every
/// job of the transaction, and none of them is acknowledged.
final class GroupCommitWriter: @unchecked Sendable {
    private struct Job {
        let apply: (SQLiteConnection) throws -> Any
        let complete: (Result<Any, Error>) -> Void
    }

    private let db: SQLiteConnection
    private let maxBatch: Int
    /// Most jobs waiting at once.
    let maxQueued = 20_000
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// Transactions committed so far (group commit: fewer than jobs under load).
    private(set) var commits = 0
    var beforeCommit: ((SQLiteConnection) throws -> Void)?
    var afterRollback: (() -> Void)?

    /// The connection, for code already running on the writer thread.
    var connectionForWriterThread: SQLiteConnection { db }

    init(connection: SQLiteConnection, maxBatch: Int) {
        self.db = connection
        self.maxBatch = maxBatch
    }

    func start() {
        let t = Thread { [self] in run() }
        t.name = "sqlite-writer"
        t.stackSize = 4 << 20
        thread = t
        t.start()
    }

    func submit<T>(_ apply: @escaping (SQLiteConnection) throws -> T, completion: @escaping (Result<T, Error>) -> Void) {
        let job = Job(apply: { try apply($0) as Any }, complete: { result in
            completion(result.map { $0 as! T })
        })
        condition.lock()
        if stopping {
            condition.unlock()
            completion(.failure(StoreError("the store is closed")))
            return
        }
        // Backpressure: past this many waiting jobs the disk is not keeping up; refuse (503) rather than queue
        // without bound.
        if queue.count >= maxQueued {
            condition.unlock()
            completion(.failure(StoreError("the store is overloaded: \(queue.count) writes waiting")))
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Drains the queue, then stops the thread.
    func stop() {
        condition.lock()
        let wasRunning = !stopping && thread != nil
        stopping = true
        condition.signal()
        condition.unlock()
        if wasRunning { finished.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                // Flush: fold the write-ahead log into the database file, so a stopped store is one self-contained file.
                _ = try? db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
                break
            }
            let n = min(queue.count, maxBatch)
            let batch = Array(queue.prefix(n))
            queue.removeFirst(n)
            condition.unlock()
            runTransaction(batch)
        }
        finished.signal()
    }

    private func runTransaction(_ batch: [Job]) {
        var results: [Result<Any, Error>] = []
        results.reserveCapacity(batch.count)
        do {
            try db.run("BEGIN IMMEDIATE")
        } catch {
            for job in batch { job.complete(.failure(error)) }
            return
        }
        for job in batch {
            do {
                try db.run("SAVEPOINT job")
                let value = try job.apply(db)
                try db.run("RELEASE job")
                results.append(.success(value))
            } catch {
                _ = try? db.run("ROLLBACK TO job")
                _ = try? db.run("RELEASE job")
                results.append(.failure(error))
            }
            // After a disk-full or I/O error SQLite may have rolled back the whole transaction by itself. Going on
            // would run later jobs in autocommit (durable, yet reported failed): fail the whole batch instead.
            if !db.isInTransaction {
                afterRollback?()
                let cause = StoreError("the transaction was rolled back by SQLite after an error; nothing in it was stored")
                for job in batch { job.complete(.failure(cause)) }
                return
            }
        }
        do {
            try beforeCommit?(db)
            try db.run("COMMIT")
            commits += 1
        } catch {
            _ = try? db.run("ROLLBACK")
            afterRollback?()
            for job in batch { job.complete(.failure(error)) }
            return
        }
        for (job, result) in zip(batch, results) { job.complete(result) }
    }
}
