@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A time before now and `问了` is the caller's question then (`上回问了说要去林业站问`), unless the one asked is named after
/// it (`刚才问了一下社区`, `上午问了网格员`) or the question was not asked (`刚才忘问了`, `上次没问`).
@Suite struct AskedSomeoneElseTests {
    @Test(arguments: ["上回问了说要去林业站问，林业站到底咋说", "我上午问了低保的事，说要等街道，等到啥时候"])
    func askedThenCites(_ text: String) {
        #expect(EarlierContact.cited(subject: nil, text: text))
    }

    @Test(arguments: ["刚才问了一下社区，说不归他们管", "上午问了网格员，他也不晓得", "刚才忘问了，游泳馆几点关门", "上次没问清楚，这回问问电费"])
    func askedSomeoneElseOrNotAskedCitesNothing(_ text: String) {
        #expect(!EarlierContact.cited(subject: nil, text: text))
    }
}
