import Foundation
import IntakeCore
import Store

/// Turns parts of long messages that waited too long for their siblings into tickets marked incomplete,
/// so a citizen whose last SMS part was lost still gets an answer.
final class FragmentSweeper: GatewayService, @unchecked Sendable {
    let waitSeconds: Double
    let intervalSeconds: Double
    private let condition = NSCondition()
    private var stopping = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    init(waitSeconds: Double, intervalSeconds: Double = 5) {
        self.waitSeconds = waitSeconds
        self.intervalSeconds = intervalSeconds
    }

    func start(gateway: Gateway) throws {
        let store = gateway.store
        let t = Thread { [self] in
            defer { done.signal() }
            while true {
                condition.lock()
                if !stopping { _ = condition.wait(until: Date().addingTimeInterval(intervalSeconds)) }
                let stop = stopping
                condition.unlock()
                if stop { return }
                let now = gateway.clock.now()
                do {
                    let n = try store.sweepFragments(olderThan: now.addingTimeInterval(-waitSeconds), now: now)
                    if n > 0 {
                        gateway.logger.info("incomplete multi-part messages made into tickets", [("count", .int(Int64(n)))])
                        gateway.wakeForwarders()
                    }
                } catch {
                    gateway.logger.error("fragment sweep failed", [("error", .string("\(error)"))])
                }
            }
        }
        t.name = "fragment-sweeper"
        thread = t
        t.start()
    }

    func stop() {
        condition.lock()
        let running = thread != nil && !stopping
        stopping = true
        condition.broadcast()
        condition.unlock()
        if running { done.wait() }
    }
}
