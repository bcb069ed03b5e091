import Foundation
import SQLite

/// Copies the write-ahead log into the database file on its own thread and connection, a little after each burst of
/// commits, so the writer does not do it between two commits.
///
/// SQLite's automatic checkpoint runs in the connection that commits, right after its commit: every 4,000 pages the
/// writer stopped to copy them into the database file and fsync it (tens of milliseconds), and every request queued
/// behind that commit waited as long (dedup off: p99 60-70 ms for a p50 of 14 ms). This thread's checkpoints are
/// PASSIVE: they copy what is committed without blocking the writer. The writer keeps its automatic checkpoint as a
/// backstop and to restart the log (a log is restarted by the writer only once everything in it was copied, which
/// a concurrent checkpoint rarely reaches under load): by then this thread has copied most pages, so it has little
/// left to do. Durability is SQLite's either way: the database file only receives pages already synced in the log.
final class WALCheckpointer: @unchecked Sendable {
    private let db: SQLiteConnection
    private let interval: TimeInterval
    private let condition = NSCondition()
    private var commitsSince = 0
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)
    private var started = false

    /// `interval`: the least time between two checkpoints (each one fsyncs the database file).
    init(path: String, interval: TimeInterval = 0.2) throws {
        db = try SQLiteConnection(path: path)
        // The database file is synced after each copy, before the log may be restarted over what was copied.
        _ = try db.pragma("synchronous", "FULL")
        db.setBusyTimeout(milliseconds: 0)
        self.interval = interval
    }

    func start() {
        started = true
        let t = Thread { [self] in run() }
        t.name = "sqlite-checkpoint"
        t.start()
    }

    /// Told by the writer after each commit.
    func noteCommit() {
        condition.lock()
        commitsSince += 1
        if commitsSince == 1 { condition.signal() }
        condition.unlock()
    }

    /// Waits for a checkpoint in progress to end; none starts after.
    func stop() {
        condition.lock()
        stopping = true
        condition.broadcast()
        condition.unlock()
        if started { finished.wait() }
        started = false
    }

    private func run() {
        while true {
            condition.lock()
            while commitsSince == 0 && !stopping { condition.wait() }
            if stopping {
                condition.unlock()
                break
            }
            commitsSince = 0
            condition.unlock()
            // PASSIVE never waits for the writer or readers; what it cannot copy now is copied next time.
            _ = try? db.query("PRAGMA wal_checkpoint(PASSIVE)")
            condition.lock()
            let until = Date(timeIntervalSinceNow: interval)
            while !stopping && condition.wait(until: until) {}
            condition.unlock()
        }
        finished.signal()
    }
}
