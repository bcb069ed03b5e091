@testable import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who tells a happening in words the lexicon reads no field in, beside another caller whose words it reads,
/// at one precise spot within the burst: the words beside the places' names decide (heldout9 h303 and heldout15 h044,
/// `一滴水都没有` / `冇水` beside `停水`; heldout11 h100, oil on a crossing; heldout17 h102, a ferry stopped).
@Suite struct UnreadHappeningTests {
    static func submit(_ h: StoreHarness, _ id: String, _ phone: String, _ text: String, _ address: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, channelRef: id, caller: Caller(phone: phone), requestType: .complaint, text: text,
                                location: Location(address: address)), id: id, at: at)
    }

    @Test func unreadWordsOfOneHappeningAtOneCrossing() throws {
        let told = MatterFeatures(text: "枣林路和纺织路十字路口一地机油，两个骑摩托的摔了", requestType: .complaint, location: nil)
        #expect(told.topics.isEmpty)
        let h = try StoreHarness()
        let t0 = StoreHarness.base
        _ = try Self.submit(h, "u1", "13911113333", "枣林路和纺织路十字路口一地机油，两个骑摩托的摔了", "枣林路与纺织路交叉口", at: t0)
        let second = try Self.submit(h, "u2", "13922224444", "纺织路枣林路口路面有机油，摩托车打滑，请派人清理路面", "纺织路枣林路口",
                                     at: t0 + minutes(25))
        let first = try #require(try h.ticket("u1"))
        #expect(second.clusterId != nil && first.ticket.dedup.clusterId == second.clusterId)
    }

    /// Words that share nothing beside the place's name (an unread matter beside a pothole at one crossing) stay apart.
    @Test func unreadWordsOfAnotherMatterStayApart() throws {
        let h = try StoreHarness()
        let t0 = StoreHarness.base
        _ = try Self.submit(h, "v1", "13933335555", "枣林路纺织路口有人发小广告，拦着行人塞传单", "枣林路与纺织路交叉口", at: t0)
        let second = try Self.submit(h, "v2", "13944446666", "纺织路枣林路口路面坑洼，车过都颠", "纺织路枣林路口", at: t0 + minutes(20))
        #expect(second.clusterId == nil)
    }
}
