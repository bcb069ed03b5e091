import Dedup
import Foundation
import IntakeCore
import Testing

/// p17 scratch (not committed): P17_SET=heldout13 P17_IDS="h049-0,h049-1;..." prints features and comparisons.
@Suite struct ZZDebugP17Tests {
    @Test func debugPairs() throws {
        let env = ProcessInfo.processInfo.environment
        guard let set = env["P17_SET"], let spec = env["P17_IDS"] else { return }
        let lines = try EvaluationSet.load(set)
        let byId = Dictionary(uniqueKeysWithValues: lines.map { ($0.id, $0) })
        let c = DedupConfiguration()
        var out: [String] = []
        func describe(_ f: MatterFeatures) -> String {
            "topics=\(f.topics.map(\.id).sorted()) primT=\(f.primaryTopic ?? "-") subs=\(f.subMatters.sorted()) primS=\(f.primarySubMatter ?? "-") "
                + "named=\(f.namedPlaces.sorted()) alias=\(f.placeAliases.sorted()) place=\(f.place ?? "-") struct=\(f.structure) "
                + "refers=\(f.refersToEarlier) cites=\(f.citesEarlier) followUp=\(f.isFollowUp) another=\(f.saysAnotherMatter) wide=\(f.wide) only=\(f.onlyMine) callerP=\(f.callerPlaces.sorted()) trades=\(f.trades.sorted()) proc=\(f.procedures.sorted()) rt=\(f.requestType)"
        }
        for group in spec.split(separator: ";") {
            let ids = group.split(separator: ",").map(String.init)
            let fs = try ids.map { id in MatterFeatures(try #require(byId[id]).submission) }
            for (id, f) in zip(ids, fs) { out.append("\(id): \(describe(f))") }
            for j in ids.indices { for i in ids.indices where i < j {
                for (near, label) in [(c.repeatDistanceMeters, "rep"), (c.clusterDistanceMeters, "clu")] {
                    let cmp = MatterComparison(fs[j], fs[i], nearMeters: near, farMeters: c.farDistanceMeters)
                    out.append("  \(label) \(ids[j]) vs \(ids[i]): score=\(String(format: "%.2f", cmp.score)) \(cmp.reasons.joined(separator: "; ")) | primDiff=\(cmp.primaryDiffers) oneSide=\(cmp.subMatterOnOneSide) firstPrimNew=\(cmp.firstPrimaryNew) agree=\(cmp.primariesAgree) faces=\(cmp.facesOfOne) primShared=\(cmp.primaryShared) askProc=\(cmp.firstAsksAProcedure) placeConf=\(cmp.placeConflict ?? "-")")
                }
            } }
            out.append("")
        }
        print(out.joined(separator: "\n"))
    }
}
