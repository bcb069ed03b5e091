import Foundation
import SQLite

/// The one thread that writes to a SQLite file. Jobs that arrive while a commit is in progress are folded into
/// the next transaction, so one fsync serves many requests; each job's completion runs only after its commit.
///
/// Transaction control statements are prepared once and reused (no SQL parsing per request).
/// A job that throws fails alone: the transaction is rolled back and the batch applied again with a savepoint per
/// job (see `runTransaction`); a failed COMMIT fails every job of the transaction, and none of them is acknowledged.
///
/// Pipelined (`start(pipelined: true)`): a second thread, the preparer, runs each job's `prepare` step (the dedup
/// decision against the store's in-memory view) in queue order before the job reaches the writer, so the next
/// transaction's decisions are made while the writer applies and commits (fsyncs) the previous one.
final class GroupCommitWriter: @unchecked Sendable {
    private struct Job {
        let prepare: (() -> Void)?
        let apply: (SQLiteConnection) throws -> Any
        let complete: (Result<Any, Error>) -> Void
    }

    private let db: SQLiteConnection
    private let maxBatch: Int
    /// Most jobs waiting at once.
    let maxQueued = 20_000
    private let condition = NSCondition()
    /// Jobs waiting for the writer.
    private var queue: [Job] = []
    /// Jobs waiting for the preparer (pipelined only).
    private var unprepared: [Job] = []
    private var pipelined = false
    private var preparerDone = false
    private var stopping = false
    private var thread: Thread?
    private let finished = DispatchSemaphore(value: 0)
    /// Transactions committed so far (group commit: fewer than jobs under load).
    private(set) var commits = 0
    var beforeCommit: ((SQLiteConnection) throws -> Void)?
    var afterRollback: (() -> Void)?
    /// Told when the transaction committed, when a job starts and when a job was rolled back alone.
    var afterCommit: (() -> Void)?
    var beforeJob: (() -> Void)?
    var afterJobRollback: (() -> Void)?

    /// The connection, for code already running on the writer thread.
    var connectionForWriterThread: SQLiteConnection { db }

    init(connection: SQLiteConnection, maxBatch: Int) {
        self.db = connection
        self.maxBatch = maxBatch
    }

    func start(pipelined: Bool = false) {
        self.pipelined = pipelined
        if pipelined {
            let p = Thread { [self] in prepare() }
            p.name = "sqlite-decider"
            p.stackSize = 4 << 20
            p.start()
        }
        let t = Thread { [self] in run() }
        t.name = "sqlite-writer"
        t.stackSize = 4 << 20
        thread = t
        t.start()
    }

    /// Queues a job; `prepare` runs before `apply`, on the preparer thread when pipelined (else on the writer).
    func submit<T>(prepare: (() -> Void)? = nil, _ apply: @escaping (SQLiteConnection) throws -> T,
                   completion: @escaping (Result<T, Error>) -> Void) {
        let job = Job(prepare: prepare, apply: { try apply($0) as Any }, complete: { result in
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
        let waiting = queue.count + unprepared.count
        if waiting >= maxQueued {
            condition.unlock()
            completion(.failure(StoreError("the store is overloaded: \(waiting) writes waiting")))
            return
        }
        if pipelined { unprepared.append(job) } else { queue.append(job) }
        condition.broadcast()
        condition.unlock()
    }

    /// The preparer: takes jobs in order, prepares them, hands them to the writer in the same order.
    private func prepare() {
        while true {
            condition.lock()
            while unprepared.isEmpty && !stopping { condition.wait() }
            if unprepared.isEmpty && stopping {
                preparerDone = true
                condition.broadcast()
                condition.unlock()
                return
            }
            let n = min(unprepared.count, maxBatch)
            let jobs = Array(unprepared.prefix(n))
            unprepared.removeFirst(n)
            condition.unlock()
            for job in jobs { job.prepare?() }
            condition.lock()
            queue.append(contentsOf: jobs)
            condition.broadcast()
            condition.unlock()
        }
    }

    /// Drains the queue, then stops the thread.
    func stop() {
        condition.lock()
        let wasRunning = !stopping && thread != nil
        stopping = true
        condition.broadcast()
        condition.unlock()
        if wasRunning { finished.wait() }
    }

    private func run() {
        while true {
            condition.lock()
            // Stopping, the writer drains what the preparer still hands over.
            while queue.isEmpty && !(stopping && (!pipelined || preparerDone)) { condition.wait() }
            if queue.isEmpty {
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

    /// One transaction for the batch, without a savepoint per job (SQLite copies every page a savepoint's job
    /// changes into the savepoint's journal first: a copy of each hot page for every job). A job that throws rolls
    /// the whole transaction back, and the batch runs once more with a savepoint per job, where that job fails alone
    /// and the others are stored: a failing job costs its batch one more run, never more.
    private func runTransaction(_ batch: [Job]) {
        if !pipelined { for job in batch { job.prepare?() } }
        if attempt(batch, savepointPerJob: false) == .jobFailed {
            _ = attempt(batch, savepointPerJob: true)
        }
    }

    private enum Attempt { case ended, jobFailed }

    private func attempt(_ batch: [Job], savepointPerJob: Bool) -> Attempt {
        var results: [Result<Any, Error>] = []
        results.reserveCapacity(batch.count)
        do {
            try db.run("BEGIN IMMEDIATE")
        } catch {
            for job in batch { job.complete(.failure(error)) }
            return .ended
        }
        for job in batch {
            beforeJob?()
            if !savepointPerJob {
                do {
                    results.append(.success(try job.apply(db)))
                } catch {
                    // Undone with the whole transaction; the caller runs the batch again, a savepoint per job.
                    if db.isInTransaction { _ = try? db.run("ROLLBACK") }
                    afterRollback?()
                    return .jobFailed
                }
                continue
            }
            do {
                try db.run("SAVEPOINT job")
                let value = try job.apply(db)
                try db.run("RELEASE job")
                results.append(.success(value))
            } catch {
                _ = try? db.run("ROLLBACK TO job")
                _ = try? db.run("RELEASE job")
                afterJobRollback?()
                results.append(.failure(error))
            }
            // After a disk-full or I/O error SQLite may have rolled back the whole transaction by itself. Going on
            // would run later jobs in autocommit (durable, yet reported failed): fail the whole batch instead.
            if !db.isInTransaction {
                afterRollback?()
                let cause = StoreError("the transaction was rolled back by SQLite after an error; nothing in it was stored")
                for job in batch { job.complete(.failure(cause)) }
                return .ended
            }
        }
        do {
            try beforeCommit?(db)
            try db.run("COMMIT")
            commits += 1
            afterCommit?()
        } catch {
            _ = try? db.run("ROLLBACK")
            afterRollback?()
            for job in batch { job.complete(.failure(error)) }
            return .ended
        }
        for (job, result) in zip(batch, results) { job.complete(result) }
        return .ended
    }
}
