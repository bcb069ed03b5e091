import Foundation
import IntakeCore
import SQLite

/// The callback rules' storage on the writer's connection (inside its transaction).
struct SQLiteCallbackStorage: CallbackStorage {
    let db: SQLiteConnection

    static func ms(_ d: Date) -> SQLiteValue { .integer(Int64((d.timeIntervalSince1970 * 1000).rounded())) }
    static func date(_ v: Int64?) -> Date? { v.map { Date(timeIntervalSince1970: Double($0) / 1000) } }
    static func text(_ s: String?) -> SQLiteValue { s.map { .text($0) } ?? .null }

    static func task(_ r: SQLiteRow) -> CallbackTask {
        CallbackTask(
            id: r.string("id") ?? "", callerKey: r.string("caller_key"), caller: r.string("caller"), dialled: r.string("dialled"),
            hotline: r.string("hotline") ?? "", state: CallbackTask.State(rawValue: r.string("state") ?? "") ?? .open,
            firstAttemptAt: date(r.int("first_attempt_at")) ?? Date(timeIntervalSince1970: 0),
            lastAttemptAt: date(r.int("last_attempt_at")) ?? Date(timeIntervalSince1970: 0), attempts: Int(r.int("attempts") ?? 1),
            maxWaitSeconds: r.int("max_wait_seconds").map(Int.init), reason: r.string("reason") ?? "",
            closedAt: date(r.int("closed_at")), ticketId: r.string("ticket_id"), note: r.string("note"))
    }

    func callbackTaskId(forCall callId: String) throws -> String? {
        try db.query("SELECT task_id FROM missed_call_attempts WHERE call_id = ?", [.text(callId)]).first?.string("task_id")
    }

    func callbackTask(id: String) throws -> CallbackTask? {
        try db.query("SELECT * FROM callback_tasks WHERE id = ?", [.text(id)]).first.map(Self.task)
    }

    func openCallbackTask(callerKey: String, since: Date) throws -> CallbackTask? {
        try db.query("""
            SELECT * FROM callback_tasks WHERE caller_key = ? AND state = 'open' AND first_attempt_at >= ?
            ORDER BY first_attempt_at DESC LIMIT 1
            """, [.text(callerKey), Self.ms(since)]).first.map(Self.task)
    }

    func openCallbackTasks(callerKey: String) throws -> [CallbackTask] {
        try db.query("SELECT * FROM callback_tasks WHERE caller_key = ? AND state = 'open' ORDER BY first_attempt_at",
                     [.text(callerKey)]).map(Self.task)
    }

    func saveCallbackTask(_ t: CallbackTask) throws {
        try db.run("""
            INSERT OR REPLACE INTO callback_tasks (id, caller_key, caller, dialled, hotline, state, first_attempt_at, last_attempt_at,
                attempts, max_wait_seconds, reason, closed_at, ticket_id, note)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """, [.text(t.id), Self.text(t.callerKey), Self.text(t.caller), Self.text(t.dialled), .text(t.hotline), .text(t.state.rawValue),
                  Self.ms(t.firstAttemptAt), Self.ms(t.lastAttemptAt), .integer(Int64(t.attempts)),
                  t.maxWaitSeconds.map { .integer(Int64($0)) } ?? .null, .text(t.reason), t.closedAt.map(Self.ms) ?? .null,
                  Self.text(t.ticketId), Self.text(t.note)])
    }

    func insertMissedCallAttempt(callId: String, taskId: String, at: Date, waitSeconds: Int?) throws {
        try db.run("INSERT INTO missed_call_attempts (call_id, task_id, at, wait_seconds) VALUES (?, ?, ?, ?)",
                   [.text(callId), .text(taskId), Self.ms(at), waitSeconds.map { .integer(Int64($0)) } ?? .null])
    }
}

extension SQLiteTicketStore {
    public func recordMissedCall(_ call: MissedCall, window: TimeInterval, newId: String) throws -> MissedCallOutcome {
        try writeAndWait { db in try CallbackRules.record(call, window: window, newId: newId, in: SQLiteCallbackStorage(db: db)) }
    }

    public func callbackTasks(openOnly: Bool, limit: Int) throws -> [CallbackTask] {
        try readers.with { db in
            try db.query("SELECT * FROM callback_tasks \(openOnly ? "WHERE state = 'open'" : "") ORDER BY first_attempt_at LIMIT ?",
                         [.integer(Int64(max(1, min(limit, 1000))))]).map(SQLiteCallbackStorage.task)
        }
    }

    public func finishCallback(id: String, state: CallbackTask.State, ticketId: String?, note: String?, at: Date) throws -> CallbackTask? {
        try writeAndWait { db in
            try CallbackRules.finish(id: id, state: state, ticketId: ticketId, note: note, at: at, in: SQLiteCallbackStorage(db: db))
        }
    }

    @discardableResult
    public func closeCallbacks(callerKey: String, answeredBy ticketId: String, at: Date) throws -> Int {
        try writeAndWait { db in try CallbackRules.answered(callerKey: callerKey, ticketId: ticketId, at: at, in: SQLiteCallbackStorage(db: db)) }
    }

    public func callbackBacklog() throws -> (waiting: Int, oldestAt: Date?) {
        try readers.with { db in
            let r = try db.query("SELECT COUNT(*) AS n, MIN(first_attempt_at) AS oldest FROM callback_tasks WHERE state = 'open'").first
            return (Int(r?.int("n") ?? 0), SQLiteCallbackStorage.date(r?.int("oldest")))
        }
    }
}
