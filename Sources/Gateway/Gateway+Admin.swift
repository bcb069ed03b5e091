import Foundation
import IntakeCore
import Store
import HTTPServer

extension Gateway {
    func listDeadLetters(_ request: HTTPRequest) throws -> HTTPResponse {
        let limit = try limitParameter(request, default: 50, max: 1000)
        let items = try store.deadLetters(limit: limit)
        return json(200, .object([("items", .array(items.map { $0.json() })), ("count", .int(Int64(items.count)))]))
    }

    func replay(_ eventId: String, _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
        store.replay(eventId: eventId, now: clock.now()) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(true):
                self.wakeForwarders()
                self.logger.info("dead letter replayed", [("event", .string(eventId))])
                done(.success(self.json(200, .object([("eventId", .string(eventId)), ("state", .string("pending"))]))))
            case .success(false):
                done(.failure(IntakeError(.notFound, "No dead event has the id \(eventId).")))
            case .failure(let e): done(.failure(e))
            }
        }
    }

    static let ticketStates: Set<String> = ["open", "closed"]

    func setState(_ ref: String, body: [UInt8], _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
        let state: String
        do {
            let doc = try JSON.parse(body)
            guard let s = doc["state"]?.stringValue, Self.ticketStates.contains(s) else {
                throw IntakeError.invalid("state", "state must be open or closed.")
            }
            state = s
        } catch let e as IntakeError {
            return done(.failure(e))
        } catch {
            return done(.failure(IntakeError.malformed("The body is not valid JSON: \(error).")))
        }
        store.setState(ticket: ref, to: state) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let id?):
                done(Result { try self.getTicket(id) })
            case .success(nil):
                done(.failure(IntakeError(.notFound, "No ticket has the id or receipt number \(ref).")))
            case .failure(let e): done(.failure(e))
            }
        }
    }

    /// The case system tells the gateway what became of a case: `case.closed` / `case.reopened` (a closed ticket is
    /// no longer the original of repeats). Signed the Standard Webhooks way with INTAKE_CASE_SYSTEM_SECRET.
    func caseSystemCallback(_ http: HTTPRequest, _ responder: HTTPResponder) {
        let request = ChannelRequest(method: http.method, path: http.path, query: http.query, headers: http.headers,
                                     body: http.body, receivedAt: clock.now(), clientAddress: http.clientAddress)
        @Sendable func fail(_ e: IntakeError) { responder.respond(problem(e, instance: http.path)) }
        guard let secret = configuration.caseSystemSecret else {
            return fail(.unauthorized("Callbacks are closed: INTAKE_CASE_SYSTEM_SECRET is not set."))
        }
        do {
            try StandardWebhooksVerifier(secrets: [secret], toleranceSeconds: configuration.webhookToleranceSeconds, clock: clock).verify(request)
        } catch {
            return fail(error)
        }
        let doc: JSON
        do { doc = try JSON.parse(http.body) } catch { return fail(.malformed("The body is not valid JSON: \(error).")) }
        guard let type = doc["type"]?.stringValue else { return fail(.invalid("type", "type is required.")) }
        guard let ref = (doc["ticketId"] ?? doc["receiptNo"])?.stringValue, !ref.isEmpty else {
            return fail(.invalid("ticketId", "ticketId or receiptNo is required."))
        }
        let state: String
        switch type {
        case "case.closed": state = "closed"
        case "case.reopened": state = "open"
        default:
            return fail(.invalid("type", "type must be case.closed or case.reopened."))
        }
        store.setState(ticket: ref, to: state) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let id?):
                self.logger.info("case system callback", [("type", .string(type)), ("ticket", .string(id))])
                responder.respond(self.json(200, .object([("ticketId", .string(id)), ("state", .string(state))])))
            case .success(nil): fail(IntakeError(.notFound, "No ticket has the id or receipt number \(ref)."))
            case .failure: fail(IntakeError(.unavailable, "The store could not commit the change."))
            }
        }
    }
}
