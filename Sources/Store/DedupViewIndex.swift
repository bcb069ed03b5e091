import Dedup
import Foundation
import IntakeCore
import SQLite

/// What an early decision read that the transaction must find unchanged before it uses the decision: the view
/// matters (each still there and stored) and the state of every original it judged open or closed.
struct ViewDecisionCheck: Sendable {
    var seqs: [Int64]
    /// Original ticket id and the state the decision saw.
    var states: [(ticketId: String, status: String)]
    /// The identity links the decision read (its keys, what they were linked to) and the view's link version then.
    var links: [(keys: [String], linked: Set<String>)]
    var linkVersion: Int
}

/// The dedup index a decision made on the decider thread reads: the view for recent matters, the tables (through
/// the decider's own read-only connection) for what is older than the view and for identity links. It records what
/// it read, for `ViewDecisionCheck`, and the clusters the decision forms, which the transaction applies.
final class DedupViewIndex: DedupIndex, DedupFeatureSource {
    let view: DedupView
    let tables: SQLiteDedupIndex
    /// View matters read, in the order read, a matter read twice noted twice (`check` gives each once: a decision
    /// reads a hundred numbers or more from its keys' lists, and hashing each into a set cost more than the sort).
    private var seen: [Int64] = []
    /// Features of the view matters read, taken with them under the view's one lock.
    private var featuresRead: [Int64: SharedMatterFeatures] = [:]
    private(set) var states: [(ticketId: String, status: String)] = []
    private(set) var clusterMarks: [ClusterMark] = []
    /// Ticket ids read from the tables, by their seq (an original older than the view).
    private(set) var known: [String: Int64] = [:]
    private var ownCandidates: Set<Int64> = []
    private var originalsToCheck: Set<Int64> = []

    private var links: [(keys: [String], linked: Set<String>)] = []
    private let linkVersion: Int

    init(view: DedupView, reader: SQLiteConnection) {
        self.view = view
        self.tables = SQLiteDedupIndex(db: reader)
        linkVersion = view.linkVersion
        seen.reserveCapacity(256)
        featuresRead.reserveCapacity(64)
    }

    /// What the transaction checks; the view matters read each once, ascending.
    var check: ViewDecisionCheck {
        ViewDecisionCheck(seqs: Self.ascendingOnce(seen), states: states, links: links, linkVersion: linkVersion)
    }

    /// `Set(seqs).sorted()`, sorted in place instead of hashed.
    static func ascendingOnce(_ seqs: [Int64]) -> [Int64] {
        var sorted = seqs
        sorted.sort()
        var out: [Int64] = []
        out.reserveCapacity(sorted.count)
        for seq in sorted where out.last != seq { out.append(seq) }
        return out
    }

    func linkedIdentities(_ keys: [String]) throws -> Set<String> {
        // An identity linked to no other is its own caller's only one (most: a web caller is never linked).
        let linked = view.mayBeLinked(keys) ? try tables.linkedIdentities(keys) : Set(keys)
        links.append((keys, linked))
        return linked
    }

    private func candidates(_ key: DedupView.Key, since: Date, limit: Int, older: (Date) throws -> [Int64]) throws -> [Int64] {
        let (recent, complete) = view.candidates(key, since: since, limit: limit)
        seen += recent
        guard !complete else { return recent }
        let horizon = Date(timeIntervalSince1970: Double(view.horizon) / 1000)
        return recent + (try older(horizon)).prefix(limit - recent.count)
    }

    /// `candidates(_:since:limit:older:)` key by key, in their order, the view's lists read in one hold of its lock.
    private func candidates(_ keys: [DedupView.Key], since: Date, limit: Int) throws -> [Int64] {
        let (found, horizon) = view.candidates(keys, since: since, limit: limit)
        var out: [Int64] = []
        out.reserveCapacity(found.reduce(0) { $0 + $1.seqs.count })
        // Most keys find nothing (the runs of a report's words, a located report's bands): no append, no access to
        // `seen` for them.
        for (key, (recent, complete)) in zip(keys, found) {
            if !recent.isEmpty {
                seen += recent
                out += recent
            }
            if !complete { out += try tables.candidates(key, since: since, before: horizon, limit: limit).prefix(limit - recent.count) }
        }
        return out
    }

    func candidates(cells: [Int64], since: Date, limit: Int) throws -> [Int64] {
        try candidates(cells.map(DedupView.Key.cell), since: since, limit: limit)
    }

    func candidates(bands: [Int64], since: Date, limit: Int) throws -> [Int64] {
        try candidates(bands.map(DedupView.Key.band), since: since, limit: limit)
    }

    func candidates(places: [String], since: Date, limit: Int) throws -> [Int64] {
        try candidates(places.map(DedupView.Key.place), since: since, limit: limit)
    }

    func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] {
        let found = try candidates(.identity(identity), since: since, limit: limit) {
            try tables.candidates(.identity(identity), since: since, before: $0, limit: limit)
        }
        ownCandidates.formUnion(found)
        return found
    }

    func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] {
        try candidates(.cell(cell), since: since, limit: limit) { try tables.candidates(.cell(cell), since: since, before: $0, limit: limit) }
    }

    func candidates(place: String, since: Date, limit: Int) throws -> [Int64] {
        try candidates(.place(place), since: since, limit: limit) { try tables.candidates(.place(place), since: since, before: $0, limit: limit) }
    }

    func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] {
        try candidates(.band(band), since: since, limit: limit) { try tables.candidates(.band(band), since: since, before: $0, limit: limit) }
    }

    /// The incident's first members as the tables hold them (committed), then, when fewer than `limit`, the view's
    /// (an incident formed in a transaction not committed yet). A ticket found both ways is one member asked twice.
    func candidates(cluster: String, limit: Int) throws -> [Int64] {
        let committed = try tables.candidates(cluster: cluster, limit: limit)
        guard committed.count < limit else { return committed }
        let recent = view.members(cluster: cluster, limit: limit - committed.count)
        seen += recent
        return committed + recent
    }

    func matter(_ seq: Int64) throws -> IndexedMatter? {
        if seq >= DedupView.firstSeq {
            guard let (m, f) = view.matterAndFeatures(seq) else { return nil }
            featuresRead[seq] = f
            noteRead(seq, m)
            return m
        }
        guard let m = try tables.matter(seq) else { return nil }
        noteRead(seq, m)
        return m
    }

    /// The view's matters in one hold of its lock (a decision reads tens), the older ones from the tables. Each
    /// matter is copied once into the answer; what the transaction checks is noted in the order of `seqs`.
    func matters(_ seqs: [Int64]) throws -> [Int64: IndexedMatter] {
        var found: [Int64: IndexedMatter] = [:]
        found.reserveCapacity(seqs.count)
        view.readMatters(seqs, into: &found, features: &featuresRead)
        for seq in seqs {
            if seq < DedupView.firstSeq {
                guard let m = try tables.matter(seq) else { continue }
                found[seq] = m
                noteRead(seq, m)
            } else if let m = found[seq] {
                noteRead(seq, m)
            }
        }
        return found
    }

    /// Records what the transaction checks about a matter read.
    private func noteRead(_ seq: Int64, _ m: borrowing IndexedMatter) {
        if seq < DedupView.firstSeq { known[m.ticketId] = seq }
        // The state of the caller's own originals decides repeat or not: the transaction checks it again.
        if ownCandidates.contains(seq) {
            if m.rootSeq == seq { states.append((m.ticketId, m.status)) } else { originalsToCheck.insert(m.rootSeq) }
        } else if originalsToCheck.contains(seq) {
            states.append((m.ticketId, m.status))
        }
        if seq >= DedupView.firstSeq { seen.append(seq) }
    }

    func knownFeatures(_ seq: Int64) -> SharedMatterFeatures? {
        guard seq >= DedupView.firstSeq else { return nil }
        return featuresRead[seq] ?? view.features(seq)
    }

    func link(identities: [String]) throws {
        throw StoreError("the dedup view is read-only on the decider thread")
    }

    func index(_ entry: IndexEntry) throws {
        throw StoreError("the dedup view is read-only on the decider thread")
    }

    /// A cluster joined on a report whose original the decision judged open: the transaction checks its state like
    /// the caller's own originals'.
    func reliesOnOpen(ticketId: String) {
        if !states.contains(where: { $0.ticketId == ticketId }) { states.append((ticketId, "open")) }
    }

    func markCluster(ticketId: String, clusterId: String, reason: String) throws {
        clusterMarks.append(ClusterMark(ticketId: ticketId, clusterId: clusterId, reason: reason))
    }
}
