@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Questions a caller asks again in other words, about matters the lexicon named no sub-matter of (retiring, the
/// veteran's card, disaster relief, having the gas connected, the elderly's bus pass): both wordings read as one
/// sub-matter, so the second is the first asked again.
@Suite struct QuestionWordsTests {
    static func subMatters(_ text: String) -> Set<String> {
        MatterFeatures(text: text, requestType: .consultation, location: nil).subMatters
    }

    @Test(arguments: [
        ("我下个月满六十了，想问下办退休要准备啥材料", "还是问退休手续的事，原来单位没了怎么办理", "social.retirement"),
        ("退役军人优待证在哪里申请", "优待证镇上能不能办？", "civil.veteran-card"),
        ("房子被洪水冲坏了，政府有没有救灾补助", "受灾补贴的事，村里说等镇上通知", "civil.relief"),
        ("新房想开通天然气，要找哪个部门", "开通燃气要不要预约？", "gas.connect"),
        ("老年卡在哪里办", "老年人免费乘车卡要带什么材料", "bus.elder-card"),
    ])
    func bothWordingsReadOneSubMatter(_ first: String, _ again: String, _ subMatter: String) {
        #expect(Self.subMatters(first).contains(subMatter))
        #expect(Self.subMatters(again).contains(subMatter))
    }

    /// 老年卡 is the elderly's pass, not the prepaid 年卡 inside it.
    @Test func theElderlysPassIsNoPrepaidCard() {
        #expect(!Self.subMatters("老年卡在哪里办").contains("consumer.prepaid"))
    }
}
