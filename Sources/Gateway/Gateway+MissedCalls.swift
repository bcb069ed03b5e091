import Foundation
import HTTPServer
import IntakeCore
import Store

extension ConfigurationLoader {
    static let missedCallOptions: [OptionSpec] = [
        OptionSpec(env: "INTAKE_MISSED_CALL_WINDOW_MINUTES", key: "missedCallWindowMinutes",
                   help: "minutes within which one caller's missed calls fold into one callback task (default 1440)", secret: false) { c, v in
            let minutes = try double("INTAKE_MISSED_CALL_WINDOW_MINUTES", v)
            guard minutes > 0 else { throw ConfigurationError(message: "INTAKE_MISSED_CALL_WINDOW_MINUTES must be positive") }
            c.missedCallWindowSeconds = minutes * 60
        },
    ]
}

/// Missed calls (漏接回拨): `POST /v1/intake/phone/missed` from the call centre, signed like the phone channel, makes or
/// folds a callback task; operators list them oldest first and record what became of each; a later answered call
/// from the same number closes its open task.
extension Gateway {
    func addMissedCallRoutes(to router: inout Router) {
        let verifier = StandardChannels.partnerVerifier("phone", configuration, clock: clock)
        router.add("POST", "/v1/intake/phone/missed") { [unowned self] req, _, r in
            Self.offPollingThread { r.respond(self.missedCall(req, verifier: verifier)) }
        }
        router.add("GET", "/v1/missed-calls") { [unowned self] req, _, r in self.admin(req, r, minimum: .supervisor) { _ in try self.listMissedCalls(req) } }
        router.add("POST", "/v1/missed-calls/{id}/done") { [unowned self] req, params, r in
            self.admin(req, r, minimum: .supervisor) { actor in
                let answer = try self.finishMissedCall(params["id"] ?? "", body: req.body)
                self.audit(actor, "missed-call.finish", detail: params["id"])
                return answer
            }
        }
    }

    func missedCall(_ http: HTTPRequest, verifier: any RequestVerifier) -> HTTPResponse {
        let started = DispatchTime.now().uptimeNanoseconds
        func done(_ outcome: String, _ response: HTTPResponse) -> HTTPResponse {
            metrics.request(channel: "phone-missed", outcome: outcome,
                            seconds: Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9)
            return response
        }
        let request = ChannelRequest(
            method: http.method, path: http.path, pathParameters: [:], query: http.query, headers: http.headers, body: http.body,
            receivedAt: clock.now(), clientAddress: http.clientAddress)
        if let allow = configuration.allowlists["phone"], !allow.isEmpty,
           !allow.contains(where: { CIDR($0)?.contains(request.clientAddress) ?? false }) {
            let e = IntakeError(.forbidden, "\(request.clientAddress) is not on the phone channel's allowlist.")
            return done("rejected-403", problem(e, instance: http.path))
        }
        do {
            try verifier.verify(request)
            let call = try Self.decodeMissedCall(http.body, receivedAt: request.receivedAt, gateway: self)
            let outcome = try store.recordMissedCall(call, window: configuration.missedCallWindowSeconds,
                                                     newId: ids.uuidV7(at: request.receivedAt))
            let body = JSON.object([("taskId", .string(outcome.task.id)), ("status", .string(outcome.status.rawValue)),
                                    ("attempts", .int(Int64(outcome.task.attempts))), ("state", .string(outcome.task.state.rawValue))])
            return done(outcome.status.rawValue, json(outcome.status == .duplicate ? 200 : 202, body))
        } catch let e as IntakeError {
            return done("rejected-\(e.status)", problem(e, instance: http.path))
        } catch {
            logger.error("missed call not stored", [("error", .string("\(error)"))])
            return done("error-503", problem(IntakeError(.unavailable, "The missed call could not be stored; retry later."), instance: http.path))
        }
    }

    /// `{"callId", "caller", "callee", "at", "waitSeconds", "reason": "abandoned" | "outOfHours"}`.
    static func decodeMissedCall(_ body: [UInt8], receivedAt: Date, gateway: Gateway) throws(IntakeError) -> MissedCall {
        let j: JSON
        do { j = try JSON.parse(body) } catch { throw IntakeError(.malformedBody, "The body is not JSON: \(error)") }
        guard j.objectValue != nil else { throw IntakeError(.malformedBody, "The body must be a JSON object.") }
        guard let callId = j["callId"]?.scalarText, !callId.isEmpty, callId.count <= 200 else {
            throw .invalid("callId", "callId is required (the call centre's id for the call, at most 200 characters).")
        }
        let caller = j["caller"]?.scalarText
        let callee = j["callee"]?.scalarText
        for (name, value) in [("caller", caller), ("callee", callee)] where (value?.count ?? 0) > 64 {
            throw .invalid(name, "\(name) is longer than 64 characters; it is not a phone number.")
        }
        var at = receivedAt
        if let t = j["at"], !t.isNull {
            guard let text = t.scalarText, let parsed = Timestamp.parse(text, defaultOffsetSeconds: gateway.configuration.utcOffsetSeconds) else {
                throw .invalid("at", "at must be an RFC 3339 time.")
            }
            at = parsed
        }
        var wait: Int?
        if let w = j["waitSeconds"], !w.isNull {
            guard let n = w.intValue, (0...86_400).contains(n) else { throw .invalid("waitSeconds", "waitSeconds must be 0 to 86400.") }
            wait = Int(n)
        }
        let reason = j["reason"]?.stringValue ?? "abandoned"
        guard ["abandoned", "outOfHours"].contains(reason) else { throw .invalid("reason", "reason must be abandoned or outOfHours.") }
        let key = caller.flatMap { PhoneNumber.isWithheld($0) ? nil : PhoneNumber.normalize($0, areaCode: gateway.configuration.areaCode)?.key }
        let hotline = callee.flatMap { gateway.hotlines.hotline(for: EntryPoint(.dnis, $0)) } ?? gateway.configuration.hotline
        return MissedCall(callId: callId, caller: caller, callerKey: key, dialled: callee, hotline: hotline, at: at, waitSeconds: wait,
                          reason: reason)
    }

    func listMissedCalls(_ request: HTTPRequest) throws -> HTTPResponse {
        let state = try request.parameter("state") ?? "open"
        guard state == "open" || state == "all" else { throw IntakeError.invalid("state", "state must be open or all.") }
        let items = try store.callbackTasks(openOnly: state == "open", limit: try limitParameter(request, default: 100, max: 1000))
        let now = clock.now()
        return json(200, .object([
            ("items", .array(items.map { t in
                guard case .object(var m) = t.json() else { return .null }
                if t.state == .open { m.append(("waitingSeconds", .int(Int64(max(0, now.timeIntervalSince(t.firstAttemptAt)))))) }
                return .object(m)
            })),
            ("count", .int(Int64(items.count))),
        ]))
    }

    /// `{"result": "reached" | "unreachable" | "ticket", "ticket": "<id or receipt>", "note": "..."}`.
    func finishMissedCall(_ id: String, body: [UInt8]) throws -> HTTPResponse {
        guard let j = try? JSON.parse(body), j.objectValue != nil else { throw IntakeError(.malformedBody, "The body must be a JSON object.") }
        guard let result = j["result"]?.stringValue, let state = CallbackTask.State(rawValue: result),
              [.reached, .unreachable, .ticket].contains(state) else {
            throw IntakeError.invalid("result", "result must be reached, unreachable or ticket.")
        }
        var ticketId: String?
        if state == .ticket {
            guard let ref = j["ticket"]?.stringValue, !ref.isEmpty else { throw IntakeError.invalid("ticket", "ticket (id or receipt number) is required.") }
            guard let t = try store.ticket(idOrReceipt: ref) else { throw IntakeError.invalid("ticket", "No ticket has the id or receipt number \(ref).") }
            ticketId = t.ticket.id
        }
        let note = j["note"]?.stringValue
        if let n = j["note"], !n.isNull, note == nil { throw IntakeError.invalid("note", "note must be a string.") }
        if let note, note.count > 1000 { throw IntakeError.invalid("note", "note is longer than 1000 characters.") }
        guard let task = try store.finishCallback(id: id, state: state, ticketId: ticketId, note: note, at: clock.now()) else {
            throw IntakeError(.notFound, "No callback task has the id \(id).")
        }
        return json(200, task.json())
    }

    /// A phone ticket is an answered call: the caller's open callback tasks are closed by it (off the writer's thread).
    func closeCallbacks(answered outcomes: [IntakeOutcome], _ items: [PreparedSubmission]) {
        let closing = zip(outcomes, items).compactMap { o, item -> (String, String)? in
            guard item.submission.channel == .phone, o.status == .created || o.status == .repeat, let id = o.ticketId,
                  let key = item.submission.caller.phoneKey else { return nil }
            return (key, id)
        }
        guard !closing.isEmpty else { return }
        let at = clock.now()
        Self.offPollingThread { [self] in
            for (key, id) in closing {
                do { try store.closeCallbacks(callerKey: key, answeredBy: id, at: at) } catch {
                    logger.error("callback tasks not closed", [("ticket", .string(id)), ("error", .string("\(error)"))])
                }
            }
        }
    }
}
