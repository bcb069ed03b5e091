@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Callers name a place without its place word (`王家沟` for 王家沟村, `莲塘湖` for 莲塘湖公园, `鹿鸣山` for 鹿鸣山景区):
/// the tuning sets' reports that did so named no place the reader takes, were found by the run of the name (their words
/// asked as names) and then related to the report naming the place by nothing, and refused.
@Suite struct PlaceWordLeftOutTests {
    static func report(_ phone: String, _ text: String, address: String? = nil) -> Submission {
        Submission(channel: .phone, channelRef: UUID().uuidString, caller: Caller(phone: phone), requestType: .complaint, text: text,
                   location: address.map { Location(address: $0) })
    }

    @Test func aNameWithoutItsPlaceWordIsThePlace() {
        let village = MatterFeatures(Self.report("1", "石门沟村停电了，全村都黑着呢", address: "北塬区石门沟村"))
        let words = MatterFeatures(Self.report("2", "我们石门沟这边没电了，村东头一片全黑"))
        #expect(words.namedPlaces.isEmpty)
        #expect(MatterComparison(words, village, nearMeters: 300, farMeters: 1500).place == .sameAddress("石门沟村"))
        let park = MatterFeatures(Self.report("3", "青枫湖公园湖面漂了好多死鱼", address: "西岭区青枫湖公园"))
        let lake = MatterFeatures(Self.report("4", "青枫湖近两日出现大面积死鱼，湖水发绿发臭"))
        #expect(MatterComparison(lake, park, nearMeters: 300, farMeters: 1500).place == .sameAddress("青枫湖公园"))
        // Two characters left are no name of their own, nor is a road's name without its road word (建设北路 / 建设北街).
        let short = MatterFeatures(Self.report("5", "新塘这边停电了"))
        let estate = MatterFeatures(Self.report("6", "新塘村停电了", address: "新塘村"))
        #expect(!MatterComparison(short, estate, nearMeters: 300, farMeters: 1500).place.isSame)
        let road = MatterFeatures(Self.report("7", "建设北路路灯不亮", address: "建设北路"))
        let street = MatterFeatures(Self.report("8", "建设北那一段路灯不亮"))
        #expect(!MatterComparison(street, road, nearMeters: 300, farMeters: 1500).place.isSame)
    }

    /// The first caller names the village in his words only (`杨家坳村停电了`: the reader keeps `家坳村` and `杨家坳村`, the
    /// shorter first), the second without 村: the second's words' runs (`杨家坳`) meet the start of the longer reading,
    /// a name key too, where the shorter's (`家坳村`) met nothing.
    @Test func theLongerReadingsStartIsANameKey() throws {
        let call = Self.report("13900000521", "杨家坳村停电了，村北边一片全黑，变压器那冒过烟")
        let later = Self.report("13900000522", "杨家坳这边没电了，两个钟头了，供电所电话打不通")
        let first = MatterFeatures(call)
        #expect(first.placeKeys.first == "家坳村")
        #expect(DedupEngine.nameKeys(first).contains("n:杨家坳") && DedupEngine.nameKeysAsked(MatterFeatures(later)).contains("n:杨家坳"))
        #expect(try StoreHarness.oneIncident(call, later, apart: minutes(25)))
    }

    /// Two callers of one power cut in a village, the second naming it without 村: one incident.
    @Test func twoCallersOfOneVillagesPowerCut() throws {
        #expect(try StoreHarness.oneIncident(Self.report("13900000501", "石门沟村停电了，全村都黑着呢，也没提前通知，天这么冷电暖气都用不了。",
                                                         address: "北塬区石门沟村"),
                                             Self.report("13900000502", "我们石门沟这边没电了，村东头一片全黑，变压器那儿好像冒了火花。"),
                                             apart: minutes(17)))
    }
}
