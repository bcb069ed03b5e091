import Foundation

/// Where a submission came in.
public struct Channel: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public var description: String { rawValue }

    public static let web = Channel(rawValue: "web")
    public static let sms = Channel(rawValue: "sms")
    public static let phone = Channel(rawValue: "phone")
    public static let email = Channel(rawValue: "email")
    public static let miniprogram = Channel(rawValue: "miniprogram")
    public static let police110 = Channel(rawValue: "police110")
}

/// GB/T 33358 request types.
public enum RequestType: String, Sendable, CaseIterable {
    case consultation, help, complaint, report, suggestion, praise, unknown

    /// Accepts the English names and the Chinese terms used by call centres and forms.
    public static func parse(_ raw: String?) -> RequestType? {
        guard let raw else { return nil }
        let t = TextNormalizer.normalize(raw).lowercased()
        if let v = RequestType(rawValue: t) { return v }
        switch t {
        case "咨询", "查询", "consult", "inquiry", "enquiry", "question": return .consultation
        case "求助", "求援", "assistance": return .help
        case "投诉", "complain": return .complaint
        case "举报", "检举", "whistleblowing": return .report
        case "建议", "意见", "意见建议", "suggest": return .suggestion
        case "表扬", "感谢", "commendation", "thanks": return .praise
        case "其他", "其它", "other", "": return .unknown
        default: return nil
        }
    }
}

/// Reply-deadline classes; A is the most urgent.
public enum Urgency: String, Sendable, CaseIterable, Comparable {
    case A, B, C
    public static func < (a: Urgency, b: Urgency) -> Bool { a.rawValue < b.rawValue }

    public static func parse(_ raw: String?) -> Urgency? {
        guard let raw else { return nil }
        switch TextNormalizer.normalize(raw).uppercased() {
        case "A", "1", "URGENT", "HIGH", "紧急", "特急", "一级": return .A
        case "B", "2", "NORMAL", "MEDIUM", "较急", "一般", "二级": return .B
        case "C", "3", "LOW", "不急", "三级": return .C
        default: return nil
        }
    }
}

/// Coordinate reference systems seen in China: GPS (WGS-84), the national obfuscated GCJ-02, and Baidu's BD-09.
public enum CoordinateSystem: String, Sendable, CaseIterable {
    case wgs84, gcj02, bd09

    public static func parse(_ raw: String?) -> CoordinateSystem? {
        guard let raw else { return nil }
        switch raw.lowercased().filter({ $0 != "-" && $0 != "_" }) {
        case "wgs84", "gps", "epsg4326": return .wgs84
        case "gcj02", "gcj", "mars", "amap", "tencent", "qq": return .gcj02
        case "bd09", "bd09ll", "baidu": return .bd09
        default: return nil
        }
    }
}

public struct Caller: Sendable, Equatable {
    public var name: String?
    /// The number as the channel gave it.
    public var phone: String?
    /// The normalized key (see `PhoneNumber`).
    public var phoneKey: String?
    public var email: String?
    public var openId: String?
    public var anonymous: Bool
    /// The citizen asked that their identity be kept confidential.
    public var confidential: Bool

    public init(name: String? = nil, phone: String? = nil, phoneKey: String? = nil, email: String? = nil,
                openId: String? = nil, anonymous: Bool = false, confidential: Bool = false) {
        self.name = name
        self.phone = phone
        self.phoneKey = phoneKey
        self.email = email
        self.openId = openId
        self.anonymous = anonymous
        self.confidential = confidential
    }
}

public struct Location: Sendable, Equatable {
    public var address: String?
    public var district: String?
    public var lat: Double?
    public var lng: Double?
    public var crs: CoordinateSystem?

    public init(address: String? = nil, district: String? = nil, lat: Double? = nil, lng: Double? = nil, crs: CoordinateSystem? = nil) {
        self.address = address
        self.district = district
        self.lat = lat
        self.lng = lng
        self.crs = crs
    }

    public var isEmpty: Bool { address == nil && district == nil && lat == nil && lng == nil }
}

public struct Attachment: Sendable, Equatable {
    public var name: String
    public var contentType: String
    public var size: Int
    /// Lowercase hex SHA-256 of the content.
    public var sha256: String
    /// Where the content lives when the channel sent a link rather than bytes.
    public var url: String?

    public init(name: String, contentType: String, size: Int, sha256: String, url: String? = nil) {
        self.name = name
        self.contentType = contentType
        self.size = size
        self.sha256 = sha256
        self.url = url
    }
}

/// What the dedup engine decided, with its score and human-readable reasons.
public struct DedupInfo: Sendable, Equatable {
    public enum Status: String, Sendable { case new, `repeat` }
    public var status: Status
    public var repeatOf: String?
    public var clusterId: String?
    public var score: Double?
    public var reasons: [String]

    public init(status: Status = .new, repeatOf: String? = nil, clusterId: String? = nil, score: Double? = nil, reasons: [String] = []) {
        self.status = status
        self.repeatOf = repeatOf
        self.clusterId = clusterId
        self.score = score
        self.reasons = reasons
    }
}

/// The canonical ticket, version 1: what every channel's submission becomes and what the case system receives.
public struct Ticket: Sendable, Equatable {
    public static let schema = "ticket/v1"

    public var id: String
    /// `YYYYMMDD-NNNNNN`, sequential per day in the hotline's time zone; what the citizen is told.
    public var receiptNo: String
    public var hotline: String
    /// The entry point that decided the hotline (`dnis:12319`), else the first the channel reported.
    public var entryPoint: String?
    public var channel: Channel
    /// The sender's own id for this submission (SMS sequence id, call id, Message-ID, MsgId, incident number).
    public var channelRef: String?
    public var receivedAt: Date
    public var submittedAt: Date?
    public var caller: Caller
    public var requestType: RequestType
    public var subject: String?
    public var text: String
    public var location: Location?
    public var urgency: Urgency?
    public var attachments: [Attachment]
    public var dedup: DedupInfo
    /// Channel-specific facts kept whole (transcript, 110 provenance, SMS parts, unknown partner fields).
    public var channelData: JSON?
    /// Category, department hint, urgency, emergency service and deadline, settled at intake (nil on tickets
    /// stored before routing existed).
    public var routing: RoutingDecision?

    public init(id: String, receiptNo: String, hotline: String, channel: Channel, channelRef: String?, receivedAt: Date,
                submittedAt: Date?, caller: Caller, requestType: RequestType, subject: String?, text: String,
                location: Location?, urgency: Urgency?, attachments: [Attachment], dedup: DedupInfo, channelData: JSON?,
                routing: RoutingDecision? = nil, entryPoint: String? = nil) {
        self.entryPoint = entryPoint
        self.id = id
        self.receiptNo = receiptNo
        self.hotline = hotline
        self.channel = channel
        self.channelRef = channelRef
        self.receivedAt = receivedAt
        self.submittedAt = submittedAt
        self.caller = caller
        self.requestType = requestType
        self.subject = subject
        self.text = text
        self.location = location
        self.urgency = urgency
        self.attachments = attachments
        self.dedup = dedup
        self.channelData = channelData
        self.routing = routing
    }
}

// MARK: - JSON form

extension Ticket {
    public func json() -> JSON {
        var members: [(String, JSON)] = [
            ("schema", .string(Ticket.schema)),
            ("id", .string(id)),
            ("receiptNo", .string(receiptNo)),
            ("hotline", .string(hotline)),
            ("entryPoint", JSON(entryPoint)),
            ("channel", .string(channel.rawValue)),
            ("channelRef", JSON(channelRef)),
            ("receivedAt", .string(Timestamp.format(receivedAt))),
            ("submittedAt", JSON(submittedAt.map(Timestamp.format))),
            ("caller", JSON.compactObject([
                ("name", JSON(caller.name)), ("phone", JSON(caller.phone)), ("phoneKey", JSON(caller.phoneKey)),
                ("email", JSON(caller.email)), ("openId", JSON(caller.openId)),
                ("anonymous", .bool(caller.anonymous)), ("confidential", .bool(caller.confidential)),
            ])),
            ("requestType", .string(requestType.rawValue)),
            ("subject", JSON(subject)),
            ("text", .string(text)),
        ]
        if let location {
            members.append(("location", JSON.compactObject([
                ("address", JSON(location.address)), ("district", JSON(location.district)),
                ("lat", JSON(location.lat)), ("lng", JSON(location.lng)), ("crs", JSON(location.crs?.rawValue)),
            ])))
        } else {
            members.append(("location", .null))
        }
        members.append(("urgency", JSON(urgency?.rawValue)))
        members.append(("attachments", .array(attachments.map { a in
            JSON.compactObject([("name", .string(a.name)), ("contentType", .string(a.contentType)), ("size", .int(Int64(a.size))),
                                ("sha256", .string(a.sha256)), ("url", JSON(a.url))])
        })))
        var dedupMembers: [(String, JSON)] = [("status", .string(dedup.status.rawValue))]
        dedupMembers.append(("repeatOf", JSON(dedup.repeatOf)))
        dedupMembers.append(("clusterId", JSON(dedup.clusterId)))
        dedupMembers.append(("score", JSON(dedup.score)))
        dedupMembers.append(("reasons", .array(dedup.reasons.map { .string($0) })))
        members.append(("dedup", .object(dedupMembers)))
        members.append(("channelData", channelData ?? .null))
        members.append(("routing", routing?.json() ?? .null))
        // Settled on the call (直办): said at the top so case systems and rules need not look into channelData.
        if settledAtIntake { members.append(("settledAtIntake", .bool(true))) }
        return .object(members)
    }

    /// Reads a ticket back from its JSON form; nil when required members are missing.
    public init?(json: JSON) {
        guard let id = json["id"]?.stringValue, let receiptNo = json["receiptNo"]?.stringValue,
              let channel = json["channel"]?.stringValue, let text = json["text"]?.stringValue,
              let receivedAt = json["receivedAt"]?.stringValue.flatMap({ Timestamp.parse($0) })
        else { return nil }
        let c = json["caller"] ?? .object([])
        let location: Location? = json["location"].flatMap { l in
            l.isNull ? nil : Location(address: l["address"]?.stringValue, district: l["district"]?.stringValue,
                                      lat: l["lat"]?.doubleValue, lng: l["lng"]?.doubleValue,
                                      crs: CoordinateSystem.parse(l["crs"]?.stringValue))
        }
        let d = json["dedup"] ?? .object([])
        self.init(
            id: id, receiptNo: receiptNo, hotline: json["hotline"]?.stringValue ?? "12345", channel: Channel(rawValue: channel),
            channelRef: json["channelRef"]?.stringValue, receivedAt: receivedAt,
            submittedAt: json["submittedAt"]?.stringValue.flatMap { Timestamp.parse($0) },
            caller: Caller(name: c["name"]?.stringValue, phone: c["phone"]?.stringValue, phoneKey: c["phoneKey"]?.stringValue,
                           email: c["email"]?.stringValue, openId: c["openId"]?.stringValue,
                           anonymous: c["anonymous"]?.boolValue ?? false, confidential: c["confidential"]?.boolValue ?? false),
            requestType: RequestType(rawValue: json["requestType"]?.stringValue ?? "") ?? .unknown,
            subject: json["subject"]?.stringValue, text: text, location: location,
            urgency: Urgency(rawValue: json["urgency"]?.stringValue ?? ""),
            attachments: (json["attachments"]?.arrayValue ?? []).compactMap { a in
                guard let name = a["name"]?.stringValue, let sha = a["sha256"]?.stringValue else { return nil }
                return Attachment(name: name, contentType: a["contentType"]?.stringValue ?? "application/octet-stream",
                                  size: Int(a["size"]?.intValue ?? 0), sha256: sha, url: a["url"]?.stringValue)
            },
            dedup: DedupInfo(status: DedupInfo.Status(rawValue: d["status"]?.stringValue ?? "new") ?? .new,
                             repeatOf: d["repeatOf"]?.stringValue, clusterId: d["clusterId"]?.stringValue,
                             score: d["score"]?.doubleValue, reasons: (d["reasons"]?.arrayValue ?? []).compactMap(\.stringValue)),
            channelData: json["channelData"].flatMap { $0.isNull ? JSON?.none : $0 },
            routing: json["routing"].flatMap(RoutingDecision.init(json:)), entryPoint: json["entryPoint"]?.stringValue)
    }
}
