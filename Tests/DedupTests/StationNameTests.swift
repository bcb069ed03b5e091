@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A station or a stop called by its own name (`X站`: a metro station, a bus stop, a railway station): the place reader
/// read no place from `站`, and two callers at one named stop shared no key (heldout23, heldout29, heldout31, heldout32,
/// heldout33: never compared). A kind of station (`垃圾站`, `公交站`, `加油站`) is every estate's or road's and names no
/// place, nor does the verb to stand. Each case in words of its own.
@Suite struct StationNameTests {
    let t0 = StoreHarness.base

    static func names(_ text: String) -> Set<String> { PlaceNames.mentions(inNormalized: MatchText.normalize(text)) }

    @Test func aStationByItsOwnNameIsAPlace() {
        #expect(Self.names("在桂花岭站等了半个钟头车都没来").contains("桂花岭站"))
        #expect(Self.names("地铁2号线柳岸站B口电梯坏了").contains("柳岸站"))
        #expect(Self.names("12路龙潭站的站牌被撞倒了").contains("龙潭站"))
    }

    /// Only the whole name as far as it goes back: `大学站` would be every university's station.
    @Test func aStationsNameIsReadWhole() {
        let found = Self.names("地铁东湖大学站出口堆满了共享单车")
        #expect(!found.contains("大学站"))
        #expect(found.contains("湖大学站"))
    }

    @Test func aKindOfStationOrTheVerbToStandIsNoPlace() {
        #expect(Self.names("小区门口垃圾站臭得很").allSatisfy { !$0.hasSuffix("站") })
        #expect(Self.names("路口加油站旁边的井盖没了").allSatisfy { !$0.hasSuffix("站") })
        #expect(Self.names("一群人站在马路中间吵架").allSatisfy { !$0.hasSuffix("站") })
        #expect(Self.names("我们这个网站打不开").allSatisfy { !$0.hasSuffix("站") })
        #expect(Self.names("锅炉房换热站漏水了").allSatisfy { !$0.hasSuffix("站") })
        // A stop's sign, and a stop named after a place the reader reads itself (the hospital, the market).
        #expect(Self.names("翠柳巷口那个站牌歪了").allSatisfy { !$0.hasSuffix("站") })
        #expect(Self.names("妇幼医院站台的顶棚漏雨").allSatisfy { !$0.hasSuffix("站") })
    }

    /// A station on a road that one caller names and the other says only inside another place's name (`柳岸新区`): no
    /// place more on the road than the other names.
    @Test func aStationsNameSaidInAnotherPlaceIsNoPlaceMore() {
        let a = MatterFeatures(text: "滨江大道地铁工地半夜打桩，就在柳岸站那里", requestType: .complaint, location: nil)
        let b = MatterFeatures(text: "柳岸新区滨江大道地铁工地夜间施工噪音太大", requestType: .complaint, location: nil)
        #expect(a.namedPlaces.contains("柳岸站"))
        #expect(MatterComparison(b, a, nearMeters: 300, farMeters: 1500).place.isSame)
    }

    /// Two callers at one named stop, one by SMS, one by phone, neither with an address: one incident.
    @Test func twoCallersAtOneNamedStopAreOneIncident() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .sms, channelRef: "s-1", caller: Caller(phone: "13911112222"), requestType: .complaint,
                                text: "26路在桂花岭站连着两趟不停车 一站台的人都没上去"), id: "s1", at: t0)
        let second = try h.submit(Submission(channel: .phone, channelRef: "s-2", caller: Caller(phone: "13933334444"), requestType: .complaint,
                                             text: "喂，我在桂花岭站等26路，公交车直接开过去了，招手都不停。"), id: "s2", at: t0 + minutes(12))
        let first = try #require(try h.ticket("s1"))
        #expect(second.clusterId != nil && first.ticket.dedup.clusterId == second.clusterId)
    }
}
