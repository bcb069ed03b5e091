@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A report with place keys is indexed by the start of its first place's name too (`DedupEngine.nameKeys`), and a later
/// report without a place key asks its words' runs there: before, a caller who gave the place by address was never
/// compared with a later caller who names it only in words (the words' runs met only the runs of earlier reports
/// without a place key, and a name read from words is asked whole, never a part of an address's longer name).
@Suite struct NameKeysTests {
    /// A fire on a hillside: the first caller's address names the slope (青龙岗南坡), the second, a quarter of an hour
    /// later, says the hill's name in his words only (`青龙岗南坡那里`: the reader takes no name from them).
    @Test func aLaterCallerNamingThePlaceInWordsFindsTheEarlierAddress() throws {
        let call = WordKeysTests.report("13900000401", "青龙岗南边那个山坡，有人在烧垃圾，烟子好大，这么干的天气要是燃起来就麻烦了", address: "东山区青龙岗南坡")
        let later = WordKeysTests.report("13900000402", "喂，青龙岗南坡那里在烧东西，我们楼上看得到，烟子飘到小区来了，呛得很")
        let engine = DedupEngine(), hasher = MinHasher()
        let first = MatterFeatures(call), second = MatterFeatures(later)
        #expect(!first.placeKeys.isEmpty && second.placeKeys.isEmpty && !second.hasLocation)
        #expect(Set(engine.indexKeys(first).placeKeys).isDisjoint(with: DedupEngine.namesInWords(second)))
        #expect(Set(hasher.bandKeys(second.shingles)).isDisjoint(with: engine.indexKeys(first).bands))
        #expect(engine.indexKeys(first).placeKeys.contains("n:青龙岗") && DedupEngine.nameKeysAsked(second).contains("n:青龙岗"))
        #expect(try StoreHarness.oneIncident(call, later, apart: minutes(15)))
    }

    /// A chemical smell over a town: the first caller gives the town by address (青岩镇); the second, a teacher, names
    /// it in his words and the place reader takes another name from them (`今早学校`): a report with place keys, none of
    /// them the town's, which asks its words' runs as name keys too.
    @Test func aLaterReportKeyedByAnotherNameFindsTheAddressItsWordsBegin() throws {
        let call = WordKeysTests.report("13900000403", "标题：青岩镇晚上刺鼻气味。内容：今晚七点开始，镇上街上很浓的化工异味，从工业园方向飘过来，关了窗户还能闻到",
                                        channel: .web, address: "枫坪县青岩镇")
        let later = WordKeysTests.report("13900000404", "来电人系青岩镇中学老师，反映昨晚到今早学校里都是一股刺鼻的化学气味，方向是工业园那边，学生头晕")
        let engine = DedupEngine(), hasher = MinHasher()
        let first = MatterFeatures(call), second = MatterFeatures(later)
        #expect(!second.placeKeys.isEmpty && second.point == nil)
        #expect(Set(engine.indexKeys(first).placeKeys).isDisjoint(with: second.placeKeys + DedupEngine.askedWordKeys(second)))
        #expect(Set(hasher.bandKeys(second.shingles)).isDisjoint(with: engine.indexKeys(first).bands))
        #expect(engine.indexKeys(first).placeKeys.contains("n:青岩镇") && DedupEngine.nameKeysAsked(second).contains("n:青岩镇"))
        #expect(try StoreHarness.oneIncident(call, later, apart: minutes(40)))
    }

    /// One key, the first place key's first three characters, marked apart from place and word keys; none for a report
    /// without a place key (indexed by its word keys). Every report asks its word keys' runs as name keys.
    @Test func oneNameKeyFromTheFirstPlace() {
        let addressed = MatterFeatures(WordKeysTests.report("1", "工地晚上还在打桩", address: "石门区青龙岗地铁站工地"))
        #expect(DedupEngine.nameKeys(addressed) == ["n:" + String(addressed.placeKeys[0].prefix(3))])
        #expect(DedupEngine().indexKeys(addressed).placeKeys == addressed.placeKeys + DedupEngine.nameKeys(addressed))
        #expect(DedupEngine.nameKeysAsked(addressed) == DedupEngine.wordKeys(addressed).map { "n:" + $0.dropFirst(2) })
        let bare = MatterFeatures(WordKeysTests.report("1", "青龙岗那边工地晚上还在打桩"))
        #expect(DedupEngine.nameKeys(bare).isEmpty)
        #expect(DedupEngine.nameKeysAsked(bare) == DedupEngine.wordKeys(bare).map { "n:" + $0.dropFirst(2) })
        #expect(DedupEngine.nameKeysAsked(bare).first == "n:青龙岗")
    }
}
