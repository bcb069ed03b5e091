import IntakeCore

/// The senders `POST /v1/intake/sms/{provider}` accepts, named by the `provider` path segment.
public enum SMSProvider: String, Sendable, CaseIterable {
    /// Aliyun SMS uplink (SmsUp) HTTP push: a JSON array of messages.
    case aliyun
    /// Tencent Cloud SMS reply callback: one JSON object (or an array of them).
    case tencent
    /// Twilio inbound message webhook: form-encoded, signed with `X-Twilio-Signature`.
    case twilio
    /// A CMPP 2.0/3.0 DELIVER rendered as JSON by the city's own carrier-link process.
    case cmpp

    /// The provider a request names in its path; 404 naming `provider` for any other.
    public static func of(_ request: ChannelRequest) throws(IntakeError) -> SMSProvider {
        let raw = request.pathParameters["provider"] ?? ""
        guard let provider = SMSProvider(rawValue: raw.lowercased()) else {
            let known = allCases.map(\.rawValue).joined(separator: ", ")
            throw IntakeError(.notFound, "No SMS provider \"\(raw)\"; the providers are \(known).", field: "provider")
        }
        return provider
    }
}
