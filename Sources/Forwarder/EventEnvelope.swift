import Foundation
import IntakeCore
import Store

/// How a destination wants its events on the wire; one encoder per case.
public enum WireFormat: Sendable, Equatable {
    /// `{"id","type","timestamp","data"}` signed the Standard Webhooks way (the case system).
    case standardWebhooks
    /// The event's own payload alone (a 110 partner's document); falls back to the envelope for ticket events.
    case payload
    /// Open311 GeoReport v2 `POST {url}/requests.json`, form-encoded (see `Open311Encoder`).
    case open311
    /// The case system's own JSON, rendered by a mapping file (see `CaseMapping`).
    case mappedJSON

    /// The name in INTAKE_DESTINATIONS_FILE's `format`.
    public init?(name: String) {
        switch name {
        case "standard-webhooks": self = .standardWebhooks
        case "open311": self = .open311
        case "payload": self = .payload
        case "mapped-json": self = .mappedJSON
        default: return nil
        }
    }
}

/// Renders an outbox record for the wire. The store keeps facts (the ticket as stored, the original's case id,
/// an event's own payload); the envelope is built here, once per attempt.
public enum EventEnvelope {
    public static func body(_ record: OutboxRecord, format: WireFormat) -> [UInt8] {
        switch format {
        case .standardWebhooks: return standardWebhooks(record)
        case .payload: return record.payload.map { Array($0.utf8) } ?? standardWebhooks(record)
        // Open311 requests are built by `Open311Encoder`, mapped-json bodies by the destination's `CaseMapping`.
        case .open311, .mappedJSON: return standardWebhooks(record)
        }
    }

    /// The stored ticket JSON is spliced in as it is (it was serialized by the same code), not parsed again.
    static func standardWebhooks(_ r: OutboxRecord) -> [UInt8] {
        var body = Array("{\"id\":".utf8)
        JSON.string(r.id).write(into: &body)
        body += Array(",\"type\":".utf8)
        JSON.string(r.type).write(into: &body)
        body += Array(",\"timestamp\":".utf8)
        JSON.string(Timestamp.format(r.createdAt)).write(into: &body)
        body += Array(",\"data\":".utf8)
        if let payload = r.payload {
            body += Array(payload.utf8)
        } else if let ticketJSON = r.ticketJSON {
            body += Array("{\"ticket\":".utf8)
            body += Array(ticketJSON.utf8)
            if r.type == "ticket.repeat" {
                // A repeat names its original, and says whether this destination ever received it: when not, there
                // is no case here to append to (originalCaseId is null, except the case system's own record).
                body += Array(",\"originalCaseId\":".utf8)
                JSON(r.originalCaseId).write(into: &body)
                body += Array(",\"originalTicketId\":".utf8)
                JSON(r.originalTicketId).write(into: &body)
                body += Array(",\"originalSentHere\":".utf8)
                JSON.bool(r.originalSentHere).write(into: &body)
            }
            body.append(UInt8(ascii: "}"))
        } else {
            body += Array("{}".utf8)
        }
        body.append(UInt8(ascii: "}"))
        return body
    }
}
