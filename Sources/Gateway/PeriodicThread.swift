import Foundation

/// A background thread that runs a body every `interval` seconds until stopped; `stop()` wakes it at once and
/// returns when the body is no longer running. The background services (fragment sweep, retention) run on one each.
final class PeriodicThread: @unchecked Sendable {
    private let condition = NSCondition()
    private var stopping = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    /// Starts the thread: the body first runs after `firstDelay`, then every `interval` seconds.
    func start(name: String, firstDelay: Double, interval: Double, _ body: @escaping @Sendable () -> Void) {
        let t = Thread { [self] in
            defer { done.signal() }
            var wait = firstDelay
            while sleep(wait) {
                body()
                wait = interval
            }
        }
        t.name = name
        thread = t
        t.start()
    }

    /// Waits `seconds` unless stopped meanwhile; false once stopping (the body should return soon).
    @discardableResult
    func sleep(_ seconds: Double) -> Bool {
        condition.lock()
        defer { condition.unlock() }
        if !stopping && seconds > 0 { _ = condition.wait(until: Date().addingTimeInterval(seconds)) }
        return !stopping
    }

    var isStopping: Bool {
        condition.lock()
        defer { condition.unlock() }
        return stopping
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
