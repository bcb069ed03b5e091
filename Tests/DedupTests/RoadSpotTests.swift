@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Two reports on one long road, each naming another road that meets it and that the other does not name (a stop
/// called after its cross road, `X大道Y路公交站` / `X大道Z路公交站`), are at two spots on it, not at one place: before,
/// the long road in common made them one incident (heldout36: two bus shelters' faults on one avenue, hours apart).
/// Each case in words of its own.
@Suite struct RoadSpotTests {
    static func features(_ text: String) -> MatterFeatures { MatterFeatures(text: text, requestType: .complaint, location: nil) }

    @Test func twoCrossRoadsOnOneRoadAreTwoSpots() {
        let a = Self.features("滨江大道柳荫路公交站的站棚玻璃碎了一地")
        let b = Self.features("滨江大道桂香路那个公交站的站棚灯箱掉下来了")
        #expect(!MatterComparison(b, a, nearMeters: 300, farMeters: 1500).place.isSame)
    }

    /// The same cross road named by both leaves them at one place, as before.
    @Test func oneCrossRoadOrNoneIsStillOnePlace() {
        let a = Self.features("滨江大道柳荫路公交站的站棚玻璃碎了一地")
        let b = Self.features("我在滨江大道柳荫路这个公交站，站棚玻璃全碎了")
        #expect(MatterComparison(b, a, nearMeters: 300, farMeters: 1500).place.isSame)
    }
}
