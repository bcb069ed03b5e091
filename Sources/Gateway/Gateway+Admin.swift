import Foundation
import IntakeCore
import Store
import HTTPServer
import Police110

extension Gateway {
    func listDeadLetters(_ request: HTTPRequest) throws -> HTTPResponse {
        let limit = try limitParameter(request, default: 50, max: 1000)
        let items = try store.deadLetters(limit: limit)
        return json(200, .object([("items", .array(items.map { $0.json() })), ("count", .int(Int64(items.count)))]))
    }

    /// Starts deliveries to a destination paused by a 410 again.
    func resumeDestination(_ name: String, actor: Actor) throws -> HTTPResponse {
        guard let forwarder = forwarders.first(where: { $0.destination.name == name }) else {
            throw IntakeError(.notFound, "No destination is named \(name) (configured: \(forwarders.map(\.destination.name).joined(separator: ", "))).")
        }
        let wasPaused = forwarder.isPaused
        forwarder.resume()
        audit(actor, "destination.resume", detail: name)
        logger.info("destination resumed", [("destination", .string(name)), ("wasPaused", .bool(wasPaused))])
        return json(200, .object([("destination", .string(name)), ("paused", .bool(false)), ("wasPaused", .bool(wasPaused))]))
    }

    func replay(_ eventId: String, actor: Actor, _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
        store.replay(eventId: eventId, now: clock.now()) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(true):
                self.wakeForwarders()
                self.audit(actor, "dead-letter.replay", detail: eventId)
                self.logger.info("dead letter replayed", [("event", .string(eventId))])
                done(.success(self.json(200, .object([("eventId", .string(eventId)), ("state", .string("pending"))]))))
            case .success(false):
                done(.failure(IntakeError(.notFound, "No dead event has the id \(eventId).")))
            case .failure(let e): done(.failure(e))
            }
        }
    }

    static let ticketStates: Set<String> = ["open", "closed"]

    func setState(_ ref: String, body: [UInt8], actor: Actor, _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
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
                self.audit(actor, "ticket.state", ticket: id, detail: "state=\(state)")
                Self.offPollingThread { done(Result { try self.getTicket(id) }) }
            case .success(nil):
                done(.failure(IntakeError(.notFound, "No ticket has the id or receipt number \(ref).")))
            case .failure(let e): done(.failure(e))
            }
        }
    }

    /// Returns (退回) a ticket transferred by 110 as a police matter: renders the notice in the partner's own mapping,
    /// queues it for 110's feedback endpoint (delivered and retried like any event), marks the ticket returned.
    func returnToPolice(_ ref: String, body: [UInt8], actor: Actor, _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
        let reason: String
        do {
            let doc = try JSON.parse(body)
            guard let r = doc["reason"]?.stringValue?.trimmingASCIIWhitespace(), !r.isEmpty else {
                throw IntakeError.invalid("reason", "Say why the item goes back to 110: reason is required.")
            }
            reason = r
        } catch let e as IntakeError {
            return done(.failure(e))
        } catch {
            return done(.failure(IntakeError.malformed("The body is not valid JSON: \(error).")))
        }
        returnToPolice(ref, reason: reason) { result in
            if case .success = result { self.audit(actor, "ticket.return", ticket: ref, reason: reason) }
            done(result.map { eventId in
                self.json(202, .object([("ticketRef", .string(ref)), ("state", .string("returned")), ("eventId", .string(eventId)),
                                        ("destination", .string(Self.police110Feedback))]))
            })
        }
    }

    func returnToPolice(_ ref: String, reason: String, _ done: @escaping @Sendable (Result<String, Error>) -> Void) {
        Self.offPollingThread { [self] in self.returnToPoliceNow(ref, reason: reason, done) }
    }

    private func returnToPoliceNow(_ ref: String, reason: String, _ done: @escaping @Sendable (Result<String, Error>) -> Void) {
        let stored: StoredTicket
        do {
            guard let s = try store.ticket(idOrReceipt: ref) else {
                return done(.failure(IntakeError(.notFound, "No ticket has the id or receipt number \(ref).")))
            }
            stored = s
        } catch {
            return done(.failure(error))
        }
        guard stored.ticket.channel == .police110 else {
            return done(.failure(IntakeError.invalid("ticket", "Only items transferred by 110 can be returned to 110; \(ref) came by \(stored.ticket.channel).")))
        }
        let now = clock.now()
        let notice: [UInt8]
        do {
            let mapping = Police110ReturnNotice.mapping(for: stored.ticket, among: police110Mappings) ?? police110Mappings[0]
            notice = try Police110ReturnNotice.render(ticket: stored.ticket, reason: reason, at: now, mapping: mapping)
        } catch {
            return done(.failure(error))
        }
        let payload = (try? JSON.parse(notice)) ?? .object([("reason", .string(reason))])
        // One return notice per ticket: a retried callback or a second click finds the same event (and 110 the same
        // webhook-id), and the notice and the ticket's new state are written together.
        let ticketId = stored.ticket.id
        let eventId = "evt_\(Self.police110Feedback)_return_" + ticketId
        store.enqueueEvent(destination: Self.police110Feedback, type: "police110.return", ticketId: ticketId, payload: payload,
                           at: now, eventId: eventId, ticketState: "returned") { [weak self] result in
            guard let self else { return }
            switch result {
            case .failure(let e): done(.failure(e))
            case .success:
                self.logger.info("returned to 110", [("ticket", .string(ticketId)), ("event", .string(eventId))])
                self.wakeForwarders()
                done(.success(eventId))
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
        case "ticket.returned":
            // The case system found a transferred item to be a police matter.
            guard let reason = doc["reason"]?.stringValue?.trimmingASCIIWhitespace(), !reason.isEmpty else {
                return fail(.invalid("reason", "A return to 110 needs a reason."))
            }
            returnToPolice(ref, reason: reason) { [weak self] result in
                guard let self else { return }
                switch result {
                case .success(let eventId):
                    responder.respond(self.json(202, .object([("ticketRef", .string(ref)), ("state", .string("returned")),
                                                              ("eventId", .string(eventId))])))
                case .failure(let e as IntakeError): fail(e)
                case .failure: fail(IntakeError(.unavailable, "The store could not commit the change."))
                }
            }
            return
        default:
            return fail(.invalid("type", "type must be case.closed, case.reopened or ticket.returned."))
        }
        // The answer to the citizen, shown on /track; only a closing carries one (a reopening clears it).
        var reply: String?
        if state == "closed", let r = doc["reply"], !r.isNull {
            guard let text = r.stringValue else { return fail(.invalid("reply", "reply must be a string.")) }
            // Kept as the case system wrote it (no width or punctuation folding); control characters other than
            // line breaks are dropped.
            let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { $0 == "\n" || $0.value >= 0x20 && $0 != "\u{7F}" }))
                .trimmingCharacters(in: .whitespacesAndNewlines)
            guard kept.count <= 4000 else { return fail(.invalid("reply", "reply is longer than 4000 characters.")) }
            reply = kept.isEmpty ? nil : kept
        }
        // The signature covered webhook-id and webhook-timestamp: the id makes a replay change nothing, the timestamp
        // orders state changes (an older one never overwrites a newer one). Both are remembered with the change.
        let eventId = request.header("webhook-id") ?? ""
        let eventAt = Date(timeIntervalSince1970: Double(Int64(request.header("webhook-timestamp") ?? "") ?? 0))
        store.applyCaseEvent(ticket: ref, to: state, reply: reply, eventId: eventId, eventAt: eventAt) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let outcome?):
                let id = outcome.ticketId
                self.logger.info("case system callback", [("type", .string(type)), ("ticket", .string(id)),
                                                          ("applied", .bool(outcome.applied)), ("replay", .bool(outcome.replay))])
                if outcome.applied {
                    self.auditSystem("case-system", "ticket.state", ticket: id, source: http.clientAddress, detail: "state=\(state) (\(type))")
                }
                responder.respond(self.json(200, .object([("ticketId", .string(id)), ("state", .string(state)),
                                                          ("applied", .bool(outcome.applied))])))
            case .success(nil): fail(IntakeError(.notFound, "No ticket has the id or receipt number \(ref)."))
            case .failure: fail(IntakeError(.unavailable, "The store could not commit the change."))
            }
        }
    }
}
