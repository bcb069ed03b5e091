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
}
