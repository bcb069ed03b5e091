import Dedup
import Foundation
import IntakeCore
import Synchronization

/// The ports in memory, for tests: the whole pipeline and every channel table run in process, with the same
/// intake rules as SQLite and PostgreSQL. One lock makes each write a transaction (state copied before, restored
/// when the rules throw). Nothing survives the process.
public final class MemoryTicketStore: TicketStore, @unchecked Sendable {
    public let rules: IntakeRules
    public let rejectedJournalLimit: Int
    private let state = Mutex(MemoryState())
    private let leases = OutboxLeases()
    /// Callback tasks and the call ids of their attempts (see `MemoryTicketStore+MissedCalls.swift`).
    let callbacks = Mutex<(tasks: [String: CallbackTask], attempts: [String: String])>(([:], [:]))
    private let completions = DispatchQueue(label: "memory-store.completions")
    /// When set, every write fails as a lost database would (tests of the retry answers).
    public let failWrites = Atomic<Bool>(false)
    public var onWriteError: (@Sendable (String) -> Void)?

    public init(rules: IntakeRules = IntakeRules(), rejectedJournalLimit: Int = 10_000) {
        self.rules = rules
        self.rejectedJournalLimit = rejectedJournalLimit
    }

    /// Runs `body` as one transaction: on a throw, nothing it did is kept.
    public func transaction<T>(_ body: (MemoryTransaction) throws -> T) throws -> T {
        if failWrites.load(ordering: .relaxed) { throw StoreError("the in-memory store is set to fail writes") }
        return try state.withLock { s in
            let tx = MemoryTransaction(s)
            let value = try body(tx)
            s = tx.state
            return value
        }
    }

    private func write<T: Sendable>(_ body: @escaping @Sendable (MemoryTransaction) throws -> T,
                                    completion: @escaping @Sendable (Result<T, any Error>) -> Void) {
        let result = Result { try transaction(body) }
        completions.async { completion(result) }
    }

    public func precompute(_ item: inout PreparedSubmission) { rules.precompute(&item) }

    public func intake(_ batch: IntakeBatch, completion: @escaping @Sendable (Result<[IntakeOutcome], IntakeError>) -> Void) {
        let rules = self.rules
        write({ tx in try rules.apply(batch, in: tx) }, completion: { [self] result in
            completion(IntakeRules.answer(result, onWriteError: self.onWriteError))
        })
    }

    public func reject(_ record: RejectedRecord, completion: @escaping @Sendable (Result<Void, IntakeError>) -> Void) {
        let limit = rejectedJournalLimit
        do {
            try transaction { tx in
                tx.state.rejectedSeq += 1
                tx.state.rejected.append((tx.state.rejectedSeq, record))
                if tx.state.rejected.count > limit { tx.state.rejected.removeFirst(tx.state.rejected.count - limit) }
            }
            completion(.success(()))
        } catch {
            completion(.failure(IntakeError(.unavailable, "The rejected journal could not be written: \(error)")))
        }
    }

    public func ticket(idOrReceipt ref: String) throws -> StoredTicket? {
        // An imported ticket's receipt column is `import:<receipt>`; a live ticket with the same number comes first.
        state.withLock { s in (s.ticketSeq(ref) ?? s.ticketSeq("import:" + ref)).flatMap { s.stored($0) } }
    }

    public func tickets(_ q: TicketQuery) throws -> [StoredTicket] {
        state.withLock { s in
            var out: [StoredTicket] = []
            for row in s.tickets.reversed() {
                let t = row.ticket
                if let c = q.channel, t.channel != c { continue }
                if let p = q.phoneKey, t.caller.phoneKey != p { continue }
                if let o = q.openId, t.caller.openId != o { continue }
                if let e = q.email, t.caller.email?.lowercased() != e.lowercased() { continue }
                if let since = q.since, t.receivedAt < since { continue }
                if let c = q.category, t.routing?.category != c { continue }
                if let d = q.department, t.routing?.department != d { continue }
                if let u = q.urgency, t.routing?.urgency != u { continue }
                if let b = q.deadlineBefore, !(t.routing?.deadline.map { $0 < b } ?? false) { continue }
                if let st = s.stored(row.seq) { out.append(st) }
                if out.count >= max(1, min(q.limit, 1000)) { break }
            }
            return out
        }
    }

    public func claim(destination: String, limit: Int, owner: String, lease: Double, now: Date) throws -> [OutboxRecord] {
        let held = leases.held(now: now)
        let records: [OutboxRecord] = state.withLock { s in
            let due = s.outbox.filter { e in
                e.state == "pending" && e.entry.destination == destination && e.nextAttemptAt <= now && !held.contains(e.entry.id)
                    && (e.entry.dependsOn.map { d in s.outboxIndex[d].map { s.outbox[$0].state != "pending" } ?? true } ?? true)
            }.sorted { ($0.nextAttemptAt, $0.seq) < ($1.nextAttemptAt, $1.seq) }.prefix(limit)
            return due.map { e in
                let row = e.entry.ticketId.flatMap { s.ticketsById[$0] }.map { s.tickets[$0] }
                let original = row?.ticket.dedup.repeatOf.flatMap { s.ticketsById[$0] }.map { s.tickets[$0] }
                // The case id this destination gave the original (the case system's older rows: the ticket's).
                let originalEvent = e.entry.dependsOn.flatMap { s.outboxIndex[$0] }.map { s.outbox[$0] }
                let originalCaseId = originalEvent?.caseId ?? (destination == "case-system" ? original?.caseId : nil)
                return OutboxRecord(seq: e.seq, id: e.entry.id, type: e.entry.type, destination: destination, ticketId: e.entry.ticketId,
                                    attempts: e.attempts, createdAt: e.entry.createdAt, ticketJSON: row?.json,
                                    originalCaseId: originalCaseId, payload: e.entry.payload, originalTicketId: row?.ticket.dedup.repeatOf,
                                    originalSentHere: e.entry.dependsOn != nil)
            }
        }
        let filled = ClusterEvent.filled(records) { destination, members in
            state.withLock { s in
                var ids: [String: String] = [:]
                for e in s.outbox where e.state == "delivered" && e.entry.destination == destination && e.entry.type.hasPrefix("ticket.") {
                    if let t = e.entry.ticketId, members.contains(t), ids[t] == nil, let c = e.caseId, !c.hasPrefix("token:") { ids[t] = c }
                }
                // The case system's older rows: the ticket's own case id.
                for t in members where ids[t] == nil && destination == "case-system" {
                    if let c = s.ticketsById[t].flatMap({ s.tickets[$0].caseId }), !c.hasPrefix("token:") { ids[t] = c }
                }
                return ids
            }
        }
        return leases.take(filled, owner: owner, until: now.addingTimeInterval(lease))
    }

    public func renew(eventIds: [String], owner: String, lease: Double, now: Date) throws {
        leases.renew(eventIds, owner: owner, until: now.addingTimeInterval(lease))
    }

    public func complete(_ results: [DeliveryResult], owner: String, completion: @escaping @Sendable ((any Error)?) -> Void) {
        let leases = self.leases
        write({ tx in
            for r in results {
                guard let i = tx.state.outboxIndex[r.eventId] else { continue }
                var e = tx.state.outbox[i]
                e.attempts += 1
                e.lastStatus = r.status
                let (outcome, next) = r.outcomeName
                e.history.append(DeliveryAttempt(at: r.at, destination: e.entry.destination, outcome: outcome, status: r.status,
                                                 error: r.error, durationMs: r.durationMs, nextAttemptAt: next))
                if e.history.count > DeliveryAttempt.kept { e.history.removeFirst(e.history.count - DeliveryAttempt.kept) }
                switch r.outcome {
                case .delivered(let caseId):
                    e.state = "delivered"
                    e.deliveredAt = r.at
                    e.lastError = nil
                    e.caseId = caseId
                    if let caseId, let ticketId = r.ticketId, let t = tx.state.ticketsById[ticketId], tx.state.tickets[t].caseId == nil {
                        tx.state.tickets[t].caseId = caseId
                    }
                case .retry(let at):
                    e.nextAttemptAt = at
                    e.lastError = r.error
                case .dead:
                    e.state = "dead"
                    e.lastError = r.error
                }
                tx.state.outbox[i] = e
            }
        }, completion: { result in
            leases.release(results.map(\.eventId), owner: owner)
            if case .failure(let e) = result { completion(e) } else { completion(nil) }
        })
    }

    public func stats() throws -> StoreStats {
        state.withLock { s in
            let pending = s.outbox.filter { $0.state == "pending" }
            return StoreStats(tickets: s.tickets.count, pending: pending.count, dead: s.outbox.filter { $0.state == "dead" }.count,
                              oldestPendingAt: pending.map(\.entry.createdAt).min(), rejected: s.rejected.count)
        }
    }

    public func setState(ticket ref: String, to status: String, reply: String?,
                         completion: @escaping @Sendable (Result<String?, any Error>) -> Void) {
        write({ tx -> String? in
            guard let seq = tx.state.ticketSeq(ref) else { return nil }
            let wasClosed = tx.state.tickets[Int(seq) - 1].closedAt
            tx.state.tickets[Int(seq) - 1].status = status
            tx.state.tickets[Int(seq) - 1].reply = reply
            tx.state.tickets[Int(seq) - 1].closedAt = status == "closed" ? wasClosed ?? Date() : nil
            return tx.state.tickets[Int(seq) - 1].ticket.id
        }, completion: completion)
    }

    public func applyCaseEvent(ticket ref: String, to status: String, reply: String?, eventId: String, eventAt: Date,
                               completion: @escaping @Sendable (Result<CaseEventOutcome?, any Error>) -> Void) {
        write({ tx -> CaseEventOutcome? in
            guard let seq = tx.state.ticketSeq(ref) else { return nil }
            let i = Int(seq) - 1
            let id = tx.state.tickets[i].ticket.id
            if let seen = tx.state.caseEvents[eventId] { return CaseEventOutcome(ticketId: seen, applied: false, replay: true) }
            tx.state.caseEvents[eventId] = id
            if let at = tx.state.tickets[i].stateAt, at > eventAt { return CaseEventOutcome(ticketId: id, applied: false, replay: false) }
            let wasClosed = tx.state.tickets[i].closedAt
            tx.state.tickets[i].status = status
            tx.state.tickets[i].reply = reply
            tx.state.tickets[i].stateAt = eventAt
            tx.state.tickets[i].closedAt = status == "closed" ? wasClosed ?? Date() : nil
            return CaseEventOutcome(ticketId: id, applied: true, replay: false)
        }, completion: completion)
    }

    public func attachment(ticketId: String, position: Int) throws -> StoredAttachment? {
        state.withLock { s in
            guard let list = s.attachments[ticketId], list.indices.contains(position), !list[position].bytes.isEmpty else { return nil }
            return list[position]
        }
    }

    public func deadLetters(limit: Int) throws -> [DeadLetter] {
        state.withLock { s in
            s.outbox.reversed().filter { $0.state == "dead" }.prefix(limit).map { e in
                DeadLetter(state: e.deliveryState, ticketId: e.entry.ticketId,
                           receiptNo: e.entry.ticketId.flatMap { s.ticketsById[$0] }.map { s.tickets[$0].receiptColumn })
            }
        }
    }

    public func replay(eventId: String, now: Date, completion: @escaping @Sendable (Result<Bool, any Error>) -> Void) {
        write({ tx -> Bool in
            guard let i = tx.state.outboxIndex[eventId], tx.state.outbox[i].state == "dead" else { return false }
            tx.state.outbox[i].state = "pending"
            tx.state.outbox[i].attempts = 0
            tx.state.outbox[i].nextAttemptAt = now
            tx.state.outbox[i].lastError = "replayed by an operator"
            return true
        }, completion: completion)
    }

    public func rejected(limit: Int) throws -> [JSON] {
        state.withLock { s in
            s.rejected.reversed().prefix(limit).map { (id, r) in
                JSON.compactObject([
                    ("id", .int(id)), ("receivedAt", .string(Timestamp.format(r.receivedAt))), ("channel", .string(r.channel)),
                    ("path", .string(r.path)), ("status", .int(Int64(r.status))), ("problem", (try? JSON.parse(r.problem)) ?? .null),
                    ("contentType", JSON(r.contentType)), ("body", .string(String(decoding: r.body, as: UTF8.self))),
                ])
            }
        }
    }

    public func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date, eventId: String,
                             ticketState: String?, completion: @escaping @Sendable (Result<String, any Error>) -> Void) {
        let rules = self.rules
        write({ tx in
            try rules.enqueueEvent(destination: destination, type: type, ticketId: ticketId, payload: payload, at: date, eventId: eventId,
                                   ticketState: ticketState, in: tx)
            return eventId
        }, completion: completion)
    }

    public func sweepFragments(olderThan cutoff: Date, now: Date) throws -> Int {
        let groups = try transaction { try $0.fragmentGroups(firstReceivedBefore: cutoff) }
        var made = 0
        for g in groups {
            do {
                try transaction { tx in try rules.sweep(g, now: now, in: tx) }
                made += 1
            } catch {
                try transaction { tx in try rules.setAside(g, error: error, now: now, in: tx) }
            }
        }
        return made
    }

    public func importTickets(_ items: [(ticket: Ticket, status: String, caseId: String?)]) throws -> [Bool] {
        try transaction { tx in try items.map { try rules.importTicket($0.ticket, status: $0.status, caseId: $0.caseId, in: tx) } }
    }

    public func checkWritable(timeoutSeconds: Double) -> Bool { !failWrites.load(ordering: .relaxed) }

    public func close() {}
}

struct MemoryTicketRow {
    var seq: Int64
    var ticket: Ticket
    var json: String
    var fingerprint: String
    var receiptColumn: String
    var status: String
    var caseId: String?
    var reply: String?
    /// When it was closed (retention's clock), and when its personal data was masked.
    var closedAt: Date?
    /// When the case-system event that set the state was made.
    var stateAt: Date?
    var personalMaskedAt: Date?
}

struct MemoryOutboxRow {
    var seq: Int64
    var entry: OutboxEntry
    var state = "pending"
    var attempts = 0
    var nextAttemptAt: Date
    var deliveredAt: Date?
    var lastStatus: Int?
    var lastError: String?
    var caseId: String?
    var history: [DeliveryAttempt] = []

    var deliveryState: DeliveryState {
        DeliveryState(eventId: entry.id, eventType: entry.type, destination: entry.destination, state: state, attempts: attempts,
                      nextAttemptAt: state == "pending" ? nextAttemptAt : nil, deliveredAt: deliveredAt, lastStatus: lastStatus,
                      lastError: lastError, caseId: caseId, history: history)
    }
}

struct MemoryState {
    var rawSeq: Int64 = 0
    var raw: [Int64: RawRequestRecord] = [:]
    var tickets: [MemoryTicketRow] = []
    var ticketsById: [String: Int] = [:]
    var ticketsByRef: [String: Int] = [:]
    var ticketsByReceipt: [String: Int] = [:]
    var records: [(channel: String, ref: String?, reason: String, at: Date)] = []
    var recordRefs: Set<String> = []
    var rejectedSeq: Int64 = 0
    /// Case-system events seen: webhook-id -> ticket id.
    var caseEvents: [String: String] = [:]
    var rejected: [(Int64, RejectedRecord)] = []
    var counters: [String: Int] = [:]
    var fragments: [String: [StoredFragment]] = [:]
    var waitingParts: Set<String> = []
    var partTickets: [String: String] = [:]
    var outbox: [MemoryOutboxRow] = []
    var attachments: [String: [StoredAttachment]] = [:]
    var outboxIndex: [String: Int] = [:]
    // Dedup index.
    var callers: [String: Int64] = [:]
    var callerSeq: Int64 = 0
    var matters: [Int64: IndexedMatter] = [:]
    var byIdentity: [String: [Int64]] = [:]
    var byCell: [Int64: [Int64]] = [:]
    var byPlace: [String: [Int64]] = [:]
    var byBand: [Int64: [Int64]] = [:]
    /// Matters by the incident they were put in (appended when indexed or marked; read back only if still in it).
    var byCluster: [String: [Int64]] = [:]

    static func key(_ a: String, _ b: String) -> String { a + "\u{0}" + b }

    func ticketSeq(_ ref: String) -> Int64? {
        (ticketsById[ref] ?? ticketsByReceipt[ref]).map { Int64($0 + 1) }
    }

    func stored(_ seq: Int64) -> StoredTicket? {
        let i = Int(seq) - 1
        guard tickets.indices.contains(i) else { return nil }
        let row = tickets[i]
        let deliveries = outbox.filter { $0.entry.ticketId == row.ticket.id }.map(\.deliveryState)
        var stored = StoredTicket(ticket: row.ticket, status: row.status, caseId: row.caseId, deliveries: deliveries, reply: row.reply)
        stored.imported = row.receiptColumn.hasPrefix("import:")
        return stored
    }
}

/// The storage and dedup-index ports over a copy of the state; the store keeps the copy when the rules succeed.
public final class MemoryTransaction: IntakeStorage, DedupIndex {
    var state: MemoryState
    init(_ state: MemoryState) { self.state = state }

    public var dedupIndex: any DedupIndex { self }

    public func insertRaw(_ raw: RawRequestRecord) throws -> Int64 {
        state.rawSeq += 1
        state.raw[state.rawSeq] = raw
        return state.rawSeq
    }

    public func deleteRaw(_ id: Int64) throws { state.raw[id] = nil }

    func ticketKey(_ row: MemoryTicketRow) -> TicketKey {
        TicketKey(id: row.ticket.id, receiptNo: row.receiptColumn, fingerprint: row.fingerprint, repeatOf: row.ticket.dedup.repeatOf,
                  clusterId: row.ticket.dedup.clusterId, channelRef: row.ticket.channelRef)
    }

    public func ticket(channel: Channel, key: String) throws -> TicketKey? {
        state.ticketsByRef[MemoryState.key(channel.rawValue, key)].map { ticketKey(state.tickets[$0]) }
    }

    public func recordExists(channel: Channel, ref: String) throws -> Bool {
        state.recordRefs.contains(MemoryState.key(channel.rawValue, ref))
    }

    public func insertRecord(channel: String, ref: String?, reason: String, rawID: Int64?, data: String?, at: Date) throws {
        if let ref { state.recordRefs.insert(MemoryState.key(channel, ref)) }
        state.records.append((channel, ref, reason, at))
    }

    public func nextReceiptNumber(day: String) throws -> Int {
        let n = (state.counters[day] ?? 0) + 1
        state.counters[day] = n
        return n
    }

    private func add(_ ticket: Ticket, key: String?, fingerprint: String, receiptColumn: String, status: String, caseId: String?) throws -> Bool {
        let refKey = key.map { MemoryState.key(ticket.channel.rawValue, $0) }
        if state.ticketsById[ticket.id] != nil || refKey.map({ state.ticketsByRef[$0] != nil }) == true { return false }
        if state.ticketsByReceipt[receiptColumn] != nil { throw StoreError("receipt number \(receiptColumn) is taken") }
        let i = state.tickets.count
        state.tickets.append(MemoryTicketRow(seq: Int64(i + 1), ticket: ticket, json: ticket.json().text, fingerprint: fingerprint,
                                             receiptColumn: receiptColumn, status: status, caseId: caseId))
        state.ticketsById[ticket.id] = i
        state.ticketsByReceipt[receiptColumn] = i
        if let refKey { state.ticketsByRef[refKey] = i }
        return true
    }

    public func insertTicket(_ ticket: Ticket, key: String?, fingerprint: String, rawID: Int64?, attachments: [StoredAttachment]) throws {
        guard try add(ticket, key: key, fingerprint: fingerprint, receiptColumn: ticket.receiptNo, status: "open", caseId: nil) else {
            throw StoreError("ticket \(ticket.id) is already stored")
        }
        if !attachments.isEmpty { state.attachments[ticket.id] = attachments }
    }

    public func importTicket(_ ticket: Ticket, receiptColumn: String, fingerprint: String, status: String, caseId: String?) throws -> Bool {
        try add(ticket, key: ticket.channelRef, fingerprint: fingerprint, receiptColumn: receiptColumn, status: status, caseId: caseId)
    }

    public func setTicketStatus(id: String, status: String) throws {
        if let i = state.ticketsById[id] { state.tickets[i].status = status }
    }

    public func ticketOfPart(channel: String, partRef: String) throws -> TicketKey? {
        state.partTickets[MemoryState.key(channel, partRef)].flatMap { state.ticketsById[$0] }.map { ticketKey(state.tickets[$0]) }
    }

    public func partIsWaiting(channel: String, partRef: String) throws -> Bool {
        state.waitingParts.contains(MemoryState.key(channel, partRef))
    }

    public func fragments(channel: String, group: String) throws -> [StoredFragment] {
        (state.fragments[MemoryState.key(channel, group)] ?? []).sorted { $0.position < $1.position }
    }

    public func insertFragment(_ f: StoredFragment) throws -> Bool {
        let k = MemoryState.key(f.channel, f.group)
        if state.fragments[k, default: []].contains(where: { $0.position == f.position }) { return false }
        if let ref = f.partRef {
            if state.waitingParts.contains(MemoryState.key(f.channel, ref)) { return false }
            state.waitingParts.insert(MemoryState.key(f.channel, ref))
        }
        state.fragments[k, default: []].append(f)
        return true
    }

    public func deleteFragments(channel: String, group: String) throws {
        for f in state.fragments.removeValue(forKey: MemoryState.key(channel, group)) ?? [] {
            if let ref = f.partRef { state.waitingParts.remove(MemoryState.key(channel, ref)) }
        }
    }

    public func linkParts(channel: String, partRefs: [String], ticketId: String) throws {
        for ref in partRefs where state.partTickets[MemoryState.key(channel, ref)] == nil {
            state.partTickets[MemoryState.key(channel, ref)] = ticketId
        }
    }

    public func fragmentGroups(firstReceivedBefore cutoff: Date) throws -> [FragmentGroup] {
        state.fragments.values.compactMap { parts in
            guard let first = parts.first, let earliest = parts.map(\.firstReceivedAt).min(), earliest <= cutoff else { return nil }
            return FragmentGroup(channel: first.channel, group: first.group, total: parts.map(\.total).max() ?? 1,
                                 rawID: parts.compactMap(\.rawID).max())
        }.sorted { ($0.channel, $0.group) < ($1.channel, $1.group) }
    }

    public func firstEventId(ticketId: String, destination: String) throws -> String? {
        state.outbox.first { $0.entry.ticketId == ticketId && $0.entry.destination == destination }?.entry.id
    }

    public func clusterMembers(_ clusterId: String, limit: Int) throws -> [ClusterMember] {
        state.tickets.lazy.filter { $0.ticket.dedup.clusterId == clusterId }.prefix(limit).map { row in
            let t = row.ticket
            let destinations = Set(state.outbox.filter { $0.entry.ticketId == t.id && $0.entry.type.hasPrefix("ticket.") }
                .map(\.entry.destination))
            return ClusterMember(ticketId: t.id, receiptNo: t.receiptNo, receivedAt: t.receivedAt, channel: t.channel.rawValue,
                                 repeatOf: t.dedup.repeatOf, destinations: destinations.sorted())
        }
    }

    public func enqueue(_ entry: OutboxEntry) throws {
        guard state.outboxIndex[entry.id] == nil else { return }
        state.outboxIndex[entry.id] = state.outbox.count
        state.outbox.append(MemoryOutboxRow(seq: Int64(state.outbox.count + 1), entry: entry, nextAttemptAt: entry.createdAt))
    }

    // MARK: DedupIndex

    public func linkedIdentities(_ keys: [String]) throws -> Set<String> {
        var result = Set(keys)
        let callers = Set(keys.compactMap { state.callers[$0] })
        guard !callers.isEmpty else { return result }
        for (identity, caller) in state.callers where callers.contains(caller) { result.insert(identity) }
        return result
    }

    private func recent(_ seqs: [Int64]?, since: Date, limit: Int) -> [Int64] {
        (seqs ?? []).reversed().filter { (state.matters[$0]?.receivedAt ?? .distantPast) >= since }.prefix(limit).map { $0 }
    }

    public func candidates(identity: String, since: Date, limit: Int) throws -> [Int64] { recent(state.byIdentity[identity], since: since, limit: limit) }
    public func candidates(cell: Int64, since: Date, limit: Int) throws -> [Int64] { recent(state.byCell[cell], since: since, limit: limit) }
    public func candidates(place: String, since: Date, limit: Int) throws -> [Int64] { recent(state.byPlace[place], since: since, limit: limit) }
    public func candidates(band: Int64, since: Date, limit: Int) throws -> [Int64] { recent(state.byBand[band], since: since, limit: limit) }
    public func candidates(cluster: String, limit: Int) throws -> [Int64] {
        Array((state.byCluster[cluster] ?? []).filter { state.matters[$0]?.clusterId == cluster }.sorted().prefix(limit))
    }

    public func matter(_ seq: Int64) throws -> IndexedMatter? {
        guard var m = state.matters[seq], state.tickets.indices.contains(Int(seq) - 1) else { return nil }
        let row = state.tickets[Int(seq) - 1]
        m.status = row.status
        m.receiptNo = row.receiptColumn.hasPrefix("import:") ? String(row.receiptColumn.dropFirst(7)) : row.receiptColumn
        return m
    }

    public func link(identities keys: [String]) throws {
        guard !keys.isEmpty else { return }
        let existing = Set(keys.compactMap { state.callers[$0] })
        let target: Int64
        if let min = existing.min() {
            target = min
        } else {
            state.callerSeq += 1
            target = state.callerSeq
        }
        for (identity, caller) in state.callers where existing.contains(caller) && caller != target { state.callers[identity] = target }
        for key in keys { state.callers[key] = target }
    }

    public func index(_ e: IndexEntry) throws {
        guard let i = state.ticketsById[e.ticketId] else { throw StoreError("dedup index: ticket \(e.ticketId) is not stored") }
        let seq = Int64(i + 1)
        let rootSeq = e.repeatOf.flatMap { state.ticketsById[$0] }.map { Int64($0 + 1) } ?? seq
        state.matters[seq] = IndexedMatter(
            seq: seq, ticketId: e.ticketId, receiptNo: nil, receivedAt: e.receivedAt, channel: e.channel, identities: e.identities,
            requestType: e.requestType, matchText: e.matchText, topics: e.topics, point: e.point, address: e.address, place: e.place,
            rootSeq: rootSeq, clusterId: e.clusterId, status: "open")
        let matters = state.matters
        func add<K: Hashable>(_ index: inout [K: [Int64]], _ key: K) {
            // Kept in arrival order (imports may come out of order), so the newest are at the end.
            var list = index[key, default: []]
            let at = e.receivedAt
            let pos = list.lastIndex { (matters[$0]?.receivedAt ?? .distantPast) <= at }.map { $0 + 1 } ?? 0
            list.insert(seq, at: pos)
            index[key] = list
        }
        for k in e.identityKeys { add(&state.byIdentity, k) }
        if let c = e.cell { add(&state.byCell, c) }
        for p in e.placeKeys { add(&state.byPlace, p) }
        for b in e.bands { add(&state.byBand, b) }
        if let cluster = e.clusterId { addMember(seq, to: cluster) }
    }

    /// Keeps an incident's first members (a hot incident's list stays bounded; later members are not looked up).
    private func addMember(_ seq: Int64, to cluster: String) {
        var list = state.byCluster[cluster, default: []]
        list.append(seq)
        if list.count > 2 * Self.clusterMembersKept { list = Array(list.sorted().prefix(Self.clusterMembersKept)) }
        state.byCluster[cluster] = list
    }
    static let clusterMembersKept = 64

    public func markCluster(ticketId: String, clusterId: String, reason: String) throws {
        guard let i = state.ticketsById[ticketId] else { return }
        let root = state.tickets[i].ticket.dedup.repeatOf ?? ticketId
        // The ticket's original and the original's repeats (memory store: a scan; the stores use an index).
        let family = state.tickets.indices.filter { j in
            let t = state.tickets[j].ticket
            return (t.id == root || t.dedup.repeatOf == root) && t.dedup.clusterId == nil
        }.prefix(ClusterEvent.maxFamily)
        for j in family {
            state.matters[Int64(j + 1)]?.clusterId = clusterId
            addMember(Int64(j + 1), to: clusterId)
            var t = state.tickets[j].ticket
            t.dedup.clusterId = clusterId
            t.dedup.reasons.append(reason)
            state.tickets[j].ticket = t
            state.tickets[j].json = t.json().text
        }
    }
}
