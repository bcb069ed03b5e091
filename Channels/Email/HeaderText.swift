import IntakeCore

/// Bytes whose charset nobody declared: 8-bit header values and text parts without `charset`.
public enum HeaderText {
    /// UTF-8 when the bytes are valid UTF-8 (RFC 6532, and what most clients send today), else GB18030 (the
    /// superset of what a Chinese client without MIME labels sends). ASCII is ASCII either way.
    public static func decodeUndeclared(_ bytes: ArraySlice<UInt8>) -> String {
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        if let s = String(validating: bytes, as: UTF8.self) { return s }
        return Charsets.decode(Array(bytes), label: "gb18030")
    }

    /// A raw header value: folding already removed by the parser, line breaks that remain dropped.
    static func decodeRaw(_ bytes: ArraySlice<UInt8>) -> String {
        decodeUndeclared(bytes)
    }
}

/// RFC 2047 encoded words (`=?GB2312?B?...?=`, `=?gbk?Q?...?=`) in unstructured header text.
///
/// Whitespace between two encoded words is dropped, and adjacent words in the same charset are joined as bytes
/// before decoding, so a character split across two words (some mailers split long subjects mid-character)
/// still decodes. Text that only looks like an encoded word is kept as it is.
public enum RFC2047 {
    public static func decode(_ text: String) -> String { decodeReporting(text).text }

    /// `decode`, and each encoded word's charset label that did not settle its decoding, with the decoding used
    /// (`Charsets.decodeReporting`).
    public static func decodeReporting(_ text: String) -> (text: String, fallbacks: [(label: String, used: String)]) {
        guard text.contains("=?") else { return (text, []) }
        let u = Array(text.utf8)
        let scan = Scan(u)
        var out: [UInt8] = []
        var fallbacks: [(label: String, used: String)] = []
        var pending: (charset: String, bytes: [UInt8])?
        var gap: [UInt8] = []  // whitespace seen after an encoded word, dropped if another word follows
        func flush() {
            if let p = pending {
                let (decoded, used) = Charsets.decodeReporting(p.bytes, label: p.charset)
                out.append(contentsOf: decoded.utf8)
                if used != "declared" { fallbacks.append((p.charset, used)) }
            }
            pending = nil
        }
        var i = 0
        while i < u.count {
            if u[i] == 0x3D, i + 1 < u.count, u[i + 1] == 0x3F, let word = encodedWord(u, at: i, scan) {
                if let p = pending, p.charset == word.charset {
                    pending!.bytes.append(contentsOf: word.bytes)
                } else {
                    flush()
                    pending = (word.charset, word.bytes)
                }
                gap.removeAll()
                i = word.end
                continue
            }
            if pending != nil && (u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x0D || u[i] == 0x0A) {
                gap.append(u[i])
                i += 1
                continue
            }
            flush()
            out.append(contentsOf: gap)
            gap.removeAll()
            out.append(u[i])
            i += 1
        }
        flush()
        out.append(contentsOf: gap)
        return (String(decoding: out, as: UTF8.self), fallbacks)
    }

    /// Where, from each byte on, the next `?=` and the next byte that cannot be in an encoded word are: computed once
    /// per header, so that trying an encoded word at each `=?` costs nothing when it fails. Without it, a header of
    /// many `=?`s and no `?=` made each try scan to the end (quadratic: 1.5 s for a 112 KB Subject).
    struct Scan {
        var nextClose: [Int32]
        var nextInvalid: [Int32]

        init(_ u: [UInt8]) {
            let n = u.count
            nextClose = Array(repeating: Int32(n), count: n + 1)
            nextInvalid = Array(repeating: Int32(n), count: n + 1)
            var i = n - 1
            while i >= 0 {
                nextClose[i] = i + 1 < n && u[i] == 0x3F && u[i + 1] == 0x3D ? Int32(i) : nextClose[i + 1]
                nextInvalid[i] = u[i] <= 0x20 || u[i] >= 0x7F ? Int32(i) : nextInvalid[i + 1]
                i -= 1
            }
        }
    }

    /// Longest charset label read (`=?charset*lang?`); real labels are under 20 bytes.
    static let maxCharsetBytes = 64

    /// The encoded word starting at `start`: its charset (language suffix dropped), decoded bytes and end index.
    static func encodedWord(_ u: [UInt8], at start: Int, _ scan: Scan) -> (charset: String, bytes: [UInt8], end: Int)? {
        var i = start + 2
        let csStart = i
        while i < u.count && u[i] != 0x3F && u[i] > 0x20 && u[i] < 0x7F && i - csStart <= maxCharsetBytes { i += 1 }
        guard i < u.count, u[i] == 0x3F, i > csStart else { return nil }
        var charset = String(decoding: u[csStart..<i], as: UTF8.self)
        if let star = charset.firstIndex(of: "*") { charset = String(charset[..<star]) }
        i += 1
        guard i + 1 < u.count, u[i + 1] == 0x3F else { return nil }
        let enc = u[i] | 0x20
        guard enc == 0x62 || enc == 0x71 else { return nil }  // b or q
        i += 2
        let payloadStart = i
        let close = Int(scan.nextClose[min(payloadStart, u.count)])
        // The payload runs to the next `?=` and holds no space or 8-bit byte.
        guard close < u.count, Int(scan.nextInvalid[min(payloadStart, u.count)]) >= close else { return nil }
        let payload = Array(u[payloadStart..<close])
        let bytes = enc == 0x62 ? TransferEncoding.decodeBase64(payload)
            : TransferEncoding.decodeQuotedPrintable(payload, underscoreIsSpace: true)
        return (charset, bytes, close + 2)
    }
}

/// A structured header value with parameters (`Content-Type`, `Content-Disposition`), including RFC 2231
/// continuations and charsets (`filename*0*=gb18030''%D6%D0`, `filename*1*=...`) and the widespread but
/// non-standard encoded words inside quoted values (`name="=?GB2312?B?...?="`).
public enum MIMEParameters {
    public static func parse(_ header: String) -> (value: String, parameters: [String: String]) {
        let u = Array(header.utf8)
        var i = 0
        while i < u.count && u[i] != 0x3B { i += 1 }
        let value = String(decoding: u[0..<i], as: UTF8.self).trimmingASCIIWhitespace()
        var raw: [(name: String, value: String)] = []
        while i < u.count {
            i += 1  // ';'
            while i < u.count && (u[i] == 0x20 || u[i] == 0x09 || u[i] == 0x3B) { i += 1 }
            let nameStart = i
            while i < u.count && u[i] != 0x3D && u[i] != 0x3B { i += 1 }
            guard i < u.count, u[i] == 0x3D else { continue }
            let name = String(decoding: u[nameStart..<i], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
            i += 1
            while i < u.count && (u[i] == 0x20 || u[i] == 0x09) { i += 1 }
            var v: [UInt8] = []
            if i < u.count && u[i] == 0x22 {
                i += 1
                while i < u.count && u[i] != 0x22 {
                    if u[i] == 0x5C && i + 1 < u.count { i += 1 }
                    v.append(u[i])
                    i += 1
                }
                if i < u.count { i += 1 }
                while i < u.count && u[i] != 0x3B { i += 1 }
            } else {
                while i < u.count && u[i] != 0x3B { v.append(u[i]); i += 1 }
                while let l = v.last, l == 0x20 || l == 0x09 { v.removeLast() }
            }
            if !name.isEmpty { raw.append((name, String(decoding: v, as: UTF8.self))) }
        }
        return (value, combine(raw))
    }

    /// Joins RFC 2231 sections (`name*0`, `name*1*`) and applies the charset of extended values; a plain `name`
    /// is used only when no extended form of it is given.
    static func combine(_ raw: [(name: String, value: String)]) -> [String: String] {
        var plain: [String: String] = [:]
        var sections: [String: [(index: Int, extended: Bool, value: String)]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if plain[name] == nil { plain[name] = value }
                continue
            }
            let base = String(name[..<star])
            var rest = name[name.index(after: star)...]
            var extended = false
            var index = 0
            if rest.isEmpty {
                extended = true  // name*=charset'lang'value
            } else {
                if rest.hasSuffix("*") { extended = true; rest = rest.dropLast() }
                guard let n = Int(rest), n >= 0, n < 1000 else { continue }
                index = n
            }
            sections[base, default: []].append((index, extended, value))
        }
        var result = plain
        for (base, list) in sections {
            let ordered = list.sorted { $0.index < $1.index }
            var charset = ""
            var bytes: [UInt8] = []
            for (k, s) in ordered.enumerated() {
                var v = Substring(s.value)
                if s.extended {
                    if k == 0 {
                        let pieces = v.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                        if pieces.count == 3 { charset = String(pieces[0]); v = pieces[2] }
                    }
                    bytes.append(contentsOf: percentDecode(Array(v.utf8)))
                } else {
                    bytes.append(contentsOf: v.utf8)
                }
            }
            result[base] = charset.isEmpty ? HeaderText.decodeUndeclared(bytes[...]) : Charsets.decode(bytes, label: charset)
        }
        return result
    }

    static func percentDecode(_ u: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while i < u.count {
            if u[i] == 0x25, i + 2 < u.count, let h = TransferEncoding.hex(u[i + 1]), let l = TransferEncoding.hex(u[i + 2]) {
                out.append(h << 4 | l)
                i += 3
            } else {
                out.append(u[i])
                i += 1
            }
        }
        return out
    }
}

/// One mailbox of an address header: `"张三" <zhang@example.com>` gives name 张三 and the address.
public struct MailAddress: Sendable, Equatable {
    public var name: String?
    public var address: String

    public init(name: String?, address: String) {
        self.name = name
        self.address = address
    }

    /// The mailboxes of an address-list header (`From`, `Reply-To`, `To`). Comments are dropped (as Python's
    /// `email` does, they are not the display name); encoded words are decoded in names, quoted ones included;
    /// group names (`undisclosed-recipients:;`) are skipped. Entries without an `@` address are dropped.
    public static func parseList(_ header: String) -> [MailAddress] {
        var result: [MailAddress] = []
        for item in splitTopLevel(header) {
            if let a = parseMailbox(item) { result.append(a) }
        }
        return result
    }

    /// Splits on commas (and a group's `:` / `;`) outside quotes, comments and angle brackets.
    static func splitTopLevel(_ s: String) -> [String] {
        var items: [String] = []
        var current = ""
        // Whether `current` holds a `<` or an `@`, kept as it grows (asking `current.contains` at each `:` was
        // quadratic: 2.95 s for a 32 KB From header).
        var sawAddress = false
        var inQuote = false, escaped = false, depth = 0, inAngle = false
        for ch in s {
            if ch == "<" || ch == "@" { sawAddress = true }
            if escaped { current.append(ch); escaped = false; continue }
            if ch == "\\" && (inQuote || depth > 0) { current.append(ch); escaped = true; continue }
            if inQuote {
                if ch == "\"" { inQuote = false }
                current.append(ch)
                continue
            }
            if depth > 0 {
                if ch == "(" { depth += 1 } else if ch == ")" { depth -= 1 }
                current.append(ch)
                continue
            }
            switch ch {
            case "\"": inQuote = true; current.append(ch)
            case "(": depth = 1; current.append(ch)
            case "<": inAngle = true; current.append(ch)
            case ">": inAngle = false; current.append(ch)
            case "," where !inAngle, ";" where !inAngle:
                items.append(current); current = ""; sawAddress = false
            case ":" where !inAngle && !sawAddress:
                current = ""  // a group's display name
            default: current.append(ch)
            }
        }
        items.append(current)
        return items.filter { !$0.trimmingASCIIWhitespace().isEmpty }
    }

    /// One mailbox: `phrase <addr>` or a bare `addr`.
    static func parseMailbox(_ item: String) -> MailAddress? {
        // Words of the display phrase, with quoted strings unquoted and comments removed.
        var words: [(text: String, quoted: Bool)] = []
        var angle: String?
        var bare = ""
        var chars = Array(item)
        var i = 0
        var word = ""
        func endWord() { if !word.isEmpty { words.append((word, false)); word = "" } }
        while i < chars.count {
            let ch = chars[i]
            if ch == "\"" {
                endWord()
                var q = ""
                i += 1
                while i < chars.count && chars[i] != "\"" {
                    if chars[i] == "\\" && i + 1 < chars.count { i += 1 }
                    q.append(chars[i])
                    i += 1
                }
                words.append((q, true))
                bare.append(contentsOf: q)
                i += 1
                continue
            }
            if ch == "(" {
                endWord()
                var depth = 1
                i += 1
                while i < chars.count && depth > 0 {
                    if chars[i] == "\\" { i += 2; continue }
                    if chars[i] == "(" { depth += 1 } else if chars[i] == ")" { depth -= 1 }
                    i += 1
                }
                continue
            }
            if ch == "<" && angle == nil {
                endWord()
                var a = ""
                i += 1
                while i < chars.count && chars[i] != ">" { a.append(chars[i]); i += 1 }
                i += 1
                angle = a
                continue
            }
            if ch == " " || ch == "\t" || ch == "\r" || ch == "\n" {
                endWord()
                i += 1
                continue
            }
            word.append(ch)
            bare.append(ch)
            i += 1
        }
        endWord()
        chars = []
        if var a = angle {
            // An obsolete source route (<@relay:user@host>) is not part of the address.
            if a.hasPrefix("@"), let colon = a.firstIndex(of: ":") { a = String(a[a.index(after: colon)...]) }
            a = String(a.filter { !$0.isWhitespace })
            guard a.contains("@") else { return nil }
            return MailAddress(name: phrase(words), address: a)
        }
        let a = words.filter { !$0.quoted }.map(\.text).joined()
        guard a.contains("@"), words.count == 1 || !words.contains(where: \.quoted) else {
            let joined = words.map(\.text).joined()
            return joined.contains("@") ? MailAddress(name: nil, address: joined) : nil
        }
        return MailAddress(name: nil, address: a)
    }

    /// The display phrase: words joined by a space, encoded words decoded (adjacent ones without the space).
    static func phrase(_ words: [(text: String, quoted: Bool)]) -> String? {
        let text = words.map(\.text).joined(separator: " ")
        let decoded = RFC2047.decode(text).trimmingASCIIWhitespace()
        return decoded.isEmpty ? nil : decoded
    }
}
