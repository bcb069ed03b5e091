import Foundation
import IntakeCore
import Postgres
import Synchronization

/// Writer connections to PostgreSQL. Requests that arrive while a transaction is in progress are folded into the
/// next one (one round trip of COMMIT and one server fsync serve many requests). Each transaction first takes the
/// transaction-scoped advisory locks its jobs named, sorted (so instances never wait on each other in a cycle); a
/// job that throws fails alone (its batch runs again with a savepoint per job); a deadlock or serialization failure
/// retries the transaction; a lost connection fails the transaction (nothing of it is acknowledged) and the next one
/// reconnects, with backoff while the server is unreachable.
final class PostgresWriter: @unchecked Sendable {
    private struct Job {
        /// The advisory lock keys the job names (`lockKey` of each lock name), without repeats.
        let lockKeys: [Int64]
        let apply: (PostgresConnection) throws -> any Sendable
        let complete: (Result<any Sendable, any Error>) -> Void
    }

    let url: String
    let threads: Int
    let maxBatch: Int
    /// The most distinct advisory locks one transaction takes (a job naming more runs alone, with all of its own).
    /// PostgreSQL keeps every session's locks in one shared table of `max_locks_per_transaction` × `max_connections`
    /// entries (64 × 100 = 6,400 by default); a transaction that overflows it fails with "out of shared memory". A
    /// report names some 14 locks (at most 38 in the evaluation sets), so a full batch of 256 would take some 3,500:
    /// with two writers in each of several gateways that overflows the default table, while 512 a transaction leaves
    /// room for a dozen.
    let maxLocks: Int
    let maxQueued = 20_000
    private let condition = NSCondition()
    private var queue: [Job] = []
    private var stopping = false
    private var running = 0
    private let finished = DispatchGroup()
    /// While the server cannot be reached: until when new transactions fail at once (backoff), and how many
    /// connection attempts in a row failed.
    private var unreachableUntil = Date.distantPast
    private var failures = 0

    /// How long the server lets a writer's transaction sit idle before it ends the session (its locks with it). A
    /// transaction goes idle between statements for the client's own work, a few milliseconds.
    let idleInTransactionSeconds: Int

    init(url: String, threads: Int, maxBatch: Int, maxLocks: Int = 512, idleInTransactionSeconds: Int = 20) {
        self.url = url
        self.threads = threads
        self.maxBatch = maxBatch
        self.maxLocks = maxLocks
        self.idleInTransactionSeconds = idleInTransactionSeconds
    }

    static func lockKey(_ name: String) -> Int64 {
        Digest.sha256(Array(name.utf8)).prefix(8).reduce(Int64(0)) { $0 << 8 | Int64($1) }
    }

    func start() {
        for i in 0..<threads {
            finished.enter()
            let t = Thread { [self] in
                run()
                finished.leave()
            }
            t.name = "postgres-writer-\(i)"
            t.start()
        }
    }

    func submit<T: Sendable>(locks: [String], _ apply: @escaping (PostgresConnection) throws -> T,
                             completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        let job = Job(lockKeys: Array(Set(locks.map(Self.lockKey))), apply: { try apply($0) }, complete: { result in
            completion(result.flatMap { value in
                guard let typed = value as? T else { return .failure(StoreError("a write returned an unexpected value")) }
                return .success(typed)
            })
        })
        condition.lock()
        if stopping || queue.count >= maxQueued {
            let closed = stopping
            condition.unlock()
            completion(.failure(StoreError(closed ? "the store is closed" : "the store is overloaded: \(maxQueued) writes waiting")))
            return
        }
        queue.append(job)
        condition.signal()
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        finished.wait()
    }

    private func run() {
        var connection: PostgresConnection?
        while true {
            condition.lock()
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty && stopping {
                condition.unlock()
                return
            }
            let (n, keys) = batchLength()
            let batch = Array(queue.prefix(n))
            queue.removeFirst(n)
            let failFast = Date() < unreachableUntil
            condition.unlock()
            if failFast {
                let cause = StoreError("PostgreSQL is unreachable; retrying the connection")
                for job in batch { job.complete(.failure(cause)) }
                continue
            }
            if connection == nil || connection?.isHealthy == false {
                do {
                    let db = try PostgresConnection(url: url)
                    // A writer holds advisory locks other instances wait for: an instance that stops mid-transaction
                    // (frozen, partitioned) must not stop theirs, so the server ends such a session after a while.
                    try db.run("SET idle_in_transaction_session_timeout = '\(idleInTransactionSeconds)s'")
                    connection = db
                    condition.withLock { failures = 0 }
                } catch {
                    condition.withLock {
                        failures += 1
                        unreachableUntil = Date().addingTimeInterval(min(5, 0.1 * pow(2, Double(min(failures, 10)))))
                    }
                    for job in batch { job.complete(.failure(error)) }
                    continue
                }
            }
            guard let db = connection else { continue }
            if !runTransaction(batch, keys.sorted(), db) { connection = nil }
        }
    }

    /// How many of the queued jobs (from the front) run as the next transaction, and their advisory lock keys: at
    /// most `maxBatch` jobs, and no more than keep the distinct keys within `maxLocks` (the first job is always taken,
    /// however many it names). Called with `condition` held; linear in the keys looked at.
    private func batchLength() -> (Int, Set<Int64>) {
        var keys = Set<Int64>()
        var n = 0
        for job in queue.prefix(maxBatch) {
            let fresh = job.lockKeys.filter { !keys.contains($0) }
            if n > 0 && keys.count + fresh.count > maxLocks { break }
            keys.formUnion(fresh)
            n += 1
        }
        return (n, keys)
    }

    /// One transaction for the batch, without a savepoint per job (two round trips a job saved). A job that throws
    /// rolls the whole transaction back and the batch runs once more with a savepoint per job, where that job fails
    /// alone and the others are stored: a failing job costs its batch one more run, never more. Returns false when
    /// the connection is no longer usable.
    private func runTransaction(_ batch: [Job], _ keys: [Int64], _ db: PostgresConnection) -> Bool {
        switch attempt(batch, keys, db, savepointPerJob: false) {
        case .ended(let healthy): return healthy
        case .jobFailed:
            guard case .ended(let healthy) = attempt(batch, keys, db, savepointPerJob: true) else { return true }
            return healthy
        }
    }

    private enum Outcome {
        /// Every job was answered; whether the connection is still usable.
        case ended(healthy: Bool)
        /// A job threw with no savepoint to contain it: nothing was answered and the transaction was rolled back.
        case jobFailed
    }

    /// A deadlock or serialization failure runs the transaction again, up to four times.
    private func attempt(_ batch: [Job], _ keys: [Int64], _ db: PostgresConnection, savepointPerJob: Bool) -> Outcome {
        for attempt in 1...4 {
            var results: [Result<any Sendable, any Error>] = []
            results.reserveCapacity(batch.count)
            do {
                try db.run("BEGIN")
                if !keys.isEmpty {
                    try db.run("SELECT pg_advisory_xact_lock(k) FROM unnest($1::bigint[]) WITH ORDINALITY AS t(k, i) ORDER BY i",
                               [PostgresIntakeStorage.array(keys.map(String.init))])
                }
                for job in batch {
                    if savepointPerJob { try db.run("SAVEPOINT job") }
                    do {
                        let value = try job.apply(db)
                        if savepointPerJob { try db.run("RELEASE SAVEPOINT job") }
                        results.append(.success(value))
                    } catch let e as PostgresError where e.isRetryable || !db.isHealthy {
                        throw e
                    } catch {
                        guard db.isHealthy else { throw error }
                        guard savepointPerJob else {
                            _ = try? db.run("ROLLBACK")
                            return .jobFailed
                        }
                        try db.run("ROLLBACK TO SAVEPOINT job")
                        try db.run("RELEASE SAVEPOINT job")
                        results.append(.failure(error))
                    }
                }
                try db.run("COMMIT")
                for (job, result) in zip(batch, results) { job.complete(result) }
                return .ended(healthy: true)
            } catch {
                _ = try? db.run("ROLLBACK")
                if let e = error as? PostgresError, e.isRetryable, db.isHealthy, attempt < 4 { continue }
                // Nothing of the transaction is acknowledged (a COMMIT that lost its connection may or may not have
                // happened: the sender retries, idempotency finds the first ticket).
                for job in batch { job.complete(.failure(error)) }
                return .ended(healthy: db.isHealthy)
            }
        }
        return .ended(healthy: true)
    }
}
