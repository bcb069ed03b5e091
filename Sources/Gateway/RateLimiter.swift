import Foundation
import Synchronization

/// A token bucket per client address: `perMinute` requests a minute, bursts up to the same number.
final class RateLimiter: Sendable {
    let perMinute: Int
    private let buckets = Mutex<[String: (tokens: Double, at: Double)]>([:])

    init(perMinute: Int) { self.perMinute = perMinute }

    /// Takes a token for `address` at `now` (seconds); nil when allowed, else the seconds until the next token.
    func take(_ address: String, now: Double) -> Double? {
        let rate = Double(perMinute) / 60
        let capacity = Double(perMinute)
        return buckets.withLock { b in
            // Bounded memory: an address flood only resets the buckets.
            if b.count > 100_000 { b.removeAll(keepingCapacity: true) }
            var bucket = b[address] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * rate)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                b[address] = bucket
                return (1 - bucket.tokens) / rate
            }
            bucket.tokens -= 1
            b[address] = bucket
            return nil
        }
    }
}
