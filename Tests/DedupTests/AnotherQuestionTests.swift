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

    /// One caller's `first` report, then in a store of its own each: `another` 20 hours later, no repeat, and `same`
    /// 20 hours later, a repeat of the first.
    static func expectAnotherThenSame(_ first: String, _ type: RequestType, another: String, same: String) throws {
        for (text, repeats) in [(another, false), (same, true)] {
            #expect(try StoreHarness.repeats(first, then: text, type, apart: hours(20)) == repeats, "\(text)")
        }
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
    let first = "孩子下学期想从乡下转学到城里，转学要办哪些手续"

    /// `学籍的事` after a question on changing schools names the school record: another question. Saying the earlier
    /// went unanswered (`前天问过…还没回话`) chases the earlier one, whatever sub-matter its words are read as.
    @Test func aQuestionNamingAnotherSubMatterAsKnownIsAnotherMatter() throws {
        try AnotherQuestionTests.expectAnotherThenSame(first, .consultation, another: "学籍的事我再问一下，孩子的学籍号在哪里能查到",
                                                       same: "孩子学籍那个事，前天问过，学校到现在还没回话")
    }
}

/// One caller's second problem at the place of his first (`DedupRules.anotherMatterAtThePlace`).
@Suite struct AnotherProblemAtThePlaceTests {
    let first = "锦华苑小区里电动车乱停，把消防通道堵了，物业也不管"

    /// A report of something the lexicon does not read, sharing with the caller's earlier report only the estate's
    /// name, is another problem there; the same caller saying the cars still block the lane repeats the first.
    @Test func aSecondProblemAtOnePlaceIsAnotherMatter() throws {
        try AnotherQuestionTests.expectAnotherThenSame(first, .complaint, another: "锦华苑小区大堂玻璃门坏了，关不上",
                                                       same: "锦华苑小区那些车照样堵着通道")
    }

    /// Two reports that open alike (`举报…`) share those words whatever each is about: beside them and the street, a
    /// noodle shop's tables on the pavement share nothing with its slops poured down the drain.
    @Test func wordsOfTheContactSayNothingOfTheMatter() throws {
        try AnotherQuestionTests.expectAnotherThenSame("举报建设路一家面馆把剩菜剩饭倒进路边雨水口", .report,
                                                       another: "举报建设路12号面馆在门口人行道上摆桌子占道经营",
                                                       same: "举报建设路那家面馆还往雨水口倒剩菜")
    }

    /// Words that say the matter goes on or comes again, read in one pass.
    @Test func wordsThatSayTheMatterGoesOn() {
        for text in ["又堵上了", "车还在", "仍未清理", "依旧没人管", "到现在没修", "一直这样", "连续三天"] {
            #expect(DedupRules.tellsItGoesOn(MatchText.normalize(text)), "\(text)")
        }
        for text in ["大堂玻璃门关不上", "地下车库的灯不亮", "路面有个坑"] {
            #expect(!DedupRules.tellsItGoesOn(MatchText.normalize(text)), "\(text)")
        }
    }

    /// Counted contacts with `过` (`打过两次`, `发过三回短信`) cite the earlier contact.
    @Test func aContactCountedWithGuoCites() {
        #expect(EarlierContact.cited(subject: nil, text: "这事我已经打过两次电话了，车还在"))
        #expect(EarlierContact.cited(subject: nil, text: "短信发过三回了，没人理"))
        #expect(!EarlierContact.cited(subject: nil, text: "楼下两次停电，电表坏了"))
    }
}

/// One caller who says the thing is so somewhere too (`DedupRules.tooWithoutFollowing`).
@Suite struct SoTooTests {
    /// `路灯也不亮` after the caller's own street light tells of another lamp out, however one the field; the same
    /// lamp chased (`还是不亮`) repeats the first, and a neighbour's flat dark too (`邻居家也没电`) is the same cut.
    @Test func theThingSoTooIsAnotherOccurrence() throws {
        try AnotherQuestionTests.expectAnotherThenSame("我家门口的路灯坏了，晚上很黑", .help,
                                                       another: "菜市场后门那几盏路灯也不亮，早上去买菜看不清路",
                                                       same: "我家门口路灯还是不亮，晚上出门摸黑")
        try AnotherQuestionTests.expectAnotherThenSame("我家停电了，电表那里也没显示", .help,
                                                       another: "我妈住的那栋楼也停电了，她一个人在家",
                                                       same: "停电一晚上了，邻居家也没电")
    }
}

/// A citing report that adds a matter of its own (`DedupRules.namesItsOwnMatter`).
@Suite struct OwnMatterAddedTests {
    /// `补充一下：…拖欠…工钱` after a question on the summer allowance names wages owed, sharing not a word with the
    /// question: another matter. A supplement in the question's words repeats it.
    @Test func aSupplementNamingItsOwnMatterIsAnotherMatter() throws {
        try AnotherQuestionTests.expectAnotherThenSame("请问夏天有没有防暑降温费，标准是多少", .consultation,
                                                       another: "补充一下：老板还拖欠我三个月工钱",
                                                       same: "补充一下：防暑降温费我们单位今年一直没发")
    }
}

/// Straw burnt is smoke; straw alone is farming (`MatterLexicon`, pollution.odour).
@Suite struct StrawTests {
    @Test func strawIsSmokeOnlyWhenBurnt() {
        func odour(_ text: String) -> Bool {
            MatterLexicon.read(normalized: MatchText.normalize(text)).subMatters.contains("pollution.odour")
        }
        #expect(odour("村东头有人烧秸秆，浓烟呛人"))
        #expect(odour("麦地里秸秆焚烧，烟飘到公路上"))
        #expect(odour("河边有人焚烧玉米秸秆"))
        #expect(!odour("秸秆还田每亩补多少钱，找谁申请"))
        #expect(!odour("收秸秆的厂子在哪，打捆的秸秆能卖吗"))
    }
}
