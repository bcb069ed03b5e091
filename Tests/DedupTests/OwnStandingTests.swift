import Dedup
import Foundation
import IntakeCore
import Testing

/// A question about what the caller may get for himself at a place (compensation for his own shed, his money back) is
/// his own matter there, not a report of what happens there.
@Suite struct OwnStandingTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ caller: Caller, _ type: RequestType, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: caller, requestType: type, text: text, location: nil), id: id, at: at)
    }

    @Test func askingForCompensationJoinsNoIncidentAtThePlace() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000601"), .complaint,
                   "青石巷纺织厂宿舍门口那家饭馆私自搭的铁皮棚违建占了半条路，一直没人拆", id: "first", at: t0)
        let second = try report(h, Caller(phone: "13700000602"), .complaint,
                                "纺织厂宿舍门口饭馆的违建铁皮棚还在，车都开不进来，违法建设没人管吗", id: "second", at: t0 + hours(1))
        #expect(second.clusterId != nil)
        let question = try report(h, Caller(phone: "13700000603"), .consultation,
                                  "我问一下，我家是纺织厂宿舍的，院里自己搭的违建棚子要拆，拆了能有补偿吗？", id: "question", at: t0 + hours(20))
        #expect(question.clusterId == nil)
    }
    /// A question about the formalities the caller needs for himself (a stall of his own, what to bring to an office)
    /// is no report of what others complain of at that place, nor one incident with another caller's question there.
    @Test func askingForOnesOwnFormalitiesJoinsNoIncident() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000611"), .complaint,
                   "青果巷农贸市场门口卖水果的小贩把摊子摆到路中间，占道经营，车都过不去", id: "stalls", at: t0)
        let again = try report(h, Caller(phone: "13700000612"), .complaint,
                               "青果巷农贸市场门口占道经营太严重了，摊子摆满了路，早上根本走不动", id: "stalls2", at: t0 + hours(1))
        #expect(again.clusterId != nil)
        let stall = try report(h, Caller(phone: "13700000613"), .consultation,
                               "我想在青果巷农贸市场门口摆个卖水果的摊子，占道经营不让摆的话，哪里可以摆，要办什么手续？",
                               id: "own-stall", at: t0 + hours(2))
        #expect(stall.clusterId == nil)

        // Two callers asking at one office what to bring for two things of their own.
        try report(h, Caller(phone: "13700000614"), .consultation,
                   "江北区社保中心办理退休，需要带什么材料，户口本要不要带？", id: "retire", at: t0 + hours(3))
        let other = try report(h, Caller(phone: "13700000615"), .consultation,
                               "江北区社保中心申请失业金，要带什么材料，去几楼办？", id: "jobless", at: t0 + hours(3.5))
        #expect(other.clusterId == nil)

        // Asked as where and on what terms to get it done.
        let terms = try report(h, Caller(phone: "13700000618"), .consultation,
                               "青果巷农贸市场门口那些摆摊的，我也想在那摆个摊卖菜，要什么条件，在哪里办？", id: "own-stall2",
                               at: t0 + hours(2.5))
        #expect(terms.clusterId == nil)

        // A question about the happening itself still joins it.
        try report(h, Caller(phone: "13700000616"), .help, "柳塘小区停水了，整个小区都没水", id: "cut", at: t0 + hours(5))
        let when = try report(h, Caller(phone: "13700000617"), .consultation, "柳塘小区停水了，请问什么时候来水？", id: "when",
                              at: t0 + hours(5.5))
        #expect(when.clusterId != nil)
    }

    /// A question about contesting a decision on the caller himself (a camera's fine at a crossing whose light was out) is
    /// his own case, not a report of the broken light other callers report there.
    @Test func askingToAppealOnesOwnFineJoinsNoIncident() throws {
        let h = try StoreHarness()
        try report(h, Caller(phone: "13700000621"), .report, "青松路和柳溪路那个路口，红绿灯全部闪黄灯，车子乱窜，快派人来修",
                   id: "light", at: t0)
        let again = try report(h, Caller(phone: "13700000622"), .report, "青松路柳溪路口信号灯坏了，四个方向都是黄闪，路口乱成一团",
                               id: "light2", at: t0 + hours(0.5))
        #expect(again.clusterId != nil)
        let appeal = try report(h, Caller(phone: "13700000623"), .consultation,
                                "我问一下，我收到短信说在青松路柳溪路口闯红灯了，那几天那个红绿灯是坏的，一直闪，这个咋个申诉？",
                                id: "appeal", at: t0 + hours(18))
        #expect(appeal.clusterId == nil)
        let review = try report(h, Caller(phone: "13700000624"), .consultation,
                                "青松路柳溪路口红绿灯坏的时候我被拍了闯红灯，罚款不服，这个能不能复议？",
                                id: "review", at: t0 + hours(19))
        #expect(review.clusterId == nil)
    }
}
