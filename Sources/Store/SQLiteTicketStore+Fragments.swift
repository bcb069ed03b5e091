import Foundation
import IntakeCore
import SQLite

extension SQLiteTicketStore {
    /// Keeps one part of a multi-part message; when the last part arrives, makes the ticket from all of them.
    /// A part seen before is ignored; a part arriving after its message became a ticket is a duplicate.
    func storeFragment(_ item: PreparedSubmission, _ fragment: Fragment, received: Date, rawID: Int64,
                       _ db: SQLiteConnection) throws -> IntakeOutcome {
        let channel = item.submission.channel.rawValue
        let partRef = item.submission.channelRef
        // A part seen before, by its own id: after its message became a ticket, or while it waits.
        if let partRef {
            if let row = try db.query("""
                SELECT t.id, t.receipt_no, t.repeat_of, t.cluster_id, t.channel_ref FROM fragment_parts p JOIN tickets t ON t.id = p.ticket_id
                WHERE p.channel = ? AND p.part_ref = ?
                """, [.text(channel), .text(partRef)]).first {
                return IntakeOutcome(status: .duplicate, ticketId: row.string("id"), receiptNo: row.string("receipt_no"),
                                     repeatOf: row.string("repeat_of"), clusterId: row.string("cluster_id"), channelRef: row.string("channel_ref"))
            }
            if !(try db.query("SELECT 1 FROM fragments WHERE channel = ? AND part_ref = ?", [.text(channel), .text(partRef)]).isEmpty) {
                return IntakeOutcome(status: .duplicate, channelRef: fragment.group)
            }
        }
        let receivedMs = Int64(received.timeIntervalSince1970 * 1000)
        // The position is taken by a part with other content (a new message reusing the 8-bit reference while the old
        // one still waits for a lost part): the old set becomes an incomplete ticket now, and this part starts a new
        // set. The same content again, even under another id, is a duplicate sent twice.
        let partText = item.submission.channelData?["partText"]?.stringValue ?? item.submission.text
        if let taken = try db.query(
            "SELECT part_ref, text FROM fragments WHERE channel = ? AND group_key = ? AND position = ?",
            [.text(channel), .text(fragment.group), .integer(Int64(fragment.index))]).first,
            taken.string("text") != partText {
            let total = Int(try db.query("SELECT MAX(total) AS t FROM fragments WHERE channel = ? AND group_key = ?",
                                         [.text(channel), .text(fragment.group)]).first?.int("t") ?? Int64(fragment.total))
            _ = try assemble(channel: channel, group: fragment.group, total: total, received: received, rawID: rawID, db)
        }
        let first = try db.query("SELECT MIN(first_received_at) AS t FROM fragments WHERE channel = ? AND group_key = ?",
                                 [.text(channel), .text(fragment.group)]).first?.int("t") ?? receivedMs
        // The part's text as the carrier split it (untrimmed), so words cut at a part boundary join correctly.
        let text = partText
        let inserted = try db.run("""
            INSERT OR IGNORE INTO fragments (group_key, channel, position, total, first_received_at, received_at, raw_id, part_ref,
                                             text, submission)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [.text(fragment.group), .text(channel), .integer(Int64(fragment.index)), .integer(Int64(fragment.total)),
             .integer(first), .integer(receivedMs), .integer(rawID), partRef.map { .text($0) } ?? .null, .text(text),
             .text(Self.encodePart(item).text)])
        let count = try db.query("SELECT COUNT(*) AS n FROM fragments WHERE channel = ? AND group_key = ?",
                                 [.text(channel), .text(fragment.group)]).first?.int("n") ?? 0
        if count >= Int64(fragment.total) {
            return try assemble(channel: channel, group: fragment.group, total: fragment.total, received: received, rawID: rawID, db)
        }
        return IntakeOutcome(status: inserted == 0 ? .duplicate : .pending, channelRef: fragment.group)
    }

    /// Joins the parts held for `group` into one ticket; missing parts are listed on it.
    func assemble(channel: String, group: String, total: Int, received: Date, rawID: Int64, _ db: SQLiteConnection) throws -> IntakeOutcome {
        let rows = try db.query("""
            SELECT position, text, submission, part_ref, first_received_at FROM fragments WHERE channel = ? AND group_key = ? ORDER BY position
            """, [.text(channel), .text(group)])
        guard let firstRow = rows.first, let json = try? JSON.parse(firstRow.string("submission") ?? ""),
              var item = Self.decodePart(json) else {
            throw StoreError("the parts of \(group) cannot be read back")
        }
        let present = rows.compactMap { $0.int("position").map(Int.init) }
        let missing = (1...max(1, total)).filter { !present.contains($0) }
        item.submission.text = TextNormalizer.normalizeKeepingLines(rows.compactMap { $0.string("text") }.joined())
        // The ticket's key is its first part's own id (or the set and when it began): the 8-bit reference in the
        // group is reused by handsets, so the group alone must not stand for this message forever.
        item.submission.channelRef = rows.first?.string("part_ref") ?? "\(group)@\(firstRow.int("first_received_at") ?? 0)"
        item.submission.fragment = nil
        var data = item.submission.channelData?.objectValue ?? []
        data.removeAll { ["part", "parts", "incomplete", "missingParts"].contains($0.0) }
        data.append(("parts", .int(Int64(total))))
        data.append(("incomplete", .bool(!missing.isEmpty)))
        if !missing.isEmpty { data.append(("missingParts", .array(missing.map { .int(Int64($0)) }))) }
        item.submission.channelData = .object(data)
        item.fingerprint = item.submission.fingerprint
        try db.run("DELETE FROM fragments WHERE channel = ? AND group_key = ?", [.text(channel), .text(group)])
        let outcome = try insertTicket(item, received: received, rawID: rawID, db)
        if let ticketId = outcome.ticketId {
            for ref in rows.compactMap({ $0.string("part_ref") }) {
                try db.run("INSERT OR IGNORE INTO fragment_parts (channel, part_ref, ticket_id) VALUES (?, ?, ?)",
                           [.text(channel), .text(ref), .text(ticketId)])
            }
        }
        return outcome
    }

    /// Turns every set of parts older than `olderThan` into a ticket marked incomplete. Returns how many.
    @discardableResult
    public func sweepFragments(olderThan cutoff: Date, now: Date) throws -> Int {
        try writeAndWait { [self] db in
            let groups = try db.query("""
                SELECT channel, group_key, MAX(total) AS total, MAX(raw_id) AS raw_id FROM fragments
                WHERE first_received_at <= ? GROUP BY channel, group_key
                """, [.integer(Int64(cutoff.timeIntervalSince1970 * 1000))])
            var made = 0
            for g in groups {
                // Each set on its own: one that cannot be assembled must not keep every other set waiting forever.
                try db.run("SAVEPOINT sweep")
                do {
                    _ = try self.assemble(channel: g.string("channel") ?? "sms", group: g.string("group_key") ?? "",
                                          total: Int(g.int("total") ?? 1), received: now, rawID: g.int("raw_id") ?? 0, db)
                    try db.run("RELEASE sweep")
                    made += 1
                } catch {
                    try db.run("ROLLBACK TO sweep")
                    try db.run("RELEASE sweep")
                    // Set it aside as a record, so it is kept for operators and not retried on every sweep.
                    try db.run("""
                        INSERT INTO records (received_at, channel, channel_ref, reason, raw_id, data)
                        SELECT ?, channel, NULL, ?, MAX(raw_id), json_group_array(text) FROM fragments
                        WHERE channel = ? AND group_key = ?
                        """, [.integer(Int64(now.timeIntervalSince1970 * 1000)), .text("unassemblable parts: \(error)"),
                              .text(g.string("channel") ?? "sms"), .text(g.string("group_key") ?? "")])
                    try db.run("DELETE FROM fragments WHERE channel = ? AND group_key = ?",
                               [.text(g.string("channel") ?? "sms"), .text(g.string("group_key") ?? "")])
                }
            }
            return made
        }
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
            ("urgency", JSON(s.urgency?.rawValue)), ("channelData", s.channelData ?? .null),
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
            channelData: j["channelData"].flatMap { $0.isNull ? nil : $0 })
        return PreparedSubmission(submission: submission, ticketId: ticketId, hotline: j["hotline"]?.stringValue ?? "12345")
    }

    /// Queues an event that is not a ticket's creation (a 110 return notice) for `destination`; `payload` is the
    /// event's `data`. With `ticketState`, the ticket's state changes in the same transaction. An event id already
    /// queued is not queued again (the call is idempotent). Calls back after the commit with the event id.
    public func enqueueEvent(destination: String, type: String, ticketId: String?, payload: JSON, at date: Date,
                             eventId: String, ticketState: String?, completion: @escaping @Sendable (Result<String, Error>) -> Void) {
        write({ db in
            let ms = Int64(date.timeIntervalSince1970 * 1000)
            try db.run("""
                INSERT OR IGNORE INTO outbox (id, destination, event_type, ticket_id, payload, created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, [.text(eventId), .text(destination), .text(type), ticketId.map { .text($0) } ?? .null, .text(payload.text),
                      .integer(ms), .integer(ms)])
            if let ticketState, let ticketId {
                try db.run("UPDATE tickets SET status = ? WHERE id = ?", [.text(ticketState), .text(ticketId)])
            }
            return eventId
        }, completion: completion)
    }
}
