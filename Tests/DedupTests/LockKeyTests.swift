import Dedup
import Foundation
import IntakeCore
import Testing

/// PostgreSQL instances decide one submission at a time per lock key (IntakeRules.lockKeys); two reports that can
/// find each other through the dedup index must share a key, or two instances decide them at once and neither
/// sees the other (a missed repeat or incident).
@Suite struct LockKeyTests {
    let engine = DedupEngine()

    func keys(_ text: String, _ phone: String, location: Location? = nil) -> Set<String> {
        let s = Submission(channel: .phone, caller: Caller(phone: phone), requestType: .complaint, text: text, location: location)
        return Set(engine.lockKeys(precomputed: engine.precompute(s)))
    }

    /// Without a point or an address the index finds such reports by their text bands: those are locked too.
    @Test func reportsWithoutAPlaceFoundByTheirWordsShareALock() {
        let a = keys("楼上天天半夜拖椅子、蹦跳，吵得一家人都睡不着觉，说了好几次也不听", "13800000001")
        let b = keys("楼上天天半夜拖椅子蹦跳，吵得一家人都睡不着觉，说了几次也不听", "13800000002")
        #expect(!a.filter { $0.hasPrefix("band:") }.isEmpty)
        #expect(a.allSatisfy { !$0.hasPrefix("place:") && !$0.hasPrefix("cell:") })
        #expect(!a.isDisjoint(with: b))
        let other = keys("小区门口的垃圾桶满了好几天没人清理，臭气熏天", "13800000003")
        #expect(a.isDisjoint(with: other))
    }

    /// Points nearby share a cell of their neighbourhoods; an address's place is a key of both.
    @Test func reportsAtOnePlaceShareALock() {
        let here = Location(address: "人民路18号", lat: 22.5431, lng: 114.0579, crs: .wgs84)
        let near = Location(address: "人民路18号门口", lat: 22.5433, lng: 114.0580, crs: .wgs84)
        let a = keys("路灯坏了，晚上一片漆黑", "13800000001", location: here)
        let b = keys("这里的路灯不亮好几天了", "13800000002", location: near)
        #expect(!a.isDisjoint(with: b))
        // A located report asks text bands too (it may find an earlier report without location told in like words).
        #expect(!a.filter { $0.hasPrefix("band:") }.isEmpty)
    }

    /// Reports that meet only through the keys of words and names share a lock: a place given by address and named
    /// later in a caller's words (name keys), named in words and later by address (word keys), and an estate's name of
    /// three characters a later caller's words hold (names in words). Before, none of these was locked.
    @Test func reportsMeetingByTheirWordsShareALock() {
        func nameLocks(_ k: Set<String>) -> Set<String> { k.filter { $0.hasPrefix("name:") } }
        func placeLocks(_ k: Set<String>) -> Set<String> { k.filter { !$0.hasPrefix("name:") } }
        let address = keys("青龙岗南边那个山坡，有人在烧垃圾，烟子好大", "13800000001", location: Location(address: "东山区青龙岗南坡"))
        let words = keys("喂，青龙岗南坡那里在烧东西，我们楼上看得到，呛得很", "13800000002")
        #expect(placeLocks(address).isDisjoint(with: words) && !nameLocks(address).isDisjoint(with: words))
        let lane = keys("槐荫里那根水泥杆子顶上冒火花，噼噼啪啪的，底下全是木板老屋", "13800000003")
        let laneAddress = keys("槐荫里电线打火了，快派人来", "13800000004", location: Location(address: "城东区槐荫里"))
        #expect(placeLocks(lane).isDisjoint(with: laneAddress) && !nameLocks(lane).isDisjoint(with: laneAddress))
        let estate = keys("小区整片停电了，电梯也停了，楼里一片黑", "13800000005", location: Location(address: "江北区澜悦府"))
        let caller = keys("澜悦府停电快两个小时了，冰箱里东西要坏了，啥时候来电", "13800000006")
        #expect(placeLocks(estate).isDisjoint(with: caller) && !nameLocks(estate).isDisjoint(with: caller))
    }

    /// A report's runs are locked once each, at most one per character it reads words from (`DedupEngine.wordsPrefix`).
    @Test func nameLocksAreBounded() {
        let long = String(repeating: "在东湖路上有人在烧垃圾，在西湖路上也有人在烧东西，", count: 20)
        let locks = keys(long, "13800000007").filter { $0.hasPrefix("name:") }
        #expect(!locks.isEmpty && locks.count <= DedupEngine.wordsPrefix)
    }
}
