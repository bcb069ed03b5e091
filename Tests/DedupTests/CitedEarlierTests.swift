@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A second contact that says in so many words it follows an earlier one (`EarlierContact`), and the caller's matter
/// it then repeats (`DedupRules.citedMatch`). Each case in words of its own.
@Suite struct CitedEarlierTests {
    let t0 = StoreHarness.base

    /// The six shapes of a citing report: a past time then a contact, a contact counted, a contact again, a supplement,
    /// the matter named with `那个`, the matter named with `的事` at the head.
    @Test(arguments: ["前天下午说的那条裂缝呢", "之前12345转过来的噪音投诉，到今天也没下文", "燃气表的事已经反映三次了",
                      "问了两回了，窗口还是说等通知", "再次反映：小区东门的路灯", "门禁卡补办再问一下，押金退不退",
                      "补充一下：店名叫老王烧烤", "主题：补充材料 附件是照片", "停车位那个事，物业说管不了",
                      "电动车充电桩那个，还是没人修", "昨天说的那个", "宠物医院的事，到现在没人联系我",
                      "投诉三天了，油烟还是那么大", "反映了快一周了没人管", "上周说的那个漏水，到现在还没修好"])
    func aSecondContactCitesTheFirst(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    /// First reports say none of it, though they may say a thing goes on (`还在`), happens again (`又`), was told
    /// to someone else (`昨天打电话给物业`), or ask one question more (`再问一下，…`); and a caller who turns to
    /// another matter (`这次`, `还有…`, `再提一个`) cites nothing.
    @Test(arguments: ["楼下工地晚上十一点了还在打桩", "又停电了，这个月第三次", "昨天打电话给物业，没人接", "再问一下，护照过期了怎么换",
                      "我想反映一下小区停车的事，车位太少", "这次是另一个事，上周反映的修好了", "还有我爸那边，老厂宿舍那个，水管也漏",
                      "再提一个公交线路的问题", "我想问慢性病，高血压那个，怎么申请", "来电人反映小区停水3天了",
                      "补充医疗保险怎么报销", "问一下那个，社保卡丢了怎么补", "今天上午来电人反映小区停水", "昨天居民反映小区停水",
                      "上次反映的路灯修好了，现在小区门口又有人摆摊", "前天说的漏水已经解决了，想问下物业费怎么交"])
    func aFirstReportCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }

    /// A caller who says the earlier matter is over in plain words (`现在没事了`: the person is well, the trouble has
    /// passed) and then asks something else cites it only to set it aside: no cite, so no repeat of it.
    @Test(arguments: ["上次反映楼道那个漏电的，现在没事了，想问下电动车在哪里上牌", "前两天说的那只走失的狗，已经没事了，我想咨询一下养犬证"])
    func aCallerWhoSaysTheEarlierMatterIsOverCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }

    /// A contact someone else made (`班主任打电话说`, `商户投诉`, `小孩多次反映`), or one made to someone else
    /// (`跟物业反映过`, `向居委会投诉`), is not the caller's own to the hotline: it cites nothing. The caller named as a
    /// call summary names them, or a contact to the hotline by its name, still cites.
    @Test func onlyTheCallersOwnContactToTheHotlineCites() {
        for text in ["前天班主任打电话说孩子在学校被撞了，门卫根本不管", "隔壁商户投诉好几次了，烧烤油烟还是没人管",
                     "小孩多次反映校车超载，一辆车挤了二十多个", "之前跟物业反映过，电梯还是停在三楼不动",
                     "上个月向居委会投诉了两次，楼道堆满纸箱", "楼下邻居上周反映过，路口井盖松了", "网格员再次反映：河边有人倒建筑垃圾"] {
            #expect(!EarlierContact.cited(subject: nil, text: text), "\(text)")
        }
        for text in ["来电人再次来电：菜市场门口的积水还没抽", "我之前跟你们反映过，电梯还是停在三楼不动", "上次给12345打过电话，井盖还是松的",
                     "报警人上午反映过河边倒垃圾的事"] {
            #expect(EarlierContact.cited(subject: nil, text: text), "\(text)")
        }
    }

    /// A caller with one matter who cites a contact but names another matter of their own, with no word and no place
    /// in common with the first, starts a new one; the same caller chasing the first in other words still repeats it.
    @Test func aCitingReportThatNamesAnotherMatterIsNew() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911113333")
        try h.report("a", .phone, me, .consultation, "问一下养老金调整今年什么时候发到卡上", nil, at: t0)
        let other = try h.report("b", .phone, me, .complaint, "上周打过电话，小区东门的井盖被人偷了，晚上很危险", nil, at: t0 + days(2))
        #expect(other.status != .repeat)
        let chase = try h.report("c", .phone, me, .consultation, "上周问的养老金，到现在卡上还没到账", nil, at: t0 + days(3))
        #expect(chase.status == .repeat && chase.repeatOf == "a")
    }

    /// A short report without a matter or a chasing word of its own that says the thing goes on or happens again
    /// (`又在弄`, `还关在`, `还漏`) follows up the caller's one open matter; `还` ending a word (`返还`), `还有` and a
    /// question are no such thing.
    @Test func aShortReportThatItGoesOnFollowsUp() throws {
        #expect(AskingAgainTests.reading("楼上又在弄了", .complaint).isFollowUp)
        #expect(AskingAgainTests.reading("孩子还关在里头", .help).isFollowUp)
        #expect(AskingAgainTests.reading("屋顶还漏，盆都满了", .help).isFollowUp)
        #expect(!AskingAgainTests.reading("保证金返还今年有吗", .complaint).isFollowUp)
        #expect(!AskingAgainTests.reading("楼下还有人吗", .complaint).isFollowUp)
        #expect(!AskingAgainTests.reading("又要交钱吗", .complaint).isFollowUp)
        #expect(!AskingAgainTests.reading("补贴还发吗", .consultation).isFollowUp)
        let h = try StoreHarness()
        let me = Caller(phone: "13911117777")
        try h.report("a", .phone, me, .complaint, "翠湖苑3栋1102装修，每天早上七点就开始电钻", nil, at: t0)
        let again = try h.report("b", .phone, me, .complaint, "楼上又在弄了", nil, at: t0 + hours(26))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }

    /// `广场舞` is a dance, not a square: a caller's short repeat about it names no place of its own, and so no other
    /// place than the dance's estate.
    @Test func aSquareDanceIsNoSquare() {
        #expect(!PlaceNames.mentions(inNormalized: MatchText.normalize("楼下广场舞又放到十点了")).contains("楼下广场"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("人民广场门口有人摆摊")).contains("人民广场"))
    }

    /// The subject of a mail counts: `补充说明` there marks the letter as a supplement.
    @Test func aSupplementInTheSubjectCites() {
        #expect(EarlierContact.cited(subject: "补充说明：装修噪音", text: "附件是录音。"))
        #expect(!EarlierContact.cited(subject: "装修噪音", text: "附件是录音。"))
    }

    /// Features rebuilt from a stored ticket's match text do not have the flag (the words it reads are gone there).
    @Test func storedFeaturesDoNotCite() {
        let sent = MatterFeatures(text: "停车位那个事，物业说管不了", requestType: .complaint, location: nil)
        let stored = MatterFeatures(matchText: sent.matchText, topics: sent.topics, requestType: .complaint, point: nil, address: nil,
                                    place: nil)
        #expect(sent.citesEarlier && !stored.citesEarlier)
    }

    /// The caller's one matter, chased in other words the lexicon reads as another sub-matter (seepage from upstairs /
    /// a leak): a repeat.
    @Test func aCitingChaseRepeatsTheCallersOneMatter() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911112222")
        try h.report("a", .phone, me, .help, "金桂苑5栋2单元楼上卫生间往下渗水，天花板泡软了，楼上没人", nil, at: t0)
        let chase = try h.report("b", .phone, me, .complaint, "上周说的那个漏水，物业说联系不上业主，一直没人来", nil, at: t0 + days(3))
        #expect(chase.status == .repeat && chase.repeatOf == "a")
    }

    /// Another building than the caller's one matter is another matter, however the report cites an earlier contact.
    @Test func aCitingChaseAtAnotherBuildingIsNoRepeat() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911113333")
        try h.report("a", .phone, me, .help, "金桂苑5栋2单元楼上卫生间往下渗水，天花板泡软了", nil, at: t0)
        let chase = try h.report("b", .phone, me, .complaint, "上周说的那个漏水，金桂苑7栋也开始渗了", nil, at: t0 + days(3))
        #expect(chase.status != .repeat)
    }

    /// Of the caller's two matters, the one whose words the citing report shares: the admission letter, not the
    /// application form asked about before.
    @Test func ofTwoMattersTheOneItsWordsShare() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911114444")
        try h.report("a", .phone, me, .consultation, "孩子中考志愿怎么填报，几号截止", nil, at: t0)
        try h.report("b", .phone, me, .help, "高中录取通知书一直没收到，快递单号查不到", nil, at: t0 + hours(5))
        let chase = try h.report("c", .phone, me, .complaint, "录取通知书那个事，学校说早寄了，邮局说没有", nil, at: t0 + hours(9))
        #expect(chase.status == .repeat && chase.repeatOf == "b")
    }

    /// Of two matters whose words the report shares about as much (or neither), none: a wrong link is worse than a
    /// missed one.
    @Test func ofTwoMattersNoneWhenItsWordsDoNotTell() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911115555")
        try h.report("a", .phone, me, .consultation, "灵活就业的养老保险一个月交多少", nil, at: t0)
        try h.report("b", .phone, me, .consultation, "医保异地备案在手机上能办吗", nil, at: t0 + hours(2))
        let chase = try h.report("c", .phone, me, .complaint, "上周问的还没人回我", nil, at: t0 + days(4))
        #expect(chase.status != .repeat)
    }

    /// A bare follow-up of a caller with two open matters repeats the one whose words it clearly shares (the
    /// admission letter, not the application form); one that shares the words of neither links to none.
    @Test func aFollowUpOfTwoMattersRepeatsTheOneItsWordsShare() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911118888")
        try h.report("a", .phone, me, .help, "孩子的录取通知书一直没收到，快递单号查不到", nil, at: t0)
        try h.report("b", .phone, me, .consultation, "中考志愿什么时候开始填报，填几个", nil, at: t0 + hours(1))
        let letter = try h.report("c", .phone, me, .complaint, "通知书到现在还没找着", nil, at: t0 + hours(6))
        #expect(letter.status == .repeat && letter.repeatOf == "a")
        let bare = try h.report("d", .phone, me, .complaint, "怎么还没消息", nil, at: t0 + hours(8))
        #expect(bare.status != .repeat)
    }

    /// The caller's one matter, closed: the citing report is a new ticket (the closed case is not reopened by a link).
    @Test func aClosedMatterTakesNoCitingChase() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911116666")
        try h.report("a", .phone, me, .help, "金桂苑5栋楼上卫生间往下渗水，天花板泡软了", nil, at: t0)
        try h.setStatus("a", "closed")
        let chase = try h.report("b", .phone, me, .complaint, "上周说的那个漏水，物业说联系不上业主", nil, at: t0 + days(3))
        #expect(chase.status != .repeat)
    }
}

extension CitedEarlierTests {
    /// One caller's burst pipe and then the flooded basement at one building are one matter going on (sub-matters of
    /// one happening, `MatterLexicon.oneFamily`); the water bill there is another.
    @Test func facesOfOneHappeningAreOneCallersOneMatter() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911119999")
        let building = Location(address: "金桂苑2栋", lat: nil, lng: nil, crs: nil)
        try h.report("a", .phone, me, .help, "金桂苑2栋楼道里的自来水管爆裂了，水喷得到处都是", building, at: t0)
        let flooded = try h.report("b", .sms, me, .help, "金桂苑2栋一楼已经进水了，车库也淹了，赶紧来人", nil, at: t0 + hours(2))
        #expect(flooded.status == .repeat && flooded.repeatOf == "a")
        let bill = try h.report("c", .phone, me, .complaint, "金桂苑2栋这个月水费怎么收了三百多", nil, at: t0 + hours(5))
        #expect(bill.status != .repeat)
    }
}

extension CitedEarlierTests {
    /// A caller who names what they reported before and then asks another question now (`今天想问一下`, `现在想咨询`,
    /// `另外想问一下`, `这次问下`) turns to another matter: read in the text as sent, where `问一下` still stands (the
    /// match text drops it as a filler). `现在问题…` asks nothing, and `还想问` may ask more of the same matter.
    @Test func askingAnotherQuestionNowTurnsToAnotherMatter() {
        for text in ["之前打过电话说过小区停车，今天想问一下居住证怎么续签", "上周反映过路灯，现在想咨询一下燃气改造的补贴",
                     "前天报过楼道漏水那个，另外想问一下物业费能不能缓交", "早上问过公积金的，这次问下医保转移要带什么"] {
            let f = MatterFeatures(text: text, requestType: .consultation, location: nil)
            #expect(f.saysAnotherMatter && !f.refersToEarlier && !f.citesEarlier, "\(text)")
        }
        for text in ["上周反映的井盖，现在问题还没解决", "电梯那个事，到现在还没人来修", "租房提公积金那个还想问一下，押金条算不算",
                     "上周反映过路灯，现在想问一下进度", "前天报过水管漏水，今天想问下什么时候来修"] {
            #expect(!EarlierContact.read(subject: nil, text: text).another, "\(text)")
        }
    }

    /// The caller's one open matter, then a contact that names it as what was reported before and asks about
    /// something else now: a new ticket, not a repeat of the one matter it names.
    @Test func aCitedMatterThenAnotherQuestionIsNoRepeat() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911117777")
        try h.report("a", .phone, me, .help, "我们村口那棵老槐树被风刮断了，压在电线上", nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation,
                                 "之前打过村口大树压电线那个，现在想问一下，家里的房子被砸了有没有救灾补助", nil, at: t0 + days(1))
        #expect(other.status != .repeat)
        let chase = try h.report("c", .phone, me, .complaint, "之前打过村口大树压电线那个，到现在还没人来", nil, at: t0 + days(1) + hours(1))
        #expect(chase.status == .repeat && chase.repeatOf == "a")
    }
}

extension CitedEarlierTests {
    /// `不是…的事` says the matter named is not what the caller calls about now (`这回不是停车的事，是…`); someone saying
    /// it is not their business (`物业说不是他们的事`) says nothing of the kind.
    @Test func notThatMatterTurnsToAnother() throws {
        #expect(EarlierContact.read(subject: nil, text: "这回不是停车的事，是我爸住的老厂宿舍，楼道灯坏了").another)
        #expect(EarlierContact.read(subject: nil, text: "还是公积金的，不过不是提取的事，想问贷款额度").another)
        #expect(!EarlierContact.read(subject: nil, text: "楼上漏水到我家，前天反映过，物业说不是他们的事").another)
        #expect(!EarlierContact.read(subject: nil, text: "楼上漏水到我家，楼上说不是漏水的事，是我家墙返潮").another)
        #expect(!EarlierContact.read(subject: nil, text: "还是没水，一开阀门就漏，是不是总管的事？").another)
        let h = try StoreHarness()
        let me = Caller(phone: "13911118888")
        try h.report("a", .phone, me, .complaint, "锦苑小区门口的烧烤摊每天油烟熏到我家窗户", nil, at: t0)
        let other = try h.report("b", .phone, me, .help, "这回不是烧烤的事，是我妈住的桃源村，村口的路灯坏了", nil, at: t0 + days(2))
        #expect(other.status != .repeat)
    }
}

extension CitedEarlierTests {
    /// A text that opens with `另外` adds a matter, as one opening with `还有` does: the same caller's same kind of
    /// trouble somewhere else (`另外…我姐家门口的井盖也松了`) is another matter, not a repeat of the first.
    @Test func besidesAtTheHeadIsAnotherMatter() throws {
        let f = MatterFeatures(text: "另外，青石村我姐家门口的井盖也松了，踩上去直晃", requestType: .help, location: nil)
        #expect(f.saysAnotherMatter && !f.refersToEarlier)
        #expect(!MatterFeatures(text: "井盖另外一边也松了", requestType: .help, location: nil).saysAnotherMatter)
        let h = try StoreHarness()
        let me = Caller(phone: "13911115555")
        try h.report("a", .sms, me, .help, "幸福里小区北门的井盖松了，车一过就响", nil, at: t0)
        let other = try h.report("b", .sms, me, .help, "另外，青石村我姐家门口的井盖也松了，踩上去直晃", nil, at: t0 + hours(20))
        #expect(other.status != .repeat)
    }
}

extension CitedEarlierTests {
    /// Two of a caller's open matters share a field (low pressure at the tap, then a meter cracked by frost: both no
    /// water): a later report whose words are clearly the second's repeats the second, not the earliest.
    @Test func ofTwoOpenMattersTheOneItsWordsName() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911114444")
        let flat = Location(address: "松林小区3号楼402", lat: nil, lng: nil, crs: nil)
        try h.report("a", .phone, me, .help, "松林小区3号楼402，这几天早上水压很低，水龙头没水，做饭都不够", flat, at: t0)
        try h.report("b", .phone, me, .help, "松林小区3号楼402，厨房水表冻裂了往外喷水，总阀关了，现在没水", flat, at: t0 + days(1))
        let chase = try h.report("c", .phone, me, .complaint, "水表冻裂那个，自来水公司说表要自己买，现在还是没水", nil, at: t0 + days(1) + hours(5))
        #expect(chase.status == .repeat && chase.repeatOf == "b")
    }
}

extension CitedEarlierTests {
    /// A caller who says in other common words that this contact is about something else: `这回` as `这次` (`这回问问…`,
    /// `这回是问…`), asking or reporting `个别的`, `不是X，是Y` (the matter named, then the one it is), `再问一个：`,
    /// `另有一事`. Each names the earlier matter or contact too, and is no repeat of it; a question that asks about the
    /// named matter, someone else saying `别的`, a correction of whose it is, and `是不是` stay as they were.
    @Test func otherWordsForTurningToAnotherMatter() throws {
        for text in ["上次问过医保卡的事，这回问问公积金提取要带什么", "之前问过残疾证，这回是问残疾人补贴怎么领",
                     "我前天打过路灯那个，现在问个别的，家里低保怎么续", "我再反映个别的，小区垃圾桶好久没人清",
                     "又是桂园小区那个，不是停车哈，是楼道里的灯坏了", "还是我，这回不是噪音，是想问物业费怎么交",
                     "再问一个：独生子女父母奖励去哪里领", "仍是锦江苑业主。另有一事：车位产权证一直办不下来"] {
            let f = MatterFeatures(text: text, requestType: .consultation, location: nil)
            #expect(f.saysAnotherMatter && !f.refersToEarlier, "\(text)")
        }
        for text in ["上次反映的路灯，这回又不亮了", "人家说别的小区都不收这个钱", "我想问别的医院能不能看", "还是没水，是不是总管坏了",
                     "不是我们家不热，是整栋楼都不热", "前天问的入学那个，再问一次：划片是哪个小学"] {
            #expect(!MatterFeatures(text: text, requestType: .consultation, location: nil).saysAnotherMatter, "\(text)")
        }
        let h = try StoreHarness()
        let me = Caller(phone: "13911116666")
        try h.report("a", .phone, me, .consultation, "我父亲七十多了，老年助餐卡在哪里办理", nil, at: t0)
        let other = try h.report("b", .phone, me, .consultation, "上回问过助餐卡，这回问问老人居家上门服务咋申请", nil, at: t0 + days(2))
        #expect(other.status != .repeat)
    }
}
