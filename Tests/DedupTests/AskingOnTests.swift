@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A question that first tells how the caller came to ask (dismissed, the flat bought) and then asks, and a second
/// question of the same caller on what he asked: the two name different sub-matters first, and are one matter.
@Suite struct AskingOnTests {
    let t0 = StoreHarness.base

    /// The second is mainly about a sub-matter the first named after its own first one: a repeat. Mainly about one the
    /// first did not name (the allowance after the certificate) it is another question.
    @Test func aQuestionOnWhatTheFirstAskedRepeatsIt() throws {
        let first = "我们公司上个月把我辞退了，想问一下失业金怎么领，交了三年社保能领多久"
        let on = "失业金网上提交了，一直显示审核中，要等多久"
        let c = MatterComparison(MatterFeatures(text: on, requestType: .consultation, location: nil),
                                 MatterFeatures(text: first, requestType: .consultation, location: nil), nearMeters: 300, farMeters: 1500)
        #expect(c.primarySubMattersDiffer && !c.firstPrimaryNew)
        let h = try StoreHarness()
        let me = Caller(phone: "13911116802")
        try h.report("a", .phone, me, .consultation, first, nil, at: t0)
        let again = try h.report("b", .sms, me, .consultation, on, nil, at: t0 + days(2))
        #expect(again.status == .repeat && again.repeatOf == "a")

        let other = try StoreHarness()
        let you = Caller(phone: "13911116803")
        try other.report("a", .phone, you, .consultation, "我要给我爸办残疾证，他中风以后走不了路，在哪评残？", nil, at: t0)
        let allowance = try other.report("b", .phone, you, .consultation, "残疾人的两项补贴怎么申请，残疾证下来以后？", nil, at: t0 + days(1))
        #expect(allowance.status != .repeat)
    }
}
