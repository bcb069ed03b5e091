import Foundation
import IntakeCore
import Store

/// Turns parts of long messages that waited too long for their siblings into tickets marked incomplete,
/// so a citizen whose last SMS part was lost still gets an answer.
final class FragmentSweeper: GatewayService, @unchecked Sendable {
    let waitSeconds: Double
    let intervalSeconds: Double
    private let thread = PeriodicThread()

    init(waitSeconds: Double, intervalSeconds: Double = 5) {
        self.waitSeconds = waitSeconds
        self.intervalSeconds = intervalSeconds
    }

    func start(gateway: Gateway) throws {
        let store = gateway.store
        let waitSeconds = waitSeconds
        thread.start(name: "fragment-sweeper", firstDelay: intervalSeconds, interval: intervalSeconds) {
            let now = gateway.clock.now()
            // One instance sweeps at a time (PostgreSQL: a leader lock); another takes over when it dies.
            guard store.holdsLeadership("fragment-sweeper") else { return }
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

    func stop() { thread.stop() }
}
