@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A letter dates its earlier contact by counting back (`三天前咨询…`, `两周前来信反映的…`): a time before now, as
/// `上周` is.
@Suite struct CountedAgoTests {
    let t0 = StoreHarness.base

    @Test(arguments: ["三天前咨询公租房轮候的问题，尚未回复，请尽快答复。", "我于两周前来信反映的路灯问题，至今未修",
                      "1个月前留言问过的事，到现在没人回", "好几天前反映的噪音还在"])
    func aContactCountedBackCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    /// A time counted back that dates what happened, not a contact, cites nothing.
    @Test(arguments: ["三天前买的牛奶就过期了", "两周前开始楼下每天半夜施工"])
    func aHappeningCountedBackCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }

    /// The letter that says its question went unanswered repeats it, in whatever words.
    @Test func aLetterChasingItsQuestionRepeatsIt() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911119135")
        try h.report("a", .web, me, .consultation, "孩子8岁，想跟母亲姓，改名字需要父母双方都到场吗？要带什么？", nil, at: t0)
        let again = try h.report("b", .web, me, .consultation, "四天前咨询未成年人变更姓名的问题，尚未回复，请答复。", nil, at: t0 + days(4))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
