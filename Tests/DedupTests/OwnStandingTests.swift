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
}
