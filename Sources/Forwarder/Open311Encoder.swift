import Dedup
import Foundation
import IntakeCore
import Store

/// Open311 GeoReport v2: a ticket event as the form-encoded body of `POST {url}/requests.json`, and the server's
/// answers classified (DOMAIN.md: Open311).
public enum Open311Encoder {
    /// GeoReport's limit on `description`.
    public static let maxDescription = 4000
    static let cutNote = "…（内容过长，已截断）"

    /// The form fields of a ticket event, in order; or why the event cannot be sent as it is (a dead letter).
    public static func fields(_ record: OutboxRecord, settings: Open311Settings, media: MediaLinks? = nil,
                              now: Date = Date()) -> Result<[(String, String)], Open311Refusal> {
        guard let text = record.ticketJSON, let json = try? JSON.parse(text), let ticket = Ticket(json: json) else {
            return .failure(Open311Refusal("event \(record.type) carries no ticket: Open311 takes new service requests only"))
        }
        let category = ticket.routing?.category
        guard let code = category.flatMap({ settings.serviceCodes[$0] }) ?? settings.defaultServiceCode else {
            return .failure(Open311Refusal("category \(category ?? "(none)") has no service_code in serviceCodes and no defaultServiceCode is set"))
        }
        var f: [(String, String)] = []
        if let k = settings.apiKey { f.append(("api_key", k)) }
        if let j = settings.jurisdictionId { f.append(("jurisdiction_id", j)) }
        f.append(("service_code", code))
        // The gateway's own conversion: GCJ-02 and BD-09 (and points with no stated system, taken as GCJ-02) to WGS-84.
        if let wgs = GeoPoint(ticket.location) {
            f.append(("lat", String(format: "%.6f", wgs.lat)))
            f.append(("long", String(format: "%.6f", wgs.lng)))
        }
        if let address = [ticket.location?.district, ticket.location?.address].compactMap({ $0 }).joined().nilIfEmpty {
            f.append(("address_string", address))
        }
        var description = [ticket.subject, ticket.text].compactMap { $0?.nilIfEmpty }.joined(separator: "\n")
        if record.type == "ticket.repeat" {
            if let caseId = record.originalCaseId {
                description = "【重复来电，原工单 \(caseId)】" + description
            } else if !record.originalSentHere {
                // The original never came here: say so rather than name a case this server does not have.
                description = "【重复来电，原诉求未转至本平台（热线工单 \(ticket.dedup.repeatOf ?? "")）】" + description
            } else {
                description = "【重复来电，原工单 \(ticket.dedup.repeatOf ?? "")】" + description
            }
        }
        f.append(("description", cut(description)))
        let c = ticket.caller
        if !c.anonymous && !c.confidential {
            if let name = c.name?.nilIfEmpty {
                // Chinese names: the family name is the first character; GeoReport has two fields.
                f.append(("first_name", String(name.dropFirst()).nilIfEmpty ?? name))
                f.append(("last_name", String(name.prefix(1))))
            }
            if let phone = c.phone?.nilIfEmpty { f.append(("phone", phone)) }
            if let email = c.email?.nilIfEmpty { f.append(("email", email)) }
        }
        // GeoReport v2 takes one media_url: the first photo. A stored one as a signed, expiring link to the gateway
        // (only with a public base URL); one the channel sent as a link, as that link. None for a confidential ticket.
        if !c.confidential, let i = ticket.attachments.firstIndex(where: { $0.contentType.hasPrefix("image/") }) {
            if let link = ticket.attachments[i].url?.nilIfEmpty {
                f.append(("media_url", link))
            } else if let media {
                f.append(("media_url", media.url(ticketId: ticket.id, position: i, now: now)))
            }
        }
        if !settings.attributes.isEmpty {
            let envelope = (try? JSON.parse(EventEnvelope.standardWebhooks(record))) ?? .null
            for (code, pointer) in settings.attributes {
                // The caller's details stay out of an anonymous or confidential ticket's attributes, as above.
                if (c.anonymous || c.confidential) && pointer.starts(with: ["data", "ticket", "caller"]) { continue }
                guard let value = envelope.at(pointer), !value.isNull else { continue }
                if let items = value.arrayValue {
                    for item in items where !item.isNull { f.append(("attribute[\(code)][]", item.plainText)) }
                } else {
                    f.append(("attribute[\(code)]", value.plainText))
                }
            }
        }
        return .success(f)
    }

    /// At most 4,000 characters (grapheme clusters, so no character is split), the last ones saying it was cut.
    public static func cut(_ text: String) -> String {
        guard text.count > maxDescription else { return text }
        return String(text.prefix(maxDescription - cutNote.count)) + cutNote
    }

    /// `application/x-www-form-urlencoded` (RFC 3986 unreserved characters kept, UTF-8 percent-encoded).
    public static func formBody(_ fields: [(String, String)]) -> [UInt8] {
        Array(fields.map { escape($0.0) + "=" + escape($0.1) }.joined(separator: "&").utf8)
    }

    static func escape(_ s: String) -> String {
        var out = ""
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(UnicodeScalar(b))
            default:
                out += String(format: "%%%02X", b)
            }
        }
        return out
    }

    /// What a GeoReport answer body says.
    public enum Answer: Equatable {
        case created(serviceRequestId: String)
        case token(String)
        /// The request exists already (sent before): delivered.
        case alreadyExists(String)
        /// An error that sending again may cure (an outage reported as 400).
        case retryable(String)
        /// An error sending again will not cure.
        case permanent(String)
        case unreadable
    }

    /// Classifies by the answer's own codes and descriptions, not by the HTTP status alone: GeoReport servers
    /// answer 400 for outages too.
    public static func answer(_ body: [UInt8]) -> Answer {
        guard let json = try? JSON.parse(body) else { return .unreadable }
        let items = json.arrayValue ?? [json]
        guard let first = items.first else { return .unreadable }
        if let id = first["service_request_id"]?.scalarText, !id.isEmpty { return .created(serviceRequestId: id) }
        if let token = first["token"]?.scalarText, !token.isEmpty { return .token(token) }
        let errors = items.compactMap { item -> (Int64?, String)? in
            guard item["code"] != nil || item["description"] != nil else { return nil }
            return (item["code"]?.intValue, item["description"]?.scalarText ?? "")
        }
        guard !errors.isEmpty else { return .unreadable }
        let text = errors.map { "\($0.0.map(String.init) ?? "?"): \($0.1)" }.joined(separator: "; ")
        let lower = text.lowercased()
        if lower.contains("already exist") || lower.contains("duplicate") || text.contains("已存在") || text.contains("重复") {
            return .alreadyExists(text)
        }
        let transient = ["unavailable", "timeout", "timed out", "try again", "maintenance", "temporar", "busy", "overload", "rate limit",
                         "too many", "internal", "database", "维护", "繁忙", "稍后"]
        if errors.contains(where: { ($0.0 ?? 0) >= 500 || $0.0 == 429 || $0.0 == 408 }) || transient.contains(where: lower.contains) {
            return .retryable(text)
        }
        return .permanent(text)
    }
}

/// Why an event cannot be sent to an Open311 destination as it is.
public struct Open311Refusal: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}

extension String {
    var nilIfEmpty: String? { isEmpty ? nil : self }
}
