import Dedup
import Foundation
import IntakeCore
import Store
import Testing

/// A report that matches members of two different clusters joins one of them; clusters are never merged (a merge
/// on one bridging report would chain unrelated incidents together: precision first).
@Suite struct ClusterBridgeTests {
    let t0 = StoreHarness.base
    static let text = "路边的自来水管爆裂了，大量冒水，路面全是水，请尽快派人抢修。"

    func report(_ h: StoreHarness, _ id: String, phone: String, lngOffsetMeters: Double, at: Date) throws -> IntakeOutcome {
        // One degree of longitude is about 102.8 km at this latitude.
        let location = Location(lat: 22.5431, lng: 114.0579 + lngOffsetMeters / 102_800, crs: .gcj02)
        return try h.submit(Submission(channel: .phone, channelRef: id, caller: Caller(phone: phone), requestType: .help, text: Self.text,
                                       location: location), id: id, at: at)
    }

    @Test func aBridgingReportJoinsOneClusterAndMergesNone() throws {
        let h = try StoreHarness()
        // Two incidents 1.8 cluster distances apart, each reported by two callers.
        let d = h.configuration.clusterDistanceMeters
        try report(h, "a1", phone: "13600000101", lngOffsetMeters: 0, at: t0)
        let a2 = try report(h, "a2", phone: "13600000102", lngOffsetMeters: 20, at: t0 + minutes(5))
        try report(h, "b1", phone: "13600000103", lngOffsetMeters: 1.8 * d, at: t0 + minutes(10))
        let b2 = try report(h, "b2", phone: "13600000104", lngOffsetMeters: 1.8 * d - 20, at: t0 + minutes(15))
        let clusterA = try #require(a2.clusterId)
        let clusterB = try #require(b2.clusterId)
        #expect(clusterA != clusterB)
        // Halfway between them: within the cluster distance of both.
        let bridge = try report(h, "s", phone: "13600000105", lngOffsetMeters: 0.9 * d, at: t0 + minutes(20))
        let joined = try #require(bridge.clusterId)
        #expect(joined == clusterA || joined == clusterB)
        for id in ["a1", "a2"] { #expect(try h.ticket(id)?.ticket.dedup.clusterId == clusterA, "\(id) stays in its cluster") }
        for id in ["b1", "b2"] { #expect(try h.ticket(id)?.ticket.dedup.clusterId == clusterB, "\(id) stays in its cluster") }
    }
}
