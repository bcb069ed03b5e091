import Dedup
import Foundation
import IntakeCore
import Testing

/// One caller's questions and complaints in the words of common 12345 matters: the same question asked again is a
/// repeat, another procedure of one office or a question the caller calls another is not.
@Suite struct ConsultationWordsTests {
    let t0 = StoreHarness.base

    /// The outcome of `b` after `a` by one caller; `b` of the type `then` when given, else of `type` as `a`.
    func pair(_ a: String, _ b: String, _ type: RequestType = .consultation, then: RequestType? = nil,
              after: TimeInterval = 5 * 3600) throws -> IntakeOutcome {
        let h = try StoreHarness()
        let caller = Caller(phone: "13600000901")
        try h.submit(Submission(channel: .phone, caller: caller, requestType: type, text: a), id: "q1", at: t0)
        return try h.submit(Submission(channel: .phone, caller: caller, requestType: then ?? type, text: b), id: "q2", at: t0 + after)
    }

    @Test func theSameQuestionInOtherWordsIsARepeat() throws {
        #expect(try pair("孩子明年小升初，学区怎么划，要准备什么材料？", "上午问过小升初的事，租房的能不能在这边报名？").status == .repeat)
        #expect(try pair("想问一下人才公寓怎么申请，要交多久社保？", "人才公寓的申请在哪个网站提交？今年还有房子吗？").status == .repeat)
        #expect(try pair("公司营业执照要变更经营范围，法人不在本地能委托吗？", "营业执照变更委托别人办，委托书要公证吗？").status == .repeat)
        #expect(try pair("隔壁在楼顶违建加盖了一层，天天敲，请城管来查。", "反映过的那个楼顶违建又加高了，怎么还没人管？", .report).status == .repeat)
    }

    /// Certifying each year that one still draws a pension and the yearly raise of it are two procedures of one
    /// office; the certification asked after again is one.
    @Test func aPensionsCertificationAndItsRaiseAreTwoQuestions() throws {
        #expect(try pair("退休养老金每年的认证在手机上怎么做？", "养老金今年调整了没有，什么时候打到卡上？").status != .repeat)
        #expect(try pair("退休养老金每年的认证在手机上怎么做？", "养老金认证我在手机上弄了，还是显示没通过").status == .repeat)
    }

    /// `上调` says the raise as `调整` does: a retiree who asked about the certification, then about this year's raise,
    /// and then asks after the raised pension (`养老金上调的钱`) asks after the raise, not the certification, though
    /// the certification was asked first.
    @Test func theRaiseSaidAsShangTiaoIsTheRaise() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13600000902")
        try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation, text: "退休养老金每年的认证在手机上怎么做？"),
                     id: "cert", at: t0)
        try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation, text: "另外想问一下，养老金今年调整了没有，差额怎么补？"),
                     id: "raise", at: t0 + 3600)
        let after = try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation, text: "养老金上调的差额到底几号能到卡上"),
                                 id: "after", at: t0 + 2 * 86400)
        #expect(after.status == .repeat && after.repeatOf == "raise")
    }

    /// A caller who says who they are (`我是退休的`, `退休职工`) asks no question on the pension by it.
    @Test func aRetireeSayingSoAsksNothingOfThePension() throws {
        let read = { (t: String) in MatterLexicon.read(normalized: MatchText.normalize(t)).subMatters }
        #expect(!read("我是退休职工，医保卡在外地能不能直接刷").contains("social.pension"))
        #expect(read("退休金这个月怎么少了两百").contains("social.pension"))
        #expect(try pair("我是退休的，跟儿子去外省住，医保异地备案去哪里办？", "养老金资格认证今年还要去社区做吗？").status != .repeat)
    }

    /// A text that opens with `还有` adds a matter to the caller's earlier one, even when it names the earlier one to
    /// compare (`跟低保一起办不`).
    @Test func aTextOpeningWithAlsoIsAnotherMatter() throws {
        #expect(MatterFeatures(text: "还有残疾人两项补贴，跟低保一起办不？", requestType: .consultation, location: nil).saysAnotherMatter)
        #expect(!MatterFeatures(text: "还是没人来，低保的事到底管不管", requestType: .consultation, location: nil).saysAnotherMatter)
        #expect(try pair("我家老人卧床好几年了，低保怎么申请？", "还有医疗救助，住院花了三万多，跟低保一起申请行不？").status != .repeat)
    }

    /// One caller's complaints about two cab rides are two matters; the same ride chased is one.
    @Test func anotherCabRideIsAnotherMatter() throws {
        let first = "火车站排队坐出租车，司机不打表，一口价要五十，太黑了"
        #expect(try pair(first, "机场打的回市区，的士师傅故意绕了一大圈，多花了三十", .complaint).status != .repeat)
        #expect(try pair(first, "上午说的出租车不打表那个，处理了没有", .complaint).status == .repeat)
    }

    @Test func anotherProcedureOrAnotherQuestionIsNoRepeat() throws {
        #expect(try pair("我母亲在外地跟我住，医保怎么办异地就医备案？", "我母亲有糖尿病，门诊慢特病怎么申请，能报销多少？").status != .repeat)
        #expect(try pair("孩子小升初按户口还是按房子划片？", "另外想问下，孩子小升初按房子划片的话要交什么材料？").status != .repeat)
        #expect(MatterFeatures(text: "另外想问下，公积金怎么提取", requestType: .consultation, location: nil).saysAnotherMatter)
    }

    @Test func aGarageOnThePavementIsItsOwnMatter() {
        let r = MatterLexicon.read(normalized: MatchText.normalize("楼下汽修店天天在人行道上修车"))
        #expect(r.subMatters.contains("parking.shopfront"))
    }

    /// A plate written whole, without the word 车牌 (`出租车粤B·D3721`), tells two cabs apart like one after 车牌.
    @Test func twoCabsByTheirWholePlatesAreTwoMatters() throws {
        #expect(MatterFeatures(text: "坐的出租车粤B·D3721司机拒载", requestType: .complaint, location: nil).plates == ["bd3721"])
        #expect(MatterFeatures(text: "新村那边的出租车站", requestType: .complaint, location: nil).plates.isEmpty)
        let second = try pair("上周五在火车站坐出租车粤B·D3721，司机不打表，要求处理。", "昨天在机场坐的出租车，车牌粤B·T6650，司机绕路多收钱，要求处理。",
                              .complaint, after: 4 * 86_400)
        #expect(second.status != .repeat)
    }
}

extension ConsultationWordsTests {
    /// What kind of 户口 one has (外地户口, 农村户口), said of who asks, names no 户口 matter: a question on school places
    /// by a caller who is 外地户口, then one on moving the child's 户口, are two questions.
    @Test func theKindOfHukouSaysWhoAsks() throws {
        let reading = MatterLexicon.read(normalized: MatchText.normalize("我们是外地户口，想问孩子积分入学的分数怎么算"))
        #expect(!reading.subMatters.contains("documents.hukou"))
        #expect(MatterLexicon.read(normalized: MatchText.normalize("孩子户口想迁到我这边，要带什么")).subMatters.contains("documents.hukou"))
        #expect(try pair("我们是外地户口，在这边租房，想问孩子积分入学的分数怎么算", "孩子户口想随迁到我这边，能不能落到集体户上").status != .repeat)
        #expect(try pair("我父母是外省户籍，来这边住，办居住证要住满多久", "孩子的户口想从老家迁过来，落户要什么材料").status != .repeat)
    }

    /// Where one's 户口 is (`户口在老家`, `户籍在江北区`), said of who asks, names no 户口 matter either: a daughter who
    /// asked how her mother applies for the old-age allowance, then asked about home care naming the allowance in
    /// passing, and then asks after the allowance's application, asks after the first question.
    @Test func whereTheHukouIsSaysWhoAsks() throws {
        let reading = MatterLexicon.read(normalized: MatchText.normalize("我母亲今年85岁，户籍在江北区，高龄津贴怎么申请？"))
        #expect(reading.primarySubMatter == "civil.elderly", "\(reading)")
        #expect(MatterLexicon.read(normalized: MatchText.normalize("孩子的户口在哪里上，要带什么")).subMatters.contains("documents.hukou"))
        let h = try StoreHarness()
        let me = Caller(phone: "13600000903")
        try h.submit(Submission(channel: .email, caller: me, requestType: .consultation, text: "我母亲今年85岁，户籍在江北区，高龄津贴怎么申请？"),
                     id: "allowance", at: t0)
        try h.submit(Submission(channel: .email, caller: me, requestType: .consultation,
                                text: "另外，母亲一个人住，居家养老的上门助餐怎么申请？跟高龄津贴在一个地方办吗？"), id: "care", at: t0 + minutes(1))
        let chase = try h.submit(Submission(channel: .email, caller: me, requestType: .consultation,
                                            text: "我母亲高龄津贴申请的事，上周已来信询问，请问有结果了吗？"), id: "chase", at: t0 + days(5))
        #expect(chase.repeatOf == "allowance")
    }

    /// One caller's two questions of one field (the catchment school for the house, then the papers for a place by
    /// points): a later chase whose words are clearly the second's (`积分入学的材料`) asks after the second, though both
    /// are about school places and the first was asked first.
    @Test func aChaseInTheWordsOfTheLaterQuestionIsThatOnes() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13600000904")
        try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation,
                                text: "孩子明年上小学，我们房子在青松苑，对口的学校是哪个，入学按房产还是按户口？"), id: "catchment", at: t0)
        try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation,
                                text: "再问一个，孩子爸爸在这边交社保三年，随迁子女积分入学要准备哪些材料？"), id: "points", at: t0 + days(1))
        let chase = try h.submit(Submission(channel: .phone, caller: me, requestType: .consultation,
                                            text: "积分入学要交的材料那个问题，怎么还没回复？"), id: "chase", at: t0 + days(3))
        #expect(chase.repeatOf == "points")
    }

    /// One more question or matter said in other common words (`还有个问题`, `再咨询一个问题`, `另外一件事`, `我再反映个事`)
    /// is another matter of the same field, not the first asked again.
    @Test func oneMoreQuestionInOtherWordsIsAnotherMatter() throws {
        #expect(try pair("社保卡丢了，在哪里补办？", "还有个问题，社保卡里的钱能不能取出来给老人看病？").status != .repeat)
        #expect(try pair("社保卡丢了，在哪里补办？", "再咨询一个问题：社保卡里的钱能不能取出来给老人看病？").status != .repeat)
        #expect(try pair("小区门口的路灯坏了一个星期了", "另外一件事，小区门口那段路灯杆子被车撞歪了，快倒了", .report).status != .repeat)
        #expect(try pair("社保卡丢了，在哪里补办？", "社保卡补办要带什么？户口本要不要？").status == .repeat)
    }
}

extension ConsultationWordsTests {
    /// A caller who asked for something at a place and later thanks someone there makes two matters: the thanks are
    /// no repeat of the request, however close the field.
    @Test func thanksAndARequestAreTwoMatters() throws {
        #expect(try pair("建议幸福里社区老年食堂周末也开门，老人周末没地方吃饭", "感谢幸福里社区老年食堂的李阿姨，我母亲在食堂摔倒，她马上扶起来送去了社区医院",
                         .suggestion, then: .praise, after: 2 * 86400).status != .repeat)
    }
}

extension ConsultationWordsTests {
    /// Moving a household register (`迁到`, `迁入`, `落户`) and replacing a lost booklet are two procedures of the
    /// hukou office: two questions. The move asked after again is one.
    @Test func movingAHukouAndReplacingItsBookletAreTwoQuestions() throws {
        #expect(try pair("我妈的户口想从乡下迁到城里我这边，要满足什么条件", "户口本找不到了，丢了要怎么补一本，要户主去吗").status != .repeat)
        #expect(try pair("我妈的户口想从乡下迁到城里我这边，要满足什么条件", "户口迁入城里是不是一定要房产证，租房的行不行").status == .repeat)
    }
}

extension ConsultationWordsTests {
    /// Where one's 户口 still is (`户口还在老家`, `户籍仍在外省`), said of who asks, names no 户口 matter: moving one's own
    /// household here, then a spouse's residence permit (her 户口 still elsewhere), are two questions.
    @Test func whereTheHukouStillIsSaysWhoAsks() throws {
        let reading = MatterLexicon.read(normalized: MatchText.normalize("我爱人户口还在老家，想在这边办居住证，要什么材料"))
        #expect(!reading.subMatters.contains("documents.hukou"), "\(reading)")
        #expect(try pair("在这边买了房，户口想从老家迁过来，要带什么材料", "我爱人户口还在老家，她想在这边先办居住证，要住满多久").status != .repeat)
    }
}
