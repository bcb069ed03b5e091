/// A matter's features behind one reference: what an index, the dedup view and a candidate share instead of copying
/// the struct (a copy retains each of its strings, arrays and sets; a decision reads tens of candidates).
public final class SharedMatterFeatures: Sendable {
    public let value: MatterFeatures

    public init(_ value: MatterFeatures) {
        self.value = value
    }
}
