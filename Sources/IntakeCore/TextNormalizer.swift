import Foundation

/// Text as the gateway compares and stores it.
public enum TextNormalizer {
    /// NFKC (which also folds full-width ASCII to half-width and half-width katakana to full-width),
    /// control characters removed, runs of whitespace (including U+3000) collapsed to one space, trimmed.
    public static func normalize(_ text: String) -> String {
        normalizeCommon(text) ?? normalizeGeneral(text)
    }

    /// `normalize(text)` and `normalizedLowercased(text)` from one reading of `text` (the fast path's lower case differs
    /// from its result only in A-Z, so it is that result with A-Z lowered: itself when there is none).
    public static func normalizedBothCases(_ text: String) -> (normalized: String, lowercased: String) {
        guard let n = normalizeCommon(text) else {
            let n = normalizeGeneral(text)
            return (n, n.lowercased())
        }
        guard n.utf8.contains(where: { (0x41...0x5A).contains($0) }) else { return (n, n) }
        return (n, String(decoding: n.utf8.map { (0x41...0x5A).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self))
    }

    /// `normalize` by Foundation's NFKC, for text `normalizeCommon` does not know.
    static func normalizeGeneral(_ text: String) -> String {
        let folded = text.precomposedStringWithCompatibilityMapping
        var out = String.UnicodeScalarView()
        var pendingSpace = false
        for scalar in folded.unicodeScalars {
            // Zero-width characters vanish; they are not word breaks in Chinese text.
            if scalar == "\u{200B}" || scalar == "\u{200C}" || scalar == "\u{200D}" || scalar == "\u{FEFF}" { continue }
            if scalar.properties.isWhitespace {
                pendingSpace = !out.isEmpty
                continue
            }
            if scalar.properties.generalCategory == .control { continue }
            if pendingSpace { out.append(" "); pendingSpace = false }
            out.append(scalar)
        }
        return String(out)
    }

    /// `normalize(text).lowercased()`, the key text the matchers compare, in one pass for the characters
    /// `normalizeCommon` knows (whose lower case differs only for A-Z).
    public static func normalizedLowercased(_ text: String) -> String {
        common(text, lowercase: true) ?? normalize(text).lowercased()
    }

    /// The same result as `normalize` for text made only of characters whose NFKC form is known here (ASCII,
    /// CJK ideographs, the full-width forms U+FF01–U+FF5E and ideographic space, common CJK punctuation),
    /// without going through Foundation; nil for anything else, which takes the general path.
    static func normalizeCommon(_ text: String) -> String? { common(text, lowercase: false) }

    /// `normalizeCommon`, lowercased when asked; written as UTF-8 bytes (appending scalar by scalar to a String
    /// was most of its time), read from the text's UTF-8 in place (`UTF8Decoding`), and the stretches of text kept as
    /// they are copied whole (a byte appended at a time was most of the rest).
    static func common(_ text: String, lowercase: Bool) -> String? {
        var text = text
        // (Read in place: the closure's bytes are the String's own.)
        return text.withUTF8 { bytes -> String? in
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var pendingSpace = false
            // Where the bytes kept as they are, not yet copied, begin.
            var kept = 0
            var i = 0
            while i < bytes.count {
                let (v, width) = UTF8Decoding.scalar(in: bytes, at: i)
                let start = i
                i += width
                var mapped: UInt32
                switch v {
                case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000:
                    out.append(contentsOf: bytes[kept..<start])
                    kept = i
                    pendingSpace = !out.isEmpty
                    continue
                case 0x00..<0x20, 0x7F, 0x200B, 0x200C, 0x200D, 0xFEFF:  // control characters, zero-width ones
                    out.append(contentsOf: bytes[kept..<start])
                    kept = i
                    continue
                case 0x21...0x7E: mapped = v
                case 0xFF01...0xFF5E: mapped = v - 0xFEE0  // full-width ASCII
                case 0x4E00...0x9FFF, 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301B, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D,
                     0x00B7:
                    mapped = v
                default: return nil
                }
                if lowercase && (0x41...0x5A).contains(mapped) { mapped += 0x20 }
                // Kept as it is: its bytes stay in the stretch.
                if !pendingSpace && mapped == v { continue }
                out.append(contentsOf: bytes[kept..<start])
                if pendingSpace { out.append(0x20); pendingSpace = false }
                // (Only full-width forms are mapped, to ASCII.)
                if mapped < 0x80 { out.append(UInt8(mapped)) } else { out.append(contentsOf: bytes[start..<i]) }
                kept = i
            }
            out.append(contentsOf: bytes[kept..<bytes.count])
            return String(decoding: out, as: UTF8.self)
        }
    }
}
