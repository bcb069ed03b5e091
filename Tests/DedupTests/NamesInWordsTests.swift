@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A report whose words the place reader takes no name from is found by the names other recent reports are keyed by
/// that its words hold (`DedupEngine.namesInWords`): before, it was asked by text bands only, which a located report is
/// not indexed by, so it was never compared with the reports of its place.
@Suite struct NamesInWordsTests {
    static func report(_ phone: String, _ text: String, address: String? = nil) -> Submission {
        Submission(channel: .phone, channelRef: UUID().uuidString, caller: Caller(phone: phone), requestType: .help, text: text,
                   location: address.map { Location(address: $0) })
    }

    /// An estate named 澜悦府 in one caller's address; another caller's words name it without an address, in a form the
    /// place reader does not take as a name (府 is no place word it knows). The two reports share no index key.
    @Test func aPlaceNamedOnlyInTheWordsFindsTheReportsKeyedByIt() throws {
        let first = Self.report("13900000101", "小区整片停电了，电梯也停了，楼里一片黑", address: "江北区澜悦府")
        let second = Self.report("13900000102", "澜悦府停电快两个小时了，冰箱里东西要坏了，啥时候来电")
        let engine = DedupEngine()
        let keysFirst = engine.indexKeys(MatterFeatures(first)), keysSecond = engine.indexKeys(MatterFeatures(second))
        // (Indexed by the runs of its words only: `DedupEngine.wordKeys`.)
        #expect(MatterFeatures(second).placeKeys.isEmpty && keysSecond.placeKeys.allSatisfy { $0.hasPrefix("w:") } && keysSecond.cell == nil)
        #expect(Set(keysFirst.placeKeys).isDisjoint(with: keysSecond.placeKeys) && keysFirst.bands.isEmpty)

        let h = try StoreHarness()
        try h.submit(first, id: "estate", at: StoreHarness.base)
        try h.submit(second, id: "words", at: StoreHarness.base + minutes(25))
        let incident = try #require(try h.ticket("words")?.ticket.dedup.clusterId)
        #expect(try h.ticket("estate")?.ticket.dedup.clusterId == incident)
    }

    /// The runs asked: three or four characters of the first 64 of the match text, each beginning where a name can (a
    /// clause's start, after 是 or 的) and crossing no clause's end; none when the report has place keys of its own (it
    /// is found by them).
    @Test func theRunsAskedAreShortAndBounded() {
        let runs = DedupEngine.namesInWords(MatterFeatures(Self.report("1", "澜悦府停电，我是锦悦府的，是澜，澜悦府停电")))
        #expect(runs.contains("澜悦府") && runs.contains("澜悦府停") && runs.contains("锦悦府") && runs.contains("锦悦府的"))
        #expect(!runs.contains("澜悦") && !runs.contains("澜悦府停电") && !runs.contains("府停电") && !runs.contains("电我是"))
        #expect(!runs.contains { $0.contains(" ") })
        let long = String(repeating: "一二三四五六七八九十", count: 40)
        #expect(DedupEngine.namesInWords(MatterFeatures(Self.report("1", long))).count <= 2 * DedupEngine.wordsPrefix)
        #expect(DedupEngine.namesInWords(MatterFeatures(Self.report("1", "停电了", address: "江北区澜悦府"))).isEmpty)
    }
}
