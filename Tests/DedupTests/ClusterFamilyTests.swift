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

extension ClusterFamilyTests {
    /// The report an incident was formed on is asked by a report that would join it, not only the members its keys
    /// find: a busy place's newest reports push it out of the candidates, but it still says the incident is a grill's
    /// smoke, not a hotpot restaurant's. Here the grill's report names the estate only; the fumes report that joined
    /// it also gives coordinates, which the hotpot report shares; eight other matters at the estate come in between.
    @Test func anIncidentsFirstReportIsAsked() throws {
        let h = try StoreHarness()
        let gate = Location(address: "阳光花园南门", lat: nil, lng: nil, crs: nil)
        let here = Location(address: "阳光花园南门", lat: 31.2304, lng: 121.4737, crs: .wgs84)
        try h.report("grill", .phone, Caller(phone: "13933330001"), .complaint, "阳光花园南门的烧烤摊油烟太大，窗户都不敢开", gate, at: t0)
        let fumes = try h.report("fumes", .phone, Caller(phone: "13933330002"), .complaint, "阳光花园南门油烟太大，呛得喘不过气", here,
                                 at: t0 + minutes(20))
        let incident = try #require(fumes.clusterId)
        let others = ["共享单车堆满了人行道", "垃圾桶满了没人清", "路灯坏了一个月", "有人遛狗不拴绳", "电动车乱停挡住消防通道",
                      "快递柜旁边积水", "门口的树枝快断了", "井盖松了一踩就响"]
        for (k, text) in others.enumerated() {
            try h.report("o\(k)", .phone, Caller(phone: "1393333010\(k)"), .complaint, "阳光花园南门" + text, gate, at: t0 + minutes(30 + Double(k)))
        }
        let hotpot = try h.report("hotpot", .phone, Caller(phone: "13933330003"), .complaint, "阳光花园南门那家火锅店油烟太大，熏得人头疼",
                                  here, at: t0 + minutes(60))
        #expect(hotpot.clusterId != incident)
    }
}
