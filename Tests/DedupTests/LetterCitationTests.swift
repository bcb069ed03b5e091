@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A letter cites its earlier letter by the day it was sent (`关于4月2日所询…一事`, `5月8日咨询…，请问是否已转`) or as the
/// letter before (`前信询问…`, `前次咨询…`), and says no answer has come in its words (`尚未收到回复`, `至今未获答复`): a
/// chase of that question. A date by or from which something is to be done (`6月30日前提交`, `7月1日起`) cites nothing.
@Suite struct LetterCitationTests {
    @Test(arguments: ["您好：关于4月2日所询公租房轮候一事，想了解目前进展。", "您好：5月8日咨询居住证签注事宜，请问是否已转派出所办理？",
                      "前信询问老旧小区加装电梯补助标准，烦请告知。", "前次咨询个体户注销流程，街道答复需先清税，请问清税在哪办理？"])
    func aDatedOrEarlierLetterCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    @Test(arguments: ["请问材料是否需在6月30日前提交至街道？", "听说7月1日起咨询电话要改号了，新号码是多少", "孩子3月5日出生，出生证明丢了怎么补"])
    func aDateOfWhatIsToBeDoneCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }

    @Test(arguments: ["加装电梯补助的申请，尚未收到回复，麻烦查一下", "残疾人两项补贴一事至今未获答复"])
    func noAnswerYetInALettersWordsAsksAfterOne(_ text: String) {
        #expect(MatterFeatures(text: text, requestType: .consultation, location: nil).refersToEarlier)
    }

    /// The letter dated before repeats the caller's one question, though it names the matter in other words.
    @Test func aLetterCitingTheDayOfItsQuestionRepeats() throws {
        let h = try StoreHarness()
        let me = Caller(email: "reader@example.com")
        let t0 = StoreHarness.base
        try h.report("a", .email, me, .consultation, "您好：我司拟聘用两名外籍工程师，请问外国人来华工作许可由哪个部门办理？需提交什么材料？", nil, at: t0)
        let again = try h.report("b", .email, me, .consultation, "您好：关于3月2日咨询外籍工程师工作许可一事，是否已有答复？烦请告知经办部门电话。",
                                 nil, at: t0 + days(6))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
