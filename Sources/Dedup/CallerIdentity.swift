import IntakeCore

/// The keys a caller is known by across channels: `phone:+8613812345678`, `openid:oXYZ`, `email:a@b.cn`.
///
/// Only personal numbers count: a service number (`svc:` keys: 400/800, 106 SMS ports, 95xxx) is shared by
/// thousands and would make strangers one caller.
public enum CallerIdentity {
    public static func keys(_ caller: Caller) -> [String] {
        var keys: [String] = []
        if let p = caller.phoneKey, p.hasPrefix("+") { keys.append("phone:" + p) }
        if let o = caller.openId?.trimmingASCIIWhitespace(), !o.isEmpty { keys.append("openid:" + o) }
        if let e = caller.email?.trimmingASCIIWhitespace().lowercased(), e.contains("@") { keys.append("email:" + e) }
        return keys
    }

    /// Keys that never make two submissions one caller's but keep them from clustering with each other: the
    /// same service number (an SMS port) sending the same notice twice is not two citizens.
    public static func senderKeys(_ caller: Caller) -> [String] {
        guard let p = caller.phoneKey, p.hasPrefix("svc:") else { return [] }
        return ["sender:" + p]
    }

    /// An identity key as a reason may show it: numbers and addresses masked, openids shortened.
    public static func display(_ key: String) -> String {
        if key.hasPrefix("phone:") { return PhoneNumber.mask(String(key.dropFirst(6))) }
        if key.hasPrefix("email:") { return PersonalData.maskEmail(String(key.dropFirst(6))) }
        if key.hasPrefix("openid:") {
            let id = key.dropFirst(7)
            return "openid " + (id.count > 8 ? id.prefix(6) + "…" : id)
        }
        return key
    }
}

/// MinHash signatures of shingle sets and their locality-sensitive-hashing band keys.
///
/// With `bands` bands of `rows` rows, two texts share at least one band key with probability
/// 1 - (1 - J^rows)^bands for Jaccard similarity J: 4 bands of 2 rows catch J = 0.6 with 0.92, J = 0.3 with 0.32,
/// J = 0.1 with 0.04. Band keys index near-identical reports that carry no location (an SMS campaign, a forwarded
/// message); reports with a location are found through their cell.
public struct MinHasher: Sendable {
    public let bands: Int
    public let rows: Int
    let seeds: [UInt64]

    public init(bands: Int = 4, rows: Int = 2) {
        self.bands = bands
        self.rows = rows
        seeds = (0..<(bands * rows)).map { StableHash.mix(0x5EED_0000 &+ UInt64($0)) }
    }

    public func signature(_ shingles: [UInt64]) -> [UInt64] {
        seeds.map { seed in shingles.reduce(UInt64.max) { min($0, StableHash.mix($1 ^ seed)) } }
    }

    /// One key per band; none for an empty text (it would put every empty text in one bucket).
    public func bandKeys(_ shingles: [UInt64]) -> [Int64] {
        guard shingles.count >= 3 else { return [] }
        let sig = signature(shingles)
        return (0..<bands).map { b in
            var h = StableHash.mix(UInt64(b) &+ 0xBA4D)
            for r in 0..<rows { h = StableHash.mix(h ^ sig[b * rows + r]) }
            return Int64(bitPattern: h)
        }
    }
}
