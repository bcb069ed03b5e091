@testable import Dedup
import Testing

/// `String.scalarValues` reads what `unicodeScalars.map(\.value)` reads, in one pass.
@Suite struct ScalarValuesTests {
    @Test(arguments: ["", "路灯不亮", "深圳市南山区阳光花园3栋502", "ｆｕｌｌ　ｗｉｄｔｈ，標點！", "e\u{301}𠀀👍🏽x", "a\r\nb"])
    func theScalarsOfTheText(_ text: String) {
        #expect(text.scalarValues == text.unicodeScalars.map(\.value))
    }
}
