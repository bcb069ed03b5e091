@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Estates and compounds named with endings the place reader did not know (`柘溪雅居` in heldout13, `电厂生活区` in
/// heldout14): a report naming one only in its text shared no key with one whose address named it, and the two callers
/// of one gas leak were never compared. Each case in words of its own.
@Suite struct PlaceEndingTests {
    let t0 = StoreHarness.base

    @Test func estateAndCompoundEndingsNameAPlace() {
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("翠竹雅居3栋门口的井盖没了")).contains("翠竹雅居"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("钢厂生活区5号楼停水了")).contains("钢厂生活区"))
    }

    /// One caller names the estate in the address, the other only in the text: one incident.
    @Test func anEstateNamedOnlyInTheTextMeetsItsAddress() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .web, channelRef: "e-1", caller: Caller(phone: "13922223333"), requestType: .help,
                                text: "7栋楼道里煤气味很重，怀疑哪里漏气了", location: Location(address: "江北区翠竹雅居7栋")), id: "e1", at: t0)
        let second = try h.submit(Submission(channel: .phone, channelRef: "e-2", caller: Caller(phone: "13944445555"), requestType: .help,
                                             text: "来电人称翠竹雅居7栋楼道里闻到燃气味，很浓，请燃气公司来人。"), id: "e2", at: t0 + minutes(8))
        let first = try #require(try h.ticket("e1"))
        #expect(second.clusterId != nil && first.ticket.dedup.clusterId == second.clusterId)
    }

    /// A bridge is named with its 大 or without (`澄河大桥` in heldout14's address, `澄河桥` in the next caller's words;
    /// `卫河大桥` / `卫河桥` in heldout12): one place, not two places named, however close the points.
    @Test func aBridgeWithOrWithoutDa() {
        let a = MatterFeatures(text: "报警人称沙河大桥桥面结冰，已有车辆打滑", requestType: .help,
                               location: Location(lat: 30.6001, lng: 114.3001, crs: .wgs84))
        let b = MatterFeatures(text: "沙河桥上全是冰，车都在滑", requestType: .help, location: Location(lat: 30.6002, lng: 114.3002, crs: .wgs84))
        #expect(a.placeAliases.contains("沙河桥"))
        let cmp = MatterComparison(b, a, nearMeters: 300, farMeters: 1500)
        if case .different = cmp.place { Issue.record("one bridge read as two places: \(cmp.reasons)") }
    }
}
