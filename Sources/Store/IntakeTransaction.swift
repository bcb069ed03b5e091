import Dedup
import Foundation
import IntakeCore
import Routing

/// The intake rules, written once against the storage ports: idempotency and the 409 rule, receipt numbers,
/// long-SMS assembly, the dedup decision (asking the dedup index) and outbox planning. Every store runs them
/// inside its own transaction (SQLite: the group-commit writer; PostgreSQL: a batch transaction under advisory
/// locks; in-memory: one lock), so the answer to a sender is only given after the commit.
public struct IntakeRules: Sendable {
    /// The hotline's UTC offset: receipt numbers count per local day.
    public var utcOffsetSeconds: Int
    /// Destinations that get `ticket.*` events (the case system).
    public var ticketDestinations: [String]
    public var keepAttachmentBytes: Bool
    public var dedup: any DedupDecider
    /// Routes what the normalize step could not (a long SMS is routed once its parts are joined).
    public var routing: RoutingEngine?
    /// Which of `ticketDestinations` take which tickets (INTAKE_DESTINATIONS_FILE); none given: all take all.
    public var destinationRules = DestinationRules()

    public init(utcOffsetSeconds: Int = 8 * 3600, ticketDestinations: [String] = ["case-system"], keepAttachmentBytes: Bool = true,
                dedup: any DedupDecider = NoDedup(), routing: RoutingEngine? = nil) {
        self.routing = routing
        self.utcOffsetSeconds = utcOffsetSeconds
        self.ticketDestinations = ticketDestinations
        self.keepAttachmentBytes = keepAttachmentBytes
        self.dedup = dedup
    }

    /// Work on a submission that needs no database (dedup text features), done on the caller's thread.
    public func precompute(_ item: inout PreparedSubmission) {
        if item.submission.fragment == nil { item.precomputed = dedup.precompute(item.submission) }
    }

    /// Stores one request's batch: raw request, tickets, records, parts, outbox events.
    public func apply(_ batch: IntakeBatch, in tx: any IntakeStorage) throws -> [IntakeOutcome] {
        let received = batch.raw.receivedAt
        let rawID = try tx.insertRaw(batch.raw)
        var outcomes: [IntakeOutcome] = []
        outcomes.reserveCapacity(batch.items.count)
        for item in batch.items {
            let s = item.submission
            if case .recordOnly(let reason) = s.disposition {
                if let ref = s.channelRef, try tx.recordExists(channel: s.channel, ref: ref) {
                    outcomes.append(IntakeOutcome(status: .duplicate, channelRef: ref))
                    continue
                }
                try tx.insertRecord(channel: s.channel.rawValue, ref: s.channelRef, reason: reason, rawID: rawID,
                                    data: s.channelData?.text, at: received)
                outcomes.append(IntakeOutcome(status: .recorded, channelRef: s.channelRef))
                continue
            }
            if let fragment = s.fragment {
                // Parts are matched by their own ids in the fragment tables, not against tickets.
                outcomes.append(try storeFragment(item, fragment, received: received, rawID: rawID, tx))
                continue
            }
            if let ref = s.channelRef {
                let key = Self.idempotencyKey(s, ref: ref)
                if let existing = try tx.ticket(channel: s.channel, key: key) {
                    if existing.fingerprint == item.fingerprint {
                        outcomes.append(IntakeOutcome(status: .duplicate, ticketId: existing.id, receiptNo: existing.receiptNo,
                                                      repeatOf: existing.repeatOf, clusterId: existing.clusterId, channelRef: ref))
                        continue
                    }
                    if s.channel == .email {
                        // A Message-ID reused by a mailer for another message: the mail is kept under its own content key
                        // (still idempotent on a re-fetch), never set aside.
                        var rekeyed = item
                        rekeyed.submission.channelRef = ref + "#" + String(item.fingerprint.prefix(16))
                        let again = rekeyed.submission.channelRef!
                        if let earlier = try tx.ticket(channel: s.channel, key: again) {
                            outcomes.append(IntakeOutcome(status: .duplicate, ticketId: earlier.id, receiptNo: earlier.receiptNo,
                                                          repeatOf: earlier.repeatOf, clusterId: earlier.clusterId, channelRef: again))
                        } else {
                            outcomes.append(try insertTicket(rekeyed, received: received, rawID: rawID, tx))
                        }
                        continue
                    }
                    // The first submitter's receipt number is theirs: the refusal does not name it.
                    let conflict = IntakeError(.conflict, "The key \(ref) was first used for a different submission.",
                                               field: s.channel == .web ? "Idempotency-Key" : "channelRef")
                    guard batch.items.count > 1 else { throw conflict }
                    // One message of a provider's batch: the others are still stored; this one alone is refused.
                    outcomes.append(IntakeOutcome(status: .conflict, channelRef: ref))
                    continue
                }
            }
            outcomes.append(try insertTicket(item, received: received, rawID: rawID, tx))
        }
        if batch.items.isEmpty || outcomes.allSatisfy({ $0.status == .duplicate }) {
            // Nothing new came of it: the raw request of a pure retry need not be kept twice.
            try tx.deleteRaw(rawID)
        }
        return outcomes
    }

    /// What the sender hears about a stored (or failed) batch: a rule's refusal as it is; any other failure as a
    /// retryable 503 without its cause, which (with its SQL) goes to `onWriteError`, the operator's log.
    public static func answer(_ result: Result<[IntakeOutcome], any Error>, onWriteError: (@Sendable (String) -> Void)?)
        -> Result<[IntakeOutcome], IntakeError>
    {
        switch result {
        case .success(let outcomes): return .success(outcomes)
        case .failure(let error as IntakeError): return .failure(error)
        case .failure(let cause):
            onWriteError?("\(cause)")
            return .failure(IntakeError(.unavailable, "The submission could not be stored; nothing was kept. Retry later."))
        }
    }

    /// The stored idempotency key of a submission. A public web form's `Idempotency-Key` is chosen by whoever
    /// sends it, so it is scoped to the caller's identity: another caller using the same key gets a ticket of their
    /// own instead of a 409 (the key cannot be squatted). Partners' ids are already scoped by their channel.
    static func idempotencyKey(_ s: Submission, ref: String) -> String {
        guard s.channel == .web else { return ref }
        let identity = [s.caller.phoneKey.map { "phone:" + $0 }, s.caller.email.map { "email:" + $0.lowercased() },
                        s.caller.openId.map { "openid:" + $0 }].compactMap { $0 }.first ?? "anonymous"
        return ref + "@" + String(hexString(Digest.sha256(Array(identity.utf8))).prefix(16))
    }

    /// What must not be decided at the same time by two writers, for stores with several (PostgreSQL instances):
    /// each submission's idempotency key, the caller's identities, the keys its dedup decision looks candidates up by
    /// (places, cells, text bands), and a long message's set. A store locks these (sorted, for the whole
    /// transaction) before applying the batch.
    public func lockKeys(_ batch: IntakeBatch) -> [String] {
        var keys: Set<String> = []
        for item in batch.items {
            let s = item.submission
            if let ref = s.channelRef { keys.insert("key:\(s.channel.rawValue):" + Self.idempotencyKey(s, ref: ref)) }
            if let f = s.fragment { keys.insert("parts:\(s.channel.rawValue):\(f.group)") }
            for k in CallerIdentity.keys(s.caller) { keys.insert("caller:" + k) }
            keys.formUnion(dedup.lockKeys(precomputed: item.precomputed))
        }
        return keys.sorted()
    }

    /// Writes a new ticket: dedup decision, receipt number, ticket row, attachments, outbox events.
    func insertTicket(_ item: PreparedSubmission, received: Date, rawID: Int64?, _ tx: any IntakeStorage) throws -> IntakeOutcome {
        let s = item.submission
        let (dedupInfo, features, early) = try decision(item, received: received, tx)
        let ticket = makeTicket(item, received: received, receipt: try nextReceipt(for: received, tx), dedup: dedupInfo)
        let receipt = ticket.receiptNo
        try tx.insertTicket(ticket, key: s.channelRef.map { Self.idempotencyKey(s, ref: $0) }, fingerprint: item.fingerprint, rawID: rawID,
                            attachments: s.attachments.map { ($0.attachment, keepAttachmentBytes ? $0.bytes : []) })
        // Settled on the call (直办): stored closed with the answer (in channelData.resolution), counted, still sent to
        // the destinations whose rule takes settled tickets.
        if ticket.settledAtIntake { try tx.setTicketStatus(id: ticket.id, status: "closed") }
        let eventType = dedupInfo.status == .repeat ? "ticket.repeat" : "ticket.created"
        var ownEvents: [String: String] = [:]
        for destination in destinationRules.destinations(for: ticket, among: ticketDestinations) {
            // A repeat waits for its original's event: the case system needs the original's case id first.
            let dependsOn = try dedupInfo.repeatOf.flatMap { try tx.firstEventId(ticketId: $0, destination: destination) }
            let id = Self.eventID(ticketID: ticket.id, destination: destination, type: eventType)
            try tx.enqueue(OutboxEntry(id: id, destination: destination, type: eventType, ticketId: ticket.id, payload: nil,
                                       dependsOn: dependsOn, createdAt: received))
            ownEvents[destination] = id
        }
        try enqueueClusterEvent(for: ticket, ownEvents: ownEvents, in: tx)
        try index(ticket, features: features, early: early, in: tx.dedupIndex)
        return IntakeOutcome(status: dedupInfo.status == .repeat ? .repeat : .created, ticketId: ticket.id,
                             receiptNo: receipt, repeatOf: dedupInfo.repeatOf, clusterId: dedupInfo.clusterId,
                             channelRef: s.channelRef, routing: ticket.routing)
    }

    /// The ticket a submission becomes. The dedup engine compares what the channel said; the ticket carries the
    /// routed type and urgency.
    func makeTicket(_ item: PreparedSubmission, received: Date, receipt: String, dedup dedupInfo: DedupInfo) -> Ticket {
        let s = item.submission
        let routed = item.routing ?? routing.map { $0.route(s, receivedAt: received) }
        return Ticket(
            id: item.ticketId, receiptNo: receipt, hotline: item.hotline, channel: s.channel, channelRef: s.channelRef,
            receivedAt: received, submittedAt: s.submittedAt, caller: s.caller, requestType: routed?.type ?? s.requestType,
            subject: s.subject, text: s.text, location: s.location, urgency: routed?.decision.urgency ?? s.urgency,
            attachments: s.attachments.map(\.attachment), dedup: dedupInfo, channelData: s.channelData, routing: routed?.decision,
            entryPoint: item.entryPoint)
    }

    /// Event ids are derived from the ticket, so the same event is never enqueued twice under two ids, and every
    /// instance sends it with the same `webhook-id`.
    public static func eventID(ticketID: String, destination: String, type: String) -> String {
        destination == "case-system" && type.hasPrefix("ticket.") ? "evt_" + ticketID : "evt_\(destination)_" + ticketID
    }

    /// `YYYYMMDD-NNNNNN`: the local day and that day's counter.
    func nextReceipt(for date: Date, _ tx: any IntakeStorage) throws -> String {
        let day = Timestamp.dayStamp(date, offsetSeconds: utcOffsetSeconds)
        let n = String(try tx.nextReceiptNumber(day: day))
        return day + "-" + (n.count >= 6 ? n : String(repeating: "0", count: 6 - n.count) + n)
    }

    // MARK: Long SMS

    /// Keeps one part of a multi-part message; when the last part arrives, makes the ticket from all of them.
    /// A part seen before is ignored; a part arriving after its message became a ticket is a duplicate.
    func storeFragment(_ item: PreparedSubmission, _ fragment: Fragment, received: Date, rawID: Int64?,
                       _ tx: any IntakeStorage) throws -> IntakeOutcome {
        let channel = item.submission.channel.rawValue
        if let partRef = item.submission.channelRef {
            if let t = try tx.ticketOfPart(channel: channel, partRef: partRef) {
                return IntakeOutcome(status: .duplicate, ticketId: t.id, receiptNo: t.receiptNo, repeatOf: t.repeatOf,
                                     clusterId: t.clusterId, channelRef: t.channelRef)
            }
            if try tx.partIsWaiting(channel: channel, partRef: partRef) {
                return IntakeOutcome(status: .duplicate, channelRef: fragment.group)
            }
        }
        // The part's text as the carrier split it (untrimmed), so words cut at a part boundary join correctly.
        let partText = item.submission.channelData?["partText"]?.stringValue ?? item.submission.text
        var waiting = try tx.fragments(channel: channel, group: fragment.group)
        // The position is taken by a part with other content (a new message reusing the 8-bit reference while the old
        // one still waits for a lost part): the old set becomes an incomplete ticket now, and this part starts a new
        // set. The same content again, even under another id, is a duplicate sent twice.
        if let taken = waiting.first(where: { $0.position == fragment.index }), taken.text != partText {
            let total = waiting.map(\.total).max() ?? fragment.total
            _ = try assemble(channel: channel, group: fragment.group, parts: waiting, total: total, received: received, rawID: rawID, tx)
            waiting = []
        }
        let part = StoredFragment(
            channel: channel, group: fragment.group, position: fragment.index, total: fragment.total,
            firstReceivedAt: waiting.map(\.firstReceivedAt).min() ?? received, receivedAt: received, rawID: rawID,
            partRef: item.submission.channelRef, text: partText, submission: Self.encodePart(item).text)
        let inserted = try tx.insertFragment(part)
        if inserted { waiting.append(part) }
        if waiting.count >= fragment.total {
            return try assemble(channel: channel, group: fragment.group, parts: waiting, total: fragment.total, received: received,
                                rawID: rawID, tx)
        }
        return IntakeOutcome(status: inserted ? .pending : .duplicate, channelRef: fragment.group)
    }

    /// Joins the parts held for `group` into one ticket; missing parts are listed on it.
    func assemble(channel: String, group: String, parts unsorted: [StoredFragment], total: Int, received: Date, rawID: Int64?,
                  _ tx: any IntakeStorage) throws -> IntakeOutcome {
        let parts = unsorted.sorted { $0.position < $1.position }
        guard let first = parts.first, let json = try? JSON.parse(first.submission), var item = Self.decodePart(json) else {
            throw StoreError("the parts of \(group) cannot be read back")
        }
        let present = Set(parts.map(\.position))
        let missing = (1...max(1, total)).filter { !present.contains($0) }
        item.submission.text = TextCleaner.clean(parts.map(\.text).joined(), keepingLines: true)
        // The ticket's key is its first part's own id (or the set and when it began): the 8-bit reference in the
        // group is reused by handsets, so the group alone must not stand for this message forever.
        let firstMs = Int64(parts.map(\.firstReceivedAt).min().map { $0.timeIntervalSince1970 * 1000 } ?? 0)
        item.submission.channelRef = first.partRef ?? "\(group)@\(firstMs)"
        item.submission.fragment = nil
        var data = item.submission.channelData?.objectValue ?? []
        data.removeAll { ["part", "parts", "incomplete", "missingParts"].contains($0.0) }
        data.append(("parts", .int(Int64(total))))
        data.append(("incomplete", .bool(!missing.isEmpty)))
        if !missing.isEmpty { data.append(("missingParts", .array(missing.map { .int(Int64($0)) }))) }
        item.submission.channelData = .object(data)
        item.fingerprint = item.submission.fingerprint
        try tx.deleteFragments(channel: channel, group: group)
        let outcome = try insertTicket(item, received: received, rawID: rawID, tx)
        if let ticketId = outcome.ticketId {
            try tx.linkParts(channel: channel, partRefs: parts.compactMap(\.partRef), ticketId: ticketId)
        }
        return outcome
    }

    /// Turns one set of parts that waited too long into a ticket marked incomplete.
    public func sweep(_ g: FragmentGroup, now: Date, in tx: any IntakeStorage) throws {
        let parts = try tx.fragments(channel: g.channel, group: g.group)
        guard !parts.isEmpty else { return }
        _ = try assemble(channel: g.channel, group: g.group, parts: parts, total: g.total, received: now, rawID: g.rawID, tx)
    }

    /// Sets a set aside that cannot be assembled, as a record kept for operators (not retried on every sweep).
    public func setAside(_ g: FragmentGroup, error: any Error, now: Date, in tx: any IntakeStorage) throws {
        let texts = try tx.fragments(channel: g.channel, group: g.group).map { JSON.string($0.text) }
        try tx.insertRecord(channel: g.channel, ref: nil, reason: "unassemblable parts: \(error)", rawID: g.rawID,
                            data: JSON.array(texts).text, at: now)
        try tx.deleteFragments(channel: g.channel, group: g.group)
    }

    static func encodePart(_ item: PreparedSubmission) -> JSON {
        let s = item.submission
        let c = s.caller
        return JSON.compactObject([
            ("ticketId", .string(item.ticketId)), ("hotline", .string(item.hotline)), ("channel", .string(s.channel.rawValue)),
            ("submittedAt", JSON(s.submittedAt.map(Timestamp.format))),
            ("caller", JSON.compactObject([("name", JSON(c.name)), ("phone", JSON(c.phone)), ("phoneKey", JSON(c.phoneKey)),
                                           ("email", JSON(c.email)), ("openId", JSON(c.openId)), ("anonymous", .bool(c.anonymous)),
                                           ("confidential", .bool(c.confidential))])),
            ("requestType", .string(s.requestType.rawValue)), ("subject", JSON(s.subject)),
            ("urgency", JSON(s.urgency?.rawValue)), ("channelData", s.channelData ?? .null), ("entryPoint", JSON(item.entryPoint)),
        ])
    }

    static func decodePart(_ j: JSON) -> PreparedSubmission? {
        guard let ticketId = j["ticketId"]?.stringValue, let channel = j["channel"]?.stringValue else { return nil }
        let c = j["caller"] ?? .object([])
        let submission = Submission(
            channel: Channel(rawValue: channel), hotline: j["hotline"]?.stringValue,
            submittedAt: j["submittedAt"]?.stringValue.flatMap { Timestamp.parse($0) },
            caller: Caller(name: c["name"]?.stringValue, phone: c["phone"]?.stringValue, phoneKey: c["phoneKey"]?.stringValue,
                           email: c["email"]?.stringValue, openId: c["openId"]?.stringValue,
                           anonymous: c["anonymous"]?.boolValue ?? false, confidential: c["confidential"]?.boolValue ?? false),
            requestType: RequestType(rawValue: j["requestType"]?.stringValue ?? "") ?? .unknown, subject: j["subject"]?.stringValue,
            text: "", urgency: Urgency(rawValue: j["urgency"]?.stringValue ?? ""),
            channelData: j["channelData"].flatMap { $0.isNull ? JSON?.none : $0 })
        var item = PreparedSubmission(submission: submission, ticketId: ticketId, hotline: j["hotline"]?.stringValue ?? "12345")
        item.entryPoint = j["entryPoint"]?.stringValue
        return item
    }

    // MARK: Other writes

    /// Stores a ticket from another system (no raw request, no outbox event: the case system has it already) and
    /// indexes it. False when a ticket with that id or channel reference is already stored.
    ///
    /// The receipt number is kept in the ticket JSON; the column holds `import:<receiptNo>` so it can never collide
    /// with the gateway's own `YYYYMMDD-NNNNNN` numbers of the same day.
    public func importTicket(_ ticket: Ticket, status: String, caseId: String?, in tx: any IntakeStorage) throws -> Bool {
        let fingerprint = "import:" + hexString(Digest.sha256(Array(ticket.json().text.utf8)))
        guard try tx.importTicket(ticket, receiptColumn: "import:" + ticket.receiptNo, fingerprint: fingerprint, status: status,
                                  caseId: caseId) else { return false }
        try dedup.didStore(ticket, features: nil, in: tx.dedupIndex)
        return true
    }

    /// Queues an event that is not a ticket's creation (a 110 return notice); with `ticketState`, sets the ticket's
    /// state in the same transaction. Idempotent on `eventId`.
    public func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date, eventId: String,
                             ticketState: String?, in tx: any IntakeStorage) throws {
        try tx.enqueue(OutboxEntry(id: eventId, destination: destination, type: type, ticketId: ticketId, payload: payload.text,
                                   dependsOn: nil, createdAt: date))
        if let ticketState, let ticketId { try tx.setTicketStatus(id: ticketId, status: ticketState) }
    }
}
