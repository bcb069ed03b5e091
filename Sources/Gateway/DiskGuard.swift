import Foundation
import Synchronization

/// Free space in the directory of a local store (the SQLite file), read at most once a second.
///
/// Below the reserve, public intake is refused (503, retryable) and `/readyz` fails, while partner channels, whose
/// senders retry and whose messages are already acknowledged elsewhere, keep the reserve to themselves until the
/// disk is really full (then the store's own write errors answer 503; nothing is acknowledged without a commit).
final class DiskGuard: Sendable {
    let path: String
    let reserveBytes: Int64
    private let cached = Mutex<(free: Int64?, at: Double)>((nil, -1))

    /// nil when the store is not a local file (PostgreSQL, in-memory: the store says so) or no reserve is set.
    init?(directory: String?, reserveMB: Int) {
        guard reserveMB > 0, let directory else { return nil }
        path = directory
        reserveBytes = Int64(reserveMB) << 20
    }

    /// Free bytes, or nil when they cannot be read.
    func freeBytes(now: Double = Date().timeIntervalSince1970) -> Int64? {
        if let hit = cached.withLock({ now - $0.at < 1 ? $0 : nil }) { return hit.free }
        let free = (try? FileManager.default.attributesOfFileSystem(forPath: path))?[.systemFreeSize] as? NSNumber
        let value = free?.int64Value
        cached.withLock { $0 = (value, now) }
        return value
    }

    /// True while the free space is under the reserve.
    var belowReserve: Bool { freeBytes().map { $0 < reserveBytes } ?? false }
}
