@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Ways a caller names the question he asked before: in Cantonese words (`嗰个`, `啱啱…嘅`, `琴晚`), as the question
/// asked then (`上次问…的，`), as a question added (`补充问一下：`), a week back (`上个礼拜`).
@Suite struct CantoneseCitationTests {
    let t0 = StoreHarness.base

    @Test(arguments: ["喂，唔该，电单车上牌嗰个，冇发票点算？", "喂，我啱啱问防风安置点嘅，冇人打返俾我",
                      "我琴晚投诉隔篱装修嘅，今日仲係咁嘈", "上次问阶梯电价人口多的，供电所说要户口本",
                      "刚才问了公租房轮候的，排到第几号能查吗", "补充问一下：房东不肯出租赁证明，还能办吗",
                      "我上个礼拜问过补办护照，到现在没消息"])
    func aCitationInTheseWordsCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    /// A question asked of someone else (`问了一下社区，`) names no earlier question; nor does a Cantonese question of its
    /// own.
    @Test(arguments: ["刚才问了一下社区，说不归他们管", "喂，我想问下嗰度嘅公交几点收车"])
    func aQuestionOfItsOwnCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }

    /// A Cantonese caller's second question on his first one repeats it though the lexicon reads no sub-matter in it.
    @Test func aCantoneseFollowUpQuestionRepeatsTheFirst() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911115791")
        try h.report("a", .phone, me, .consultation, "喂，台风嚟喇，我哋铺头想攞啲沙包，边度有得领？", nil, at: t0)
        let again = try h.report("b", .phone, me, .consultation, "喂，唔该，沙包嗰个，居委话派晒喇，仲有边度有？", nil, at: t0 + minutes(30))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
