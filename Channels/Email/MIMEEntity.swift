import IntakeCore

/// One header field with folding removed and undeclared 8-bit bytes decoded (see `HeaderText.decodeRaw`).
/// Encoded words are left in `value`: how to decode them depends on the field (`RFC2047`, `MailAddress`).
public struct MIMEHeaderField: Sendable, Equatable {
    public var name: String
    public var value: String
}

/// A header block in order; lookups are case-insensitive and take the first field of a name.
public struct MIMEHeaders: Sendable {
    public var fields: [MIMEHeaderField]

    public init(fields: [MIMEHeaderField] = []) { self.fields = fields }

    public subscript(_ name: String) -> String? {
        let lower = name.lowercased()
        return fields.first { $0.name.lowercased() == lower }?.value
    }

    public func all(_ name: String) -> [String] {
        let lower = name.lowercased()
        return fields.filter { $0.name.lowercased() == lower }.map(\.value)
    }
}

/// One MIME entity: the message itself or one of its parts. A leaf holds its content with the transfer encoding
/// undone; a multipart holds its parts.
public struct MIMEEntity: Sendable {
    public var headers: MIMEHeaders
    /// `type/subtype`, lowercased; `text/plain` when absent or unreadable (RFC 2045 §5.2).
    public var mediaType: String
    /// Content-Type parameters with RFC 2231 continuations joined and charsets applied; names lowercased.
    public var parameters: [String: String]
    /// `inline`, `attachment` or nil, lowercased.
    public var disposition: String?
    public var dispositionParameters: [String: String]
    /// Content bytes after base64 / quoted-printable decoding (leaves only).
    public var body: [UInt8]
    public var parts: [MIMEEntity]
    /// Position in document order (the root is 0); the same as in `walk()`.
    public var index: Int

    public var isMultipart: Bool { mediaType.hasPrefix("multipart/") }
    public var isAttachment: Bool { disposition == "attachment" }
    public var charset: String? { parameters["charset"] }

    /// The file name from Content-Disposition, else the older Content-Type `name`.
    public var filename: String? {
        let raw = dispositionParameters["filename"] ?? parameters["name"]
        return raw.map { RFC2047.decode($0) }
    }

    /// Text content in Unicode: the declared charset through iconv (GB2312/GBK labels as GB18030); undeclared
    /// 8-bit content as UTF-8 when it is valid UTF-8, else GB18030. Undecodable bytes become U+FFFD.
    public func text() -> String { textReporting().text }

    /// `text()`, and how it was decoded when the label did not settle it: nil when the declared charset read the
    /// bytes cleanly (or undeclared content is ASCII); else `utf-8`, `gb18030` (an unknown, missing or lying label)
    /// or `declared-with-replacement`.
    public func textReporting() -> (text: String, used: String?) {
        if let charset, !charset.isEmpty {
            let (text, used) = Charsets.decodeReporting(body, label: charset)
            return (text, used == "declared" ? nil : used)
        }
        if body.allSatisfy({ $0 < 0x80 }) { return (String(decoding: body, as: UTF8.self), nil) }
        let text = HeaderText.decodeUndeclared(body[...])
        return (text, String(validating: body, as: UTF8.self) != nil ? "utf-8" : "gb18030")
    }

    /// Every entity in document order, this one first.
    public func walk() -> [MIMEEntity] {
        var out: [MIMEEntity] = [self]
        for p in parts { out.append(contentsOf: p.walk()) }
        return out
    }
}

/// Bounds on what a message may hold; over them the parser refuses with the reason.
public struct MIMELimits: Sendable {
    public var maxParts: Int
    public var maxDepth: Int

    public init(maxParts: Int = 200, maxDepth: Int = 12) {
        self.maxParts = maxParts
        self.maxDepth = maxDepth
    }
}

/// Parses RFC 5322 / MIME messages as they really arrive: CRLF or bare LF, folded headers, a missing blank line,
/// missing closing boundaries, invalid base64. Never traps on input; only the limits are refused.
public enum MIMEParser {
    public static func parse(_ bytes: [UInt8], limits: MIMELimits = MIMELimits()) throws(IntakeError) -> MIMEEntity {
        var count = 0
        return try parseEntity(bytes, 0..<bytes.count, depth: 0, defaultType: "text/plain", limits: limits, count: &count)
    }

    /// The message's bytes; ranges index into it (no copies while parsing).
    typealias Bytes = [UInt8]

    static func parseEntity(_ b: Bytes, _ range: Range<Int>, depth: Int, defaultType: String, limits: MIMELimits,
                            count: inout Int) throws(IntakeError) -> MIMEEntity {
        count += 1
        guard count <= limits.maxParts else {
            throw .invalid("parts", "The message has more than \(limits.maxParts) MIME parts.")
        }
        guard depth <= limits.maxDepth else {
            throw .invalid("parts", "MIME parts are nested more than \(limits.maxDepth) deep.")
        }
        let (headers, bodyStart) = parseHeaders(b, range)
        let bodyRange = bodyStart..<range.upperBound
        var mediaType = defaultType
        var parameters: [String: String] = [:]
        if let ct = headers["content-type"] {
            let parsed = MIMEParameters.parse(ct)
            let t = parsed.value.lowercased()
            let pieces = t.split(separator: "/", omittingEmptySubsequences: false)
            if pieces.count == 2, !pieces[0].isEmpty, !pieces[1].isEmpty,
               !t.contains(where: { $0 == " " || $0 == "\t" }) {
                mediaType = t
                parameters = parsed.parameters
            } else {
                // RFC 2045: an unreadable Content-Type is text/plain; keep a charset if one is given.
                mediaType = "text/plain"
                if let cs = parsed.parameters["charset"] { parameters["charset"] = cs }
            }
        }
        var disposition: String?
        var dispositionParameters: [String: String] = [:]
        if let cd = headers["content-disposition"] {
            let parsed = MIMEParameters.parse(cd)
            disposition = parsed.value.lowercased()
            dispositionParameters = parsed.parameters
        }
        var entity = MIMEEntity(headers: headers, mediaType: mediaType, parameters: parameters, disposition: disposition,
                                dispositionParameters: dispositionParameters, body: [], parts: [], index: count - 1)
        if entity.isMultipart {
            if let boundary = parameters["boundary"], !boundary.isEmpty, boundary.utf8.count <= 200,
               let pieces = splitMultipart(b, bodyRange, boundary: Array(boundary.utf8)) {
                let childDefault = mediaType == "multipart/digest" ? "message/rfc822" : "text/plain"
                for piece in pieces {
                    entity.parts.append(try parseEntity(b, piece, depth: depth + 1, defaultType: childDefault,
                                                        limits: limits, count: &count))
                }
                return entity
            }
            // No usable boundary: read the body as text rather than lose it.
            entity.mediaType = "text/plain"
            entity.parameters = [:]
        }
        let encoding = (headers["content-transfer-encoding"] ?? "").trimmingASCIIWhitespace().lowercased()
        let raw = Array(b[bodyRange])
        switch encoding {
        case "base64": entity.body = TransferEncoding.decodeBase64(raw)
        case "quoted-printable": entity.body = TransferEncoding.decodeQuotedPrintable(raw)
        default: entity.body = raw
        }
        return entity
    }

    /// The header block at the start of `range` and where the body begins. A line that is neither a field nor a
    /// continuation ends the headers (as Python's `email` does), so a message without the blank line loses nothing.
    static func parseHeaders(_ b: Bytes, _ range: Range<Int>) -> (MIMEHeaders, Int) {
        var fields: [(name: String, value: [UInt8])] = []
        var i = range.lowerBound
        let end = range.upperBound
        var bodyStart = end
        var first = true
        while i < end {
            var lineEnd = i
            while lineEnd < end && b[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > i && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if contentEnd == i { bodyStart = next; break }
            let c0 = b[i]
            if c0 == 0x20 || c0 == 0x09 {
                if !fields.isEmpty { fields[fields.count - 1].value.append(contentsOf: b[i..<contentEnd]) }
                i = next
                continue
            }
            if first && contentEnd - i >= 5 && b[i] == 0x46 && b[i + 1] == 0x72 && b[i + 2] == 0x6F && b[i + 3] == 0x6D && b[i + 4] == 0x20 {
                first = false  // an mbox "From " line
                i = next
                continue
            }
            var colon = i
            while colon < contentEnd && b[colon] != 0x3A { colon += 1 }
            var nameEnd = colon
            while nameEnd > i && (b[nameEnd - 1] == 0x20 || b[nameEnd - 1] == 0x09) { nameEnd -= 1 }
            let nameOK = colon < contentEnd && nameEnd > i
                && !(i..<nameEnd).contains { b[$0] <= 0x20 || b[$0] >= 0x7F }
            guard nameOK else { bodyStart = i; break }
            first = false
            fields.append((String(decoding: b[i..<nameEnd], as: UTF8.self),
                           Array(b[(colon + 1)..<contentEnd])))
            i = next
        }
        let decoded = fields.map { f in
            MIMEHeaderField(name: f.name, value: HeaderText.decodeRaw(f.value[...]).trimmingASCIIWhitespace())
        }
        return (MIMEHeaders(fields: decoded), bodyStart)
    }

    /// The ranges of the body parts between `--boundary` delimiter lines; nil when no delimiter is found.
    /// A missing closing delimiter ends the last part at the end of the body.
    static func splitMultipart(_ b: Bytes, _ range: Range<Int>, boundary: [UInt8]) -> [Range<Int>]? {
        let delimiter: [UInt8] = [0x2D, 0x2D] + boundary
        var parts: [Range<Int>] = []
        var current: Int?
        var found = false
        var pos = range.lowerBound
        let end = range.upperBound
        while pos < end {
            var lineEnd = pos
            while lineEnd < end && b[lineEnd] != 0x0A { lineEnd += 1 }
            var contentEnd = lineEnd
            if contentEnd > pos && b[contentEnd - 1] == 0x0D { contentEnd -= 1 }
            let next = lineEnd < end ? lineEnd + 1 : end
            if contentEnd - pos >= delimiter.count && b[pos] == 0x2D && b[pos + 1] == 0x2D
                && (0..<delimiter.count).allSatisfy({ b[pos + $0] == delimiter[$0] }) {
                var after = pos + delimiter.count
                let isClose = after + 2 <= contentEnd && b[after] == 0x2D && b[after + 1] == 0x2D
                if isClose { after += 2 }
                if (after..<contentEnd).allSatisfy({ b[$0] == 0x20 || b[$0] == 0x09 }) {
                    found = true
                    if let start = current {
                        // The line break before a delimiter belongs to the delimiter.
                        var partEnd = pos
                        if partEnd > start && b[partEnd - 1] == 0x0A { partEnd -= 1 }
                        if partEnd > start && b[partEnd - 1] == 0x0D { partEnd -= 1 }
                        parts.append(start..<max(start, partEnd))
                    }
                    if isClose { current = nil; break }
                    current = next
                }
            }
            pos = next
        }
        if let start = current { parts.append(start..<end) }
        return found ? parts : nil
    }
}

/// Base64 and quoted-printable as mail really carries them: line breaks, stray characters and missing padding.
public enum TransferEncoding {
    public static func decodeBase64(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 3 / 4)
        var acc: UInt32 = 0
        var bits = 0
        for c in bytes {
            let v: UInt32
            switch c {
            case 65...90: v = UInt32(c - 65)
            case 97...122: v = UInt32(c - 71)
            case 48...57: v = UInt32(c + 4)
            case 43, 45: v = 62  // '+', and '-' of the URL-safe alphabet
            case 47, 95: v = 63  // '/', '_'
            case 61: bits = 0; acc = 0; continue  // padding: whatever is left is not a whole byte
            default: continue
            }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8((acc >> UInt32(bits)) & 0xFF))
                acc &= (1 << UInt32(bits)) - 1
            }
        }
        return out
    }

    /// Quoted-printable (RFC 2045 §6.7). `underscoreIsSpace` gives the RFC 2047 "Q" form.
    public static func decodeQuotedPrintable(_ bytes: [UInt8], underscoreIsSpace: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        let n = bytes.count
        while i < n {
            let c = bytes[i]
            if c == 0x3D {
                // Soft line break: "=" then optional whitespace then a line break.
                var j = i + 1
                while j < n && (bytes[j] == 0x20 || bytes[j] == 0x09) { j += 1 }
                if j < n && bytes[j] == 0x0A { i = j + 1; continue }
                if j + 1 < n && bytes[j] == 0x0D && bytes[j + 1] == 0x0A { i = j + 2; continue }
                if j == n { i = n; continue }
                if i + 2 < n, let h = hex(bytes[i + 1]), let l = hex(bytes[i + 2]) {
                    out.append(h << 4 | l)
                    i += 3
                    continue
                }
                out.append(c)  // a literal "=" that escapes nothing
                i += 1
                continue
            }
            if underscoreIsSpace && c == 0x5F { out.append(0x20) } else { out.append(c) }
            i += 1
        }
        return out
    }

    static func hex(_ c: UInt8) -> UInt8? { ByteSearch.hexValue(c) }
}
