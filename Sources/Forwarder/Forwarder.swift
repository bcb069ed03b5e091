import Foundation
import IntakeCore
import Store
import Curl
import Synchronization

/// Where events go and how hard to try.
public struct DestinationConfiguration: Sendable {
    public var name: String
    public var url: String
    /// Standard Webhooks secret (`whsec_...`); events are signed with it.
    public var secret: String?
    public var workers: Int
    /// After this many attempts an event goes to the dead-letter list.
    public var maxAttempts: Int
    public var initialBackoffSeconds: Double
    public var maxBackoffSeconds: Double
    public var timeoutSeconds: Double
    public var connectTimeoutSeconds: Double
    /// The wire format: the Standard Webhooks envelope, or an event's own payload (a 110 partner's document).
    public var format: WireFormat
    /// How long a claimed event stays leased to this instance; renewed while its delivery is in progress, taken
    /// over by another instance when this one dies.
    public var leaseSeconds: Double
    /// Which tickets this destination takes (nil: all).
    public var match: DestinationMatch?
    /// Takes the tickets no destination's match accepts.
    public var isDefault = false
    /// For `format: .open311`: credentials and the service-code mapping.
    public var open311: Open311Settings?
    /// For `format: .mappedJSON`: how events become the case system's own JSON and how its answers are read.
    public var mapping: CaseMapping?
    /// Signed links to stored photos (Open311 `media_url`), when the gateway has a public base URL.
    public var mediaLinks: MediaLinks?

    public init(name: String = "case-system", url: String, secret: String? = nil, workers: Int = 8, maxAttempts: Int = 15,
                initialBackoffSeconds: Double = 1, maxBackoffSeconds: Double = 600, timeoutSeconds: Double = 10,
                connectTimeoutSeconds: Double = 3, format: WireFormat = .standardWebhooks, leaseSeconds: Double = 30) {
        self.format = format
        self.leaseSeconds = leaseSeconds
        self.name = name
        self.url = url
        self.secret = secret
        self.workers = workers
        self.maxAttempts = maxAttempts
        self.initialBackoffSeconds = initialBackoffSeconds
        self.maxBackoffSeconds = maxBackoffSeconds
        self.timeoutSeconds = timeoutSeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }
}

/// Delivery counts for /metrics.
public struct ForwarderCounters: Sendable {
    public var delivered: Int
    public var retried: Int
    public var dead: Int
    public var inFlight: Int
}

/// Drains the outbox to one destination over HTTP: signed POSTs from a pool of workers with kept-alive
/// connections, exponential backoff with full jitter, `Retry-After` honoured, permanent 4xx to the dead
/// letters at once. Results are written through the store's group commit; a restart resumes from the store.
public final class Forwarder: @unchecked Sendable {
    public let destination: DestinationConfiguration
    let store: any Outbox
    /// This instance's name on the leases it takes.
    public let owner: String
    let clock: any IntakeClock
    private let signer: StandardWebhooks?
    private let condition = NSCondition()
    private var work: [OutboxRecord] = []
    private var inFlight: Set<String> = []
    private var stopping = false
    private var wakeRequested = false
    private var threads: [Thread] = []
    private let running = DispatchGroup()
    /// Set when the destination answered 410 Gone: nothing is sent until an operator resumes it (events wait).
    private let paused = Atomic<Bool>(false)
    private let delivered = Atomic<Int>(0)
    private let retried = Atomic<Int>(0)
    private let dead = Atomic<Int>(0)
    /// Consecutive failures to read the outbox (dispatcher thread only).
    private var readFailures = 0
    /// When the leases of deliveries in progress are renewed next (dispatcher thread only).
    private var nextRenewal = Date.distantPast
    /// When Open311 tokens are asked about next (dispatcher thread only).
    var nextTokenPoll = Date.distantPast
    /// The dispatcher's own connection for token polls.
    lazy var pollEasy = CurlEasy(protocols: .http, maxResponseBytes: 256 << 10)
    /// Called when the outbox cannot be read (error, consecutive failures).
    public var onReadFailure: (@Sendable (String, Int) -> Void)?
    /// Called when delivery results cannot be recorded (error, consecutive failures, seconds until the next try).
    public var onRecordFailure: (@Sendable (String, Int, Double) -> Void)?
    /// Consecutive failures to record results (under `condition`).
    private var recordFailures = 0
    /// Called with each result as it is recorded (metrics, logs).
    public var onResult: (@Sendable (OutboxRecord, DeliveryResult) -> Void)?
    /// Looks at the outbox begun (under `condition`), and the last of them that began and ended with nothing in
    /// flight and found nothing due.
    private var polls = 0
    private var lastIdlePoll = 0

    public init(destination: DestinationConfiguration, store: any Outbox, clock: any IntakeClock = SystemClock(),
                owner: String = "gw-" + String(UInt64.random(in: 0...UInt64.max), radix: 36)) {
        self.destination = destination
        self.owner = owner
        self.store = store
        self.clock = clock
        self.signer = destination.secret.map(StandardWebhooks.init(secret:))
    }

    public var counters: ForwarderCounters {
        ForwarderCounters(delivered: delivered.load(ordering: .relaxed), retried: retried.load(ordering: .relaxed),
                          dead: dead.load(ordering: .relaxed), inFlight: condition.withLock { inFlight.count })
    }

    public func start() {
        Curl.initialise()
        let dispatcher = Thread { [self] in dispatchLoop() }
        dispatcher.name = "forwarder-dispatch"
        threads.append(dispatcher)
        for i in 0..<max(1, destination.workers) {
            let t = Thread { [self] in workerLoop() }
            t.name = "forwarder-\(i)"
            threads.append(t)
        }
        for t in threads {
            running.enter()
            t.start()
        }
    }

    /// Whether the destination said it is gone (410) and deliveries wait for an operator.
    public var isPaused: Bool { paused.load(ordering: .acquiring) }

    /// Deliveries start again after a pause.
    public func resume() {
        paused.store(false, ordering: .releasing)
        wake()
    }

    /// New events were committed: look now rather than at the next poll.
    public func wake() {
        condition.lock()
        wakeRequested = true
        condition.broadcast()
        condition.unlock()
    }

    /// Waits until a look at the outbox begun after this call finds nothing due for this destination and no delivery
    /// in progress or unrecorded (or the destination paused): what was not sent by then is not about to be, so a
    /// caller can say what was *not* sent without sleeping. Events waiting for a later retry are not due. Returns
    /// false if that did not happen within `timeout` seconds.
    public func waitUntilIdle(timeout: Double = 10) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        let after = polls
        wakeRequested = true
        condition.broadcast()
        while lastIdlePoll <= after {
            if !condition.wait(until: deadline) { return lastIdlePoll > after }
        }
        return true
    }

    /// Stops fetching, lets requests in progress finish (their results are recorded), then returns.
    public func stop() {
        condition.lock()
        stopping = true
        work.removeAll()
        condition.broadcast()
        condition.unlock()
        running.wait()
        // Let the results of the last deliveries reach the store (up to 5 s); anything unrecorded is sent again later.
        let deadline = Date().addingTimeInterval(5)
        condition.lock()
        while (recording || !unrecorded.isEmpty) && Date() < deadline { _ = condition.wait(until: deadline) }
        condition.unlock()
    }

    private func dispatchLoop() {
        defer { running.leave() }
        let capacity = max(1, destination.workers) * 32
        while true {
            condition.lock()
            if stopping { condition.unlock(); return }
            polls += 1
            let poll = polls, quietBefore = inFlight.isEmpty
            let free = capacity - inFlight.count
            let renewing = Date() >= nextRenewal ? Array(inFlight) : []
            condition.unlock()
            if Date() >= nextRenewal {
                // Deliveries in progress keep their leases, so no other instance sends them meanwhile.
                if !renewing.isEmpty {
                    try? store.renew(eventIds: renewing, owner: owner, lease: destination.leaseSeconds, now: clock.now())
                }
                nextRenewal = Date().addingTimeInterval(destination.leaseSeconds / 3)
            }

            if destination.format == .open311 && Date() >= nextTokenPoll {
                nextTokenPoll = Date().addingTimeInterval(destination.open311?.tokenPollSeconds ?? 30)
                pollTokens()
            }

            var fetched: [OutboxRecord] = []
            var readFailed = false
            if free > 0 && !paused.load(ordering: .acquiring) {
                do {
                    fetched = try store.claim(destination: destination.name, limit: free, owner: owner, lease: destination.leaseSeconds,
                                              now: clock.now())
                    readFailures = 0
                } catch {
                    readFailed = true
                    // Delivery stalls while the outbox cannot be read: say so (not on every poll) and back off.
                    readFailures += 1
                    if readFailures == 1 || readFailures % 100 == 0 {
                        onReadFailure?("\(error)", readFailures)
                    }
                    usleep(UInt32(min(5_000_000, 50_000 * readFailures)))
                }
            }

            condition.lock()
            for e in fetched where !inFlight.contains(e.id) {
                inFlight.insert(e.id)
                work.append(e)
            }
            if !fetched.isEmpty { condition.broadcast() }
            if quietBefore && !readFailed && fetched.isEmpty && inFlight.isEmpty {
                lastIdlePoll = poll
                condition.broadcast()
            }
            // Full batch: there may be more; otherwise wait for a wake-up or the next poll.
            if fetched.count < free || free <= 0 {
                if !wakeRequested && !stopping {
                    _ = condition.wait(until: Date().addingTimeInterval(fetched.isEmpty ? 0.25 : 0.02))
                }
                wakeRequested = false
            }
            condition.unlock()
        }
    }

    private func workerLoop() {
        defer { running.leave() }
        let easy = CurlEasy(protocols: .http, maxResponseBytes: 256 << 10)
        while true {
            condition.lock()
            while work.isEmpty && !stopping { condition.wait() }
            if stopping && work.isEmpty { condition.unlock(); return }
            let event = work.removeFirst()
            condition.unlock()

            // Paused meanwhile: give the event back untouched (no attempt counted, the lease ended now).
            if paused.load(ordering: .acquiring) {
                try? store.renew(eventIds: [event.id], owner: owner, lease: 0, now: clock.now())
                condition.lock()
                inFlight.remove(event.id)
                condition.unlock()
                continue
            }
            let started = DispatchTime.now().uptimeNanoseconds
            var result = deliver(event, with: easy)
            result.durationMs = Int((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000)
            onResult?(event, result)
            switch result.outcome {
            case .delivered: delivered.add(1, ordering: .relaxed)
            case .retry: retried.add(1, ordering: .relaxed)
            case .dead: dead.add(1, ordering: .relaxed)
            }
            enqueueResult(event, result)
        }
    }

    /// Results wait here while a write of earlier ones is in progress, so many deliveries share one store write.
    private var unrecorded: [(OutboxRecord, DeliveryResult)] = []
    private var recording = false

    private func enqueueResult(_ event: OutboxRecord, _ result: DeliveryResult) {
        condition.lock()
        unrecorded.append((event, result))
        let start = !recording
        if start { recording = true }
        condition.unlock()
        if start { flushResults() }
    }

    private func flushResults() {
        condition.lock()
        let batch = unrecorded
        unrecorded.removeAll(keepingCapacity: true)
        if batch.isEmpty {
            recording = false
            condition.broadcast()
        }
        condition.unlock()
        guard !batch.isEmpty else { return }
        store.complete(batch.map(\.1), owner: owner) { [self] failure in
            condition.lock()
            if let failure {
                // The deliveries happened; only their results are not saved. Keep the events in flight (never sent
                // again meanwhile) and write the results again after a growing pause, saying so in the log.
                recordFailures += 1
                let failures = recordFailures
                unrecorded.insert(contentsOf: batch, at: 0)
                condition.unlock()
                let pause = Self.recordRetryDelay(failures: failures)
                onRecordFailure?("\(failure)", failures, pause)
                DispatchQueue.global().asyncAfter(deadline: .now() + pause) { [self] in flushResults() }
                return
            }
            recordFailures = 0
            for (event, result) in batch {
                inFlight.remove(event.id)
                // A delivered original may release a repeat waiting on it.
                if case .delivered = result.outcome { wakeRequested = true }
            }
            condition.broadcast()
            condition.unlock()
            flushResults()
        }
    }

    /// The pause before writing unrecorded results again: 0.1 s doubling to 5 s.
    static func recordRetryDelay(failures: Int) -> Double {
        min(5.0, 0.1 * Double(1 << min(max(failures - 1, 0), 6)))
    }

    /// One attempt, classified.
    func deliver(_ event: OutboxRecord, with easy: CurlEasy) -> DeliveryResult {
        if destination.format == .open311 { return deliverOpen311(event, with: easy) }
        if destination.format == .mappedJSON { return deliverMappedJSON(event, with: easy) }
        let now = clock.now()
        let timestamp = Int64(now.timeIntervalSince1970)
        var headers: [(String, String)] = [
            ("Content-Type", "application/json"),
            ("User-Agent", "12345-intake-gateway"),
            ("Idempotency-Key", event.id),
        ]
        let body = EventEnvelope.body(event, format: destination.format)
        if let signer {
            headers += signer.headers(id: event.id, timestamp: timestamp, body: body)
        } else {
            headers += [("webhook-id", event.id), ("webhook-timestamp", String(timestamp))]
        }
        let attempt = event.attempts + 1
        return post(event, url: destination.url, headers: headers, body: body, with: easy, now: now) { response in
            classify(event, status: response.status, retryAfter: response.header("Retry-After"), body: response.body,
                     attempt: attempt, now: now)
        }
    }

    /// One POST of an event with the destination's timeouts, its answer classified by `answer`; a transport error
    /// (no answer at all) is retried. Every format sends through here.
    func post(_ event: OutboxRecord, url: String, headers: [(String, String)], body: [UInt8], with easy: CurlEasy, now: Date,
              answer: (HTTPResult) -> DeliveryResult) -> DeliveryResult {
        do {
            let response = try easy.perform(
                method: "POST", url: url, headers: headers, body: body,
                connectTimeoutMs: Int(destination.connectTimeoutSeconds * 1000), timeoutMs: Int(destination.timeoutSeconds * 1000))
            return answer(response)
        } catch {
            return retryOrDead(event, attempt: event.attempts + 1, now: now, status: nil, error: "\(error)", retryAfter: nil)
        }
    }

    /// An event that will never be delivered as it is: a dead letter at once.
    func dead(_ event: OutboxRecord, status: Int?, _ error: String, at now: Date) -> DeliveryResult {
        DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .dead, status: status, error: error, at: now)
    }

    func classify(_ event: OutboxRecord, status: Int, retryAfter: String?, body: [UInt8], attempt: Int, now: Date) -> DeliveryResult {
        switch status {
        case 200..<300:
            var caseId: String?
            // A cluster event's answer names no case of the ticket it was queued with.
            if event.type != ClusterEvent.type, let json = try? JSON.parse(body) {
                caseId = (json["caseId"] ?? json["case_id"] ?? json["service_request_id"] ?? json[0]?["service_request_id"])?.scalarText
            }
            return DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .delivered(caseId: caseId), status: status, error: nil, at: now)
        case 410:
            // The destination says it is gone: pause it rather than dead-letter every event; the event waits.
            paused.store(true, ordering: .releasing)
            return DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .retry(at: now), status: status,
                                  error: "HTTP 410: the destination is gone; deliveries paused until an operator resumes them", at: now)
        case 300..<400, 408, 425, 429, 500..<600:
            // Redirects are not followed (a signed event goes only where it was configured to go): a maintenance
            // redirect is retried, not dead-lettered.
            return retryOrDead(event, attempt: attempt, now: now, status: status, error: "HTTP \(status)", retryAfter: retryAfter)
        default:
            // 4xx other than the above: the case system will never take this event as it is.
            return dead(event, status: status, "HTTP \(status): \(String(decoding: body.prefix(300), as: UTF8.self))", at: now)
        }
    }

    func retryOrDead(_ event: OutboxRecord, attempt: Int, now: Date, status: Int?, error: String, retryAfter: String?) -> DeliveryResult {
        guard attempt < destination.maxAttempts else {
            return dead(event, status: status, "gave up after \(attempt) attempts: \(error)", at: now)
        }
        var delay = Backoff.delay(attempt: attempt, initial: destination.initialBackoffSeconds, max: destination.maxBackoffSeconds)
        if let retryAfter, let asked = Backoff.retryAfterSeconds(retryAfter, now: now) {
            delay = min(max(delay, asked), destination.maxBackoffSeconds * 6)
        }
        return DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .retry(at: now.addingTimeInterval(delay)),
                              status: status, error: error, at: now)
    }
}

public enum Backoff {
    /// Exponential backoff with full jitter: uniform in [base/2, base], base = initial * 2^(attempt-1), capped.
    public static func delay(attempt: Int, initial: Double, max cap: Double) -> Double {
        let base = min(cap, initial * pow(2, Double(max(0, attempt - 1))))
        return Double.random(in: (base / 2)...base)
    }

    /// `Retry-After` as seconds or an HTTP date.
    public static func retryAfterSeconds(_ value: String, now: Date) -> Double? {
        let v = value.trimmingASCIIWhitespace()
        if let s = Double(v) { return max(0, s) }
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "GMT")
        f.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        if let d = f.date(from: v) { return max(0, d.timeIntervalSince(now)) }
        return nil
    }
}
