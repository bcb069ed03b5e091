/// Every keyword found in a text in one pass (Aho–Corasick over Unicode scalars): the cost is linear in the text
/// plus the number of matches, however many keywords the catalogue has, so a long submission cannot make
/// classification quadratic. Built once per catalogue.
///
/// Matching folds ASCII letters to lower case and skips whitespace on both sides (`煤 气味` finds `煤气味`).
public struct KeywordAutomaton: Sendable {
    /// Goto transitions per state; state 0 is the root.
    private var next: [[UInt32: Int32]] = [[:]]
    private var fail: [Int32] = [0]
    /// Keyword ids ending at a state, including those reached through failure links.
    private var output: [[Int32]] = [[]]
    /// Each keyword's length in folded scalars.
    private(set) var lengths: [Int] = []

    public init(_ keywords: [String]) {
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
    public func scan(_ text: String, limit: Int, _ found: (Int, Int) -> Void) {
        var state = 0
        var offset = 0
        for s in text.unicodeScalars {
            if offset >= limit { break }
            if Self.isWhitespace(s) { continue }
            let v = (65...90).contains(s.value) ? s.value + 32 : s.value
            offset += 1
            while true {
                if let to = next[state][v] { state = Int(to); break }
                if state == 0 { break }
                state = Int(fail[state])
            }
            for id in output[state] { found(Int(id), offset) }
        }
    }

    /// `isWhitespace`, answered without the property tables for ASCII and CJK ideographs.
    static func isWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x20: return true
        case 0x00...0x7F, 0x4E00...0x9FFF: return false
        default: return s.properties.isWhitespace
        }
    }
}
