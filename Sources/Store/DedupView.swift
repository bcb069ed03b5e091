import Dedup
import Foundation
import IntakeCore
import SQLite

/// An in-memory view of the dedup index of recent tickets, for a store that one process owns (SQLite: the file
/// is locked by its process). The decider thread decides the next transaction's submissions against it while the
/// writer commits the previous one, so a decision never sits between a batch and its fsync and reads no SQL for
/// recent candidates.
///
/// The tables stay the truth: the writer writes each ticket's `dedup_matters` row in the ticket's transaction, a
/// restart rebuilds the view from them (`rebuild`), and candidates older than the view (`horizonMs`, when it had to
/// drop matters to stay within `capacity`) are read from them. A matter the view holds (received at or after the
/// horizon) has no rows in the four key tables: its keys wait in `dedup_matters.pending_keys` (see `DedupKeys`),
/// and the view answers for it, to the decider and to the writer's own decisions (`storedCandidates`). Its rows are
/// written in the transaction after whose commit the view drops it for capacity (`rowsToWrite`), always before the
/// horizon passes it, and at open for what the view does not load; a matter two windows older than the decisions
/// made now is dropped without them (no decision reads it again).
///
/// A matter enters the view in one of three states: `decided` (by the decider, for a job the writer has not
/// applied yet), `stored` (written in the open transaction) and `committed`. A decided matter whose job stores
/// nothing (a duplicate, a refusal, a failed job) is retracted when the job ends; what the open transaction wrote
/// is undone when it rolls back. So the view never keeps claiming a ticket that was not stored, and a decision
/// that read a matter retracted meanwhile is not used (`allAlive`): the writer decides that submission again
/// inside the transaction.
///
/// Matters are numbered in the view from `firstSeq` up, in the order they were decided (the writer applies jobs
/// in that order); numbers below `firstSeq` are the store's own ticket seqs (candidates read from the tables).
/// Everything is bounded: at most `capacity` matters, at most `keepPerKey` newest matters per key, matters older
/// than `window` are dropped.
final class DedupView: @unchecked Sendable {
    enum State { case decided, stored, committed }

    /// A matter in the view (a reference: a decision reads many, and copying their features would cost more than
    /// comparing them).
    final class Entry {
        var matter: IndexedMatter
        let features: SharedMatterFeatures
        let identityKeys: [String]
        let cell: Int64?
        let placeKeys: [String]
        let bands: [Int64]
        var state: State
        /// The ticket's seq in the store (nil while only decided).
        var storeSeq: Int64?
        /// Its rows are in the key tables (committed, or written in the open transaction with the matter).
        var keyed: Bool
        var keys: DedupKeys { DedupKeys(identities: identityKeys, cell: cell, places: placeKeys, bands: bands) }

        func sameKeys(as e: IndexEntry) -> Bool {
            identityKeys == e.identityKeys && cell == e.cell && placeKeys == e.placeKeys && bands == e.bands
        }

        init(matter: IndexedMatter, features: SharedMatterFeatures, identityKeys: [String], cell: Int64?, placeKeys: [String], bands: [Int64],
             state: State, storeSeq: Int64? = nil, keyed: Bool = false) {
            self.matter = matter
            self.features = features
            self.identityKeys = identityKeys
            self.cell = cell
            self.placeKeys = placeKeys
            self.bands = bands
            self.state = state
            self.storeSeq = storeSeq
            self.keyed = keyed
        }
    }

    /// Compared and hashed by the bytes of its text, as the key tables compare it (SQLite's binary collation): a
    /// String's own `==` and hash normalize non-ASCII text (NFC) on every call, place keys are Chinese, and a decision
    /// looks up some hundred keys.
    enum Key: Hashable {
        case identity(String), cell(Int64), place(String), band(Int64)
        /// An incident's members (kept when indexed with it or marked; read back only if still in it).
        case cluster(String)

        static func == (a: Key, b: Key) -> Bool {
            switch (a, b) {
            case (.identity(let x), .identity(let y)), (.place(let x), .place(let y)), (.cluster(let x), .cluster(let y)):
                // (The bytes in place, compared as buffers: the views compared element by element by their iterators
                // cost some 10,000 instructions a decision.)
                guard x.utf8.count == y.utf8.count else { return false }
                let inPlace = x.utf8.withContiguousStorageIfAvailable { a in y.utf8.withContiguousStorageIfAvailable { a.elementsEqual($0) } }
                return (inPlace ?? nil) ?? x.utf8.elementsEqual(y.utf8)
            case (.cell(let x), .cell(let y)), (.band(let x), .band(let y)): return x == y
            default: return false
            }
        }

        /// A cheap hash of the key (FNV-1a over its text's bytes, a multiply of its number), for `KeyFilter`: a decision
        /// asks some hundred keys that no matter holds, and the dictionary's hasher cost more than the probe.
        var filterHash: UInt64 {
            // (The bytes read in place: walking `text.utf8` by its iterator cost some 300 instructions a key, as much as
            // the dictionary lookup the filter saves.)
            func bytes(_ text: String, _ seed: UInt64) -> UInt64 {
                func fnv(_ bytes: some Sequence<UInt8>) -> UInt64 {
                    var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ seed
                    for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
                    return h
                }
                return text.utf8.withContiguousStorageIfAvailable { fnv($0) } ?? fnv(text.utf8)
            }
            switch self {
            case .identity(let text): return bytes(text, 0)
            case .cell(let value): return UInt64(bitPattern: value) &* 0x9E37_79B9_7F4A_7C15 ^ 1
            case .place(let text): return bytes(text, 2)
            case .band(let value): return UInt64(bitPattern: value) &* 0x9E37_79B9_7F4A_7C15 ^ 3
            case .cluster(let text): return bytes(text, 4)
            }
        }

        func hash(into hasher: inout Hasher) {
            func bytes(_ text: String) {
                if text.utf8.withContiguousStorageIfAvailable({ hasher.combine(bytes: UnsafeRawBufferPointer($0)) }) == nil {
                    for byte in text.utf8 { hasher.combine(byte) }
                }
            }
            switch self {
            case .identity(let text): hasher.combine(0 as UInt8); bytes(text)
            case .cell(let value): hasher.combine(1 as UInt8); hasher.combine(value)
            case .place(let text): hasher.combine(2 as UInt8); bytes(text)
            case .band(let value): hasher.combine(3 as UInt8); hasher.combine(value)
            case .cluster(let text): hasher.combine(4 as UInt8); bytes(text)
            }
        }
    }

    /// Which keys may have a list in `lists`: a count a slot of the keys held that fall in it (by `Key.filterHash`), so
    /// that a key no list holds (most runs of a report's words, the bands of a report with a location) is answered
    /// without the dictionary. A slot that reached its most stays there (it may then answer `true` for a key not held,
    /// never `false` for one held).
    struct KeyFilter {
        private var counts: [UInt8]
        private let shift: UInt64

        /// `bits`: log2 of the slots.
        init(bits: Int) {
            counts = Array(repeating: 0, count: 1 << bits)
            shift = UInt64(64 - bits)
        }

        /// Slots for a view of `capacity` matters: some eight a matter (a matter has some twenty keys, most shared).
        static func bits(capacity: Int) -> Int {
            var bits = 12
            while bits < 22 && 1 << bits < 8 * capacity { bits += 1 }
            return bits
        }

        private func slot(_ key: Key) -> Int { Int(truncatingIfNeeded: (key.filterHash &* 0x9E37_79B9_7F4A_7C15) >> shift) }

        func mayHold(_ key: Key) -> Bool { counts[slot(key)] != 0 }

        mutating func insert(_ key: Key) {
            let i = slot(key)
            if counts[i] < .max { counts[i] += 1 }
        }

        mutating func remove(_ key: Key) {
            let i = slot(key)
            if counts[i] < .max && counts[i] > 0 { counts[i] -= 1 }
        }
    }

    /// The first view number; store seqs are far below it.
    static let firstSeq: Int64 = 1 << 52

    let capacity: Int
    let keepPerKey: Int
    /// The longest window a decision looks back (the repeat window, or the cluster window when longer).
    let window: TimeInterval

    private let lock = NSLock()
    private var entries: [Int64: Entry] = [:]
    private var byTicket: [String: Int64] = [:]
    /// Per key, the newest matters (number and receive time in milliseconds), oldest first.
    private var lists: [Key: [(seq: Int64, at: Int64)]] = [:]
    /// The keys `lists` holds, to answer most keys no list holds without it.
    private var keysHeld: KeyFilter
    /// Per candidate key, the length its list is walked for a trim again at (`append`).
    private var trimAt: [Key: Int] = [:]
    private var nextSeq = DedupView.firstSeq
    /// View numbers in the order they were given, for eviction (a queue: `order[orderHead...]`).
    private var order: [Int64] = []
    private var orderHead = 0
    /// Complete for matters received at or after this instant (milliseconds since 1970); older candidates are read
    /// from the tables.
    private var horizonMs: Int64
    var horizon: Int64 { lock.withLock { horizonMs } }
    /// Grows when identities are linked (written, and again when committed): a decision that read the links before
    /// has them read again in the transaction.
    private var links = 0
    var linkVersion: Int { lock.withLock { links } }
    private var linkedInTransaction = false
    /// The identities that may belong to a caller of more than one (by `Key.filterHash`; only grows): those linked at
    /// open and every one linked with another since (`didLink`; a merge moves only identities of such callers). An
    /// identity it does not hold is its caller's only one, so a decision reads no link for it (`mayBeLinked`):
    /// a web caller is never linked, and asking `dedup_callers` cost a statement a decision.
    private var linkedIdentities = KeyFilter(bits: 16)
    /// Receipt numbers of tickets written in the open transaction whose index rows are not written yet, with their
    /// ticket seq when the row's insert gave it.
    private var receipts: [String: (receiptNo: String, status: String, seq: Int64?)] = [:]

    /// What the writer changed in the open transaction, newest last, so that a rollback can undo it.
    private enum Undo {
        case stored(Int64, previous: Entry?)
        case cluster(Int64, String?)
        case status(Int64, String)
    }
    /// Numbers of matters taken back (never stored), so a decision that read one is not used. Only the recent ones
    /// matter: a decision is checked before the writer is `retractedSpan` numbers further.
    private var retracted: Set<Int64> = []
    static let retractedSpan: Int64 = 4_000_000
    private var log: [Undo] = []
    private var jobStart = 0
    /// Stored matters held without key rows, by receive time (`unkeyed[unkeyedHead...]`; entries keyed or gone since
    /// are skipped), so the horizon is moved past a time only once every matter received before it has its rows.
    private var unkeyed: [(at: Int64, seq: Int64)] = []
    private var unkeyedHead = 0
    /// Matters whose rows the writer is to write in its next transaction, and those it writes in the open one.
    private var needRows: Set<Int64> = []
    private var writing: [Int64] = []

    init(capacity: Int, keepPerKey: Int, window: TimeInterval, horizon: Date) {
        let capacity = max(1, capacity)
        self.capacity = capacity
        self.keepPerKey = max(1, keepPerKey)
        self.window = window
        self.horizonMs = SQLiteIntakeStorage.ms(horizon)
        keysHeld = KeyFilter(bits: KeyFilter.bits(capacity: capacity))
    }

    var count: Int { lock.withLock { entries.count } }
    /// Early decisions the transaction used, and those it made again (what they read had changed).
    private var used = 0, redone = 0
    var earlyUsed: Int { lock.withLock { used } }
    var earlyRedone: Int { lock.withLock { redone } }

    /// Identities were linked in the open transaction (`identities`: those linked together, more than one).
    func didLink(_ identities: [String]) {
        lock.withLock {
            links += 1
            linkedInTransaction = true
            for key in identities { linkedIdentities.insert(.identity(key)) }
        }
    }

    /// Whether an identity of `keys` may be linked to another: if not, the links of `keys` are `keys` themselves.
    func mayBeLinked(_ keys: [String]) -> Bool {
        guard !keys.isEmpty else { return false }
        return lock.withLock { keys.contains { linkedIdentities.mayHold(.identity($0)) } }
    }

    func noteEarly(used: Bool) {
        lock.withLock { if used { self.used += 1 } else { redone += 1 } }
    }

    // MARK: The decider's side

    /// Candidates of one key: view numbers, newest first, at most `limit`, received at or after `since`. `complete`
    /// is false when the view may lack older ones the tables hold (the caller reads them from the tables).
    func candidates(_ key: Key, since: Date, limit: Int) -> (seqs: [Int64], complete: Bool) {
        let sinceMs = SQLiteIntakeStorage.ms(since)
        return lock.withLock { candidatesLocked(key, sinceMs: sinceMs, limit: limit) }
    }

    /// `candidates(_:since:limit:)` of each key, in their order, in one hold of the lock (a decision asks some hundred
    /// keys: its cells, bands and the runs of its words), with the horizon then.
    func candidates(_ keys: [Key], since: Date, limit: Int) -> (found: [(seqs: [Int64], complete: Bool)], horizon: Date) {
        let sinceMs = SQLiteIntakeStorage.ms(since)
        return lock.withLock {
            (keys.map { candidatesLocked($0, sinceMs: sinceMs, limit: limit) }, Date(timeIntervalSince1970: Double(horizonMs) / 1000))
        }
    }

    private func candidatesLocked(_ key: Key, sinceMs: Int64, limit: Int) -> (seqs: [Int64], complete: Bool) {
        var out: [Int64] = []
        let from = max(sinceMs, horizonMs)
        if keysHeld.mayHold(key), let list = lists[key] {
            // (Sized once: grown from empty, a list of eight was allocated four times.)
            out.reserveCapacity(Swift.min(limit, list.count))
            for item in list.reversed() {
                if item.at < from || out.count >= limit { break }
                out.append(item.seq)
            }
        }
        return (out, out.count >= limit || sinceMs >= horizonMs)
    }

    /// The writer's candidates of one key, inside its transaction: the store seqs of the matters stored (committed, or
    /// written earlier in the open transaction; not those only decided), newest first as the key tables order them
    /// (receive time, then seq), at most `limit`, received at or after `since` and the horizon. `complete` is false
    /// when older ones may be in the tables (received in `[since, horizon)`, which the caller reads there).
    func storedCandidates(_ key: Key, since: Date, limit: Int) -> (seqs: [Int64], complete: Bool, horizon: Date) {
        let sinceMs = SQLiteIntakeStorage.ms(since)
        return lock.withLock {
            var found: [(at: Int64, seq: Int64)] = []
            var seen: Set<Int64> = []
            let from = max(sinceMs, horizonMs)
            if keysHeld.mayHold(key), let list = lists[key] {
                for item in list.reversed() {
                    // Past `limit`, matters received in the same millisecond as the last one still count: the tables break
                    // that tie by seq.
                    if item.at < from || (found.count >= limit && item.at < found[found.count - 1].at) { break }
                    guard let e = entries[item.seq], e.state != .decided, let storeSeq = e.storeSeq, seen.insert(storeSeq).inserted else { continue }
                    found.append((item.at, storeSeq))
                }
            }
            found.sort { $0.at != $1.at ? $0.at > $1.at : $0.seq > $1.seq }
            let seqs = found.prefix(limit).map(\.seq)
            return (seqs, seqs.count >= limit || sinceMs >= horizonMs, Date(timeIntervalSince1970: Double(horizonMs) / 1000))
        }
    }

    func matter(_ seq: Int64) -> IndexedMatter? { lock.withLock { entries[seq]?.matter } }

    func matterAndFeatures(_ seq: Int64) -> (IndexedMatter, SharedMatterFeatures)? {
        lock.withLock { entries[seq].map { ($0.matter, $0.features) } }
    }

    /// The matters of `seqs` that are in the view, with their features, in one hold of the lock: each copied once,
    /// straight into the caller's dictionaries (store seqs, below `firstSeq`, are skipped).
    func readMatters(_ seqs: [Int64], into matters: inout [Int64: IndexedMatter], features: inout [Int64: SharedMatterFeatures]) {
        lock.withLock {
            for seq in seqs where seq >= Self.firstSeq {
                guard let e = entries[seq] else { continue }
                matters[seq] = e.matter
                features[seq] = e.features
            }
        }
    }

    /// An incident's first members in the view (by receive time), at most `limit`.
    func members(cluster: String, limit: Int) -> [Int64] {
        lock.withLock {
            var out: [Int64] = []
            for item in lists[.cluster(cluster)] ?? [] where out.count < limit && entries[item.seq]?.matter.clusterId == cluster {
                out.append(item.seq)
            }
            return out
        }
    }

    func features(_ seq: Int64) -> SharedMatterFeatures? { lock.withLock { entries[seq]?.features } }

    /// Whether every view matter a decision read is still there and stored (committed, or written earlier in the
    /// open transaction). Store seqs are the tables' own rows.
    func allAlive(_ seqs: [Int64]) -> Bool {
        lock.withLock {
            seqs.allSatisfy { seq in
                guard seq >= Self.firstSeq, !retracted.contains(seq) else { return seq < Self.firstSeq }
                // Not there and not retracted: committed and dropped since (still in the tables).
                return entries[seq].map { $0.state != .decided } ?? true
            }
        }
    }

    /// A decided matter, before its job runs; returns its view number. `rootTicketId` is the original it repeats;
    /// `knownSeqs` maps ticket ids the decision read to their numbers (for an original older than the view).
    func registerDecided(_ e: IndexEntry, features: MatterFeatures, knownSeqs: [String: Int64]) -> Int64 {
        lock.withLock {
            let seq = nextSeq
            nextSeq += 1
            let root = e.repeatOf.flatMap { byTicket[$0] ?? knownSeqs[$0] } ?? seq
            add(seq, Entry(matter: matter(of: e, seq: seq, rootSeq: root, receiptNo: nil), features: SharedMatterFeatures(features), identityKeys: e.identityKeys,
                           cell: e.cell, placeKeys: e.placeKeys, bands: e.bands, state: .decided))
            evict(now: e.receivedAt)
            return seq
        }
    }

    /// Ends a job on the decider's numbers: what it decided and did not store is retracted.
    func settle(_ seqs: [Int64]) {
        guard !seqs.isEmpty else { return }
        lock.withLock {
            for seq in seqs where entries[seq]?.state == .decided { retract(seq) }
        }
    }

    // MARK: The writer's side (inside the transaction)

    /// A ticket row written in the open transaction: its receipt number and state, for the index entry that follows,
    /// and its seq in the tickets table when the insert told it.
    func noteStored(ticketId: String, receiptNo: String, status: String, seq: Int64? = nil) {
        lock.withLock { receipts[ticketId] = (receiptNo, status, seq) }
    }

    /// The tickets-table seqs the index entry of `ticketId` needs that the view knows, without reading the table: the
    /// ticket's own (told by `noteStored`) and its original's (`repeatOf`, held stored or committed). Nil where the
    /// view does not know (the caller reads the table).
    func storeSeqs(ticketId: String, repeatOf: String?) -> (seq: Int64?, rootSeq: Int64?) {
        lock.withLock {
            (receipts[ticketId]?.seq, repeatOf.flatMap { byTicket[$0] }.flatMap { entries[$0]?.storeSeq })
        }
    }

    /// The ticket's `dedup_matters` row is being written in the open transaction (`storeSeq`: its ticket seq,
    /// `rootStoreSeq`: its original's). Returns whether the view holds it without key rows (received at or after the
    /// horizon); if not, the caller writes them with the row.
    func didStore(_ e: IndexEntry, features: MatterFeatures?, rootStoreSeq: Int64, storeSeq: Int64) -> Bool {
        lock.withLock {
            let at = SQLiteIntakeStorage.ms(e.receivedAt)
            let held = at >= horizonMs
            let receipt = receipts.removeValue(forKey: e.ticketId)
            let existing = byTicket[e.ticketId].flatMap { entries[$0] }
            let seq: Int64
            if let s = byTicket[e.ticketId], existing != nil {
                seq = s
            } else {
                seq = nextSeq
                nextSeq += 1
            }
            let root = e.repeatOf.map { byTicket[$0] ?? rootStoreSeq } ?? seq
            var m = matter(of: e, seq: seq, rootSeq: root, receiptNo: receipt?.receiptNo ?? existing?.matter.receiptNo)
            m.status = existing?.matter.status ?? receipt?.status ?? "open"
            // The matter the decider registered, stored as decided (the usual case): the entry becomes stored where it
            // is, instead of leaving every key's list and joining it again. Undone like a decided one: retracted.
            if let existing, existing.state == .decided, features == nil, existing.sameKeys(as: e), existing.matter.clusterId == e.clusterId,
               existing.matter.receivedAt == e.receivedAt {
                existing.matter = m
                existing.state = .stored
                existing.storeSeq = storeSeq
                existing.keyed = !held
                if held { noteUnkeyed(seq, at: at) }
                log.append(.stored(seq, previous: nil))
                return held
            }
            let entry = Entry(matter: m, features: features.map(SharedMatterFeatures.init) ?? existing?.features
                                  ?? SharedMatterFeatures(DedupEngine.storedFeatures(m)),
                              identityKeys: e.identityKeys, cell: e.cell, placeKeys: e.placeKeys, bands: e.bands, state: .stored,
                              storeSeq: storeSeq, keyed: !held)
            log.append(.stored(seq, previous: existing))
            if existing != nil { remove(seq) }
            add(seq, entry)
            if held { noteUnkeyed(seq, at: at) }
            return held
        }
    }

    /// The key rows the writer writes before it commits (writer thread, in the transaction): those of the matters the
    /// commit's end will drop for capacity and of every matter held without rows received before them (the horizon
    /// moves past them), and those asked for since the last commit.
    func rowsToWrite() -> [(seq: Int64, at: Int64, keys: DedupKeys)] {
        lock.withLock {
            // What `evict(now: nil)` will drop once the open transaction's matters are committed.
            var excess = entries.count - capacity
            var below = Int64.min
            var i = orderHead
            while excess > 0 && i < order.count {
                defer { i += 1 }
                guard let e = entries[order[i]] else { continue }
                if e.state == .decided { break }
                below = max(below, SQLiteIntakeStorage.ms(e.matter.receivedAt) + 1)
                excess -= 1
            }
            var seqs = needRows
            needRows.removeAll()
            if below > Int64.min { seqs.formUnion(blockers(below: below)) }
            var rows: [(seq: Int64, at: Int64, keys: DedupKeys)] = []
            for seq in seqs.sorted() {
                guard let e = entries[seq], !e.keyed, e.state != .decided, let storeSeq = e.storeSeq else { continue }
                writing.append(seq)
                rows.append((storeSeq, SQLiteIntakeStorage.ms(e.matter.receivedAt), e.keys))
            }
            return rows
        }
    }

    /// An earlier ticket joined a cluster in the open transaction.
    func markCluster(ticketId: String, clusterId: String) {
        lock.withLock {
            guard let seq = byTicket[ticketId], let e = entries[seq] else { return }
            log.append(.cluster(seq, e.matter.clusterId))
            entries[seq]?.matter.clusterId = clusterId
            append(seq, at: SQLiteIntakeStorage.ms(e.matter.receivedAt), to: .cluster(clusterId))
        }
    }

    /// A ticket's state changed in the open transaction (settled at intake), or was found changed in the tables.
    func setStatus(ticketId: String, status: String) {
        lock.withLock {
            receipts[ticketId]?.status = status
            guard let seq = byTicket[ticketId], let e = entries[seq], e.matter.status != status else { return }
            log.append(.status(seq, e.matter.status))
            entries[seq]?.matter.status = status
        }
    }

    /// A job starts in the open transaction.
    func beginJob() { lock.withLock { jobStart = log.count } }

    /// A job was rolled back alone (its savepoint): what it changed is undone.
    func rollBackJob() {
        lock.withLock {
            undo(downTo: jobStart)
            receipts.removeAll()
        }
    }

    /// The open transaction committed: what it stored is now committed.
    func didCommit() {
        lock.withLock {
            for case .stored(let seq, _) in log { entries[seq]?.state = .committed }
            for seq in writing { entries[seq]?.keyed = true }
            writing.removeAll()
            if linkedInTransaction { links += 1 }
            linkedInTransaction = false
            log.removeAll(keepingCapacity: true)
            jobStart = 0
            receipts.removeAll()
            evict(now: nil)
        }
    }

    /// The open transaction rolled back (or failed to commit): everything it changed is undone.
    func didRollBack() {
        lock.withLock {
            undo(downTo: 0)
            jobStart = 0
            receipts.removeAll()
            linkedInTransaction = false
            // Their rows went with the transaction: asked for again.
            needRows.formUnion(writing)
            writing.removeAll()
        }
    }

    // MARK: Rebuild

    /// Loads the matters of the last `window` from the tables, newest first, at most `capacity`, and writes the key
    /// rows of every matter still waiting for them that it does not hold (see `DedupKeys.writePendingAtOpen`). Runs
    /// before the store takes writes.
    static func rebuild(_ db: SQLiteConnection, engine: DedupEngine, capacity: Int, now: Date) throws -> DedupView {
        let window = engine.configuration.lookback
        let sinceMs = SQLiteIntakeStorage.ms(now.addingTimeInterval(-window))
        let rows = try db.query("""
            SELECT m.seq, m.received_at, m.channel, m.identities, m.request_type, m.match_text, m.topics, m.lat, m.lng, m.address,
                   m.place, m.root_seq, m.cluster_id, m.pending_keys, t.id, t.receipt_no, t.status
            FROM dedup_matters m JOIN tickets t ON t.seq = m.seq
            WHERE m.seq >= COALESCE((SELECT MIN(seq) FROM tickets WHERE received_at >= ?), 9223372036854775807)
            ORDER BY m.seq DESC LIMIT ?
            """, [.integer(sinceMs), .integer(Int64(capacity + 1))])
        var matters = rows.compactMap { r in r.int("seq").flatMap { r.indexedMatter(seq: $0) } }.filter {
            SQLiteIntakeStorage.ms($0.receivedAt) >= sinceMs
        }
        var pending: [Int64: DedupKeys] = [:]
        for r in rows { if let seq = r.int("seq"), let keys = r.string("pending_keys").flatMap(DedupKeys.init(json:)) { pending[seq] = keys } }
        var horizon = sinceMs
        if matters.count > capacity {
            // Full: the view is complete from just after the newest matter it could not hold.
            horizon = max(sinceMs, SQLiteIntakeStorage.ms(matters[capacity].receivedAt) + 1)
            matters.removeLast(matters.count - capacity)
        }
        let view = DedupView(capacity: capacity, keepPerKey: 4 * engine.configuration.maxCandidatesPerKey, window: window,
                             horizon: Date(timeIntervalSince1970: Double(horizon) / 1000))
        view.lock.withLock {
            var viewSeq: [Int64: Int64] = [:]
            for m in matters.reversed() {
                let seq = view.nextSeq
                view.nextSeq += 1
                viewSeq[m.seq] = seq
                var matter = m
                matter.seq = seq
                matter.rootSeq = viewSeq[m.rootSeq] ?? m.rootSeq
                let features = DedupEngine.storedFeatures(m)
                let at = SQLiteIntakeStorage.ms(m.receivedAt)
                // A matter still without rows keeps the keys it was stored with; the others' are derived again.
                let held = pending[m.seq].map { _ in at >= horizon } ?? false
                if let keys = pending[m.seq] {
                    view.add(seq, Entry(matter: matter, features: SharedMatterFeatures(features), identityKeys: keys.identities, cell: keys.cell,
                                        placeKeys: keys.places, bands: keys.bands, state: .committed, storeSeq: m.seq, keyed: !held))
                } else {
                    let keys = engine.indexKeys(features)
                    view.add(seq, Entry(matter: matter, features: SharedMatterFeatures(features), identityKeys: m.identities.filter { !$0.hasPrefix("sender:") },
                                        cell: keys.cell, placeKeys: keys.placeKeys, bands: keys.bands, state: .committed, storeSeq: m.seq, keyed: true))
                }
                if held { view.noteUnkeyed(seq, at: at) }
            }
        }
        let linked = try db.query("""
            SELECT identity FROM dedup_callers WHERE caller IN (SELECT caller FROM dedup_callers GROUP BY caller HAVING COUNT(*) > 1)
            """)
        view.lock.withLock { for row in linked { if let key = row.string("identity") { view.linkedIdentities.insert(.identity(key)) } } }
        let held = Set(matters.filter { pending[$0.seq] != nil && SQLiteIntakeStorage.ms($0.receivedAt) >= horizon }.map(\.seq))
        try DedupKeys.writePendingAtOpen(db, since: try DedupKeys.openCut(db, window: window, now: now)) { seq, _ in held.contains(seq) }
        return view
    }

    // MARK: Inside the lock

    private func matter(of e: IndexEntry, seq: Int64, rootSeq: Int64, receiptNo: String?) -> IndexedMatter {
        IndexedMatter(seq: seq, ticketId: e.ticketId, receiptNo: receiptNo, receivedAt: e.receivedAt, channel: e.channel,
                      identities: e.identities, requestType: e.requestType, matchText: e.matchText, topics: e.topics, point: e.point,
                      address: e.address, place: e.place, rootSeq: rootSeq, clusterId: e.clusterId, status: "open")
    }

    /// (One list sized once: the five lists joined made and copied four more.)
    private func keys(_ e: Entry) -> [Key] {
        var out: [Key] = []
        out.reserveCapacity(e.identityKeys.count + e.placeKeys.count + e.bands.count + 2)
        for key in e.identityKeys { out.append(.identity(key)) }
        if let cell = e.cell { out.append(.cell(cell)) }
        for key in e.placeKeys { out.append(.place(key)) }
        for band in e.bands { out.append(.band(band)) }
        if let cluster = e.matter.clusterId { out.append(.cluster(cluster)) }
        return out
    }

    private func add(_ seq: Int64, _ e: Entry) {
        entries[seq] = e
        byTicket[e.matter.ticketId] = seq
        order.append(seq)
        let at = SQLiteIntakeStorage.ms(e.matter.receivedAt)
        for key in keys(e) { append(seq, at: at, to: key) }
    }

    /// Adds a matter to a key's list, kept in receive order (imports may come out of order, and an earlier ticket is
    /// marked into an incident later), so the newest are at the end; at most `keepPerKey`.
    private func append(_ seq: Int64, at: Int64, to key: Key) {
        // (The key's list found once: each key of a matter is appended to as it is registered.)
        func insertInOrder(_ list: inout [(seq: Int64, at: Int64)]) -> Int {
            if let last = list.last, last.at > at {
                list.insert((seq, at), at: list.lastIndex { $0.at <= at }.map { $0 + 1 } ?? 0)
            } else {
                list.append((seq, at))
            }
            return list.count
        }
        let n = insertInOrder(&lists[key, default: []])
        if n == 1 { keysHeld.insert(key) }
        guard n > keepPerKey else { return }
        if case .cluster = key {
            lists[key]!.removeFirst(n - keepPerKey)
            return
        }
        // A candidate key keeps at least its newest `keepPerKey` committed matters and every matter decided or stored
        // meanwhile (at most the jobs in flight): the writer's decisions read the stored ones without the decided, and a
        // rolled back transaction or a job that stored nothing leaves the committed ones complete. Trimmed once it holds
        // twice that, and walked again only `keepPerKey` matters after a walk, so a busy key pays the walk once every
        // `keepPerKey` matters also when the jobs in flight (decided, stored, not committed) are more than `keepPerKey`:
        // a walk that found too few committed, or left more than twice `keepPerKey`, was made again on every append (a
        // hot incident's keys, with 64 connections in flight: most of the decider's time).
        guard n > 2 * keepPerKey, n >= trimAt[key] ?? 0 else { return }
        let list = lists[key]!
        var committed = 0
        var dropBefore = -1
        for i in list.indices.reversed() where entries[list[i].seq]?.state ?? .committed == .committed {
            committed += 1
            if committed > keepPerKey {
                dropBefore = i
                break
            }
        }
        guard dropBefore >= 0 else {
            trimAt[key] = n + keepPerKey
            return
        }
        let kept = list.enumerated().filter { $0.offset > dropBefore || entries[$0.element.seq].map { $0.state != .committed } ?? false }
            .map(\.element)
        lists[key] = kept
        trimAt[key] = kept.count + keepPerKey
    }

    /// The length of a key's list (tests: lists stay bounded).
    func listLength(_ key: Key) -> Int { lock.withLock { lists[key]?.count ?? 0 } }

    /// Takes a matter back: it was not stored.
    private func retract(_ seq: Int64) {
        remove(seq)
        retracted.insert(seq)
        if retracted.count > 100_000 {
            let floor = nextSeq - Self.retractedSpan
            retracted = retracted.filter { $0 >= floor }
        }
    }

    private func remove(_ seq: Int64) {
        guard let e = entries.removeValue(forKey: seq) else { return }
        if byTicket[e.matter.ticketId] == seq { byTicket[e.matter.ticketId] = nil }
        for key in keys(e) {
            lists[key]?.removeAll { $0.seq == seq }
            if lists[key]?.isEmpty == true {
                lists[key] = nil
                keysHeld.remove(key)
                trimAt[key] = nil
            }
        }
    }

    /// A stored matter held without key rows.
    private func noteUnkeyed(_ seq: Int64, at: Int64) {
        if unkeyed.last.map({ $0.at <= at }) ?? true {
            unkeyed.append((at, seq))
            return
        }
        var low = unkeyedHead, high = unkeyed.count
        while low < high {
            let mid = (low + high) / 2
            if unkeyed[mid].at <= at { low = mid + 1 } else { high = mid }
        }
        unkeyed.insert((at, seq), at: low)
    }

    /// The matters held without key rows (stored or committed) received before `below` (milliseconds).
    private func blockers(below: Int64) -> [Int64] {
        var out: [Int64] = []
        var i = unkeyedHead
        while i < unkeyed.count && unkeyed[i].at < below {
            let seq = unkeyed[i].seq
            if let e = entries[seq], !e.keyed, e.state != .decided {
                out.append(seq)
            } else if i == unkeyedHead {
                unkeyedHead += 1
            }
            i += 1
        }
        return out
    }

    private func undo(downTo start: Int) {
        while log.count > start {
            switch log.removeLast() {
            case .stored(let seq, let previous):
                // A matter the decider registered goes with its job (the job failed), as does one the writer added; a
                // committed matter indexed again keeps what it had.
                if let previous, previous.state == .committed {
                    remove(seq)
                    add(seq, previous)
                } else {
                    retract(seq)
                }
            case .cluster(let seq, let old):
                entries[seq]?.matter.clusterId = old
            case .status(let seq, let old):
                entries[seq]?.matter.status = old
            }
        }
    }

    /// Drops committed matters beyond `capacity` or older than `window`, oldest first; the view is complete only
    /// after the newest dropped for capacity from then on, so that one goes only when every matter received before it
    /// has its key rows (else the writer is asked for them, and it goes after their commit). A matter without rows
    /// older than `window` is kept until two windows old (a submission received a little before the newest decided one
    /// may still look back to it), then dropped without rows.
    private func evict(now: Date?) {
        let oldest = now.map { SQLiteIntakeStorage.ms($0.addingTimeInterval(-window)) }
        let windowMs = Int64(window * 1000)
        while orderHead < order.count {
            let seq = order[orderHead]
            guard let e = entries[seq] else {
                orderHead += 1
                continue
            }
            let at = SQLiteIntakeStorage.ms(e.matter.receivedAt)
            let tooMany = entries.count > capacity
            let tooOld = oldest.map { at < $0 } ?? false
            guard (tooMany || tooOld) && e.state == .committed else { break }
            if !e.keyed, let oldest, at < oldest - windowMs {
                remove(seq)
                orderHead += 1
                continue
            }
            if tooMany {
                let blocking = blockers(below: at + 1)
                guard blocking.isEmpty else {
                    needRows.formUnion(blocking)
                    break
                }
                horizonMs = max(horizonMs, at + 1)
            } else if !e.keyed {
                break
            }
            remove(seq)
            orderHead += 1
        }
        while unkeyedHead < unkeyed.count, entries[unkeyed[unkeyedHead].seq].map({ $0.keyed }) ?? true { unkeyedHead += 1 }
        if unkeyedHead > 4096 && unkeyedHead * 2 > unkeyed.count {
            unkeyed.removeFirst(unkeyedHead)
            unkeyedHead = 0
        }
        if orderHead > 4096 && orderHead * 2 > order.count {
            order.removeFirst(orderHead)
            orderHead = 0
        }
    }
}
