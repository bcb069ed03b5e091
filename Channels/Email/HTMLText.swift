/// Reduces an HTML body to the text a reader sees: tags dropped, `script`/`style`/`head` content dropped,
/// block elements as line breaks, character references decoded. Not an HTML parser: it only has to find text
/// in the HTML mail clients write, and must never trap on anything else.
///
/// Tests/Scripts/email_compare.py applies the same rule with Python's `html.parser` (the same block elements
/// become line breaks), so both sides agree after whitespace is collapsed.
public enum HTMLText {
    /// Elements that start a new line.
    public static let blockElements: Set<String> = [
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "footer", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
    ]
    /// Elements whose content is not text for a reader.
    public static let skippedElements: Set<String> = ["script", "style", "head", "title"]

    public static func text(_ html: String) -> String {
        var out = ""
        let s = Array(html.unicodeScalars)
        var i = 0
        var skipping: String?
        while i < s.count {
            let c = s[i]
            if c == "<" {
                // Comments and declarations.
                if i + 3 < s.count && s[i + 1] == "!" && s[i + 2] == "-" && s[i + 3] == "-" {
                    i = find(s, "-->", from: i + 4).map { $0 + 3 } ?? s.count
                    continue
                }
                guard i + 1 < s.count, s[i + 1].properties.isAlphabetic || s[i + 1] == "/" || s[i + 1] == "!" || s[i + 1] == "?" else {
                    if skipping == nil { out.unicodeScalars.append(c) }
                    i += 1
                    continue
                }
                let close = s[i + 1] == "/"
                var j = i + (close ? 2 : 1)
                var name = ""
                while j < s.count, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
                    name.unicodeScalars.append(s[j])
                    j += 1
                }
                name = name.lowercased()
                // The end of the tag, skipping quoted attribute values.
                var quote: Unicode.Scalar?
                while j < s.count {
                    if let q = quote { if s[j] == q { quote = nil } } else if s[j] == "\"" || s[j] == "'" { quote = s[j] } else if s[j] == ">" { break }
                    j += 1
                }
                let selfClosing = j > 0 && j - 1 < s.count && s[j - 1] == "/"
                i = j + 1
                if let skip = skipping {
                    if close && name == skip { skipping = nil }
                    continue
                }
                if !close && !selfClosing && skippedElements.contains(name) { skipping = name; continue }
                if blockElements.contains(name) { out.append("\n") }
                continue
            }
            if skipping != nil { i += 1; continue }
            if c == "&" {
                let (decoded, next) = reference(s, at: i)
                out.append(decoded)
                i = next
                continue
            }
            out.unicodeScalars.append(c)
            i += 1
        }
        return out
    }

    static func find(_ s: [Unicode.Scalar], _ needle: String, from: Int) -> Int? {
        let n = Array(needle.unicodeScalars)
        guard from <= s.count - n.count else { return nil }
        var i = from
        while i <= s.count - n.count {
            if (0..<n.count).allSatisfy({ s[i + $0] == n[$0] }) { return i }
            i += 1
        }
        return nil
    }

    static let entities: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}", "ldquo": "\u{201C}",
        "rdquo": "\u{201D}", "lsquo": "\u{2018}", "rsquo": "\u{2019}", "hellip": "\u{2026}", "mdash": "\u{2014}",
        "ndash": "\u{2013}", "middot": "\u{B7}", "yen": "\u{A5}", "times": "\u{D7}", "copy": "\u{A9}", "reg": "\u{AE}",
        "deg": "\u{B0}", "ensp": "\u{2002}", "emsp": "\u{2003}", "bull": "\u{2022}", "laquo": "\u{AB}", "raquo": "\u{BB}",
    ]

    /// A character reference at `i` (`&amp;`, `&#20013;`, `&#x4E2D;`) and the index after it; a lone `&` stays.
    static func reference(_ s: [Unicode.Scalar], at i: Int) -> (String, Int) {
        var j = i + 1
        if j < s.count && s[j] == "#" {
            j += 1
            var hex = false
            if j < s.count && (s[j] == "x" || s[j] == "X") { hex = true; j += 1 }
            var digits = ""
            while j < s.count, digits.count < 8, hex ? s[j].properties.isASCIIHexDigit : ("0"..."9").contains(s[j]) {
                digits.unicodeScalars.append(s[j])
                j += 1
            }
            guard !digits.isEmpty, let v = UInt32(digits, radix: hex ? 16 : 10) else { return ("&", i + 1) }
            if j < s.count && s[j] == ";" { j += 1 }
            let scalar = (v == 0 || v > 0x10FFFF) ? "\u{FFFD}" : (Unicode.Scalar(v) ?? "\u{FFFD}")
            return (String(Character(scalar)), j)
        }
        var name = ""
        while j < s.count, name.count < 10, s[j].properties.isAlphabetic || ("0"..."9").contains(s[j]) {
            name.unicodeScalars.append(s[j])
            j += 1
        }
        if let v = entities[name] ?? entities[name.lowercased()] {
            if j < s.count && s[j] == ";" { j += 1 }
            return (v, j)
        }
        return ("&", i + 1)
    }
}
