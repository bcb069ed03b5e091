import Crypto
import Foundation
import IntakeCore
import Store

/// A case system's own JSON (`format: mapped-json`): how a ticket event becomes the body the system expects, how
/// the request is signed, and how its answer is read. Read from a mapping file once, at start, and checked then, so
/// a mistake stops the start naming the key (README: A case system's own JSON).
///
/// Bounded: the file is at most `Limits.fileBytes`, with at most `Limits.fields` target fields, `Limits.mapEntries`
/// entries per enum map, `Limits.pointerTokens` steps per JSON pointer, `Limits.listItems` codes or signed fields.
/// Rendering costs one pass over each field's source; nothing in it grows with the number of tickets stored.
public struct CaseMapping: Sendable {
    public enum Limits {
        public static let fileBytes = 64 << 10
        public static let fields = 100
        public static let mapEntries = 500
        public static let pointerTokens = 16
        public static let pointerCharacters = 256
        public static let listItems = 200
        public static let truncate = 100_000
    }

    public var name: String
    public var description: String?
    /// The target fields, in the file's order (the body keeps it).
    public var fields: [Field]
    public var signing: Signing
    public var response: Response

    /// One target field of the body.
    public struct Field: Sendable {
        public enum Source: Sendable {
            /// A JSON pointer (RFC 6901) into the event envelope: `/data/ticket/receiptNo`.
            case pointer([String])
            case constant(JSON)
        }
        public var target: String
        public var source: Source
        /// For an array: each element's value at this pointer (`/url` of every attachment); missing ones are dropped.
        public var each: [String]?
        /// Enum map by the value's text (urgency `A` -> `1`); a value not in it takes `default`, else the event is refused.
        public var map: [String: JSON]?
        public var date: DatePattern?
        public var timeZone: TimeZone
        /// Joins an array's values as text with this separator.
        public var join: String?
        /// At most this many characters (grapheme clusters: no character is split).
        public var truncate: Int?
        /// When the source is missing or null (or a value is not in `map`).
        public var defaultValue: JSON?
        /// Missing with no default: the event is refused (a dead letter naming the field) rather than sent without it.
        public var required: Bool
        /// For the reader of the file (what the field means to the case system); not used.
        public var note: String? = nil
    }

    public enum Signing: Sendable {
        case none
        /// `webhook-id`, `webhook-timestamp`, `webhook-signature` over the rendered body, with the destination's whsec_ secret.
        case standardWebhooks
        /// HMAC-SHA256 with the destination's secret over the named rendered fields' text joined by `separator`
        /// (then the Unix-seconds timestamp, when `timestampHeader` is set), in `header`, as hex or base64.
        case hmacFields(header: String, fields: [String], separator: String, base64: Bool, timestampHeader: String?)
    }

    /// How the system's answer is read.
    public struct Response: Sendable {
        /// Every (pointer, value) must hold in a 2xx answer for it to count as delivered (none: the 2xx suffices).
        /// Values are compared as text, so `10000` and `"10000"` agree.
        public var success: [([String], JSON)] = []
        public var caseId: [String]?
        public var code: [String]?
        public var message: [String]?
        public var permanentCodes: Set<String> = []
        public var retryableCodes: Set<String> = []
    }

    /// A date pattern of the letters `yyyy MM dd HH mm ss SSS XXX`, literal non-letters and quoted literals
    /// (`'T'`), or `epoch` / `epochMillis` (a number).
    public struct DatePattern: Sendable {
        enum Part: Sendable { case year, month, day, hour, minute, second, millis, offset, literal(String) }
        let parts: [Part]
        let epoch: Int64?

        init(_ text: String) throws(CaseMappingError) {
            if text == "epoch" || text == "epochMillis" {
                parts = []
                epoch = text == "epoch" ? 1 : 1000
                return
            }
            epoch = nil
            var parts: [Part] = []
            var rest = Substring(text)
            let tokens: [(String, Part)] = [("yyyy", .year), ("MM", .month), ("dd", .day), ("HH", .hour), ("mm", .minute),
                                            ("ss", .second), ("SSS", .millis), ("XXX", .offset)]
            outer: while let c = rest.first {
                for (token, part) in tokens where rest.hasPrefix(token) {
                    parts.append(part)
                    rest = rest.dropFirst(token.count)
                    continue outer
                }
                if c == "'" {
                    // 'T': quoted letters are literal; '' is a quote.
                    let body = rest.dropFirst()
                    guard let close = body.firstIndex(of: "'") else { throw CaseMappingError("", "\(text): a quote is not closed") }
                    parts.append(.literal(body[..<close].isEmpty ? "'" : String(body[..<close])))
                    rest = body[body.index(after: close)...]
                    continue
                }
                guard !(c.isASCII && c.isLetter) else {
                    throw CaseMappingError("", "\(text): \(c) is not one of yyyy MM dd HH mm ss SSS XXX (or the whole pattern epoch / epochMillis)")
                }
                parts.append(.literal(String(c)))
                rest = rest.dropFirst()
            }
            guard !parts.isEmpty else { throw CaseMappingError("", "an empty date pattern") }
            self.parts = parts
        }

        func format(_ date: Date, in zone: TimeZone) -> JSON {
            if let epoch { return .int(Int64((date.timeIntervalSince1970 * Double(epoch)).rounded(.down))) }
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = zone
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .nanosecond], from: date)
            func pad(_ v: Int?, _ n: Int) -> String {
                let s = String(v ?? 0)
                return String(repeating: "0", count: max(0, n - s.count)) + s
            }
            var out = ""
            for p in parts {
                switch p {
                case .year: out += pad(c.year, 4)
                case .month: out += pad(c.month, 2)
                case .day: out += pad(c.day, 2)
                case .hour: out += pad(c.hour, 2)
                case .minute: out += pad(c.minute, 2)
                case .second: out += pad(c.second, 2)
                case .millis: out += pad((c.nanosecond ?? 0) / 1_000_000, 3)
                case .offset:
                    let s = zone.secondsFromGMT(for: date)
                    out += (s < 0 ? "-" : "+") + pad(abs(s) / 3600, 2) + ":" + pad(abs(s) % 3600 / 60, 2)
                case .literal(let l): out += l
                }
            }
            return .string(out)
        }
    }
}

/// A mistake in a mapping file, naming the key at fault (`fields.dispatchtime.date`).
public struct CaseMappingError: Error, Sendable, CustomStringConvertible {
    public let key: String
    public let message: String
    public init(_ key: String, _ message: String) {
        self.key = key
        self.message = message
    }
    public var description: String { key.isEmpty ? message : "\(key): \(message)" }
}

/// Why an event cannot be sent as the mapping says (a dead letter with this reason).
public struct CaseMappingRefusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public var description: String { reason }
}

// MARK: - Reading and checking the file

extension CaseMapping {
    static let topKeys: Set<String> = ["name", "description", "timeZone", "fields", "signing", "response"]
    static let fieldKeys: Set<String> = ["from", "value", "each", "map", "date", "timeZone", "join", "truncate", "default", "required", "note"]
    static let signingKeys: Set<String> = ["scheme", "header", "fields", "separator", "encoding", "timestampHeader"]
    static let responseKeys: Set<String> = ["success", "caseId", "code", "message", "permanentCodes", "retryableCodes"]

    /// Reads and checks a mapping file's bytes; every mistake names its key.
    public static func parse(_ bytes: [UInt8]) throws(CaseMappingError) -> CaseMapping {
        guard bytes.count <= Limits.fileBytes else {
            throw CaseMappingError("", "the mapping is \(bytes.count) bytes; at most \(Limits.fileBytes) are read")
        }
        let json: JSON
        do { json = try JSON.parse(bytes) } catch { throw CaseMappingError("", "not JSON: \(error)") }
        guard let top = json.objectValue else { throw CaseMappingError("", "must be a JSON object") }
        try unknownKeys(top, allowed: topKeys, at: "")
        guard let name = json["name"]?.stringValue, !name.isEmpty, name.count <= 64 else {
            throw CaseMappingError("name", "must be a string of 1 to 64 characters")
        }
        let zone = try json["timeZone"].map { z throws(CaseMappingError) in try timeZone(z, at: "timeZone") } ?? fixedChinaTime
        guard let fieldMembers = json["fields"]?.objectValue, !fieldMembers.isEmpty else {
            throw CaseMappingError("fields", "must be a non-empty object {target field: how to fill it}")
        }
        guard fieldMembers.count <= Limits.fields else {
            throw CaseMappingError("fields", "\(fieldMembers.count) fields; at most \(Limits.fields)")
        }
        var fields: [Field] = []
        for (target, spec) in fieldMembers {
            let at = "fields.\(target)"
            guard !target.isEmpty else { throw CaseMappingError("fields", "a target field name is empty") }
            guard !fields.contains(where: { $0.target == target }) else { throw CaseMappingError(at, "is given twice") }
            fields.append(try field(target, spec, zone: zone, at: at))
        }
        var mapping = CaseMapping(name: name, description: json["description"]?.stringValue, fields: fields, signing: .none,
                                  response: Response())
        if let s = json["signing"] { mapping.signing = try signing(s, targets: Set(fields.map(\.target))) }
        if let r = json["response"] { mapping.response = try response(r) }
        return mapping
    }

    /// Beijing time (China keeps no daylight saving), the zone dates are written in unless the mapping says otherwise.
    static let fixedChinaTime = TimeZone(secondsFromGMT: 8 * 3600)!

    static func unknownKeys(_ members: [(String, JSON)], allowed: Set<String>, at: String) throws(CaseMappingError) {
        if let unknown = members.first(where: { !allowed.contains($0.0) }) {
            throw CaseMappingError(at.isEmpty ? unknown.0 : "\(at).\(unknown.0)",
                                   "is not a known key (known: \(allowed.sorted().joined(separator: ", ")))")
        }
    }

    /// An RFC 6901 pointer's tokens: "" (the whole document) or `/a/b`, with `~1` for `/` and `~0` for `~`.
    public static func pointer(_ text: String) throws(CaseMappingError) -> [String] { try pointer(.string(text), at: "") }

    static func pointer(_ j: JSON?, at: String) throws(CaseMappingError) -> [String] {
        guard let text = j?.stringValue else { throw CaseMappingError(at, "must be a JSON pointer such as /data/ticket/receiptNo") }
        guard text.count <= Limits.pointerCharacters else {
            throw CaseMappingError(at, "a pointer of at most \(Limits.pointerCharacters) characters")
        }
        if text.isEmpty { return [] }
        guard text.hasPrefix("/") else { throw CaseMappingError(at, "\(text) is not a JSON pointer: it must start with /") }
        let tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map {
            $0.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
        }
        guard tokens.count <= Limits.pointerTokens else { throw CaseMappingError(at, "at most \(Limits.pointerTokens) steps") }
        return tokens
    }

    static func timeZone(_ j: JSON, at: String) throws(CaseMappingError) -> TimeZone {
        guard let s = j.stringValue else { throw CaseMappingError(at, "must be a zone name (Asia/Shanghai) or an offset (+08:00)") }
        let offset = s.wholeMatch(of: /([+-])(\d\d):(\d\d)/)
        if let o = offset, let h = Int(o.2), let m = Int(o.3), h <= 14, m < 60,
           let zone = TimeZone(secondsFromGMT: (o.1 == "-" ? -1 : 1) * (h * 3600 + m * 60)) {
            return zone
        }
        guard let zone = TimeZone(identifier: s) else { throw CaseMappingError(at, "\(s) is not a known time zone or +hh:mm offset") }
        return zone
    }

    static func field(_ target: String, _ spec: JSON, zone: TimeZone, at: String) throws(CaseMappingError) -> Field {
        guard let members = spec.objectValue else {
            throw CaseMappingError(at, "must be an object with from (a JSON pointer) or value (a constant)")
        }
        try unknownKeys(members, allowed: fieldKeys, at: at)
        let source: Field.Source
        switch (spec["from"], spec["value"]) {
        case (let from?, nil): source = .pointer(try pointer(from, at: at + ".from"))
        case (nil, let value?): source = .constant(value)
        default: throw CaseMappingError(at, "give exactly one of from (a JSON pointer) and value (a constant)")
        }
        var f = Field(target: target, source: source, each: nil, map: nil, date: nil, timeZone: zone, join: nil, truncate: nil,
                      defaultValue: spec["default"], required: false)
        if let e = spec["each"] { f.each = try pointer(e, at: at + ".each") }
        if let m = spec["map"] {
            guard let entries = m.objectValue, !entries.isEmpty else { throw CaseMappingError(at + ".map", "must be a non-empty object {value: code}") }
            guard entries.count <= Limits.mapEntries else { throw CaseMappingError(at + ".map", "at most \(Limits.mapEntries) entries") }
            f.map = Dictionary(entries, uniquingKeysWith: { a, _ in a })
        }
        if let d = spec["date"] {
            guard let text = d.stringValue else { throw CaseMappingError(at + ".date", "must be a pattern such as yyyy-MM-dd HH:mm:ss") }
            do { f.date = try DatePattern(text) } catch { throw CaseMappingError(at + ".date", error.message) }
        }
        if let z = spec["timeZone"] {
            guard f.date != nil else { throw CaseMappingError(at + ".timeZone", "is for a field with date") }
            f.timeZone = try timeZone(z, at: at + ".timeZone")
        }
        if let j = spec["join"] {
            guard let s = j.stringValue else { throw CaseMappingError(at + ".join", "must be the separator, a string such as \",\"") }
            f.join = s
        }
        if let t = spec["truncate"] {
            guard let n = t.intValue, (1...Int64(Limits.truncate)).contains(n), t.stringValue == nil else {
                throw CaseMappingError(at + ".truncate", "must be a number of characters from 1 to \(Limits.truncate)")
            }
            f.truncate = Int(n)
        }
        if let n = spec["note"] {
            guard let t = n.stringValue else { throw CaseMappingError(at + ".note", "must be a string") }
            f.note = t
        }
        if let r = spec["required"] {
            guard case .bool(let b) = r else { throw CaseMappingError(at + ".required", "must be true or false") }
            f.required = b
        }
        return f
    }

    static func signing(_ j: JSON, targets: Set<String>) throws(CaseMappingError) -> Signing {
        guard let members = j.objectValue else { throw CaseMappingError("signing", "must be an object with scheme") }
        try unknownKeys(members, allowed: signingKeys, at: "signing")
        let scheme = j["scheme"]?.stringValue
        switch scheme {
        case "none", "standard-webhooks":
            if let extra = members.first(where: { $0.0 != "scheme" }) {
                throw CaseMappingError("signing.\(extra.0)", "is for scheme hmac-fields only")
            }
            return scheme == "none" ? .none : .standardWebhooks
        case "hmac-fields":
            guard let header = j["header"]?.stringValue, !header.isEmpty,
                  header.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "-" || $0 == "_") })
            else { throw CaseMappingError("signing.header", "must name the header the signature goes in (letters, digits, - or _)") }
            guard let list = j["fields"]?.arrayValue, !list.isEmpty, list.count <= Limits.listItems else {
                throw CaseMappingError("signing.fields", "must list 1 to \(Limits.listItems) target fields to sign, in order")
            }
            var names: [String] = []
            for item in list {
                guard let n = item.stringValue, targets.contains(n) else {
                    throw CaseMappingError("signing.fields", "\(item.text) is not one of the target fields")
                }
                names.append(n)
            }
            var separator = ""
            if let s = j["separator"] {
                guard let t = s.stringValue else { throw CaseMappingError("signing.separator", "must be a string") }
                separator = t
            }
            let encoding = j["encoding"]?.stringValue ?? "hex"
            guard encoding == "hex" || encoding == "base64" else { throw CaseMappingError("signing.encoding", "must be hex or base64") }
            var timestampHeader: String?
            if let t = j["timestampHeader"] {
                guard let s = t.stringValue, !s.isEmpty, s.lowercased() != header.lowercased() else {
                    throw CaseMappingError("signing.timestampHeader", "must name a header other than the signature's")
                }
                timestampHeader = s
            }
            return .hmacFields(header: header, fields: names, separator: separator, base64: encoding == "base64", timestampHeader: timestampHeader)
        default:
            throw CaseMappingError("signing.scheme", "must be none, standard-webhooks or hmac-fields")
        }
    }

    static func response(_ j: JSON) throws(CaseMappingError) -> Response {
        guard let members = j.objectValue else { throw CaseMappingError("response", "must be an object") }
        try unknownKeys(members, allowed: responseKeys, at: "response")
        var r = Response()
        if let s = j["success"] {
            // One condition or a list of them, each {"pointer": "/code", "equals": 10000}.
            let conditions = s.arrayValue ?? [s]
            guard !conditions.isEmpty, conditions.count <= 10 else { throw CaseMappingError("response.success", "1 to 10 conditions") }
            for c in conditions {
                guard let cm = c.objectValue, let value = c["equals"], !value.isNull, value.arrayValue == nil, value.objectValue == nil else {
                    throw CaseMappingError("response.success", "each condition is {\"pointer\": \"/code\", \"equals\": 10000}")
                }
                try unknownKeys(cm, allowed: ["pointer", "equals"], at: "response.success")
                r.success.append((try pointer(c["pointer"], at: "response.success.pointer"), value))
            }
        }
        if let p = j["caseId"] { r.caseId = try pointer(p, at: "response.caseId") }
        if let p = j["code"] { r.code = try pointer(p, at: "response.code") }
        if let p = j["message"] { r.message = try pointer(p, at: "response.message") }
        func codes(_ key: String) throws(CaseMappingError) -> Set<String> {
            guard let v = j[key] else { return [] }
            guard r.code != nil else { throw CaseMappingError("response.\(key)", "needs response.code, the pointer to the answer's code") }
            guard let items = v.arrayValue, items.count <= Limits.listItems else {
                throw CaseMappingError("response.\(key)", "must be a list of at most \(Limits.listItems) codes")
            }
            var out: Set<String> = []
            for item in items {
                guard let t = item.scalarText, item.arrayValue == nil else { throw CaseMappingError("response.\(key)", "\(item.text) is not a code") }
                out.insert(t)
            }
            return out
        }
        r.permanentCodes = try codes("permanentCodes")
        r.retryableCodes = try codes("retryableCodes")
        if let both = r.permanentCodes.intersection(r.retryableCodes).first {
            throw CaseMappingError("response", "code \(both) is listed as both permanent and retryable")
        }
        return r
    }
}

// MARK: - Rendering

extension JSON {
    /// The value at an RFC 6901 pointer's tokens; nil when a step is missing.
    func at(_ tokens: [String]) -> JSON? {
        var v = self
        for t in tokens {
            switch v {
            case .object: guard let next = v[t] else { return nil }; v = next
            case .array(let items):
                guard let i = Int(t), items.indices.contains(i) else { return nil }
                v = items[i]
            default: return nil
            }
        }
        return v
    }

    /// The text a value is signed, mapped or joined as: scalars as written, others as compact JSON.
    var plainText: String { scalarText ?? text }
}

extension CaseMapping {
    /// The body's fields for an event envelope (`{"id","type","timestamp","data":{"ticket":…}}`), in the file's order,
    /// or why the event cannot be sent (a dead letter with that reason).
    public func render(_ envelope: JSON) -> Result<[(String, JSON)], CaseMappingRefusal> {
        var out: [(String, JSON)] = []
        for f in fields {
            func refuse(_ why: String) -> Result<[(String, JSON)], CaseMappingRefusal> {
                .failure(CaseMappingRefusal(reason: "field \(f.target): \(why)"))
            }
            var value: JSON?
            switch f.source {
            case .pointer(let p): value = envelope.at(p)
            case .constant(let c): value = c
            }
            if value?.isNull == true { value = nil }
            guard var v = value else {
                if let d = f.defaultValue { out.append((f.target, d)); continue }
                if f.required { return refuse("the event has nothing at its source") }
                continue
            }
            if let each = f.each {
                v = .array((v.arrayValue ?? [v]).compactMap { $0.at(each) }.filter { !$0.isNull })
            }
            // Per value (each element of an array): the enum map, then the date.
            func convert(_ x: JSON) -> Result<JSON, CaseMappingRefusal> {
                var x = x
                if let map = f.map {
                    guard let mapped = map[x.plainText] ?? f.defaultValue else {
                        return .failure(CaseMappingRefusal(reason: "field \(f.target): \(x.plainText) is not in its map and it has no default"))
                    }
                    x = mapped
                }
                if let date = f.date {
                    guard let s = x.stringValue, let d = Timestamp.parse(s) else {
                        return .failure(CaseMappingRefusal(reason: "field \(f.target): \(x.plainText) is not a date"))
                    }
                    x = date.format(d, in: f.timeZone)
                }
                return .success(x)
            }
            if f.map != nil || f.date != nil {
                if let items = v.arrayValue {
                    var converted: [JSON] = []
                    for item in items {
                        switch convert(item) {
                        case .success(let c): converted.append(c)
                        case .failure(let r): return .failure(r)
                        }
                    }
                    v = .array(converted)
                } else {
                    switch convert(v) {
                    case .success(let c): v = c
                    case .failure(let r): return .failure(r)
                    }
                }
            }
            if let separator = f.join {
                v = .string((v.arrayValue ?? [v]).map(\.plainText).joined(separator: separator))
            }
            if let n = f.truncate, v.arrayValue == nil, v.objectValue == nil {
                let s = v.plainText
                if s.count > n { v = .string(String(s.prefix(n))) }
            }
            out.append((f.target, v))
        }
        return .success(out)
    }

    /// The signature headers for a rendered body, or none. `key` is the destination's secret.
    public func signatureHeaders(fields: [(String, JSON)], body: [UInt8], eventId: String, timestamp: Int64,
                                 secret: String?) -> [(String, String)] {
        guard let secret else { return [] }
        switch signing {
        case .none:
            return []
        case .standardWebhooks:
            return StandardWebhooks(secret: secret).headers(id: eventId, timestamp: timestamp, body: body)
        case .hmacFields(let header, let names, let separator, let base64, let timestampHeader):
            var parts = names.map { n in fields.first { $0.0 == n }?.1.plainText ?? "" }
            if timestampHeader != nil { parts.append(String(timestamp)) }
            let mac = HMAC.sha256(key: Array(secret.utf8), data: Array(parts.joined(separator: separator).utf8))
            var headers = [(header, base64 ? Data(mac).base64EncodedString() : hexString(mac))]
            if let timestampHeader { headers.append((timestampHeader, String(timestamp))) }
            return headers
        }
    }

    /// What the system's answer says.
    public enum Answer: Equatable, Sendable {
        case delivered(caseId: String?)
        case retryable(String)
        case permanent(String)
        /// Neither a listed code nor a 2xx: the HTTP status decides, as for every destination.
        case byStatus
    }

    /// Listed codes first (a listed permanent code is a dead letter whatever the status); then a 2xx whose success
    /// conditions hold is delivered with the case id; a 2xx whose conditions fail, with an unlisted code, is retried
    /// (the system is there but did not take it; `maxAttempts` ends it as a dead letter); anything else by status.
    public func answer(status: Int, body: [UInt8]) -> Answer {
        let json = try? JSON.parse(body)
        let code = response.code.flatMap { json?.at($0)?.scalarText }
        let message = response.message.flatMap { json?.at($0)?.plainText }
        let said = [code.map { "code \($0)" }, message].compactMap { $0 }.joined(separator: ": ")
        if let code, response.permanentCodes.contains(code) { return .permanent("HTTP \(status), \(said)") }
        if let code, response.retryableCodes.contains(code) { return .retryable("HTTP \(status), \(said)") }
        guard (200..<300).contains(status) else { return .byStatus }
        let holds = response.success.allSatisfy { pointer, expected in
            json?.at(pointer).map { $0.plainText == expected.plainText && $0.arrayValue == nil && $0.objectValue == nil } ?? false
        }
        guard holds else {
            let reply = said.isEmpty ? String(decoding: body.prefix(200), as: UTF8.self) : said
            return .retryable("HTTP \(status) but not a success (\(reply))")
        }
        return .delivered(caseId: response.caseId.flatMap { json?.at($0)?.scalarText }.flatMap { $0.isEmpty ? nil : $0 })
    }
}
