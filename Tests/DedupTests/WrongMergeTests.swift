@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Wrong merges found on heldout7/heldout8 and their general causes (each case in words of its own).
@Suite struct WrongMergeTests {
    let t0 = StoreHarness.base
    static func reading(_ text: String, _ type: RequestType = .complaint) -> MatterFeatures {
        MatterFeatures(text: text, requestType: type, location: nil)
    }

    /// Thanks for work done at a place report nothing happening there: never a member of an incident.
    @Test func praiseJoinsNoIncident() throws {
        let h = try StoreHarness()
        let place = Location(address: "青松路菜市场门口", lat: nil, lng: nil, crs: nil)
        try h.submit(Submission(channel: .phone, channelRef: "i-1", caller: Caller(phone: "13700001111"), requestType: .complaint,
                                text: "青松路菜市场门口的路面全结冰了，好几个人滑倒", location: place), id: "i1", at: t0)
        let thanks = try h.submit(Submission(channel: .phone, channelRef: "i-2", caller: Caller(phone: "13700002222"), requestType: .praise,
                                             text: "表扬环卫工人，青松路菜市场门口路面结冰，他们一大早就在铲冰撒盐", location: place), id: "i2", at: t0 + hours(2))
        #expect(thanks.clusterId == nil)
        #expect(try #require(try h.ticket("i1")).ticket.dedup.clusterId == nil)
    }

    /// A place word right before 区 or 县 ends a district's name: `东湾区人民路` names no place `东湾`.
    @Test func aDistrictIsNoPlace() {
        #expect(!PlaceNames.mentions(inNormalized: MatchText.normalize("东湾区人民路银行门口的台阶结冰")).contains("东湾"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("东湾停电了")).contains("东湾"))
    }

    /// Cars parked on the blind path or the pavement are a parking matter there, not the pavement's own.
    @Test func parkingOnThePavementIsParking() {
        let r = Self.reading("超市门口的电动车全停盲道上了")
        #expect(r.subMatters.contains("parking.vehicles") && !r.subMatters.contains("road.sidewalk"))
        #expect(Self.reading("车站候车亭的顶被雪压塌了").subMatters.contains("bus.stop"))
    }

    /// A caller's new report mainly about another sub-matter, naming the earlier one's only in passing, is no repeat
    /// of it; said as a chase (`我发过邮件了`), it is.
    @Test func anEarlierMatterNamedInPassingIsNoRepeat() {
        let c = DedupConfiguration()
        func same(_ a: MatterFeatures, _ b: MatterFeatures) -> Bool {
            DedupRules.isSameMatter(MatterComparison(a, b, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters),
                                    threshold: c.repeatThreshold)
        }
        let outage = Self.reading("松园小区停电了，电梯也停了", .help)
        let fee = Self.reading("松园小区物业费涨了两毛，停电的时候物业一个人都找不到")
        #expect(!same(fee, outage))
        #expect(Self.reading("松园小区停电的事我发过邮件了，到现在没来电").refersToEarlier)
    }
}
