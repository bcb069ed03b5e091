import IntakeCore

/// Substring search and replacement on UTF-8 bytes. Foundation's `contains`/`replacingOccurrences` go through
/// CFString's locale-aware search, which dominated the writer thread's profile; a match of UTF-8 bytes is a match of
/// whole characters, so plain byte search gives the same answers for the literal, case-folded text used here.
enum TextSearch {
    static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        index(of: needle, in: haystack, from: 0) != nil
    }

    static func index(of needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        ByteSearch.firstIndex(of: needle, in: haystack, from: start)
    }

    /// Every occurrence of `needle` replaced, left to right.
    static func replacingAll(_ needle: [UInt8], with replacement: [UInt8], in text: [UInt8]) -> [UInt8] {
        guard var found = index(of: needle, in: text, from: 0) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(text.count)
        var copied = 0
        while true {
            out.append(contentsOf: text[copied..<found])
            out.append(contentsOf: replacement)
            copied = found + needle.count
            guard let next = index(of: needle, in: text, from: copied) else { break }
            found = next
        }
        out.append(contentsOf: text[copied...])
        return out
    }
}

/// Which of a fixed list of needles occur in a text, in one pass over its bytes instead of one search per needle.
///
/// Candidates are looked up by the needle's first three bytes at each position, and compared in full there: a
/// needle occurs exactly when `TextSearch.contains` says so. Needles shorter than three bytes are searched alone.
/// The leads are kept in an open-addressed table probed from a multiplicative hash (a few instructions a position of
/// the text), not a dictionary, which hashed every character's three bytes with SipHash.
struct NeedleSet {
    let needles: [[UInt8]]
    private let short: [Int]
    /// Bytes some needle of three or more bytes starts with.
    private let leads: [Bool]
    /// The table: a lead's three bytes with bit 31 set (0: an empty slot), and where its needles are in `candidates`.
    private let slotKeys: [UInt32]
    private let slotStarts: [Int32]
    private let slotEnds: [Int32]
    private let candidates: [Int32]
    private let shift: UInt32

    init(_ needles: [[UInt8]]) {
        self.needles = needles
        var byLead: [UInt32: [Int]] = [:], order: [UInt32] = [], short: [Int] = [], leads = [Bool](repeating: false, count: 256)
        for (i, n) in needles.enumerated() {
            if n.count < 3 { short.append(i); continue }
            let key = Self.key(n, 0)
            if byLead[key] == nil { order.append(key) }
            byLead[key, default: []].append(i)
            leads[Int(n[0])] = true
        }
        self.short = short
        self.leads = leads
        // At most a quarter full.
        var bits: UInt32 = 4
        while 1 << bits < 4 * order.count { bits += 1 }
        let size = 1 << Int(bits)
        var keys = [UInt32](repeating: 0, count: size), starts = [Int32](repeating: 0, count: size)
        var ends = [Int32](repeating: 0, count: size), candidates: [Int32] = []
        let shift = 32 - bits
        self.shift = shift
        for key in order {
            var s = Self.slot(key, shift)
            while keys[s] != 0 { s = (s + 1) & (size - 1) }
            keys[s] = key | 1 << 31
            starts[s] = Int32(candidates.count)
            candidates.append(contentsOf: byLead[key]!.map(Int32.init))
            ends[s] = Int32(candidates.count)
        }
        slotKeys = keys
        slotStarts = starts
        slotEnds = ends
        self.candidates = candidates
    }

    @inline(__always)
    private static func key(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) }

    @inline(__always)
    private static func slot(_ key: UInt32, _ shift: UInt32) -> Int { Int((key &* 0x9E37_79B1) >> shift) }

    /// `found[k]` is whether `needles[k]` occurs in `haystack`, valid UTF-8 (a String's bytes).
    func occurrences(in haystack: [UInt8]) -> [Bool] {
        var found = [Bool](repeating: false, count: needles.count)
        for k in short { found[k] = TextSearch.contains(haystack, needles[k]) }
        let mask = slotKeys.count - 1
        var i = 0
        while i + 3 <= haystack.count {
            let lead = haystack[i]
            // A needle (whole UTF-8) begins where a character does: the text's (a String's) are stepped from lead byte to
            // lead byte.
            defer { i += lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4 }
            guard leads[Int(lead)] else { continue }
            let key = Self.key(haystack, i) | 1 << 31
            var s = Self.slot(key & ~(1 << 31), shift)
            while slotKeys[s] != key && slotKeys[s] != 0 { s = (s + 1) & mask }
            guard slotKeys[s] == key else { continue }
            for c in slotStarts[s]..<slotEnds[s] {
                let k = Int(candidates[Int(c)])
                guard !found[k] else { continue }
                let n = needles[k]
                guard i + n.count <= haystack.count else { continue }
                var j = 3
                while j < n.count && haystack[i + j] == n[j] { j += 1 }
                if j == n.count { found[k] = true }
            }
        }
        return found
    }
}

extension String {
    /// `contains` for a literal substring, without Foundation.
    /// (A needle of up to 8 bytes is compared in the two Strings' bytes in place, as `ByteSearch` compares one: no copy
    /// of either made; a longer one goes through `ByteSearch`, linear whatever it is.)
    func includes(_ other: String) -> Bool {
        guard other.utf8.count <= 8 else { return TextSearch.contains(Array(utf8), Array(other.utf8)) }
        var text = self, needle = other
        return text.withUTF8 { h in
            needle.withUTF8 { n in
                guard !n.isEmpty, h.count >= n.count else { return false }
                for i in 0...(h.count - n.count) where h[i] == n[0] {
                    var k = 1
                    while k < n.count && h[i + k] == n[k] { k += 1 }
                    if k == n.count { return true }
                }
                return false
            }
        }
    }

    /// `==` on the bytes. `==` compares non-ASCII text as canonically equivalent, checking the normal form of both
    /// sides on every call; normalized text (NFKC, `TextNormalizer`) is byte for byte equal where it is equivalent.
    func sameBytes(as other: String) -> Bool {
        guard utf8.count == other.utf8.count else { return false }
        // (The bytes in place, compared as buffers: the views compared element by element cost as much as `==`.)
        let inPlace = utf8.withContiguousStorageIfAvailable { a in other.utf8.withContiguousStorageIfAvailable { a.elementsEqual($0) } }
        return (inPlace ?? nil) ?? utf8.elementsEqual(other.utf8)
    }

    /// The values of the text's unicode scalars, read in one pass into a list sized once (from the UTF-8 length):
    /// `unicodeScalars.map(\.value)` walks the text twice, to count the scalars and to read them.
    /// (Decoded from the String's UTF-8 in place, `UTF8Decoding`: walking `unicodeScalars` cost some thirty
    /// instructions a scalar.)
    var scalarValues: [UInt32] {
        var text = self
        return text.withUTF8 { bytes -> [UInt32] in
            var out: [UInt32] = []
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                let (v, width) = UTF8Decoding.scalar(in: bytes, at: i)
                out.append(v)
                i += width
            }
            return out
        }
    }

}

/// A fixed set of Unicode scalar values for the by-scalar loops of matching (`EarlierContact`, `PlaceStructure`,
/// `PlaceNames`, shingles), which ask `contains` once or more for every scalar of every report: one bit per scalar of
/// the Basic Multilingual Plane (8 KB), a hash set for the rest. `Set<UInt32>.contains` hashes each scalar first
/// (SipHash), which was most of what those loops cost. Same answers as the set it is built from.
struct ScalarSet: Sendable {
    private let bits: [UInt64]
    private let beyond: Set<UInt32>
    /// The values, for building other sets from this one.
    let values: Set<UInt32>

    init<S: Sequence>(_ values: S) where S.Element == UInt32 {
        var bits = [UInt64](repeating: 0, count: 0x10000 / 64)
        var beyond: Set<UInt32> = []
        let all = Set(values)
        for v in all {
            if v < 0x10000 { bits[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { beyond.insert(v) }
        }
        self.bits = bits
        self.beyond = beyond
        self.values = all
    }

    /// The scalars of `characters`.
    init(scalarsOf characters: String) {
        self.init(characters.unicodeScalars.map(\.value))
    }

    @inline(__always)
    func contains(_ v: UInt32) -> Bool {
        v < 0x10000 ? bits[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : beyond.contains(v)
    }

    @inline(__always)
    func contains(_ s: Unicode.Scalar) -> Bool { contains(s.value) }
}
