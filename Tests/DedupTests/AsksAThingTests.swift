@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// `问个事`, `问一个事`, `问件事` announce a thing the caller has not named yet: a matter of his own, however he says he
/// comes again (`我又来问个事`). Not when he names the earlier matter as known (`…就是公租房那个`) or dates his asking
/// (`前天问过的`): then it is that one.
@Suite struct AsksAThingTests {
    @Test(arguments: ["喂，我又来问个事，我家老人的高龄津贴多久发一次？", "你好，问件事情，小区门口的快递柜收费合理吗",
                      "我再来问一个事儿：孩子的医保在哪里交"])
    func aThingNotNamedIsAnother(_ text: String) {
        let r = EarlierContact.read(subject: nil, text: text)
        #expect(r.another && !r.cites)
    }

    @Test(arguments: ["问个事哈，就是公租房那个，我想晓得轮到哪了", "喂，问个事，前天问过的护照加急，到底要几天"])
    func aThingNamedAsKnownOrDatedIsNotAnother(_ text: String) {
        #expect(!EarlierContact.read(subject: nil, text: text).another)
    }

    @Test func aThingDatedCites() {
        #expect(EarlierContact.cited(subject: nil, text: "喂，问个事，前天问过的护照加急，到底要几天"))
    }

    /// After a question on the maternity allowance, `又来问个事` on the newborn's insurance is another question.
    @Test func comingAgainToAskAThingIsNoRepeat() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911119411")
        let t0 = StoreHarness.base
        try h.report("a", .phone, me, .consultation, "你好，我爱人快生了，单位给她交了生育保险，生育津贴找哪里领？", nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation, "喂，我又来问个事，宝宝出生以后上医保要准备什么？", nil, at: t0 + days(4))
        #expect(other.status != .repeat)
    }
}
