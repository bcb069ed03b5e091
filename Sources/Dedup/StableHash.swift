/// Hashes that are the same in every process and on every machine (Swift's `Hasher` is seeded per process,
/// so it cannot key a table that outlives the process).
public enum StableHash {
    /// FNV-1a, 64 bits.
    public static func fnv1a(_ bytes: some Sequence<UInt8>, seed: UInt64 = 0xcbf2_9ce4_8422_2325) -> UInt64 {
        var h = seed
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }

    public static func fnv1a(_ text: String) -> UInt64 { fnv1a(text.utf8) }

    /// SplitMix64's finalizer: a cheap, well-mixed permutation of 64-bit values.
    @inline(__always)
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9e37_79b9_7f4a_7c15
        z = (z ^ (z >> 30)) &* 0xbf58_476d_1ce4_e5b9
        z = (z ^ (z >> 27)) &* 0x94d0_49bb_1331_11eb
        return z ^ (z >> 31)
    }
}
