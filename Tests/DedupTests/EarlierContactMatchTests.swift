@testable import Dedup
import Testing

/// `EarlierContact.match` looks only at the words whose first scalar stands at the position: it finds what a look at
/// every word of the list finds, the longest word there.
@Suite struct EarlierContactMatchTests {
    static func longest(_ words: EarlierContact.Words, _ c: [UInt32], at i: Int) -> Int? {
        words.words.filter { w in i + w.count <= c.count && c[i..<(i + w.count)].elementsEqual(w) }.map(\.count).max()
    }

    @Test func findsTheLongestWordAsALookAtEveryWordDoes() {
        let lists = [EarlierContact.pastTimes, EarlierContact.contacts, EarlierContact.countedContacts, EarlierContact.supplementLeads,
                     EarlierContact.buChong, EarlierContact.bieDe, EarlierContact.hotline, EarlierContact.progressWords,
                     EarlierContact.oneOf, EarlierContact.askOrReport, EarlierContact.thisTimeIs]
        let texts = ["刚刚打电话反映过，刚才又打了电话", "我再补充一下：上个月问过12345热线，什么时候处理", "问问别的，1个事",
                     "前几天几天前那天打的电话打了电话", "再补充", "刚"]
        var found = 0
        for text in texts {
            let c = text.unicodeScalars.map(\.value)
            for words in lists {
                for i in 0...c.count {
                    let m = EarlierContact.match(words, c, at: i)
                    #expect(m == Self.longest(words, c, at: i), "\(text) at \(i)")
                    if m != nil { found += 1 }
                }
            }
        }
        #expect(found > 20)
    }
}
