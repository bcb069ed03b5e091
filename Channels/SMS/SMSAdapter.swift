import Foundation
import IntakeCore

/// SMS uplink (上行短信) at `POST /v1/intake/sms/{provider}`: Aliyun, Tencent Cloud, Twilio and CMPP DELIVERs.
///
/// Every message becomes one submission whose `channelRef` is `<provider>:<the provider's message id>`, so a
/// provider's retry of the same message is a duplicate, never a second ticket. One part of a long CMPP message
/// carries a `Fragment`; the store joins the parts. Status reports are recorded without a ticket.
public struct SMSAdapter: ChannelAdapter {
    public let channel = Channel.sms
    public let configuration: SMSConfiguration

    public init(configuration: SMSConfiguration = SMSConfiguration()) {
        self.configuration = configuration
    }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        switch try SMSProvider.of(request) {
        case .aliyun: return try decodeAliyun(request)
        case .tencent: return try decodeTencent(request)
        case .twilio: return try decodeTwilio(request)
        case .cmpp: return try decodeCMPP(request)
        }
    }

    /// Each provider's own acknowledgement, once every message of the request is durable.
    public func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse {
        switch try? SMSProvider.of(request) {
        case .aliyun:
            // Aliyun stops retrying only on exactly this answer.
            return .json(200, .object([("code", .int(0)), ("msg", .string("接收成功"))]))
        case .tencent:
            return .json(200, .object([("result", .int(0)), ("errmsg", .string("OK"))]))
        case .twilio:
            return ChannelResponse(status: 200, contentType: "text/xml; charset=utf-8", body: Array(SMSAdapter.emptyTwiML.utf8))
        case .cmpp, nil:
            let allDuplicates = !outcomes.isEmpty && outcomes.allSatisfy { $0.status == .duplicate }
            let status = allDuplicates ? 200 : 202
            if outcomes.count == 1 { return .json(status, outcomes[0].json()) }
            return .json(status, .object([("results", .array(outcomes.map { $0.json() }))]))
        }
    }

    /// A TwiML document that sends no reply.
    public static let emptyTwiML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response></Response>"

    // MARK: - Shared helpers

    /// Parses a JSON body; 400 when it is not JSON.
    func parseJSON(_ request: ChannelRequest) throws(IntakeError) -> JSON {
        guard !request.body.isEmpty else { throw .malformed("The body is empty; a JSON document is expected.") }
        do { return try JSON.parse(request.body) } catch {
            throw .malformed("The body is not valid JSON: \(error).")
        }
    }

    /// A scalar member as text (an id sent as number or string reads the same); nil when absent or null,
    /// 422 when it is an object or array.
    func scalar(_ object: JSON, _ key: String, field: String) throws(IntakeError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.scalarText else { throw .invalid(field, "\(key) must be a string or number, not \(value.typeName).") }
        let trimmed = text.trimmingASCIIWhitespace()
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A member that must be a string when present.
    func string(_ object: JSON, _ key: String, field: String) throws(IntakeError) -> String? {
        guard let value = object[key], !value.isNull else { return nil }
        guard let text = value.stringValue else { throw .invalid(field, "\(key) must be a string, not \(value.typeName).") }
        return text
    }

    /// The message text, refused when nothing is left after normalization.
    func messageText(_ raw: String?, field: String) throws(IntakeError) -> String {
        guard let raw, !TextNormalizer.normalize(raw).isEmpty else {
            throw .invalid(field, "The message has no text.")
        }
        return raw
    }

    /// Field names inside a batch: `[2].content`; a lone object's fields go unprefixed.
    func fieldName(_ key: String, index: Int?) -> String {
        index.map { "[\($0)].\(key)" } ?? key
    }

    /// Decodes each message of a batch. One message: its error is the answer. Several: a message that cannot be read
    /// is recorded (kept, with the reason, but no ticket) and the others go on, because the provider retries the
    /// whole batch for hours on any error and one bad message would hold up every complaint in it.
    func decodeBatch(_ items: [(index: Int?, message: JSON)], provider: String,
                     _ decodeOne: (Int?, JSON) throws(IntakeError) -> Submission) throws(IntakeError) -> [Submission] {
        if items.count == 1 { return [try decodeOne(items[0].index, items[0].message)] }
        var result: [Submission] = []
        for (index, message) in items {
            do {
                result.append(try decodeOne(index, message))
            } catch {
                let digest = hexString(Digest.sha256(message.serialized()).prefix(8))
                result.append(Submission(
                    channel: .sms, channelRef: "\(provider):unreadable:\(digest)", text: "",
                    channelData: .object([("provider", .string(provider)), ("error", error.problem()), ("message", message)]),
                    disposition: .recordOnly(reason: "unreadable \(provider) message: \(error.detail)")))
            }
        }
        return result
    }

    /// The members of a JSON object (or each object of an array), with their index in the array when there is one.
    func messages(_ json: JSON) throws(IntakeError) -> [(index: Int?, message: JSON)] {
        switch json {
        case .object: return [(nil, json)]
        case .array(let items):
            guard !items.isEmpty else { throw .invalid("body", "The batch holds no messages.") }
            var result: [(Int?, JSON)] = []
            for (i, item) in items.enumerated() {
                guard item.objectValue != nil else { throw .invalid("[\(i)]", "Each message must be an object, not \(item.typeName).") }
                result.append((i, item))
            }
            return result
        default:
            throw .malformed("The body must be a JSON object or array, not \(json.typeName).")
        }
    }
}
