@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// One caller's second question in the field of the first: a repeat when it asks the same thing again, another
/// matter when it asks another thing, however it refers to the first call.
@Suite struct AnotherQuestionTests {
    let t0 = StoreHarness.base

    /// A caller who names his first question as known (`医保卡的事`) and then asks for another procedure, naming what
    /// the first did not (the yearly contribution after a lost card), asks another question; asking after the card
    /// again is a repeat of the first.
    @Test func citingTheFirstQuestionAndAskingAnotherProcedureIsAnotherMatter() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911112468")
        try h.report("a", .phone, me, .consultation, "我的医保卡在菜市场弄丢了，补办要去哪个窗口", nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation, "早上问过医保卡的事，再请教一下，灵活就业的医保缴费一年交多少",
                                 nil, at: t0 + hours(4))
        #expect(other.status != .repeat)
        let again = try h.report("c", .phone, me, .consultation, "早上问过医保卡的事，窗口说要带户口本，身份证行不行", nil,
                                 at: t0 + hours(5))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }

    /// The comparison says it: the new report asks for another procedure and names a sub-matter the earlier does not;
    /// the same procedure, or no sub-matter beyond the earlier's, is not that.
    @Test func anotherProcedureNeedsSomethingTheEarlierDidNotName() {
        func cmp(_ a: String, _ b: String) -> MatterComparison {
            MatterComparison(MatterFeatures(text: a, requestType: .consultation, location: nil),
                             MatterFeatures(text: b, requestType: .consultation, location: nil), nearMeters: 300, farMeters: 1500)
        }
        #expect(cmp("医保缴费一年交多少，医保卡的事", "医保卡丢了补办去哪里").asksAnotherProcedure)
        #expect(!cmp("医保卡补办要带户口本吗", "医保卡丢了补办去哪里").asksAnotherProcedure)
    }
}

/// A question naming its matter as known (`…的事，我再问一下`) after a question on another sub-matter of the field.
@Suite struct AnotherQuestionNamedTests {
    let t0 = StoreHarness.base
    let first = "孩子下学期想从乡下转学到城里，转学要办哪些手续"

    /// `学籍的事` after a question on changing schools names the school record: another question. Saying the earlier
    /// went unanswered (`前天问过…还没回话`) chases the earlier one, whatever sub-matter its words are read as.
    @Test func aQuestionNamingAnotherSubMatterAsKnownIsAnotherMatter() throws {
        let me = Caller(phone: "13911113579")
        let h = try StoreHarness()
        try h.report("a", .phone, me, .consultation, first, nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation, "学籍的事我再问一下，孩子的学籍号在哪里能查到", nil, at: t0 + hours(3))
        #expect(other.status != .repeat)
        let h2 = try StoreHarness()
        try h2.report("a", .phone, me, .consultation, first, nil, at: t0)
        let chase = try h2.report("b", .phone, me, .consultation, "孩子学籍那个事，前天问过，学校到现在还没回话", nil, at: t0 + hours(3))
        #expect(chase.status == .repeat && chase.repeatOf == "a")
    }
}
