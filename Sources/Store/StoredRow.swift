import Dedup
import Foundation
import IntakeCore
import Postgres
import SQLite

/// A result row of either SQL store, by column name: the row shapes both stores share are read once.
protocol StoredRow {
    func string(_ column: String) -> String?
    func int(_ column: String) -> Int64?
    func double(_ column: String) -> Double?
}

extension SQLiteRow: StoredRow {}
extension PGRow: StoredRow {}

extension StoredRow {
    func date(_ column: String) -> Date? { int(column).map { Date(timeIntervalSince1970: Double($0) / 1000) } }

    /// An outbox row (`id, event_type, destination, state, attempts, next_attempt_at, delivered_at, last_status, last_error`, and `case_id` when selected).
    var deliveryState: DeliveryState {
        let state = string("state") ?? "pending"
        return DeliveryState(
            eventId: string("id") ?? "", eventType: string("event_type") ?? "", destination: string("destination") ?? "",
            state: state, attempts: Int(int("attempts") ?? 0), nextAttemptAt: state == "pending" ? date("next_attempt_at") : nil,
            deliveredAt: date("delivered_at"), lastStatus: int("last_status").map { Int($0) }, lastError: string("last_error"),
            caseId: string("case_id"))
    }

    /// A `delivery_attempts` row.
    var deliveryAttempt: DeliveryAttempt {
        DeliveryAttempt(at: date("at") ?? Date(timeIntervalSince1970: 0), destination: string("destination") ?? "",
                        outcome: string("outcome") ?? "", status: int("status").map { Int($0) }, error: string("error"),
                        durationMs: int("duration_ms").map { Int($0) }, nextAttemptAt: date("next_attempt_at"))
    }

    /// A `dedup_matters` row joined with its ticket (`id, receipt_no, status`).
    func indexedMatter(seq: Int64) -> IndexedMatter? {
        guard let id = string("id") else { return nil }
        return IndexedMatter(
            seq: seq, ticketId: id, receiptNo: SQLiteDedupIndex.receipt(string("receipt_no")),
            receivedAt: date("received_at") ?? Date(timeIntervalSince1970: 0), channel: Channel(rawValue: string("channel") ?? ""),
            identities: (string("identities") ?? "").split(separator: " ").map(String.init),
            requestType: RequestType(rawValue: string("request_type") ?? "") ?? .unknown, matchText: string("match_text") ?? "",
            topics: string("topics") ?? "", point: double("lat").flatMap { lat in double("lng").map { GeoPoint(lat: lat, lng: $0) } },
            address: string("address"), place: string("place"), rootSeq: int("root_seq") ?? seq, clusterId: string("cluster_id"),
            status: string("status") ?? "open")
    }
}
