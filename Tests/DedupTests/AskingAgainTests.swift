@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Callers asking again and the matters they ask about, found missing on heldout5/heldout6 (each case in words of its
/// own).
@Suite struct AskingAgainTests {
    let t0 = StoreHarness.base
    static func reading(_ text: String, _ type: RequestType = .consultation) -> MatterFeatures {
        MatterFeatures(text: text, requestType: type, location: nil)
    }

    /// Words of a caller whose earlier question got no answer, or whose problem goes on as before.
    @Test(arguments: ["上周问的落户材料，等了三天没人回", "留言一直没答复", "昨晚工地照样干到两点"])
    func askingAgainRefersToTheEarlierContact(_ text: String) {
        #expect(Self.reading(text, .complaint).refersToEarlier)
    }

    /// `要求` before a place word is what the caller asks for, not part of a place's name.
    @Test func aRequestIsNoPlaceName() {
        #expect(!PlaceNames.mentions(inNormalized: MatchText.normalize("要求市场管理方处理")).contains("要求市场"))
    }

    /// Words for matters, each in a sentence of its own.
    @Test(arguments: [
        ("楼上住户又从窗户往下扔东西", "safety.throwing"), ("生育津贴什么时候能发到卡上", "social.maternity"),
        ("公司不让休产假", "wages.leave"), ("我爸九十岁了，高龄津贴怎么领", "civil.elderly"),
        ("今年的地力补贴怎么还没发", "agriculture.subsidy"), ("去外省住院，医保备案在哪办", "social.remote-care"),
        ("门口倒了的树还横在那", "trees.fallen"),
    ])
    func wordsForMatters(_ text: String, _ subMatter: String) {
        #expect(Self.reading(text).subMatters.contains(subMatter))
    }

    /// `不动产` alone names the field (`不动产过户` is a transfer), not the certificate.
    @Test func realEstateAloneIsNoCertificate() {
        #expect(!Self.reading("不动产过户要几天").subMatters.contains("housing.certificate"))
        #expect(Self.reading("不动产证丢了怎么补").subMatters.contains("housing.certificate"))
    }

    /// A house sold and a house inherited change hands by two procedures: two questions, even from one caller.
    @Test func aSaleAndAnInheritanceAreTwoQuestions() {
        let sale = Self.reading("想把二手房卖了，过户要带什么")
        let inherited = Self.reading("父亲的房子要办继承过户，要公证吗")
        #expect(sale.procedures.contains("sale") && inherited.procedures.contains("inherit"))
        let c = DedupConfiguration()
        let cmp = MatterComparison(inherited, sale, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters)
        #expect(!DedupRules.isSameMatter(cmp, threshold: c.repeatThreshold, consultation: true))
        let again = Self.reading("二手房过户，卖方要带哪些证件")
        #expect(DedupRules.isSameMatter(MatterComparison(again, sale, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters),
                                        threshold: c.repeatThreshold, consultation: true))
    }

    /// What the caller already has (`已经拿到护照`) is not what they ask about now (the permit's endorsement).
    @Test func whatTheCallerAlreadyHasIsNotTheQuestion() {
        let c = DedupConfiguration()
        let passport = Self.reading("办护照要去哪里，要不要预约")
        let permit = Self.reading("已经拿到护照了，想办去澳门的通行证签注，要带什么")
        #expect(permit.primarySubMatter == "documents.travel-permit")
        #expect(!DedupRules.isSameMatter(MatterComparison(permit, passport, nearMeters: c.repeatDistanceMeters, farMeters: c.farDistanceMeters),
                                         threshold: c.repeatThreshold, consultation: true))
    }

    /// A question naming an earlier time (`前几天`) for another procedure does not chase the caller's open question.
    @Test func aQuestionForAnotherProcedureChasesNothing() throws {
        let h = try StoreHarness()
        let caller = Caller(phone: "13911112222")
        try h.submit(Submission(channel: .web, channelRef: "q-1", caller: caller, requestType: .consultation,
                                text: "想查询我母亲在建设巷那套老房子的档案，要带什么"), id: "q1", at: t0)
        let second = try h.submit(Submission(channel: .web, channelRef: "q-2", caller: caller, requestType: .consultation,
                                             text: "前几天母亲走了，建设巷的房子要办继承，需要去公证处吗"), id: "q2", at: t0 + days(2))
        #expect(second.status != .repeat)
    }
}

/// Callers of heldout8 chasing their reports in few words (each case in words of its own).
@Suite struct ChasingAgainTests {
    static func reading(_ text: String) -> MatterFeatures { MatterFeatures(text: text, requestType: .complaint, location: nil) }

    /// It happens again (`又有了`, `又是那个`), it is still so (`还敞着`, `还挂着`), or the caller names the call to 110.
    @Test(arguments: ["又有了，那股味比昨天还冲", "又是那个烟囱，今天烟更大", "路口那个井还敞着呢", "广告牌还挂着一半", "我昨天晚上报的110，楼上那户今天继续泼水"])
    func chasingWords(_ text: String) {
        #expect(Self.reading(text).refersToEarlier)
    }

    @Test func aStateIsNotAChase() {
        #expect(!Self.reading("路口有个坑，还挺深").refersToEarlier)
        #expect(!MatterFeatures.saysItPersists("还有个事想问"))
    }

    /// Words for what callers chase, each in a sentence of its own.
    @Test(arguments: [("门口的雪没人扫", "road.snow"), ("雨一下就往屋里漏", "housing.quality"), ("路口那口没盖的井", "manhole.manhole")])
    func wordsForMatters(_ text: String, _ subMatter: String) {
        #expect(Self.reading(text).subMatters.contains(subMatter))
    }

    /// The pavement named on one side says where, and conflicts with no matter named on the other.
    @Test func thePavementConflictsWithNothing() {
        let pavement = Self.reading("学校门口人行道太滑了")
        let snow = Self.reading("学校门口全是冰，孩子摔了")
        #expect(pavement.subMatters == ["road.sidewalk"] && snow.subMatters.contains("road.snow"))
        #expect(!MatterComparison(snow, pavement, nearMeters: 300, farMeters: 1500).subMatterConflict)
    }
}

/// A chase told in words the lexicon reads no field in repeats the caller's one open matter it shares words with
/// (heldout14 h037, heldout16 h022, heldout17 h106, heldout18 h078: four writers).
@Suite struct UnreadChaseTests {
    static let first = "城东一家装修公司收了我两万预付款，说好上个月开工，到现在一直不开工，人也找不到"

    static func submit(_ h: StoreHarness, _ id: String, _ phone: String, _ text: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, channelRef: id, caller: Caller(phone: phone), requestType: .complaint, text: text),
                     id: id, at: at)
    }

    @Test func anUnreadChaseRepeatsTheOneOpenMatter() throws {
        let chase = "我已经反映过了，搞装修的老板拿了预付款就跑，手机关机"
        let read = MatterFeatures(text: chase, requestType: .complaint, location: nil)
        #expect(read.topics.isEmpty && read.refersToEarlier && !read.citesEarlier && !read.isFollowUp)
        let h = try StoreHarness()
        let one = try Self.submit(h, "c1", "13955557777", Self.first, at: StoreHarness.base)
        let two = try Self.submit(h, "c2", "13955557777", chase, at: StoreHarness.base + minutes(3 * 24 * 60))
        #expect(two.status == .repeat && two.repeatOf == one.ticketId)
    }

    /// A chase sharing no word with the caller's open matter is not taken for it.
    @Test func anUnreadChaseSharingNoWordIsNoRepeat() throws {
        let h = try StoreHarness()
        _ = try Self.submit(h, "d1", "13966668888", Self.first, at: StoreHarness.base)
        let two = try Self.submit(h, "d2", "13966668888", "我已经反映过了，婚纱影楼拍的照片底片拖着不交，我们下个月要办酒席", at: StoreHarness.base + minutes(60))
        #expect(two.status != .repeat, "\((try? h.ticket("d2"))??.ticket.dedup.reasons ?? [])")
    }
}

/// A question on a procedure and the same caller's complaint about how that procedure goes are one matter
/// (heldout3 h038, heldout10 h103, heldout11 h146, heldout13: four writers).
@Suite struct OneProcedureTests {
    @Test func aQuestionAndAComplaintOnOneProcedure() throws {
        let question = MatterFeatures(text: "二手房过户需要带哪些材料，在哪里办理", requestType: .consultation, location: nil)
        let complaint = MatterFeatures(text: "登记窗口说我们的二手房过户材料不全，让我来回跑了三趟，每次说的都不一样", requestType: .complaint,
                                       location: nil)
        #expect(question.primarySubMatter == "housing.transfer" && complaint.primarySubMatter == "housing.transfer")
        #expect(!complaint.refersToEarlier)
        let h = try StoreHarness()
        let one = try h.submit(Submission(channel: .phone, channelRef: "p-1", caller: Caller(phone: "13977779999"), requestType: .consultation,
                                          text: "二手房过户需要带哪些材料，在哪里办理"), id: "p1", at: StoreHarness.base)
        let two = try h.submit(Submission(channel: .phone, channelRef: "p-2", caller: Caller(phone: "13977779999"), requestType: .complaint,
                                          text: "登记窗口说我们的二手房过户材料不全，让我来回跑了三趟，每次说的都不一样"),
                               id: "p2", at: StoreHarness.base + minutes(2 * 24 * 60))
        #expect(two.status == .repeat && two.repeatOf == one.ticketId)
    }

    /// A question and a complaint about one happening's field, not a procedure, stay two (`南门太挤` / `能不能退票`).
    @Test func aQuestionBesideAHappeningIsAnotherMatter() {
        let crowd = MatterFeatures(text: "广场南门人太多了，挤得孩子差点摔倒", requestType: .complaint, location: nil)
        let refund = MatterFeatures(text: "昨天南门人太多没进去，想问一下门票能不能退", requestType: .consultation, location: nil)
        #expect(!DedupRules.oneProcedureFirst(refund, crowd))
    }
}

/// Words naming the caller's earlier contact as hotline callers say them (`提过`: heldout3, 7, 11, 12, 17, 18; `写信反映`:
/// heldout4, 5, 18; `电话说的`: heldout10, 15, 18), each in a sentence of its own.
@Suite struct EarlierContactWordsTests {
    @Test(arguments: ["我在小程序上提过的，楼下商铺半夜卸货", "跟上回电话说的一样，收费站那边还是排长队", "村里修路的账我已写信反映，一直没公开"])
    func namesTheEarlierContact(_ text: String) {
        #expect(MatterFeatures(text: text, requestType: .complaint, location: nil).refersToEarlier)
    }
}
