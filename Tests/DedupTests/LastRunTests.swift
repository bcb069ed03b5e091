@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// The last run of a line, told as 末班 or as the last one (`最后一班`, `最晚一班`), is the line's timetable: a matter of
/// its own beside a broken shelter at the same terminus.
@Suite struct LastRunTests {
    let t0 = StoreHarness.base

    @Test func theLastOneIsTheLastRun() {
        for text in ["8路最后一班车七点半就发了，下晚班的赶不上", "到城里最晚一班是几点", "8路末班车太早了"] {
            #expect(MatterLexicon.read(normalized: MatchText.normalize(text)).subMatters.contains("bus.frequency"), "\(text)")
        }
    }

    /// A complaint about the last bus beside a report of the terminus's shelter: two sub-matters, which no incident joins.
    @Test func theLastBusIsNoFaceOfABrokenShelter() {
        func reading(_ text: String) -> MatterFeatures { MatterFeatures(text: text, requestType: .complaint, location: nil) }
        let shelter = reading("石桥公交总站那个候车亭的顶棚被风掀了，等车的人都淋着雨")
        let lastBus = reading("石桥公交总站到市区的最后一班车七点就没了，等车的人都回不去")
        #expect(MatterComparison(lastBus, shelter, nearMeters: 300, farMeters: 1500).subMatterConflict)
    }
}
