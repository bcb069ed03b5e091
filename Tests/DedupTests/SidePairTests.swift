@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Villages and estates come in pairs named by their side (东石岭村 / 西石岭村, 南关 / 北关): two places, though the
/// name after the side is one. A report naming the place without a side may mean either.
@Suite struct SidePairTests {
    let t0 = StoreHarness.base

    static func reading(_ text: String) -> MatterFeatures { MatterFeatures(text: text, requestType: .complaint, location: nil) }

    static func place(_ a: String, _ b: String) -> PlaceRelation {
        MatterComparison(reading(a), reading(b), nearMeters: 300, farMeters: 1500).place
    }

    @Test func twoSidesOfANameAreTwoPlaces() {
        let east = "东石岭村村口的垃圾堆了三天没人清，臭得很"
        if case .different = Self.place(east, "西石岭村村口垃圾一直没人拉，苍蝇到处飞") {} else { Issue.record("东/西石岭村 read as one place") }
        #expect(Self.place(east, "东石岭村村口垃圾一直没人拉，苍蝇到处飞").isSame)
        #expect(Self.place(east, "石岭村村口垃圾一直没人拉，苍蝇到处飞").isSame)
    }

    /// Two callers' rubbish at the mouths of two villages named by their sides, half an hour apart: two incidents.
    @Test func callersAtTwoSidesAreNoIncident() throws {
        let h = try StoreHarness()
        try h.report("s1", .phone, Caller(phone: "13900000411"), .complaint, "南河口村村口的垃圾堆了三天没人清，臭得很", nil, at: t0)
        let other = try h.report("s2", .phone, Caller(phone: "13900000412"), .complaint, "北河口村村口垃圾一直没人拉，臭得很",
                                 nil, at: t0 + minutes(30))
        #expect(other.clusterId == nil)
        let same = try h.report("s3", .phone, Caller(phone: "13900000413"), .complaint, "南河口村村口垃圾好几天没人拉了，臭得很",
                                nil, at: t0 + minutes(50))
        #expect(same.clusterId != nil)
        #expect(try h.ticket("s2")?.ticket.dedup.clusterId == nil)
    }
}
