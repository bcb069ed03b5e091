import IntakeCore

/// Every keyword found in a text in one pass (Aho–Corasick over Unicode scalars): the cost is linear in the text
/// plus the number of matches, however many keywords the catalogue has, so a long submission cannot make
/// classification quadratic. Built once per catalogue.
///
/// Matching folds ASCII letters to lower case and skips whitespace on both sides (`煤 气味` finds `煤气味`).
public struct KeywordAutomaton: Sendable {
    /// Goto transitions of every state in one open-addressed table (`key(state, scalar)`, 0 an empty slot), probed
    /// linearly from a multiplicative hash: a transition is a multiply and an array read or two, where a dictionary a
    /// state hashed every scalar with SipHash once per state of the failure chain.
    private let slots: [UInt64]
    private let targets: [Int32]
    private let shift: UInt64
    private let fail: [Int32]
    /// Keyword ids ending at a state, including those reached through failure links: state `s`'s are
    /// `outputs[outputStart[s]..<outputStart[s + 1]]`, in the order of the lists they were built as.
    private let outputStart: [Int32]
    private let outputs: [Int32]
    /// The scalars of the Basic Multilingual Plane some keyword holds, one bit each (`beyond`: the others): a scalar
    /// no keyword holds leads every state back to the root, which ends no keyword, so it is passed without a lookup.
    private let alphabet: [UInt64]
    private let beyond: Set<UInt32>
    /// Each keyword's length in folded scalars.
    private(set) var lengths: [Int] = []

    public init(_ keywords: [String]) {
        // Built as a dictionary per state, then laid out flat.
        var next: [[UInt32: Int32]] = [[:]]
        var fail: [Int32] = [0]
        var output: [[Int32]] = [[]]
        for keyword in keywords {
            var state = 0
            var length = 0
            for v in Self.fold(keyword) {
                length += 1
                if let s = next[state][v] {
                    state = Int(s)
                } else {
                    next.append([:]); fail.append(0); output.append([])
                    next[state][v] = Int32(next.count - 1)
                    state = next.count - 1
                }
            }
            lengths.append(length)
            // An empty keyword never matches.
            if length > 0 { output[state].append(Int32(lengths.count - 1)) }
        }
        // Breadth-first failure links.
        var queue: [Int] = next[0].values.map(Int.init)
        var head = 0
        while head < queue.count {
            let r = queue[head]
            head += 1
            for (v, s32) in next[r] {
                let s = Int(s32)
                queue.append(s)
                var f = Int(fail[r])
                while f != 0 && next[f][v] == nil { f = Int(fail[f]) }
                let target = next[f][v].map(Int.init) ?? 0
                fail[s] = Int32(target == s ? 0 : target)
                output[s].append(contentsOf: output[Int(fail[s])])
            }
        }
        self.fail = fail
        var starts: [Int32] = [0]
        starts.reserveCapacity(output.count + 1)
        for o in output { starts.append(starts[starts.count - 1] + Int32(o.count)) }
        outputStart = starts
        outputs = output.flatMap { $0 }
        // At most half full.
        let transitions = next.reduce(0) { $0 + $1.count }
        var bits = 4
        while 1 << bits < 2 * transitions { bits += 1 }
        var slots = [UInt64](repeating: 0, count: 1 << bits)
        var targets = [Int32](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
        var alphabet = [UInt64](repeating: 0, count: 0x10000 / 64)
        var beyond: Set<UInt32> = []
        for (state, moves) in next.enumerated() {
            for (v, to) in moves {
                if v < 0x10000 { alphabet[Int(v >> 6)] |= 1 << UInt64(v & 63) } else { beyond.insert(v) }
                let key = Self.key(state, v)
                var i = Self.slot(key, shift)
                while slots[i] != 0 { i = (i + 1) & (slots.count - 1) }
                slots[i] = key
                targets[i] = to
            }
        }
        self.slots = slots
        self.targets = targets
        self.alphabet = alphabet
        self.beyond = beyond
    }

    /// A transition's key: never 0 (the top bit set), which marks an empty slot.
    @inline(__always)
    private static func key(_ state: Int, _ v: UInt32) -> UInt64 { 1 << 63 | UInt64(state) << 32 | UInt64(v) }

    @inline(__always)
    private static func slot(_ key: UInt64, _ shift: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// The goto transition of `state` on `v`, if any.
    @inline(__always)
    private func goto(_ state: Int, _ v: UInt32) -> Int? {
        let key = Self.key(state, v)
        var i = Self.slot(key, shift)
        while true {
            let k = slots[i]
            if k == key { return Int(targets[i]) }
            if k == 0 { return nil }
            i = (i + 1) & (slots.count - 1)
        }
    }

    @inline(__always)
    private func inAlphabet(_ v: UInt32) -> Bool {
        v < 0x10000 ? alphabet[Int(v >> 6)] & (1 << UInt64(v & 63)) != 0 : beyond.contains(v)
    }

    /// Folded scalars of `text`: ASCII upper case to lower, whitespace dropped.
    static func fold(_ text: String) -> [UInt32] {
        var out: [UInt32] = []
        out.reserveCapacity(text.unicodeScalars.count)
        for s in text.unicodeScalars {
            if isWhitespace(s) { continue }
            let v = s.value
            out.append((65...90).contains(v) ? v + 32 : v)
        }
        return out
    }

    /// Calls `found(keywordID, endOffset)` for every occurrence in the first `limit` folded scalars of `text`,
    /// where `endOffset` is the folded scalar offset just past the match.
    /// (The scalars are decoded from the String's UTF-8 in place, `UTF8Decoding`: walking `unicodeScalars` was a good
    /// part of a scan.)
    public func scan(_ text: String, limit: Int, _ found: (Int, Int) -> Void) {
        var text = text
        text.withUTF8 { bytes in
            var state = 0
            var offset = 0
            var i = 0
            while i < bytes.count {
                let (scalar, width) = UTF8Decoding.scalar(in: bytes, at: i)
                i += width
                if offset >= limit { break }
                if Self.isWhitespace(scalar) { continue }
                let v = (65...90).contains(scalar) ? scalar + 32 : scalar
                offset += 1
                guard inAlphabet(v) else { state = 0; continue }
                while true {
                    if let to = goto(state, v) { state = to; break }
                    if state == 0 { break }
                    state = Int(fail[state])
                }
                for k in Int(outputStart[state])..<Int(outputStart[state + 1]) { found(Int(outputs[k]), offset) }
            }
        }
    }

    /// `isWhitespace`, answered without the property tables for ASCII and CJK ideographs.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool { isWhitespace(s.value) }

    /// `isWhitespace` of a scalar's value (a valid scalar's: a String's).
    static func isWhitespace(_ v: UInt32) -> Bool {
        switch v {
        case 0x09...0x0D, 0x20: return true
        case 0x00...0x7F, 0x4E00...0x9FFF: return false
        default: return Unicode.Scalar(v)?.properties.isWhitespace ?? false
        }
    }
}
