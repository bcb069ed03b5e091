import Foundation
import IntakeCore

/// Limits on photos a citizen attaches to the web form.
public struct WebFormConfiguration: Sendable {
    public var maxFileBytes: Int
    public var maxTotalBytes: Int
    public var maxFiles: Int
    /// Accepted media types; the bytes must also look like the type (magic numbers), whatever the label says.
    public var allowedTypes: Set<String>
    public var maxTextCharacters: Int

    public init(maxFileBytes: Int = 5 << 20, maxTotalBytes: Int = 20 << 20, maxFiles: Int = 9,
                allowedTypes: Set<String> = ["image/jpeg", "image/png", "image/webp", "image/gif", "image/heic", "application/pdf"],
                maxTextCharacters: Int = 10_000) {
        self.maxFileBytes = maxFileBytes
        self.maxTotalBytes = maxTotalBytes
        self.maxFiles = maxFiles
        self.allowedTypes = allowedTypes
        self.maxTextCharacters = maxTextCharacters
    }
}

/// The citizen web form: `POST /v1/intake/web` as JSON, urlencoded or multipart with photos.
/// An `Idempotency-Key` header makes a resubmission return the first ticket.
public struct WebFormAdapter: ChannelAdapter {
    public let channel = Channel.web
    /// The longest `Idempotency-Key` taken (openapi.yaml says so); a longer one is refused with 422.
    public static let maxIdempotencyKeyLength = 200
    public let configuration: WebFormConfiguration

    public init(configuration: WebFormConfiguration = WebFormConfiguration()) {
        self.configuration = configuration
    }

    /// A citizen at a form can shorten what they typed: a field over its limit is a 422 naming it.
    public var oversizePolicy: OversizePolicy { .refuse }

    /// The public answer says nothing about other tickets: a number or address typed into the form is unverified,
    /// so whether it has an open case (a repeat) or belongs to an incident is for operators, not for whoever typed
    /// it. A repeat is answered as a new ticket, without `repeatOf` or `clusterId`; the stored ticket keeps both.
    public func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse {
        let told = outcomes.map { o -> IntakeOutcome in
            var o = o
            if o.status == .repeat { o.status = .created }
            o.repeatOf = nil
            o.clusterId = nil
            return o
        }
        let allDuplicates = !told.isEmpty && told.allSatisfy { $0.status == .duplicate }
        return .json(allDuplicates ? 200 : 202, told.count == 1 ? told[0].json() : .object([("results", .array(told.map { $0.json() }))]))
    }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        var fields: [String: JSON] = [:]
        var files: [(field: String, filename: String?, contentType: String?, bytes: [UInt8])] = []
        var charset: JSON?
        switch request.mediaType {
        case "application/json", "text/json", "application/merge-patch+json":
            let json: JSON
            let body = request.utf8Body()
            charset = body.charset
            do { json = try JSON.parse(body.bytes) } catch {
                throw .malformed("The body is not valid JSON: \(error).")
            }
            guard let members = json.objectValue else {
                throw .malformed("The body must be a JSON object, not \(json.typeName).")
            }
            for (k, v) in members { fields[k] = v }
            if let attachments = fields["attachments"], !attachments.isNull {
                guard let list = attachments.arrayValue else { throw .invalid("attachments", "attachments must be an array.") }
                for (i, a) in list.enumerated() {
                    guard let data = a["data"]?.stringValue, let bytes = Data(base64Encoded: data, options: .ignoreUnknownCharacters) else {
                        throw .invalid("attachments[\(i)].data", "Each attachment needs its content as base64 in data.")
                    }
                    files.append(("attachments", a["name"]?.stringValue, a["contentType"]?.stringValue, Array(bytes)))
                }
            }
        case "application/x-www-form-urlencoded":
            let form = URLEncodedForm.parseReporting(request.body, charset: request.contentTypeParameter("charset"))
            for (k, v) in form.pairs where k != "_charset_" { fields[k] = .string(v) }
            charset = form.charset
        case "multipart/form-data":
            guard let boundary = request.contentTypeParameter("boundary") else {
                throw .malformed("multipart/form-data needs a boundary parameter.", field: "Content-Type")
            }
            let parts = try MultipartForm.parse(request.body, boundary: boundary, limits: .init(maxParts: configuration.maxFiles + 40))
            // A browser names the page's encoding in a `_charset_` field; parts without their own charset are in it.
            var reading = CharsetReading(label: parts.first { $0.name == "_charset_" && $0.filename == nil }
                .map { String(decoding: $0.body, as: UTF8.self).trimmingASCIIWhitespace() })
            for part in parts where part.name != "_charset_" {
                if part.filename != nil || (part.contentType.map { !$0.hasPrefix("text/plain") } ?? false) {
                    if part.body.isEmpty && (part.filename ?? "").isEmpty { continue }  // an empty file input
                    files.append((part.name, part.filename, part.contentType, part.body))
                } else {
                    fields[part.name] = .string(part.text(&reading))
                }
            }
            charset = reading.record
        case "":
            throw IntakeError(.unsupportedMediaType, "Content-Type is missing; send application/json, application/x-www-form-urlencoded or multipart/form-data.", field: "Content-Type")
        default:
            throw IntakeError(.unsupportedMediaType, "\(request.mediaType) is not accepted; send application/json, application/x-www-form-urlencoded or multipart/form-data.", field: "Content-Type")
        }
        var submission = try submission(from: fields, files: files, request: request)
        if let charset { submission.channelData = .object([("charsets", charset)]) }
        return [submission]
    }

    func submission(from fields: [String: JSON], files: [(field: String, filename: String?, contentType: String?, bytes: [UInt8])],
                    request: ChannelRequest) throws(IntakeError) -> Submission {
        func string(_ name: String, _ aliases: String...) throws(IntakeError) -> String? {
            for key in [name] + aliases {
                guard let v = fields[key], !v.isNull else { continue }
                guard let s = v.stringValue else { throw .invalid(key, "\(key) must be a string, not \(v.typeName).") }
                let t = s.trimmingASCIIWhitespace()
                return t.isEmpty ? nil : t
            }
            return nil
        }
        func bool(_ name: String) throws(IntakeError) -> Bool {
            guard let v = fields[name], !v.isNull else { return false }
            guard let b = v.boolValue else { throw .invalid(name, "\(name) must be true or false.") }
            return b
        }
        func number(_ name: String, _ aliases: String...) throws(IntakeError) -> Double? {
            for key in [name] + aliases {
                guard let v = fields[key], !v.isNull else { continue }
                if case .string(let s) = v, s.trimmingASCIIWhitespace().isEmpty { return nil }
                guard let d = v.doubleValue, d.isFinite else { throw .invalid(key, "\(key) must be a number.") }
                return d
            }
            return nil
        }

        let anonymous = try bool("anonymous")
        let confidential = try bool("confidential")
        let rawText = try string("text", "content", "description")
        guard let rawText else { throw .invalid("text", "Say what happened: text is required.") }
        // Kept as typed; cleaning here only decides whether anything was said.
        let text = TextCleaner.clean(rawText, keepingLines: true)
        guard !text.isEmpty else { throw .invalid("text", "Say what happened: text is required.") }
        guard text.unicodeScalars.count <= configuration.maxTextCharacters else {
            throw .invalid("text", "text is longer than \(configuration.maxTextCharacters) characters.")
        }
        let phone = try string("phone", "mobile", "tel")
        let email = try string("email")
        if let email, !email.contains("@") || email.contains(" ") { throw .invalid("email", "email is not an e-mail address.") }
        if !anonymous && phone == nil && email == nil {
            throw .invalid("phone", "Give a phone number or an e-mail address so the hotline can answer, or set anonymous to true.")
        }
        var requestType = RequestType.unknown
        if let raw = try string("requestType", "type") {
            guard let t = RequestType.parse(raw) else {
                throw .invalid("requestType", "requestType must be one of \(RequestType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            requestType = t
        }
        var urgency: Urgency?
        if let raw = try string("urgency") {
            guard let u = Urgency.parse(raw) else { throw .invalid("urgency", "urgency must be A, B or C.") }
            urgency = u
        }
        var submittedAt: Date?
        if let raw = try string("submittedAt") {
            guard let d = Timestamp.parse(raw) else { throw .invalid("submittedAt", "submittedAt must be an RFC 3339 timestamp.") }
            submittedAt = d
        }

        // Location: flat fields or a nested object.
        var loc = Location()
        let nested = fields["location"]
        if let nested, !nested.isNull, nested.objectValue == nil {
            throw .invalid("location", "location must be an object with address, lat, lng and crs.")
        }
        func nestedString(_ k: String) -> String? { nested?[k]?.scalarText.map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 } }
        loc.address = try string("address") ?? nestedString("address")
        loc.district = try string("district") ?? nestedString("district")
        loc.lat = try number("lat", "latitude") ?? nested?["lat"]?.doubleValue
        loc.lng = try number("lng", "lon", "longitude") ?? nested?["lng"]?.doubleValue
        if let lat = loc.lat, !(-90...90).contains(lat) { throw .invalid("location.lat", "lat must be between -90 and 90.") }
        if let lng = loc.lng, !(-180...180).contains(lng) { throw .invalid("location.lng", "lng must be between -180 and 180.") }
        if (loc.lat == nil) != (loc.lng == nil) { throw .invalid(loc.lat == nil ? "location.lat" : "location.lng", "lat and lng come together.") }
        if loc.lat != nil {
            let rawCRS = try string("crs") ?? nestedString("crs")
            guard let rawCRS else { throw .invalid("location.crs", "Coordinates need their system: crs is wgs84, gcj02 or bd09.") }
            guard let crs = CoordinateSystem.parse(rawCRS) else { throw .invalid("location.crs", "crs must be wgs84, gcj02 or bd09.") }
            loc.crs = crs
        }

        // Attachments.
        var attachments: [AttachmentData] = []
        var total = 0
        guard files.count <= configuration.maxFiles else {
            throw .invalid("attachments", "At most \(configuration.maxFiles) files may be attached.")
        }
        for (i, f) in files.enumerated() {
            let field = "attachments[\(i)]"
            guard f.bytes.count <= configuration.maxFileBytes else {
                throw .invalid(field, "\(f.filename ?? "file \(i + 1)") is \(f.bytes.count) bytes; the limit is \(configuration.maxFileBytes).")
            }
            total += f.bytes.count
            guard total <= configuration.maxTotalBytes else {
                throw .invalid("attachments", "Attachments total more than \(configuration.maxTotalBytes) bytes.")
            }
            guard !f.bytes.isEmpty else { throw .invalid(field, "\(f.filename ?? "file \(i + 1)") is empty.") }
            guard let sniffed = MediaSniffer.type(of: f.bytes), configuration.allowedTypes.contains(sniffed) else {
                throw .invalid(field, "\(f.filename ?? "file \(i + 1)") is not an accepted type (\(configuration.allowedTypes.sorted().joined(separator: ", "))).")
            }
            let name = f.filename.map { sanitizeFilename($0) } ?? "attachment-\(i + 1)"
            attachments.append(AttachmentData(name: name, contentType: sniffed, bytes: f.bytes))
        }

        let name = try string("name")
        let key = request.header("idempotency-key").map { $0.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        if let key, key.count > Self.maxIdempotencyKeyLength {
            throw IntakeError.invalid("Idempotency-Key", "Idempotency-Key is \(key.count) characters; at most \(Self.maxIdempotencyKeyLength) are allowed.")
        }
        return Submission(
            channel: .web, channelRef: key,
            hotline: try string("hotline"), submittedAt: submittedAt,
            caller: Caller(name: name, phone: phone, email: email, anonymous: anonymous, confidential: confidential),
            requestType: requestType, subject: try string("subject", "title"), text: rawText,
            location: loc.isEmpty ? nil : loc, urgency: urgency, attachments: attachments)
    }

    func sanitizeFilename(_ name: String) -> String {
        let base = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? name
        let cleaned = String(base.unicodeScalars.filter { $0.value >= 0x20 && $0 != "\u{7F}" }.map(Character.init))
        return cleaned.isEmpty ? "attachment" : String(cleaned.prefix(200))
    }
}

/// Media types from the first bytes; what a file claims to be is not trusted.
public enum MediaSniffer {
    public static func type(of b: [UInt8]) -> String? {
        if b.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if b.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) { return "image/png" }
        if b.starts(with: Array("GIF87a".utf8)) || b.starts(with: Array("GIF89a".utf8)) { return "image/gif" }
        if b.count >= 12, b.starts(with: Array("RIFF".utf8)), Array(b[8..<12]) == Array("WEBP".utf8) { return "image/webp" }
        if b.count >= 12, Array(b[4..<8]) == Array("ftyp".utf8) {
            let brand = String(decoding: b[8..<12], as: UTF8.self)
            if ["heic", "heix", "mif1", "msf1", "heim", "heis"].contains(brand) { return "image/heic" }
        }
        if b.starts(with: Array("%PDF-".utf8)) { return "application/pdf" }
        return nil
    }
}
