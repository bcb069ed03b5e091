import Foundation
import IntakeCore

/// Limits and defaults for the mayor's mailbox.
public struct EmailConfiguration: Sendable {
    /// Largest message accepted, in bytes (default 25 MiB); larger: 413, kept in the rejected journal.
    public var maxMessageBytes: Int
    public var limits: MIMELimits
    /// The UTC offset a Date without a zone is read in (the hotline's).
    public var defaultOffsetSeconds: Int

    /// Text and subject longer than `SubmissionLimits` are cut and flagged by the gateway's normalizer, not refused:
    /// a mail cannot be sent back to be shortened.
    public init(maxMessageBytes: Int = 25 << 20, limits: MIMELimits = MIMELimits(), defaultOffsetSeconds: Int = 8 * 3600) {
        self.maxMessageBytes = maxMessageBytes
        self.limits = limits
        self.defaultOffsetSeconds = defaultOffsetSeconds
    }
}

/// The mayor's mailbox (市长信箱): one RFC 5322 message, from `POST /v1/intake/email` (`message/rfc822`, what an
/// MTA pipe or an inbound-mail webhook sends) or from the IMAP poller. Message-ID is the idempotency key (a digest
/// of the message when there is none, so a re-fetch is still recognised). Bounces, auto-replies and out-of-office
/// notices are recorded without a ticket.
public struct EmailAdapter: ChannelAdapter {
    public let channel = Channel.email
    public let configuration: EmailConfiguration

    public init(configuration: EmailConfiguration = EmailConfiguration()) {
        self.configuration = configuration
    }

    public static let mediaTypes: Set<String> = ["message/rfc822"]

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        guard Self.mediaTypes.contains(request.mediaType) else {
            throw IntakeError(.unsupportedMediaType,
                              "\(request.mediaType.isEmpty ? "A missing Content-Type" : request.mediaType) is not accepted; send the message as message/rfc822.",
                              field: "Content-Type")
        }
        guard request.body.count <= configuration.maxMessageBytes else {
            throw IntakeError(.payloadTooLarge, "The message is \(request.body.count) bytes; the limit is \(configuration.maxMessageBytes).")
        }
        guard request.body.contains(where: { $0 != 0x20 && $0 != 0x0D && $0 != 0x0A && $0 != 0x09 }) else {
            throw .malformed("The message is empty.")
        }
        let message = try EmailMessage.parse(request.body, limits: configuration.limits,
                                             defaultOffsetSeconds: configuration.defaultOffsetSeconds)
        return [try submission(from: message, body: request.body)]
    }

    func submission(from message: EmailMessage, body: [UInt8]) throws(IntakeError) -> Submission {
        let ref = message.messageID ?? ("sha256:" + hexString(Digest.sha256(body)))
        let sender = message.sender
        let subject = message.subject.map { TextCleaner.clean($0, keepingLines: false) }.flatMap { $0.isEmpty ? nil : $0 }
        var text = TextCleaner.clean(message.text, keepingLines: true)
        let data = channelData(message)

        if let reason = message.automatic {
            return Submission(channel: .email, channelRef: ref, submittedAt: message.date,
                              caller: Caller(name: sender?.name, email: sender?.address.lowercased()), subject: subject,
                              text: text.isEmpty ? (subject ?? "") : String(text.prefix(2000)), channelData: data,
                              disposition: .recordOnly(reason: reason))
        }
        guard let sender else {
            throw .invalid("From", "The message has no sender address in From or Reply-To.")
        }
        if text.isEmpty {
            // Some citizens write everything in the subject, or send only a photo.
            guard let subject else {
                throw .invalid("body", "The message has no text and no subject.")
            }
            text = subject
        }
        var location: Location?
        if let address = ContactDetails.address(in: text) { location = Location(address: address) }
        return Submission(
            channel: .email, channelRef: ref, submittedAt: message.date,
            caller: Caller(name: sender.name, phone: ContactDetails.phone(in: text), email: sender.address.lowercased()),
            requestType: ContactDetails.requestType(subject: subject, text: text), subject: subject, text: text,
            location: location, attachments: message.attachments, channelData: data,
            entryPoints: message.to.map { EntryPoint(.email, $0.address) })
    }

    /// What the case system may want beyond the ticket fields: the envelope as the message gave it.
    func channelData(_ m: EmailMessage) -> JSON {
        JSON.compactObject([
            ("messageId", JSON(m.messageID)),
            ("from", JSON(m.from?.address)),
            ("replyTo", JSON(m.replyTo?.address)),
            ("to", m.to.isEmpty ? .null : .array(m.to.map { .string($0.address) })),
            ("date", JSON(m.headers["date"])),
            ("inReplyTo", JSON(m.headers["in-reply-to"])),
            ("bodyFromHTML", m.textFromHTML ? .bool(true) : .null),
            ("automatic", JSON(m.automatic)),
            ("charsets", m.charsets.isEmpty ? .null : .array(m.charsets.map(\.json))),
        ])
    }
}

/// Contact details citizens write into the body in the usual Chinese forms (联系电话：138..., 地址：...).
public enum ContactDetails {
    static let phoneLabels = ["联系电话", "联系方式", "手机号码", "手机号", "手机", "电话号码", "电话", "联系人电话", "聯繫電話", "聯絡電話",
                              "手機", "電話", "Tel", "TEL", "Phone", "phone", "Mobile", "mobile"]
    static let addressLabels = ["事发地址", "事发地点", "问题地址", "详细地址", "家庭住址", "住址", "地址", "地点", "地點"]

    /// The first personal phone number after a label; service numbers (400, 95xxx) are not the citizen's.
    public static func phone(in text: String) -> String? {
        for label in phoneLabels {
            var search = text.startIndex..<text.endIndex
            while let r = text.range(of: label, range: search) {
                search = r.upperBound..<text.endIndex
                var rest = text[r.upperBound...].drop { $0 == " " || $0 == "\u{3000}" || $0 == ":" || $0 == "：" || $0 == "是" || $0 == "为" }
                var candidate = ""
                while let c = rest.first, c.isNumber || " -－—()（）+＋".contains(c) {
                    candidate.append(c)
                    rest = rest.dropFirst()
                    if candidate.count > 24 { break }
                }
                let t = candidate.trimmingCharacters(in: .whitespaces)
                guard t.filter(\.isNumber).count >= 7, let key = PhoneNumber.normalize(t), key.isPersonal else { continue }
                return t
            }
        }
        return nil
    }

    /// The rest of the line after an address label, up to a sentence or clause end.
    public static func address(in text: String) -> String? {
        for label in addressLabels {
            var search = text.startIndex..<text.endIndex
            while let r = text.range(of: label, range: search) {
                search = r.upperBound..<text.endIndex
                let rest = text[r.upperBound...].drop { $0 == " " || $0 == "\u{3000}" }
                guard let colon = rest.first, colon == ":" || colon == "：" else { continue }
                var value = ""
                for c in rest.dropFirst() {
                    if c == "\n" || c == "。" || c == "；" || c == ";" { break }
                    value.append(c)
                    if value.count > 120 { break }
                }
                // "地址：xx路1号，电话：..." ends at the next label.
                for other in phoneLabels + ["联系人", "姓名"] {
                    if let cut = value.range(of: other) { value = String(value[..<cut.lowerBound]) }
                }
                let trimmed = TextCleaner.clean(value, keepingLines: false).trimmingCharacters(in: CharacterSet(charactersIn: " ，,、"))
                if trimmed.count >= 2 { return trimmed }
            }
        }
        return nil
    }

    /// A request type named in the subject (【投诉】..., 关于...的建议), else in the first line of the text.
    public static func requestType(subject: String?, text: String) -> RequestType {
        let terms: [(String, RequestType)] = [
            ("投诉", .complaint), ("投訴", .complaint), ("举报", .report), ("舉報", .report), ("咨询", .consultation),
            ("諮詢", .consultation), ("咨詢", .consultation), ("求助", .help), ("建议", .suggestion), ("建議", .suggestion),
            ("表扬", .praise), ("表揚", .praise), ("感谢", .praise), ("感謝", .praise),
        ]
        let firstLine = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        for source in [subject ?? "", firstLine] {
            var best: (String.Index, RequestType)?
            for (term, type) in terms {
                if let r = source.range(of: term), best == nil || r.lowerBound < best!.0 { best = (r.lowerBound, type) }
            }
            if let best { return best.1 }
        }
        return .unknown
    }
}
