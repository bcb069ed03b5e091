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

    /// Keeps a comparison made. Room for a hot incident's at the first (a decision makes none, or some ten: growing
    /// from one by doubling rehashed the table four times).
    private func keep(_ key: Key, _ a: SharedMatterFeatures, _ b: SharedMatterFeatures, _ cmp: MatterComparison) {
        if found.isEmpty { found.reserveCapacity(16) }
        found[key] = (a, b, cmp)
    }

    /// The comparison of `a` with `b`, made once.
    func comparison(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, nearMeters: Double, farMeters: Double) -> MatterComparison {
        let key = Key(a: ObjectIdentifier(a), b: ObjectIdentifier(b), near: nearMeters, far: farMeters)
        if let hit = found[key] { return hit.comparison }
        let cmp = MatterComparison(a.value, b.value, nearMeters: nearMeters, farMeters: farMeters)
        keep(key, a, b, cmp)
        return cmp
    }

    /// The comparison of `a` with `b` when the two are at one place (`PlaceRelation.isSame`), else nil: the places are
    /// related first and the rest is compared only at one place (most reports near each other are at other places).
    /// A comparison made is kept, as `comparison` keeps it: an incident's member check asks it again (the candidate
    /// loop meets a member before the check, which compares every member).
    func comparisonAtOnePlace(_ a: SharedMatterFeatures, _ b: SharedMatterFeatures, nearMeters: Double, farMeters: Double)
        -> MatterComparison? {
        let key = Key(a: ObjectIdentifier(a), b: ObjectIdentifier(b), near: nearMeters, far: farMeters)
        if let hit = found[key] { return hit.comparison.place.isSame ? hit.comparison : nil }
        let place = MatterComparison.relate(a.value, b.value, nearMeters: nearMeters, farMeters: farMeters)
        guard place.isSame else { return nil }
        let cmp = MatterComparison(a.value, b.value, place: place)
        keep(key, a, b, cmp)
        return cmp
    }
}
