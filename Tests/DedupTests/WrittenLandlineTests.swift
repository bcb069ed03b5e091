@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A landline written as area code, separator and subscriber (`0239-85213470`) is one caller's number, though the
/// code's length by its first digit (2: 23) leaves no subscriber.
@Suite struct WrittenLandlineTests {
    let t0 = StoreHarness.base

    @Test(arguments: [("0239-85213470", "+8623985213470"), ("0239 8521 3470", "+8623985213470"), ("0288-62345678", "+8628862345678")])
    func aLandlineIsKeyedAsWritten(_ raw: String, _ key: String) {
        #expect(PhoneNumber.normalize(raw)?.key == key)
    }

    /// Written together, or with no subscriber of seven or eight digits after the separator, it is no number.
    @Test(arguments: ["023985213470", "0239-05213470", "0239-852134701"])
    func noWrittenSplitNoNumber(_ raw: String) {
        #expect(PhoneNumber.normalize(raw) == nil)
    }

    /// The caller asking again from that landline repeats his question.
    @Test func aCallerFromSuchALandlineRepeats() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "0239-86401752")
        try h.report("a", .phone, me, .consultation, "喂，你好，我这个月退休了，公积金可以全部取出来吗？要去哪里办？", nil, at: t0)
        let again = try h.report("b", .phone, me, .consultation, "喂，刚才问退休公积金全部取出来的，要带啥子材料？", nil,
                                 at: t0 + minutes(20))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
