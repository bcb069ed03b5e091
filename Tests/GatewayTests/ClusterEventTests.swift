import Foundation
import Testing
import IntakeCore
import Curl
import Store
@testable import Gateway

/// Incident clusters over HTTP (issue 11): membership is a fact about every member, the first report included, and
/// the case system hears of each new member with a signed `cluster.updated` naming all members and their case ids.
@Suite(.serialized) struct ClusterEventTests {
    static let address = "福田区金鹏苑小区东门"
    static let reports = [
        "金鹏苑小区东门自来水管破裂，大量冒水，路上全是水。",
        "金鹏苑小区东门自来水管爆裂，一直在冒水，路面全是水。",
        "金鹏苑小区东门的自来水管破了，大量冒水，路上都是水。",
    ]

    /// A call centre record about the burst pipe at the estate's gate, from `caller`.
    static func report(_ t: TestGateway, _ id: String, caller: String, _ text: String) throws -> String {
        try DestinationTests.call(t, id: id, callee: "12345", category: "", text: text, caller: caller,
                                  extra: #","address":"\#(address)""#)
    }

    static func clusterEvents(_ r: LocalReceiver) -> [LocalReceiver.Received] {
        r.received.filter { $0.json?["type"] == "cluster.updated" }
    }

    static func ticket(_ t: TestGateway, _ id: String) throws -> JSON { try #require(try t.admin("/v1/tickets/\(id)").json) }

    /// The event is signed with the destination's secret like every event, and names the members in order.
    static func checkSigned(_ event: LocalReceiver.Received) {
        let signed = StandardWebhooks(secret: TestGateway.caseSecret).signature(
            id: event.header("webhook-id") ?? "", timestamp: Int64(event.header("webhook-timestamp") ?? "") ?? 0, body: event.body)
        #expect(event.header("webhook-signature") == signed)
        #expect(event.header("webhook-id") == event.json?["id"]?.stringValue)
    }

    static func memberIds(_ event: LocalReceiver.Received) -> [String] {
        (event.json?["data"]?["members"]?.arrayValue ?? []).compactMap { $0["ticketId"]?.stringValue }
    }

    @Test(arguments: TestStore.allCases) func theFirstReportJoinsAndTheCaseSystemHearsOfEveryMember(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let a = try Self.report(t, "cl-a", caller: "13800000001", Self.reports[0])
        #expect(try t.eventually { try Self.ticket(t, a)["delivery"]?[0]?["state"] == "delivered" })
        #expect(try Self.clusterId(t, a) == nil)

        // A second caller: both tickets are in one cluster, the first report included.
        let b = try Self.report(t, "cl-b", caller: "13800000002", Self.reports[1])
        let cluster = try #require(try Self.clusterId(t, b), "the second report joins an incident cluster")
        #expect(try Self.clusterId(t, a) == cluster, "the first report carries the cluster id once a second caller reports it")
        let first = try #require(try t.eventually { Self.clusterEvents(t.receiver).count == 1 } ? Self.clusterEvents(t.receiver).first : nil)
        Self.checkSigned(first)
        let data = try #require(first.json?["data"])
        #expect(data["clusterId"] == .string(cluster) && data["joined"] == .string(b) && data["memberCount"] == 2, "\(data)")
        #expect(Self.memberIds(first) == [a, b])
        // Each member's case id at this destination: the second's event was delivered first (the cluster event waits).
        let caseA = try Self.ticket(t, a)["delivery"]?[0]?["caseId"]
        let caseB = try Self.ticket(t, b)["delivery"]?[0]?["caseId"]
        #expect(caseA != nil && caseA != .null && caseB != nil && caseB != .null)
        #expect(data["members"]?[0]?["caseId"] == caseA && data["members"]?[1]?["caseId"] == caseB, "\(data)")
        #expect(data["members"]?[0]?["receiptNo"] == (try Self.ticket(t, a)["receiptNo"]))
        // The cluster event is listed with the joining ticket's deliveries; it does not change its case id.
        #expect(try t.eventually { try Self.ticket(t, b)["delivery"]?.arrayValue?.contains { $0["type"] == "cluster.updated" } == true })
        #expect(try Self.ticket(t, b)["caseId"] == caseB)

        // The case system is down when the third caller reports: the event is retried, then names all three.
        t.receiver.fail(with: 503)
        let c = try Self.report(t, "cl-c", caller: "13800000003", Self.reports[2])
        #expect(try Self.clusterId(t, c) == cluster)
        usleep(300_000)
        t.receiver.fail(with: nil)
        #expect(try t.eventually { Self.clusterEvents(t.receiver).count == 2 })
        let second = try #require(Self.clusterEvents(t.receiver).last)
        Self.checkSigned(second)
        #expect(Self.memberIds(second) == [a, b, c] && second.json?["data"]?["joined"] == .string(c))
        // It waited for the third ticket's own event (retried through the outage), whose case id it names.
        let deliveries = try #require(try Self.ticket(t, c)["delivery"]?.arrayValue)
        #expect((deliveries.first { $0["type"] == "ticket.created" }?["attempts"]?.intValue ?? 0) >= 2, "\(deliveries)")
        #expect(try t.eventually { try Self.ticket(t, c)["delivery"]?.arrayValue?.allSatisfy { $0["state"] == "delivered" } == true })
        #expect(second.json?["data"]?["members"]?[2]?["caseId"] == (try Self.ticket(t, c)["caseId"]))

        // The first caller calls again: a repeat of the first report, in the cluster too (both links).
        let r = try Self.report(t, "cl-r", caller: "13800000001", "金鹏苑小区东门水管破裂的事还没人来修，还在冒水。")
        let repeated = try Self.ticket(t, r)
        #expect(repeated["dedup"]?["repeatOf"] == .string(a) && repeated["dedup"]?["clusterId"] == .string(cluster),
                "\(repeated["dedup"] ?? .null)")
        #expect(try t.eventually { Self.clusterEvents(t.receiver).count == 3 })
        let third = try #require(Self.clusterEvents(t.receiver).last)
        #expect(Self.memberIds(third) == [a, b, c, r] && third.json?["data"]?["members"]?[3]?["repeatOf"] == .string(a))
        for id in [a, b, c, r] { #expect(try Self.clusterId(t, id) == cluster) }
    }

    static func clusterId(_ t: TestGateway, _ id: String) throws -> String? {
        try Self.ticket(t, id)["dedup"]?["clusterId"]?.stringValue
    }

    /// The first report's own event is still being retried when a second caller reports: whenever it lands, it
    /// carries the cluster id (the stored ticket was marked when the cluster formed), so the case system can join
    /// the case the cluster event named without a case id.
    @Test(arguments: TestStore.allCases) func aMemberWhoseOwnEventLandsLaterCarriesTheCluster(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        t.receiver.fail(with: 503)
        let a = try Self.report(t, "late-a", caller: "13600000001", Self.reports[0])
        #expect(try t.eventually { (try Self.ticket(t, a)["delivery"]?[0]?["attempts"]?.intValue ?? 0) >= 1 })
        let b = try Self.report(t, "late-b", caller: "13600000002", Self.reports[1])
        let cluster = try #require(try Self.clusterId(t, b))
        t.receiver.fail(with: nil)
        #expect(try t.eventually { Self.clusterEvents(t.receiver).count == 1 })
        #expect(try t.eventually { try Self.ticket(t, a)["delivery"]?[0]?["state"] == "delivered" })
        let own = try #require(t.receiver.received.first { $0.json?["type"] == "ticket.created" && $0.json?["data"]?["ticket"]?["id"] == .string(a) })
        #expect(own.json?["data"]?["ticket"]?["dedup"]?["clusterId"] == .string(cluster), "\(own.json ?? .null)")
        // The cluster event names the first report with its case id, or null when it went before the report's event.
        let named = Self.clusterEvents(t.receiver)[0].json?["data"]?["members"]?[0]
        #expect(named?["ticketId"] == .string(a))
        let caseA = try Self.ticket(t, a)["caseId"]
        #expect(named?["caseId"] == .null || named?["caseId"] == caseA, "\(named ?? .null)")
    }

    /// A caller repeats before anyone else reports: when the cluster forms, the original and its repeat both join it.
    @Test(arguments: TestStore.allCases) func aClusterFormedOnARepeatFamilyTakesTheWholeFamily(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        let a = try Self.report(t, "fam-a", caller: "13900000001", Self.reports[0])
        let r = try Self.report(t, "fam-r", caller: "13900000001", "金鹏苑小区东门水管破裂还在冒水，怎么还没人处理？")
        #expect(try Self.ticket(t, r)["dedup"]?["repeatOf"] == .string(a))
        let b = try Self.report(t, "fam-b", caller: "13900000002", Self.reports[1])
        let cluster = try #require(try Self.clusterId(t, b))
        #expect(try Self.clusterId(t, a) == cluster && Self.clusterId(t, r) == cluster)
        #expect(try Self.ticket(t, r)["dedup"]?["repeatOf"] == .string(a), "the repeat keeps its link to its original")
        #expect(try t.eventually { Self.clusterEvents(t.receiver).count == 1 })
        #expect(Self.memberIds(try #require(Self.clusterEvents(t.receiver).first)) == [a, r, b])
    }

    /// A cluster takes events up to `ClusterEvent.maxMembers` members: the 50th member's event names all 50, later
    /// members (the store counts them without reading them) get none, and their tickets still carry the cluster id.
    @Test(arguments: TestStore.allCases) func aClusterPastItsLimitGetsNoMoreEvents(_ store: TestStore) throws {
        let t = try TestGateway(store: store)
        defer { t.stop() }
        var ids: [String] = []
        for i in 0..<(ClusterEvent.maxMembers + 2) {
            ids.append(try Self.report(t, "lim-\(i)", caller: String(format: "1370000%04d", i), Self.reports[i % Self.reports.count]))
        }
        let cluster = try #require(try Self.clusterId(t, ids[1]))
        for id in [ids[0], ids[ClusterEvent.maxMembers - 1], ids[ClusterEvent.maxMembers], ids[ClusterEvent.maxMembers + 1]] {
            #expect(try Self.clusterId(t, id) == cluster)
        }
        #expect(try t.eventually { Set(Self.clusterEvents(t.receiver).compactMap { $0.json?["data"]?["joined"]?.stringValue })
            == Set(ids[1..<ClusterEvent.maxMembers]) })
        #expect(t.settled())
        let joined = Set(Self.clusterEvents(t.receiver).compactMap { $0.json?["data"]?["joined"]?.stringValue })
        #expect(joined == Set(ids[1..<ClusterEvent.maxMembers]), "no event for the members past the limit")
        let last = try #require(Self.clusterEvents(t.receiver).first { $0.json?["data"]?["joined"] == .string(ids[ClusterEvent.maxMembers - 1]) })
        #expect(Self.memberIds(last) == Array(ids[0..<ClusterEvent.maxMembers]))
    }

    /// Two gateways on one PostgreSQL database: reports reach either; the first report, marked by the other
    /// instance's transaction, carries the cluster id, and concurrent joins name one cluster.
    @Test func severalGatewaysOnOnePostgreSQLKeepOneCluster() throws {
        let one = try TestGateway(store: .postgres)
        defer { one.stop() }
        let two = try TestGateway(store: .memory) { config in
            config.database = one.gateway.configuration.database
            config.caseSystemURL = one.receiver.url
        }
        defer { two.stop() }
        let a = try Self.report(one, "pg-a", caller: "13700000001", Self.reports[0])
        // Two more callers at the same moment, one on each instance.
        let group = DispatchGroup()
        let ids = IDs()
        for (i, gw) in [one, two].enumerated() {
            group.enter()
            Thread.detachNewThread {
                defer { group.leave() }
                if let id = try? Self.report(gw, "pg-\(i)", caller: "1370000001\(i)", Self.reports[i + 1]) { ids.add(id) }
            }
        }
        group.wait()
        let joined = ids.values
        #expect(joined.count == 2)
        let cluster = try #require(try Self.clusterId(two, a), "marked in the same transaction as a report on either instance")
        for id in joined { #expect(try Self.clusterId(one, id) == cluster && Self.clusterId(two, id) == cluster) }
        #expect(one.eventually { Self.clusterEvents(one.receiver).count == 2 })
        let events = Self.clusterEvents(one.receiver)
        #expect(Set(events.compactMap { $0.json?["data"]?["clusterId"]?.stringValue }) == [cluster])
        #expect(events.map { Self.memberIds($0).count }.sorted() == [2, 3], "the later join names all three members")
        #expect(Set(events.flatMap(Self.memberIds)) == Set([a] + joined))
    }

    final class IDs: @unchecked Sendable {
        private let lock = NSLock()
        private var list: [String] = []
        func add(_ id: String) { lock.lock(); list.append(id); lock.unlock() }
        var values: [String] { lock.lock(); defer { lock.unlock() }; return list }
    }
}
