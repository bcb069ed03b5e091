@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who says this is not what he asked or reported before (`不是上次问的报销`) asks another matter; not one who
/// says it is not what he was told (`不是上次说的…吗`).
@Suite struct NotThenTests {
    @Test(arguments: [("医保卡密码忘了 怎么重置 不是上次问的报销", true), ("楼道灯又坏了，不是之前反映的那盏，是三楼的", true),
                      ("你们不是上次说的三天就来修吗，怎么还没人来", false)])
    func notWhatWasAskedThen(_ text: String, _ another: Bool) {
        #expect(EarlierContact.read(subject: nil, text: text).another == another)
    }
}
