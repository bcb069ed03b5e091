import Foundation
import IntakeCore
import Store
import HTTPServer

extension Gateway {
    /// One submission's way for an HTTP request: build the channel request, run the pipeline, answer.
    func handleChannel(_ route: ChannelRoute, _ http: HTTPRequest, _ params: [String: String], _ responder: HTTPResponder) {
        // Decoding a large body (a 25 MiB mail, a form with nine photos) is linear but not free: it runs off the two
        // polling threads, so that no request, however large, delays the others' reading and answering.
        if http.body.count > Self.inlineDecodeBytes {
            return Self.offPollingThread { [self] in handleChannelNow(route, http, params, responder) }
        }
        handleChannelNow(route, http, params, responder)
    }

    /// Bodies up to this size are decoded on the polling thread that read them (the common case, no thread hop).
    static let inlineDecodeBytes = 64 << 10

    private func handleChannelNow(_ route: ChannelRoute, _ http: HTTPRequest, _ params: [String: String], _ responder: HTTPResponder) {
        if route.adapter.channel == .web, Self.wantsHTML(http) { return submitWebPage(route, http, params, responder) }
        let request = ChannelRequest(
            method: http.method, path: http.path, pathParameters: params, query: http.query, headers: http.headers,
            body: http.body, receivedAt: clock.now(), clientAddress: http.clientAddress)
        process(request, route: route) { response, _ in responder.respond(HTTPResponse(response)) }
    }

    /// The pipeline for any source (HTTP, IMAP): allowlist, verify, decode, normalize, store (group commit),
    /// then `completion` with the channel's answer and, when stored, the outcomes. Runs `completion` once,
    /// after the commit; a refusal is answered at once. `amend` adjusts each decoded submission before it is stored.
    public func process(_ request: ChannelRequest, route: ChannelRoute, amend: (@Sendable (Submission) -> Submission)? = nil,
                        completion: @escaping @Sendable (ChannelResponse, Result<[IntakeOutcome], IntakeError>) -> Void) {
        let started = DispatchTime.now().uptimeNanoseconds
        let adapter = route.adapter
        let metrics = self.metrics
        let channelName = route.name
        @Sendable func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9 }
        @Sendable func refuse(_ error: IntakeError, store keep: Bool) {
            metrics.request(channel: channelName, outcome: "rejected-\(error.status)", seconds: elapsed())
            logger.info("refused", [("channel", .string(channelName)), ("status", .int(Int64(error.status))),
                                    ("detail", .string(error.detail)), ("field", JSON(error.field)),
                                    ("client", .string(request.clientAddress))])
            guard keep else {
                completion(adapter.answer(error, to: request), .failure(error))
                return
            }
            // A public sender's refused body is kept short: the journal is for seeing what a partner sent, and a
            // flood of refused public posts must not fill the disk.
            var body = request.body
            if route.isPublic && body.count > Self.publicJournalBytes { body = Array(body.prefix(Self.publicJournalBytes)) }
            let record = RejectedRecord(
                channel: channelName, path: request.path, status: error.status, problem: error.problem(instance: request.path).text,
                contentType: request.header("content-type"), body: body, receivedAt: request.receivedAt)
            guard route.isTrustedSource else {
                store.reject(record)
                completion(adapter.answer(error, to: request), .failure(error))
                return
            }
            // A trusted source sets the input aside on a refusal: only once the journal holds it. If the journal
            // cannot be written, the refusal becomes retryable, and the source keeps the input to try again.
            store.reject(record) { written in
                switch written {
                case .success: completion(adapter.answer(error, to: request), .failure(error))
                case .failure(let failure): completion(adapter.answer(failure, to: request), .failure(failure))
                }
            }
        }

        if let allow = configuration.allowlists[channelName], !allow.isEmpty,
           !allow.contains(where: { CIDR($0)?.contains(request.clientAddress) ?? false }) {
            refuse(IntakeError(.forbidden, "\(request.clientAddress) is not on the \(channelName) channel's allowlist."), store: false)
            return
        }
        // Public intake gives way first when the disk runs low; partner channels keep the reserve.
        if route.isPublic, let guardian = diskGuard, guardian.belowReserve {
            var e = adapter.answer(IntakeError(.unavailable, "The gateway is low on disk space; retry later."), to: request)
            e.headers.append(("Retry-After", "60"))
            metrics.request(channel: channelName, outcome: "rejected-503", seconds: elapsed())
            completion(e, .failure(IntakeError(.unavailable, "disk below reserve")))
            return
        }
        if route.isPublic, let limiter = rateLimiter,
           let wait = limiter.take(request.clientAddress, now: request.receivedAt.timeIntervalSince1970) {
            var e = adapter.answer(IntakeError(.rateLimited, "Too many submissions from \(request.clientAddress); retry in \(Int(wait.rounded(.up))) s."), to: request)
            e.headers.append(("Retry-After", String(Int(wait.rounded(.up)))))
            metrics.request(channel: channelName, outcome: "rejected-429", seconds: elapsed())
            completion(e, .failure(IntakeError(.rateLimited, "rate limited")))
            return
        }
        if let verifier = route.verifier {
            do { try verifier.verify(request) } catch {
                // Unauthenticated: nothing is stored but a counter.
                refuse(error, store: false)
                return
            }
        }
        var submissions: [Submission]
        do { submissions = try adapter.decode(request) } catch {
            refuse(error, store: true)
            return
        }
        if let amend { submissions = submissions.map(amend) }
        let items: [PreparedSubmission]
        do {
            items = try submissions.map { s throws(IntakeError) in
                prepare(try normalizer.normalize(s, policy: adapter.oversizePolicy), receivedAt: request.receivedAt)
            }
        } catch {
            refuse(error, store: true)
            return
        }
        let raw = RawRequestRecord(
            channel: adapter.channel, path: request.path, contentType: request.header("content-type"),
            headers: request.headers.filter { !Self.sensitiveHeaders.contains($0.name) },
            body: RawBody.withoutAttachments(request.body, items.flatMap(\.submission.attachments)), receivedAt: request.receivedAt)
        store.intake(IntakeBatch(raw: raw, items: items)) { [weak self] result in
            guard let self else { return }
            switch result {
            case .success(let outcomes):
                let outcome = outcomes.count == 1 ? outcomes[0].status.rawValue : (outcomes.isEmpty ? "empty" : "batch")
                metrics.request(channel: channelName, outcome: outcome, seconds: elapsed())
                completion(adapter.answer(outcomes, to: request), .success(outcomes))
                self.closeCallbacks(answered: outcomes, items)
                for o in outcomes where o.status == .created || o.status == .repeat {
                    metrics.ticket(category: o.routing?.category ?? "none", urgency: o.routing?.urgency.rawValue ?? "none")
                }
                if outcomes.contains(where: { $0.status == .created || $0.status == .repeat }) {
                    self.wakeForwarders()
                    if self.logger.minimum <= .debug {
                        for (o, item) in zip(outcomes, items) {
                            self.logger.debug("stored", [("channel", .string(channelName)), ("receiptNo", JSON(o.receiptNo)),
                                                         ("status", .string(o.status.rawValue)),
                                                         ("caller", JSON(item.submission.caller.phoneKey.map(PhoneNumber.mask))),
                                                         ("name", JSON(item.submission.caller.name.map(PersonalData.maskName)))])
                        }
                    }
                }
            case .failure(let error):
                if error.code == .conflict {
                    refuse(error, store: true)
                } else {
                    self.logger.error("store failed", [("channel", .string(channelName)), ("error", .string(error.detail))])
                    metrics.request(channel: channelName, outcome: "error-\(error.status)", seconds: elapsed())
                    completion(adapter.answer(error, to: request), .failure(error))
                }
            }
        }
    }

    /// How much of a refused public body the rejected journal keeps.
    static let publicJournalBytes = 16 << 10

    /// Headers never written to the raw journal: credentials and signatures.
    static let sensitiveHeaders: Set<String> = ["authorization", "cookie", "webhook-signature", "x-twilio-signature", "proxy-authorization"]

    /// Numbering and the dedup features of a normalized submission (`SubmissionNormalizer` has kept the citizen's
    /// words and bounded every field).
    func prepare(_ submission: Submission, receivedAt: Date) -> PreparedSubmission {
        let s = submission
        // The hotline map (INTAKE_HOTLINES_FILE, with INTAKE_SMS_HOTLINES folded in) wins; then what the channel said.
        let resolved = hotlines.resolve(s.entryPoints)
        let hotline = resolved?.hotline ?? s.hotline ?? configuration.hotline
        var item = PreparedSubmission(submission: s, ticketId: ids.uuidV7(at: receivedAt), hotline: hotline)
        item.entryPoint = (resolved?.entryPoint ?? s.entryPoints.first)?.description
        // A long SMS's part is routed by the store once the whole text is there.
        if s.fragment == nil && s.disposition == .ticket { item.routing = routing.route(s, receivedAt: receivedAt) }
        store.precompute(&item)
        return item
    }

    var normalizer: SubmissionNormalizer { SubmissionNormalizer(areaCode: configuration.areaCode) }
}

extension HTTPResponse {
    init(_ r: ChannelResponse) {
        self.init(status: r.status, headers: [("Content-Type", r.contentType)] + r.headers, body: r.body)
    }
}
