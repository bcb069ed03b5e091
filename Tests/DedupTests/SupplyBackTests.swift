import Dedup
import Foundation
import IntakeCore
import Testing

/// A caller who says the water or the power came back tells of what followed the cut, not of the cut: naming the cut
/// (`停水以后`, `停电那会儿`) does not make the report part of the cut's incident.
@Suite struct SupplyBackTests {
    let t0 = StoreHarness.base

    @discardableResult
    func report(_ h: StoreHarness, _ phone: String, _ type: RequestType, _ text: String, id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: .phone, caller: Caller(phone: phone), requestType: type, text: text, location: nil), id: id, at: at)
    }

    /// Which supply came back is read; a supply denied or asked after is not back.
    @Test func readsWhichSupplyCameBack() {
        func back(_ text: String) -> Set<String> { MatterFeatures(text: text, requestType: .complaint, location: nil).suppliesBack }
        #expect(back("桂香苑停了一夜的水，早上水是来了，可是一股漂白粉味") == ["water.outage"])
        #expect(back("停电那会儿冰箱里的肉全坏了，现在电来了，物业说不管") == ["power.outage"])
        #expect(back("桂香苑怎么又不来水了") == [])
        #expect(back("桂香苑停水，水来了吗，到底几点") == [])
        #expect(back("桂香苑停水一上午了") == [])
    }

    /// Three neighbours report the water off in one estate; hours later a fourth says the water is back but the kitchen
    /// tap runs rusty, and another that the flat below is soaked by a tap left open while the water was off. Those two
    /// are not the cut's incident; a further neighbour still without water is.
    @Test func whatFollowsTheCutIsNotTheCut() throws {
        let h = try StoreHarness()
        let first = try report(h, "13800000301", .help, "桂香苑小区停水了，一早上都没水，也没看到通知", id: "cut1", at: t0)
        try report(h, "13800000302", .help, "桂香苑小区没水了，水龙头拧开一滴都没有", id: "cut2", at: t0 + hours(1))
        try report(h, "13800000303", .complaint, "桂香苑小区停水大半天了，老人做不了饭", id: "cut3", at: t0 + hours(5))
        let cluster = try #require(try h.ticket("cut1")).ticket.dedup.clusterId
        #expect(cluster != nil)
        let rusty = try report(h, "13800000304", .complaint, "桂香苑小区停水的事，我家水是来了，但是放出来全是锈水，放了好久也不清",
                               id: "rusty", at: t0 + hours(14))
        #expect(rusty.clusterId == nil)
        let soaked = try report(h, "13800000305", .complaint, "桂香苑小区停水那会儿楼上没关水龙头，下午来水了，水漫到我家，墙都湿了",
                                id: "soaked", at: t0 + hours(15))
        #expect(soaked.clusterId == nil)
        let still = try report(h, "13800000306", .complaint, "桂香苑小区到现在还是停水，一整天了", id: "still", at: t0 + hours(15))
        #expect(still.clusterId == cluster)
        _ = first
    }
}
