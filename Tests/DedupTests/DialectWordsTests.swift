@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller dates his earlier contact in his dialect's words for yesterday, the day before or this morning (`夜儿个打过
/// 电话`, `前日问过…的`, `上半天我打过的`, `俺昨儿打过了`, `头先打过电话`) as `昨天打过` does; and says he asks something
/// else in them (`问个别哩`).
@Suite struct DialectWordsTests {
    @Test(arguments: ["喂，夜儿个打过电话哩，鞋厂停工只给八百块，恁说咋算来着", "侬好，前日问过退休年龄的，我自家算勿清爽",
                      "喂，上半天我打过的呀，就是卡落脱了那桩事体", "俺昨儿打过了，还是堵着哩", "喂，我头先打过电话嘅，燃气开户，唔该再讲一次"])
    func aDialectTimeThenAContactCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    /// Asking something else in Henan speech (`问个别哩`) says so as `问个别的` does.
    @Test func somethingElseInHenanSpeechIsAnother() {
        #expect(EarlierContact.read(subject: nil, text: "喂，还是俺，鞋厂那个。今儿问个别哩：厂里一直没给俺交社保，能补交不能？").another)
    }

    /// The Henan caller's chase in his words repeats his question.
    @Test func aChaseDatedInDialectRepeats() throws {
        let h = try StoreHarness()
        let me = Caller(phone: "13911117311")
        let t0 = StoreHarness.base
        try h.report("a", .phone, me, .consultation, "喂，恁好，俺在鞋厂干活，厂里叫俺们放假，放假这俩月只发生活费八百块，这合法不合法？", nil, at: t0)
        let again = try h.report("b", .phone, me, .consultation, "喂，夜儿个打过电话哩，鞋厂停工只给八百块，恁说的我没记住，再说一遍中不中。",
                                 nil, at: t0 + days(1))
        #expect(again.status == .repeat && again.repeatOf == "a")
    }
}
