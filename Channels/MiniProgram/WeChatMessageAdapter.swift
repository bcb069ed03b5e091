import Foundation
import IntakeCore

/// What becomes a ticket among WeChat pushes, and how to decrypt them.
public struct WeChatConfiguration: Sendable {
    /// Decrypts safe-mode (`encrypt_type=aes`) messages; nil: plain mode only.
    public var crypto: WeChatMessageCrypto?
    /// Message types that become tickets (`text` by default); the others are recorded only.
    public var ticketMessageTypes: Set<String>
    /// Whether events (subscribe, user_enter_tempsession, ...) become tickets; by default they are recorded only.
    public var ticketEvents: Bool
    public var maxTextCharacters: Int

    public init(crypto: WeChatMessageCrypto? = nil, ticketMessageTypes: Set<String> = ["text"], ticketEvents: Bool = false,
                maxTextCharacters: Int = 10_000) {
        self.crypto = crypto
        self.ticketMessageTypes = ticketMessageTypes
        self.ticketEvents = ticketEvents
        self.maxTextCharacters = maxTextCharacters
    }
}

/// WeChat message push (`/v1/intake/miniprogram`): URL verification on GET, messages on POST, in XML or JSON,
/// plain or safe mode. Authentication is `WeChatSignatureVerifier`'s job; this adapter reads what it let through.
///
/// A text message is a ticket: FromUserName (the openid) is the caller, MsgId the idempotency key, so WeChat's
/// retries of the same MsgId find the first ticket. Events and other message types are recorded without a
/// ticket unless configured. WeChat wants `success` back within 5 seconds, whatever became of the message.
public struct WeChatMessageAdapter: ChannelAdapter {
    public let channel = Channel.miniprogram
    public let configuration: WeChatConfiguration

    public init(configuration: WeChatConfiguration = WeChatConfiguration()) {
        self.configuration = configuration
    }

    public func decode(_ request: ChannelRequest) throws(IntakeError) -> [Submission] {
        if request.method == "GET" || request.method == "HEAD" {
            guard let echostr = request.queryValue("echostr"), !echostr.isEmpty else {
                throw .malformed("URL verification needs the echostr query parameter.", field: "echostr")
            }
            return []
        }
        let (outer, format) = try WeChatBody.read(request.body)
        var message = outer
        var messageFormat = format
        let safeMode = request.queryValue("encrypt_type")?.lowercased() == "aes"
        if safeMode {
            guard let encrypted = WeChatBody.encrypted(outer) else {
                throw .invalid("Encrypt", "Safe mode (encrypt_type=aes) needs an Encrypt member.")
            }
            guard let crypto = configuration.crypto else {
                throw .unauthorized("Safe mode needs an EncodingAESKey and appid, and none is configured.")
            }
            (message, messageFormat) = try WeChatBody.read(try crypto.decrypt(encrypted))
        } else if WeChatBody.encrypted(outer) != nil && outer["MsgType"] == nil {
            throw .malformed("The body is encrypted but the request lacks encrypt_type=aes.", field: "encrypt_type")
        }
        guard message.objectValue != nil else {
            throw .malformed("The message must be a JSON object, not \(message.typeName).")
        }
        return [try submission(from: message, format: messageFormat, encrypted: safeMode)]
    }

    func submission(from m: JSON, format: WeChatBody.Format, encrypted: Bool) throws(IntakeError) -> Submission {
        func string(_ key: String) throws(IntakeError) -> String? {
            guard let v = m[key], !v.isNull else { return nil }
            guard let s = v.scalarText else { throw .invalid(key, "\(key) must be a string, not \(v.typeName).") }
            let t = s.trimmingASCIIWhitespace()
            return t.isEmpty ? nil : t
        }
        guard let msgType = try string("MsgType")?.lowercased() else { throw .invalid("MsgType", "MsgType is required.") }
        guard let openId = try string("FromUserName") else {
            throw .invalid("FromUserName", "FromUserName (the sender's openid) is required.")
        }
        var createTime: Int64?
        if let v = m["CreateTime"], !v.isNull {
            guard let t = v.intValue, t >= 0 else { throw .invalid("CreateTime", "CreateTime must be Unix seconds.") }
            createTime = t
        }
        // MsgId is 64-bit: an integer or a string of digits, never a double (which would have lost digits).
        var msgId: String?
        if let v = m["MsgId"], !v.isNull {
            switch v {
            case .int(let i): msgId = String(i)
            case .string(let s):
                let t = s.trimmingASCIIWhitespace()
                msgId = t.isEmpty ? nil : t
            default: throw .invalid("MsgId", "MsgId must be a 64-bit integer or a string, not \(v.typeName).")
            }
        }
        if let msgId, msgId.utf8.count > 64 { throw .invalid("MsgId", "MsgId is longer than 64 bytes.") }
        // Digits only: a MsgId can then never take the key of another kind of submission on this channel.
        if let msgId, !msgId.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            throw .invalid("MsgId", "MsgId must be digits.")
        }
        let event = try string("Event")

        var text: String
        var ticket: Bool
        switch msgType {
        case "text":
            guard let content = try string("Content") else { throw .invalid("Content", "A text message needs Content.") }
            text = content
            ticket = configuration.ticketMessageTypes.contains("text")
        case "event":
            text = ["[event]", event, try string("EventKey")].compactMap { $0 }.joined(separator: " ")
            ticket = configuration.ticketEvents
        case "image":
            text = ["[image]", try string("PicUrl")].compactMap { $0 }.joined(separator: " ")
            ticket = configuration.ticketMessageTypes.contains(msgType)
        case "voice":
            text = try string("Recognition") ?? "[voice]"
            ticket = configuration.ticketMessageTypes.contains(msgType)
        case "location":
            text = try string("Label") ?? "[location]"
            ticket = configuration.ticketMessageTypes.contains(msgType)
        case "link":
            text = ["[link]", try string("Title"), try string("Description"), try string("Url")].compactMap { $0 }.joined(separator: " ")
            ticket = configuration.ticketMessageTypes.contains(msgType)
        case "miniprogrampage":
            text = ["[miniprogrampage]", try string("Title"), try string("PagePath")].compactMap { $0 }.joined(separator: " ")
            ticket = configuration.ticketMessageTypes.contains(msgType)
        default:
            text = "[\(msgType)]"
            ticket = configuration.ticketMessageTypes.contains(msgType)
        }
        text = TextCleaner.clean(text, keepingLines: true)
        guard text.unicodeScalars.count <= configuration.maxTextCharacters else {
            throw .invalid("Content", "Content is longer than \(configuration.maxTextCharacters) characters.")
        }

        // Events carry no MsgId; WeChat's own dedup key for them is sender + CreateTime.
        let channelRef = msgId ?? createTime.map { "\(msgType):\(openId):\($0)" + (event.map { ":\($0)" } ?? "") }
        var fields = m.objectValue ?? []
        fields.removeAll { $0.0 == "Encrypt" }
        let channelData = JSON.compactObject([
            ("wechat", JSON.compactObject([
                ("toUserName", JSON(try string("ToUserName"))), ("msgType", .string(msgType)), ("msgId", JSON(msgId)),
                ("createTime", createTime.map { .int($0) } ?? .null), ("event", JSON(event)),
                ("format", .string(format.rawValue)), ("encrypted", .bool(encrypted)),
            ])),
            ("message", .object(fields)),
        ])
        let reason = msgType == "event" ? "wechat event \(event ?? "unknown")" : "wechat \(msgType) message"
        return Submission(
            channel: .miniprogram, channelRef: channelRef,
            submittedAt: createTime.flatMap { Timestamp.unixSeconds(Int64($0)) },
            caller: Caller(openId: openId), text: text, channelData: channelData,
            disposition: ticket ? .ticket : .recordOnly(reason: reason),
            entryPoints: try string("ToUserName").map { [EntryPoint(.wechat, $0)] } ?? [])
    }

    /// `success` for a push (WeChat's acknowledgment; anything else makes it retry and show the user an error),
    /// and echostr verbatim for the URL verification.
    public func answer(_ outcomes: [IntakeOutcome], to request: ChannelRequest) -> ChannelResponse {
        if request.method == "GET" || request.method == "HEAD" {
            return ChannelResponse(status: 200, contentType: "text/plain; charset=utf-8",
                                   body: Array((request.queryValue("echostr") ?? "").utf8))
        }
        return ChannelResponse(status: 200, contentType: "text/plain; charset=utf-8", body: Array("success".utf8))
    }
}
