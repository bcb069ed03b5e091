import Foundation
import IntakeCore

/// A call that was not answered (abandoned in the queue, or out of hours), as the call centre reports it.
public struct MissedCall: Sendable, Equatable {
    /// The call centre's id for the call: the same id twice is one attempt (a retried report).
    public var callId: String
    /// The number as the switch gave it.
    public var caller: String?
    /// The normalized key (`PhoneNumber`); nil when the number was withheld or is not a number.
    public var callerKey: String?
    /// The number dialled (DNIS).
    public var dialled: String?
    public var hotline: String
    public var at: Date
    public var waitSeconds: Int?
    /// `abandoned` (hung up in the queue) or `outOfHours`.
    public var reason: String

    public init(callId: String, caller: String?, callerKey: String?, dialled: String?, hotline: String, at: Date,
                waitSeconds: Int?, reason: String) {
        self.callId = callId
        self.caller = caller
        self.callerKey = callerKey
        self.dialled = dialled
        self.hotline = hotline
        self.at = at
        self.waitSeconds = waitSeconds
        self.reason = reason
    }
}

/// A callback an operator owes a citizen (漏接回拨): one per caller number per window, with every attempt counted.
public struct CallbackTask: Sendable, Equatable {
    public enum State: String, Sendable, CaseIterable {
        /// Waiting for an operator to call back.
        case open
        /// Called back and reached / not reachable.
        case reached, unreachable
        /// Called back; the matter became the ticket `ticketId`.
        case ticket
        /// A later call from the same number was answered (`ticketId` is that call's ticket).
        case answered
        /// The number was withheld: recorded, nobody can call back.
        case withheld
    }

    public var id: String
    public var callerKey: String?
    public var caller: String?
    public var dialled: String?
    public var hotline: String
    public var state: State
    public var firstAttemptAt: Date
    public var lastAttemptAt: Date
    public var attempts: Int
    /// The longest a caller waited in the queue before hanging up, over the attempts.
    public var maxWaitSeconds: Int?
    public var reason: String
    public var closedAt: Date?
    public var ticketId: String?
    public var note: String?

    public init(id: String, callerKey: String?, caller: String?, dialled: String?, hotline: String, state: State,
                firstAttemptAt: Date, lastAttemptAt: Date, attempts: Int, maxWaitSeconds: Int?, reason: String,
                closedAt: Date? = nil, ticketId: String? = nil, note: String? = nil) {
        self.id = id
        self.callerKey = callerKey
        self.caller = caller
        self.dialled = dialled
        self.hotline = hotline
        self.state = state
        self.firstAttemptAt = firstAttemptAt
        self.lastAttemptAt = lastAttemptAt
        self.attempts = attempts
        self.maxWaitSeconds = maxWaitSeconds
        self.reason = reason
        self.closedAt = closedAt
        self.ticketId = ticketId
        self.note = note
    }

    public func json() -> JSON {
        JSON.object([
            ("id", .string(id)), ("caller", JSON(caller)), ("callerKey", JSON(callerKey)), ("dialled", JSON(dialled)),
            ("hotline", .string(hotline)), ("state", .string(state.rawValue)),
            ("firstAttemptAt", .string(Timestamp.format(firstAttemptAt))), ("lastAttemptAt", .string(Timestamp.format(lastAttemptAt))),
            ("attempts", .int(Int64(attempts))), ("maxWaitSeconds", JSON(maxWaitSeconds)), ("reason", .string(reason)),
            ("closedAt", JSON(closedAt.map(Timestamp.format))), ("ticketId", JSON(ticketId)), ("note", JSON(note)),
        ])
    }
}

/// What became of one missed-call report.
public struct MissedCallOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// A new callback task.
        case queued
        /// Another attempt on the caller's open task.
        case folded
        /// The same call id again: nothing changed.
        case duplicate
        /// No number to call back: recorded only.
        case withheld
    }
    public var status: Status
    public var task: CallbackTask
}

/// The storage a missed-call store runs the callback rules on, inside one of its transactions.
public protocol CallbackStorage {
    func callbackTaskId(forCall callId: String) throws -> String?
    func callbackTask(id: String) throws -> CallbackTask?
    /// The caller's open task whose first attempt is at or after `since`, if any.
    func openCallbackTask(callerKey: String, since: Date) throws -> CallbackTask?
    func openCallbackTasks(callerKey: String) throws -> [CallbackTask]
    /// Inserts or replaces the task (by id).
    func saveCallbackTask(_ task: CallbackTask) throws
    func insertMissedCallAttempt(callId: String, taskId: String, at: Date, waitSeconds: Int?) throws
}

/// The callback rules, written once for every store: folding per caller per window, withheld numbers, duplicates,
/// operators finishing a task, and a later answered call closing it.
public enum CallbackRules {
    public static func record(_ call: MissedCall, window: TimeInterval, newId: String, in s: any CallbackStorage) throws
        -> MissedCallOutcome
    {
        if let existing = try s.callbackTaskId(forCall: call.callId), let task = try s.callbackTask(id: existing) {
            return MissedCallOutcome(status: .duplicate, task: task)
        }
        let outcome: MissedCallOutcome
        if let key = call.callerKey, var task = try s.openCallbackTask(callerKey: key, since: call.at.addingTimeInterval(-window)) {
            task.attempts += 1
            task.lastAttemptAt = max(task.lastAttemptAt, call.at)
            task.firstAttemptAt = min(task.firstAttemptAt, call.at)
            if let w = call.waitSeconds { task.maxWaitSeconds = max(task.maxWaitSeconds ?? 0, w) }
            outcome = MissedCallOutcome(status: .folded, task: task)
        } else {
            let task = CallbackTask(
                id: newId, callerKey: call.callerKey, caller: call.caller, dialled: call.dialled, hotline: call.hotline,
                state: call.callerKey == nil ? .withheld : .open, firstAttemptAt: call.at, lastAttemptAt: call.at, attempts: 1,
                maxWaitSeconds: call.waitSeconds, reason: call.reason, closedAt: call.callerKey == nil ? call.at : nil)
            outcome = MissedCallOutcome(status: call.callerKey == nil ? .withheld : .queued, task: task)
        }
        try s.saveCallbackTask(outcome.task)
        try s.insertMissedCallAttempt(callId: call.callId, taskId: outcome.task.id, at: call.at, waitSeconds: call.waitSeconds)
        return outcome
    }

    /// An operator's result for an open task. A task already closed is a 409: the first result stands.
    public static func finish(id: String, state: CallbackTask.State, ticketId: String?, note: String?, at: Date,
                              in s: any CallbackStorage) throws -> CallbackTask? {
        guard var task = try s.callbackTask(id: id) else { return nil }
        guard task.state == .open else {
            throw IntakeError(.stateConflict, "The callback task \(id) was already closed as \(task.state.rawValue).")
        }
        task.state = state
        task.ticketId = ticketId
        task.note = note
        task.closedAt = at
        try s.saveCallbackTask(task)
        return task
    }

    /// A call from `callerKey` was answered and became `ticketId`: the caller's open tasks are closed.
    public static func answered(callerKey: String, ticketId: String, at: Date, in s: any CallbackStorage) throws -> Int {
        let open = try s.openCallbackTasks(callerKey: callerKey).filter { $0.firstAttemptAt <= at }
        for var task in open {
            task.state = .answered
            task.ticketId = ticketId
            task.closedAt = at
            try s.saveCallbackTask(task)
        }
        return open.count
    }
}

/// Missed calls and callback tasks: every `TicketStore` keeps them, in the same database as the tickets.
public protocol MissedCallStore: Sendable {
    func recordMissedCall(_ call: MissedCall, window: TimeInterval, newId: String) throws -> MissedCallOutcome
    /// Oldest first. `open` only, or every state.
    func callbackTasks(openOnly: Bool, limit: Int) throws -> [CallbackTask]
    func finishCallback(id: String, state: CallbackTask.State, ticketId: String?, note: String?, at: Date) throws -> CallbackTask?
    @discardableResult
    func closeCallbacks(callerKey: String, answeredBy ticketId: String, at: Date) throws -> Int
    /// Open tasks and the first attempt of the oldest.
    func callbackBacklog() throws -> (waiting: Int, oldestAt: Date?)
}
