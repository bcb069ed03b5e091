import Foundation

/// `application/x-www-form-urlencoded` bodies.
public enum URLEncodedForm {
    /// Pairs in order; `+` is a space; invalid percent escapes are kept literally. The bytes are read in `charset`
    /// (the Content-Type's, from a sender that is not a browser on our UTF-8 page), UTF-8 when none is given.
    public static func parse(_ bytes: [UInt8], charset: String? = nil) -> [(name: String, value: String)] {
        var result: [(String, String)] = []
        for pair in bytes.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            if let eq = pair.firstIndex(of: UInt8(ascii: "=")) {
                result.append((decode(pair[pair.startIndex..<eq], charset: charset), decode(pair[(eq + 1)...], charset: charset)))
            } else {
                result.append((decode(pair[...], charset: charset), ""))
            }
        }
        return result
    }

    public static func decode(_ part: ArraySlice<UInt8>, charset: String?) -> String {
        guard let charset, !charset.isEmpty else { return decode(part) }
        return Charsets.decode(percentDecoded(part), label: charset)
    }

    public static func decode(_ part: ArraySlice<UInt8>) -> String { String(decoding: percentDecoded(part), as: UTF8.self) }

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

    /// The part's text, in the charset its Content-Type names (UTF-8 when none).
    public var text: String {
        if let charset = contentType.flatMap({ HeaderParameters.parse($0)["charset"] }), !charset.isEmpty {
            return Charsets.decode(body, label: charset)
        }
        return String(decoding: body, as: UTF8.self)
    }
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
