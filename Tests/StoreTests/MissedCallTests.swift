import Foundation
import IntakeCore
import Store
import Testing

/// The callback rules on every store on main (SQLite and in-memory): folding per caller per window, withheld numbers,
/// a retried report, operators' results, and a later answered call closing the task.
@Suite struct MissedCallTests {
    enum Kind: String, CaseIterable, Sendable { case sqlite, memory }

    final class Opened {
        let store: any TicketStore
        let path: String?
        init(_ kind: Kind) throws {
            switch kind {
            case .memory:
                store = MemoryTicketStore()
                path = nil
            case .sqlite:
                let p = NSTemporaryDirectory() + "missed-\(UUID().uuidString).sqlite"
                store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: p))
                path = p
            }
        }
        deinit {
            store.close()
            if let path { for suffix in ["", "-wal", "-shm", ".lock"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        }
    }

    static let t0 = Date(timeIntervalSince1970: 1_795_000_000)
    static let hour: TimeInterval = 3600

    func call(_ id: String, _ key: String?, at minutes: Double, wait: Int? = 30) -> MissedCall {
        MissedCall(callId: id, caller: key.map { "0" + $0.dropFirst(3) } ?? "anonymous", callerKey: key, dialled: "12345",
                   hotline: "12345", at: Self.t0.addingTimeInterval(minutes * 60), waitSeconds: wait, reason: "abandoned")
    }

    @Test(arguments: Kind.allCases)
    func repeatedAttemptsFoldIntoOneTaskPerCallerPerWindow(_ kind: Kind) throws {
        let o = try Opened(kind)
        let s = o.store
        let a = try s.recordMissedCall(call("c1", "+8613800138000", at: 0, wait: 20), window: 24 * Self.hour, newId: "task-1")
        #expect(a.status == .queued && a.task.attempts == 1)
        let b = try s.recordMissedCall(call("c2", "+8613800138000", at: 5, wait: 95), window: 24 * Self.hour, newId: "task-2")
        #expect(b.status == .folded)
        #expect(b.task.id == "task-1" && b.task.attempts == 2 && b.task.maxWaitSeconds == 95)
        // The same call reported again changes nothing.
        let again = try s.recordMissedCall(call("c2", "+8613800138000", at: 5), window: 24 * Self.hour, newId: "task-3")
        #expect(again.status == .duplicate && again.task.attempts == 2)
        // Another caller: another task. The first caller after the window: a new task.
        _ = try s.recordMissedCall(call("c4", "+8613900139000", at: 10), window: 24 * Self.hour, newId: "task-4")
        let late = try s.recordMissedCall(call("c5", "+8613800138000", at: 25 * 60), window: 24 * Self.hour, newId: "task-5")
        #expect(late.status == .queued && late.task.id == "task-5")
        let open = try s.callbackTasks(openOnly: true, limit: 100)
        #expect(open.map(\.id) == ["task-1", "task-4", "task-5"])  // oldest first
        let backlog = try s.callbackBacklog()
        #expect(backlog.waiting == 3 && backlog.oldestAt == Self.t0)
    }

    @Test(arguments: Kind.allCases)
    func withheldNumbersAreRecordedButNotQueued(_ kind: Kind) throws {
        let o = try Opened(kind)
        let w = try o.store.recordMissedCall(call("w1", nil, at: 0), window: Self.hour, newId: "w-task")
        #expect(w.status == .withheld && w.task.state == .withheld)
        #expect(try o.store.callbackTasks(openOnly: true, limit: 10).isEmpty)
        #expect(try o.store.callbackTasks(openOnly: false, limit: 10).map(\.id) == ["w-task"])
        #expect(try o.store.callbackBacklog().waiting == 0)
    }

    @Test(arguments: Kind.allCases)
    func operatorsCloseATaskOnceAndAnAnsweredCallClosesTheRest(_ kind: Kind) throws {
        let o = try Opened(kind)
        let s = o.store
        _ = try s.recordMissedCall(call("c1", "+8613800138000", at: 0), window: Self.hour, newId: "t1")
        _ = try s.recordMissedCall(call("c2", "+8613900139000", at: 1), window: Self.hour, newId: "t2")
        let done = try #require(try s.finishCallback(id: "t1", state: .reached, ticketId: nil, note: "已回电", at: Self.t0 + 600))
        #expect(done.state == .reached && done.note == "已回电" && done.closedAt == Self.t0 + 600)
        #expect(throws: IntakeError.self) { try s.finishCallback(id: "t1", state: .unreachable, ticketId: nil, note: nil, at: Self.t0 + 700) }
        #expect(try s.finishCallback(id: "nope", state: .reached, ticketId: nil, note: nil, at: Self.t0) == nil)
        // The second caller rings again and is answered: the call's ticket closes the task.
        #expect(try s.closeCallbacks(callerKey: "+8613900139000", answeredBy: "ticket-9", at: Self.t0 + 900) == 1)
        let all = try s.callbackTasks(openOnly: false, limit: 10)
        #expect(all.first { $0.id == "t2" }?.state == .answered)
        #expect(all.first { $0.id == "t2" }?.ticketId == "ticket-9")
        #expect(try s.closeCallbacks(callerKey: "+8613900139000", answeredBy: "ticket-10", at: Self.t0 + 950) == 0)
        #expect(try s.callbackBacklog().waiting == 0)
    }
}
