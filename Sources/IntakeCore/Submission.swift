import Foundation
import Crypto

/// An attachment's bytes as the channel received them, with the metadata that goes on the ticket.
public struct AttachmentData: Sendable {
    public var attachment: Attachment
    public var bytes: [UInt8]

    public init(name: String, contentType: String, bytes: [UInt8]) {
        self.attachment = Attachment(name: name, contentType: contentType, size: bytes.count, sha256: hexString(Digest.sha256(bytes)))
        self.bytes = bytes
    }
}

/// What a channel adapter makes of a request: one citizen's submission, not yet normalized or numbered.
public struct Submission: Sendable {
    /// Whether this becomes a ticket, or is only recorded (a WeChat event, an SMS status report, a bounce).
    public enum Disposition: Sendable, Equatable {
        case ticket
        case recordOnly(reason: String)
    }

    public var channel: Channel
    /// The sender's own id; with `channel` it is the idempotency key.
    public var channelRef: String?
    public var hotline: String?
    public var submittedAt: Date?
    public var caller: Caller
    public var requestType: RequestType
    public var subject: String?
    public var text: String
    public var location: Location?
    public var urgency: Urgency?
    public var attachments: [AttachmentData]
    public var channelData: JSON?
    public var disposition: Disposition
    /// Set on one part of a multi-part message (a long SMS): the store keeps parts until all are there.
    public var fragment: Fragment?
    /// Where it came in (number dialled, seat group, SMS port, mailbox, WeChat account, 110 centre), most specific
    /// first: the gateway's hotline map turns the first one it knows into the ticket's hotline.
    public var entryPoints: [EntryPoint]
    /// The catalogue category a person chose (an agent's selection in a call record): it wins over the rules when
    /// the catalogue knows it.
    public var category: String?

    public init(channel: Channel, channelRef: String? = nil, hotline: String? = nil, submittedAt: Date? = nil,
                caller: Caller = Caller(), requestType: RequestType = .unknown, subject: String? = nil, text: String,
                location: Location? = nil, urgency: Urgency? = nil, attachments: [AttachmentData] = [],
                channelData: JSON? = nil, disposition: Disposition = .ticket, fragment: Fragment? = nil,
                entryPoints: [EntryPoint] = [], category: String? = nil) {
        self.entryPoints = entryPoints
        self.category = category
        self.channel = channel
        self.channelRef = channelRef
        self.hotline = hotline
        self.submittedAt = submittedAt
        self.caller = caller
        self.requestType = requestType
        self.subject = subject
        self.text = text
        self.location = location
        self.urgency = urgency
        self.attachments = attachments
        self.channelData = channelData
        self.disposition = disposition
        self.fragment = fragment
    }

    /// A digest of what the citizen said and who said it: the same idempotency key with a different
    /// fingerprint is a conflict (409), not a retry.
    public var fingerprint: String {
        var doc: [(String, JSON)] = [
            ("text", .string(text)), ("subject", JSON(subject)), ("phone", JSON(caller.phone)), ("email", JSON(caller.email)),
            ("openId", JSON(caller.openId)), ("name", JSON(caller.name)), ("address", JSON(location?.address)),
            ("requestType", .string(requestType.rawValue)),
        ]
        doc.append(("attachments", .array(attachments.map { .string($0.attachment.sha256) })))
        return hexString(Digest.sha256(JSON.object(doc).serialized()))
    }
}

/// One part of a message that arrives in pieces (a concatenated SMS). Parts with the same `group` belong together;
/// the store keeps them durably and makes one ticket, text joined in `index` order, once all `total` are there
/// (or, after the configured wait, a ticket marked incomplete with the missing part numbers).
public struct Fragment: Sendable, Equatable {
    /// Sender, reference and total: `+8613812345678/ref:42/total:5`.
    public var group: String
    /// 1-based position.
    public var index: Int
    public var total: Int

    public init(group: String, index: Int, total: Int) {
        self.group = group
        self.index = index
        self.total = total
    }
}

/// The gateway's decision for one submission, as the channel's answer reports it.
public struct IntakeOutcome: Sendable, Equatable {
    public enum Status: String, Sendable {
        /// A new ticket was stored.
        case created
        /// A new ticket was stored and linked to the open ticket of the same caller and matter.
        case `repeat`
        /// The same delivery was seen before: the first ticket is returned, nothing new is stored.
        case duplicate
        /// Recorded without a ticket (events, status reports, auto-replies).
        case recorded
        /// Held until more arrives (one part of a long SMS).
        case pending
        /// Not stored: the message's id was first used for a different message. Only inside a batch of several
        /// (a provider's batch): the others are stored, this one is journaled (a single request answers 409).
        case conflict
    }

    public var status: Status
    public var ticketId: String?
    public var receiptNo: String?
    public var repeatOf: String?
    public var clusterId: String?
    public var channelRef: String?
    /// The new ticket's routing; when it names an emergency service the answer tells the citizen to call it now.
    public var routing: RoutingDecision?

    public init(status: Status, ticketId: String? = nil, receiptNo: String? = nil, repeatOf: String? = nil,
                clusterId: String? = nil, channelRef: String? = nil, routing: RoutingDecision? = nil) {
        self.routing = routing
        self.status = status
        self.ticketId = ticketId
        self.receiptNo = receiptNo
        self.repeatOf = repeatOf
        self.clusterId = clusterId
        self.channelRef = channelRef
    }

    /// The partner answer's body: `{"ticketId","receiptNo","status","repeatOf"}`, plus `emergency` and `advice`
    /// (call that service now) when the matter belongs to 110, 119, 120 or 122.
    public func json() -> JSON {
        var members: [(String, JSON)] = [
            ("ticketId", JSON(ticketId)), ("receiptNo", JSON(receiptNo)), ("status", .string(status.rawValue)),
            ("repeatOf", JSON(repeatOf)), ("clusterId", JSON(clusterId)),
        ]
        if let emergency = routing?.emergency {
            members.append(("emergency", .string(emergency)))
            members.append(("advice", .string(RoutingDecision.advice(emergency))))
        }
        return .object(members)
    }
}
