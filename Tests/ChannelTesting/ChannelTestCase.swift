import Foundation
import Testing
import IntakeCore

/// What a submission decoded from a test request should hold; nil members are not checked.
public struct ExpectedSubmission: Sendable {
    public var text: String?
    public var textContains: String?
    public var channelRef: String?
    public var phone: String?
    public var email: String?
    public var openId: String?
    public var name: String?
    public var anonymous: Bool?
    public var requestType: RequestType?
    public var subject: String?
    public var address: String?
    public var urgency: Urgency?
    public var hotline: String?
    public var attachments: Int?
    public var recordOnly: Bool?
    /// Any further check on the decoded submission.
    public var check: (@Sendable (Submission) -> Void)?

    public init(text: String? = nil, textContains: String? = nil, channelRef: String? = nil, phone: String? = nil,
                email: String? = nil, openId: String? = nil, name: String? = nil, anonymous: Bool? = nil,
                requestType: RequestType? = nil, subject: String? = nil, address: String? = nil, urgency: Urgency? = nil,
                hotline: String? = nil, attachments: Int? = nil, recordOnly: Bool? = nil,
                check: (@Sendable (Submission) -> Void)? = nil) {
        self.text = text
        self.textContains = textContains
        self.channelRef = channelRef
        self.phone = phone
        self.email = email
        self.openId = openId
        self.name = name
        self.anonymous = anonymous
        self.requestType = requestType
        self.subject = subject
        self.address = address
        self.urgency = urgency
        self.hotline = hotline
        self.attachments = attachments
        self.recordOnly = recordOnly
        self.check = check
    }
}

/// One row of a channel's table: a raw request and what must come of it.
public struct ChannelTestCase: Sendable {
    public enum Expectation: Sendable {
        case submissions([ExpectedSubmission])
        /// Refused with this error code (and field, when given).
        case error(IntakeError.Code, field: String? = nil)
    }

    public var label: String
    public var request: ChannelRequest
    public var expected: Expectation

    public init(_ label: String, _ request: ChannelRequest, _ expected: Expectation) {
        self.label = label
        self.request = request
        self.expected = expected
    }
}

/// The shared verifier every channel's table runs through (after nyaruka/courier's RunIncomingTestCases):
/// verify the request when a verifier is given, decode it, compare with the expectation.
public func runChannelTestCases(
    _ adapter: some ChannelAdapter, _ cases: [ChannelTestCase], verifier: (any RequestVerifier)? = nil,
    sourceLocation: SourceLocation = #_sourceLocation
) {
    for c in cases {
        let result: Result<[Submission], IntakeError>
        do {
            try verifier?.verify(c.request)
            result = .success(try adapter.decode(c.request))
        } catch {
            result = .failure(error)
        }
        switch (c.expected, result) {
        case (.error(let code, let field), .failure(let error)):
            #expect(error.code == code, "\(c.label): expected \(code), got \(error)", sourceLocation: sourceLocation)
            if let field { #expect(error.field == field, "\(c.label): expected field \(field), got \(error.field ?? "none")", sourceLocation: sourceLocation) }
            // Every refusal renders as problem+json naming its status.
            let problem = error.problem()
            #expect(problem["status"]?.intValue == Int64(error.status), sourceLocation: sourceLocation)
        case (.error(let code, _), .success(let subs)):
            Issue.record("\(c.label): expected \(code), got \(subs.count) submission(s): \(subs.map(\.text))", sourceLocation: sourceLocation)
        case (.submissions(let expected), .failure(let error)):
            Issue.record("\(c.label): expected \(expected.count) submission(s), got \(error)", sourceLocation: sourceLocation)
        case (.submissions(let expected), .success(let subs)):
            guard subs.count == expected.count else {
                Issue.record("\(c.label): expected \(expected.count) submission(s), got \(subs.count)", sourceLocation: sourceLocation)
                continue
            }
            for (e, s) in zip(expected, subs) { compare(c.label, e, s, sourceLocation) }
        }
    }
}

func compare(_ label: String, _ e: ExpectedSubmission, _ s: Submission, _ loc: SourceLocation) {
    func check<T: Equatable>(_ name: String, _ want: T?, _ got: T?) {
        if let want { #expect(got == want, "\(label): \(name) is \(String(describing: got)), expected \(want)", sourceLocation: loc) }
    }
    check("text", e.text, s.text)
    if let part = e.textContains { #expect(s.text.contains(part), "\(label): text \"\(s.text)\" lacks \"\(part)\"", sourceLocation: loc) }
    check("channelRef", e.channelRef, s.channelRef)
    check("phone", e.phone, s.caller.phone)
    check("email", e.email, s.caller.email)
    check("openId", e.openId, s.caller.openId)
    check("name", e.name, s.caller.name)
    check("anonymous", e.anonymous, s.caller.anonymous)
    check("requestType", e.requestType, s.requestType)
    check("subject", e.subject, s.subject)
    check("address", e.address, s.location?.address)
    check("urgency", e.urgency, s.urgency)
    check("hotline", e.hotline, s.hotline)
    check("attachments", e.attachments, s.attachments.count)
    if let recordOnly = e.recordOnly {
        let isRecord: Bool
        if case .recordOnly = s.disposition { isRecord = true } else { isRecord = false }
        #expect(isRecord == recordOnly, "\(label): recordOnly is \(isRecord)", sourceLocation: loc)
    }
    e.check?(s)
}

/// Building test requests.
public enum TestRequests {
    public static let fixedDate = Date(timeIntervalSince1970: 1_795_400_000)  // 2026-11-22T...

    public static func post(_ path: String, contentType: String?, body: [UInt8], headers: [(String, String)] = [],
                            query: [(String, String)] = [], pathParameters: [String: String] = [:], at date: Date = fixedDate) -> ChannelRequest {
        var h = headers.map { (name: $0.0, value: $0.1) }
        if let contentType { h.append((name: "content-type", value: contentType)) }
        return ChannelRequest(method: "POST", path: path, pathParameters: pathParameters, query: query.map { (name: $0.0, value: $0.1) },
                              headers: h, body: body, receivedAt: date)
    }

    public static func json(_ path: String, _ text: String, headers: [(String, String)] = [], pathParameters: [String: String] = [:]) -> ChannelRequest {
        post(path, contentType: "application/json", body: Array(text.utf8), headers: headers, pathParameters: pathParameters)
    }

    /// Standard Webhooks headers over `body`, signed with `secret` at `date`.
    public static func signatureHeaders(secret: String, body: [UInt8], id: String = "msg_test", at date: Date = fixedDate) -> [(String, String)] {
        StandardWebhooks(secret: secret).headers(id: id, timestamp: Int64(date.timeIntervalSince1970), body: body)
    }

    /// A fixture file's bytes from a test target's bundle `Fixtures/` folder.
    public static func fixture(_ name: String, bundle: Bundle) throws -> [UInt8] {
        let url = try #require(bundle.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
                               "fixture \(name) is missing")
        return Array(try Data(contentsOf: url))
    }
}

/// A clock that says what the test tells it.
public struct FixedClock: IntakeClock {
    public let date: Date
    public init(_ date: Date = TestRequests.fixedDate) { self.date = date }
    public func now() -> Date { date }
}
