import Dedup
import Foundation
import IntakeCore
import Testing

/// What keeps two different incidents out of one cluster: what a report is mainly about must agree (or be another
/// face of one happening), where something happened is not what happened, and a district's name is no estate's.
@Suite struct IncidentPrecisionTests {
    let t0 = StoreHarness.base

    static func reading(_ text: String) -> MatterLexicon.Reading { MatterLexicon.read(normalized: MatchText.normalize(text)) }

    /// One caller's report, stored through the harness.
    @discardableResult
    func report(_ h: StoreHarness, _ channel: Channel, _ caller: Caller, _ type: RequestType, _ text: String, address: String? = nil,
                id: String, at: Date) throws -> IntakeOutcome {
        try h.submit(Submission(channel: channel, caller: caller, requestType: type, text: text, location: address.map { Location(address: $0) }),
                     id: id, at: at)
    }

    /// A letter about rubbish that mentions a sign's fragments in it is about the rubbish, not the loose sign a
    /// neighbour reported; a second caller about the sign is that incident.
    @Test func aMatterNamedInPassingIsNotTheIncident() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000201"), .help,
                   "解放路骑楼上的广告牌被台风吹松了，吊在半空晃", id: "sign", at: t0)
        let rubbish = try report(h, .email, Caller(email: "resident@example.cn"), .complaint,
                                 "解放路骑楼这边的垃圾堆了好几天没人清运，还混着广告牌碎片，臭得很", id: "rubbish", at: t0 + hours(2))
        #expect(rubbish.clusterId == nil)
        let again = try report(h, .sms, Caller(phone: "13700000203"), .help,
                               "解放路骑楼那块广告牌快掉下来了，下面还有人走", id: "sign2", at: t0 + hours(3))
        #expect(again.clusterId != nil)
        #expect(try #require(try h.ticket("sign")).ticket.dedup.clusterId == again.clusterId)
    }

    /// A caller who finds his spot by its neighbour (`百货商场东边隔壁`) is next door: the icicles on the shop beside the
    /// department store the next day are not the store's incident (found on heldout29). Both finding it so, or the
    /// address naming it, keep the name in common.
    @Test func aPlaceNamedAsTheNeighbourIsNotTheSpot() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000211"), .help, "东风百货商场北门屋檐上挂了好多大冰溜子，随时会掉，下面是公交站", id: "store",
                   at: t0)
        let second = try report(h, .sms, Caller(phone: "13700000212"), .complaint, "东风百货商场房檐冰溜子太大了，刚才掉下来一块，差点砸到人",
                                id: "store2", at: t0 + hours(1))
        #expect(second.clusterId != nil)
        let beside = try report(h, .phone, Caller(phone: "13700000213"), .help,
                                "喂，新华书店那个楼，就东风百货商场东边隔壁，房檐上也挂着老大的冰溜子，门口天天有学生，也给清一下", id: "shop",
                                at: t0 + hours(21))
        #expect(beside.clusterId == nil)
        let f = MatterFeatures(text: "就东风百货商场东边隔壁，房檐上挂着冰溜子", requestType: .report, location: nil)
        #expect(f.landmarks.contains("百货商场"), "\(f.namedPlaces)")
        #expect(MatterFeatures(text: "东风百货商场门口冰溜子，隔壁也有", requestType: .report, location: nil).landmarks.isEmpty)
        // A nuisance comes from next door to where its callers are: one incident.
        try report(h, .phone, Caller(phone: "13700000214"), .complaint, "金桂城隔壁那个工地半夜还在打桩，吵得睡不着", id: "site", at: t0)
        let site = try report(h, .sms, Caller(phone: "13700000215"), .complaint, "金桂城工地半夜打桩噪音太大了", id: "site2",
                              at: t0 + minutes(30))
        #expect(site.clusterId != nil)
    }

    /// Buses too full to board at a stop are the line's runs, not the stop: beside a sign knocked over there the
    /// next day they are two matters; a second caller about the sign is its incident.
    @Test func busesTooFullAreNotTheStopsSign() throws {
        #expect(Self.reading("青松苑公交站早高峰的车一辆比一辆挤，根本挤不上").subMatters.contains("bus.frequency"))
        #expect(!Self.reading("超市门口人太挤了").subMatters.contains("bus.frequency"))
        let h = try StoreHarness()
        try report(h, .sms, Caller(phone: "13700000211"), .complaint, "青松苑公交站早上的车都是满的，等了三趟都挤不上", id: "full", at: t0)
        let sign = try report(h, .phone, Caller(phone: "13700000212"), .report, "青松苑门口的公交站牌被车撞倒了，横在人行道上",
                              id: "sign", at: t0 + hours(20))
        #expect(sign.clusterId == nil)
        let again = try report(h, .miniprogram, Caller(openId: "oQ22-stop-sign"), .report, "青松苑公交站牌倒在人行道上了，没人扶",
                               id: "sign2", at: t0 + hours(21))
        #expect(again.clusterId != nil)
        #expect(try #require(try h.ticket("full")).ticket.dedup.clusterId == nil)
    }

    /// A canteen's door is where the tricycles parked full stand (`食堂门口停满三轮车`): that report is mainly about the
    /// parking, not the canteen, and another caller's complaint about the canteen's prices is another matter.
    @Test func whatHappensAtADoorIsNotTheDoorsPlace() throws {
        let parked = Self.reading("柳岸社区食堂门口每天早上停满三轮车，人行道都走不了")
        #expect(parked.primarySubMatter == "parking.vehicles", "\(parked)")
        #expect(Self.reading("柳岸社区食堂的饭菜又涨价了，门口贴的价格也不对").primarySubMatter == "school.canteen")
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000221"), .complaint, "柳岸社区食堂的饭菜一顿涨到十五块，老人吃不起", id: "price", at: t0)
        let door = try report(h, .web, Caller(phone: "13700000222"), .complaint, "柳岸社区食堂门口每天早上停满三轮车，人行道都走不了",
                              address: "柳岸社区食堂", id: "door", at: t0 + hours(20))
        #expect(door.clusterId == nil)
    }

    /// A school or hospital named by its generic name alone (`实验小学`, `人民医院`) is every district's: two reports of
    /// it on two different roads are at two places.
    @Test func aGenericInstitutionOnTwoRoadsIsTwo() {
        let a = MatterFeatures(text: "实验小学门口放学时家长的车乱停，把解放路堵死了", requestType: .complaint, location: nil)
        let b = MatterFeatures(text: "学府路实验小学门口家长的车双排停，公交都过不去", requestType: .complaint, location: nil)
        #expect(MatterComparison(a, b, nearMeters: 300, farMeters: 1500).placeConflict?.hasPrefix("different roads") == true)
        let c = MatterFeatures(text: "解放路实验小学门口接孩子的车停得乱七八糟", requestType: .complaint, location: nil)
        #expect(MatterComparison(a, c, nearMeters: 300, farMeters: 1500).placeConflict == nil)
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
        try report(h, .phone, Caller(phone: "13700000301"), .report,
                   "万达广场门口人行道上一层冰，好几个人滑倒了", id: "ice1", at: t0)
        let stalls = try report(h, .phone, Caller(phone: "13700000302"), .complaint,
                                "万达广场门口人行道上全是摆摊的，推婴儿车过不去", id: "stalls", at: t0 + hours(2))
        #expect(stalls.clusterId == nil)
        let ice = try report(h, .sms, Caller(phone: "13700000303"), .complaint,
                             "万达广场前面人行道结冰了没人清，我也摔了", id: "ice2", at: t0 + hours(3))
        #expect(ice.clusterId != nil)
        #expect(try #require(try h.ticket("ice1")).ticket.dedup.clusterId == ice.clusterId)
    }

    /// An estate named after its district's first part (`龙湾里小区` in 龙湾区) is not named by the district's name:
    /// a caller in the estate and one on a road of the district are at two places.
    @Test func anEstateIsNotTheDistrictItsNameBeginsWith() throws {
        #expect(!PlaceNames.mentions(inNormalized: MatchText.normalize("龙湾里小区南门水管破了")).contains("龙湾"))
        #expect(PlaceNames.mentions(inNormalized: MatchText.normalize("龙湾停水了")).contains("龙湾"))
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000401"), .help,
                   "龙湾区解放路地下通道口积水过膝", id: "tunnel", at: t0)
        let estate = try report(h, .phone, Caller(phone: "13700000402"), .help,
                                "龙湾里小区南门积水很深，进不去", id: "estate", at: t0 + hours(1))
        #expect(estate.clusterId == nil)
    }

    /// A proposal (`建议…设个临时停车区`) names a field and a place but reports nothing happening there: no member of a
    /// neighbour's incident. A suggestion that names the problem (`建议清理摊贩`) reports it.
    @Test func aProposalIsNoIncident() throws {
        let h = try StoreHarness()
        try report(h, .web, Caller(phone: "13700000501"), .complaint,
                   "学府路实验小学门口放学的时候摊贩把人行道全占了，接孩子的车也乱停", address: "学府路实验小学", id: "stalls", at: t0)
        let proposal = try report(h, .email, Caller(email: "parent@example.cn"), .suggestion,
                                  "建议学府路实验小学门口设一个上下学临时停车区，方便家长接送", address: "学府路实验小学", id: "proposal", at: t0 + hours(5))
        #expect(proposal.clusterId == nil)
        #expect(try #require(try h.ticket("stalls")).ticket.dedup.clusterId == nil)
        let named = try report(h, .web, Caller(phone: "13700000503"), .suggestion,
                               "建议管一管学府路实验小学门口的摊贩，人行道都走不了", address: "学府路实验小学", id: "named", at: t0 + hours(6))
        #expect(named.clusterId != nil)
    }

    /// A matter named as the time of another (`上回停电修好以后`, `停水过后`) is not what the report is about.
    @Test func aMatterNamedAsTheTimeIsNotTheMatter() {
        #expect(Self.reading("上回停电修好以后，我家电费一个月多了一百").primarySubMatter == "power.bill")
        #expect(Self.reading("停水过后水龙头出来的都是黄水").primarySubMatter == "water.quality")
        #expect(Self.reading("停电了，电费还照样扣").primarySubMatter == "power.outage")
        // Named only as a time, it is still what the report is about when it names nothing else.
        #expect(Self.reading("上次停电以后到现在还没修").primarySubMatter == "power.outage")
    }

    /// An incident is joined only when every member found agrees on what it is mainly about: a report that agrees with
    /// one member by a word both happen to use (a meter box, a meter) but is about another matter than the others
    /// stays out.
    @Test func everyMemberFoundMustAgree() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000601"), .help,
                   "桂园小区5栋停电了，整栋楼都黑着", id: "dark", at: t0)
        let box = try report(h, .sms, Caller(phone: "13700000602"), .help,
                             "桂园小区5栋停电了，一楼电表箱还冒火花", id: "box", at: t0 + minutes(20))
        #expect(box.clusterId != nil)
        let bill = try report(h, .phone, Caller(phone: "13700000603"), .complaint,
                              "桂园小区5栋上回停电修好以后，我家电表走得飞快", id: "bill", at: t0 + hours(18))
        #expect(bill.clusterId == nil)
    }

    /// A neighbour's report after the first caller's case was closed (the main mended) is a new occurrence: it does not
    /// join the finished case's incident; a report while it is open does.
    @Test func aClosedCaseTakesNoNewMember() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000701"), .help,
                   "松柏路菜市场门口水管爆了，水往外冒", id: "burst", at: t0)
        let open = try report(h, .sms, Caller(phone: "13700000702"), .help,
                              "松柏路菜市场门口水管破了，到处是水", id: "second", at: t0 + hours(1))
        #expect(open.clusterId != nil)
        try h.setStatus("burst", "closed")
        try h.setStatus("second", "closed")
        let later = try report(h, .phone, Caller(phone: "13700000703"), .help,
                               "松柏路菜市场门口水管又爆了，水冒得老高", id: "third", at: t0 + hours(20))
        #expect(later.clusterId == nil)
    }

    /// Questions about a procedure (a card replaced, a passport, a child's school place) are each caller's own: two
    /// callers asking about one procedure at one office are two questions, never an incident. A question about
    /// something happening there (`塌方那段什么时候修好`) is about the incident.
    @Test func questionsAboutAProcedureAreNoIncident() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000801"), .consultation,
                   "请问在南山区政务服务中心补办社保卡要带什么材料", address: "南山区政务服务中心", id: "q1", at: t0)
        let second = try report(h, .phone, Caller(phone: "13700000802"), .consultation,
                                "想问一下南山区政务服务中心补办社保卡当天能拿到吗", address: "南山区政务服务中心", id: "q2", at: t0 + hours(1))
        #expect(second.clusterId == nil)
        try report(h, .phone, Caller(phone: "13700000803"), .help,
                   "望湖路翠湖湾门口塌方了，半边路都没了", id: "slide", at: t0 + hours(2))
        let asked = try report(h, .web, Caller(phone: "13700000804"), .consultation,
                               "请问望湖路翠湖湾门口塌方那段什么时候能修好", id: "asked", at: t0 + hours(3))
        #expect(asked.clusterId != nil)
    }

    /// Two short reports at one place share most of their words by its name: nearly the same text says one incident
    /// only when the words beside the place's name are nearly the same.
    @Test func aPlacesNameIsNotTheWordsOfTheMatter() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700000901"), .complaint, "滨海大道上有个坑", id: "hole", at: t0)
        let car = try report(h, .sms, Caller(phone: "13700000902"), .complaint, "滨海大道上有辆车抛锚了", id: "car", at: t0 + hours(1))
        #expect(car.clusterId == nil)
        let again = try report(h, .sms, Caller(phone: "13700000903"), .complaint, "滨海大道上有个坑啊", id: "hole2", at: t0 + hours(2))
        #expect(again.clusterId != nil)
    }

    /// A station's exits are places of their own: A口 and D口 of one station are two, however alike the words.
    @Test func aStationsExitsAreTwoPlaces() throws {
        func exits(_ text: String) -> Set<String> { PlaceStructure.parse(normalized: MatchText.normalize(text)).exits }
        #expect(exits("科技园地铁站A口的电梯坏了") == ["a"])
        #expect(exits("从B出口出来") == ["b"])
        #expect(exits("3号出口扶梯停了") == ["3"] && exits("4号口") == ["4"])
        #expect(exits("喝了一口水，路口，门口，出口处").isEmpty)
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700001001"), .complaint, "科技园地铁站A口电梯坏了", id: "a", at: t0)
        let d = try report(h, .sms, Caller(phone: "13700001002"), .complaint, "科技园地铁站D口扶梯停了", id: "d", at: t0 + hours(1))
        #expect(d.clusterId == nil)
        let a2 = try report(h, .sms, Caller(phone: "13700001003"), .complaint, "科技园地铁站A口的电梯不动了", id: "a2", at: t0 + hours(2))
        #expect(a2.clusterId != nil)
    }

    /// Smoke from a grill and smoke from a hotpot restaurant at one estate are two sources, two incidents; a grill
    /// called by another word (烤串) is the same source.
    @Test func twoSourcesOfOneNuisanceAreTwoIncidents() throws {
        #expect(Self.reading("楼下撸串的摊子烟太大").trades == ["grill"])
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700001101"), .complaint, "锦绣花园楼下那家烧烤店油烟太大，窗户都不敢开", id: "grill", at: t0)
        let hotpot = try report(h, .sms, Caller(phone: "13700001102"), .complaint,
                                "锦绣花园隔壁那家火锅店排烟对着我们窗户，熏得受不了", id: "hotpot", at: t0 + hours(1))
        #expect(hotpot.clusterId == nil)
        let skewers = try report(h, .sms, Caller(phone: "13700001103"), .complaint,
                                 "锦绣花园楼下烤串的油烟太大了，天天熏", id: "skewers", at: t0 + hours(2))
        #expect(skewers.clusterId != nil)
        #expect(try #require(try h.ticket("grill")).ticket.dedup.clusterId == skewers.clusterId)
    }

    /// A place's gates are spots of their own: stalls at an estate's south gate and at its north gate, or a park's
    /// toilets by two gates, are two incidents.
    @Test func twoGatesOfOnePlaceAreTwoSpots() throws {
        func gates(_ text: String) -> Set<String> { PlaceStructure.parse(normalized: MatchText.normalize(text)).gates }
        #expect(gates("金地花园南门有人摆摊") == ["南"] && gates("东大门外") == ["东"] && gates("3号门进去") == ["3"])
        #expect(gates("小区大门口，校门外，门口").isEmpty)
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700001201"), .complaint, "金地花园南门每天晚上有人摆摊，占了半条路", id: "south", at: t0)
        let north = try report(h, .sms, Caller(phone: "13700001202"), .complaint, "金地花园北门每天晚上有人摆摊", id: "north", at: t0 + hours(1))
        #expect(north.clusterId == nil)
        let south2 = try report(h, .sms, Caller(phone: "13700001203"), .complaint, "金地花园南门晚上摆摊的太多了", id: "south2", at: t0 + hours(2))
        #expect(south2.clusterId != nil)
    }

    /// A long road is not one spot: two reports on it that each name a different thing right there (a school's gate /
    /// the market's) are at two spots; the market called by a shorter name is the same spot.
    @Test func twoSpotsOnOneRoadAreTwoPlaces() throws {
        let h = try StoreHarness()
        try report(h, .phone, Caller(phone: "13700001301"), .complaint, "青年路第一小学门口有个大坑，车过去直颠", id: "school", at: t0)
        let market = try report(h, .sms, Caller(phone: "13700001302"), .complaint, "青年路菜市场门口路面有个大坑", id: "market", at: t0 + hours(1))
        #expect(market.clusterId == nil)
        let again = try report(h, .sms, Caller(phone: "13700001303"), .complaint, "青年路菜场门口那个大坑还在，轮胎都颠坏了",
                               id: "market2", at: t0 + hours(2))
        #expect(again.clusterId != nil)
        #expect(try #require(try h.ticket("market")).ticket.dedup.clusterId == again.clusterId)
    }
}
