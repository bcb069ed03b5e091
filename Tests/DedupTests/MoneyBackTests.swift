@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who asks his money back from a business because of a happening (a booking the closed road kept him from)
/// tells of his purchase, not of the happening: beside a report of the rockfall itself he is no caller of that incident.
/// Two callers asking their money back are two purchases the rule leaves to the others.
@Suite struct MoneyBackTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ phone: String, _ type: RequestType, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: Caller(phone: phone), requestType: type, text: text, location: nil), id: id, at: at)
    }

    @Test func aRefundBecauseOfTheRockfallIsNoReportOfIt() throws {
        let h = try StoreHarness()
        try report(h, "13700000901", .help, "喂，青龙峡隧道北口有落石，好几块大石头在右边车道上，晚上看不清要出事", id: "rocks", at: t0)
        let refund = try report(h, "13700000902", .complaint,
                                "我们订了山里的民宿，因为青龙峡隧道落石封路去不了，商家不肯退款，请帮忙协调", id: "refund", at: t0 + hours(3))
        #expect(refund.clusterId == nil)
    }

    @Test func twoCallersAskingTheirMoneyBackAreBothPurchases() {
        func reading(_ text: String) -> SharedMatterFeatures {
            SharedMatterFeatures(MatterFeatures(text: text, requestType: .complaint, location: nil))
        }
        let rocks = reading("青龙峡隧道北口有落石，好几块大石头在右边车道上")
        let refund = reading("订的民宿因为青龙峡隧道落石封路去不了，商家不肯退款")
        let ticket = reading("青龙峡景区落石闭园，买的门票商家不给退款")
        #expect(DedupRules.asksMoneyBack(refund, rocks) && DedupRules.asksMoneyBack(rocks, refund))
        #expect(!DedupRules.asksMoneyBack(refund, ticket))
    }
}
