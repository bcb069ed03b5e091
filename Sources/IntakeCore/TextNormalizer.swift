import Foundation

/// Text as the gateway compares and stores it.
public enum TextNormalizer {
    /// NFKC (which also folds full-width ASCII to half-width and half-width katakana to full-width),
    /// control characters removed, runs of whitespace (including U+3000) collapsed to one space, trimmed.
    public static func normalize(_ text: String) -> String {
        if let fast = normalizeCommon(text) { return fast }
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
    /// was most of its time).
    static func common(_ text: String, lowercase: Bool) -> String? {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            var mapped: UInt32
            switch v {
            case 0x20, 0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x3000:
                pendingSpace = !out.isEmpty
                continue
            case 0x00..<0x20, 0x7F: continue  // control characters
            case 0x21...0x7E: mapped = v
            case 0xFF01...0xFF5E: mapped = v - 0xFEE0  // full-width ASCII
            case 0x4E00...0x9FFF, 0x3001...0x3003, 0x3008...0x3011, 0x3014...0x301B, 0x2014, 0x2018, 0x2019, 0x201C, 0x201D,
                 0x00B7:
                mapped = v
            case 0x200B, 0x200C, 0x200D, 0xFEFF: continue
            default: return nil
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if lowercase && (0x41...0x5A).contains(mapped) { mapped += 0x20 }
            if mapped < 0x80 { out.append(UInt8(mapped)) } else { UTF8.encode(Unicode.Scalar(mapped)!) { out.append($0) } }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
