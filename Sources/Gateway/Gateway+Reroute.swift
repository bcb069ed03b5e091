import Foundation
import HTTPServer
import IntakeCore
import Store

extension Gateway {
    /// `POST /v1/tickets/{ref}/route` `{"destination", "reason"}`: an operator sends a ticket to another destination
    /// (改派 after a 退单, or a correction), as a new `ticket.routed` event carrying the ticket and the earlier
    /// deliveries it follows (their destinations, event ids and case ids). Idempotent per ticket and destination.
    func reroute(_ ref: String, body: [UInt8], actor: Actor, _ done: @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) {
        Self.offPollingThread { [self] in
            let destination: String, reason: String, stored: StoredTicket
            do {
                let doc: JSON
                do { doc = try JSON.parse(body) } catch { throw IntakeError.malformed("The body is not valid JSON: \(error).") }
                guard let d = doc["destination"]?.stringValue, !d.isEmpty else {
                    throw IntakeError.invalid("destination", "Name the destination to send the ticket to.")
                }
                guard configuration.ticketDestinationNames.contains(d) else {
                    throw IntakeError(.notFound, "No destination is named \(d) (configured: \(configuration.ticketDestinationNames.joined(separator: ", "))).")
                }
                guard let r = doc["reason"]?.stringValue?.trimmingASCIIWhitespace(), !r.isEmpty else {
                    throw IntakeError.invalid("reason", "Say why the ticket moves: reason is required.")
                }
                guard let s = try store.ticket(idOrReceipt: ref) else { throw IntakeError(.notFound, "No ticket has the id or receipt number \(ref).") }
                (destination, reason, stored) = (d, r, s)
            } catch {
                return done(.failure(error))
            }
            let earlier = stored.deliveries.filter { $0.eventType.hasPrefix("ticket.") }.map { e in
                JSON.compactObject([("destination", .string(e.destination)), ("eventId", .string(e.eventId)), ("state", .string(e.state)),
                                    ("caseId", JSON(e.caseId))])
            }
            let payload = JSON.object([("ticket", stored.ticket.json()), ("reason", .string(reason)), ("routedBy", .string(actor.name)),
                                       ("previousDeliveries", .array(earlier))])
            let eventId = "evt_\(destination)_routed_" + stored.ticket.id
            let ticketId = stored.ticket.id
            store.enqueueEvent(destination: destination, type: "ticket.routed", ticketId: ticketId, payload: payload, at: clock.now(),
                               eventId: eventId, ticketState: nil) { [weak self] result in
                guard let self else { return }
                switch result {
                case .failure(let e): done(.failure(e))
                case .success:
                    self.audit(actor, "ticket.route", ticket: ticketId, reason: reason, detail: "destination=\(destination)")
                    self.wakeForwarders()
                    done(.success(self.json(202, .object([("ticketId", .string(ticketId)), ("destination", .string(destination)),
                                                         ("eventId", .string(eventId)), ("type", .string("ticket.routed"))]))))
                }
            }
        }
    }
}
