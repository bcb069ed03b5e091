/// A domain error: an opaque code behind static members, the HTTP status it becomes, the field it names,
/// and whether the sender may retry. Rendered at the edge as RFC 9457 `application/problem+json`.
public struct IntakeError: Error, Sendable, Equatable, CustomStringConvertible {
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        public let rawValue: String
        public let status: Int
        public let title: String
        public let retryable: Bool

        public var description: String { rawValue }
        public static func == (a: Code, b: Code) -> Bool { a.rawValue == b.rawValue }
        public func hash(into hasher: inout Hasher) { hasher.combine(rawValue) }

        public static let malformedBody = Code(rawValue: "malformed-body", status: 400, title: "The request body cannot be read", retryable: false)
        public static let unauthorized = Code(rawValue: "unauthorized", status: 401, title: "The request is not authenticated", retryable: false)
        public static let forbidden = Code(rawValue: "forbidden", status: 403, title: "The sender is not allowed", retryable: false)
        public static let notFound = Code(rawValue: "not-found", status: 404, title: "No such resource", retryable: false)
        public static let methodNotAllowed = Code(rawValue: "method-not-allowed", status: 405, title: "Method not allowed on this resource", retryable: false)
        public static let conflict = Code(rawValue: "idempotency-conflict", status: 409, title: "The idempotency key was used with a different submission", retryable: false)
        public static let stateConflict = Code(rawValue: "state-conflict", status: 409, title: "The resource is not in a state that allows this", retryable: false)
        public static let gone = Code(rawValue: "gone", status: 410, title: "The resource is no longer available", retryable: false)
        public static let payloadTooLarge = Code(rawValue: "payload-too-large", status: 413, title: "The request body is too large", retryable: false)
        public static let uriTooLong = Code(rawValue: "uri-too-long", status: 414, title: "The request target is too long", retryable: false)
        public static let headersTooLarge = Code(rawValue: "headers-too-large", status: 431, title: "The request headers are too large", retryable: false)
        public static let unsupportedMediaType = Code(rawValue: "unsupported-media-type", status: 415, title: "The content type is not accepted here", retryable: false)
        public static let invalidField = Code(rawValue: "invalid-field", status: 422, title: "A field is missing or invalid", retryable: false)
        public static let rateLimited = Code(rawValue: "rate-limited", status: 429, title: "Too many requests", retryable: true)
        public static let unavailable = Code(rawValue: "unavailable", status: 503, title: "The gateway cannot store submissions right now", retryable: true)
        public static let internalError = Code(rawValue: "internal", status: 500, title: "Internal error", retryable: true)
    }

    public let code: Code
    public let detail: String
    /// The field at fault, as a JSON pointer-like path (`caller.phone`, `attachments[1]`).
    public let field: String?

    public init(_ code: Code, _ detail: String, field: String? = nil) {
        self.code = code
        self.detail = detail
        self.field = field
    }

    public var status: Int { code.status }
    public var retryable: Bool { code.retryable }
    public var description: String { "\(code.rawValue): \(detail)" + (field.map { " [\($0)]" } ?? "") }

    public static func malformed(_ detail: String, field: String? = nil) -> IntakeError { .init(.malformedBody, detail, field: field) }
    public static func invalid(_ field: String, _ detail: String) -> IntakeError { .init(.invalidField, detail, field: field) }
    public static func unauthorized(_ detail: String) -> IntakeError { .init(.unauthorized, detail) }

    /// RFC 9457 problem details. `type` is a stable URI per code; `field` and `errors` extend it.
    public func problem(instance: String? = nil) -> JSON {
        var members: [(String, JSON)] = [
            ("type", .string("https://12345-intake.example/problems/\(code.rawValue)")),
            ("title", .string(code.title)),
            ("status", .int(Int64(code.status))),
            ("detail", .string(detail)),
        ]
        if let instance { members.append(("instance", .string(instance))) }
        if let field {
            members.append(("field", .string(field)))
            members.append(("errors", .array([.object([("field", .string(field)), ("detail", .string(detail))])])))
        }
        members.append(("retryable", .bool(code.retryable)))
        return .object(members)
    }
}
