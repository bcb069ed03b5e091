import Foundation
import IntakeCore

/// Why a mapping file cannot be used (read at startup; the gateway refuses to start with it).
public struct Police110MappingError: Error, Sendable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// How one 110 partner names things: its field names for each ticket field, which fields identify its schema,
/// and the shape of the sign-off receipt (签收) and return notice (退回) it expects back.
///
/// Parsed once, at construction, from a mapping file (`Channels/Police110/Mappings/*.json`); decoding a transfer
/// never touches a file. See `docs/openapi/police110.yaml` for the file format.
public struct Police110Mapping: Sendable, Equatable {
    /// The ticket fields a mapping can name. `incidentNo` and `text` are required in every transfer.
    public enum Field: String, Sendable, CaseIterable {
        case incidentNo, text, reportedAt, receivedBy110At, transferredAt, callerPhone, callerName, address, lng, lat
        case category, categoryName, level, district, dispatchingUnit, requestType, hotline
    }

    /// How times are written in the answers (the partner's convention; times are read in any common form).
    public enum TimeFormat: String, Sendable {
        case localDateTime = "yyyy-MM-dd HH:mm:ss"
        case compact = "yyyyMMddHHmmss"
        case rfc3339
        case unixSeconds
        case unixMillis
    }

    /// An answer's shape: our values under the partner's names, plus constant members.
    public struct Template: Sendable, Equatable {
        /// Our value name (`incidentNo`, `receiptNo`, `signTime`, `reason`, `time`) -> the partner's field name.
        public var fields: [(String, String)]
        public var constants: [(String, JSON)]
        public var timeFormat: TimeFormat

        public static func == (a: Template, b: Template) -> Bool {
            a.fields.map { [$0.0, $0.1] } == b.fields.map { [$0.0, $0.1] } && JSON.object(a.constants) == JSON.object(b.constants)
                && a.timeFormat == b.timeFormat
        }
    }

    public var name: String
    public var description: String?
    /// Fields whose presence (all of them) identifies this schema when the mapping is not fixed by configuration.
    public var detect: [String]
    /// The member holding the transfer (an object) or transfers (an array) when the partner wraps them; nil: the body.
    public var records: String?
    /// The partner's UTC offset, for times written without one (Beijing time by default).
    public var utcOffsetSeconds: Int
    /// The coordinate system of the partner's coordinates; nil: coordinates are kept as provenance only.
    public var crs: CoordinateSystem?
    /// Ticket field -> the partner's names for it, first present wins.
    public var fields: [Field: [String]]
    /// Urgency when the level field says nothing the mapping knows; nil: no urgency.
    public var defaultUrgency: Urgency?
    /// The partner's level code -> urgency.
    public var urgencyByLevel: [String: Urgency]
    public var receipt: Template
    public var returnNotice: Template

    /// Parses a mapping file's bytes.
    public static func parse(_ bytes: [UInt8]) throws(Police110MappingError) -> Police110Mapping {
        let doc: JSON
        do { doc = try JSON.parse(bytes) } catch { throw Police110MappingError("the mapping is not JSON: \(error)") }
        return try parse(doc)
    }

    public static func parse(_ doc: JSON) throws(Police110MappingError) -> Police110Mapping {
        guard doc.objectValue != nil else { throw Police110MappingError("a mapping is a JSON object") }
        guard let name = doc["name"]?.stringValue, !name.isEmpty else { throw Police110MappingError("the mapping needs a name") }
        func fail(_ message: String) -> Police110MappingError { Police110MappingError("mapping \(name): \(message)") }
        func names(_ v: JSON, _ what: String) throws(Police110MappingError) -> [String] {
            if let s = v.stringValue { return [s] }
            guard let items = v.arrayValue else { throw fail("\(what) must be a field name or a list of them") }
            var out: [String] = []
            for item in items {
                guard let s = item.stringValue, !s.isEmpty else { throw fail("\(what) must list field names") }
                out.append(s)
            }
            return out
        }

        var fields: [Field: [String]] = [:]
        guard let fieldMembers = doc["fields"]?.objectValue else { throw fail("fields must be an object") }
        for (key, value) in fieldMembers {
            guard let field = Field(rawValue: key) else {
                throw fail("fields.\(key) is not a ticket field (\(Field.allCases.map(\.rawValue).joined(separator: ", ")))")
            }
            let list = try names(value, "fields.\(key)")
            if !list.isEmpty { fields[field] = list }
        }
        for required in [Field.incidentNo, .text] where fields[required] == nil {
            throw fail("fields.\(required.rawValue) is required")
        }
        let detect = try doc["detect"].map { v throws(Police110MappingError) in try names(v, "detect") } ?? fields[.incidentNo] ?? []

        var offset = 8 * 3600
        if let raw = doc["utcOffset"]?.stringValue {
            guard let parsed = parseOffset(raw) else { throw fail("utcOffset must look like +08:00") }
            offset = parsed
        }
        var crs: CoordinateSystem?
        if let raw = doc["crs"], !raw.isNull {
            guard let parsed = CoordinateSystem.parse(raw.stringValue) else { throw fail("crs must be wgs84, gcj02 or bd09") }
            crs = parsed
        }

        var defaultUrgency: Urgency? = .A
        var byLevel: [String: Urgency] = [:]
        if let u = doc["urgency"], !u.isNull {
            if let d = u["default"] {
                if d.isNull {
                    defaultUrgency = nil
                } else {
                    guard let parsed = Urgency.parse(d.stringValue) else { throw fail("urgency.default must be A, B, C or null") }
                    defaultUrgency = parsed
                }
            }
            for (level, value) in u["byLevel"]?.objectValue ?? [] {
                guard let parsed = Urgency.parse(value.stringValue) else { throw fail("urgency.byLevel.\(level) must be A, B or C") }
                byLevel[level] = parsed
            }
        }

        func template(_ key: String, values: [String]) throws(Police110MappingError) -> Template {
            guard let t = doc[key], t.objectValue != nil else { throw fail("\(key) must be an object") }
            var out: [(String, String)] = []
            for (ours, theirs) in t["fields"]?.objectValue ?? [] {
                guard values.contains(ours) else { throw fail("\(key).fields.\(ours) is not one of \(values.joined(separator: ", "))") }
                guard let s = theirs.stringValue, !s.isEmpty else { throw fail("\(key).fields.\(ours) must be a field name") }
                out.append((ours, s))
            }
            guard out.contains(where: { $0.0 == "incidentNo" }) else { throw fail("\(key).fields.incidentNo is required") }
            var format = TimeFormat.localDateTime
            if let raw = t["timeFormat"]?.stringValue {
                guard let f = TimeFormat(rawValue: raw) else {
                    throw fail("\(key).timeFormat must be yyyy-MM-dd HH:mm:ss, yyyyMMddHHmmss, rfc3339, unixSeconds or unixMillis")
                }
                format = f
            }
            return Template(fields: out, constants: t["constants"]?.objectValue ?? [], timeFormat: format)
        }

        return Police110Mapping(
            name: name, description: doc["description"]?.stringValue, detect: detect,
            records: doc["records"]?.stringValue, utcOffsetSeconds: offset, crs: crs, fields: fields,
            defaultUrgency: defaultUrgency, urgencyByLevel: byLevel,
            receipt: try template("receipt", values: ["incidentNo", "receiptNo", "signTime", "ticketId", "status"]),
            returnNotice: try template("returnNotice", values: ["incidentNo", "receiptNo", "reason", "time", "ticketId"]))
    }

    static func parseOffset(_ v: String) -> Int? {
        let s = v.trimmingASCIIWhitespace()
        guard let first = s.first, first == "+" || first == "-" else { return nil }
        let digits = s.dropFirst().replacingOccurrences(of: ":", with: "")
        guard digits.count == 4, let hh = Int(digits.prefix(2)), let mm = Int(digits.suffix(2)), hh <= 14, mm < 60 else { return nil }
        return (first == "-" ? -1 : 1) * (hh * 3600 + mm * 60)
    }

    /// Whether a record has every field of `detect` (names compared case-insensitively).
    func matches(_ record: JSON) -> Bool {
        guard !detect.isEmpty, let members = record.objectValue else { return false }
        let present = Set(members.filter { !$0.1.isNull }.map { $0.0.lowercased() })
        return detect.allSatisfy { present.contains($0.lowercased()) }
    }

    /// A time written the partner's way.
    func write(_ date: Date, _ format: TimeFormat) -> JSON {
        switch format {
        case .unixSeconds: return .int(Int64(date.timeIntervalSince1970.rounded(.down)))
        case .unixMillis: return .int(Int64((date.timeIntervalSince1970 * 1000).rounded(.down)))
        case .localDateTime, .compact, .rfc3339:
            // Timestamp.format of the shifted instant gives the local wall-clock digits.
            let u = Array(Timestamp.format(date.addingTimeInterval(TimeInterval(utcOffsetSeconds))).utf8)
            let day = String(decoding: u[0..<10], as: UTF8.self), time = String(decoding: u[11..<19], as: UTF8.self)
            switch format {
            case .compact: return .string((day + time).filter { $0.isNumber })
            case .rfc3339:
                let sign = utcOffsetSeconds < 0 ? "-" : "+"
                let a = abs(utcOffsetSeconds)
                let hh = a / 3600, mm = a % 3600 / 60
                return .string("\(day)T\(time)\(sign)\(hh < 10 ? "0" : "")\(hh):\(mm < 10 ? "0" : "")\(mm)")
            default: return .string("\(day) \(time)")
            }
        }
    }

    /// An answer document from a template and our values (`nil` values are left out).
    func render(_ template: Template, _ values: [String: JSON]) -> JSON {
        var members: [(String, JSON)] = []
        for (ours, theirs) in template.fields {
            if let v = values[ours], !v.isNull { members.append((theirs, v)) }
        }
        for (k, v) in template.constants where !members.contains(where: { $0.0 == k }) { members.append((k, v)) }
        return .object(members)
    }

    public static func == (a: Police110Mapping, b: Police110Mapping) -> Bool {
        a.name == b.name && a.description == b.description && a.detect == b.detect && a.records == b.records
            && a.utcOffsetSeconds == b.utcOffsetSeconds && a.crs == b.crs && a.fields == b.fields
            && a.defaultUrgency == b.defaultUrgency && a.urgencyByLevel == b.urgencyByLevel && a.receipt == b.receipt
            && a.returnNotice == b.returnNotice
    }
}
