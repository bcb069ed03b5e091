@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A place's name without its town's word (`石湖南湾村` of `石湖镇南湾村`, `PlaceNames.withoutTown`) is how a caller says
/// it: a report is indexed by the start of its short forms too (`DedupEngine.nameKeys`), not of its first place only.
/// Before, a caller who gave a village by address and a later caller who said it without the town's word were never
/// compared: the later report's words begin `石湖南`, the earlier's first place `石湖镇`.
@Suite struct TownlessNameKeysTests {
    /// Smoke from burning rubbish in a village: the first caller gives the village's address with its town, the
    /// second, half an hour later, names town and village run together, and a group of the village.
    @Test func aCallerNamingAVillageWithoutItsTownFindsTheAddress() throws {
        let call = WordKeysTests.report("13900000501", "南湾村有人在地里烧垃圾，塑料泡沫都往火里扔，黑烟一股一股飘到屋里", address: "石湖镇南湾村")
        let later = WordKeysTests.report("13900000502", "石湖南湾五组河滩上在烧东西 黑烟好大 一股塑料味")
        let first = MatterFeatures(call), second = MatterFeatures(later)
        #expect(first.placeAliases.contains("石湖南湾村"))
        #expect(DedupEngine.nameKeys(first) == ["n:石湖镇", "n:石湖南"])
        #expect(DedupEngine.nameKeysAsked(second).contains("n:石湖南"))
        #expect(try StoreHarness.oneIncident(call, later, apart: minutes(30)))
    }

    /// A road's spot (`人民路/隧道`) is no name, and at most `nameKeysLimit` keys are taken.
    @Test func shortFormsOfNamesOnlyAndBounded() {
        let f = MatterFeatures(WordKeysTests.report("1", "隧道里的灯全坏了", address: "人民路下穿隧道"))
        #expect(DedupEngine.nameKeys(f).allSatisfy { !$0.contains("/") })
        #expect(DedupEngine.nameKeys(f).count <= DedupEngine.nameKeysLimit)
    }
}
