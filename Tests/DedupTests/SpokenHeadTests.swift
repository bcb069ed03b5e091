@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A spoken call opens with a greeting (`喂，`, `你好，`, `同志，`) before it says what it is about: the clause after the
/// greeting is the head a citation of the earlier question is read in.
@Suite struct SpokenHeadTests {
    let t0 = StoreHarness.base

    /// The matter named as known (`…那个，`, `…的事`) right after a greeting cites the earlier question.
    @Test(arguments: ["喂，上午问公租房申请那个，要不要社区盖章？", "喂，你好，刚才问暖气报停那个，报停费怎么算",
                      "同志，昨天问老年卡的事，办下来要多久？"])
    func aCitationAfterAGreetingCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    /// A label's colon is no greeting (`补充：` still supplements); a clause in which the caller says who he is
    /// (`还是我，`, `我还是…那个`) names him, not the matter; a greeting before a question announced on a field (`我再问一下
    /// 医保的事`) asks a new one.
    @Test func aGreetingIsNeitherALabelNorTheCallerNorAQuestionOfItsOwn() {
        #expect(EarlierContact.cited(subject: nil, text: "补充：车牌尾号是3071，在南门"))
        for text in ["你好，还是我，物流公司那个，现在老板把我辞了，工资也不给", "哎你好，我还是纺织厂宿舍那个，想问一下加装电梯的钱能不能提公积金",
                     "喂，我再问一下医保的事儿，住院起付线是多少"] {
            #expect(!EarlierContact.cited(subject: nil, text: text), "\(text)")
        }
    }

    /// A caller's second question, opened with a greeting and naming the first as known, repeats it though the two
    /// share hardly a word.
    @Test func aGreetedFollowUpQuestionRepeatsTheFirst() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911114680")
        try h.report("a", .phone, me, .consultation, "我家来了个外国朋友住几天，要不要去派出所登记？", nil, at: t0)
        let again = try h.report("b", .phone, me, .consultation, "喂，刚才问外国人住宿登记那个，网上能办不？", nil, at: t0 + minutes(20))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
