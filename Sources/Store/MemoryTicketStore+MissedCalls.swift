import Foundation
import IntakeCore
import Synchronization

/// Callback tasks in memory (tests): the same rules on a copy, kept only when they do not throw.
final class MemoryCallbacks: CallbackStorage {
    var tasks: [String: CallbackTask]
    var attempts: [String: String]

    init(tasks: [String: CallbackTask] = [:], attempts: [String: String] = [:]) {
        self.tasks = tasks
        self.attempts = attempts
    }

    func callbackTaskId(forCall callId: String) throws -> String? { attempts[callId] }
    func callbackTask(id: String) throws -> CallbackTask? { tasks[id] }
    func openCallbackTask(callerKey: String, since: Date) throws -> CallbackTask? {
        tasks.values.filter { $0.callerKey == callerKey && $0.state == .open && $0.firstAttemptAt >= since }
            .max { $0.firstAttemptAt < $1.firstAttemptAt }
    }
    func openCallbackTasks(callerKey: String) throws -> [CallbackTask] {
        tasks.values.filter { $0.callerKey == callerKey && $0.state == .open }.sorted { $0.firstAttemptAt < $1.firstAttemptAt }
    }
    func saveCallbackTask(_ task: CallbackTask) throws { tasks[task.id] = task }
    func insertMissedCallAttempt(callId: String, taskId: String, at: Date, waitSeconds: Int?) throws { attempts[callId] = taskId }
}

extension MemoryTicketStore {
    private func callbackTransaction<T>(_ body: (MemoryCallbacks) throws -> T) throws -> T {
        if failWrites.load(ordering: .relaxed) { throw StoreError("the in-memory store is set to fail writes") }
        return try callbacks.withLock { state in
            let copy = MemoryCallbacks(tasks: state.tasks, attempts: state.attempts)
            let value = try body(copy)
            state = (copy.tasks, copy.attempts)
            return value
        }
    }

    public func recordMissedCall(_ call: MissedCall, window: TimeInterval, newId: String) throws -> MissedCallOutcome {
        try callbackTransaction { try CallbackRules.record(call, window: window, newId: newId, in: $0) }
    }

    public func callbackTasks(openOnly: Bool, limit: Int) throws -> [CallbackTask] {
        callbacks.withLock { s in
            Array(s.tasks.values.filter { !openOnly || $0.state == .open }.sorted { ($0.firstAttemptAt, $0.id) < ($1.firstAttemptAt, $1.id) }
                .prefix(max(1, min(limit, 1000))))
        }
    }

    public func finishCallback(id: String, state: CallbackTask.State, ticketId: String?, note: String?, at: Date) throws -> CallbackTask? {
        try callbackTransaction { try CallbackRules.finish(id: id, state: state, ticketId: ticketId, note: note, at: at, in: $0) }
    }

    @discardableResult
    public func closeCallbacks(callerKey: String, answeredBy ticketId: String, at: Date) throws -> Int {
        try callbackTransaction { try CallbackRules.answered(callerKey: callerKey, ticketId: ticketId, at: at, in: $0) }
    }

    public func callbackBacklog() throws -> (waiting: Int, oldestAt: Date?) {
        callbacks.withLock { s in
            let open = s.tasks.values.filter { $0.state == .open }
            return (open.count, open.map(\.firstAttemptAt).min())
        }
    }
}
