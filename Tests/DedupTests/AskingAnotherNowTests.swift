@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// More ways a caller says he asks another question now: in Cantonese (`今次唔係问…，係…`), `今天是想问`, and his first
/// matter settled before he asks again (`…办完了，谢谢。再问一下`).
@Suite struct AskingAnotherNowTests {
    let t0 = StoreHarness.base

    @Test(arguments: ["喂，又係我，今次唔係问社保卡，係想问下医保点样报销", "喂，我之前问过孩子医保的，今天是想问落户，户口随父还是随母",
                      "还是我，上回护照那个办完了，谢谢。再问一下，港澳通行证在哪办", "年检那个弄明白了，我再咨询一下驾驶证换证"])
    func aCallerAskingAnotherNowSaysSo(_ text: String) {
        #expect(EarlierContact.read(subject: nil, text: text).another)
    }

    /// The first matter not settled (`还没弄明白`), or settled without a question asked again, says no other question.
    @Test(arguments: ["年检那个还没弄明白，再问一下，六年内要不要上线", "上回护照那个办完了，谢谢你们"])
    func aMatterNotSettledOrNoQuestionAgainSaysNothingElse(_ text: String) {
        #expect(!EarlierContact.read(subject: nil, text: text).another)
    }

    /// A caller whose first question is settled and who asks again on another procedure of the department is no repeat,
    /// though the new question names the first one's matter.
    @Test func aQuestionAfterTheFirstIsSettledIsAnotherMatter() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911117913")
        try h.report("a", .phone, me, .consultation, "我的车今年该年检了，是不是六年以内免检？", nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation, "喂，还是我，年检那个弄明白了。我再问一下，驾驶证满分了，满分学习在哪儿考？",
                                 nil, at: t0 + days(3))
        #expect(other.status != .repeat)
    }
}
