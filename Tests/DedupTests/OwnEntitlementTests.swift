import Dedup
import Foundation
import IntakeCore
import Testing

/// A pension or an allowance not paid is one person's standing with an office: two callers of one village, each about
/// a parent's money, are two cases, not one happening there. Told as many people's (the whole village, many households)
/// it is one incident.
@Suite struct OwnEntitlementTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ caller: Caller, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: caller, requestType: .help, text: text, location: nil), id: id, at: at)
    }

    @Test func twoCallersOwnAllowancesAtOneVillageAreTwoCases() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000701"), "我是石桥村的，我老伴的低保金这个月没打到卡上，麻烦帮忙查一下是怎么回事",
                   id: "mine", at: t0)
        let theirs = try report(h, Caller(phone: "13700000702"), "你好，石桥村的，我家老母亲的低保金这个月也没到账，去信用社查了没有",
                                id: "theirs", at: t0 + hours(1))
        #expect(theirs.clusterId == nil)
    }

    @Test func anAllowanceMissingForManyAtOneVillageIsOneIncident() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000711"), "柳溪村全村的低保金这个月都没打到卡上，村里说镇上还没拨下来", id: "village", at: t0)
        let again = try report(h, Caller(phone: "13700000712"), "柳溪村好多户的低保金这个月都没到账，大家都在问什么时候发",
                               id: "households", at: t0 + hours(1))
        #expect(again.clusterId != nil)
    }
}
