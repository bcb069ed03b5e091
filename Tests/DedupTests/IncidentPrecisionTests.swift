import Dedup
import Foundation
import IntakeCore
import Testing

/// What keeps two different incidents out of one cluster: what a report is mainly about must agree (or be another
/// face of one happening), where something happened is not what happened, and a district's name is no estate's.
@Suite struct IncidentPrecisionTests {
    let t0 = StoreHarness.base

    static func reading(_ text: String) -> MatterLexicon.Reading { MatterLexicon.read(normalized: MatchText.normalize(text)) }

    /// A letter about rubbish that mentions a sign's fragments in it is about the rubbish, not the loose sign a
    /// neighbour reported; a second caller about the sign is that incident.
    @Test func aMatterNamedInPassingIsNotTheIncident() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700000201"), requestType: .help,
                                text: "解放路骑楼上的广告牌被台风吹松了，吊在半空晃"), id: "sign", at: t0)
        let rubbish = try h.submit(Submission(channel: .email, caller: Caller(email: "resident@example.cn"), requestType: .complaint,
                                              text: "解放路骑楼这边的垃圾堆了好几天没人清运，还混着广告牌碎片，臭得很"),
                                   id: "rubbish", at: t0 + hours(2))
        #expect(rubbish.clusterId == nil)
        let again = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13700000203"), requestType: .help,
                                            text: "解放路骑楼那块广告牌快掉下来了，下面还有人走"), id: "sign2", at: t0 + hours(3))
        #expect(again.clusterId != nil)
        #expect(try #require(try h.ticket("sign")).ticket.dedup.clusterId == again.clusterId)
    }

    /// Callers of one burst main name first what they see: the burst, or the street under water. Two faces of one
    /// happening are one incident.
    @Test func twoFacesOfOneHappeningAreOneIncident() {
        let burst = MatterFeatures(text: "和平路菜市场门口的水管爆了，路上积水一大片", requestType: .help, location: nil)
        let flooded = MatterFeatures(text: "和平路菜市场门口积水很深，鞋都湿透了", requestType: .help, location: nil)
        #expect(burst.primarySubMatter == "water.burst" && flooded.primarySubMatter == "drain.flooding")
        #expect(MatterComparison(burst, flooded, nearMeters: 300, farMeters: 1500).primariesAgree)
        // A report naming only where (the pavement) and the thing there (a cover, a one-matter topic) agrees with one
        // naming what it saw there (a hole).
        let cover = MatterFeatures(text: "学校对面人行道上的井盖不见了", requestType: .report, location: nil)
        let hole = MatterFeatures(text: "学校对面人行道井盖没了，只剩一个大窟窿", requestType: .report, location: nil)
        #expect(cover.primarySubMatter == "road.sidewalk" && hole.primarySubMatter == "road.pothole")
        #expect(MatterComparison(cover, hole, nearMeters: 300, farMeters: 1500).primariesAgree)
        // A bill and an outage are two matters of one field, not two faces of one happening.
        let bill = MatterFeatures(text: "和平路菜市场这个月电费翻倍了，停电那几天也算钱", requestType: .complaint, location: nil)
        let outage = MatterFeatures(text: "和平路菜市场停电了，冰柜都停了", requestType: .help, location: nil)
        #expect(!MatterComparison(bill, outage, nearMeters: 300, farMeters: 1500).primariesAgree)
    }

    /// The pavement is where the ice is and where the stalls stand: two callers naming it are about one incident only
    /// when they name the same thing there.
    @Test func wherePeopleWalkIsNotWhatHappened() throws {
        #expect(Self.reading("万达广场门口人行道上一层冰，好几个人滑倒").primarySubMatter == "road.snow")
        #expect(Self.reading("人行道除冰撒沙太慢了").subMatters.contains("road.snow"))
        #expect(Self.reading("人行道上全是摆摊的").primarySubMatter == "parking.vendors")
        #expect(Self.reading("人行道的砖翘起来了").primarySubMatter == "road.sidewalk")
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700000301"), requestType: .report,
                                text: "万达广场门口人行道上一层冰，好几个人滑倒了"), id: "ice1", at: t0)
        let stalls = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700000302"), requestType: .complaint,
                                             text: "万达广场门口人行道上全是摆摊的，推婴儿车过不去"), id: "stalls", at: t0 + hours(2))
        #expect(stalls.clusterId == nil)
        let ice = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13700000303"), requestType: .complaint,
                                          text: "万达广场前面人行道结冰了没人清，我也摔了"), id: "ice2", at: t0 + hours(3))
        #expect(ice.clusterId != nil)
        #expect(try #require(try h.ticket("ice1")).ticket.dedup.clusterId == ice.clusterId)
    }

    /// An estate named after its district's first part (`龙湾里小区` in 龙湾区) is not named by the district's name:
    /// a caller in the estate and one on a road of the district are at two places.
    @Test func anEstateIsNotTheDistrictItsNameBeginsWith() throws {
        #expect(!PlaceNames.mentions(inNormalized: MatchText.normalize("龙湾里小区南门水管破了")).contains("龙湾"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("龙湾停水了")).contains("龙湾"))
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700000401"), requestType: .help,
                                text: "龙湾区解放路地下通道口积水过膝"), id: "tunnel", at: t0)
        let estate = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13700000402"), requestType: .help,
                                             text: "龙湾里小区南门积水很深，进不去"), id: "estate", at: t0 + hours(1))
        #expect(estate.clusterId == nil)
    }
}
