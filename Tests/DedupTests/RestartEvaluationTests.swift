import Dedup
import Foundation
import IntakeCore
import Testing

/// The database is the truth and the in-memory view only a copy: a gateway that restarts mid-stream (and rebuilds its
/// view and every candidate's features from what is stored) must decide every later submission as one that never
/// stopped. Each tuning set is run twice, straight through and with a restart every `restartEvery` submissions.
@Suite struct RestartEvaluationTests {
    static let restartEvery = 40

    /// Each line's decision in restart-independent terms: its status and the original it repeats, and the incident
    /// as the set of its members (a cluster's id is its first member's, which both runs name alike, but the members
    /// are what matters).
    struct Decided: Equatable {
        var outcomes: [String: String]
        var clusters: Set<Set<String>>
    }

    static func decided(_ lines: [EvaluationSet.Line], restartEvery: Int?) throws -> Decided {
        let h = try StoreHarness(name: "restart")
        var outcomes: [String: String] = [:]
        for (i, line) in lines.enumerated() {
            if let every = restartEvery, i > 0, i % every == 0 { try h.reopen() }
            let o = try h.submit(line.submission, id: line.id, at: line.at)
            outcomes[line.id] = "\(o.status.rawValue) \(o.repeatOf ?? "-")"
        }
        var members: [String: Set<String>] = [:]
        for line in lines {
            if let c = try h.ticket(line.id)?.ticket.dedup.clusterId { members[c, default: []].insert(line.id) }
        }
        return Decided(outcomes: outcomes, clusters: Set(members.values))
    }

    @Test(arguments: EvaluationSet.tuningNames)
    func aSetIsDecidedAlikeAcrossRestarts(_ name: String) throws {
        let lines = try EvaluationSet.load(name)
        let straight = try Self.decided(lines, restartEvery: nil)
        let restarted = try Self.decided(lines, restartEvery: Self.restartEvery)
        let differing = lines.map(\.id).filter { straight.outcomes[$0] != restarted.outcomes[$0] }
        #expect(differing.isEmpty, "\(name): decided otherwise after a restart: \(differing.prefix(10).map { "\($0) \(straight.outcomes[$0] ?? "") / \(restarted.outcomes[$0] ?? "")" })")
        let otherIncidents = straight.clusters.symmetricDifference(restarted.clusters)
        #expect(otherIncidents.isEmpty, "\(name): incidents differ after restarts: \(otherIncidents.prefix(6).map { $0.sorted() })")
        #expect(straight.outcomes.values.contains { $0.hasPrefix("repeat") } && !straight.clusters.isEmpty)
    }
}
