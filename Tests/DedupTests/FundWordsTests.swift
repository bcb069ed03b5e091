@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Spoken words for moving one's social insurance or fund account here (`转过来`, `转到`) and for taking the fund's
/// money out (`取出来`, Cantonese `攞出嚟`): the transfer and the withdrawal, as the written words are.
@Suite struct FundWordsTests {
    @Test func spokenWordsReadTheProcedure() {
        #expect(AskingAgainTests.reading("我在外省交了几年社保，现在回来了，社保怎么转过来？").subMatters.contains("social.transfer"))
        #expect(AskingAgainTests.reading("公积金从成都转到这边咋个办").subMatters.contains("social.transfer"))
        #expect(AskingAgainTests.reading("辞职回老家了，公积金能不能全部取出来？").subMatters.contains("social.fund-withdrawal"))
        #expect(AskingAgainTests.reading("我辞咗职，公积金可唔可以攞出嚟？").subMatters.contains("social.fund-withdrawal"))
        // Without the field the words name no procedure of it.
        let noField = AskingAgainTests.reading("快递转到别的网点了，东西取出来是坏的").subMatters
        #expect(noField.isDisjoint(with: ["social.transfer", "social.fund-withdrawal"]))
    }

    /// A caller who asks again in the written words repeats his spoken question.
    @Test func theWrittenQuestionRepeatsTheSpokenOne() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911118024")
        try h.report("a", .phone, me, .consultation, "我辞职了要回老家，公积金能不能全部取出来？", nil, at: StoreHarness.base)
        let again = try h.report("b", .sms, me, .consultation, "离职回老家 公积金提取要不要离职证明", nil, at: StoreHarness.base + days(2))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
