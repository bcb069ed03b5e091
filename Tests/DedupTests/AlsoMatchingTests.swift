@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Two callers tell one happening before a third names its place plainly: the first two share no place the rules can
/// read (their estate's name is no place word to the reader), so they stay apart; the third matches both. It formed
/// the incident on one of them only, and the other, which it matches as well, was left out (`DedupRules.alsoMatching`).
@Suite struct AlsoMatchingTests {
    @Test func aLaterReportTakesInEveryEarlierCallerItMatches() throws {
        let first = WordKeysTests.report("13900000401", "我们是翠屏郡的，整个小区下午四点就停电了，电梯也不动")
        let second = WordKeysTests.report("13900000402", "翠屏郡停电三个钟头了，冰箱里的肉要化了", channel: .sms)
        let third = WordKeysTests.report("13900000403", "翠屏郡全部停电，请供电公司尽快抢修", channel: .web, address: "城西区翠屏郡")
        let engine = DedupEngine(), hasher = MinHasher()
        let a = MatterFeatures(first), b = MatterFeatures(second)
        #expect(a.placeKeys.isEmpty && b.placeKeys.isEmpty && !MatterFeatures(third).placeKeys.isEmpty)
        #expect(Set(engine.indexKeys(a).bands).isDisjoint(with: hasher.bandKeys(b.shingles)))

        let h = try StoreHarness()
        try h.submit(first, id: "first", at: StoreHarness.base)
        try h.submit(second, id: "second", at: StoreHarness.base + minutes(20))
        #expect(try h.ticket("second")?.ticket.dedup.clusterId == nil)
        try h.submit(third, id: "third", at: StoreHarness.base + minutes(40))
        let incident = try #require(try h.ticket("third")?.ticket.dedup.clusterId)
        #expect(try h.ticket("first")?.ticket.dedup.clusterId == incident)
        #expect(try h.ticket("second")?.ticket.dedup.clusterId == incident)
    }
}
