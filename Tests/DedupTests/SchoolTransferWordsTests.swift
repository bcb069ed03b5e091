@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A pupil moving into a school (`转入`, `转回`) changes schools, as `转学` says; a call put through (`转过来`) does not.
@Suite struct SchoolTransferWordsTests {
    @Test func movingIntoASchoolIsATransfer() {
        #expect(AskingAgainTests.reading("孩子初二，想从外省转入这边的学校，要办哪些手续？").subMatters.contains("school.transfer"))
        #expect(AskingAgainTests.reading("高中学籍转入要什么材料，孩子在外地读高一").subMatters.contains("school.transfer"))
        #expect(!AskingAgainTests.reading("我在幼儿园门口被车撞了，110说转过来了，到现在没人联系").subMatters.contains("school.transfer"))
    }

    /// A caller's second question on changing schools repeats the first, which said it as moving in.
    @Test func theSecondQuestionRepeatsTheFirst() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911110246")
        try h.report("a", .phone, me, .consultation, "我想问下高中学籍转入，由外省转来读高二，要咩材料？", nil, at: StoreHarness.base)
        let again = try h.report("b", .phone, me, .consultation, "喂，啱啱问高中转学嘅，你俾我嗰个电话打唔通，仲有冇其他电话？", nil,
                                 at: StoreHarness.base + minutes(50))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
