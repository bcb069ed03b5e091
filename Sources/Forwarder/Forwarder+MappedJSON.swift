import Curl
import Foundation
import IntakeCore
import Store

extension Forwarder {
    /// One `format: mapped-json` attempt: the event rendered into the case system's own JSON by the destination's
    /// mapping, signed as it says, and classified by the answer's own success value and codes (see `CaseMapping`).
    func deliverMappedJSON(_ event: OutboxRecord, with easy: CurlEasy) -> DeliveryResult {
        let now = clock.now()
        let attempt = event.attempts + 1
        guard let mapping = destination.mapping else {
            return dead(event, status: nil, "destination \(destination.name) has no mapping", at: now)
        }
        var envelope = (try? JSON.parse(EventEnvelope.standardWebhooks(event))) ?? .null
        if let media = destination.mediaLinks { envelope = Self.linkingStoredPhotos(envelope, media, now: now) }
        guard envelope["data"]?["ticket"] != nil else {
            return dead(event, status: nil, "not sent to \(destination.name): event \(event.type) carries no ticket", at: now)
        }
        let fields: [(String, JSON)]
        switch mapping.render(envelope) {
        case .success(let f): fields = f
        case .failure(let refusal):
            return dead(event, status: nil, "not sent (mapping \(mapping.name)): \(refusal.reason)", at: now)
        }
        let body = JSON.object(fields).serialized()
        let timestamp = Int64(now.timeIntervalSince1970)
        let headers = [("Content-Type", "application/json; charset=utf-8"), ("Accept", "application/json"),
                       ("User-Agent", "12345-intake-gateway"), ("Idempotency-Key", event.id)]
            + mapping.signatureHeaders(fields: fields, body: body, eventId: event.id, timestamp: timestamp, secret: destination.secret)
        return post(event, url: destination.url, headers: headers, body: body, with: easy, now: now) { response in
            let retryAfter = response.header("Retry-After")
            switch mapping.answer(status: response.status, body: response.body) {
            case .delivered(let caseId):
                return DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .delivered(caseId: caseId),
                                      status: response.status, error: nil, at: now)
            case .retryable(let why):
                return retryOrDead(event, attempt: attempt, now: now, status: response.status, error: why, retryAfter: retryAfter)
            case .permanent(let why):
                return dead(event, status: response.status, "refused by \(destination.name): \(why)", at: now)
            case .byStatus:
                return classify(event, status: response.status, retryAfter: retryAfter, body: response.body, attempt: attempt, now: now)
            }
        }
    }

    /// With a public base URL, each stored photo of the event's ticket gets `url`: a signed, expiring link the
    /// gateway serves (as Open311's media_url), so a mapping's `/data/ticket/attachments` + `each: /url` lists every
    /// photo, not only those a channel sent as links. None for a confidential ticket.
    static func linkingStoredPhotos(_ envelope: JSON, _ media: MediaLinks, now: Date) -> JSON {
        guard case .object(var top) = envelope, let d = top.firstIndex(where: { $0.0 == "data" }),
              case .object(var data) = top[d].1, let t = data.firstIndex(where: { $0.0 == "ticket" }),
              case .object(var ticket) = data[t].1, data[t].1["caller"]?["confidential"]?.boolValue != true,
              let id = data[t].1["id"]?.stringValue,
              let a = ticket.firstIndex(where: { $0.0 == "attachments" }), let items = ticket[a].1.arrayValue
        else { return envelope }
        ticket[a].1 = .array(items.enumerated().map { i, item in
            guard case .object(var members) = item, item["url"] == nil,
                  item["contentType"]?.stringValue?.hasPrefix("image/") == true else { return item }
            members.append(("url", .string(media.url(ticketId: id, position: i, now: now))))
            return .object(members)
        })
        data[t].1 = .object(ticket)
        top[d].1 = .object(data)
        return .object(top)
    }
}
