import Dedup
import Foundation
import IntakeCore
import SQLite

/// An earlier ticket a decision puts into the cluster it forms.
public struct ClusterMark: Sendable, Equatable {
    public var ticketId: String
    public var clusterId: String
    public var reason: String
}

/// A dedup decision made before the submission's transaction (SQLite: on the decider thread, against the
/// store's in-memory view, while the writer commits the previous transaction). The transaction uses it only when
/// the store accepts it (`IntakeStorage.accepts`): what it read is still stored and unchanged. Otherwise the
/// rules decide again inside the transaction, as every store without a view always does.
public struct EarlyDecision: @unchecked Sendable {
    public var info: DedupInfo
    /// What `DedupDecider.didStore` needs to index the ticket (the submission's features).
    public var features: (any Sendable)?
    /// Clusters the decision forms with earlier tickets, written with the ticket.
    public var clusterMarks: [ClusterMark]
    /// What the store checks before using the decision (its own type).
    var check: ViewDecisionCheck
    /// The view number the decided ticket was registered under.
    var viewSeq: Int64
    /// The ticket's index entry as registered in the view; the transaction indexes the ticket with it when it uses
    /// the decision (the same ticket, decided alike: the same entry), instead of computing it again.
    var entry: IndexEntry
}

extension IntakeStorage {
    /// Stores without an in-memory view decide inside the transaction.
    public func accepts(_ decision: EarlyDecision) throws -> Bool { false }
}

extension IntakeRules {
    /// Decides, before the transaction, every submission of the batch that will become a ticket unless it is a
    /// duplicate (the transaction finds out), and registers each in the view as decided. Long-SMS parts and
    /// records are left to the transaction. Returns the view numbers registered (the job settles them).
    func decideEarly(_ batch: inout IntakeBatch, view: DedupView, reader: SQLiteConnection) -> [Int64] {
        guard let engine = dedup as? DedupEngine else { return [] }
        var registered: [Int64] = []
        let received = batch.raw.receivedAt
        for i in batch.items.indices {
            let item = batch.items[i]
            let s = item.submission
            guard s.fragment == nil, s.disposition == .ticket else { continue }
            let index = DedupViewIndex(view: view, reader: reader)
            guard let (info, features) = try? engine.decide(s, precomputed: item.precomputed, receivedAt: received, in: index),
                  let f = features as? MatterFeatures else { continue }
            let ticket = makeTicket(item, received: received, receipt: "", dedup: info)
            let entry = engine.entry(ticket, features: f)
            let seq = view.registerDecided(entry, features: f, knownSeqs: index.known)
            registered.append(seq)
            batch.items[i].early = EarlyDecision(info: info, features: f, clusterMarks: index.clusterMarks, check: index.check, viewSeq: seq,
                                                 entry: entry)
        }
        return registered
    }

    /// The decision for a new ticket: the early one when the store accepts it (its clusters are written now),
    /// else one made inside the transaction.
    func decision(_ item: PreparedSubmission, received: Date, _ tx: any IntakeStorage) throws
        -> (info: DedupInfo, features: (any Sendable)?, early: EarlyDecision?)
    {
        if let early = item.early, try tx.accepts(early) {
            for mark in early.clusterMarks {
                try tx.dedupIndex.markCluster(ticketId: mark.ticketId, clusterId: mark.clusterId, reason: mark.reason)
            }
            return (early.info, early.features, early)
        }
        let (info, features) = try dedup.decide(item.submission, precomputed: item.precomputed, receivedAt: received, in: tx.dedupIndex)
        return (info, features, nil)
    }

    /// Indexes a stored ticket: with the entry its early decision registered when that decision was used and the
    /// ticket is the one it described, else as every store does.
    func index(_ ticket: Ticket, features: (any Sendable)?, early: EarlyDecision?, in index: any DedupIndex) throws {
        if let early, early.entry.ticketId == ticket.id, early.entry.receivedAt == ticket.receivedAt,
           early.entry.repeatOf == ticket.dedup.repeatOf, early.entry.clusterId == ticket.dedup.clusterId,
           early.entry.requestType == ticket.requestType, early.entry.channel == ticket.channel {
            try dedup.didStore(ticket, entry: early.entry, in: index)
        } else {
            try dedup.didStore(ticket, features: features, in: index)
        }
    }
}
