/// The comparisons one decision made, by the two features compared (their shared boxes, held so that an identity is
/// not reused while the memo lives) and the distances compared at. `MatterComparison` is a function of those alone,
/// so a comparison found here is the one that would be made again: an incident's member check (`DedupRules.disagrees`)
/// compares a report with the members the candidate loop compares it with too (every candidate, in a hot incident).
/// Lives with one decision's subject, on one thread.
final class ComparisonMemo: @unchecked Sendable {
    private struct Key: Hashable {
        let a: ObjectIdentifier, b: ObjectIdentifier
        let near: Double, far: Double
    }
    private var found: [Key: (a: SharedMatterFeatures, b: SharedMatterFeatures, comparison: MatterComparison)] = [:]

    /// The comparison of `a` with `b`, made once.
    func comparison(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, nearMeters: Double, farMeters: Double) -> MatterComparison {
        let key = Key(a: ObjectIdentifier(a), b: ObjectIdentifier(b), near: nearMeters, far: farMeters)
        if let hit = found[key] { return hit.comparison }
        let cmp = MatterComparison(a.value, b.value, nearMeters: nearMeters, farMeters: farMeters)
        found[key] = (a, b, cmp)
        return cmp
    }

    /// The comparison of `a` with `b` when it was made already.
    func known(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, nearMeters: Double, farMeters: Double) -> MatterComparison? {
        guard !found.isEmpty else { return nil }
        return found[Key(a: ObjectIdentifier(a), b: ObjectIdentifier(b), near: nearMeters, far: farMeters)]?.comparison
    }
}
