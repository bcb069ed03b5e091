import Foundation
import IntakeCore

/// Limits on what the city's mini-program backend may send.
public struct MiniProgramSubmissionConfiguration: Sendable {
    /// wx.chooseMedia picks at most 9 images.
    public var maxPhotos: Int
    public var maxTextCharacters: Int

    public init(maxPhotos: Int = 9, maxTextCharacters: Int = 10_000) {
        self.maxPhotos = maxPhotos
        self.maxTextCharacters = maxTextCharacters
    }
}

/// `POST /v1/intake/miniprogram/submissions`: a structured report from the city's own mini-program backend,
/// signed the Standard Webhooks way with the `miniprogram` secret; answered 202 with the receipt number the
/// mini-program shows.
///
/// The channelRef is `submission:<submissionId>`: the prefix keeps the backend's ids apart from WeChat MsgIds,
/// which share the `miniprogram` channel's idempotency namespace.
public struct MiniProgramSubmissionAdapter: ChannelAdapter {
    public let channel = Channel.miniprogram
    public let configuration: MiniProgramSubmissionConfiguration

    /// The prefix of a structured submission's channelRef.
    public static let channelRefPrefix = "submission:"

    public init(configuration: MiniProgramSubmissionConfiguration = MiniProgramSubmissionConfiguration()) {
        self.configuration = configuration
    }

    /// The mini-program's backend sends structured fields it can check: a field over its limit is a 422.
    public var oversizePolicy: OversizePolicy { .refuse }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        guard request.mediaType == "application/json" || request.mediaType.hasSuffix("+json") else {
            throw IntakeError(.unsupportedMediaType, "Send the submission as application/json.", field: "Content-Type")
        }
        let json: JSON
        do { json = try JSON.parse(request.body) } catch { throw .malformed("The body is not valid JSON: \(error).") }
        guard json.objectValue != nil else { throw .malformed("The body must be a JSON object, not \(json.typeName).") }
        return [try submission(from: json)]
    }

    func submission(from j: JSON) throws(IntakeError) -> Submission {
        func string(_ key: String, in object: JSON? = nil, path: String? = nil) throws(IntakeError) -> String? {
            let field = path ?? key
            guard let v = (object ?? j)[key], !v.isNull else { return nil }
            let s: String
            switch v {
            case .string(let x): s = x
            case .int(let i): s = String(i)
            default: throw .invalid(field, "\(field) must be a string, not \(v.typeName).")
            }
            let t = s.trimmingASCIIWhitespace()
            return t.isEmpty ? nil : t
        }
        func number(_ key: String, in object: JSON, path: String) throws(IntakeError) -> Double? {
            guard let v = object[key], !v.isNull else { return nil }
            guard let d = v.doubleValue, d.isFinite else { throw .invalid(path, "\(path) must be a number.") }
            return d
        }

        if let v = j["submissionId"], case .double = v {
            throw .invalid("submissionId", "submissionId must be a string or an integer, not a fractional number.")
        }
        guard let submissionId = try string("submissionId") else { throw .invalid("submissionId", "submissionId is required.") }
        guard submissionId.utf8.count <= 200 else { throw .invalid("submissionId", "submissionId is longer than 200 bytes.") }
        guard let openId = try string("openId") else { throw .invalid("openId", "openId (the citizen's openid) is required.") }
        guard let rawText = try string("text") else { throw .invalid("text", "Say what happened: text is required.") }
        let text = TextCleaner.clean(rawText, keepingLines: true)
        guard !text.isEmpty else { throw .invalid("text", "Say what happened: text is required.") }
        guard text.unicodeScalars.count <= configuration.maxTextCharacters else {
            throw .invalid("text", "text is longer than \(configuration.maxTextCharacters) characters.")
        }
        var requestType = RequestType.unknown
        if let raw = try string("requestType") {
            guard let t = RequestType.parse(raw) else {
                throw .invalid("requestType", "requestType must be one of \(RequestType.allCases.map(\.rawValue).joined(separator: ", ")).")
            }
            requestType = t
        }
        var submittedAt: Date?
        if let raw = try string("submittedAt") {
            guard let d = Timestamp.parse(raw) else { throw .invalid("submittedAt", "submittedAt must be an RFC 3339 timestamp.") }
            submittedAt = d
        }

        var location: Location?
        if let l = j["location"], !l.isNull {
            guard l.objectValue != nil else { throw .invalid("location", "location must be an object with address, lat, lng and crs.") }
            var loc = Location()
            loc.address = try string("address", in: l, path: "location.address")
            loc.lat = try number("lat", in: l, path: "location.lat")
            loc.lng = try number("lng", in: l, path: "location.lng")
            if let lat = loc.lat, !(-90...90).contains(lat) { throw .invalid("location.lat", "lat must be between -90 and 90.") }
            if let lng = loc.lng, !(-180...180).contains(lng) { throw .invalid("location.lng", "lng must be between -180 and 180.") }
            if (loc.lat == nil) != (loc.lng == nil) {
                throw .invalid(loc.lat == nil ? "location.lat" : "location.lng", "lat and lng come together.")
            }
            if loc.lat != nil {
                // wx.getLocation defaults to wgs84 while map components use gcj02: never guess which.
                guard let rawCRS = try string("crs", in: l, path: "location.crs") else {
                    throw .invalid("location.crs", "Coordinates need their system: crs is wgs84, gcj02 or bd09.")
                }
                guard let crs = CoordinateSystem.parse(rawCRS) else {
                    throw .invalid("location.crs", "crs must be wgs84, gcj02 or bd09.")
                }
                loc.crs = crs
            }
            location = loc.isEmpty ? nil : loc
        }

        var attachments: [AttachmentData] = []
        if let p = j["photos"], !p.isNull {
            guard let photos = p.arrayValue else { throw .invalid("photos", "photos must be an array of {url, sha256}.") }
            guard photos.count <= configuration.maxPhotos else {
                throw .invalid("photos", "At most \(configuration.maxPhotos) photos may be attached.")
            }
            for (i, photo) in photos.enumerated() {
                guard photo.objectValue != nil else { throw .invalid("photos[\(i)]", "Each photo is an object {url, sha256}.") }
                guard let url = try string("url", in: photo, path: "photos[\(i)].url"),
                      url.lowercased().hasPrefix("https://") || url.lowercased().hasPrefix("http://")
                else { throw .invalid("photos[\(i)].url", "Each photo needs an http(s) url.") }
                guard let sha = try string("sha256", in: photo, path: "photos[\(i)].sha256")?.lowercased(),
                      sha.utf8.count == 64, sha.utf8.allSatisfy({ (48...57).contains($0) || (97...102).contains($0) })
                else { throw .invalid("photos[\(i)].sha256", "Each photo needs its SHA-256 as 64 hex digits.") }
                // The photo stays where the backend keeps it: the ticket carries its link and digest, not its bytes.
                var data = AttachmentData(name: Self.filename(url, index: i), contentType: Self.mediaType(url), bytes: [])
                data.attachment = Attachment(name: data.attachment.name, contentType: data.attachment.contentType, size: 0,
                                             sha256: sha, url: url)
                attachments.append(data)
            }
        }

        let phone = try string("phone")
        return Submission(
            channel: .miniprogram, channelRef: Self.channelRefPrefix + submissionId, submittedAt: submittedAt,
            caller: Caller(name: try string("name"), phone: phone, openId: openId),
            requestType: requestType, text: text, location: location, attachments: attachments,
            channelData: .object([("miniprogram", .object([("submissionId", .string(submissionId))]))]),
            entryPoints: try string("appId").map { [EntryPoint(.wechat, $0)] } ?? [])
    }

    static func filename(_ url: String, index: Int) -> String {
        let path = url.split(separator: "?").first.map(String.init) ?? url
        let last = path.split(separator: "/").last.map(String.init) ?? ""
        return last.isEmpty || last.contains(":") ? "photo-\(index + 1)" : String(last.prefix(200))
    }

    /// A media type from the link's extension; the bytes are not here to sniff.
    static func mediaType(_ url: String) -> String {
        let path = (url.split(separator: "?").first.map(String.init) ?? url).lowercased()
        if path.hasSuffix(".jpg") || path.hasSuffix(".jpeg") { return "image/jpeg" }
        if path.hasSuffix(".png") { return "image/png" }
        if path.hasSuffix(".webp") { return "image/webp" }
        if path.hasSuffix(".gif") { return "image/gif" }
        if path.hasSuffix(".heic") { return "image/heic" }
        return "application/octet-stream"
    }
}
