import Dedup
import Foundation
import IntakeCore
import SQLite
import Store
import Testing

/// Decision time against synthetic histories, written in bulk straight into the tables.
///
/// Sizes come from `INTAKE_DEDUP_BENCH_SIZES` (comma-separated ticket counts; `scripts/bench-dedup.sh` passes
/// 10000,1000000,10000000); without it the test runs one small size so that `swift test` keeps the bound checked.
/// `INTAKE_DEDUP_BENCH_BUILD_SECONDS` bounds the bulk load of each size: a size that cannot be built in time is
/// measured at the count reached, and what the full size would need is printed.
@Suite struct DedupBenchmark {
    static let environment = ProcessInfo.processInfo.environment
    static let sizes = (environment["INTAKE_DEDUP_BENCH_SIZES"] ?? "10000").split(separator: ",").compactMap { Int($0) }
    static let decisions = Int(environment["INTAKE_DEDUP_BENCH_DECISIONS"] ?? "") ?? 1000
    static let buildBudget = Double(environment["INTAKE_DEDUP_BENCH_BUILD_SECONDS"] ?? "") ?? 600
    /// The bound on p99 in milliseconds: 5 ms as the issue asks, measured in release builds (`make bench`). An
    /// unoptimized debug build on a shared 2-core machine is several times slower; it still has a bound.
    #if DEBUG
    static let p99Bound = 25.0
    #else
    static let p99Bound = 5.0
    #endif
    /// Tickets a day: a large city, all channels together.
    static let perDay = 10_000.0

    @Test func decisionTimeDoesNotGrowWithHistory() throws {
        var p99s: [(Int, Double)] = []
        for size in Self.sizes {
            let r = try Self.measure(size: size)
            p99s.append((r.stored, r.p99))
            print(String(format: "dedup decision with %9d stored tickets: p50 %.3f ms  p99 %.3f ms  max %.3f ms  (%d decisions; %.1f index rows a ticket; built in %.0f s, %.0f tickets/s)%@",
                         r.stored, r.p50, r.p99, r.max, r.decisions, r.indexRows, r.buildSeconds, Double(r.stored) / max(r.buildSeconds, 0.001),
                         r.stored < size ? String(format: "; stopped at the time bound, %d would need ~%.0f s", size, Double(size) / (Double(r.stored) / r.buildSeconds)) : ""))
            // A time is a benchmark figure, not a test verdict: it is asserted only when `make bench` runs this with
            // its sizes (INTAKE_DEDUP_BENCH_SIZES) on a quiet machine; `make test` prints it.
            if Self.environment["INTAKE_DEDUP_BENCH_SIZES"] != nil {
                #expect(r.p99 < Self.p99Bound, "p99 \(r.p99) ms with \(r.stored) stored tickets")
            }
        }
        if let first = p99s.first, let last = p99s.last, p99s.count > 1 {
            print(String(format: "p99 ratio %d / %d stored: %.2f", last.0, first.0, last.1 / first.1))
        }
    }

    struct Result {
        var stored: Int
        var p50: Double
        var p99: Double
        var max: Double
        var decisions: Int
        var indexRows: Double
        var buildSeconds: Double
    }

    /// A deterministic generator (SplitMix64).
    struct Random {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9e37_79b9_7f4a_7c15
            return StableHash.mix(state)
        }
        mutating func int(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
        mutating func unit() -> Double { Double(next() >> 11) / Double(1 << 53) }
    }

    static func texts() throws -> [(String, MatterFeatures)] {
        try EvaluationSet.load().map { ($0.submission.text, MatterFeatures(text: $0.submission.text, requestType: .complaint, location: nil)) }
    }

    static let bbox = (lat: 22.45...22.85, lng: 113.75...114.40)
    static let nameCharacters = Array("安宝碧翠东福富港光海和横华吉佳金锦景康兰乐丽莲龙梅民南鹏平坪清泉仁瑞沙山上石水松桃天田湾万西新兴秀阳怡银永玉园悦云长志竹")

    /// A synthetic place name the place-name reader recognises (`梅花新村`).
    static func placeName(_ k: Int) -> String {
        let n = nameCharacters.count
        return String(nameCharacters[k % n]) + String(nameCharacters[(k / n) % n]) + "新村"
    }

    static func measure(size: Int) throws -> Result {
        let h = try StoreHarness(name: "bench")
        let pool = try texts()
        let hasher = MinHasher()
        let callers = max(1000, size * 2 / 3)
        let now = StoreHarness.base
        let started = Date()
        var stored = 0
        let chunk = 50_000
        _ = try h.store.writeAndWait { db in try db.execute("PRAGMA cache_size = -1000000") }
        while stored < size && Date().timeIntervalSince(started) < buildBudget {
            let from = stored, to = min(size, stored + chunk)
            try h.store.writeAndWait { db in
                var local = Random(state: 42 &+ UInt64(from))
                for k in from..<to {
                    let at = Int64((now.timeIntervalSince1970 - Double(size - k) / perDay * 86_400) * 1000)
                    let (_, f) = pool[local.int(pool.count)]
                    let phone = "+86138" + String(10_000_000 + local.int(callers))
                    let ageDays = Double(size - k) / perDay
                    let closed = local.unit() < (ageDays > 30 ? 0.9 : 0.2)
                    try db.run("""
                        INSERT INTO tickets (id, receipt_no, channel, fingerprint, hotline, received_at, phone_key, request_type, status, ticket_json)
                        VALUES (?, ?, 'phone', 'bench', '12345', ?, ?, 'complaint', ?, '{}')
                        """, [.text("b-\(k)"), .text("B\(k)"), .integer(at), .text(phone), .text(closed ? "closed" : "open")])
                    let seq = db.lastInsertRowID
                    let located = local.unit() < 0.6
                    let point = located ? GeoPoint(lat: bbox.lat.lowerBound + local.unit() * 0.4, lng: bbox.lng.lowerBound + local.unit() * 0.65) : nil
                    // Half the tickets name one of 5,000 places (an address or a name in the text).
                    let place: String? = local.unit() < 0.5 ? placeName(local.int(5000)) : nil
                    try db.run("""
                        INSERT INTO dedup_matters (seq, received_at, channel, identities, request_type, match_text, topics, lat, lng, address, place, root_seq)
                        VALUES (?, ?, 'phone', ?, 'complaint', ?, ?, ?, ?, ?, ?, ?)
                        """, [.integer(seq), .integer(at), .text("phone:" + phone), .text(f.matchText),
                              .text(f.topics.sorted().map(\.id).joined(separator: ",")),
                              point.map { .real($0.lat) } ?? .null, point.map { .real($0.lng) } ?? .null,
                              place.map { .text($0) } ?? .null, place.map { .text($0) } ?? .null, .integer(seq)])
                    try db.run("INSERT OR IGNORE INTO dedup_callers (identity, caller) VALUES (?, ?)", [.text("phone:" + phone), .integer(seq)])
                    try db.run("INSERT INTO dedup_by_identity (identity, received_at, seq) VALUES (?, ?, ?)",
                               [.text("phone:" + phone), .integer(at), .integer(seq)])
                    if let point {
                        try db.run("INSERT INTO dedup_by_cell (cell, received_at, seq) VALUES (?, ?, ?)",
                                   [.integer(LocationCell.key(point)), .integer(at), .integer(seq)])
                    }
                    if let place {
                        try db.run("INSERT INTO dedup_by_place (place, received_at, seq) VALUES (?, ?, ?)", [.text(place), .integer(at), .integer(seq)])
                    }
                    if point == nil && place == nil {
                        for band in hasher.bandKeys(f.shingles) {
                            try db.run("INSERT OR IGNORE INTO dedup_by_band (band, received_at, seq) VALUES (?, ?, ?)",
                                       [.integer(band), .integer(at), .integer(seq)])
                        }
                    }
                }
            }
            stored = to
        }
        let buildSeconds = Date().timeIntervalSince(started)

        // Probes: most by callers active in the last month, half with a point.
        var probes: [PreparedSubmission] = []
        var prng = Random(state: 7)
        for i in 0..<decisions {
            let (poolText, _) = pool[prng.int(pool.count)]
            let text = prng.unit() < 0.5 ? placeName(prng.int(5000)) + "这边" + poolText : poolText
            let recent = min(stored, Int(perDay * 30))
            let k = stored - 1 - prng.int(recent)
            var caller = Caller(phone: "x", phoneKey: "+86138" + String(10_000_000 + prng.int(callers)))
            if prng.unit() < 0.7, k >= 0 {
                let phone = try h.store.read { db in try db.query("SELECT phone_key FROM tickets WHERE id = ?", [.text("b-\(k)")]).first?.string("phone_key") }
                if let phone { caller.phoneKey = phone }
            }
            let location: Location? = prng.unit() < 0.5
                ? Location(lat: bbox.lat.lowerBound + prng.unit() * 0.4, lng: bbox.lng.lowerBound + prng.unit() * 0.65, crs: .wgs84) : nil
            probes.append(PreparedSubmission(submission: Submission(channel: .sms, caller: caller, requestType: .complaint, text: text,
                                                                    location: location), ticketId: "probe-\(i)", hotline: "12345"))
        }
        let index = h.index
        let probeList = probes
        let timings = try h.store.writeAndWait { db -> [(Double, Int)] in
            var out: [(Double, Int)] = []
            // Warm the statement cache and the page cache as a running gateway would be.
            for p in probeList.prefix(20) { _ = try index.decide(p.submission, precomputed: nil, receivedAt: now, in: SQLiteDedupIndex(db: db)) }
            for p in probeList {
                let t = DispatchTime.now().uptimeNanoseconds
                let info = try index.decide(p.submission, precomputed: nil, receivedAt: now, in: SQLiteDedupIndex(db: db)).info
                out.append((Double(DispatchTime.now().uptimeNanoseconds - t) / 1e6, info.reasons.count))
            }
            return out
        }
        let sorted = timings.map(\.0).sorted()
        func pct(_ p: Double) -> Double { sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))] }
        let indexRows = try h.store.read { db in
            var n: Int64 = 0
            for table in ["dedup_by_identity", "dedup_by_cell", "dedup_by_place", "dedup_by_band", "dedup_callers", "dedup_matters"] {
                n += try db.query("SELECT COUNT(*) AS n FROM \(table)").first?.int("n") ?? 0
            }
            return Double(n) / Double(max(1, stored))
        }
        return Result(stored: stored, p50: pct(0.5), p99: pct(0.99), max: sorted.last ?? 0, decisions: sorted.count,
                      indexRows: indexRows, buildSeconds: buildSeconds)
    }
}
