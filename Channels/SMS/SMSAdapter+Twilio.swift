import Foundation
import IntakeCore

extension SMSAdapter {
    /// Twilio inbound message: form-encoded `MessageSid`, `From`, `To`, `Body`, `NumSegments`, `NumMedia`, `MediaUrl<n>`.
    /// Twilio joins a concatenated SMS itself, so every request is a whole message.
    func decodeTwilio(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        switch request.mediaType {
        case "application/x-www-form-urlencoded", "":
            break
        default:
            throw IntakeError(.unsupportedMediaType, "Twilio posts application/x-www-form-urlencoded, not \(request.mediaType).",
                              field: "Content-Type")
        }
        let form = URLEncodedForm.parse(request.body)
        func value(_ name: String) -> String? {
            form.first { $0.name == name }.map { $0.value.trimmingASCIIWhitespace() }.flatMap { $0.isEmpty ? nil : $0 }
        }
        guard let sid = value("MessageSid") ?? value("SmsMessageSid") ?? value("SmsSid") else {
            throw .invalid("MessageSid", "MessageSid is required.")
        }
        guard let from = value("From") else { throw .invalid("From", "From (the sender) is required.") }
        let to = value("To")
        var mediaCount = 0
        if let raw = value("NumMedia") {
            guard let n = Int(raw), n >= 0 else { throw .invalid("NumMedia", "NumMedia must be a whole number.") }
            mediaCount = n
        }
        let media: [JSON] = (0..<min(mediaCount, 10)).compactMap { i in
            value("MediaUrl\(i)").map { url in
                .compactObject([("url", .string(url)), ("contentType", JSON(value("MediaContentType\(i)")))])
            }
        }
        let body = form.first { $0.name == "Body" }?.value
        let text: String
        if let body, !TextNormalizer.normalize(body).isEmpty {
            text = body
        } else if !media.isEmpty {
            // A picture message without words is still a report; the links stay on the ticket.
            text = "[MMS: \(media.count) attachment(s) without text]"
        } else {
            throw .invalid("Body", "The message has no text.")
        }
        return [Submission(
            channel: .sms, channelRef: "twilio:\(sid)", hotline: configuration.hotline(forDestination: to),
            caller: Caller(phone: from), text: text,
            channelData: .compactObject([
                ("provider", "twilio"), ("messageSid", .string(sid)), ("accountSid", JSON(value("AccountSid"))),
                ("to", JSON(to)), ("numSegments", JSON(value("NumSegments"))),
                ("fromCountry", JSON(value("FromCountry"))), ("media", media.isEmpty ? .null : .array(media)),
            ]), entryPoints: to.map { [EntryPoint(.sms, $0)] } ?? [])]
    }
}
