import Foundation
import HTTPServer
import Synchronization

/// A token bucket per client: `perMinute` requests a minute, bursts up to the same number.
///
/// A client is an IPv4 address or an IPv6 /64 (one subscriber's prefix: rotating the low 64 bits is free). Memory is
/// bounded: past `maxTracked` clients, buckets that have refilled (they hold no information) are dropped, at most
/// once a second; if that is not enough, every new client shares one overflow bucket ten times the size of one
/// client's, so a flood of addresses is limited as a whole instead of resetting everyone's limit.
final class RateLimiter: Sendable {
    let perMinute: Int
    let maxTracked: Int
    private struct State {
        var buckets: [String: (tokens: Double, at: Double)] = [:]
        var nextPrune: Double = 0
    }
    private let state = Mutex(State())
    static let overflowKey = "overflow"

    init(perMinute: Int, maxTracked: Int = 100_000) {
        self.perMinute = perMinute
        self.maxTracked = maxTracked
    }

    /// Takes a token for `address` at `now` (seconds); nil when allowed, else the seconds until the next token.
    func take(_ address: String, now: Double) -> Double? {
        let rate = Double(perMinute) / 60
        var key = Self.client(address)
        return state.withLock { s in
            if s.buckets[key] == nil && s.buckets.count >= maxTracked {
                if now >= s.nextPrune {
                    s.nextPrune = now + 1
                    let capacity = Double(perMinute)
                    s.buckets = s.buckets.filter { k, b in k == Self.overflowKey || b.tokens + (now - b.at) * rate < capacity }
                }
                if s.buckets.count >= maxTracked { key = Self.overflowKey }
            }
            let scale = key == Self.overflowKey ? 10.0 : 1.0
            let capacity = Double(perMinute) * scale
            var bucket = s.buckets[key] ?? (capacity, now)
            bucket.tokens = min(capacity, bucket.tokens + (now - bucket.at) * rate * scale)
            bucket.at = now
            guard bucket.tokens >= 1 else {
                s.buckets[key] = bucket
                return (1 - bucket.tokens) / (rate * scale)
            }
            bucket.tokens -= 1
            s.buckets[key] = bucket
            return nil
        }
    }

    /// The client an address belongs to: an IPv4 address as it is, an IPv6 address by its /64 prefix.
    static func client(_ address: String) -> String {
        guard address.contains(":"), let full = IPAddress.bytes(address), full.count == 16 else { return address }
        // An IPv4-mapped address (::ffff:a.b.c.d) is that IPv4 client.
        if full[0..<10].allSatisfy({ $0 == 0 }) && full[10] == 0xFF && full[11] == 0xFF {
            return full[12..<16].map(String.init).joined(separator: ".")
        }
        return stride(from: 0, to: 8, by: 2).map { String(UInt16(full[$0]) << 8 | UInt16(full[$0 + 1]), radix: 16) }
            .joined(separator: ":") + "::/64"
    }
}
