import Foundation
import Synchronization

/// Counters and a latency histogram, rendered in the Prometheus text format.
public final class Metrics: Sendable {
    struct Histogram {
        var buckets: [Int]
        var count = 0
        var sum = 0.0
    }
    /// Upper bounds in seconds.
    static let bounds: [Double] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5]

    private let state = Mutex<(requests: [String: Int], durations: [String: Histogram], attempts: [String: Int], tickets: [String: Int])>(
        ([:], [:], [:], [:]))

    public init() {}

    /// One finished request: its channel (or route), outcome (created, repeat, duplicate, rejected-4xx...) and duration.
    public func request(channel: String, outcome: String, seconds: Double) {
        state.withLock { s in
            s.requests["channel=\"\(channel)\",outcome=\"\(outcome)\"", default: 0] += 1
            var h = s.durations[channel] ?? Histogram(buckets: Array(repeating: 0, count: Metrics.bounds.count))
            if let i = Metrics.bounds.firstIndex(where: { seconds <= $0 }) { h.buckets[i] += 1 }
            h.count += 1
            h.sum += seconds
            s.durations[channel] = h
        }
    }

    /// One new ticket (created or repeat), by its routing category and urgency.
    public func ticket(category: String, urgency: String) {
        // Catalogue ids come from the operator's file: quotes and backslashes are escaped as the text format asks.
        let c = !category.utf8.contains(where: { $0 == 0x5C || $0 == 0x22 }) ? category
            : category.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        state.withLock { $0.tickets["category=\"\(c)\",urgency=\"\(urgency)\"", default: 0] += 1 }
    }

    public func deliveryAttempt(destination: String, result: String) {
        state.withLock { $0.attempts["destination=\"\(destination)\",result=\"\(result)\"", default: 0] += 1 }
    }

    public func requestCount(channel: String, outcome: String) -> Int {
        state.withLock { $0.requests["channel=\"\(channel)\",outcome=\"\(outcome)\"", default: 0] }
    }

    /// The exposition text; `gauges` are sampled by the caller (outbox backlog and such).
    public func render(gauges: [(name: String, help: String, value: Double)]) -> String {
        let s = state.withLock { $0 }
        var out = "# HELP intake_requests_total Requests by channel and outcome.\n# TYPE intake_requests_total counter\n"
        for (labels, v) in s.requests.sorted(by: { $0.key < $1.key }) { out += "intake_requests_total{\(labels)} \(v)\n" }
        out += "# HELP intake_request_duration_seconds Time from the request's arrival to its answer (after the commit).\n"
        out += "# TYPE intake_request_duration_seconds histogram\n"
        for (channel, h) in s.durations.sorted(by: { $0.key < $1.key }) {
            var cumulative = 0
            for (i, bound) in Metrics.bounds.enumerated() {
                cumulative += h.buckets[i]
                out += "intake_request_duration_seconds_bucket{channel=\"\(channel)\",le=\"\(bound)\"} \(cumulative)\n"
            }
            out += "intake_request_duration_seconds_bucket{channel=\"\(channel)\",le=\"+Inf\"} \(h.count)\n"
            out += "intake_request_duration_seconds_sum{channel=\"\(channel)\"} \(h.sum)\n"
            out += "intake_request_duration_seconds_count{channel=\"\(channel)\"} \(h.count)\n"
        }
        out += "# HELP intake_delivery_attempts_total Delivery attempts by destination and result.\n# TYPE intake_delivery_attempts_total counter\n"
        for (labels, v) in s.attempts.sorted(by: { $0.key < $1.key }) { out += "intake_delivery_attempts_total{\(labels)} \(v)\n" }
        out += "# HELP intake_tickets_total New tickets by routing category and urgency.\n# TYPE intake_tickets_total counter\n"
        for (labels, v) in s.tickets.sorted(by: { $0.key < $1.key }) { out += "intake_tickets_total{\(labels)} \(v)\n" }
        var described: Set<Substring> = []
        for g in gauges {
            // A gauge may carry labels (`name{label="x"}`); HELP and TYPE name the metric once.
            let base = g.name.prefix { $0 != "{" }
            if described.insert(base).inserted { out += "# HELP \(base) \(g.help)\n# TYPE \(base) gauge\n" }
            let value = g.value.rounded() == g.value && abs(g.value) < 1e15 ? String(Int64(g.value)) : String(g.value)
            out += "\(g.name) \(value)\n"
        }
        return out
    }
}
