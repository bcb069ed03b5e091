@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// What an incident takes in besides the report it is formed or joined on (each case in words of its own).
@Suite struct ClusterFamilyTests {
    let t0 = StoreHarness.base

    /// A cluster formed on a repeat marks the repeat's original too (the repeat family is one case): the original must
    /// agree with the new report as a member would. Here the caller's repeat tells of the estate's power cut, but its
    /// original is the blocked fire exit of one building: another caller's power cut forms no incident with them.
    @Test func aClusterOnARepeatChecksItsOriginal() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13922221111"), neighbour = Caller(phone: "13922222222")
        let estate = Location(address: "阳光花园", lat: nil, lng: nil, crs: nil)
        try h.report("r", .phone, me, .complaint, "阳光花园7栋楼道里堆满杂物，消防通道全堵了",
                     Location(address: "阳光花园7栋", lat: nil, lng: nil, crs: nil), at: t0)
        let x = try h.report("x", .phone, me, .complaint, "上午说的那个事，物业还是不管，现在阳光花园整个小区都停电了", estate, at: t0 + hours(3))
        #expect(x.status == .repeat && x.repeatOf == "r")
        let n = try h.report("n", .phone, neighbour, .help, "阳光花园停电了，整个小区都黑了", estate, at: t0 + hours(4))
        #expect(n.clusterId == nil)
        #expect(try #require(try h.ticket("r")).ticket.dedup.clusterId == nil)
    }
}
