import Foundation

/// A request as a channel adapter sees it: no sockets, no server types.
public struct ChannelRequest: Sendable {
    public var method: String
    public var path: String
    /// Values of `{name}` segments in the route (`provider` in `/v1/intake/sms/{provider}`).
    public var pathParameters: [String: String]
    public var query: [(name: String, value: String)]
    /// Header names lowercased.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]
    public var receivedAt: Date
    public var clientAddress: String

    public init(method: String = "POST", path: String, pathParameters: [String: String] = [:],
                query: [(name: String, value: String)] = [], headers: [(name: String, value: String)] = [],
                body: [UInt8], receivedAt: Date = Date(), clientAddress: String = "127.0.0.1") {
        self.method = method
        self.path = path
        self.pathParameters = pathParameters
        self.query = query
        self.headers = headers.map { ($0.name.lowercased(), $0.value) }
        self.body = body
        self.receivedAt = receivedAt
        self.clientAddress = clientAddress
    }

    public func header(_ name: String) -> String? {
        let lower = name.lowercased()
        return headers.first { $0.name == lower }?.value
    }

    public func queryValue(_ name: String) -> String? { query.first { $0.name == name }?.value }

    /// The body of a JSON channel as UTF-8. JSON is UTF-8 (RFC 8259), but legacy partners (110 systems among them)
    /// send GBK, labelled (`charset=gbk`) or not: a labelled body is read in its charset, an unlabelled one that is
    /// not valid UTF-8 falls back to GB18030 (`CharsetReading`). `charset` says how when it was not plain UTF-8.
    public func utf8Body() -> (bytes: [UInt8], charset: JSON?) {
        let declared = contentTypeParameter("charset")
        if declared.map(CharsetReading.isUTF8) ?? true, String(validating: body, as: UTF8.self) != nil { return (body, nil) }
        var reading = CharsetReading(label: declared)
        let text = reading.decode(body)
        return (Array(text.utf8), reading.record)
    }

    /// The media type without parameters, lowercased (`application/json`).
    public var mediaType: String {
        (header("content-type") ?? "").split(separator: ";").first.map { HeaderParameters.trimmed($0).lowercased() } ?? ""
    }

    /// A parameter of the Content-Type header (`boundary`, `charset`).
    public func contentTypeParameter(_ name: String) -> String? {
        HeaderParameters.parse(header("content-type") ?? "")[name.lowercased()]
    }
}

/// An answer in the form the sender expects.
public struct ChannelResponse: Sendable {
    public var status: Int
    public var contentType: String
    public var body: [UInt8]
    public var headers: [(name: String, value: String)]

    public init(status: Int, contentType: String, body: [UInt8], headers: [(name: String, value: String)] = []) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.headers = headers
    }

    public static func json(_ status: Int, _ value: JSON) -> ChannelResponse {
        ChannelResponse(status: status, contentType: "application/json; charset=utf-8", body: value.serialized())
    }

    public static func problem(_ error: IntakeError, instance: String? = nil) -> ChannelResponse {
        ChannelResponse(status: error.status, contentType: "application/problem+json", body: error.problem(instance: instance).serialized())
    }
}

/// Turns one channel's requests into submissions, and answers the channel in its own form.
/// An adapter is pure: no I/O, no clock, no ids of its own (time comes in on the request).
public protocol ChannelAdapter: Sendable {
    var channel: Channel { get }

    /// Decodes a request into zero or more submissions, or a typed error naming the field.
    func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission]

    /// The answer once every submission is durable. Default: 202 (200 when all were duplicates) with the outcome.
    func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse

    /// The answer to a refused request. Default: RFC 9457 problem+json.
    func answer(_ error: IntakeError, to request: ChannelRequest) -> ChannelResponse

    /// What happens to a field over its `SubmissionLimits`. Default: truncated and flagged (a machine sender).
    var oversizePolicy: OversizePolicy { get }
}

extension ChannelAdapter {
    public var oversizePolicy: OversizePolicy { .truncate }

    public func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse {
        let allDuplicates = !outcomes.isEmpty && outcomes.allSatisfy { $0.status == .duplicate }
        let status = allDuplicates ? 200 : 202
        if outcomes.count == 1 { return .json(status, outcomes[0].json()) }
        return .json(status, .object([("results", .array(outcomes.map { $0.json() }))]))
    }

    public func answer(_ error: IntakeError, to request: ChannelRequest) -> ChannelResponse {
        .problem(error, instance: request.path)
    }
}

/// Checks that a request comes from who it claims; throws 401 (or 403) otherwise.
public protocol RequestVerifier: Sendable {
    func verify(_ request: ChannelRequest) throws(IntakeError)
}

/// Parameters of a structured header value (`multipart/form-data; boundary="x"`, `form-data; name="a"`).
public enum HeaderParameters {
    public static func parse(_ value: String) -> [String: String] {
        var result: [String: String] = [:]
        var rest = Substring(value)
        // Skip the leading token.
        if let semi = rest.firstIndex(of: ";") { rest = rest[rest.index(after: semi)...] } else { return result }
        while !rest.isEmpty {
            rest = rest.drop { $0 == " " || $0 == "\t" || $0 == ";" }
            guard let eq = rest.firstIndex(of: "=") else { break }
            let name = trimmed(rest[..<eq]).lowercased()
            rest = rest[rest.index(after: eq)...].drop { $0 == " " }
            var value = ""
            if rest.first == "\"" {
                rest = rest.dropFirst()
                var escaped = false
                var end = rest.endIndex
                for i in rest.indices {
                    let c = rest[i]
                    if escaped { value.append(c); escaped = false; continue }
                    if c == "\\" { escaped = true; continue }
                    if c == "\"" { end = i; break }
                    value.append(c)
                }
                rest = end < rest.endIndex ? rest[rest.index(after: end)...] : ""
            } else {
                let end = rest.firstIndex(of: ";") ?? rest.endIndex
                value = trimmed(rest[..<end])
                rest = rest[end...]
            }
            result[name] = value
        }
        return result
    }

    /// `trimmingCharacters(in: .whitespaces)`: spaces and tabs, the only ASCII characters in that set, trimmed without
    /// Foundation's character set when the text is ASCII (header values are; this runs on every request).
    static func trimmed(_ s: Substring) -> String {
        let u = s.utf8
        guard u.allSatisfy({ $0 < 0x80 }) else { return s.trimmingCharacters(in: .whitespaces) }
        var start = u.startIndex
        var end = u.endIndex
        while start < end, u[start] == 0x20 || u[start] == 0x09 { start = u.index(after: start) }
        while end > start, u[u.index(before: end)] == 0x20 || u[u.index(before: end)] == 0x09 { end = u.index(before: end) }
        return String(s[start..<end])
    }
}
