import Foundation
import IntakeCore

/// `POST /v1/intake/police110`: a non-emergency transfer (非警务类分流) from the 110 dispatch system, read through
/// the partner's mapping; answered with a sign-off receipt (签收) in the same mapping.
///
/// The incident number is the idempotency key (channelRef), so a repeated delivery finds the first ticket and
/// gets the same receipt number. Every partner field the mapping does not name is kept in
/// `channelData.unmapped`; the 110 provenance (incident number, times, original category, level, dispatching
/// unit) goes to `channelData.police110`, and the mapping's name to `channelData.mapping`.
public struct Police110Adapter: ChannelAdapter {
    /// How the mapping for a request is chosen.
    public enum Selection: Sendable {
        /// The first mapping whose `detect` fields are all present.
        case detect([Police110Mapping])
        /// Always this one (configured for the partner).
        case fixed(Police110Mapping)
    }

    public let channel = Channel.police110
    public let selection: Selection

    public init(selection: Selection) {
        self.selection = selection
    }

    /// Detection among the shipped mappings.
    public init() {
        self.init(selection: .detect(Police110ShippedMappings.all))
    }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        guard request.mediaType == "application/json" || request.mediaType.hasSuffix("+json") || request.mediaType == "text/json" else {
            throw IntakeError(.unsupportedMediaType, "Send the transfer as application/json.", field: "Content-Type")
        }
        let body: JSON
        let utf8 = request.utf8Body()
        do { body = try JSON.parse(utf8.bytes) } catch { throw .malformed("The body is not valid JSON: \(error).") }
        let (mapping, records, _) = try self.records(in: body)
        var out: [Submission] = []
        for (i, record) in records.enumerated() {
            var s = try submission(from: record, mapping: mapping, receivedAt: request.receivedAt, prefix: records.count > 1 ? "[\(i)]." : "")
            if let charset = utf8.charset, case .object(var data)? = s.channelData {
                data.append(("charsets", charset))
                s.channelData = .object(data)
            }
            out.append(s)
        }
        return out
    }

    /// The mapping and the transfer records of a body (one object, or an array of them, possibly wrapped).
    func records(in body: JSON) throws(IntakeError) -> (Police110Mapping, [JSON], batch: Bool) {
        func unwrap(_ mapping: Police110Mapping) -> JSON {
            if let member = mapping.records, let inner = body[member], !inner.isNull { return inner }
            return body
        }
        func list(_ v: JSON) throws(IntakeError) -> ([JSON], Bool) {
            if v.objectValue != nil { return ([v], false) }
            guard let items = v.arrayValue else {
                throw .malformed("The body must be a transfer object or an array of them, not \(v.typeName).")
            }
            guard !items.isEmpty else { throw .malformed("The body holds no transfer.") }
            for (i, item) in items.enumerated() where item.objectValue == nil {
                throw .malformed("Transfer [\(i)] must be an object, not \(item.typeName).")
            }
            return (items, true)
        }
        switch selection {
        case .fixed(let mapping):
            let (items, batch) = try list(unwrap(mapping))
            return (mapping, items, batch)
        case .detect(let mappings):
            for mapping in mappings {
                guard let (items, batch) = try? list(unwrap(mapping)), let first = items.first, mapping.matches(first) else { continue }
                return (mapping, items, batch)
            }
            let known = mappings.map { "\($0.name): \($0.detect.joined(separator: "+"))" }.joined(separator: "; ")
            throw .invalid(mappings.first?.fields[.incidentNo]?.first ?? "incidentNo",
                           "No mapping recognizes this transfer; the incident number field is missing (\(known)).")
        }
    }

    func submission(from record: JSON, mapping: Police110Mapping, receivedAt: Date, prefix: String) throws(IntakeError) -> Submission {
        let members = record.objectValue ?? []
        var mapped = Set<String>()
        for names in mapping.fields.values { for n in names { mapped.insert(n.lowercased()) } }

        /// The first present partner field for `field`: (its name, its value as text).
        func value(_ field: Police110Mapping.Field) throws(IntakeError) -> (String, String)? {
            for name in mapping.fields[field] ?? [] {
                let hit = members.first { $0.0 == name } ?? members.first { $0.0.lowercased() == name.lowercased() }
                guard let (key, v) = hit, !v.isNull else { continue }
                guard let text = v.scalarText else { throw .invalid(prefix + key, "\(key) must be a string or number, not \(v.typeName).") }
                let t = text.trimmingASCIIWhitespace()
                if !t.isEmpty { return (key, t) }
            }
            return nil
        }
        func required(_ field: Police110Mapping.Field, _ what: String) throws(IntakeError) -> String {
            guard let (_, v) = try value(field) else {
                throw .invalid(prefix + (mapping.fields[field]?.first ?? field.rawValue), "\(what) is required.")
            }
            return v
        }
        func time(_ field: Police110Mapping.Field) throws(IntakeError) -> Date? {
            guard let (key, raw) = try value(field) else { return nil }
            guard let d = Timestamp.parse(raw, defaultOffsetSeconds: mapping.utcOffsetSeconds) else {
                throw .invalid(prefix + key, "\(key) is not a time (yyyy-MM-dd HH:mm:ss, RFC 3339, yyyyMMddHHmmss or Unix time).")
            }
            return d
        }
        func coordinate(_ field: Police110Mapping.Field, _ range: ClosedRange<Double>) throws(IntakeError) -> Double? {
            guard let (key, raw) = try value(field) else { return nil }
            guard let d = Double(raw), d.isFinite, range.contains(d) else {
                throw .invalid(prefix + key, "\(key) must be a number between \(range.lowerBound) and \(range.upperBound).")
            }
            return d
        }

        let incidentNo = try required(.incidentNo, "The incident number")
        guard incidentNo.utf8.count <= 100 else {
            throw .invalid(prefix + (mapping.fields[.incidentNo]?.first ?? "incidentNo"), "The incident number is longer than 100 bytes.")
        }
        let text = TextCleaner.clean(try required(.text, "What the caller reported"), keepingLines: true)
        guard !text.isEmpty else {
            throw .invalid(prefix + (mapping.fields[.text]?.first ?? "text"), "What the caller reported is required.")
        }
        let reportedAt = try time(.reportedAt)
        let receivedBy110At = try time(.receivedBy110At)
        let transferredAt = try time(.transferredAt)

        let lat = try coordinate(.lat, -90...90)
        let lng = try coordinate(.lng, -180...180)
        // 0,0 is what some dispatch systems send for "no position".
        let hasPosition = lat != nil && lng != nil && !(lat == 0 && lng == 0)
        var location = Location(address: try value(.address).map { TextCleaner.clean($0.1, keepingLines: false) }, district: try value(.district)?.1)
        if hasPosition, let crs = mapping.crs {
            location.lat = lat
            location.lng = lng
            location.crs = crs
        }

        let level = try value(.level)?.1
        let urgency = level.flatMap { mapping.urgencyByLevel[$0] } ?? mapping.defaultUrgency
        var requestType = RequestType.unknown
        if let (key, raw) = try value(.requestType) {
            guard let t = RequestType.parse(raw) else { throw .invalid(prefix + key, "\(key) is not a request type.") }
            requestType = t
        }

        let provenance = JSON.compactObject([
            ("incidentNo", .string(incidentNo)),
            ("reportedAt", JSON(reportedAt.map(Timestamp.format))),
            ("receivedBy110At", JSON(receivedBy110At.map(Timestamp.format))),
            // A partner that does not say when it transferred did so when we received it.
            ("transferredAt", .string(Timestamp.format(transferredAt ?? receivedAt))),
            ("originalCategory", JSON(try value(.category)?.1)),
            ("originalCategoryName", JSON(try value(.categoryName)?.1)),
            ("level", JSON(level)),
            ("dispatchingUnit", JSON(try value(.dispatchingUnit)?.1)),
            ("district", JSON(location.district)),
            ("lat", hasPosition ? JSON(lat) : .null), ("lng", hasPosition ? JSON(lng) : .null),
            ("crs", hasPosition ? JSON(mapping.crs?.rawValue) : .null),
        ])
        let resolution = try IntakeResolution.channelData(record["resolution"])
        let unmapped = members.filter { !mapped.contains($0.0.lowercased()) && $0.0 != "resolution" }
        return Submission(
            channel: .police110, channelRef: incidentNo, hotline: try value(.hotline)?.1, submittedAt: reportedAt,
            caller: Caller(name: try value(.callerName).map { TextCleaner.clean($0.1, keepingLines: false) }, phone: try value(.callerPhone)?.1),
            requestType: requestType, text: text, location: location.isEmpty ? nil : location, urgency: urgency,
            channelData: .compactObject([("police110", provenance), ("mapping", .string(mapping.name)), ("unmapped", .object(unmapped)),
                                         ("resolution", resolution ?? .null)]),
            entryPoints: try value(.dispatchingUnit).map { [EntryPoint(.police110, $0.1)] } ?? [])
    }

    /// The sign-off receipt (签收) in the partner's mapping: incident number, receipt number, sign time (when the
    /// gateway received the transfer), one object per transfer, an array when the partner sent an array.
    /// A repeated delivery of an incident number signs with the first ticket's receipt number.
    public func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse {
        let parsed = (try? JSON.parse(request.utf8Body().bytes)).flatMap { body in try? records(in: body) }
        guard let mapping = parsed?.0 ?? fallbackMapping else {
            return .json(200, .array(outcomes.map { $0.json() }))
        }
        let receipts = outcomes.map { o in
            mapping.render(mapping.receipt, [
                "incidentNo": JSON(o.channelRef), "receiptNo": JSON(o.receiptNo), "ticketId": JSON(o.ticketId),
                "signTime": mapping.write(request.receivedAt, mapping.receipt.timeFormat), "status": .string(o.status.rawValue),
            ])
        }
        let batch = parsed?.2 ?? (outcomes.count != 1)
        let body: JSON = batch ? .array(receipts) : (receipts.first ?? .object([]))
        return .json(200, body)
    }

    var fallbackMapping: Police110Mapping? {
        switch selection {
        case .fixed(let m): return m
        case .detect(let ms): return ms.first
        }
    }
}
