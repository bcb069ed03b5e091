import Curl
import Foundation
import IntakeCore
import Store

extension Forwarder {
    /// One Open311 GeoReport v2 attempt: `POST {url}/requests.json`, form-encoded, classified by the answer's body.
    func deliverOpen311(_ event: OutboxRecord, with easy: CurlEasy) -> DeliveryResult {
        let now = clock.now()
        let attempt = event.attempts + 1
        let settings = destination.open311 ?? Open311Settings()
        let fields: [(String, String)]
        switch Open311Encoder.fields(event, settings: settings, media: destination.mediaLinks, now: now) {
        case .success(let f): fields = f
        case .failure(let refusal):
            return dead(event, status: nil, "not sent to Open311: \(refusal.reason)", at: now)
        }
        let url = Self.joined(destination.url, "requests.json")
        let headers = [("Content-Type", "application/x-www-form-urlencoded"), ("Accept", "application/json"),
                       ("User-Agent", "12345-intake-gateway"), ("Idempotency-Key", event.id)]
        return post(event, url: url, headers: headers, body: Open311Encoder.formBody(fields), with: easy, now: now) { response in
            classifyOpen311(event, status: response.status, retryAfter: response.header("Retry-After"), body: response.body,
                            attempt: attempt, now: now)
        }
    }

    func classifyOpen311(_ event: OutboxRecord, status: Int, retryAfter: String?, body: [UInt8], attempt: Int, now: Date) -> DeliveryResult {
        func delivered(_ caseId: String?) -> DeliveryResult {
            DeliveryResult(eventId: event.id, ticketId: event.ticketId, outcome: .delivered(caseId: caseId), status: status, error: nil, at: now)
        }
        switch Open311Encoder.answer(body) {
        case .created(let id): return delivered(id)
        // Accepted, id to come: the token is kept as the case id until `pollTokens` learns the id.
        case .token(let token): return delivered(PendingCaseId.prefix + token)
        case .alreadyExists: return delivered(nil)
        case .retryable(let why):
            return retryOrDead(event, attempt: attempt, now: now, status: status, error: "Open311 HTTP \(status): \(why)", retryAfter: retryAfter)
        case .permanent(let why):
            if status == 410 || status >= 500 || status == 429 || status == 408 {
                return classify(event, status: status, retryAfter: retryAfter, body: body, attempt: attempt, now: now)
            }
            return dead(event, status: status, "Open311 refused the request (HTTP \(status)): \(why)", at: now)
        case .unreadable:
            // No GeoReport answer: the HTTP status decides (a 2xx without a readable body is still delivered).
            return classify(event, status: status, retryAfter: retryAfter, body: body, attempt: attempt, now: now)
        }
    }

    /// Asks `GET {url}/tokens/{token}.json` for each delivered request still holding a token, and keeps the id.
    func pollTokens() {
        guard let store = store as? any PendingCaseIds,
              let pending = try? store.pendingTokens(destination: destination.name, limit: 100) else { return }
        for (eventId, token) in pending {
            var url = Self.joined(destination.url, "tokens/" + Open311Encoder.escape(token) + ".json")
            if let j = destination.open311?.jurisdictionId { url += "?jurisdiction_id=" + Open311Encoder.escape(j) }
            guard let response = try? pollEasy.perform(
                method: "GET", url: url, headers: [("Accept", "application/json"), ("User-Agent", "12345-intake-gateway")], body: [],
                connectTimeoutMs: Int(destination.connectTimeoutSeconds * 1000), timeoutMs: Int(destination.timeoutSeconds * 1000)),
                (200..<300).contains(response.status),
                case .created(let id) = Open311Encoder.answer(response.body) else { continue }
            try? store.resolveToken(eventId: eventId, token: token, caseId: id)
        }
    }

    static func joined(_ base: String, _ path: String) -> String {
        base.hasSuffix("/") ? base + path : base + "/" + path
    }
}
