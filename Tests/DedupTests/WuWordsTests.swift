@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A Wu caller dates his earlier question `上趟` (上次) and says he asks something else today in `今朝问问` or `别样事体`;
/// asking twice over (`今天问问`, `现在问问`) asks now, in any speech, as `今天想问` does.
@Suite struct WuWordsTests {
    @Test(arguments: ["喂，我上趟问过额，老年卡年审搿桩事体，到底要带啥", "侬好，上趟反映过弄堂里额路灯，还是勿亮"])
    func lastTimeInWuCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    @Test(arguments: ["喂，又是我。今朝问问别样事体：阿拉孙子报户口到啥地方", "我上趟问过公积金额，今朝问问，医保卡丢了哪能补",
                      "前两天问过社保卡，今天问问居住证在哪办"])
    func askingTodayInWuIsAnother(_ text: String) {
        #expect(EarlierContact.read(subject: nil, text: text).another)
    }

    /// Asking today how the matter stands chases it.
    @Test func askingTodayHowItStandsIsNotAnother() {
        #expect(!EarlierContact.read(subject: nil, text: "上趟问过额补贴，今朝问问进度哪能了").another)
    }
}
