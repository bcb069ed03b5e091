import Foundation

/// Text as the gateway compares and stores it.
public enum TextNormalizer {
    /// NFKC (which also folds full-width ASCII to half-width and half-width katakana to full-width),
    /// control characters removed, runs of whitespace (including U+3000) collapsed to one space, trimmed.
    public static func normalize(_ text: String) -> String {
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

    /// Like `normalize` but keeps line breaks (one per paragraph), for bodies people read.
    public static func normalizeKeepingLines(_ text: String) -> String {
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").split(separator: "\n", omittingEmptySubsequences: false)
        var result: [String] = []
        var blank = false
        for line in lines {
            let n = normalize(String(line))
            if n.isEmpty { blank = !result.isEmpty; continue }
            if blank { result.append("") ; blank = false }
            result.append(n)
        }
        return result.joined(separator: "\n")
    }
}
