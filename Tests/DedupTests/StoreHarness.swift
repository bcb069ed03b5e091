import Dedup
import Foundation
import IntakeCore
import SQLite
import Store
import Synchronization

/// A real SQLite store with the dedup index in a temporary directory, driven synchronously.
final class StoreHarness: @unchecked Sendable {
    let directory: String
    let path: String
    private(set) var store: SQLiteTicketStore
    private(set) var index: DedupEngine
    let configuration: DedupConfiguration
    static let base = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18

    init(_ configuration: DedupConfiguration = DedupConfiguration(), name: String = "dedup") throws {
        directory = NSTemporaryDirectory() + "dedup-tests-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        path = directory + "/\(name).sqlite"
        self.configuration = configuration
        index = DedupEngine(configuration: configuration)
        store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path), dedup: index)
    }

    deinit {
        store.close()
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Closes the store and opens the file again with a new index object (a restart).
    func reopen() throws {
        store.close()
        index = DedupEngine(configuration: configuration)
        store = try SQLiteTicketStore(configuration: SQLiteStoreConfiguration(path: path), dedup: index)
    }

    static func prepared(_ s: Submission, id: String) -> PreparedSubmission {
        var s = s
        if let phone = s.caller.phone, s.caller.phoneKey == nil { s.caller.phoneKey = PhoneNumber.normalize(phone)?.key }
        if let email = s.caller.email { s.caller.email = email.lowercased() }
        if s.caller.phoneKey == nil && s.caller.email == nil && s.caller.openId == nil { s.caller.anonymous = true }
        return PreparedSubmission(submission: s, ticketId: id, hotline: "12345")
    }

    static func batch(_ s: Submission, id: String, at: Date) -> IntakeBatch {
        IntakeBatch(raw: RawRequestRecord(channel: s.channel, path: "/v1/intake/\(s.channel)", contentType: "application/json",
                                          headers: [], body: Array(s.text.utf8), receivedAt: at),
                    items: [prepared(s, id: id)])
    }

    /// Stores one submission received at `at` and returns the outcome after the commit.
    @discardableResult
    func submit(_ s: Submission, id: String, at: Date) throws -> IntakeOutcome {
        let box = Mutex<Result<[IntakeOutcome], IntakeError>?>(nil)
        let done = DispatchSemaphore(value: 0)
        store.intake(Self.batch(s, id: id, at: at)) { result in
            box.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        guard let result = box.withLock({ $0 }) else { throw StoreError("no result") }
        let outcomes = try result.get()
        guard let first = outcomes.first else { throw StoreError("no outcome") }
        return first
    }

    func ticket(_ id: String) throws -> StoredTicket? { try store.ticket(idOrReceipt: id) }

    /// Stores `earlier` at `base`, then `later` `apart` after it, and tells whether the two are in one incident cluster.
    static func oneIncident(_ earlier: Submission, _ later: Submission, apart: TimeInterval) throws -> Bool {
        let h = try StoreHarness()
        try h.submit(earlier, id: "earlier", at: base)
        try h.submit(later, id: "later", at: base + apart)
        guard let incident = try h.ticket("later")?.ticket.dedup.clusterId else { return false }
        return try h.ticket("earlier")?.ticket.dedup.clusterId == incident
    }

    /// One submission by `caller` on `channel`, stored at `at` (its channel reference is its id).
    @discardableResult
    func report(_ id: String, _ channel: Channel, _ caller: Caller, _ type: RequestType, _ text: String, _ location: Location?,
                at: Date) throws -> IntakeOutcome {
        try submit(Submission(channel: channel, channelRef: id, caller: caller, requestType: type, text: text, location: location),
                   id: id, at: at)
    }

    /// Stores one caller's `first` phone call at `base` and his `second` `apart` after it, in a store of their own, and
    /// tells whether the second is a repeat of the first.
    static func repeats(_ first: String, then second: String, _ type: RequestType = .consultation, apart: TimeInterval,
                        phone: String = "13911113579") throws -> Bool {
        let h = try StoreHarness()
        let caller = Caller(phone: phone)
        try h.report("a", .phone, caller, type, first, nil, at: base)
        let outcome = try h.report("b", .phone, caller, type, second, nil, at: base + apart)
        return outcome.status == .repeat && outcome.repeatOf == "a"
    }

    func setStatus(_ id: String, _ status: String) throws {
        _ = try store.writeAndWait { db in try db.run("UPDATE tickets SET status = ? WHERE id = ?", [.text(status), .text(id)]) }
    }
}

func minutes(_ m: Double) -> TimeInterval { m * 60 }
func hours(_ h: Double) -> TimeInterval { h * 3600 }
func days(_ d: Double) -> TimeInterval { d * 86_400 }
