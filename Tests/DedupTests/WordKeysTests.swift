@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A report without a place key (the place only in its words, in a form the place reader takes no name from) is
/// indexed by the runs of its words (`DedupEngine.wordKeys`), and a later report with a place key asks its own words'
/// runs: before, the earlier report was indexed by text bands only, and a later report naming the place by an address
/// never met it unless the two were told in like words.
@Suite struct WordKeysTests {
    static func report(_ phone: String, _ text: String, channel: Channel = .phone, address: String? = nil) -> Submission {
        Submission(channel: channel, channelRef: UUID().uuidString, caller: Caller(phone: phone), requestType: .help, text: text,
                   location: address.map { Location(address: $0) })
    }

    /// An old lane, 槐荫里: a neighbour calls first and names it only in his words (`槐荫里那根…`: 里 before 那 is no
    /// estate's word to the reader); minutes later another sends the lane's address. Their words share the lane's name
    /// and little else, so no text band either.
    @Test func aLaterAddressFindsTheEarlierCallerWhoNamedThePlaceInWords() throws {
        let call = Self.report("13900000301", "槐荫里那根水泥杆子顶上冒火花，噼噼啪啪的，底下全是木板老屋")
        let form = Self.report("13900000302", "槐荫里电线打火了，快派人来", channel: .miniprogram, address: "城东区槐荫里")
        let engine = DedupEngine(), hasher = MinHasher()
        let first = MatterFeatures(call), later = MatterFeatures(form)
        #expect(first.placeKeys.isEmpty && !first.hasLocation && !later.placeKeys.isEmpty)
        #expect(Set(engine.indexKeys(first).bands).isDisjoint(with: hasher.bandKeys(later.shingles)))
        #expect(Set(later.placeKeys).isDisjoint(with: engine.indexKeys(first).placeKeys))
        #expect(engine.indexKeys(first).placeKeys.contains("w:槐荫里") && DedupEngine.wordKeys(later).contains("w:槐荫里"))
        #expect(try StoreHarness.oneIncident(call, form, apart: minutes(6)))
    }

    /// A labour agency's workers: the first calls and names the freight yard only in his words (`我是在滨湖货场干装卸的`:
    /// 货场 is no place word the reader knows); the next writes from the yard's address, whose name begins where none of
    /// his own words' runs does (`江北大道滨湖货场`, `本人在滨湖货场做分拣`: 在 is a stop, but the run asked is his place's).
    /// The later report asks its places' names as word keys too (`askedWordKeys`), and finds the call.
    @Test func aLaterAddressAsksItsPlacesNamesAsWords() throws {
        let call = Self.report("13900000311", "喂，我是在滨湖货场干装卸的，那个恒达劳务公司欠我们两个月工资了，老板电话也不接，我们十几个人都没拿到钱")
        let form = Self.report("13900000312", "本人由恒达劳务派遣在园区从事分拣，九月、十月工资均未发放，同班组工友多人情况相同，公司负责人失联，请求劳动保障监察协调追讨。",
                               channel: .web, address: "江北区江北大道滨湖货场")
        let engine = DedupEngine(), hasher = MinHasher()
        let first = MatterFeatures(call), later = MatterFeatures(form)
        #expect(first.placeKeys.isEmpty && !first.hasLocation)
        #expect(Set(engine.indexKeys(first).bands).isDisjoint(with: hasher.bandKeys(later.shingles)))
        #expect(engine.indexKeys(first).placeKeys.contains("w:滨湖货"))
        #expect(!DedupEngine.wordKeys(later).contains("w:滨湖货") && DedupEngine.askedWordKeys(later).contains("w:滨湖货"))

        let h = try StoreHarness()
        try h.submit(call, id: "call", at: StoreHarness.base)
        try h.submit(form, id: "form", at: StoreHarness.base + hours(5))
        let incident = try #require(try h.ticket("form")?.ticket.dedup.clusterId)
        #expect(try h.ticket("call")?.ticket.dedup.clusterId == incident)
    }

    /// The keys: runs of three characters where a name can begin, none holding a character of grammar, each once,
    /// marked apart from place keys, at most `wordKeysLimit`; a report with a place key is indexed by that key only.
    @Test func theWordKeysAreShortMarkedAndBounded() {
        let keys = DedupEngine.wordKeys(MatterFeatures(Self.report("1", "槐荫里停电了，我们是槐荫里的，那个变压器响")))
        #expect(keys == ["w:槐荫里", "w:变压器"])
        // A name may begin after every 上 (a character ending names): some 21 runs in the first 64 characters.
        let long = Array("春夏秋冬梅兰竹菊松柏桃李杏梨枣栗柿橘榴桑榆柳槐杉椿桂楠枫樟").map { "上\($0)" }.joined()
        #expect(DedupEngine.wordKeys(MatterFeatures(Self.report("1", long))).count == DedupEngine.wordKeysLimit)
        let addressed = MatterFeatures(Self.report("1", "槐荫里停电了", address: "城东区槐荫里"))
        #expect(!DedupEngine().indexKeys(addressed).placeKeys.contains { $0.hasPrefix("w:") })
        #expect(DedupEngine().indexKeys(addressed).placeKeys == addressed.placeKeys)
    }

    /// The keys are read once, with the features, and are those of the match text whichever way the features were
    /// made: from a submission or rebuilt from a stored matter.
    @Test func theFeaturesHoldTheirWordKeys() {
        let engine = DedupEngine()
        for (i, text) in ["槐荫里停电了，我们是槐荫里的，那个变压器响", "米市里那个电线杆歪了", "停电了"].enumerated() {
            let f = MatterFeatures(Self.report("\(i)", text))
            #expect(f.wordKeys == DedupEngine.wordKeys(f))
            #expect(!f.placeKeys.isEmpty || engine.indexKeys(f).placeKeys == f.wordKeys)
            let stored = MatterFeatures(matchText: f.matchText, topics: [], requestType: f.requestType, point: nil, address: nil, place: nil)
            #expect(stored.wordKeys == f.wordKeys)
        }
        #expect(MatterFeatures(Self.report("1", "槐荫里停电了，我们是槐荫里的")).wordKeys == ["w:槐荫里"])
    }
}
