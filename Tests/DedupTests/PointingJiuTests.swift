@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// `就` points at the place a caller means (`就老粮站巷子里`, `就桃园小区那个狗`, `就解放街那个口`: right there at): it
/// is no part of the place's name, and a follow-up that says it names the place the earlier report named.
@Suite struct PointingJiuTests {
    let t0 = StoreHarness.base

    @Test func jiuIsNoPartOfTheName() {
        let names = PlaceNames.mentions(inNormalized: MatchText.normalize("杀鸡那家又往下水道倒了，就老粮站巷子里，我昨天说过"))
        #expect(!names.contains { $0.hasPrefix("就") })
        let road = PlaceNames.mentions(inNormalized: MatchText.normalize("没井盖的窟窿还在，就兴业路口"))
        #expect(!road.contains { $0.hasPrefix("就") })
    }

    @Test func aFollowUpPointingAtThePlaceRepeats() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911113100")
        try h.report("a", .phone, me, .complaint, "喂，我是城关街道的，长青路老粮站那条巷子里有一家杀鸡的，鸡毛鸡血都往门口下水道里倒，臭得很。", nil,
                     at: t0)
        let again = try h.report("b", .phone, me, .complaint, "杀鸡那家又往下水道倒了，就老粮站巷子里，我昨天说过", nil, at: t0 + hours(22))
        #expect(again.status == .repeat)
    }
}
