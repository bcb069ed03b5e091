import Dedup
import Foundation
import IntakeCore
import Testing

/// Words callers tell a matter in that the lexicon once read nothing in, each in a sentence of its own: one caller of an
/// incident who says them beside another who names the matter in the lexicon's words shares its sub-matter.
@Suite struct UnreadWordsTests {
    @Test(arguments: [
        ("路口的路牌被风刮歪了，随时要掉下来", "safety.signboard"),
    ])
    func wordsReadAsTheirMatter(_ text: String, _ subMatter: String) {
        #expect(MatterLexicon.read(normalized: MatchText.normalize(text)).subMatters.contains(subMatter))
    }
}
