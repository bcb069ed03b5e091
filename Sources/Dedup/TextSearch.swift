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
struct NeedleSet {
    let needles: [[UInt8]]
    private let byLead: [UInt32: [Int]]
    private let short: [Int]
    /// Bytes some needle of three or more bytes starts with.
    private let leads: [Bool]

    init(_ needles: [[UInt8]]) {
        self.needles = needles
        var byLead: [UInt32: [Int]] = [:], short: [Int] = [], leads = [Bool](repeating: false, count: 256)
        for (i, n) in needles.enumerated() {
            if n.count < 3 { short.append(i); continue }
            byLead[Self.key(n, 0), default: []].append(i)
            leads[Int(n[0])] = true
        }
        self.byLead = byLead
        self.short = short
        self.leads = leads
    }

    private static func key(_ b: [UInt8], _ i: Int) -> UInt32 { UInt32(b[i]) << 16 | UInt32(b[i + 1]) << 8 | UInt32(b[i + 2]) }

    /// `found[k]` is whether `needles[k]` occurs in `haystack`.
    func occurrences(in haystack: [UInt8]) -> [Bool] {
        var found = [Bool](repeating: false, count: needles.count)
        for k in short { found[k] = TextSearch.contains(haystack, needles[k]) }
        var i = 0
        while i + 3 <= haystack.count {
            if leads[Int(haystack[i])], let candidates = byLead[Self.key(haystack, i)] {
                for k in candidates where !found[k] {
                    let n = needles[k]
                    guard i + n.count <= haystack.count else { continue }
                    var j = 3
                    while j < n.count && haystack[i + j] == n[j] { j += 1 }
                    if j == n.count { found[k] = true }
                }
            }
            i += 1
        }
        return found
    }
}

extension String {
    /// `contains` for a literal substring, without Foundation.
    func includes(_ other: String) -> Bool { TextSearch.contains(Array(utf8), Array(other.utf8)) }

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
    var scalarValues: [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(utf8.count)
        for s in unicodeScalars { out.append(s.value) }
        return out
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
