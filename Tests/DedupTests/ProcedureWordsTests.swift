@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// Two questions of one caller on one card or one business that ask for different procedures are two matters: a card's
/// forgotten password (reset) and a broken card changed (replace); the food business licence beside the business
/// licence.
@Suite struct ProcedureWordsTests {
    let t0 = StoreHarness.base

    static func reading(_ text: String) -> MatterFeatures { MatterFeatures(text: text, requestType: .consultation, location: nil) }

    @Test func readings() {
        #expect(Self.reading("医保卡密码忘了去哪改").procedures.contains("reset"))
        #expect(Self.reading("医保卡磁条坏了，要换卡吗").procedures.contains("replace"))
        #expect(Self.reading("开小饭馆要办食品经营许可证吗").subMatters.contains("business.food-licence"))
    }

    /// The password, then a broken card: another question; the password asked again: a repeat.
    @Test func aCardsPasswordAndABrokenCardAreTwoQuestions() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911118181")
        try h.report("a", .sms, me, .consultation, "医保卡密码忘记了怎么弄", nil, at: t0)
        let other = try h.report("b", .sms, me, .consultation, "医保卡磁条坏了刷不了 要换卡 要钱吗", nil, at: t0 + days(3))
        #expect(other.status != .repeat)
        let again = try h.report("c", .sms, me, .consultation, "医保卡密码在哪里重置", nil, at: t0 + days(4))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }

    /// The business licence, then the food licence beside it: another question.
    @Test func theFoodLicenceIsAnotherQuestionThanTheBusinessLicence() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911118182")
        try h.report("a", .sms, me, .consultation, "想开个小面馆 个体户营业执照在哪里办", nil, at: t0)
        let other = try h.report("b", .sms, me, .consultation, "再问下 食品经营许可证跟营业执照能一起办不", nil, at: t0 + days(2))
        #expect(other.status != .repeat)
    }
}
