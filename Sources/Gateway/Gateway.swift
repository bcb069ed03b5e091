import Foundation
import IntakeCore
import Store
import Forwarder
import HTTPServer
import Crypto
import Synchronization
import Police110
import Routing

/// The composition root at run time: HTTP server, channel pipeline, store, forwarder, metrics.
public final class Gateway: Sendable {
    public let configuration: GatewayConfiguration
    public let store: any TicketStore
    public let metrics = Metrics()
    public let logger: Logger
    /// This instance's name (INTAKE_INSTANCE_ID, default host:pid): in /readyz and on the outbox leases it holds.
    public let instanceId: String
    public let clock: any IntakeClock
    let ids: any IDGenerator
    /// Limits public (unsigned) submissions per client address, when configured.
    let rateLimiter: RateLimiter?
    let diskGuard: DiskGuard?
    /// The last readiness answer and when it was made; a probe in progress is never started twice.
    let readinessCache = Mutex<(answer: HTTPResponse?, at: Double, probing: Bool)>((nil, 0, false))
    /// Readiness probes made (each a writer round trip).
    let readinessProbes = Atomic<Int>(0)
    /// One forwarder per configured destination: the case system, and 110's feedback endpoint.
    let forwarders: [Forwarder]
    let server: HTTPServer
    private let openAPIDocument: [UInt8]
    private let handlerBox: HandlerBox
    /// The 110 partners' mappings, read once at start (return notices are written in the ticket's own mapping).
    let police110Mappings: [Police110Mapping]
    /// Work that runs beside the HTTP server (the IMAP poller), started and stopped with it.
    let services: [any GatewayService]
    /// Classification and deadlines, run once per submission in `prepare`.
    let routing: RoutingEngine
    /// Entry points to hotlines: INTAKE_HOTLINES_FILE plus the legacy INTAKE_SMS_HOTLINES.
    let hotlines: HotlineMap
    /// The citizen's pages: tracking-code key and lookup limiter.
    let citizenPages: CitizenPagesContext
    /// The operators' console: accounts, sessions, audit trail.
    let console: ConsoleContext

    public init(configuration: GatewayConfiguration, store: any TicketStore, channels: [ChannelRoute],
                services: [any GatewayService] = [], clock: any IntakeClock = SystemClock(),
                ids: any IDGenerator = RandomIDGenerator(), logger: Logger) {
        self.configuration = configuration
        self.services = services
        self.routing = configuration.routingEngine
        self.hotlines = configuration.hotlineMap.addingSMS(configuration.smsConfiguration.hotlines)
        self.store = store
        self.clock = clock
        self.ids = ids
        self.logger = logger
        self.instanceId = configuration.instanceId ?? (ProcessInfo.processInfo.hostName + ":" + String(ProcessInfo.processInfo.processIdentifier))
        self.openAPIDocument = OpenAPIDocument.load()
        self.console = ConsoleContext(configuration: configuration, tickets: store, logger: logger)
        self.citizenPages = CitizenPagesContext(configuration: configuration, keys: console.store, logger: logger)
        self.rateLimiter = configuration.webRateLimitPerMinute > 0 ? RateLimiter(perMinute: configuration.webRateLimitPerMinute) : nil
        self.diskGuard = DiskGuard(directory: store.localDirectory, reserveMB: configuration.diskReserveMB)
        self.police110Mappings = (try? StandardChannels.police110Mappings(configuration)) ?? Police110ShippedMappings.all
        if store.onWriteError == nil {
            let logger = self.logger
            store.onWriteError = { cause in logger.error("a write to the store failed", [("cause", .string(cause))]) }
        }
        var forwarders: [Forwarder] = []
        for entry in configuration.ticketDestinationEntries {
            var destination = configuration.forwarderConfiguration(entry)
            destination.leaseSeconds = configuration.outboxLeaseSeconds
            destination.mediaLinks = configuration.mediaLinks(trackKey: citizenPages.trackKey)
            forwarders.append(Forwarder(destination: destination, store: store, clock: clock, owner: instanceId))
        }
        if let url = configuration.settings["police110.feedbackUrl"], !url.isEmpty {
            forwarders.append(Forwarder(
                destination: DestinationConfiguration(
                    name: Self.police110Feedback, url: url, secret: configuration.settings["police110.feedbackSecret"], workers: 2,
                    maxAttempts: configuration.forwarderMaxAttempts, initialBackoffSeconds: configuration.forwarderInitialBackoffSeconds,
                    maxBackoffSeconds: configuration.forwarderMaxBackoffSeconds, timeoutSeconds: configuration.forwarderTimeoutSeconds,
                    format: .payload, leaseSeconds: configuration.outboxLeaseSeconds),
                store: store, clock: clock, owner: instanceId))
        }
        self.forwarders = forwarders
        let box = HandlerBox()
        self.handlerBox = box
        var serverConfiguration = HTTPServerConfiguration(
            host: configuration.host, port: configuration.port, threads: configuration.httpThreads,
            maxBodyBytes: configuration.maxBodyBytes, maxConnections: configuration.maxConnections,
            maxConnectionsPerClient: configuration.maxConnectionsPerClient,
            connectionTimeoutSeconds: configuration.connectionTimeoutSeconds)
        serverConfiguration.maxBufferedBodyBytes = configuration.maxBufferedBodyBytes
        serverConfiguration.requestDeadlineSeconds = configuration.requestDeadlineSeconds
        serverConfiguration.answerDeadlineSeconds = configuration.answerDeadlineSeconds
        // A whole e-mail message may be larger than other requests (INTAKE_EMAIL_MAX_BYTES, 25 MiB by default).
        let emailLimit = configuration.settings["email.maxBytes"].flatMap(Int.init) ?? 25 << 20
        serverConfiguration.maxBodyBytesByPath["/v1/intake/email"] = max(configuration.maxBodyBytes, emailLimit + 64 << 10)
        self.server = HTTPServer(
            configuration: serverConfiguration,
            limitResponder: { status, detail, accept in Gateway.limitRefusal(status, detail, accept: accept) },
            handler: { request, responder in box.handle(request, responder) })
        box.router = makeRouter(channels: channels)
        box.gateway = self
        for forwarder in forwarders {
            let metrics = self.metrics
            let logger = self.logger
            let name = forwarder.destination.name
            forwarder.onReadFailure = { error, count in
                logger.error("the outbox cannot be read; deliveries wait", [("destination", .string(name)), ("error", .string(error)),
                                                                            ("consecutiveFailures", .int(Int64(count)))])
            }
            forwarder.onRecordFailure = { error, count, pause in
                logger.error("delivery results cannot be recorded; writing them again later (the events are not re-sent meanwhile)",
                             [("destination", .string(name)), ("error", .string(error)), ("consecutiveFailures", .int(Int64(count))),
                              ("retryInSeconds", .double(pause))])
            }
            forwarder.onResult = { event, result in
                switch result.outcome {
                case .delivered: metrics.deliveryAttempt(destination: event.destination, result: "delivered")
                case .retry:
                    metrics.deliveryAttempt(destination: event.destination, result: "retry")
                    logger.warning("delivery failed; will retry", [("event", .string(event.id)), ("attempt", .int(Int64(event.attempts + 1))),
                                                                   ("error", JSON(result.error))])
                case .dead:
                    metrics.deliveryAttempt(destination: event.destination, result: "dead")
                    logger.error("delivery gave up; event is in the dead letters", [("event", .string(event.id)), ("error", JSON(result.error))])
                }
            }
        }
    }

    /// Starts serving and forwarding.
    public func start() throws {
        try server.start()
        for forwarder in forwarders { forwarder.start() }
        for service in services { try service.start(gateway: self) }
        logger.info("serving", [("listen", .string("\(configuration.host):\(server.boundPort)")),
                                ("caseSystem", .bool(configuration.caseSystemURL != nil))])
        let gaps = calendarGaps()
        if !gaps.isEmpty {
            logger.warning("the working calendar does not cover every year in use; deadlines assume plain weekends there",
                           [("missingYears", .array(gaps.map { .int(Int64($0)) })), ("set", .string("INTAKE_CALENDAR_FILE"))])
        }
    }

    public var port: UInt16 { server.boundPort }

    /// Every route served, as method and path pattern (the contract check compares them with openapi.yaml).
    public var routes: [(method: String, path: String)] { handlerBox.router.routes.map { ($0.method, $0.pattern) } }

    /// New events were committed outside a request (a sweep, an admin action): deliver them now.
    public func wakeForwarders() { for forwarder in forwarders { forwarder.wake() } }

    /// The outbox destination of return notices to 110.
    static let police110Feedback = "police110-feedback"

    /// Stops accepting, answers every request in flight (their commits included), stops the forwarders, flushes and
    /// closes the store. The order matters: the store must outlive the requests waiting on it, and libmicrohttpd must
    /// not be stopped while a request is suspended.
    public func shutdown() {
        logger.info("shutting down", [("inFlight", .int(Int64(server.inFlightCount)))])
        server.quiesce()                       // new requests are answered 503 (stopping); answers close their connections
        for service in services { service.stop() }
        let drained = server.waitForInFlight(seconds: configuration.shutdownGraceSeconds)
        for forwarder in forwarders { forwarder.stop() }
        store.close()                          // finishes queued writes; their requests are answered
        if !drained { server.waitForInFlight(seconds: 2) }
        server.stop()                          // answers anything still suspended with 503, then closes
        logger.info("stopped")
    }

    // MARK: Routes

    private func makeRouter(channels: [ChannelRoute]) -> Router {
        var router = Router()
        for route in channels {
            router.add(route.method, route.path) { [unowned self] request, params, responder in
                self.handleChannel(route, request, params, responder)
            }
        }
        router.add("GET", "/healthz") { _, _, r in
            r.respond(HTTPResponse(status: 200, headers: [("Content-Type", "application/json")], body: Array("{\"status\":\"ok\"}".utf8)))
        }
        // Readiness waits for a writer round trip and metrics count the outbox: neither runs on a polling thread.
        router.add("GET", "/readyz") { [unowned self] _, _, r in Self.offPollingThread { r.respond(self.readiness()) } }
        router.add("GET", "/metrics") { [unowned self] _, _, r in Self.offPollingThread { r.respond(self.metricsResponse()) } }
        router.add("GET", "/openapi.yaml") { [unowned self] _, _, r in
            r.respond(HTTPResponse(status: 200, headers: [("Content-Type", "application/yaml")], body: self.openAPIDocument))
        }
        // Operators' routes: the bearer token is INTAKE_ADMIN_TOKEN or an operator's API token; the role decides.
        router.add("GET", "/v1/tickets") { [unowned self] req, _, r in self.admin(req, r) { actor in try self.listTickets(req, actor) } }
        router.add("GET", "/v1/tickets/{ref}") { [unowned self] req, params, r in
            self.admin(req, r) { actor in try self.getTicket(params["ref"] ?? "", actor: actor, reason: req.queryValue("reason")) }
        }
        // The rejected journal keeps raw bodies (personal data unmasked): supervisors and admins only.
        router.add("GET", "/v1/admin/rejected") { [unowned self] req, _, r in
            self.admin(req, r, minimum: .supervisor) { actor in try self.listRejected(req, actor) }
        }
        router.add("GET", "/v1/admin/dead-letters") { [unowned self] req, _, r in self.admin(req, r) { _ in try self.listDeadLetters(req) } }
        router.add("GET", "/v1/admin/reconciliation") { [unowned self] req, _, r in self.admin(req, r) { _ in try self.reconciliation(req) } }
        router.add("POST", "/v1/admin/dead-letters/{eventId}/replay") { [unowned self] req, params, r in
            self.adminAsync(req, r, minimum: .admin) { actor, done in self.replay(params["eventId"] ?? "", actor: actor, done) }
        }
        router.add("POST", "/v1/admin/destinations/{name}/resume") { [unowned self] req, params, r in
            self.admin(req, r, minimum: .admin) { actor in try self.resumeDestination(params["name"] ?? "", actor: actor) }
        }
        router.add("POST", "/v1/tickets/{ref}/state") { [unowned self] req, params, r in
            self.adminAsync(req, r, minimum: .supervisor) { actor, done in self.setState(params["ref"] ?? "", body: req.body, actor: actor, done) }
        }
        router.add("POST", "/v1/tickets/{ref}/return") { [unowned self] req, params, r in
            self.adminAsync(req, r, minimum: .supervisor) { actor, done in
                self.returnToPolice(params["ref"] ?? "", body: req.body, actor: actor, done)
            }
        }
        router.add("POST", "/v1/tickets/{ref}/route") { [unowned self] req, params, r in
            self.adminAsync(req, r, minimum: .supervisor) { actor, done in self.reroute(params["ref"] ?? "", body: req.body, actor: actor, done) }
        }
        router.add("POST", "/v1/callbacks/case-system") { [unowned self] req, _, r in self.caseSystemCallback(req, r) }
        addCitizenPages(to: &router)
        addMissedCallRoutes(to: &router)
        addMediaRoute(to: &router)
        addConsole(to: &router)
        return router
    }

    fileprivate func route(_ request: HTTPRequest, _ responder: HTTPResponder, router: Router) {
        switch router.match(method: request.method, path: request.path) {
        case .found(let handler, let params):
            handler(request, params, responder)
        case .methodNotAllowed(let allowed):
            let e = IntakeError(.methodNotAllowed, "\(request.method) is not allowed on \(request.path); use \(allowed.joined(separator: ", ")).")
            var r = problem(e, instance: request.path)
            r.headers.append(("Allow", allowed.joined(separator: ", ")))
            metrics.request(channel: "other", outcome: "405", seconds: 0)
            responder.respond(r)
        case .notFound:
            metrics.request(channel: "other", outcome: "404", seconds: 0)
            responder.respond(problem(IntakeError(.notFound, "Nothing is served at \(request.path)."), instance: request.path))
        }
    }

    func problem(_ error: IntakeError, instance: String?) -> HTTPResponse {
        HTTPResponse(status: error.status, headers: [("Content-Type", "application/problem+json")], body: error.problem(instance: instance).serialized())
    }

    // MARK: Operations

    /// Readiness, probed at most once a second and by one thread at a time: a flood of unauthenticated `/readyz`
    /// requests costs one writer round trip a second, and no request waits behind another's probe (it gets the
    /// last answer).
    func readiness() -> HTTPResponse {
        let now = Date().timeIntervalSince1970
        let cached: HTTPResponse? = readinessCache.withLock { c in
            if let answer = c.answer, now - c.at < 1 || c.probing { return answer }
            if c.probing { return HTTPResponse(status: 503, headers: [("Content-Type", "application/json")],
                                               body: Array(#"{"status":"starting"}"#.utf8)) }
            c.probing = true
            return nil
        }
        if let cached { return cached }
        let answer = probeReadiness()
        readinessCache.withLock { $0 = (answer, Date().timeIntervalSince1970, false) }
        return answer
    }

    private func probeReadiness() -> HTTPResponse {
        readinessProbes.add(1, ordering: .relaxed)
        let storeWritable = store.checkWritable(timeoutSeconds: 2)
        let free = diskGuard?.freeBytes()
        let diskLow = diskGuard.map { g in free.map { $0 < g.reserveBytes } ?? false } ?? false
        let writable = storeWritable && !diskLow
        let stats = try? store.stats()
        let oldestAge = stats?.oldestPendingAt.map { max(0, clock.now().timeIntervalSince($0)) }
        let gaps = calendarGaps()
        let body = JSON.object([
            ("status", .string(writable ? "ready" : "unavailable")),
            ("instance", .string(instanceId)),
            ("storeWritable", .bool(storeWritable)),
            ("disk", JSON.compactObject([
                ("freeBytes", JSON(free.map(Int.init))), ("reserveBytes", JSON(diskGuard.map { Int($0.reserveBytes) })),
                ("belowReserve", .bool(diskLow)),
            ])),
            ("calendar", JSON.compactObject([
                ("missingYears", .array(gaps.map { .int(Int64($0)) })),
                ("warning", JSON(gaps.isEmpty ? nil : "the working calendar does not cover \(gaps.map(String.init).joined(separator: ", ")): deadlines assume plain weekends; set INTAKE_CALENDAR_FILE")),
            ])),
            ("outbox", JSON.compactObject([
                ("pending", JSON(stats?.pending)), ("dead", JSON(stats?.dead)), ("oldestPendingSeconds", JSON(oldestAge)),
                ("caseSystemConfigured", .bool(configuration.caseSystemURL != nil)),
                ("pausedDestinations", .array(forwarders.filter(\.isPaused).map { .string($0.destination.name) })),
            ])),
        ])
        return HTTPResponse(status: writable ? 200 : 503, headers: [("Content-Type", "application/json")], body: body.serialized())
    }

    func metricsResponse() -> HTTPResponse {
        let stats = try? store.stats()
        var gauges: [(String, String, Double)] = [
            ("intake_outbox_pending", "Events waiting for delivery.", Double(stats?.pending ?? 0)),
            ("intake_outbox_dead", "Events in the dead-letter list.", Double(stats?.dead ?? 0)),
            ("intake_outbox_oldest_pending_seconds", "Age of the oldest undelivered event.",
             stats?.oldestPendingAt.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0),
            ("intake_tickets_stored", "Tickets in the store.", Double(stats?.tickets ?? 0)),
            ("intake_rejected_journal", "Refused requests kept in the rejected journal.", Double(stats?.rejected ?? 0)),
            ("intake_http_in_flight", "Requests being handled.", Double(server.inFlightCount)),
        ]
        for f in forwarders {
            gauges.append(("intake_destination_paused{destination=\"\(f.destination.name)\"}",
                           "1 while the destination is paused after answering 410 Gone.", f.isPaused ? 1 : 0))
        }
        if let backlog = try? store.callbackBacklog() {
            gauges.append(("intake_callbacks_waiting", "Callback tasks for missed calls waiting for an operator.", Double(backlog.waiting)))
            gauges.append(("intake_callbacks_oldest_seconds", "Age of the oldest waiting callback task (its first missed call).",
                           backlog.oldestAt.map { max(0, clock.now().timeIntervalSince($0)) } ?? 0))
        }
        gauges.append(("intake_deliveries_in_flight", "Deliveries under way.", Double(forwarders.reduce(0) { $0 + $1.counters.inFlight })))
        return HTTPResponse(status: 200, headers: [("Content-Type", "text/plain; version=0.0.4; charset=utf-8")],
                            body: Array(metrics.render(gauges: gauges.map { (name: $0.0, help: $0.1, value: $0.2) }).utf8))
    }

    /// Checks the bearer token (INTAKE_ADMIN_TOKEN or an operator's API token) and the role; answers 401 or 403 and
    /// returns nil when the request may not go on. Reads the store: call it off the polling threads.
    func authorizeAdmin(_ request: HTTPRequest, _ responder: HTTPResponder, minimum: OperatorRole = .viewer) -> Actor? {
        guard (configuration.adminToken.map { !$0.isEmpty } ?? false) || console.store != nil else {
            responder.respond(problem(IntakeError.unauthorized("Admin routes are closed: INTAKE_ADMIN_TOKEN is not set."), instance: request.path))
            return nil
        }
        guard let actor = bearerActor(request) else {
            var r = problem(IntakeError.unauthorized("A valid bearer token is required."), instance: request.path)
            r.headers.append(("WWW-Authenticate", "Bearer"))
            responder.respond(r)
            return nil
        }
        guard actor.role >= minimum else {
            responder.respond(problem(IntakeError(.forbidden, "\(actor.name) is a \(actor.role.rawValue); this needs a \(minimum.rawValue)."),
                                      instance: request.path))
            return nil
        }
        return actor
    }

    /// An admin route that answers after a store write commits.
    func adminAsync(_ request: HTTPRequest, _ responder: HTTPResponder, minimum: OperatorRole = .viewer,
                    _ body: @escaping @Sendable (Actor, @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) -> Void) {
        Self.offPollingThread { [self] in
            guard let actor = authorizeAdmin(request, responder, minimum: minimum) else { return }
            adminAsyncBody(request, responder, actor, body)
        }
    }

    private func adminAsyncBody(_ request: HTTPRequest, _ responder: HTTPResponder, _ actor: Actor,
                                _ body: (Actor, @escaping @Sendable (Result<HTTPResponse, Error>) -> Void) -> Void) {
        let path = request.path
        body(actor) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let r): responder.respond(r)
            case .failure(let e as IntakeError): responder.respond(self.problem(e, instance: path))
            case .failure(let e):
                self.logger.error("admin write failed", [("path", .string(path)), ("error", .string("\(e)"))])
                responder.respond(self.problem(IntakeError(.unavailable, "The store could not commit the change."), instance: path))
            }
        }
    }

    /// Work that reads the store (or waits for the writer) runs here, never on one of the two polling threads.
    static let operations = DispatchQueue(label: "intake.operations", attributes: .concurrent)

    static func offPollingThread(_ work: @escaping @Sendable () -> Void) { operations.async(execute: work) }

    func admin(_ request: HTTPRequest, _ responder: HTTPResponder, minimum: OperatorRole = .viewer,
               _ body: @escaping @Sendable (Actor) throws -> HTTPResponse) {
        Self.offPollingThread { [self] in
            guard let actor = authorizeAdmin(request, responder, minimum: minimum) else { return }
            self.adminBody(request, responder) { try body(actor) }
        }
    }

    private func adminBody(_ request: HTTPRequest, _ responder: HTTPResponder, _ body: () throws -> HTTPResponse) {
        do {
            responder.respond(try body())
        } catch let e as IntakeError {
            responder.respond(problem(e, instance: request.path))
        } catch {
            logger.error("admin request failed", [("path", .string(request.path)), ("error", .string("\(error)"))])
            responder.respond(problem(IntakeError(.internalError, "The store could not answer."), instance: request.path))
        }
    }

    /// A ticket as `actor` may see it (masked for viewers, and for confidential tickets until a reason is given);
    /// with an actor, the view is recorded in the audit trail.
    func getTicket(_ ref: String, actor: Actor? = nil, reason: String? = nil) throws -> HTTPResponse {
        guard let stored = try store.ticket(idOrReceipt: ref) else {
            throw IntakeError(.notFound, "No ticket has the id or receipt number \(ref).")
        }
        guard let actor else { return json(200, Self.view(stored)) }
        let reason = reason.map { String($0.trimmingCharacters(in: .whitespaces).prefix(200)) }.flatMap { $0.isEmpty ? nil : $0 }
        let (masked, needsReason) = disclosure(stored, actor, reason: reason)
        audit(actor, "ticket.view", ticket: stored.ticket.id, reason: reason, detail: masked ? "masked" : nil)
        return json(200, Self.view(stored, masked: masked, needsReason: needsReason))
    }

    func listTickets(_ request: HTTPRequest, _ actor: Actor) throws -> HTTPResponse {
        var q = TicketQuery()
        if let c = try request.parameter("channel") {
            let known: [Channel] = [.web, .sms, .phone, .email, .miniprogram, .police110]
            guard known.contains(Channel(rawValue: c)) else { throw IntakeError.invalid("channel", "\(c) is not a channel.") }
            q.channel = Channel(rawValue: c)
        }
        if let p = try request.parameter("phone"), !p.isEmpty {
            // Matched on the normalized key; what is no phone number matches no ticket (an empty list, not an error).
            q.phoneKey = PhoneNumber.normalize(p, areaCode: configuration.areaCode)?.key ?? p
        }
        if let o = try request.parameter("openId"), !o.isEmpty { q.openId = o }
        if let e = try request.parameter("email"), !e.isEmpty { q.email = e }
        if let c = try request.parameter("category"), !c.isEmpty { q.category = c }
        if let d = try request.parameter("department"), !d.isEmpty { q.department = d }
        // Typed parameters: an empty value is not a value of their type (422, like any other bad value).
        if let u = try request.parameter("urgency") {
            guard let urgency = Urgency(rawValue: u) else { throw IntakeError.invalid("urgency", "urgency must be A, B or C.") }
            q.urgency = urgency
        }
        if let b = try request.parameter("deadlineBefore") {
            guard let d = Timestamp.parse(b, defaultOffsetSeconds: configuration.utcOffsetSeconds) else {
                throw IntakeError.invalid("deadlineBefore", "deadlineBefore must be an RFC 3339 timestamp.")
            }
            q.deadlineBefore = d
        }
        if let s = try request.parameter("since") {
            guard let d = Timestamp.parse(s, defaultOffsetSeconds: configuration.utcOffsetSeconds) else {
                throw IntakeError.invalid("since", "since must be an RFC 3339 timestamp.")
            }
            q.since = d
        }
        q.limit = try limitParameter(request, default: q.limit, max: 1000)
        // Criteria the store does not index, applied to what it found (as the console's search does).
        var until: Date?
        if let u = try request.parameter("until") {
            guard let d = Timestamp.parse(u, defaultOffsetSeconds: configuration.utcOffsetSeconds) else {
                throw IntakeError.invalid("until", "until must be an RFC 3339 timestamp.")
            }
            until = d
        }
        let state = try request.parameter("state")
        if let state, !["open", "closed", "returned"].contains(state) {
            throw IntakeError.invalid("state", "state must be open, closed or returned.")
        }
        let dedup = try request.parameter("dedup")
        if let dedup, !["new", "repeat"].contains(dedup) { throw IntakeError.invalid("dedup", "dedup must be new or repeat.") }
        let cluster = try request.parameter("cluster").flatMap { $0.isEmpty ? nil : $0 }
        var items: [StoredTicket]
        if let receipt = try request.parameter("receipt"), !receipt.isEmpty {
            items = try store.ticket(idOrReceipt: receipt).map { [$0] } ?? []
        } else {
            items = try store.tickets(q)
        }
        items = items.filter { t in
            (state.map { t.status == $0 } ?? true) && (dedup.map { t.ticket.dedup.status.rawValue == $0 } ?? true)
                && (cluster.map { t.ticket.dedup.clusterId == $0 } ?? true) && (until.map { t.ticket.receivedAt < $0 } ?? true)
        }
        audit(actor, "ticket.search", detail: request.query.filter { !$0.value.isEmpty }.map { "\($0.name)=\($0.value)" }.joined(separator: "&"))
        let views = items.map { stored in
            let (masked, needsReason) = disclosure(stored, actor, reason: nil)
            return Self.view(stored, masked: masked, needsReason: needsReason)
        }
        return json(200, .object([("items", .array(views)), ("count", .int(Int64(items.count)))]))
    }

    func listRejected(_ request: HTTPRequest, _ actor: Actor) throws -> HTTPResponse {
        let limit = try limitParameter(request, default: 50, max: 500)
        audit(actor, "rejected.view")
        return json(200, .object([("items", .array(try store.rejected(limit: limit)))]))
    }

    func limitParameter(_ request: HTTPRequest, default d: Int, max m: Int) throws -> Int {
        guard let l = try request.parameter("limit") else { return d }
        guard let n = Int(l), (1...m).contains(n) else { throw IntakeError.invalid("limit", "limit must be 1 to \(m).") }
        return n
    }

    static func view(_ stored: StoredTicket, masked: Bool = false, needsReason: Bool = false) -> JSON {
        guard case .object(var members) = (masked ? PersonalDataMask.ticket(stored.ticket) : stored.ticket).json() else { return .null }
        if masked { members.append(("masked", .bool(true))) }
        if needsReason { members.append(("confidentialRequiresReason", .bool(true))) }
        members.append(("state", .string(stored.status)))
        members.append(("caseId", JSON(stored.caseId)))
        members.append(("delivery", .array(stored.deliveries.map { $0.json() })))
        // No destination's rule took it (INTAKE_DESTINATIONS_FILE): stored and counted, never sent.
        // Imported history was never the gateway's to forward (the case system has it): said as such, not as "not forwarded".
        if stored.imported {
            members.append(("imported", .bool(true)))
        } else if !stored.deliveries.contains(where: { $0.eventType.hasPrefix("ticket.") }) {
            members.append(("notForwarded", .bool(true)))
        }
        return .object(members)
    }

    func json(_ status: Int, _ value: JSON) -> HTTPResponse {
        HTTPResponse(status: status, headers: [("Content-Type", "application/json; charset=utf-8")], body: value.serialized())
    }
}

/// Lets the server's handler reach a router built after the server.
private final class HandlerBox: @unchecked Sendable {
    var router = Router()
    weak var gateway: Gateway?
    func handle(_ request: HTTPRequest, _ responder: HTTPResponder) {
        gateway?.route(request, responder, router: router)
    }
}
