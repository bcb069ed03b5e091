import Dedup
import Foundation
import IntakeCore
import Testing

/// Incidents that callers name in everyday words the lexicon and the place reader must know: slides and floods,
/// escalators, what a lorry spilled, a flooded garage, and the call summary's `来电人系…` (the caller is one of …).
@Suite struct IncidentWordsTests {
    let t0 = StoreHarness.base

    static func reading(_ text: String) -> MatterLexicon.Reading { MatterLexicon.read(normalized: MatchText.normalize(text)) }

    @Test func slidesAndFloodsAreTheirOwnMatter() {
        #expect(Self.reading("后山滑坡了，石头滚到路上").subMatters.contains("disaster.landslide"))
        #expect(Self.reading("去镇上的公路有落石").subMatters.contains("disaster.landslide"))
        #expect(Self.reading("上山那条路垮了一半").subMatters.contains("disaster.landslide"))
        #expect(Self.reading("河水暴涨，好几户人家进了水").subMatters.contains("disaster.flood"))
        #expect(Self.reading("下游的堤坝决堤了").subMatters.contains("disaster.flood"))
        // 塌方 is said of a slide and of a road that caved in: it names both.
        let collapse = Self.reading("桥头那段塌方了")
        #expect(collapse.subMatters.isSuperset(of: ["disaster.landslide", "road.pothole"]))
        #expect(!Self.reading("路面塌陷出一个坑").subMatters.contains("disaster.landslide"))
    }

    /// Words that say what happened but not to what: pitch dark (`黑灯瞎火`) is a power cut or a streetlight only in a
    /// text about one; no air (`没气`) is a gas outage only in a text about gas; crushed (`压断`) is a tree's only in a
    /// text about trees, and a line a tree brought down is a wire down.
    @Test func wordsOfWhatHappenedNeedWhatItHappenedTo() {
        let dark = Self.reading("巷子里黑灯瞎火的，一到晚上就有人摔跤")
        #expect(!dark.subMatters.contains("streetlight.streetlight") && !dark.subMatters.contains("power.outage"))
        #expect(Self.reading("小区停电了，到处黑灯瞎火").subMatters.contains("power.outage"))
        #expect(Self.reading("十字路口的路灯坏了，黑灯瞎火").topics.contains { $0.id == "streetlight" })
        #expect(Self.reading("总闸跳了，楼里黑灯瞎火").subMatters.contains("power.outage"))
        #expect(!Self.reading("快递车轮胎没气了，停在消防通道上").topics.contains { $0.id == "gas" })
        #expect(Self.reading("家里天然气没气了，饭做不成").subMatters.contains("gas.outage"))
        let wire = Self.reading("电工来看过，说是线被树压断了")
        #expect(wire.subMatters.contains("power.wires") && !wire.subMatters.contains("trees.fallen"))
        #expect(!Self.reading("小区排水管被挖掘机压断了").subMatters.contains("trees.fallen"))
        #expect(Self.reading("门口那棵柳树被雪压断了，横在路上").subMatters.contains("trees.fallen"))
    }

    @Test func everydayWordsOfCommonIncidents() {
        #expect(Self.reading("商场的自动扶梯停了一个月").topics.contains { $0.id == "elevator" })
        #expect(Self.reading("一辆渣土车把碎石撒了半条街").subMatters.contains("road.spill"))
        #expect(Self.reading("环线上散落了很多钢管").subMatters.contains("road.spill"))
        #expect(Self.reading("小区地库进水了").subMatters.contains("drain.flooding"))
        #expect(Self.reading("雨水淹到膝盖了").subMatters.contains("drain.flooding"))
        #expect(Self.reading("门口那棵树倒了").subMatters.contains("trees.fallen"))
        #expect(!Self.reading("门口的垃圾桶倒了").subMatters.contains("trees.fallen"), "倒了 says a tree fell only of a tree")
    }

    @Test func theCallSummarysCopulaIsNoPartOfAPlace() {
        let names = PlaceNames.mentions(inNormalized: MatchText.normalize("来电人系青石村村民，反映村口的桥断了"))
        #expect(names.contains("青石村"))
        #expect(!names.contains { $0.hasPrefix("系") })
    }

    /// A slide reported by a villager, by text message and by a shopkeeper in other words is one incident; a
    /// pothole in the same village's square is not.
    @Test func aSlideReportedInOtherWordsIsOneIncident() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000801"),
                                text: "来电人系青石村村民，反映夜里下大雨，青石村进村公路边的山体滑坡，土石把路埋了，车出不去。"),
                     id: "g1", at: t0)
        let sms = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000802"),
                                          text: "青石村进村那段路垮了，全是泥巴石头，过不去"), id: "g2", at: t0 + hours(1))
        #expect(sms.clusterId != nil)
        let first = try #require(try h.ticket("g1"))
        #expect(first.ticket.dedup.clusterId == sms.clusterId)
        let square = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000803"),
                                             text: "青石村文化广场的地面坑坑洼洼，有个深坑，老人跳舞容易摔。"), id: "g3", at: t0 + hours(2))
        #expect(square.clusterId == nil)
    }

    /// A flooded village reported by its committee (in the summary's copula) and by a villager in other words.
    @Test func aFloodedVillageIsOneIncident() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000811"),
                                text: "来电人系柳溪村村委会，反映柳溪河漫堤，村里低处十来户房子进了水，请求支援。"), id: "f1", at: t0)
        let villager = try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000812"),
                                               text: "柳溪村河水暴涨冲进村里了，我家老人还在屋里，求救援"), id: "f2", at: t0 + hours(2))
        #expect(villager.clusterId != nil)
    }

    /// A kind of place (社区医院, 农贸市场) is no particular place: every district has one.
    @Test func aKindOfPlaceNamesNoPlace() throws {
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("社区医院说没有这个药")).isEmpty)
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("农贸市场里卖的肉注水")).isEmpty)
        #expect(PlaceNames.read(inNormalized: MatchText.normalize("东关农贸市场里卖的肉注水")).aliases.contains("东关市场"))
        let h = try StoreHarness()
        try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oV1"), requestType: .consultation,
                                text: "社区医院什么时候能打流感疫苗？"), id: "v1", at: t0)
        let other = try h.submit(Submission(channel: .web, caller: Caller(phone: "13600000821"),
                                            text: "预约了社区医院的疫苗接种，去了说没货。"), id: "v2", at: t0 + hours(3))
        #expect(other.clusterId == nil)
    }

    /// `沙坝路` is a road named after 沙坝; it does not name 沙坝 itself, and a door number on a long road and a landmark
    /// on it are two spots.
    @Test func aRoadsNameIsNoPlaceOfItsOwnAndADoorNumberIsASpot() throws {
        let names = PlaceNames.mentions(inNormalized: MatchText.normalize("河坝路17号门口"))
        #expect(names.contains("河坝路") && !names.contains("河坝"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("河坝停电了")).contains("河坝"))
        let h = try StoreHarness()
        try h.submit(Submission(channel: .sms, caller: Caller(phone: "13600000831"), text: "河坝路17号门口的井盖不见了，晚上很危险"),
                     id: "m1", at: t0)
        let station = try h.submit(Submission(channel: .miniprogram, caller: Caller(openId: "oM2"),
                                              text: "河坝路时代广场旁边有个井盖一直在往外冒臭水"), id: "m2", at: t0 + 1800)
        #expect(station.clusterId == nil)
        let same = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000833"),
                                           text: "来电人反映河坝路17号门口井盖丢了，要求补上"), id: "m3", at: t0 + 3600)
        #expect(same.clusterId != nil)
    }

    /// A stop or an estate both reports name says more than the long road it is on, however each names the rest
    /// (`梅岭苑公交站` / `梅岭苑车站`).
    @Test func aPlaceBothNameBeatsTheRoadItIsOn() throws {
        let h = try StoreHarness()
        try h.submit(Submission(channel: .police110, caller: Caller(phone: "13600000841"),
                                text: "报警人称梅岭大道梅岭苑公交站北边一棵树被风刮倒，压住了半幅路面。",
                                location: Location(address: "江北区梅岭大道梅岭苑公交站附近")), id: "t1", at: t0)
        let later = try h.submit(Submission(channel: .phone, caller: Caller(phone: "13600000842"),
                                            text: "来电人反映梅岭大道梅岭苑车站那里倒了一棵大树，车过不去。"), id: "t2", at: t0 + 1800)
        #expect(later.clusterId != nil)
        #expect(Self.reading("后山一直在往下掉石头").subMatters.contains("disaster.landslide"))
    }
}
