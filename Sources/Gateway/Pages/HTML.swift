/// A fragment of HTML. Written as a string literal with interpolations: literal text is markup, and every
/// interpolated `String` (or number) is escaped, so a citizen's words can never become markup. Only another
/// `HTML` value is inserted as it is.
struct HTML: ExpressibleByStringInterpolation, Sendable, Equatable {
    private(set) var rendered: String

    init(stringLiteral value: String) { rendered = value }
    init(stringInterpolation: StringInterpolation) { rendered = stringInterpolation.rendered }

    static let empty: HTML = ""

    struct StringInterpolation: StringInterpolationProtocol {
        var rendered = ""
        init(literalCapacity: Int, interpolationCount: Int) { rendered.reserveCapacity(literalCapacity * 2) }
        mutating func appendLiteral(_ literal: String) { rendered += literal }
        /// Text, escaped for element content and quoted attribute values alike.
        mutating func appendInterpolation(_ text: String) { rendered += HTML.escape(text) }
        mutating func appendInterpolation(_ text: String?) { if let text { rendered += HTML.escape(text) } }
        mutating func appendInterpolation(_ number: Int) { rendered += String(number) }
        mutating func appendInterpolation(_ html: HTML) { rendered += html.rendered }
        mutating func appendInterpolation(_ list: [HTML]) { for h in list { rendered += h.rendered } }
    }

    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    /// `attribute` when `on`, else nothing (boolean attributes: checked, selected, disabled).
    static func flag(_ on: Bool, _ attribute: HTML) -> HTML { on ? attribute : .empty }

    var bytes: [UInt8] { Array(rendered.utf8) }
}
