@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Procedures of the employment and insurance offices told in their own or in spoken words: the guaranteed loan to start a
/// business (`担保贷款`, `贴息贷款`: the employment office's, not the housing fund's loan), what is paid when an insured
/// person dies (`丧葬费`), a bill asked back in speech (`能报吗`), a contribution paid late (`补交`), the pension's yearly
/// check (`养老待遇认证`), the health certificate (`健康证`).
@Suite struct SocialProcedureWordsTests {
    static func subs(_ text: String) -> Set<String> { MatterFeatures(text: text, requestType: .consultation, location: nil).subMatters }

    @Test func readings() {
        #expect(Self.subs("返乡创业的担保贷款能贷多少").contains("social.subsidy"))
        #expect(!Self.subs("返乡创业的担保贷款能贷多少").contains("social.fund-loan"))
        #expect(Self.subs("老人走了，社保的丧葬费去哪领").contains("social.funeral"))
        #expect(Self.subs("医保卡没带，在外地住院回来能报吗").contains("social.reimbursement"))
        #expect(Self.subs("去年的居民医保忘交了，现在补交来得及吗").contains("social.contribution"))
        #expect(Self.subs("养老待遇认证在手机上怎么做").contains("social.pension"))
        #expect(Self.subs("开饭店的员工健康证去哪办").contains("health.health-cert"))
        #expect(!Self.subs("报名表去哪交，能报吗").contains("social.reimbursement"))
    }

    /// The start-up loan asked after in other words repeats the question on it; the housing fund's loan does not.
    @Test func theStartUpLoanAskedAgainRepeats() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911119521")
        let t0 = StoreHarness.base
        try h.report("a", .web, me, .consultation, "想开个小面馆，大学毕业两年，有没有创业补贴和担保贷款？营业执照在哪办？", nil, at: t0)
        let again = try h.report("b", .web, me, .consultation, "咨询毕业生创业担保贷款，好几天了还没回复。", nil, at: t0 + days(3))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
