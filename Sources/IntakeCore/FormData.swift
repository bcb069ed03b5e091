import Foundation

/// `application/x-www-form-urlencoded` bodies.
public enum URLEncodedForm {
    /// Pairs in order, read as UTF-8 (a form on the gateway's own pages); `+` is a space; invalid percent escapes
    /// are kept literally. A form from elsewhere: `parseReporting`.
    public static func parse(_ bytes: [UInt8]) -> [(name: String, value: String)] {
        pairs(bytes).map { (String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)) }
    }

    static func pairs(_ bytes: [UInt8]) -> [(name: [UInt8], value: [UInt8])] {
        bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true).map { pair in
            guard let eq = pair.firstIndex(of: UInt8(ascii: "=")) else { return (percentDecoded(pair[...]), []) }
            return (percentDecoded(pair[pair.startIndex..<eq]), percentDecoded(pair[(eq + 1)...]))
        }
    }

    /// Pairs as `parse` reads them, in the charset the sender declared: the Content-Type's `charset`, else the
    /// value of a `_charset_` field (what a browser fills in for a form on a page in a legacy encoding, WHATWG
    /// HTML "_charset_"), else UTF-8; a label that lies or an unlabelled body that is not UTF-8 falls back as
    /// `TextCodec.decodeReporting` says (valid UTF-8, else GB18030). `charset` describes the reading when it was
    /// not plain UTF-8 (for the ticket's channelData), nil when it was.
    public static func parseReporting(_ bytes: [UInt8], charset declared: String? = nil) -> (pairs: [(name: String, value: String)], charset: JSON?) {
        let raw = pairs(bytes)
        let label = declared.flatMap { $0.isEmpty ? nil : $0 }
            ?? raw.first { $0.name == Array("_charset_".utf8) }.map { String(decoding: $0.value, as: UTF8.self) }.flatMap { $0.isEmpty ? nil : $0 }
        var reading = CharsetReading(label: label)
        let pairs = raw.map { (reading.decode($0.name), reading.decode($0.value)) }
        return (pairs, reading.record)
    }


    static func percentDecoded(_ part: ArraySlice<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(part.count)
        var i = part.startIndex
        while i < part.endIndex {
            let c = part[i]
            if c == UInt8(ascii: "+") {
                out.append(0x20)
            } else if c == UInt8(ascii: "%"), i + 2 < part.endIndex, let h = hexValue(part[i + 1]), let l = hexValue(part[i + 2]) {
                out.append(h << 4 | l)
                i += 2
            } else {
                out.append(c)
            }
            i += 1
        }
        return out
    }

    /// Percent-encodes for a query or form (RFC 3986 unreserved characters stay).
    public static func encode(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(b))
            default:
                out += "%" + String(b, radix: 16, uppercase: true).leftPadded(2)
            }
        }
        return out
    }

    static func hexValue(_ c: UInt8) -> UInt8? { ByteSearch.hexValue(c) }
}

extension String {
    func leftPadded(_ n: Int) -> String { count >= n ? self : String(repeating: "0", count: n - count) + self }
}

/// One part of a `multipart/form-data` body.
public struct MultipartPart: Sendable {
    public var name: String
    public var filename: String?
    public var contentType: String?
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    /// The part's text in the charset its Content-Type names, else the form's (`_charset_`, else UTF-8).
    public func text(_ reading: inout CharsetReading) -> String {
        reading.decode(body, own: contentType.flatMap { HeaderParameters.parse($0)["charset"] })
    }

    /// The part's text, in the charset its Content-Type names (UTF-8 when none).
    public var text: String {
        var reading = CharsetReading(label: nil)
        return text(&reading)
    }
}

/// Texts read in a declared charset (nil: UTF-8), remembering how: a label that lies or bytes that are not valid
/// UTF-8 fall back as `TextCodec.decodeReporting` says.
public struct CharsetReading: Sendable {
    public let label: String?
    private var uses: [Use] = []

    struct Use: Equatable, Sendable {
        var declared: String?
        var used: String
    }

    public init(label: String?) { self.label = label.flatMap { $0.isEmpty ? nil : $0 } }

    /// `bytes` in this reading's label, or in `own` (a part's own Content-Type charset) when given.
    public mutating func decode<C: Collection<UInt8>>(_ bytes: C, own: String? = nil) -> String {
        let declared = own.flatMap { $0.isEmpty ? nil : $0 } ?? label
        if declared == nil, let text = String(validating: bytes, as: UTF8.self) { return text }
        let (text, choice) = Charsets.decodeReporting(Array(bytes), label: declared ?? "utf-8")
        let use = Use(declared: declared, used: choice)
        if !uses.contains(use) { uses.append(use) }
        return text
    }

    /// `[{"declared": label or null, "used": ...}]` when anything was read other than as valid UTF-8 (`used`:
    /// `declared`, `utf-8`, `gb18030`, `declared-with-replacement`, `TextCodec.Choice`), nil otherwise.
    public var record: JSON? {
        let told = uses.filter { !($0.used == "declared" && ($0.declared.map(Self.isUTF8) ?? true)) }
        guard !told.isEmpty else { return nil }
        return .array(told.map { .object([("declared", JSON($0.declared)), ("used", .string($0.used))]) })
    }

    static func isUTF8(_ label: String) -> Bool { ["utf-8", "utf8", "us-ascii", "ascii"].contains(label.lowercased()) }
}

/// `multipart/form-data` (RFC 7578) bodies.
public enum MultipartForm {
    public struct Limits: Sendable {
        public var maxParts: Int
        public init(maxParts: Int = 64) { self.maxParts = maxParts }
    }

    public static func parse(_ body: [UInt8], boundary: String, limits: Limits = Limits()) throws(IntakeError) -> [MultipartPart] {
        guard !boundary.isEmpty, boundary.utf8.count <= 200 else {
            throw .malformed("The multipart boundary is missing or too long.", field: "Content-Type")
        }
        let delimiter = Array("--\(boundary)".utf8)
        var parts: [MultipartPart] = []
        guard var cursor = find(delimiter, in: body, from: 0) else {
            throw .malformed("The multipart body has no part with the declared boundary.")
        }
        while true {
            var start = cursor + delimiter.count
            // "--" after the delimiter ends the body.
            if start + 1 < body.count, body[start] == UInt8(ascii: "-"), body[start + 1] == UInt8(ascii: "-") { break }
            // Skip transport padding and the line break.
            while start < body.count, body[start] == 0x20 || body[start] == 0x09 { start += 1 }
            if start < body.count, body[start] == 0x0D { start += 1 }
            if start < body.count, body[start] == 0x0A { start += 1 }
            guard let next = find(Array("\r\n".utf8) + delimiter, in: body, from: start)
                    ?? find(Array("\n".utf8) + delimiter, in: body, from: start) else {
                throw .malformed("The multipart body ends before its closing boundary.")
            }
            let partBytes = Array(body[start..<next])
            parts.append(try parsePart(partBytes, index: parts.count))
            guard parts.count <= limits.maxParts else {
                throw .invalid("attachments", "The form has more than \(limits.maxParts) parts.")
            }
            cursor = body[next] == 0x0D ? next + 2 : next + 1
        }
        return parts
    }

    static func parsePart(_ bytes: [UInt8], index: Int) throws(IntakeError) -> MultipartPart {
        let headerEnd: Int
        let bodyStart: Int
        if let e = find(Array("\r\n\r\n".utf8), in: bytes, from: 0) {
            headerEnd = e; bodyStart = e + 4
        } else if let e = find(Array("\n\n".utf8), in: bytes, from: 0) {
            headerEnd = e; bodyStart = e + 2
        } else if bytes.starts(with: Array("\r\n".utf8)) {
            headerEnd = 0; bodyStart = 2
        } else {
            throw .malformed("Part \(index + 1) of the form has no header section.")
        }
        let headerText = String(decoding: bytes[0..<headerEnd], as: UTF8.self)
        var headers: [(String, String)] = []
        for line in headerText.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            guard let colon = line.firstIndex(of: ":") else { continue }
            headers.append((line[..<colon].trimmingCharacters(in: .whitespaces).lowercased(),
                            line[line.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        guard let disposition = headers.first(where: { $0.0 == "content-disposition" })?.1 else {
            throw .malformed("Part \(index + 1) of the form has no Content-Disposition.")
        }
        let params = HeaderParameters.parse(disposition)
        guard let name = params["name"] else {
            throw .malformed("Part \(index + 1) of the form has no field name.")
        }
        var filename = params["filename"]
        if let extended = params["filename*"], let decoded = RFC2231.decode(extended) { filename = decoded }
        return MultipartPart(name: name, filename: filename, contentType: headers.first { $0.0 == "content-type" }?.1,
                             headers: headers, body: Array(bytes[bodyStart...]))
    }

    /// First index of `needle` in `haystack` at or after `from`.
    public static func find(_ needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        ByteSearch.firstIndex(of: needle, in: haystack, from: from)
    }
}

/// Searching byte strings (UTF-8 text, MIME bodies). A match of UTF-8 bytes is a match of whole characters.
public enum ByteSearch {
    /// First index of `needle` in `haystack` at or after `from`; nil for an empty needle.
    ///
    /// Linear in the haystack whatever the needle: short needles (the words and separators the parsers look for)
    /// are compared in place, which costs at most `needle.count` per position; a longer needle, such as a
    /// multipart boundary an attacker may choose, goes through Knuth–Morris–Pratt, never looking at a byte twice.
    public static func firstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        guard !needle.isEmpty, from >= 0, haystack.count >= needle.count, from <= haystack.count - needle.count else { return nil }
        if needle.count > 8 { return kmpFirstIndex(of: needle, in: haystack, from: from) }
        let first = needle[0]
        let last = haystack.count - needle.count
        var i = from
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count && haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    static func kmpFirstIndex(of needle: [UInt8], in haystack: [UInt8], from: Int) -> Int? {
        // failure[k]: the length of the longest proper border of needle[0...k].
        var failure = [Int](repeating: 0, count: needle.count)
        var k = 0
        for q in 1..<needle.count {
            while k > 0 && needle[q] != needle[k] { k = failure[k - 1] }
            if needle[q] == needle[k] { k += 1 }
            failure[q] = k
        }
        var matched = 0
        var i = from
        while i < haystack.count {
            let b = haystack[i]
            while matched > 0 && b != needle[matched] { matched = failure[matched - 1] }
            if b == needle[matched] { matched += 1 }
            if matched == needle.count { return i - needle.count + 1 }
            i += 1
        }
        return nil
    }

    /// The value of an ASCII hex digit.
    public static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case 48...57: return c - 48
        case 65...70: return c - 55
        case 97...102: return c - 87
        default: return nil
        }
    }
}

/// RFC 2231 / RFC 5987 extended parameter values: `charset'lang'percent-encoded`.
public enum RFC2231 {
    public static func decode(_ value: String) -> String? {
        let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard pieces.count == 3 else { return nil }
        let charset = String(pieces[0])
        var bytes: [UInt8] = []
        let raw = Array(pieces[2].utf8)
        var i = 0
        while i < raw.count {
            if raw[i] == UInt8(ascii: "%"), i + 2 < raw.count, let h = URLEncodedForm.hexValue(raw[i + 1]), let l = URLEncodedForm.hexValue(raw[i + 2]) {
                bytes.append(h << 4 | l)
                i += 3
            } else {
                bytes.append(raw[i])
                i += 1
            }
        }
        return Charsets.decode(bytes, label: charset)
    }
}
