import Dedup
import Foundation
import IntakeCore
import SQLite

/// The rows one matter has in the four dedup key tables (`dedup_by_identity/cell/place/band`). On SQLite they are
/// written when the in-memory view does not hold the matter (see `DedupView`); until then they wait as
/// `dedup_matters.pending_keys` (this, as JSON; numbers as strings so no 64-bit value passes through a double).
struct DedupKeys: Equatable, Sendable {
    var identities: [String]
    var cell: Int64?
    var places: [String]
    var bands: [Int64]

    init(identities: [String], cell: Int64?, places: [String], bands: [Int64]) {
        self.identities = identities
        self.cell = cell
        self.places = places
        self.bands = bands
    }

    init(_ e: IndexEntry) { self.init(identities: e.identityKeys, cell: e.cell, places: e.placeKeys, bands: e.bands) }

    var json: String { String(decoding: jsonUTF8, as: UTF8.self) }

    /// `json`'s bytes, written as `JSON.object` of the four lists would write them, without building the values (the
    /// writer writes them for every ticket the view holds: some twenty keys).
    var jsonUTF8: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(64 + (identities.count + places.count) * 24 + bands.count * 24)
        func list(_ name: String, _ items: [String]) {
            out.append(contentsOf: name.utf8)
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(UInt8(ascii: ",")) }
                JSON.string(item).write(into: &out)
            }
            out.append(UInt8(ascii: "]"))
        }
        list("{\"i\":[", identities)
        out.append(contentsOf: ",\"c\":".utf8)
        if let cell { JSON.string(String(cell)).write(into: &out) } else { out.append(contentsOf: "null".utf8) }
        list(",\"p\":[", places)
        list(",\"b\":[", bands.map { String($0) })
        out.append(UInt8(ascii: "}"))
        return out
    }

    init?(json text: String) {
        guard let j = try? JSON.parse(text), let i = j["i"]?.arrayValue, let p = j["p"]?.arrayValue, let b = j["b"]?.arrayValue else { return nil }
        self.init(identities: i.compactMap(\.stringValue), cell: j["c"]?.stringValue.flatMap { Int64($0) }, places: p.compactMap(\.stringValue),
                  bands: b.compactMap { $0.stringValue.flatMap { Int64($0) } })
    }

    /// The rows, as the table, its key column and the key (SQLite or libpq text form).
    var rows: [(table: String, column: String, key: SQLiteValue)] {
        identities.map { ("dedup_by_identity", "identity", .text($0)) } + (cell.map { [("dedup_by_cell", "cell", .integer($0))] } ?? [])
            + places.map { ("dedup_by_place", "place", .text($0)) } + bands.map { ("dedup_by_band", "band", .integer($0)) }
    }

    /// Writes the rows of the matter `seq` received at `at` (milliseconds).
    func write(seq: Int64, at: Int64, _ db: SQLiteConnection) throws {
        for (table, column, key) in rows {
            try db.run("INSERT OR IGNORE INTO \(table) (\(column), received_at, seq) VALUES (?, ?, ?)", [key, .integer(at), .integer(seq)])
        }
    }

    /// Writes the rows of matters whose keys waited (the view let go of them, or a restart does not load them) and
    /// marks them written.
    static func writePending(_ matters: [(seq: Int64, at: Int64, keys: DedupKeys)], _ db: SQLiteConnection) throws {
        for m in matters {
            try m.keys.write(seq: m.seq, at: m.at, db)
            try db.run("UPDATE dedup_matters SET pending_keys = NULL WHERE seq = ?", [.integer(m.seq)])
        }
    }

    /// At open: writes the waiting rows of the matters received since `since` (milliseconds) that `held` (the view
    /// just loaded) does not answer for. Older matters are never a candidate again (see `DedupView.evict`).
    @discardableResult
    static func writePendingAtOpen(_ db: SQLiteConnection, since: Int64, held: (Int64, Int64) -> Bool) throws -> Int {
        let rows = try db.query("SELECT seq, received_at, pending_keys FROM dedup_matters WHERE pending_keys IS NOT NULL AND received_at >= ?",
                                [.integer(since)])
        var due: [(seq: Int64, at: Int64, keys: DedupKeys)] = []
        for r in rows {
            guard let seq = r.int("seq"), let at = r.int("received_at"), !held(seq, at) else { continue }
            guard let keys = r.string("pending_keys").flatMap(DedupKeys.init(json:)) else {
                throw StoreError("dedup_matters \(seq): its pending_keys cannot be read")
            }
            due.append((seq, at, keys))
        }
        guard !due.isEmpty else { return 0 }
        try db.execute("BEGIN IMMEDIATE")
        do {
            try writePending(due, db)
            try db.execute("COMMIT")
        } catch {
            try? db.execute("ROLLBACK")
            throw error
        }
        return due.count
    }

    /// The earliest receive time (milliseconds) a decision made from now on may look back to, with a window of margin
    /// for a submission received a little before the newest stored one: `min(now, newest waiting matter) - 2 windows`.
    static func openCut(_ db: SQLiteConnection, window: TimeInterval, now: Date) throws -> Int64 {
        let newest = try db.query("SELECT MAX(received_at) AS at FROM dedup_matters WHERE pending_keys IS NOT NULL").first?.int("at")
        let nowMs = SQLiteIntakeStorage.ms(now)
        return min(nowMs, newest ?? nowMs) - 2 * Int64(window * 1000)
    }
}
