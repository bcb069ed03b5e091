import Foundation
import Testing
import IntakeCore
import Curl
@testable import Gateway

/// Reconciliation (件件有回音): per destination, tickets received, delivered, pending, dead and not forwarded by rule,
/// after an outage, a refusal and a replay.
@Suite(.serialized) struct ReconciliationTests {
    static func report(_ t: TestGateway, _ query: String = "") throws -> [String: JSON] {
        let r = try t.admin("/v1/admin/reconciliation" + query)
        #expect(r.status == 200, "\(r.text)")
        var out: [String: JSON] = [:]
        for line in r.json?["destinations"]?.arrayValue ?? [] { out[line["destination"]?.stringValue ?? ""] = line }
        return out
    }

    static func counts(_ line: JSON?) -> [Int64] {
        ["received", "delivered", "pending", "dead", "notForwarded"].map { line?[$0]?.intValue ?? -1 }
    }

    static func receipts(_ line: JSON?, _ list: String) -> Set<String> {
        Set(line?[list]?.arrayValue?.compactMap { $0["ticketId"]?.stringValue } ?? [])
    }

    @Test(arguments: TestStore.allCases) func countsAfterAnOutageARefusalAndAReplay(_ store: TestStore) throws {
        let (t, city, done) = try DestinationTests.gateway(store) { caseURL, cityURL in
            """
            [{"name": "case-system", "url": "\(caseURL)", "match": {"hotline": ["12345"]}},
             {"name": "city-management", "url": "\(cityURL)", "match": {"hotline": ["12319"], "category": ["streetlight"]}}]
            """
        }
        defer { done() }
        city.fail(with: 422)  // refuses everything: a dead letter at once
        let a = try DestinationTests.call(t, id: "c-1", callee: "12345", category: "streetlight", text: "幸福路路灯不亮")
        let b = try DestinationTests.call(t, id: "c-2", callee: "12319", category: "streetlight", text: "人民路路灯倒了", caller: "13900139000")
        let c = try DestinationTests.call(t, id: "c-3", callee: "12319", category: "noise", text: "工地夜里施工很吵", caller: "13700137000")
        #expect(t.eventually { t.receiver.received.count == 1 })
        #expect(try t.eventually { Self.counts(try Self.report(t)["city-management"])[3] == 1 })
        #expect(t.settled())  // the case system's answer is recorded, not only received
        var r = try Self.report(t)
        #expect(Self.counts(r["case-system"]) == [3, 1, 0, 0, 2], "\(String(describing: r["case-system"]))")
        #expect(Self.counts(r["city-management"]) == [3, 0, 0, 1, 2], "\(String(describing: r["city-management"]))")
        #expect(Self.receipts(r["city-management"], "deadTickets") == [b])
        #expect(Self.receipts(r["city-management"], "notForwardedTickets") == [a, c])
        #expect(Self.receipts(r["case-system"], "notForwardedTickets") == [b, c])

        // An outage: the next one waits (pending, listed).
        city.fail(with: 503)
        let d = try DestinationTests.call(t, id: "c-4", callee: "12319", category: "streetlight", text: "和平路路灯闪烁", caller: "13500135000")
        #expect(try t.eventually { (try t.admin("/v1/tickets/\(d)").json?["delivery"]?[0]?["attempts"]?.intValue ?? 0) >= 1 })
        r = try Self.report(t)
        #expect(Self.counts(r["city-management"]) == [4, 0, 1, 1, 2])
        #expect(Self.receipts(r["city-management"], "pendingTickets") == [d])

        // Back up, and the dead letter replayed: everything the rule took is delivered.
        city.fail(with: nil)
        let dead = try #require(try t.admin("/v1/admin/dead-letters").json?["items"]?[0]?["eventId"]?.stringValue)
        let replay = try t.request("POST", "/v1/admin/dead-letters/\(dead)/replay", headers: [("Authorization", "Bearer \(TestGateway.adminToken)")])
        #expect(replay.status == 200 && replay.json?["state"] == "pending", "\(replay.text)")
        #expect(try t.eventually { Self.counts(try Self.report(t)["city-management"]) == [4, 2, 0, 0, 2] })

        // One destination; a period; mistakes named.
        let one = try t.admin("/v1/admin/reconciliation?destination=city-management").json?["destinations"]?.arrayValue
        #expect(one?.count == 1)
        let future = Timestamp.format(Date().addingTimeInterval(3600))
        #expect(Self.counts(try Self.report(t, "?since=\(future)&until=\(Timestamp.format(Date().addingTimeInterval(7200)))")["case-system"])
                == [0, 0, 0, 0, 0])
        #expect(try t.admin("/v1/admin/reconciliation?destination=nowhere").status == 404)
        #expect(try t.admin("/v1/admin/reconciliation?since=yesterday").json?["field"] == "since")
    }

    @Test func theReconcileCommandPrintsTheSameReport() throws {
        let t = try TestGateway()
        _ = try DestinationTests.call(t, id: "cli-1", callee: "12345", category: "streetlight", text: "幸福路路灯不亮")
        #expect(t.eventually { t.receiver.received.count == 1 })
        t.gateway.shutdown()
        defer {
            t.receiver.stop()
            try? FileManager.default.removeItem(atPath: t.directory)
        }
        let (status, out) = try run(repositoryRoot + "/.build/debug/intake-gateway", ["reconcile"],
                                    environment: ["INTAKE_DATABASE": t.gateway.configuration.database, "PATH": "/usr/bin:/bin"])
        #expect(status == 0, "\(out)")
        let line = try #require(try JSON.parse(out)["destinations"]?[0])
        #expect(line["destination"] == "case-system" && Self.counts(line) == [1, 1, 0, 0, 0], "\(out)")
    }
}
