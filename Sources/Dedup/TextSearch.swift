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

extension String {
    /// `contains` for a literal substring, without Foundation.
    func includes(_ other: String) -> Bool { TextSearch.contains(Array(utf8), Array(other.utf8)) }
}
