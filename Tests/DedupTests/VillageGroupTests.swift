@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A village's groups (村民小组; 社 in the south-west: `红柳村三组`, `曼帕村3社`, `那卡村5组`): one group is one hamlet of the
/// village, as a building is one of an estate. Callers of one breach or one dry tap name the village and their group;
/// the village alone holds many spots and many matters of one field, so two callers there were one incident only by a
/// sub-matter both name, never as a burst at one spot. A group both name pins the spot; two groups are two places.
@Suite struct VillageGroupTests {
    static func features(_ text: String, address: String? = nil) -> MatterFeatures {
        MatterFeatures(text: text, requestType: .complaint, location: address.map { Location(address: $0) })
    }

    @Test func aGroupIsReadAfterItsVillage() {
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("我是红柳村三组的，东干渠漏了")).groups == ["3"])
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("曼帕乡曼帕村3社有野象")).groups == ["3"])
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("柳河镇前进村二组、三组全部停电")).groups == ["2", "3"])
        // Not a group of anything else, nor a number elsewhere.
        #expect(PlaceStructure.parse(normalized: MatchText.normalize("我们3组数据对不上，村里3个人去了")).groups.isEmpty)
    }

    @Test func oneGroupIsOneSpotAndTwoGroupsTwoPlaces() {
        let a = Self.features("红柳村三组东干渠渠堤决口，渠水漫进地里", address: "红柳镇红柳村三组东干渠")
        let b = Self.features("我们红柳村三组那个东干渠冒水了，口子越来越大")
        let cmp = MatterComparison(b, a, nearMeters: 300, farMeters: 1500)
        #expect(cmp.place == .sameAddress("红柳村3组"))
        #expect(DedupRules.isPreciseSpot(cmp.place))
        let other = Self.features("我们红柳村五组那个东干渠冒水了，口子越来越大")
        #expect(MatterComparison(other, a, nearMeters: 300, farMeters: 1500).placeConflict != nil)
        // A village without a group named stays the village: many spots.
        let village = Self.features("红柳村东干渠冒水了")
        #expect(!DedupRules.isPreciseSpot(MatterComparison(village, a, nearMeters: 300, farMeters: 1500).place))
    }
}
