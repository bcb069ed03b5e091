import IntakeCore

/// A reader for the small XML documents WeChat pushes (`<xml><ToUserName><![CDATA[...]]></ToUserName>...</xml>`).
///
/// Not a general XML parser: elements, text, CDATA sections, the five predefined entities and character
/// references; attributes are skipped, comments and the XML declaration ignored. A DOCTYPE is refused outright,
/// so no entity can expand (no XXE, no billion laughs). The gateway links no XML library (libxml2 is not among the
/// allowed system libraries), and WeChat's format needs no more than this.
enum WeChatXML {
    /// Nesting deeper than this is refused; WeChat's documents are two or three levels deep.
    static let maxDepth = 16

    struct Element {
        var name: String
        var text: String
        var children: [Element]

        /// The element as JSON: an object of its children when it has any (repeated names become arrays),
        /// its trimmed text otherwise.
        var json: JSON {
            guard !children.isEmpty else { return .string(text.trimmingASCIIWhitespace()) }
            // Linear in the number of children: group by name first, then build each member once.
            var index: [String: Int] = [:]
            var groups: [(name: String, items: [JSON])] = []
            for child in children {
                if let i = index[child.name] {
                    groups[i].items.append(child.json)
                } else {
                    index[child.name] = groups.count
                    groups.append((child.name, [child.json]))
                }
            }
            let members = groups.map { ($0.name, $0.items.count == 1 ? $0.items[0] : JSON.array($0.items)) }
            return .object(members)
        }
    }

    /// The root element of `bytes`, or a 400 naming where the document stops making sense.
    static func parse(_ bytes: [UInt8]) throws(IntakeError) -> Element {
        var reader = Reader(b: bytes)
        return try reader.document()
    }

    private struct Reader {
        let b: [UInt8]
        var i = 0

        func fail(_ reason: String) -> IntakeError { .malformed("The body is not readable XML: \(reason) at byte \(i).") }

        func starts(_ s: String) -> Bool {
            let u = Array(s.utf8)
            return i + u.count <= b.count && Array(b[i..<(i + u.count)]) == u
        }

        mutating func skipWhitespace() {
            while i < b.count, b[i] == 0x20 || b[i] == 0x09 || b[i] == 0x0A || b[i] == 0x0D { i += 1 }
        }

        mutating func skip(past terminator: String) throws(IntakeError) {
            let t = Array(terminator.utf8)
            while i + t.count <= b.count {
                if b[i] == t[0] && Array(b[i..<(i + t.count)]) == t { i += t.count; return }
                i += 1
            }
            throw fail("unterminated construct (no \(terminator))")
        }

        /// Declarations, comments and whitespace around the root element.
        mutating func skipMisc() throws(IntakeError) {
            while true {
                skipWhitespace()
                if starts("<?") { try skip(past: "?>"); continue }
                if starts("<!--") { try skip(past: "-->"); continue }
                if starts("<!") { throw fail("DOCTYPE and other declarations are not accepted") }
                return
            }
        }

        mutating func document() throws(IntakeError) -> Element {
            if b.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
            try skipMisc()
            guard i < b.count, b[i] == UInt8(ascii: "<") else { throw fail("expected the root element") }
            let root = try element(depth: 0)
            try skipMisc()
            guard i == b.count else { throw fail("unexpected content after the root element") }
            return root
        }

        mutating func name() throws(IntakeError) -> String {
            let start = i
            while i < b.count {
                let c = b[i]
                if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == UInt8(ascii: ">") || c == UInt8(ascii: "/") { break }
                i += 1
            }
            guard i > start else { throw fail("expected an element name") }
            return String(decoding: b[start..<i], as: UTF8.self)
        }

        mutating func element(depth: Int) throws(IntakeError) -> Element {
            guard depth < WeChatXML.maxDepth else { throw fail("nesting deeper than \(WeChatXML.maxDepth)") }
            i += 1  // "<"
            let tag = try name()
            // Attributes are skipped, quoted values included.
            var quote: UInt8?
            while i < b.count {
                let c = b[i]
                if let q = quote {
                    if c == q { quote = nil }
                } else if c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") {
                    quote = c
                } else if c == UInt8(ascii: ">") || c == UInt8(ascii: "/") {
                    break
                }
                i += 1
            }
            guard i < b.count else { throw fail("unterminated start tag <\(tag)>") }
            if b[i] == UInt8(ascii: "/") {
                guard i + 1 < b.count, b[i + 1] == UInt8(ascii: ">") else { throw fail("expected '/>'") }
                i += 2
                return Element(name: tag, text: "", children: [])
            }
            i += 1  // ">"
            var text: [UInt8] = []
            var children: [Element] = []
            while true {
                guard i < b.count else { throw fail("<\(tag)> is not closed") }
                if starts("<![CDATA[") {
                    i += 9
                    let start = i
                    try skip(past: "]]>")
                    text.append(contentsOf: b[start..<(i - 3)])
                } else if starts("<!--") {
                    try skip(past: "-->")
                } else if starts("</") {
                    i += 2
                    let closing = try name()
                    guard closing == tag else { throw fail("</\(closing)> closes <\(tag)>") }
                    skipWhitespace()
                    guard i < b.count, b[i] == UInt8(ascii: ">") else { throw fail("expected '>'") }
                    i += 1
                    return Element(name: tag, text: String(decoding: text, as: UTF8.self), children: children)
                } else if starts("<!") || starts("<?") {
                    throw fail("declarations are not accepted inside elements")
                } else if b[i] == UInt8(ascii: "<") {
                    children.append(try element(depth: depth + 1))
                } else if b[i] == UInt8(ascii: "&") {
                    try entity(into: &text)
                } else {
                    text.append(b[i])
                    i += 1
                }
            }
        }

        mutating func entity(into out: inout [UInt8]) throws(IntakeError) {
            guard let semi = b[i...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { throw fail("unterminated entity") }
            let ref = String(decoding: b[(i + 1)..<semi], as: UTF8.self)
            let scalar: Unicode.Scalar?
            switch ref {
            case "lt": scalar = "<"
            case "gt": scalar = ">"
            case "amp": scalar = "&"
            case "quot": scalar = "\""
            case "apos": scalar = "'"
            default:
                if ref.hasPrefix("#x") || ref.hasPrefix("#X") {
                    scalar = UInt32(ref.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init)
                } else if ref.hasPrefix("#") {
                    scalar = UInt32(ref.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init)
                } else {
                    scalar = nil
                }
            }
            guard let scalar else { throw fail("unknown entity &\(ref);") }
            out.append(contentsOf: String(Character(scalar)).utf8)
            i = semi + 1
        }
    }
}
