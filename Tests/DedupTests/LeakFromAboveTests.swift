@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Water coming into a home from above, told by where the caller thinks it comes from: the roof (楼顶漏水), the pipe
/// of the flat above (楼上水管破裂), its radiator (楼上家暖气漏水). One caller's reports of it are one matter.
@Suite struct LeakFromAboveTests {
    let t0 = StoreHarness.base

    @Test func theRoofThePipeAndTheRadiatorAboveAreFacesOfOneLeak() {
        #expect(MatterLexicon.oneFamily("housing.quality", "water.burst"))
        #expect(MatterLexicon.oneFamily("housing.quality", "heating.leak"))
        #expect(!MatterLexicon.oneFamily("housing.quality", "water.outage"))
    }

    /// The radiator of the flat above, then the ceiling: a repeat.
    @Test func aRadiatorAboveThenTheCeilingIsOneMatter() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13900000522")
        try h.submit(Submission(channel: .phone, channelRef: "r-1", caller: caller, requestType: .help,
                                text: "楼上那户的暖气漏水，顺着我家天花板往下淌，敲门没人应，锅炉厂宿舍3栋"), id: "r1", at: t0)
        let chase = try h.submit(Submission(channel: .phone, channelRef: "r-2", caller: caller, requestType: .help,
                                            text: "楼上还在往下渗水，我家天棚漏得墙皮都泡软了"), id: "r2", at: t0 + hours(3))
        #expect(chase.status == .repeat && chase.repeatOf == "r1")
    }
}
